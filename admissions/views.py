"""The clerk's pages (pool, blocks, roster editor) and the member's own page. Thin: the rules
live in services, selectors and the checker."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from schools_platform.core.downloads import csv_response
from schools_platform.core.forms import error_summary_items, service_form_page
from schools_platform.disclosure import symbol_key

from . import facts, selectors, services
from . import monitoring as monitoring_figures
from .forms import (
    WEEKDAYS,
    AdvertForm,
    AvailabilityForm,
    DeclarationForm,
    EndDeclarationForm,
    ExceptionForm,
    MonitoringFilterForm,
    OutcomeForm,
    RosterForm,
)
from .models import Clerk


def _posted(request):
    """The submitted data on a POST (even an empty one, which must fail validation), else None."""
    return request.POST if request.method == "POST" else None


def _require_pool(user):
    if not selectors.can_see_pool(user):
        raise Http404("Not found")


@login_required
def pool_list(request):
    _require_pool(request.user)
    members = selectors.pool_for_user(request.user).order_by("full_name")
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    return render(
        request, "admissions/pool_list.html", {"page_obj": page, "page_title": "Panel pool"}
    )


@login_required
def block_list(request):
    blocks = selectors.blocks_for_user(request.user).order_by("reference")
    page = Paginator(blocks, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "admissions/block_list.html",
        {
            "page_obj": page,
            "page_title": "Hearing blocks",
            "is_clerk": selectors.can_see_pool(request.user),
        },
    )


@login_required
def block_detail(request, pk: int):
    block = selectors.get_block_for_user(request.user, pk=pk)
    block = facts.load_block(block.pk)
    roster = getattr(block, "roster", None)
    is_clerk = selectors.can_see_pool(request.user)
    return render(
        request,
        "admissions/block_detail.html",
        {
            "hearing": block,
            "roster": roster,
            "seats": list(roster.seats.select_related("member")) if roster else [],
            "breaches": facts.check_saved_roster(block) if (roster and is_clerk) else [],
            "is_clerk": is_clerk,
            "appeals": (
                [
                    (a, services.appellant_link_token(a))
                    for a in sorted(block.appeals.all(), key=lambda a: a.reference)
                ]
                if is_clerk
                else []
            ),
            "page_title": f"Hearing block {block.reference}",
        },
    )


@login_required
def roster_edit(request, pk: int):
    _require_pool(request.user)
    block = facts.load_block(selectors.get_block_for_user(request.user, pk=pk).pk)
    pool = selectors.pool_for_user(request.user).filter(active=True).order_by("full_name")
    clerks = Clerk.objects.filter(active=True).order_by("full_name")
    initial = {}
    roster = getattr(block, "roster", None)
    if roster:
        seats = list(roster.seats.all())
        initial = {
            "members": [str(s.member_id) for s in seats],
            "chair": next((str(s.member_id) for s in seats if s.is_chair), None),
            "clerk": roster.clerk_id,
        }
    form = RosterForm(_posted(request), pool=pool, clerks=clerks, initial=initial)
    breaches = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        proposal = {
            "member_ids": data["members"],
            "chair_id": data["chair"],
            "clerk": data["clerk"],
        }
        breaches = services.check_proposal(block=block, **proposal)
        if request.POST.get("action") == "save":
            try:
                services.save_roster(
                    actor=request.user,
                    block=block,
                    override_reason=data["override_reason"],
                    **proposal,
                )
            except services.RosterBreaches as exc:
                breaches = exc.breaches
                form.add_error(
                    None,
                    "The roster breaks the rules listed below. Change the panel, or give a "
                    "reason to save it anyway.",
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Roster saved for {block.reference}.")
                return redirect("admissions-block", pk=block.pk)
    return render(
        request,
        "admissions/roster_edit.html",
        {
            "hearing": block,
            "form": form,
            "breaches": breaches,
            "checked": breaches is not None,
            "error_items": error_summary_items(form),
            "page_title": f"Roster for {block.reference}",
        },
    )


@login_required
def my_record(request):
    """The member's own record: what they declared and offered, with a page for each change."""
    member = selectors.own_member_record(request.user)
    offered = {w.weekday: w.get_mode_display() for w in member.weekly_availability.all()}
    return render(
        request,
        "admissions/my_record.html",
        {
            "member": member,
            "weekly": [(name, offered.get(i, "Not available")) for i, name in enumerate(WEEKDAYS)],
            "declarations": member.declarations.select_related("school", "authority"),
            "exceptions": member.availability_exceptions.all(),
            "blocks": selectors.blocks_for_user(request.user).order_by("reference"),
            "page_title": "Your panel member record",
        },
    )


def _member_page(request, form, save, *, title: str, button: str, intro: str):
    """One of the member's own form pages: the shared service form page, back to their record."""
    return service_form_page(
        request,
        form,
        save,
        template="admissions/member_form.html",
        title=title,
        success_url=reverse("admissions-me"),
        context={"button": button, "intro": intro},
    )


@login_required
def my_availability(request):
    member = selectors.own_member_record(request.user)
    current = {w.weekday: w.mode for w in member.weekly_availability.all()}
    form = AvailabilityForm(_posted(request), current=current)

    def save(form):
        services.set_weekly_availability(
            actor=request.user, member=member, weekdays=form.weekdays()
        )
        return "Your weekly availability is saved."

    return _member_page(
        request,
        form,
        save,
        title="Your usual weekly availability",
        button="Save weekly availability",
        intro=AVAILABILITY_INTRO,
    )


@login_required
def my_exception(request):
    member = selectors.own_member_record(request.user)
    form = ExceptionForm(_posted(request))

    def save(form):
        services.set_availability_exception(actor=request.user, member=member, **form.cleaned_data)
        return "Your change for that day is saved."

    return _member_page(
        request,
        form,
        save,
        title="A day that differs from your usual week",
        button="Save this day",
        intro=EXCEPTION_INTRO,
    )


@login_required
def my_declaration(request):
    member = selectors.own_member_record(request.user)
    form = DeclarationForm(_posted(request))

    def save(form):
        services.declare(actor=request.user, member=member, **form.cleaned_data)
        return "Your declaration is saved."

    return _member_page(
        request,
        form,
        save,
        title="Declare history or an interest",
        button="Add this declaration",
        intro=DECLARATION_INTRO,
    )


@login_required
def my_declaration_end(request, pk: int):
    member = selectors.own_member_record(request.user)
    declaration = get_object_or_404(
        member.declarations.select_related("school", "authority"), pk=pk
    )
    form = EndDeclarationForm(_posted(request))

    def save(form):
        services.end_declaration(
            actor=request.user, declaration=declaration, ended_on=form.cleaned_data["ended_on"]
        )
        return "Your declaration is updated."

    return _member_page(
        request,
        form,
        save,
        title="Say when this ended",
        button="Save the end date",
        intro=str(declaration),
    )


# --- clerks' availability: the clerk's own record, or any clerk's for the clerk's role -------


def _weekly_rows(person) -> list[tuple[str, str]]:
    offered = {w.weekday: w.get_mode_display() for w in person.weekly_availability.all()}
    return [(name, offered.get(i, "Not available")) for i, name in enumerate(WEEKDAYS)]


@login_required
def clerk_list(request):
    """The clerks and the days they offer (the clerk's role: all; a clerk: their own)."""
    clerks = selectors.clerks_for_user(request.user).prefetch_related("weekly_availability")
    page = Paginator(clerks.order_by("full_name", "pk"), 50).get_page(request.GET.get("page"))
    if not page.paginator.count and not selectors.can_see_pool(request.user):
        raise Http404("No clerk found")
    rows = [
        (c, [name for name, offered in _weekly_rows(c) if offered != "Not available"])
        for c in page.object_list
    ]
    return render(
        request,
        "admissions/clerk_list.html",
        {"page_obj": page, "rows": rows, "page_title": "Clerks and their availability"},
    )


@login_required
def clerk_record(request, pk: int):
    clerk = selectors.get_clerk_for_user(request.user, pk=pk)
    own = clerk.user_id == request.user.pk
    return render(
        request,
        "admissions/clerk_record.html",
        {
            "clerk": clerk,
            "own": own,
            "weekly": _weekly_rows(clerk),
            "exceptions": clerk.availability_exceptions.all(),
            "page_title": "Your clerk record" if own else f"Clerk: {clerk.full_name}",
        },
    )


def _clerk_page(request, clerk, form, save, *, title: str, button: str, intro: str):
    back = reverse("admissions-clerk", args=[clerk.pk])
    return service_form_page(
        request,
        form,
        save,
        template="admissions/clerk_form.html",
        title=title,
        success_url=back,
        context={"button": button, "intro": intro, "back": back},
    )


@login_required
def clerk_availability(request, pk: int):
    clerk = selectors.get_clerk_for_user(request.user, pk=pk)
    current = {w.weekday: w.mode for w in clerk.weekly_availability.all()}
    form = AvailabilityForm(_posted(request), current=current)
    own = clerk.user_id == request.user.pk

    def save(form):
        services.set_clerk_weekly_availability(
            actor=request.user, clerk=clerk, weekdays=form.weekdays()
        )
        who = "Your" if own else f"{clerk.full_name}’s"
        return f"{who} weekly availability is saved."

    return _clerk_page(
        request,
        clerk,
        form,
        save,
        title="Your usual weekly availability" if own else f"{clerk.full_name}: usual week",
        button="Save weekly availability",
        intro=CLERK_AVAILABILITY_INTRO,
    )


@login_required
def clerk_exception(request, pk: int):
    clerk = selectors.get_clerk_for_user(request.user, pk=pk)
    own = clerk.user_id == request.user.pk
    form = ExceptionForm(_posted(request), own=own)

    def save(form):
        services.set_clerk_availability_exception(
            actor=request.user, clerk=clerk, **form.cleaned_data
        )
        return "The change for that day is saved."

    return _clerk_page(
        request,
        clerk,
        form,
        save,
        title="A day that differs from the usual week",
        button="Save this day",
        intro=EXCEPTION_INTRO,
    )


AVAILABILITY_INTRO = (
    "The days of the week you can usually sit, and how. A day that differs can be set on its own."
)
EXCEPTION_INTRO = (
    "A date when you are away, or free although you usually are not. It wins over your usual week."
)
ADVERT_INTRO = (
    "The authority advertises for lay members at least every three years and allows at least "
    "21 days for replies (School Admission Appeals Code)."
)
CLERK_AVAILABILITY_INTRO = (
    "The days of the week the clerk can usually clerk hearings, and how. No panel is composed "
    "with a clerk on a day they do not offer. A day that differs can be set on its own."
)
DECLARATION_INTRO = (
    "Tell us about work in schools, governing bodies, councils, admission decisions and people "
    "you know. The council uses these to keep every panel impartial; your category (lay or "
    "education) is worked out from them."
)


@login_required
def due_list(request):
    """The clerk's dashboard of deadlines due and overdue (school days, ref §1.5)."""
    _require_pool(request.user)
    today = timezone.localdate()
    items = selectors.due_for_user(request.user, today=today)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    # Only the page's blocks are read (the season can hold thousands of deadlines).
    blocks = selectors.block_links_for_user(
        request.user, pks={i.block_id for i in page.object_list if i.block_id}
    )
    page.object_list = [(item, blocks.get(item.block_id)) for item in page.object_list]
    return render(
        request,
        "admissions/due_list.html",
        {
            "page_obj": page,
            "overdue": sum(1 for i in items if i.status in ("overdue", "late_booked")),
            "today": today,
            "page_title": "Appeals deadlines due and overdue",
        },
    )


@login_required
@require_POST
def record_sent(request, pk: int, what: str):
    """Record that today the block's notice of hearing, or its decision letters, went out."""
    _require_pool(request.user)
    block = selectors.get_block_for_user(request.user, pk=pk)
    today = timezone.localdate()
    if what == "notice":
        services.record_notice_sent(actor=request.user, block=block, sent_on=today)
        messages.success(request, f"Notice of the hearing recorded as sent for {block.reference}.")
    else:
        count = services.record_decision_letters_sent(
            actor=request.user, block=block, sent_on=today
        )
        messages.success(
            request, f"{count} decision letter(s) recorded as sent for {block.reference}."
        )
    return redirect("admissions-due")


def _audited_csv(request, report, filters: dict):
    """A monitoring table as CSV (formula-safe), each download audited."""
    services.record_monitoring_export(actor=request.user, table=report.key, filters=filters)
    return csv_response(f"appeals-{report.key.replace('_', '-')}.csv", report.header, report.rows)


@login_required
def monitoring(request):
    """DfE appeals statistics by phase and the pool's make-up, after disclosure control."""
    _require_pool(request.user)
    dfe = monitoring_figures.dfe_statistics()
    pool = monitoring_figures.pool_make_up()
    if request.GET.get("download") == "dfe" and dfe is not None:
        report = monitoring_figures.Report(
            "dfe_statistics",
            "DfE appeals statistics",
            ["Phase", *monitoring_figures.DFE_COLUMNS],
            monitoring_figures.table_rows(dfe),
        )
        return _audited_csv(request, report, {})
    year = timezone.localdate().year
    return render(
        request,
        "admissions/monitoring.html",
        {
            "pool_year": year,
            "pool_recorded": services.pool_recorded_for(year),
            "dfe_rows": monitoring_figures.table_rows(dfe) if dfe else [],
            "dfe_columns": monitoring_figures.DFE_COLUMNS,
            "pool_rows": monitoring_figures.table_rows(pool) if pool else [],
            "symbols": symbol_key(),
            "page_title": "Appeals monitoring",
        },
    )


def _filter_form(request, **kwargs) -> MonitoringFilterForm:
    data = {k: v for k, v in request.GET.items() if k != "download"}
    return MonitoringFilterForm(
        data or None,
        years=selectors.monitoring_years(),
        phases=selectors.monitoring_phases(),
        **kwargs,
    )


def _report_page(request, *, template, title, reports, form, extra=None):
    wanted = request.GET.get("download")
    if wanted and form.is_bound and not form.is_valid():
        wanted = None
    for report in reports:
        if report is not None and report.key == wanted:
            return _audited_csv(request, report, form.scope())
    failed = form.is_bound and not form.is_valid()
    return render(
        request,
        template,
        {
            "form": form,
            "reports": [r for r in reports if r is not None],
            "querystring": form.querystring(),
            "symbols": symbol_key(),
            "error_items": error_summary_items(form) if failed else [],
            "page_title": f"Error: {title}" if failed else title,
            **(extra or {}),
        },
        status=400 if failed else 200,
    )


@login_required
def fairness(request):
    """Outcomes by the appellants' voluntary equality answers, at authority, phase and round
    level, after disclosure control (seed 001: the fairness of admissions)."""
    _require_pool(request.user)
    form = _filter_form(request, characteristic=True)
    appeals = monitoring_figures.scoped_appeals(**form.scope())
    report = monitoring_figures.outcomes_by_group(appeals, characteristic=form.characteristic())
    return _report_page(
        request,
        template="admissions/monitoring_reports.html",
        title="Fairness of appeal outcomes",
        reports=[report],
        form=form,
        extra={"fairness": True},
    )


@login_required
def panels_report(request):
    """Panels by composition, workload, uphold rates by school and panel, time to hearing."""
    _require_pool(request.user)
    form = _filter_form(request)
    scope = form.scope()
    appeals = monitoring_figures.scoped_appeals(**scope)
    today = timezone.localdate()
    timing, _medians = monitoring_figures.time_to_hearing(appeals)
    reports = [
        *monitoring_figures.panel_reports(today=today, year=scope["year"]),
        monitoring_figures.workload_report(year=scope["year"]),
        monitoring_figures.outcomes_by_round(appeals),
        timing,
        monitoring_figures.uphold_by_school(appeals),
        monitoring_figures.uphold_by_panel(appeals),
    ]
    return _report_page(
        request,
        template="admissions/monitoring_reports.html",
        title="Panels, workload and uphold rates",
        reports=reports,
        form=form,
    )


@login_required
def outcome_edit(request, pk: int):
    """The clerk records an appeal's outcome or its withdrawal."""
    appeal = selectors.get_appeal_for_user(request.user, pk=pk)
    form = OutcomeForm(_posted(request), instance=appeal)

    def save(form):
        services.record_outcome(actor=request.user, appeal=appeal, **form.outcome())
        return f"Outcome recorded for appeal {appeal.reference}."

    return service_form_page(
        request,
        form,
        save,
        template="admissions/outcome_form.html",
        title=f"Outcome of appeal {appeal.reference}",
        success_url=reverse("admissions-block", args=[appeal.block_id]),
        context={"appeal": appeal},
    )


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def _appellant_form(request):
    from schools_platform.equality.forms import EqualityMonitoringForm, privacy_hint_for

    return EqualityMonitoringForm(
        _posted(request),
        prefix="equality",
        require_an_answer=True,
        privacy_hint=privacy_hint_for(monitoring_figures.APPELLANT_PURPOSE),
    )


def appellant_monitoring(request, token: str):
    """The appellant's optional equality monitoring answers, on the landed form, from the
    link sent with the notice of hearing. No sign-in: the signed link names the appeal. Once
    answered, the same link offers to change or withdraw them."""
    appeal = selectors.appeal_for_link(token)
    if services.appellant_has_answered(appeal):
        return _no_store(
            render(
                request,
                "admissions/appellant_answered.html",
                {"token": token, "page_title": "You have answered for your appeal"},
            )
        )
    form = _appellant_form(request)

    def save(form):
        services.record_appellant_answers(
            actor=request.user, appeal=appeal, **form.service_kwargs()
        )
        return None

    return _no_store(
        service_form_page(
            request,
            form,
            save,
            template="admissions/appellant_monitoring.html",
            title="Equality monitoring for your appeal (optional)",
            success_url=reverse("admissions-appellant-thanks"),
        )
    )


def appellant_change(request, token: str):
    """The appellant gives their answers again, replacing the ones they gave. The form starts
    empty: the link is all that proves who holds it, so it never shows the answers kept."""
    appeal = selectors.appeal_for_link(token)
    if not services.appellant_has_answered(appeal):
        return redirect("admissions-appellant-monitoring", token=token)
    form = _appellant_form(request)

    def save(form):
        services.change_appellant_answers(actor=request.user, token=token, **form.service_kwargs())
        return "Your answers have been changed."

    return _no_store(
        service_form_page(
            request,
            form,
            save,
            template="admissions/appellant_monitoring.html",
            title="Change your equality monitoring answers",
            success_url=reverse("admissions-appellant-thanks"),
            context={"changing": True, "token": token},
        )
    )


def appellant_withdraw(request, token: str):
    """Are you sure? Then the appellant's answers are wiped and leave every figure."""
    appeal = selectors.appeal_for_link(token)
    if not services.appellant_has_answered(appeal):
        return redirect("admissions-appellant-monitoring", token=token)
    if request.method == "POST":
        services.withdraw_appellant_answers(actor=request.user, token=token)
        return redirect("admissions-appellant-withdrawn")
    return _no_store(
        render(
            request,
            "admissions/appellant_withdraw.html",
            {"token": token, "page_title": "Withdraw your equality monitoring answers"},
        )
    )


def appellant_thanks(request):
    return render(
        request,
        "admissions/appellant_thanks.html",
        {"page_title": "Thank you for your answers"},
    )


def appellant_withdrawn(request):
    return render(
        request,
        "admissions/appellant_withdrawn.html",
        {"page_title": "Your answers have been withdrawn"},
    )


@login_required
@require_POST
def record_pool_representation(request):
    """The clerk records this year's pool for the representation report (once a year)."""
    _require_pool(request.user)
    year = timezone.localdate().year
    try:
        count = services.record_pool_for_representation(actor=request.user, year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{count} pool members recorded for the {year} representation report."
        )
    return redirect("admissions-monitoring")


@login_required
def advert_new(request):
    """The clerk records an advert for lay members (the three-yearly cycle)."""
    _require_pool(request.user)
    form = AdvertForm(_posted(request))

    def save(form):
        services.record_advert(actor=request.user, **form.cleaned_data)
        return "The advert for lay members is recorded."

    return service_form_page(
        request,
        form,
        save,
        template="admissions/clerk_form.html",
        title="Record an advert for lay members",
        success_url=reverse("admissions-due"),
        context={
            "button": "Record the advert",
            "back": reverse("admissions-pool"),
            "intro": ADVERT_INTRO,
        },
    )
