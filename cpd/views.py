"""Learner and programme lead pages. Thin: reads from selectors (scoped, 404 alike for
missing and forbidden), writes from services (permission, rules, audit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from schools_platform.core.downloads import Sheet, csv_response, xlsx_response
from schools_platform.core.forms import service_form_page

from . import charts, reports, selectors, services
from .forms import (
    BookSessionForm,
    BulkEnrolmentForm,
    CheckCertificateForm,
    RegisterForm,
    SelfEnrolForm,
    TeamEnrolForm,
    add_service_errors,
)
from .models import EnrolmentStatus


def _title(title, form):
    return f"Error: {title}" if form.is_bound and form.errors else title


@never_cache
@login_required
def my_learning(request):
    return render(
        request,
        "cpd/my_learning.html",
        {
            "page_title": "Your learning",
            "enrolments": selectors.my_learning(request.user),
            "is_lead": selectors.is_programme_lead(request.user),
            "has_learner_answers": selectors.has_learner_equality_answers(request.user),
        },
    )


@never_cache
@login_required
def book(request, pk: int):
    enrolment = selectors.get_enrolment_for_user(request.user, pk=pk)
    sessions = list(selectors.bookable_sessions(enrolment))
    form = BookSessionForm(request.POST if request.method == "POST" else None, sessions=sessions)

    def save(form):
        try:
            services.book_session(
                actor=request.user,
                enrolment=enrolment,
                session=form.sessions[form.cleaned_data["session"]],
            )
        except PermissionDenied:
            raise Http404("No enrolment found") from None
        return "Your session is booked."

    return service_form_page(
        request,
        form,
        save,
        template="cpd/book.html",
        title="Book a session",
        success_url=reverse("cpd:my_learning"),
        context={"enrolment": enrolment, "sessions": sessions},
        add_errors=lambda form, error: add_service_errors(form, error, "session"),
    )


@never_cache
@login_required
def enrol(request):
    """A learner enrols themselves: one of their organisation's places in a phase, or its
    waiting list when the places are taken (late enrolment until the phase ends)."""
    options = selectors.self_enrolment_options(request.user)
    form = SelfEnrolForm(request.POST if request.method == "POST" else None, options=options)

    def save(form):
        learner, phase = form.chosen()
        try:
            enrolment = services.enrol(actor=request.user, learner=learner, phase=phase)
        except PermissionDenied:
            raise Http404("No training found") from None
        if enrolment.status == EnrolmentStatus.WAITING:
            return (
                f"All {learner.organisation}'s places in {phase.name} are taken: you are on "
                "its waiting list, and we will e-mail you when a place is yours."
            )
        return f"You are enrolled on {phase.programme.title}: {phase.name}."

    return service_form_page(
        request,
        form,
        save,
        template="cpd/enrol.html",
        title="Enrol on training",
        success_url=reverse("cpd:my_learning"),
        context={"options": options},
        add_errors=lambda form, error: add_service_errors(form, error, "option"),
    )


@require_POST
@login_required
def cancel_booking(request, pk: int):
    booking = selectors.get_booking_for_user(request.user, pk=pk)
    try:
        services.cancel_booking(actor=request.user, booking=booking)
    except PermissionDenied:
        raise Http404("No booking found") from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Your booking is cancelled.")
    return redirect("cpd:my_learning")


@never_cache
@login_required
def register(request, pk: int):
    session = selectors.get_session_for_register(request.user, pk=pk)
    bookings = list(selectors.register_rows(session))
    form = RegisterForm(request.POST if request.method == "POST" else None, bookings=bookings)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.mark_attendance(
                actor=request.user, session=session, marks=form.marks()
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                f"Register saved: {result['changed']} marks changed, "
                f"{result['completed']} completions recorded.",
            )
            return redirect("cpd:register", pk=session.pk)
    return render(
        request,
        "cpd/register.html",
        {"page_title": _title(f"Register: {session}", form), "form": form, "session": session},
    )


@never_cache
@login_required
def team(request):
    """A manager enrols people of their own department, within the organisation's places."""
    managed = list(selectors.managed_departments(request.user))
    if not managed:
        raise Http404("No team found")
    team = selectors.team_for_manager(request.user, managed=managed)
    rows = selectors.team_rows(
        team, chosen=request.POST.getlist("learners") if request.method == "POST" else ()
    )
    phases = list(selectors.team_phases(request.user, managed=managed))
    form = TeamEnrolForm(
        request.POST if request.method == "POST" else None,
        phases=phases,
        team={row["pk"]: row["name"] for row in rows},
    )

    def save(form):
        phase, ids = form.chosen()
        try:
            result = services.enrol_team(
                actor=request.user, learners=selectors.team_members(team, ids), phase=phase
            )
        except PermissionDenied:
            raise Http404("No team found") from None
        for learner, reason in result["not_enrolled"]:
            messages.warning(request, f"{learner.name} was not enrolled: {reason}")
        parts = [f"{len(result['enrolled'])} enrolled on {phase.name}"]
        if result["waiting"]:
            parts.append(f"{len(result['waiting'])} on the waiting list (the places are taken)")
        return "; ".join(parts) + "."

    return service_form_page(
        request,
        form,
        save,
        template="cpd/team.html",
        title="Your team's training",
        success_url=reverse("cpd:team"),
        context={"rows": rows, "phases": phases},
        add_errors=lambda form, error: add_service_errors(form, error, "learners"),
    )


@never_cache
@login_required
def bulk_enrolments(request):
    """The lead (or an organisation's coordinator) enrols a department or a whole organisation
    on a phase and the next sessions of a module: a background job, listed with its progress."""
    if not selectors.coordinates_any(request.user):
        raise Http404("No page found")
    choices = selectors.bulk_enrolment_choices(request.user)
    form = BulkEnrolmentForm(request.POST if request.method == "POST" else None, **choices)
    jobs = list(selectors.bulk_enrolments_for_user(request.user)[:20])

    def save(form):
        try:
            job = services.queue_bulk_enrolment(actor=request.user, **form.service_kwargs())
        except PermissionDenied:
            raise Http404("No organisation found") from None
        save.job = job
        return f"The enrolment of {job.total:,} people has started. This page shows its progress."

    response = service_form_page(
        request,
        form,
        save,
        template="cpd/bulk.html",
        title="Enrol a department or organisation",
        success_url=reverse("cpd:bulk"),
        context={"jobs": jobs, **choices},
        add_errors=lambda form, error: add_service_errors(form, error, "organisation"),
    )
    job = getattr(save, "job", None)
    if job is not None:
        return redirect("cpd:bulk_job", pk=job.pk)
    return response


@never_cache
@login_required
def bulk_enrolment(request, pk: int):
    job = selectors.get_bulk_enrolment_for_user(request.user, pk=pk)
    return render(
        request,
        "cpd/bulk_job.html",
        {
            "page_title": str(job),
            "job": job,
            "summary": reports.bulk_summary(job),
        },
    )


@require_POST
@login_required
def restart_bulk_enrolment(request, pk: int):
    """A failed job started again as a new job, for the people it has not enrolled."""
    job = selectors.get_bulk_enrolment_for_user(request.user, pk=pk)
    try:
        again = services.restart_bulk_enrolment(actor=request.user, job=job)
    except PermissionDenied:
        raise Http404("No bulk enrolment found") from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cpd:bulk_job", pk=job.pk)
    messages.success(
        request,
        f"The enrolment has started again for {again.total:,} people. This page shows its "
        "progress.",
    )
    return redirect("cpd:bulk_job", pk=again.pk)


def _report_programme(request):
    if not selectors.coordinates_any(request.user):
        raise Http404("No report found")
    programmes = selectors.programmes_for_user(request.user)
    slug = request.GET.get("programme")
    if slug:
        return get_object_or_404(programmes, slug=slug), programmes
    # The earliest programme still running, else the latest to have ended.
    programme = (
        programmes.filter(ends_on__gte=timezone.localdate()).order_by("starts_on", "pk").first()
        or programmes.order_by("-ends_on", "pk").first()
    )
    if programme is None:
        raise Http404("No programme yet")
    return programme, programmes


@never_cache
@login_required
def completion_report(request):
    programme, programmes = _report_programme(request)

    def build():
        report = reports.completion_report(request.user, programme)
        report["ethnic_groups"] = reports.ethnic_group_report(
            request.user, programme, report["organisation_ids"]
        )
        report["charts"] = charts.report_charts(report)
        return report

    # Kept against a version of its inputs (reports.report_page): one query when unchanged.
    report = reports.report_page(request.user, programme, build=build)
    return render(
        request,
        "cpd/report.html",
        {
            "page_title": f"Completion: {programme.title}",
            "report": report,
            "programmes": programmes,
            "programme": programme,
        },
    )


@login_required
def completion_report_csv(request):
    programme, _ = _report_programme(request)
    report = reports.completion_report(request.user, programme)
    return csv_response(
        f"completion-{programme.slug}.csv", reports.REPORT_HEADERS, reports.report_records(report)
    )


@login_required
def department_report_csv(request):
    programme, _ = _report_programme(request)
    report = reports.completion_report(request.user, programme)
    return csv_response(
        f"completion-by-department-{programme.slug}.csv",
        reports.DEPARTMENT_HEADERS,
        reports.department_records(report),
    )


@login_required
def completion_report_xlsx(request):
    programme, _ = _report_programme(request)
    report = reports.completion_report(request.user, programme)
    groups = reports.ethnic_group_records(
        reports.ethnic_group_report(request.user, programme, report["organisation_ids"])
    )
    services.record_report_export(
        actor=request.user, programme=programme, export="report.xlsx", rows=len(groups)
    )
    return xlsx_response(
        f"completion-{programme.slug}.xlsx",
        Sheet("By phase", reports.report_records(report), reports.REPORT_HEADERS),
        Sheet("By department", reports.department_records(report), reports.DEPARTMENT_HEADERS),
        Sheet("Sessions", reports.session_records(report), reports.SESSION_HEADERS),
        Sheet("By ethnic group", groups, reports.ETHNIC_GROUP_HEADERS),
        Sheet("Trainers", reports.trainer_records(report), reports.TRAINER_HEADERS),
    )


@login_required
def ethnic_group_report_csv(request):
    programme, _ = _report_programme(request)
    groups = reports.ethnic_group_records(reports.ethnic_group_report(request.user, programme))
    services.record_report_export(
        actor=request.user, programme=programme, export="report-ethnic-groups.csv", rows=len(groups)
    )
    return csv_response(
        f"completion-by-ethnic-group-{programme.slug}.csv", reports.ETHNIC_GROUP_HEADERS, groups
    )


@never_cache
@login_required
def certificate(request, pk: int):
    completion = get_object_or_404(selectors.completions_for_user(request.user), pk=pk)
    return render(
        request,
        "cpd/certificate.html",
        {"page_title": "Certificate", "completion": completion},
    )


def check_certificate(request):
    """Public: anyone holding a certificate's code can check it."""
    form = CheckCertificateForm(request.GET or None)
    completion = None
    not_found = False
    if form.is_bound and form.is_valid():
        try:
            completion = selectors.get_completion_by_code(form.cleaned_data["code"])
        except Http404:
            not_found = True
    return render(
        request,
        "cpd/check.html",
        {
            "page_title": _title("Check a certificate", form),
            "form": form,
            "completion": completion,
            "not_found": not_found,
        },
    )
