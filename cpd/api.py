"""The CPD API at /training/api/: programmes with their modules, sessions with the places left,
and completion by organisation (counts of people through publish_counts, as on the report).
Read-only, scoped by the selectors: a learner sees the programmes they are on, a coordinator
their organisation's figures, the programme lead every organisation. No names of people."""

from django.http import Http404, JsonResponse
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import reports, selectors
from .models import Module


class ModuleSerializer(serializers.ModelSerializer):
    prerequisites = serializers.SerializerMethodField()

    class Meta:
        model = Module
        fields = [
            "id",
            "programme",
            "title",
            "kind",
            "duration_minutes",
            "order",
            "required",
            "managers_only",
            "weeks_after_prerequisites",
            "prerequisites",
        ]

    def get_prerequisites(self, module) -> list[int]:
        return sorted(p.pk for p in module.prerequisites.all())


class PhaseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()


class ProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    target_learners = serializers.IntegerField()
    phases = PhaseSerializer(many=True)
    modules = serializers.SerializerMethodField()

    def get_modules(self, programme) -> list[int]:
        return [m.pk for m in programme.modules.all()]


class SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    module = serializers.IntegerField(source="module_id")
    programme = serializers.IntegerField(source="module.programme_id")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    where = serializers.CharField()
    online = serializers.SerializerMethodField()
    status = serializers.CharField()
    capacity = serializers.IntegerField()
    places_left = serializers.IntegerField()

    def get_online(self, session) -> bool:
        return bool(session.online_url)


@extend_schema_field(
    {"oneOf": [{"type": "integer", "minimum": 0}, {"type": "string", "enum": ["c"]}]}
)
class CountField(serializers.Field):
    """A published count: a whole number, or a symbol ("c") where it is not shown."""

    def to_representation(self, value):
        return value


class CompletionRowSerializer(serializers.Serializer):
    organisation = serializers.CharField()
    places = serializers.IntegerField(allow_null=True)
    enrolled = CountField(help_text='A rounded count, or "c" for a small one.')
    completed = CountField(help_text='A rounded count, or "c" for a small one.')
    not_yet_completed = CountField(help_text='A rounded count, or "c" for a small one.')


class PhaseCompletionSerializer(serializers.Serializer):
    phase = serializers.CharField()
    rows = CompletionRowSerializer(many=True)


class CompletionSerializer(serializers.Serializer):
    programme = serializers.CharField()
    target_learners = serializers.IntegerField()
    per_month_needed = serializers.IntegerField(allow_null=True)
    forecast_at_current_rate = serializers.IntegerField(
        allow_null=True, help_text="Completed by the programme's end at the rate so far."
    )
    phases = PhaseCompletionSerializer(many=True)
    departments = CompletionRowSerializer(many=True)


def _rows(table, allocations=None) -> list[dict]:
    from schools_platform.disclosure import TOTAL

    return [
        {
            "organisation": "Total" if label == TOTAL else label,
            "places": (allocations or {}).get(label),
            "enrolled": table.cell(label, TOTAL).value,
            "completed": table.cell(label, reports.COMPLETED).value,
            "not_yet_completed": table.cell(label, reports.NOT_YET).value,
        }
        for label in [*table.row_labels, TOTAL]
    ]


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    """Programmes the caller runs, coordinates staff for, or is enrolled on."""

    serializer_class = ProgrammeSerializer

    def get_queryset(self):
        return (
            selectors.programmes_for_user(self.request.user)
            .prefetch_related("phases", "modules")
            .order_by("starts_on", "pk")
        )

    @extend_schema(responses={200: CompletionSerializer})
    @action(detail=True, pagination_class=None, serializer_class=CompletionSerializer)
    def completion(self, request, pk=None):
        """Completion by phase and organisation, and by department: counts of people rounded,
        small ones shown as "c" (disclosure control). Coordinators and the lead only."""
        if not selectors.coordinates_any(request.user):
            raise Http404("No report found")
        programme = self.get_object()
        report = reports.completion_report(request.user, programme)
        data = {
            "programme": programme.title,
            "target_learners": programme.target_learners,
            "per_month_needed": report["forecast"].per_month_needed,
            "forecast_at_current_rate": report["forecast"].forecast_at_end,
            "phases": [
                {"phase": pr.phase.name, "rows": _rows(pr.table, pr.allocations)}
                for pr in report["phases"]
            ],
            "departments": _rows(report["departments"]) if report["departments"] else [],
        }
        return Response(CompletionSerializer(data).data)


class ModuleViewSet(viewsets.ReadOnlyModelViewSet):
    """Modules of the programmes the caller may see, with their prerequisites' ids."""

    serializer_class = ModuleSerializer

    def get_queryset(self):
        return (
            Module.objects.filter(
                programme__in=selectors.programmes_for_user(self.request.user).values("pk")
            )
            .prefetch_related("prerequisites")
            .order_by("programme_id", "order", "pk")
        )


class SessionViewSet(viewsets.ReadOnlyModelViewSet):
    """Sessions from today on, of the programmes the caller may see, with the places left."""

    serializer_class = SessionSerializer

    def get_queryset(self):
        return selectors.sessions_with_places(
            self.request.user, since=timezone.now().replace(hour=0, minute=0, second=0)
        )


class EnrolmentSerializer(serializers.Serializer):
    """One person's enrolment, known by their employer's key (organisation and employee
    number, as in the HR export), never by name."""

    id = serializers.IntegerField()
    programme = serializers.IntegerField(source="programme_id")
    phase = serializers.IntegerField(source="phase_id")
    organisation = serializers.CharField(source="organisation.name")
    employee_number = serializers.CharField(source="learner.employee_number")
    status = serializers.CharField()
    created_at = serializers.DateTimeField()


class CompletionRecordSerializer(serializers.Serializer):
    """One person's completion of a module, known by their employer's key, never by name
    (the verification code stays on the certificate)."""

    id = serializers.IntegerField()
    module = serializers.IntegerField(source="module_id")
    programme = serializers.IntegerField(source="module.programme_id")
    organisation = serializers.CharField(source="learner.organisation.name")
    employee_number = serializers.CharField(source="learner.employee_number")
    completed_on = serializers.DateField()
    source = serializers.CharField()


class EnrolmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Enrolments the caller may see: their own; a coordinator's organisation's; all for the
    programme lead."""

    serializer_class = EnrolmentSerializer

    def get_queryset(self):
        return selectors.enrolments_for_user(self.request.user).order_by("pk")


class CompletionViewSet(viewsets.ReadOnlyModelViewSet):
    """Completions the caller may see, scoped like the enrolments."""

    serializer_class = CompletionRecordSerializer

    def get_queryset(self):
        return selectors.completions_for_user(self.request.user).order_by("pk")


def not_found(request, path=""):
    """Any other URL under /training/api/ answers in JSON, like the API."""
    return JsonResponse({"detail": "Not found."}, status=404)
