"""Every write of the panel engine: keyword-only actor, a permission check, one transaction,
one audit record (as registry/services.py: grant_school_access). The job's own body,
``execute_run``, runs in Celery and writes only its run's progress and result."""

from __future__ import annotations

import random

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from schools_platform.core import audit

from .. import services as pool_services
from ..models import ClerkSitting, HearingBlock, MemberSitting, PanelMember, Roster
from . import loading, plan, solver
from .models import EngineRun, Mode, RunKind, RunStatus, SittingPreference
from .season import roster_as_json, roster_from_json, season_load, seats_changed
from .selectors import RUN_PERMISSION

MIN_TIME_LIMIT, MAX_TIME_LIMIT = 1, 600


def require_can_run(actor, message: str) -> None:
    """The engine's own permission check: the clerk's role that may compose rosters
    (``selectors.RUN_PERMISSION``); anyone else, or nobody signed in, is refused."""
    if not (getattr(actor, "is_authenticated", False) and actor.has_perm(RUN_PERMISSION)):
        raise PermissionDenied(message)


def default_weights() -> dict:
    return solver.weights_with(None, getattr(settings, "ADMISSIONS_ENGINE_WEIGHTS", {}))


def _weights(overrides) -> dict:
    try:
        return solver.weights_with(overrides, getattr(settings, "ADMISSIONS_ENGINE_WEIGHTS", {}))
    except (TypeError, ValueError) as exc:
        raise ValidationError({"weights": str(exc)}) from None


def _time_limit(value) -> int:
    value = settings.ADMISSIONS_ENGINE_TIME_LIMIT if value is None else value
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"time_limit": "Enter the time limit in whole seconds."}) from None
    if not MIN_TIME_LIMIT <= value <= MAX_TIME_LIMIT:
        raise ValidationError(
            {"time_limit": f"The time limit must be {MIN_TIME_LIMIT} to {MAX_TIME_LIMIT} s."}
        )
    return value


def _one_season(blocks) -> list[HearingBlock]:
    blocks = list(blocks)
    if not blocks:
        raise ValidationError({"blocks": "Choose at least one hearing block."})
    years = {
        b.round.academic_year
        for b in HearingBlock.objects.filter(pk__in=[b.pk for b in blocks]).select_related("round")
    }  # noqa: E501
    if len(years) > 1:
        raise ValidationError({"blocks": "Choose blocks of one academic year (season caps)."})
    return blocks


def _start(run: EngineRun) -> None:
    from .tasks import run_engine

    run_engine.delay_on_commit(run.pk)


@transaction.atomic
def compose_panels(*, actor, blocks, weights=None, time_limit=None, label="") -> EngineRun:
    """Queue a run that composes (or re-composes) the panels and clerks of ``blocks``."""
    require_can_run(actor, "You cannot compose panels.")
    blocks = _one_season(blocks)
    randomise = getattr(settings, "ADMISSIONS_ENGINE_RANDOMISE", False)
    run = EngineRun.objects.create(
        kind=RunKind.COMPOSE,
        label=(label or f"{len(blocks)} hearing block(s)")[:200],
        weights=_weights(weights),
        time_limit=_time_limit(time_limit),
        random_seed=random.SystemRandom().randrange(2**31) if randomise else None,
        blocks_total=len(blocks),
        created_by=actor,
    )
    run.blocks.set(blocks)
    audit.record(actor=actor, verb="admissions.engine.run_started", target=run, blocks=len(blocks))
    _start(run)
    return run


def _queue_replan(
    *, actor, block: HearingBlock, since, label: str, event: str, time_limit, weights,
    excluded=None, withdrawn_member=None, **details,
) -> EngineRun:  # fmt: skip
    """Queue a re-plan after a change to ``block``: a run over the season's booked blocks
    from ``since`` on (and the block itself), starting from the saved roster's panels that
    still stand, with a heavy cost on any other change. Called inside the change's own
    transaction, so a refused run leaves the change unwritten too."""
    scope = HearingBlock.objects.filter(
        round__academic_year=block.round.academic_year, roster__isnull=False
    )
    if since is not None:
        scope = scope.filter(days__date__gte=since)
    blocks = list({b.pk: b for b in [block, *scope.distinct()]}.values())
    chosen = _weights(weights)
    if "change" not in (weights or {}):
        # Moving a booked seat costs (almost) as much as leaving a block unstaffed: at most one
        # other seat moves for each block it lets the engine staff.
        chosen["change"] = max(0, chosen["unstaffed"] - 1)
    run = EngineRun.objects.create(
        kind=RunKind.REPLAN,
        label=label[:200],
        weights=chosen,
        time_limit=_time_limit(time_limit),
        withdrawn_member=withdrawn_member,
        affected_block=block,
        excluded=excluded or {},
        blocks_total=len(blocks),
        created_by=actor,
    )
    run.blocks.set(blocks)
    audit.record(
        actor=actor,
        verb="admissions.engine.replan_started",
        target=run,
        event=event,
        block=block.reference,
        **details,
    )
    _start(run)
    return run


def _first_day(block: HearingBlock):
    return block.days.order_by("date").values_list("date", flat=True).first()


def _days_text(block: HearingBlock) -> str:
    return ", ".join(
        f"{d:%-d %B %Y}" for d in block.days.order_by("date").values_list("date", flat=True)
    )


@transaction.atomic
def replan_after_withdrawal(
    *, actor, block: HearingBlock, member: PanelMember, reason: str, mid_hearing=False,
    time_limit=None, weights=None,
) -> EngineRun:  # fmt: skip
    """The member withdraws from the block (the pool's ``withdraw_member``), and a run re-plans
    the season's booked blocks from that block on, with a heavy cost on any other change. A
    block that was mid-hearing is re-heard with its original panel kept off it."""
    require_can_run(actor, "You cannot change panels.")
    original = list(
        MemberSitting.objects.filter(block=block).values_list("member_id", flat=True).distinct()
    )
    if member.pk not in original:
        raise ValidationError({"member": f"{member} does not sit on {block.reference}."})
    pool_services.withdraw_member(actor=actor, block=block, member=member, reason=reason)
    kept_off = {str(member.pk)} | ({str(i) for i in original} if mid_hearing else set())
    return _queue_replan(
        actor=actor,
        block=block,
        since=_first_day(block),
        label=f"Re-plan after {member} withdrew from {block.reference}",
        event="withdrawal",
        time_limit=time_limit,
        weights=weights,
        excluded={block.reference: sorted(kept_off)},
        withdrawn_member=member,
        member=member.pk,
        mid_hearing=bool(mid_hearing),
    )


@transaction.atomic
def replan_after_block_moved(
    *, actor, block: HearingBlock, dates, reason: str, time_limit=None, weights=None
) -> EngineRun:
    """The block's days change (the pool's ``move_block``), and a run re-plans the season's
    booked blocks from the earlier of its old and new first day on: the block keeps its saved
    panel where the checker still passes it on the new days, and only seats that no longer
    fit should change."""
    require_can_run(actor, "You cannot change panels.")
    old_first = _first_day(block)
    block = pool_services.move_block(actor=actor, block=block, dates=dates, reason=reason)
    since = min(d for d in (old_first, _first_day(block)) if d is not None)
    return _queue_replan(
        actor=actor,
        block=block,
        since=since,
        label=f"Re-plan after {block.reference} moved to {_days_text(block)}",
        event="block_moved",
        time_limit=time_limit,
        weights=weights,
        since_day=str(since),
    )


@transaction.atomic
def replan_after_late_appeal(
    *, actor, block: HearingBlock, reference: str, appellant_name: str, child_name: str,
    lodged_on, time_limit=None, weights=None,
) -> EngineRun:  # fmt: skip
    """An appeal is added late to the block (the pool's ``add_late_appeal``), and a run
    re-plans the season's booked blocks from the block's first day on: a member who declared
    a connection to the new appeal's parties comes off (the checker's rule), and nothing else
    should move."""
    require_can_run(actor, "You cannot change panels.")
    appeal = pool_services.add_late_appeal(
        actor=actor,
        block=block,
        reference=reference,
        appellant_name=appellant_name,
        child_name=child_name,
        lodged_on=lodged_on,
    )
    return _queue_replan(
        actor=actor,
        block=block,
        since=_first_day(block),
        label=f"Re-plan after appeal {appeal.reference} was added late to {block.reference}",
        event="late_appeal",
        time_limit=time_limit,
        weights=weights,
        appeal=appeal.reference,
    )


def execute_run(
    run_id: int, *, workers=None, solution_limit=None, random_seed=0, limits=None
) -> EngineRun:
    """The job: load the season, run the engine, store the result (the checker's verdict is
    already applied by plan.run). Progress is written about once a second."""
    run = EngineRun.objects.get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return run
    EngineRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, phase="Loading")
    try:
        blocks = loading.load_blocks(run.blocks.values_list("pk", flat=True))
        season = loading.load_season(
            blocks, excluded=run.excluded, diversity=run.weights.get("diversity", 0) > 0
        )

        def report(phase, progress, left):
            fields = {"phase": phase[:60], "seconds_left": int(left)}
            if progress is not None:
                fields["blocks_solved"] = progress.blocks_solved
                if progress.objective is not None:
                    fields |= {
                        "solutions": progress.solutions,
                        "best_objective": progress.objective,
                    }
            EngineRun.objects.filter(pk=run.pk).update(**fields)

        outcome = plan.run(
            season,
            run.weights,
            time_limit=run.time_limit,
            workers=workers or settings.ADMISSIONS_ENGINE_WORKERS,
            random_seed=random_seed,
            solution_limit=solution_limit,
            randomise_seed=run.random_seed,
            report=report,
            limits=limits,
        )
    except Exception as exc:  # the clerk sees that it failed; the log has the rest
        EngineRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=str(exc)[:2000])
        raise
    result = outcome.result
    current = season.current
    changes = [
        {
            "block": k,
            "before": roster_as_json({k: current.get(k)})[k],
            "after": roster_as_json({k: p})[k],
        }  # noqa: E501
        for k, p in sorted(outcome.roster.items())
        if current.get(k) != p
    ]
    affected = {run.affected_block.reference} if run.affected_block_id else set()
    EngineRun.objects.filter(pk=run.pk).update(
        status=RunStatus.READY,
        phase="Finished",
        blocks_solved=len(outcome.roster),
        seconds_left=0,
        current=roster_as_json(current),
        proposal=roster_as_json(outcome.roster),
        unstaffed=outcome.unstaffed,
        capacity=[d.as_dict() for d in outcome.days],
        objective=result.objective,
        bound=result.bound,
        gap=result.gap,
        terms=result.terms,
        solver_status=result.status,
        solutions=result.solutions,
        best_objective=result.objective,
        first_feasible_seconds=result.first_feasible_seconds,
        first_lawful_seconds=outcome.first_lawful_seconds,
        workload_floor=result.workload_floor,
        unstaffed_floor=result.unstaffed_floor,
        parts=result.parts,
        greedy=outcome.greedy_figures | {"load": plan.spread(season, outcome.roster)},
        workload=season_load(season, outcome.roster),
        changes=changes,
        seats_changed_elsewhere=(
            seats_changed(current, outcome.roster, outside=affected)
            if run.kind == RunKind.REPLAN
            else None  # noqa: E501
        ),
    )
    run.refresh_from_db()
    return run


def workload(run: EngineRun) -> dict[str, int]:
    """Sittings per member in the proposal (member key -> days): stored by the run when it
    finished; computed from the season only for runs stored before that."""
    if run.workload:
        return run.workload
    blocks = loading.load_blocks(run.blocks.values_list("pk", flat=True))
    season = loading.load_season(blocks)
    return season_load(season, roster_from_json(run.proposal))


def _require_ready(run: EngineRun) -> None:
    if run.status != RunStatus.READY:
        raise ValidationError(f"This run is {run.get_status_display().lower()}, not ready.")


@transaction.atomic
def accept_run(*, actor, run: EngineRun) -> EngineRun:
    """Save the proposal: each changed block's roster through the pool's ``save_roster`` (so
    through the checker again, with today's facts). All or nothing."""
    require_can_run(actor, "You cannot save panels.")
    run = EngineRun.objects.select_for_update().get(pk=run.pk)
    _require_ready(run)
    blocks = {b.reference: b for b in run.blocks.select_related("round")}
    season = loading.load_season(loading.load_blocks([b.pk for b in blocks.values()]))
    if roster_as_json(season.current) != run.current:
        raise ValidationError(
            "The rosters of these blocks changed after this run; run the engine again."
        )
    proposal = roster_from_json(run.proposal)
    changed = [k for k, p in proposal.items() if season.current.get(k) != p]
    ids = [blocks[k].pk for k in changed]
    # Clear every changed block first, so a member moved between two blocks is not refused as
    # double-booked by the block saved first.
    Roster.objects.filter(block_id__in=ids).delete()
    MemberSitting.objects.filter(block_id__in=ids).delete()
    ClerkSitting.objects.filter(block_id__in=ids).delete()
    from ..models import Clerk

    clerks = {str(c.pk): c for c in Clerk.objects.all()}
    for key in changed:
        panel = proposal[key]
        if panel is None:
            continue
        try:
            pool_services.save_roster(
                actor=actor,
                block=blocks[key],
                member_ids=[int(m) for m in panel.members],
                chair_id=int(panel.chair),
                clerk=clerks[panel.clerk],
            )
        except pool_services.RosterBreaches as exc:
            raise ValidationError(
                f"{key}: the checker refused the panel today ("
                + "; ".join(str(b) for b in exc.breaches)
                + "). Run the engine again."
            ) from None
    run.status = RunStatus.ACCEPTED
    run.decided_by, run.decided_at = actor, timezone.now()
    run.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(
        actor=actor,
        verb="admissions.engine.run_accepted",
        target=run,
        blocks_changed=len(changed),
        unstaffed=[u["block"] for u in run.unstaffed],
    )
    return run


@transaction.atomic
def discard_run(*, actor, run: EngineRun) -> EngineRun:
    require_can_run(actor, "You cannot discard runs.")
    run = EngineRun.objects.select_for_update().get(pk=run.pk)
    if run.status in (RunStatus.ACCEPTED, RunStatus.DISCARDED):
        raise ValidationError(f"This run is already {run.get_status_display().lower()}.")
    run.status = RunStatus.DISCARDED
    run.decided_by, run.decided_at = actor, timezone.now()
    run.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(actor=actor, verb="admissions.engine.run_discarded", target=run)
    return run


def _require_member_or_pool_manager(actor, member: PanelMember) -> None:
    """A member states their own preferences; a clerk who keeps the pool may help."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Sign in to change sitting preferences.")
    if member.user_id is not None and member.user_id == actor.pk:
        return
    if not actor.has_perm(pool_services.MANAGE_POOL):
        raise PermissionDenied("You cannot change this member's sitting preferences.")


@transaction.atomic
def set_sitting_preferences(
    *, actor, member: PanelMember, avoid_weekdays=(), avoid_schools=(), mode=""
) -> SittingPreference:
    """Save what the member would rather (weighed by the engine's "preference" objective)."""
    _require_member_or_pool_manager(actor, member)
    try:
        days = sorted({int(d) for d in avoid_weekdays})
    except (TypeError, ValueError):
        message = "Choose weekdays from Monday to Friday."
        raise ValidationError({"avoid_weekdays": message}) from None
    if mode not in Mode.values:
        raise ValidationError({"mode": "Choose remotely, in person or no preference."})
    pref = SittingPreference.objects.select_for_update().filter(member=member).first()
    pref = pref or SittingPreference(member=member)
    pref.avoid_weekdays, pref.mode = days, mode
    pref.full_clean(exclude=["member"])
    pref.save()
    pref.avoid_schools.set(list(avoid_schools))
    audit.record(
        actor=actor,
        verb="admissions.engine.preferences_set",
        target=member,
        weekdays=len(days),
        schools=len(list(avoid_schools)),
        mode=mode,
    )
    return pref
