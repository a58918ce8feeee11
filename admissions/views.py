"""The clerk's pages (pool, blocks, roster editor) and the member's own page. Thin: the rules
live in services, selectors and the checker."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from schools_platform.core.downloads import csv_response
from schools_platform.core.forms import error_summary_items
from schools_platform.disclosure import symbol_key

from . import facts, selectors, services
from . import monitoring as monitoring_figures
from .forms import AvailabilityForm, DeclarationForm, ExceptionForm, RosterForm
from .models import Clerk


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
    form = RosterForm(request.POST or None, pool=pool, clerks=clerks, initial=initial)
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
    member = selectors.own_member_record(request.user)
    current = {w.weekday: w.mode for w in member.weekly_availability.all()}
    is_post = request.method == "POST"
    which = request.POST.get("form") if is_post else None
    availability = AvailabilityForm(
        request.POST if which == "availability" else None, current=current
    )
    exception = ExceptionForm(request.POST if which == "exception" else None)
    declaration = DeclarationForm(request.POST if which == "declaration" else None)
    try:
        if which == "availability" and availability.is_valid():
            services.set_weekly_availability(
                actor=request.user, member=member, weekdays=availability.weekdays()
            )
            messages.success(request, "Your weekly availability is saved.")
            return redirect("admissions-me")
        if which == "exception" and exception.is_valid():
            services.set_availability_exception(
                actor=request.user, member=member, **exception.cleaned_data
            )
            messages.success(request, "Your change for that day is saved.")
            return redirect("admissions-me")
        if which == "declaration" and declaration.is_valid():
            data = dict(declaration.cleaned_data.items())
            services.declare(actor=request.user, member=member, **data)
            messages.success(request, "Your declaration is saved.")
            return redirect("admissions-me")
    except ValidationError as exc:
        target = {"exception": exception, "declaration": declaration}.get(which, availability)
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                target.add_error(field if field in target.fields else None, errors)
        else:
            target.add_error(None, exc)
    return render(
        request,
        "admissions/my_record.html",
        {
            "member": member,
            "availability_form": availability,
            "exception_form": exception,
            "declaration_form": declaration,
            "declarations": member.declarations.select_related("school", "authority"),
            "exceptions": member.availability_exceptions.all(),
            "blocks": selectors.blocks_for_user(request.user).order_by("reference"),
            "error_items": error_summary_items(availability, exception, declaration),
            "page_title": "Your panel member record",
        },
    )


@login_required
def due_list(request):
    """The clerk's dashboard of deadlines due and overdue (school days, ref §1.5)."""
    _require_pool(request.user)
    today = timezone.localdate()
    items = selectors.due_for_user(request.user, today=today)
    blocks = {
        b.pk: b
        for b in selectors.blocks_for_user(request.user).filter(
            pk__in={i.block_id for i in items if i.block_id}
        )
    }
    rows = [(item, blocks.get(item.block_id)) for item in items]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
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


@login_required
def monitoring(request):
    """DfE appeals statistics by phase and the pool's make-up, after disclosure control."""
    _require_pool(request.user)
    dfe = monitoring_figures.dfe_statistics()
    pool = monitoring_figures.pool_make_up()
    if request.GET.get("download") == "dfe" and dfe is not None:
        return csv_response(
            "appeals-dfe-statistics.csv",
            ["Phase", *monitoring_figures.DFE_COLUMNS],
            monitoring_figures.table_rows(dfe),
        )
    return render(
        request,
        "admissions/monitoring.html",
        {
            "dfe_rows": monitoring_figures.table_rows(dfe) if dfe else [],
            "dfe_columns": monitoring_figures.DFE_COLUMNS,
            "pool_rows": monitoring_figures.table_rows(pool) if pool else [],
            "symbols": symbol_key(),
            "page_title": "Appeals monitoring",
        },
    )
