"""The recruitment API at /governors/recruitment/api/: read-only, scoped by the module's
selectors, paginated; report figures only as published by ``disclosure.publish_counts``.

- ``listings/``: the open public vacancies (what the public page shows);
- ``applications/``: the applications the caller may move (officers all, a board's managers
  their board's), no equality answer and no contact details;
- ``funnel/`` and ``sources/``: the funnel by ethnic group and by outreach source, for
  holders of ``governor_recruitment.view_recruitment_report``, as rows of published cells.
"""

import re

from django.http import JsonResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors, services
from .models import Application


class ListingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    category = serializers.CharField()
    description = serializers.CharField()
    skills_sought = serializers.ListField(child=serializers.CharField())
    meeting_times = serializers.ListField(child=serializers.CharField())
    closes_on = serializers.DateField(allow_null=True)
    school_urns = serializers.SerializerMethodField()

    def get_school_urns(self, listing) -> list[int]:
        return [school.urn for school in selectors.schools_of(listing)]


class ApplicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Application
        fields = [
            "id",
            "reference",
            "listing",
            "campaign",
            "stage",
            "applied_on",
            "stage_changed_on",
        ]


class ListingViewSet(viewsets.ReadOnlyModelViewSet):
    """Open published governor vacancies, newest first."""

    serializer_class = ListingSerializer

    def get_queryset(self):
        return selectors.public_listings()


class ApplicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Governor applications the caller may see and move, newest first."""

    serializer_class = ApplicationSerializer

    def get_queryset(self):
        return selectors.applications_for_user(self.request.user).order_by("-applied_on", "-pk")


class CellSerializer(serializers.Serializer):
    row = serializers.CharField()
    column = serializers.CharField()
    measure = serializers.ChoiceField(choices=["count", "percent", "median_days"])
    value = serializers.CharField(help_text="A published figure, or a symbol: c, u, x.")


class ReportSerializer(serializers.Serializer):
    report = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    rows = CellSerializer(many=True)


class TrendCellSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    row = serializers.CharField()
    column = serializers.CharField()
    measure = serializers.ChoiceField(choices=["count", "percent"])
    value = serializers.CharField(help_text="A published count or share, or a symbol (c, u, x)")


class TrendSerializer(serializers.Serializer):
    report = serializers.CharField()
    years = serializers.ListField(child=serializers.IntegerField())
    rows = TrendCellSerializer(many=True)


class CanSeeReports(permissions.BasePermission):
    def has_permission(self, request, view):
        return request.user.has_perm(services.REPORT_PERMISSION)


YEARS = (2000, 2100)
YEAR = OpenApiParameter(
    "year",
    {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[1]},
    description="Year the applications were made.",
    required=False,
)
BAD_YEAR = OpenApiResponse(
    description="The year is not a whole number from 2000 to 2100.",
    response={"type": "object", "properties": {"errors": {"type": "object"}}},
)


def _year(params):
    """(year or None, error or None)."""
    if "year" not in params:
        return None, None
    text = params["year"]
    if not re.fullmatch(r"[0-9]{1,4}", text) or not YEARS[0] <= int(text) <= YEARS[1]:
        return None, "Give the year as a whole number from 2000 to 2100."
    return int(text), None


def _cell_rows(table, rows, columns) -> list[dict]:
    out = []
    for row in rows:
        for column in columns:
            cell = table.cell(row, column)
            label = "Total" if row == "total" else str(row)
            out.append({"row": label, "column": column, "measure": "count", "value": cell.text})
            if row != "total" and (cell.percent is not None or cell.percent_symbol):
                out.append(
                    {
                        "row": label,
                        "column": column,
                        "measure": "percent",
                        "value": cell.percent_text,
                    }
                )
    return out


class FunnelAPIView(APIView):
    permission_classes = [permissions.IsAuthenticated, CanSeeReports]

    @extend_schema(
        parameters=[YEAR],
        responses={200: ReportSerializer, 400: BAD_YEAR},
        description="People who applied in the year (the latest if none is given) and how far "
        "they got, by high-level ethnic group; every count through disclosure control.",
    )
    def get(self, request):
        year, error = _year(request.query_params)
        if error:
            return Response({"errors": {"year": [error]}}, status=400)
        if year is None:
            years = selectors.application_years()
            year = years[0] if years else None
        rows = []
        if year is not None:
            table = selectors.funnel_by_group(year=year)
            rows = _cell_rows(table, [*table.row_labels, "total"], list(table.column_labels))
        return Response({"report": "funnel", "year": year, "rows": rows})


class SourcesAPIView(APIView):
    permission_classes = [permissions.IsAuthenticated, CanSeeReports]

    @extend_schema(
        parameters=[YEAR],
        responses={200: ReportSerializer, 400: BAD_YEAR},
        description="Per campaign and 'where did you hear' answer: applicants, appointed, both "
        "from under-represented groups, conversion and median days to appointment.",
    )
    def get(self, request):
        year, error = _year(request.query_params)
        if error:
            return Response({"errors": {"year": [error]}}, status=400)
        lines, totals, _years = selectors.cached_source_report(year=year)
        rows = []
        for line in lines:
            for column, cell in zip(selectors.SOURCE_COLUMNS, line.cells, strict=True):
                rows.append(
                    {"row": line.source, "column": column, "measure": "count", "value": cell.text}
                )
            rows.append(
                {
                    "row": line.source,
                    "column": "Appointed of applicants",
                    "measure": "percent",
                    "value": line.conversion,
                }
            )
            rows.append(
                {
                    "row": line.source,
                    "column": "Median days to appointment",
                    "measure": "median_days",
                    "value": line.median_days,
                }
            )
        for column, cell in zip(selectors.SOURCE_COLUMNS, totals, strict=True):
            rows.append({"row": "Total", "column": column, "measure": "count", "value": cell.text})
        return Response({"report": "sources", "year": year, "rows": rows})


def _trend_row(year, row, column, measure, value) -> dict:
    return {"year": year, "row": row, "column": column, "measure": measure, "value": value}


class FunnelTrendAPIView(APIView):
    permission_classes = [permissions.IsAuthenticated, CanSeeReports]

    @extend_schema(
        responses={200: TrendSerializer},
        description="For the latest five years of application: each high-level ethnic group's "
        "count and share of the people who applied and who were appointed; each year's cells "
        "are that year's funnel, through disclosure control.",
    )
    def get(self, request):
        years = sorted(selectors.application_years())[-selectors.TREND_YEARS :]
        trend = selectors.funnel_trend(
            years=years, tables=selectors.cached_funnel_by_year(years=years)
        )
        rows = []
        for stage in trend.stages if trend else ():
            for year, total in zip(trend.years, trend.totals(stage), strict=True):
                for group in trend.groups:
                    cell = trend.cell(year, group, stage)
                    rows.append(_trend_row(year, group, stage, "count", cell.text))
                    rows.append(
                        _trend_row(year, group, f"{stage}: share", "percent", cell.percent_text)
                    )
                rows.append(_trend_row(year, "Total", stage, "count", total.text))
        return Response(
            {"report": "funnel-trend", "years": trend.years if trend else [], "rows": rows}
        )


class SourcesTrendAPIView(APIView):
    permission_classes = [permissions.IsAuthenticated, CanSeeReports]

    @extend_schema(
        responses={200: TrendSerializer},
        description="For the latest five years of application: each source's applicants and "
        "the percentage of them appointed; each year's cells are that year's source report.",
    )
    def get(self, request):
        trend = selectors.cached_source_trend()
        rows = []
        for source in trend.sources if trend else ():
            for year, line in zip(trend.years, trend.row(source), strict=True):
                rows.append(_trend_row(year, source, "Applicants", "count", line.cells[0].text))
                rows.append(
                    _trend_row(year, source, "Appointed of applicants", "percent", line.conversion)
                )
        return Response(
            {"report": "sources-trend", "years": trend.years if trend else [], "rows": rows}
        )


def not_found(request, path=""):
    return JsonResponse({"detail": "Not found."}, status=404)
