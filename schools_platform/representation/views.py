"""Representation report pages, downloads and API: thin wrappers around services.

Only people with equality.view_reports (council officers, the data steward, race equalities
officers) see them; anyone else signed in gets 403, anyone signed out the sign-in page.
"""

import re
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from schools_platform.core.downloads import CONTENT_TYPES, attachment_response
from schools_platform.disclosure import methodology_note, symbol_key

from . import charts, exports, presenters, services
from .forms import ReportFilterForm
from .reports import RepresentationReport
from .selectors import Scope

REPORT_PERMISSION = "equality.view_reports"


def _check(user):
    if not user.has_perm(REPORT_PERMISSION):
        raise PermissionDenied("You do not have access to representation reports.")


def _resolve(request) -> tuple[ReportFilterForm, RepresentationReport | None]:
    options = services.report_options(request.user)
    form = ReportFilterForm(request.GET, options=options)
    if not options.groups or not form.is_valid():
        return form, None
    data = form.cleaned_data
    report = services.representation_report(
        user=request.user,
        group=data["group"],
        year=data["year"],
        scope=Scope.parse(data["scope"]),
        options=options,
    )
    return form, report


@login_required
def report(request):
    _check(request.user)
    form, result = _resolve(request)
    context = {
        "page_title": "Representation",
        "form": form,
        "report": result,
        # The chosen (or default) filters, so downloads match the page exactly.
        "query": urlencode(form.data),
        "symbols": symbol_key(),
    }
    if result is not None and not result.is_empty:
        # The figures depend on the report alone (and the query, for the download links):
        # rendered once and cached with the report, so they go stale exactly when it does.
        context["report_body"] = mark_safe(  # noqa: S308 - our own template's output
            services.cached_fragment(
                result,
                f"page:{context['query']}",
                lambda: render_to_string(
                    "representation/includes/report_body.html", _body_context(result, context)
                ),
            )
        )
    return render(request, "representation/report.html", context)


def _body_context(result: RepresentationReport, context: dict) -> dict:
    return {
        "report": result,
        "query": context["query"],
        "symbols": context["symbols"],
        "report_tables": presenters.report_tables(result),
        "share_chart": charts.share_chart(result),
        "trend_chart": charts.trend_chart(result),
        "methodology": methodology_note(result.policy),
    }


@login_required
def export(request, fmt: str):
    _check(request.user)
    form, result = _resolve(request)
    if result is None:
        return HttpResponseBadRequest("Choose a group, year and schools that have a report.")
    content = services.export_report(actor=request.user, report=result, fmt=fmt)
    name = f"representation-{result.group}-{result.year}-{result.scope.token.replace(':', '-')}"
    return attachment_response(content, f"{name}.{fmt}", CONTENT_TYPES[fmt])


class CanViewReports(permissions.BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.has_perm(REPORT_PERMISSION))


# The API's year: a whole number in this range (the schema says so); a well-formed year with
# no figures answers 404, like any report the caller cannot have.
API_YEARS = (1900, 2100)


def _year_error(query) -> str | None:
    if "year" not in query:
        return None
    value = query["year"]
    if not re.fullmatch(r"[0-9]{1,4}", value) or not API_YEARS[0] <= int(value) <= API_YEARS[1]:
        return f"Enter the year as a whole number from {API_YEARS[0]} to {API_YEARS[1]}."
    return None


class ReportAPIView(APIView):
    """The published report as JSON (the same rows as the CSV), with the methodology.

    A malformed year answers 400; a group, year or scope with no report the caller may see
    answers 404. An absent (or empty) group or scope means the default: governors, all schools.
    """

    permission_classes = [permissions.IsAuthenticated, CanViewReports]

    @extend_schema(
        summary="Representation report (disclosure-controlled)",
        parameters=[
            OpenApiParameter("group", str, description="Monitored group, e.g. governors"),
            OpenApiParameter(
                "year",
                {"type": "integer", "minimum": API_YEARS[0], "maximum": API_YEARS[1]},
                description="Year of the figures; absent means the latest",
            ),
            OpenApiParameter(
                "scope", str, description="all, council:<LA code>, phase:<phase> or area:<area>"
            ),
        ],
        responses={
            200: OpenApiTypes.OBJECT,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="The year is malformed."),
            404: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="No report for that group, year and scope among the caller's schools.",
            ),
        },
    )
    def get(self, request):
        if error := _year_error(request.query_params):
            return Response({"errors": {"year": [error]}}, status=400)
        form, result = _resolve(request)
        if result is None:
            return Response(
                {
                    "detail": "No report for that group, year and scope.",
                    "errors": form.errors.get_json_data(),
                },
                status=404,
            )
        return Response(exports.to_json(result))
