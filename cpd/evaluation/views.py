"""Survey and impact report pages. Thin: reads from selectors and reports (aggregates only),
writes through services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from schools_platform.core.downloads import xlsx_response
from schools_platform.core.forms import error_summary_items, service_form_page
from schools_platform.disclosure import DisclosurePolicy
from schools_platform.equality.forms import EqualityMonitoringForm, privacy_hint_for

from . import charts, exports, reports, selectors, services
from .forms import SurveyForm, TargetsForm, set_up_form
from .models import WAVE_ORDER, Wave


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

    def save(form):
        try:
            services.set_up_evaluation(
                actor=request.user,
                programme=form.programmes[form.cleaned_data["programme"]],
                follow_up_weeks=form.cleaned_data["follow_up_weeks"],
            )
        except PermissionDenied:
            raise Http404("No evaluation found") from None
        return "The evaluation is set up: three surveys are scheduled."

    # Back to the list, which now links the new plan's report.
    return service_form_page(
        request,
        form,
        save,
        template="cpd_evaluation/impact_index.html",
        title="Impact of training",
        success_url=reverse("cpd_evaluation:impact-index"),
        context={"plans": selectors.plans_for_user(request.user), "programmes": programmes},
    )


@never_cache
@login_required
def impact_report(request, slug: str):
    plan = selectors.get_plan_for_user(request.user, slug=slug)
    can_change_targets = selectors.can_change_targets(request.user)

    def body(report) -> str:
        return render_to_string(
            "cpd_evaluation/_impact_report_body.html",
            {
                "report": report,
                "change_chart": charts.change_chart(report["lag"]["lines"]),
                "staff_survey_chart": charts.staff_survey_chart(
                    report["staff_survey"], reports.ALL
                ),
                "can_change_targets": can_change_targets,
            },
        )

    return render(
        request,
        "cpd_evaluation/impact_report.html",
        {
            "page_title": f"Impact: {plan.programme.title}",
            "body": mark_safe(  # noqa: S308 - text rendered (escaped) by our own template
                reports.cached_impact_report(
                    request.user, plan, render=body, extra=(can_change_targets,)
                )
            ),
        },
    )


@login_required
def impact_xlsx(request, slug: str):
    plan = selectors.get_plan_for_user(request.user, slug=slug)
    report = reports.impact_report(request.user, plan)
    return xlsx_response(f"impact-{plan.programme.slug}.xlsx", *exports.sheets(report))


@never_cache
@login_required
def targets(request, slug: str):
    """A programme lead changes the targets of the lead measures (services.change_targets)."""
    plan = selectors.get_plan_for_user(request.user, slug=slug)
    if not selectors.can_change_targets(request.user):
        raise Http404("No evaluation found")
    initial = {name: getattr(plan, name) for name in services.TARGETS}
    form = TargetsForm(request.POST if request.method == "POST" else None, initial=initial)

    def save(form):
        services.change_targets(actor=request.user, plan=plan, **form.cleaned_data)
        return "The targets are changed."

    return service_form_page(
        request,
        form,
        save,
        template="cpd_evaluation/targets.html",
        title=f"Targets: {plan.programme.title}",
        success_url=reverse("cpd_evaluation:impact", args=[plan.programme.slug]),
        context={"plan": plan},
    )


@never_cache
@login_required
def comments(request, slug: str):
    """The survey's free-text comments, one wave at a time, as text only
    (selectors.survey_comments says when they are shown)."""
    plan = selectors.get_plan_for_user(request.user, slug=slug)
    wave = request.GET.get("wave") or Wave.BEFORE
    survey, rows, reason = selectors.survey_comments(
        request.user, plan, wave=wave, policy=DisclosurePolicy.default()
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page")) if rows is not None else None
    return render(
        request,
        "cpd_evaluation/comments.html",
        {
            "page_title": f"Survey comments: {plan.programme.title}",
            "plan": plan,
            "survey": survey,
            "waves": [(w, Wave(w).label) for w in WAVE_ORDER],
            "page_obj": page,
            "reason": reason,
            "policy_base": DisclosurePolicy.default().min_percentage_base,
        },
    )
