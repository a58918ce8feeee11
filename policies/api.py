"""The policies API: checklist frameworks, their versions and items; a school's reviews (its
own for its people, the assigned ones for a reviewer, all for the officer who assigns them);
the authority's gap analysis and completion table for reviewers. Read-only, scoped by the
module's selectors, paginated; another school's review answers 404 as a missing one does.

The gap analysis and the completion table count schools (public bodies), their reviews and
their self-ratings, never people, so disclosure control does not apply
(docs/modules/policies.md)."""

from django.db.models import Q
from django.http import Http404, JsonResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets

from . import selectors
from .models import Framework, FrameworkVersion, Item, Review


class ItemSerializer(serializers.ModelSerializer):
    section = serializers.CharField(source="section.code", read_only=True)
    section_title = serializers.CharField(source="section.title", read_only=True)
    version = serializers.IntegerField(source="section.version_id", read_only=True)

    class Meta:
        model = Item
        fields = [
            "id",
            "version",
            "section",
            "section_title",
            "code",
            "statement",
            "guidance",
            "evidence_sought",
            "basis",
            "source",
        ]


class VersionSerializer(serializers.ModelSerializer):
    framework_name = serializers.CharField(source="framework.name", read_only=True)

    class Meta:
        model = FrameworkVersion
        fields = ["id", "framework", "framework_name", "number", "status", "notes", "published_at"]


class FrameworkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Framework
        fields = ["id", "name", "description"]


class ReviewSerializer(serializers.ModelSerializer):
    school_urn = serializers.IntegerField(source="school.urn", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "school_urn",
            "school_name",
            "version",
            "kind",
            "status",
            "round",
            "started_at",
            "submitted_at",
            "decided_at",
            "next_review_on",
        ]


class GapRowSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    section = serializers.CharField()
    code = serializers.CharField()
    statement = serializers.CharField()
    basis = serializers.CharField()
    schools_answering = serializers.IntegerField()
    schools_with_gap = serializers.IntegerField()
    not_started = serializers.IntegerField()
    developing = serializers.IntegerField()
    share_with_gap = serializers.IntegerField(help_text="Per cent of the schools answering.")


_visible_versions = selectors.versions_for_user

BAD_VERSION = OpenApiResponse(description="`version` is not a whole number from 1 to 2**63 - 1.")
MAX_ID = 2**63 - 1  # the largest id the databases store; anything above is no version
VERSION_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def _version_param(request) -> int | None:
    raw = request.query_params.get("version", "")
    if raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not 1 <= value <= MAX_ID:
        raise serializers.ValidationError({"version": ["Give a version's id, a whole number."]})
    return value


def _published_version(request) -> FrameworkVersion:
    """The published version asked for by ``version`` (404 if none), else the newest."""
    versions = list(selectors.published_versions().order_by("-published_at", "-pk"))
    chosen = _version_param(request)
    version = next((v for v in versions if v.pk == chosen), None)
    if version is None and (chosen is not None or not versions):
        raise Http404
    return version or versions[0]


class FrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    """Checklist frameworks that have a version the caller may see."""

    serializer_class = FrameworkSerializer

    def get_queryset(self):
        ids = _visible_versions(self.request.user).values("framework_id")
        return Framework.objects.filter(pk__in=ids).order_by("name", "pk")


class VersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Framework versions: published ones, and drafts for the officers who edit them."""

    serializer_class = VersionSerializer

    def get_queryset(self):
        return _visible_versions(self.request.user).order_by("framework__name", "-number", "pk")


class ItemViewSet(viewsets.ReadOnlyModelViewSet):
    """Checklist items of the versions the caller may see, in checklist order."""

    serializer_class = ItemSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("version", VERSION_SCHEMA, description="Only this version's items.")
        ],
        responses={200: ItemSerializer(many=True), 400: BAD_VERSION},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        items = Item.objects.filter(
            section__version__in=_visible_versions(self.request.user).values("pk")
        ).select_related("section")
        if self.action == "list":
            version = _version_param(self.request)
            if version is not None:
                items = items.filter(section__version_id=version)
        return items.order_by(
            "section__version_id", "section__order", "section__code", "order", "code", "pk"
        )


class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    """Policy reviews: the caller's schools', or those they review."""

    serializer_class = ReviewSerializer

    def get_queryset(self):
        user = self.request.user
        return (
            Review.objects.filter(
                Q(pk__in=selectors.reviews_for_user(user).values("pk"))
                | Q(pk__in=selectors.reviews_for_reviewer(user).values("pk"))
            )
            .select_related("school")
            .order_by("-started_at", "-pk")
        )


class GapViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """For each item of a published version (the newest if none is given), how many schools
    rated it not started or developing in their latest submitted review. Reviewers only."""

    serializer_class = GapRowSerializer

    def get_queryset(self):
        return Review.objects.none()  # rows are built by selectors.gap_analysis

    @extend_schema(
        parameters=[
            OpenApiParameter("version", VERSION_SCHEMA, description="A published version's id.")
        ],
        responses={200: GapRowSerializer(many=True), 400: BAD_VERSION, 404: None},
    )
    def list(self, request, *args, **kwargs):
        user = request.user
        if not user.has_perm("policies.review_policy"):
            raise Http404
        version = _published_version(request)
        result = selectors.gap_analysis(user, version=version)
        rows = [
            {
                "item": r["item"].pk,
                "section": r["item"].section.code,
                "code": r["item"].code,
                "statement": r["item"].statement,
                "basis": r["item"].basis,
                "schools_answering": r["schools"],
                "schools_with_gap": r["gaps"],
                "not_started": r["not_started"],
                "developing": r["developing"],
                "share_with_gap": r["share"],
            }
            for r in result["rows"]
        ]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(GapRowSerializer(page, many=True).data)


class ReviewCompletionRowSerializer(serializers.Serializer):
    group = serializers.CharField(
        help_text="The council's id, the phase, the area or the school's URN ('' if none)."
    )
    label = serializers.CharField()
    schools = serializers.IntegerField(help_text="Open schools in the group.")
    schools_with_no_review = serializers.IntegerField()
    reviews_started = serializers.IntegerField()
    reviews_submitted = serializers.IntegerField(help_text="Submitted at least once.")
    reviews_approved = serializers.IntegerField()
    reviews_overdue = serializers.IntegerField(
        help_text="Approved, with the next review date passed."
    )


BY_SCHEMA = {"type": "string", "enum": list(selectors.COMPLETION_GROUPS)}


class CompletionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Completion of a published version (the newest if none is given) by council, phase,
    area or school: schools, schools with no review, reviews started, submitted, approved and
    overdue, of the open schools the caller sees. Reviewers only; counts of schools and their
    reviews, not of people."""

    serializer_class = ReviewCompletionRowSerializer

    def get_queryset(self):
        return Review.objects.none()  # rows are built by selectors.completion

    @extend_schema(
        parameters=[
            OpenApiParameter("version", VERSION_SCHEMA, description="A published version's id."),
            OpenApiParameter("by", BY_SCHEMA, description="Group by (default council)."),
            OpenApiParameter("council", VERSION_SCHEMA, description="Only this council's id."),
            OpenApiParameter("phase", str, description="Only this phase."),
            OpenApiParameter("area", str, description="Only this area."),
        ],
        responses={200: ReviewCompletionRowSerializer(many=True), 400: BAD_VERSION, 404: None},
    )
    def list(self, request, *args, **kwargs):
        from django.utils import timezone

        user = request.user
        if not user.has_perm("policies.review_policy"):
            raise Http404
        version = _published_version(request)
        by = request.query_params.get("by", "council")
        if by not in selectors.COMPLETION_GROUPS:
            raise serializers.ValidationError(
                {"by": [f"Give one of {', '.join(selectors.COMPLETION_GROUPS)}."]}
            )
        council = request.query_params.get("council", "")
        council_id = None
        if council:
            try:
                council_id = int(council)
            except ValueError:
                council_id = 0
            if not 1 <= council_id <= MAX_ID:
                raise serializers.ValidationError({"council": ["Give a council's id."]})
        result = selectors.completion(
            user,
            version=version,
            today=timezone.localdate(),
            by=by,
            council=council_id,
            phase=request.query_params.get("phase") or None,
            area=request.query_params.get("area") or None,
        )
        rows = [
            {
                "group": r["key"],
                "label": r["label"],
                "schools": r["schools"],
                "schools_with_no_review": r["none"],
                "reviews_started": r["started"],
                "reviews_submitted": r["submitted"],
                "reviews_approved": r["approved"],
                "reviews_overdue": r["overdue"],
            }
            for r in result["rows"]
        ]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ReviewCompletionRowSerializer(page, many=True).data)


def not_found(request, path=""):
    """Any other URL under /policies/api/ answers in JSON, not with the HTML 404 page."""
    return JsonResponse({"detail": "Not found."}, status=404)
