"""The evaluation API: the impact report's figures as flat rows (exports.records), aggregate
only and published like the page. Read-only; a programme the caller may not read answers 404,
as a missing one does."""

from django.http import JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination

from . import exports, reports, selectors


class CanReadImpact(permissions.BasePermission):
    def has_permission(self, request, view):
        return selectors.can_read_impact(request.user)


class Pages(PageNumberPagination):
    page_size = 200
    page_size_query_param = "page_size"
    max_page_size = 1000


class EvaluatedProgrammeSerializer(serializers.Serializer):
    slug = serializers.CharField(source="programme.slug")
    title = serializers.CharField(source="programme.title")
    starts_on = serializers.DateField(source="programme.starts_on")
    ends_on = serializers.DateField(source="programme.ends_on")
    follow_up_weeks = serializers.IntegerField()


class FigureSerializer(serializers.Serializer):
    section = serializers.CharField()
    line = serializers.CharField()
    group = serializers.CharField()
    column = serializers.CharField()
    measure = serializers.CharField()
    value = serializers.JSONField(help_text="A number, or a symbol such as 'c' (suppressed).")


class ProgrammeList(ListAPIView):
    """Programmes with an evaluation that the caller may read."""

    permission_classes = [permissions.IsAuthenticated, CanReadImpact]
    serializer_class = EvaluatedProgrammeSerializer
    pagination_class = Pages

    def get_queryset(self):
        return selectors.plans_for_user(self.request.user)


class Figures(ListAPIView):
    """The impact report of one programme as rows (section, line, group, column, measure,
    value): lead measures, paired changes with intervals, relative likelihoods."""

    permission_classes = [permissions.IsAuthenticated, CanReadImpact]
    serializer_class = FigureSerializer
    pagination_class = Pages

    def get_queryset(self):
        plan = selectors.get_plan_for_user(self.request.user, slug=self.kwargs["slug"])
        report = reports.impact_report(self.request.user, plan)
        return [dict(zip(exports.HEADERS, row, strict=True)) for row in exports.records(report)]

    @extend_schema(
        responses={200: FigureSerializer(many=True), 404: OpenApiResponse(OpenApiTypes.OBJECT)}
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def not_found(request, path=""):
    return JsonResponse({"detail": "Not found."}, status=404)
