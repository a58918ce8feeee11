"""Survey and impact report pages. Thin: reads from selectors and reports (aggregates only),
writes through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from schools_platform.core.downloads import xlsx_response
from schools_platform.core.forms import error_summary_items
from schools_platform.equality.forms import EqualityMonitoringForm, privacy_hint_for

from . import charts, exports, reports, selectors, services
from .forms import SurveyForm, set_up_form


@never_cache
@login_required
def my_surveys(request):
    return render(
        request,
        "cpd_evaluation/my_surveys.html",
        {
            "page_title": "Your training surveys",
            "surveys": selectors.open_surveys_for(request.user, today=timezone.localdate()),
        },
    )


@never_cache
@login_required
def answer(request, pk: int):
    survey = selectors.get_open_survey_for(request.user, pk=pk, today=timezone.localdate())
    data = request.POST if request.method == "POST" else None
    form = SurveyForm(data)
    monitoring = EqualityMonitoringForm(
        data, prefix="equality", privacy_hint=privacy_hint_for(services.EQUALITY_PURPOSE)
    )
    if request.method == "POST" and form.is_valid() and monitoring.is_valid():
        kwargs = monitoring.service_kwargs()
        try:
            services.submit_response(
                actor=request.user,
                survey=survey,
                answers=form.answers(),
                comment=form.cleaned_data["comment"],
                monitoring=kwargs if any(kwargs["answers"].values()) else None,
            )
        except PermissionDenied:
            raise Http404("No survey found") from None
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, "Thank you: your answers are recorded.")
            return redirect("cpd_evaluation:surveys")
    title = f"{survey.plan.programme.title}: {survey.get_wave_display().lower()}"
    items = error_summary_items(form, monitoring)
    return render(
        request,
        "cpd_evaluation/answer.html",
        {
            "page_title": f"Error: {title}" if items else title,
            "error_items": items,
            "survey": survey,
            "form": form,
            "monitoring": monitoring,
        },
    )


@never_cache
@login_required
def impact_index(request):
    if not selectors.can_read_impact(request.user):
        raise Http404("No evaluation found")
    programmes = list(selectors.programmes_without_evaluation(request.user))
    form = set_up_form(programmes)(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.set_up_evaluation(
                actor=request.user,
                programme=form.programmes[form.cleaned_data["programme"]],
                follow_up_weeks=form.cleaned_data["follow_up_weeks"],
            )
        except PermissionDenied:
            raise Http404("No evaluation found") from None
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, "The evaluation is set up: three surveys are scheduled.")
            return redirect("cpd_evaluation:impact", slug=plan.programme.slug)
    title = "Impact of training"
    return render(
        request,
        "cpd_evaluation/impact_index.html",
        {
            "page_title": f"Error: {title}" if form.errors else title,
            "plans": selectors.plans_for_user(request.user),
            "form": form,
            "programmes": programmes,
        },
    )


@never_cache
@login_required
def impact_report(request, slug: str):
    plan = selectors.get_plan_for_user(request.user, slug=slug)
    report = reports.impact_report(request.user, plan)
    return render(
        request,
        "cpd_evaluation/impact_report.html",
        {
            "page_title": f"Impact: {plan.programme.title}",
            "report": report,
            "change_chart": charts.change_chart(report["lag"]["lines"]),
        },
    )


@login_required
def impact_xlsx(request, slug: str):
    plan = selectors.get_plan_for_user(request.user, slug=slug)
    report = reports.impact_report(request.user, plan)
    return xlsx_response(f"impact-{plan.programme.slug}.xlsx", *exports.sheets(report))
