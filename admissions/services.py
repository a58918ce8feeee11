"""Every write of the admissions module: keyword-only actor, a permission check, one
transaction, one audit record (as registry/services.py: grant_school_access)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from schools_platform.core import audit
from schools_platform.core.notifications import notify

from . import checker, facts
from .models import (
    AvailabilityException,
    Clerk,
    ClerkAvailabilityException,
    ClerkSitting,
    ClerkWeeklyAvailability,
    Declaration,
    HearingBlock,
    MemberSitting,
    PanelMember,
    Roster,
    RosterSeat,
    TrainingRecord,
    WeeklyAvailability,
)

MANAGE_POOL = "admissions.manage_pool"
MANAGE_ROSTERS = "admissions.manage_rosters"
OVERRIDE_ROSTER = "admissions.override_roster"


class RosterBreaches(ValidationError):
    """The proposed roster breaks rules; ``breaches`` lists them (checker.Breach)."""

    def __init__(self, breaches):
        self.breaches = breaches
        super().__init__([str(b) for b in breaches])


def _require(actor, perm: str, message: str) -> None:
    if not (getattr(actor, "is_authenticated", False) and actor.has_perm(perm)):
        raise PermissionDenied(message)


def _require_self_or_pool_manager(actor, person, what: str = "panel member") -> None:
    """A member (or clerk) keeps their own record; the appeals clerk's role keeps everyone's."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(f"Sign in to change a {what}'s record.")
    if person.user_id is not None and person.user_id == actor.pk:
        return
    _require(actor, MANAGE_POOL, f"You cannot change this {what}'s record.")


def _full_clean(obj, **kwargs) -> None:
    obj.full_clean(**kwargs)


def refresh_category(member: PanelMember) -> str:
    """Re-derive the member's category from their declared history (never typed in)."""
    category = checker.derive_category(facts.declared(d) for d in member.declarations.all())
    if category != member.category:
        PanelMember.objects.filter(pk=member.pk).update(category=category)
        member.category = category
    return category


@transaction.atomic
def add_member(*, actor, **fields) -> PanelMember:
    _require(actor, MANAGE_POOL, "You cannot add members to the panel pool.")
    member = PanelMember(**fields)
    _full_clean(member)
    member.save()
    audit.record(actor=actor, verb="admissions.member.added", target=member)
    return member


@transaction.atomic
def update_member(*, actor, member: PanelMember, **fields) -> PanelMember:
    _require(actor, MANAGE_POOL, "You cannot change the panel pool.")
    for name, value in fields.items():
        setattr(member, name, value)
    _full_clean(member)
    member.save()
    audit.record(
        actor=actor, verb="admissions.member.changed", target=member, fields=sorted(fields)
    )
    return member


@transaction.atomic
def declare(*, actor, member: PanelMember, **fields) -> Declaration:
    """Add an item of declared history; the member's category is re-derived."""
    _require_self_or_pool_manager(actor, member)
    declaration = Declaration(member=member, **fields)
    _full_clean(declaration)
    declaration.save()
    category = refresh_category(member)
    audit.record(
        actor=actor,
        verb="admissions.declaration.added",
        target=member,
        kind=declaration.kind,
        category=category,
    )
    return declaration


@transaction.atomic
def end_declaration(*, actor, declaration: Declaration, ended_on) -> Declaration:
    member = declaration.member
    _require_self_or_pool_manager(actor, member)
    declaration.ended_on = ended_on
    _full_clean(declaration)
    declaration.save()
    refresh_category(member)
    audit.record(
        actor=actor, verb="admissions.declaration.ended", target=member, kind=declaration.kind
    )
    return declaration


@transaction.atomic
def record_training(*, actor, member: PanelMember, kind, completed_on, expires_on):
    _require(actor, MANAGE_POOL, "You cannot record panel training.")
    record = TrainingRecord(
        member=member, kind=kind, completed_on=completed_on, expires_on=expires_on
    )
    _full_clean(record)
    record.save()
    audit.record(
        actor=actor,
        verb="admissions.training.recorded",
        target=member,
        kind=kind,
        expires_on=str(expires_on),
    )
    return record


def _replace_weekly(model, owner_field: str, owner, weekdays: dict[int, str]) -> None:
    """Replace a member's or clerk's weekly pattern (``{weekday: mode}`` per day offered)."""
    rows = [model(**{owner_field: owner}, weekday=w, mode=m) for w, m in sorted(weekdays.items())]
    for row in rows:
        row.full_clean(exclude=[owner_field], validate_unique=False)
    model.objects.filter(**{owner_field: owner}).delete()
    model.objects.bulk_create(rows)


def _set_exception(model, owner_field: str, owner, *, date, available, mode, note):
    row, _ = model.objects.update_or_create(
        **{owner_field: owner},
        date=date,
        defaults={"available": available, "mode": mode, "note": note},
    )
    return row


@transaction.atomic
def set_weekly_availability(*, actor, member: PanelMember, weekdays: dict[int, str]) -> None:
    """Replace the member's weekly pattern: ``{weekday: mode}`` for each day offered."""
    _require_self_or_pool_manager(actor, member)
    _replace_weekly(WeeklyAvailability, "member", member, weekdays)
    audit.record(
        actor=actor,
        verb="admissions.availability.changed",
        target=member,
        weekdays=sorted(weekdays),
    )


@transaction.atomic
def set_availability_exception(
    *, actor, member: PanelMember, date, available: bool, mode="either", note=""
) -> AvailabilityException:
    _require_self_or_pool_manager(actor, member)
    exception = _set_exception(
        AvailabilityException,
        "member",
        member,
        date=date,
        available=available,
        mode=mode,
        note=note,
    )
    audit.record(
        actor=actor,
        verb="admissions.availability.exception",
        target=member,
        date=str(date),
        available=available,
    )
    return exception


@transaction.atomic
def set_clerk_weekly_availability(*, actor, clerk: Clerk, weekdays: dict[int, str]) -> None:
    """Replace the clerk's weekly pattern, as a member's: the clerk themselves (their own
    account) or the appeals clerk's role."""
    _require_self_or_pool_manager(actor, clerk, "clerk")
    _replace_weekly(ClerkWeeklyAvailability, "clerk", clerk, weekdays)
    audit.record(
        actor=actor,
        verb="admissions.clerk_availability.changed",
        target=clerk,
        weekdays=sorted(weekdays),
    )


@transaction.atomic
def set_clerk_availability_exception(
    *, actor, clerk: Clerk, date, available: bool, mode="either", note=""
) -> ClerkAvailabilityException:
    _require_self_or_pool_manager(actor, clerk, "clerk")
    exception = _set_exception(
        ClerkAvailabilityException,
        "clerk",
        clerk,
        date=date,
        available=available,
        mode=mode,
        note=note,
    )
    audit.record(
        actor=actor,
        verb="admissions.clerk_availability.exception",
        target=clerk,
        date=str(date),
        available=available,
    )
    return exception


def check_proposal(*, block: HearingBlock, member_ids, chair_id, clerk: Clerk | None):
    """What a proposed roster would break (no write): for the roster page's preview."""
    return checker.check_roster(
        facts.proposal_for(block, member_ids=member_ids, chair_id=chair_id, clerk=clerk)
    )


@transaction.atomic
def save_roster(
    *, actor, block: HearingBlock, member_ids, chair_id, clerk: Clerk, override_reason: str = ""
) -> Roster:
    """Book a panel and clerk for every day of the block, guarded by the checker.

    A roster that breaks a rule is refused, unless a clerk who may override gives a reason:
    then it is saved, the breaches are kept on it and the override is audited. The database
    refuses a second sitting for a member or clerk on the same day whoever writes it."""
    _require(actor, MANAGE_ROSTERS, "You cannot compose appeal panels.")
    block = facts.load_block(block.pk)
    member_ids = [int(i) for i in member_ids]
    breaches = check_proposal(block=block, member_ids=member_ids, chair_id=chair_id, clerk=clerk)
    override_reason = (override_reason or "").strip()
    if breaches and not override_reason:
        raise RosterBreaches(breaches)
    if breaches:
        _require(actor, OVERRIDE_ROSTER, "You cannot save a roster that breaks a rule.")
    hard = [b for b in breaches if b.rule in ("panel_size", "duplicate_member", "one_chair")]
    if hard or clerk is None:
        # These make the roster meaningless or unstorable; no override saves them.
        raise RosterBreaches(hard or [checker.Breach("clerk_missing", "The block has no clerk.")])
    days = [d.date for d in block.days.all()]
    roster, _ = Roster.objects.update_or_create(
        block=block,
        defaults={
            "clerk": clerk,
            "override_reason": override_reason if breaches else "",
            "overridden_breaches": [b.as_dict() for b in breaches],
            "saved_by": actor,
        },
    )
    previous = set(roster.seats.values_list("member_id", flat=True))
    roster.seats.all().delete()
    block.sittings.all().delete()
    block.clerk_sittings.all().delete()
    RosterSeat.objects.bulk_create(
        [RosterSeat(roster=roster, member_id=i, is_chair=(i == int(chair_id))) for i in member_ids]
    )
    try:
        with transaction.atomic():
            MemberSitting.objects.bulk_create(
                [MemberSitting(member_id=i, block=block, date=d) for i in member_ids for d in days]
            )
            ClerkSitting.objects.bulk_create(
                [ClerkSitting(clerk=clerk, block=block, date=d) for d in days]
            )
    except IntegrityError:
        raise ValidationError(
            "A member or the clerk was booked on another block on one of these days while you "
            "were editing; check the roster again."
        ) from None
    audit.record(
        actor=actor,
        verb="admissions.roster.overridden" if breaches else "admissions.roster.saved",
        target=block,
        members=member_ids,
        chair=int(chair_id),
        clerk=clerk.pk,
        breaches=[b.rule for b in breaches],
        reason=override_reason if breaches else "",
    )
    for member in PanelMember.objects.filter(pk__in=set(member_ids) - previous, user__isnull=False):
        notify(
            recipient=member.user,
            kind="admissions.sitting_booked",
            template="core/email/message",
            reason=f"You are booked to sit on appeal panel {block.reference}.",
            context={
                "subject": f"Appeal panel {block.reference}",
                "paragraphs": [
                    f"You are booked to sit on the appeal panel for {block.round}.",
                    "Days: " + ", ".join(f"{d:%-d %B %Y}" for d in days) + ".",
                ],
            },
            dedupe_key=f"admissions.sitting_booked:{block.pk}:{member.pk}:{roster.saved_at:%s}",
        )
    return roster


@transaction.atomic
def withdraw_member(*, actor, block: HearingBlock, member: PanelMember, reason: str) -> None:
    """A member withdraws part-way: the whole block must be re-heard (no two-member panels,
    Code 2022; reference §1.1)."""
    _require(actor, MANAGE_ROSTERS, "You cannot change appeal panels.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason the member withdrew."})
    MemberSitting.objects.filter(block=block, member=member).delete()
    RosterSeat.objects.filter(roster__block=block, member=member).delete()
    HearingBlock.objects.filter(pk=block.pk).update(needs_rehearing=True)
    block.needs_rehearing = True
    audit.record(
        actor=actor,
        verb="admissions.member.withdrew",
        target=block,
        member=member.pk,
        reason=reason,
    )


def _require_not_heard(block: HearingBlock, what: str) -> None:
    """A block whose appeals were already decided has been heard: its days and its appeals
    are the record of that hearing."""
    from .models import Appeal

    decided = Appeal.objects.filter(block=block).exclude(decision="").count()
    if decided:
        raise ValidationError(
            f"{decided} appeal(s) of {block.reference} were already decided: "
            f"a block that has been heard {what}."
        )


def _fmt(day) -> str:
    return f"{day:%-d %B %Y}"


@transaction.atomic
def move_block(*, actor, block: HearingBlock, dates, reason: str) -> HearingBlock:
    """The block's hearing days change. The saved panel stays; its bookings follow it to the
    new days where the member or clerk is free then (the checker shows the block's roster
    breaking a rule where one is not, until the re-plan or the clerk changes it). A notice of
    the hearing already sent was for the old days, so it is cleared: a new one is due."""
    from .models import HearingDay

    _require(actor, MANAGE_ROSTERS, "You cannot move hearing blocks.")
    block = (
        HearingBlock.objects.select_for_update().select_related("round__school").get(pk=block.pk)
    )
    if not (reason or "").strip():
        raise ValidationError({"reason": "Give the reason the block moves."})
    _require_not_heard(block, "cannot move")
    dates = [d for d in dates if d is not None]
    if not dates:
        raise ValidationError({"dates": "Enter at least one hearing day."})
    twice = sorted({d for d in dates if dates.count(d) > 1})
    if twice:
        raise ValidationError({"dates": f"Enter each day once: {_fmt(twice[0])} is entered twice."})
    dates = sorted(dates)
    before = sorted(block.days.values_list("date", flat=True))
    if dates == before:
        raise ValidationError({"dates": "These are the block's days already: enter the new days."})
    days = [HearingDay(block=block, date=d) for d in dates]
    for day in days:
        try:
            day.full_clean(validate_unique=False)
        except ValidationError as exc:
            raise ValidationError({"dates": exc.message_dict.get("date", exc.messages)}) from None
    block.days.all().delete()
    HearingDay.objects.bulk_create(days)
    members = list(
        RosterSeat.objects.filter(roster__block=block).values_list("member_id", flat=True)
    )
    clerk = Roster.objects.filter(block=block).values_list("clerk_id", flat=True).first()
    block.sittings.all().delete()
    block.clerk_sittings.all().delete()
    busy = set(
        MemberSitting.objects.filter(member_id__in=members, date__in=dates).values_list(
            "member_id", "date"
        )
    )
    MemberSitting.objects.bulk_create(
        [
            MemberSitting(member_id=m, block=block, date=d)
            for m in members
            for d in dates
            if (m, d) not in busy
        ]
    )
    taken = set()
    if clerk is not None:
        taken = set(
            ClerkSitting.objects.filter(clerk_id=clerk, date__in=dates).values_list(
                "date", flat=True
            )
        )
        ClerkSitting.objects.bulk_create(
            [ClerkSitting(clerk_id=clerk, block=block, date=d) for d in dates if d not in taken]
        )
    notice = block.notice_sent_on
    if notice is not None:
        HearingBlock.objects.filter(pk=block.pk).update(notice_sent_on=None)
        block.notice_sent_on = None
    audit.record(
        actor=actor,
        verb="admissions.block.moved",
        target=block,
        before=[str(d) for d in before],
        after=[str(d) for d in dates],
        reason=reason,
        notice_cleared=str(notice) if notice else "",
    )
    _tell_panel_of_move(block, dates, members, clerk, busy, taken)
    return block


def _tell_panel_of_move(block, dates, member_ids, clerk_id, busy, clerk_busy) -> None:
    """Each member and the clerk of the moved block (with an account) is told its new days,
    and which of them they are already booked elsewhere on: the clerk confirms who sits then.
    Once per person and set of days (a second move is a new message)."""
    days = ", ".join(_fmt(d) for d in dates)
    key = ",".join(str(d) for d in dates)
    people = [
        (member.user, {d for m, d in busy if m == member.pk}, f"member:{member.pk}")
        for member in PanelMember.objects.filter(pk__in=member_ids, user__isnull=False)
        .select_related("user")
        .order_by("pk")
    ]
    if clerk_id is not None:
        people += [
            (c.user, clerk_busy, f"clerk:{c.pk}")
            for c in Clerk.objects.filter(pk=clerk_id, user__isnull=False).select_related("user")
        ]
    for user, elsewhere, who in people:
        paragraphs = [
            f"The hearing days of appeal panel {block.reference} ({block.round}) have changed.",
            f"New days: {days}.",
        ]
        if elsewhere:
            paragraphs.append(
                "You are already booked on another panel on "
                + ", ".join(_fmt(d) for d in sorted(elsewhere))
                + ": the clerk will confirm who sits on this panel then."
            )
        notify(
            recipient=user,
            kind="admissions.block_moved",
            template="core/email/message",
            reason=f"You are booked on appeal panel {block.reference}.",
            context={
                "subject": f"Appeal panel {block.reference}: new days",
                "paragraphs": paragraphs,
            },
            dedupe_key=f"admissions.block_moved:{block.pk}:{who}:{key}",
        )


@transaction.atomic
def add_late_appeal(
    *, actor, block: HearingBlock, reference: str, appellant_name: str, child_name: str, lodged_on
):
    """An appeal lodged after the block was arranged joins it: its parties' names are then
    compared with every member's declared connections (the checker's appellant rule)."""
    from .models import Appeal

    _require(actor, MANAGE_ROSTERS, "You cannot add appeals to hearing blocks.")
    block = HearingBlock.objects.select_for_update().get(pk=block.pk)
    _require_not_heard(block, "takes no new appeals")
    appeal = Appeal(
        block=block,
        reference=(reference or "").strip(),
        appellant_name=(appellant_name or "").strip(),
        child_name=(child_name or "").strip(),
        lodged_on=lodged_on,
    )
    _full_clean(appeal)
    appeal.save()
    audit.record(
        actor=actor,
        verb="admissions.appeal.added_late",
        target=block,
        appeal=appeal.reference,
        lodged_on=str(lodged_on),
    )
    return appeal


# --- deadlines: what was sent, and the clerks' reminders --------------------------------------


@transaction.atomic
def record_notice_sent(*, actor, block: HearingBlock, sent_on) -> HearingBlock:
    """The appellants of the block were sent notice of the hearing on ``sent_on``."""
    _require(actor, MANAGE_ROSTERS, "You cannot record notices of hearings.")
    if sent_on is None:
        raise ValidationError({"sent_on": "Enter the date the notice was sent."})
    HearingBlock.objects.filter(pk=block.pk).update(notice_sent_on=sent_on)
    block.notice_sent_on = sent_on
    audit.record(actor=actor, verb="admissions.notice.sent", target=block, sent_on=str(sent_on))
    return block


@transaction.atomic
def record_decision_letters_sent(*, actor, block: HearingBlock, sent_on) -> int:
    """Every decided appeal of the block still waiting for its letter was sent it on
    ``sent_on``. Returns how many."""
    from .models import Appeal

    _require(actor, MANAGE_ROSTERS, "You cannot record decision letters.")
    if sent_on is None:
        raise ValidationError({"sent_on": "Enter the date the letters were sent."})
    count = Appeal.objects.filter(
        block=block, withdrawn_on__isnull=True, decision_letter_sent_on__isnull=True
    ).update(decision_letter_sent_on=sent_on)
    audit.record(
        actor=actor, verb="admissions.letters.sent", target=block, sent_on=str(sent_on), count=count
    )
    return count


DEADLINE_KIND = "admissions.deadline"


def _deadline_recipients(item, rosters, clerks_by_authority) -> list[tuple]:
    """The block's clerk when the block has a roster; else the authority's active clerks.
    (account or address) pairs."""
    if item.block_id in rosters:
        people = [rosters[item.block_id]]
    else:
        people = clerks_by_authority.get(item.authority_id, [])
    return [(c.user, c.email) for c in people if c.user_id or c.email]


def send_deadline_reminders(*, today=None) -> dict[str, int]:
    """Daily: tell the clerks about each deadline due soon or overdue, through the platform's
    notifications, once per deadline, status and person however often the task runs."""
    import datetime as dt

    from django.utils import timezone

    from . import deadlines

    today = today or timezone.localdate()
    items = deadlines.all_due(today=today)
    rosters = {
        r.block_id: r.clerk
        for r in Roster.objects.filter(
            block_id__in={i.block_id for i in items if i.block_id}
        ).select_related("clerk__user")
    }
    clerks_by_authority: dict[int, list] = {}
    for clerk in Clerk.objects.filter(active=True).select_related("user"):
        clerks_by_authority.setdefault(clerk.authority_id, []).append(clerk)
    sent = skipped = 0
    for item in items:
        recipients = _deadline_recipients(item, rosters, clerks_by_authority)
        if not recipients:
            skipped += 1
            continue
        due = f"{item.due_on:%-d %B %Y}" if isinstance(item.due_on, dt.date) else "not known"
        with transaction.atomic():
            for user, email in recipients:
                who = f"user{user.pk}" if user else email.lower()
                notification = notify(
                    recipient=user,
                    to_email="" if user else email,
                    kind=DEADLINE_KIND,
                    template="core/email/message",
                    reason=f"{item.title}: {item.status_label.lower()} (due {due}).",
                    context={
                        "subject": f"Appeals: {item.status_label.lower()}: {item.title}",
                        "paragraphs": [
                            f"{item.title}.",
                            f"Due: {due}. {item.source}.",
                            "See the appeals dashboard: /appeals/due/",
                        ],
                    },
                    dedupe_key=f"{DEADLINE_KIND}:{item.key}:{item.due_on}:{item.status}:{who}",
                )
                sent += notification is not None
    return {"reminded": sent, "no_recipient": skipped}


# --- outcomes, and the appellants' own equality answers ---------------------------------------


@transaction.atomic
def record_outcome(*, actor, appeal, **outcome):
    """Record an appeal's outcome (attendance, findings, decision, vote, reasons) or its
    withdrawal; ``Appeal.clean`` holds the rules (a decision needs reasons, a stage 1 finding
    and a date; a withdrawn appeal has no decision)."""
    from .models import Appeal

    _require(actor, MANAGE_ROSTERS, "You cannot record appeal outcomes.")
    allowed = {
        "withdrawn_on",
        "appellant_attended",
        "stage_one_finding",
        "stage_two_finding",
        "decision",
        "votes_for",
        "votes_against",
        "reasons",
        "decided_on",
    }
    unknown = set(outcome) - allowed
    if unknown:
        raise ValidationError({"outcome": f"Unknown field(s): {', '.join(sorted(unknown))}."})
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    for name, value in outcome.items():
        setattr(appeal, name, "" if value is None and name in _TEXT_OUTCOME else value)
    _full_clean(appeal)
    appeal.save()
    audit.record(
        actor=actor,
        verb="admissions.appeal.outcome",
        target=appeal,
        decision=appeal.decision,
        withdrawn=appeal.withdrawn_on is not None,
    )
    return appeal


_TEXT_OUTCOME = {"stage_one_finding", "stage_two_finding", "decision", "reasons"}


@transaction.atomic
def record_appellant_answers(*, actor, appeal, answers: dict, consent_wording: str):
    """The appellant's optional equality monitoring answers, given on the landed form through
    their link. They are stored by the equality module, apart from the appeal, under a
    reference only (``monitoring.appellant_reference``); nobody in this module reads them
    except as published counts. One live set of answers per appeal."""
    from schools_platform.equality import services as equality_services
    from schools_platform.equality.selectors import reportable_profiles

    from .monitoring import APPELLANT_PURPOSE, appellant_reference

    reference = appellant_reference(appeal)
    if (
        reportable_profiles()
        .filter(purpose=APPELLANT_PURPOSE, subject_reference=reference)
        .exists()
    ):
        raise ValidationError(
            {"answers": "Answers have already been given for this appeal. Thank you."}
        )
    profile = equality_services.record_profile(
        actor=actor,
        purpose=APPELLANT_PURPOSE,
        user=None,
        school=None,
        subject_reference=reference,
        answers=answers,
        consent_wording=consent_wording,
    )
    # record_profile writes the audit row (without the answers, and naming no person).
    return profile


# --- the appellant's link to the monitoring form ----------------------------------------------

APPELLANT_LINK_SALT = "admissions.appellant-monitoring"
APPELLANT_LINK_DAYS = 365


def appellant_link_token(appeal) -> str:
    """A signed token naming the appeal, for the link the clerk sends with the notice."""
    from django.core import signing

    return signing.dumps(appeal.reference, salt=APPELLANT_LINK_SALT, compress=True)


def appeal_reference_for_token(token: str) -> str | None:
    """The appeal reference a link's token names, if it is genuine and under a year old."""
    from django.core import signing

    try:
        return signing.loads(token, salt=APPELLANT_LINK_SALT, max_age=APPELLANT_LINK_DAYS * 86400)
    except signing.BadSignature:  # tampered, forged or expired (SignatureExpired)
        return None


def _appellants_live_answers(token: str):
    """The live answers the link's appeal has, found through the link only: the link is the
    appellant's proof (they have no account). PermissionDenied for a bad or expired link,
    ValidationError when there are no answers to change."""
    from schools_platform.equality.selectors import live_profile_for_reference

    from .monitoring import APPELLANT_PREFIX, APPELLANT_PURPOSE

    reference = appeal_reference_for_token(token)
    if reference is None:
        raise PermissionDenied("This link is not valid.")
    subject = f"{APPELLANT_PREFIX}{reference}"
    profile = live_profile_for_reference(purpose=APPELLANT_PURPOSE, subject_reference=subject)
    if profile is None:
        raise ValidationError({"answers": "There are no answers for this appeal to change."})
    return profile, subject


@transaction.atomic
def change_appellant_answers(*, actor, token: str, answers: dict, consent_wording: str):
    """The appellant replaces their own answers, from the link they answered through. The
    equality module checks the answers and writes the audit row (never the answers)."""
    from schools_platform.equality import services as equality_services

    profile, subject = _appellants_live_answers(token)
    return equality_services.update_profile(
        actor=actor,
        profile=profile,
        answers=answers,
        consent_wording=consent_wording,
        proven_reference=subject,
    )


@transaction.atomic
def withdraw_appellant_answers(*, actor, token: str):
    """The appellant withdraws their own answers, from their link: the answers are wiped and
    leave every figure from now on (DPA 2018 Sch. 1 para 8(5)); audited by the equality
    module."""
    from schools_platform.equality import services as equality_services

    profile, subject = _appellants_live_answers(token)
    return equality_services.withdraw_profile(
        actor=actor, profile=profile, proven_reference=subject
    )


def appellant_has_answered(appeal) -> bool:
    """Whether the appeal has live answers (for the link's page: answer, or change/withdraw)."""
    from schools_platform.equality.selectors import live_profile_for_reference

    from .monitoring import APPELLANT_PURPOSE, appellant_reference

    return (
        live_profile_for_reference(
            purpose=APPELLANT_PURPOSE, subject_reference=appellant_reference(appeal)
        )
        is not None
    )


# --- the pool in the representation report (group "appeal_panel") ------------------------------

POOL_GROUP = "appeal_panel"


def pool_recorded_for(year: int) -> bool:
    from schools_platform.representation.models import GroupMembership

    return GroupMembership.objects.filter(group=POOL_GROUP, year=year).exists()


@transaction.atomic
def record_pool_for_representation(*, actor, year: int) -> int:
    """Record the year's pool (members appointed in that year) in the representation report's
    group "appeal_panel", each linked to the member's own live answers if they gave any, so
    the officers' report compares the pool with pupils and the community. Once a year."""
    from django.db.models import Q

    from schools_platform.equality.models import EqualityProfile
    from schools_platform.equality.selectors import reportable_profiles
    from schools_platform.representation.services import record_membership

    _require(actor, MANAGE_POOL, "You cannot record the panel pool for monitoring.")
    if pool_recorded_for(year):
        raise ValidationError(
            {"year": f"The pool of {year} is already recorded for the representation report."}
        )
    members = list(
        PanelMember.objects.filter(active=True, appointed_on__year__lte=year)
        .filter(Q(appointment_ends_on__isnull=True) | Q(appointment_ends_on__year__gte=year))
        .values_list("pk", flat=True)
    )
    pairs = dict(
        reportable_profiles()
        .filter(purpose=EqualityProfile.Purpose.PANEL_MEMBER, user__panel_member__in=members)
        .values_list("user__panel_member", "pk")
    )
    rows = EqualityProfile.objects.only("pk").in_bulk(list(pairs.values()))  # links, no answers
    profiles = {member: rows[pk] for member, pk in pairs.items()}
    for pk in members:
        record_membership(
            actor=actor, group=POOL_GROUP, stage="appointed", year=year, profile=profiles.get(pk)
        )
    audit.record(
        actor=actor, verb="admissions.pool.representation_recorded", year=year, count=len(members)
    )
    return len(members)


@transaction.atomic
def record_advert(*, actor, authority, published_on, closes_on, where: str):
    """An advert for lay members (every three years, at least 21 days for replies)."""
    from .models import PoolAdvert

    _require(actor, MANAGE_POOL, "You cannot record adverts for panel members.")
    advert = PoolAdvert(
        authority=authority, published_on=published_on, closes_on=closes_on, where=where
    )
    _full_clean(advert)
    advert.save()
    audit.record(
        actor=actor,
        verb="admissions.pool.advertised",
        target=advert,
        published_on=str(published_on),
    )
    return advert


def record_monitoring_export(*, actor, table: str, filters: dict) -> None:
    """Each monitoring download (counts after disclosure control) is audited: who, which
    table, at which level. The clerk's role only."""
    _require(actor, "admissions.view_panelmember", "You cannot download appeals monitoring.")
    audit.record(
        actor=actor,
        verb="admissions.monitoring.exported",
        table=table,
        filters={k: (v.pk if hasattr(v, "pk") else v) for k, v in filters.items() if v},
    )
