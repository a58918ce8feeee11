"""The network's API, read-only: the caller's own reflections (nobody else's, ever) and the
case studies the caller may read. Mounted at /training/network/api/."""

from django.http import JsonResponse
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound

from . import selectors
from .models import CaseStudyPage, Reflection

MAX_ID = 2**63 - 1  # the largest id either database stores


class ReflectionSerializer(serializers.ModelSerializer):
    shared = serializers.BooleanField(read_only=True)
    checklist_item = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Reflection
        fields = ["id", "written_on", "title", "body", "session", "checklist_item", "shared"]


class CaseStudySerializer(serializers.ModelSerializer):
    url = serializers.CharField(read_only=True)
    checklist_items = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = CaseStudyPage
        fields = [
            "id",
            "title",
            "url",
            "school_name",
            "phase",
            "theme",
            "audience",
            "context",
            "what_we_did",
            "impact",
            "learned",
            "contact",
            "checklist_items",
            "first_published_at",
        ]


class ReflectionViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own reflection log, newest first."""

    serializer_class = ReflectionSerializer

    def get_queryset(self):
        return selectors.reflections_for_author(self.request.user).order_by("-written_on", "-pk")


class CaseStudyViewSet(viewsets.ReadOnlyModelViewSet):
    """Published case studies the caller may read (members also read members-only ones)."""

    serializer_class = CaseStudySerializer

    def get_queryset(self):
        return (
            selectors.readable_case_studies(self.request.user)
            .prefetch_related("checklist_items")
            .order_by("-first_published_at", "-pk")
        )

    def get_object(self):
        # A case study's id is its Wagtail page's (a one-to-one key), whose lookups Django does
        # not range-check: an id beyond what the database stores would reach SQLite and fail.
        pk = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        if pk.isdigit() and int(pk) > MAX_ID:
            raise NotFound
        return super().get_object()


def not_found(request, path=""):
    return JsonResponse({"detail": "Not found."}, status=404)
