"""The clerk's engine pages: start a run, watch it, read and accept or discard the result,
and the changes that start a re-plan (a member withdraws, a block moves, an appeal is added
late). Thin: rules live in services and the checker."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from schools_platform.core.forms import (
    add_service_errors,
    error_summary_items,
    service_form_page,
)
from schools_platform.registry.models import School

from .. import facts
from .. import selectors as pool_selectors
from ..models import HearingBlock, PanelMember
from . import selectors, services
from .forms import LateAppealForm, MoveForm, PreferenceForm, RunForm, WithdrawForm
from .models import RunStatus, SittingPreference


def _require(user):
    if not selectors.can_run(user):
        raise Http404("Not found")


@login_required
def run_list(request):
    _require(request.user)
    form = RunForm(
        request.POST or None,
        defaults=services.default_weights(),
        time_limit=settings.ADMISSIONS_ENGINE_TIME_LIMIT,
    )
    if request.method == "POST" and form.is_valid():
        kind, _, value = form.cleaned_data["scope"].partition(":")
        blocks = HearingBlock.objects.filter(
            **({"round__academic_year": value} if kind == "season" else {"round_id": value})
        )
        label = dict(form.fields["scope"].choices)[form.cleaned_data["scope"]]
        try:
            run = services.compose_panels(
                actor=request.user,
                blocks=blocks,
                weights=form.weights(),
                time_limit=form.cleaned_data["time_limit"],
                label=label,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("admissions-engine-run", pk=run.pk)
    runs = selectors.run_list_for_user(request.user)
    page = Paginator(runs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "admissions_engine/run_list.html",
        {
            "form": form,
            "page_obj": page,
            "error_items": error_summary_items(form),
            "page_title": "Compose panels with the engine",
        },
    )


def _panel_text(panel, members, clerks):
    if not panel:
        return "No panel"
    seated = ", ".join(
        members.get(m, m) + (" (chair)" if m == panel["chair"] else "") for m in panel["members"]
    )
    return f"{seated}; clerk {clerks.get(panel['clerk'], panel['clerk'])}"


@login_required
def run_detail(request, pk: int):
    run = selectors.get_run_for_user(request.user, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                services.accept_run(actor=request.user, run=run)
                messages.success(request, "The proposed rosters are saved.")
            elif action == "discard":
                services.discard_run(actor=request.user, run=run)
                messages.success(request, "The proposal is discarded; nothing changed.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("admissions-engine-run", pk=run.pk)
    context = {"run": run, "page_title": f"Engine run {run.pk}"}
    if run.status in (RunStatus.READY, RunStatus.ACCEPTED, RunStatus.DISCARDED):
        members, clerks = selectors.names(run)
        block_ids = selectors.block_ids_by_reference(run)
        load = services.workload(run)
        context |= {
            "rows": [
                {
                    "block_pk": block_ids.get(ref),
                    "reference": ref,
                    "current": _panel_text(run.current.get(ref), members, clerks),
                    "proposed": _panel_text(panel, members, clerks),
                    "changed": run.current.get(ref) != panel,
                }
                for ref, panel in sorted(run.proposal.items())
            ],
            "workload": sorted(
                ((members.get(k, k), n) for k, n in load.items()), key=lambda r: (-r[1], r[0])
            ),
            "short_days": [d for d in run.capacity if d["shortfalls"]],
        }
        mix = selectors.panel_mix(run)
        context |= {
            "mix": mix,
            "mix_rows": [(r, list(mix.row(r).values())) for r in mix.row_labels] if mix else [],
        }
    return render(request, "admissions_engine/run_detail.html", context)


def _block_for_change(request, pk: int):
    """The block a clerk changes (missing and forbidden both 404)."""
    _require(request.user)
    return facts.load_block(pool_selectors.get_block_for_user(request.user, pk=pk).pk)


def _replan_page(request, *, block, form, start, template: str, title: str, aliases=None):
    """The one shape of a page whose change starts a re-plan: on a valid POST ``start(form)``
    calls the service; its bad input is shown on the fields it names, else the clerk is
    taken to the re-plan's progress page."""
    if request.method == "POST" and form.is_valid():
        try:
            run = start(form)
        except ValidationError as exc:
            add_service_errors(form, exc, aliases)
        else:
            messages.success(request, f"{run.label}: the engine is re-planning.")
            return redirect("admissions-engine-run", pk=run.pk)
    failed = form.is_bound and bool(form.errors)
    return render(
        request,
        template,
        {
            "hearing": block,
            "form": form,
            "error_items": error_summary_items(form),
            "page_title": f"Error: {title}" if failed else title,
            "heading": title,
        },
        status=400 if failed else 200,
    )


@login_required
def withdraw(request, pk: int):
    block = _block_for_change(request, pk)
    seated = PanelMember.objects.filter(sittings__block=block).distinct().order_by("full_name")
    form = WithdrawForm(request.POST or None, seated=seated)
    return _replan_page(
        request,
        block=block,
        form=form,
        start=lambda form: services.replan_after_withdrawal(
            actor=request.user,
            block=block,
            member=seated.get(pk=form.cleaned_data["member"]),
            reason=form.cleaned_data["reason"],
            mid_hearing=form.cleaned_data["mid_hearing"],
        ),
        template="admissions_engine/withdraw.html",
        title=f"A member withdraws from {block.reference}",
    )


@login_required
def move(request, pk: int):
    block = _block_for_change(request, pk)
    form = MoveForm(request.POST or None, days=[d.date for d in block.days.all()])
    return _replan_page(
        request,
        block=block,
        form=form,
        start=lambda form: services.replan_after_block_moved(
            actor=request.user,
            block=block,
            dates=form.dates(),
            reason=form.cleaned_data["reason"],
        ),
        template="admissions_engine/move.html",
        title=f"Move block {block.reference} to other days",
        aliases={"dates": "day_1"},
    )


@login_required
def add_appeal(request, pk: int):
    block = _block_for_change(request, pk)
    form = LateAppealForm(request.POST or None)
    return _replan_page(
        request,
        block=block,
        form=form,
        start=lambda form: services.replan_after_late_appeal(
            actor=request.user, block=block, **form.cleaned_data
        ),
        template="admissions_engine/add_appeal.html",
        title=f"Add an appeal lodged late to {block.reference}",
    )


@login_required
def preferences(request):
    """A panel member's own sitting preferences (anyone else: 404)."""
    member = pool_selectors.own_member_record(request.user)
    pref = SittingPreference.objects.filter(member=member).first()
    initial = (
        {
            "avoid_weekdays": pref.avoid_weekdays,
            "avoid_schools": list(pref.avoid_schools.values_list("pk", flat=True)),
            "mode": pref.mode,
        }
        if pref
        else {}
    )
    schools = (
        School.objects.filter(appeal_rounds__authority=member.authority_id)
        .distinct()
        .order_by("name", "pk")
    )
    form = PreferenceForm(request.POST or None, initial=initial, schools=schools)

    def save(form):
        services.set_sitting_preferences(actor=request.user, member=member, **form.cleaned_data)
        return "Your sitting preferences are saved."

    return service_form_page(
        request,
        form,
        save,
        template="admissions_engine/preferences.html",
        title="Your sitting preferences",
        success_url=reverse("admissions-engine-preferences"),
        context={"member": member},
    )
