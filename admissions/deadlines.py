"""What is due and overdue for the clerks: the Code's deadlines (admissions/school_days.py)
applied to the season's rounds, blocks and appeals.

One read for the dashboard and the reminder task, so the two never disagree. A fixed number of
queries whatever the size of the season (each authority's calendar is read once).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from . import school_days
from .models import Appeal, AppealRound, HearingBlock, HearingDay, NonSchoolDay, RoundKind, Term

SOON_SCHOOL_DAYS = 5  # "due soon": within this many school days

OVERDUE = "overdue"
DUE_SOON = "due_soon"
LATE_BOOKED = "late_booked"  # a hearing booked after its deadline
NO_CALENDAR = "no_calendar"
STATUS_LABELS = {
    OVERDUE: "Overdue",
    LATE_BOOKED: "Booked after the deadline",
    DUE_SOON: "Due soon",
    NO_CALENDAR: "Term dates missing",
}


@dataclass(frozen=True)
class DueItem:
    key: str  # stable: the reminder's dedupe key is built from it
    what: str  # "hearing", "notice", "decision_letter", "timetable", "lodging"
    title: str
    due_on: dt.date | None
    status: str
    authority_id: int
    block_id: int | None = None
    source: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


class _Block(NamedTuple):
    pk: int
    reference: str
    notice_sent_on: dt.date | None


class _Appeal(NamedTuple):
    pk: int
    block_id: int
    reference: str
    lodged_on: dt.date | None
    decision: str
    decision_letter_sent_on: dt.date | None


def _calendars(authority_ids) -> dict[int, school_days.SchoolCalendar]:
    terms, closures = {}, {}
    for authority_id, start, end in Term.objects.filter(authority_id__in=authority_ids).values_list(
        "authority_id", "starts_on", "ends_on"
    ):
        terms.setdefault(authority_id, []).append((start, end))
    for authority_id, day in NonSchoolDay.objects.filter(
        authority_id__in=authority_ids
    ).values_list("authority_id", "date"):
        closures.setdefault(authority_id, set()).add(day)
    return {
        a: school_days.SchoolCalendar(terms=terms.get(a, []), closures=closures.get(a, set()))
        for a in authority_ids
    }


def _status(calendar, today: dt.date, due_on: dt.date) -> str | None:
    if today > due_on:
        return OVERDUE
    try:
        soon = calendar.add_school_days(today, SOON_SCHOOL_DAYS)
    except school_days.CalendarGap:
        soon = today + dt.timedelta(days=7)
    return DUE_SOON if due_on <= soon else None


def due_items(rounds, *, today: dt.date) -> list[DueItem]:
    """Every deadline of these rounds that is overdue, due soon, or cannot be counted.

    ``rounds`` is a queryset of AppealRound already scoped to the caller."""
    rounds = list(rounds.select_related("school"))
    round_ids = [r.pk for r in rounds]
    # Blocks, their days and their appeals read as tuples (thousands of rows at scale).
    blocks_of: dict[int, list[_Block]] = {}
    block_ids = []
    for pk, round_id, reference, notice_sent_on in HearingBlock.objects.filter(
        round_id__in=round_ids
    ).values_list("pk", "round_id", "reference", "notice_sent_on"):
        blocks_of.setdefault(round_id, []).append(_Block(pk, reference, notice_sent_on))
        block_ids.append(pk)
    days_of: dict[int, list[dt.date]] = {}
    for block_id, day in HearingDay.objects.filter(block__round_id__in=round_ids).values_list(
        "block_id", "date"
    ):
        days_of.setdefault(block_id, []).append(day)
    appeals_of: dict[int, list[_Appeal]] = {}
    appeal_fields = ("pk", "block_id", "reference", "lodged_on", "decision")
    for row in Appeal.objects.filter(
        block__round_id__in=round_ids, withdrawn_on__isnull=True
    ).values_list(*appeal_fields, "decision_letter_sent_on"):
        appeals_of.setdefault(row[1], []).append(_Appeal(*row))
    calendars = _calendars({r.authority_id for r in rounds})
    out: list[DueItem] = []
    for rnd in rounds:
        cal = calendars[rnd.authority_id]

        def add(key, what, title, due_on, source, block=None, *, rnd=rnd, cal=cal):
            status = _status(cal, today, due_on)
            if status:
                out.append(
                    DueItem(key, what, title, due_on, status, rnd.authority_id,
                            block.pk if block else None, source)
                )  # fmt: skip

        def gap(key, what, title, block=None, *, rnd=rnd):
            out.append(
                DueItem(key, what, title, None, NO_CALENDAR, rnd.authority_id,
                        block.pk if block else None, "Enter the authority's term dates")
            )  # fmt: skip

        if rnd.kind == RoundKind.NORMAL and rnd.timetable_published_on is None:
            add(
                f"timetable:{rnd.pk}",
                "timetable",
                f"Publish the appeals timetable: {rnd}",
                school_days.timetable_due(rnd.academic_year),
                "Code: timetable published by 28 February (ref §1.5)",
            )
        if rnd.lodging_deadline and rnd.lodging_deadline >= today:
            add(
                f"lodging:{rnd.pk}",
                "lodging",
                f"Lodging window closes: {rnd}",
                rnd.lodging_deadline,
                "Code: at least 20 school days to lodge (ref §1.5)",
            )
        for block in blocks_of.get(rnd.pk, []):
            days = sorted(days_of.get(block.pk, []))
            appeals = appeals_of.get(block.pk, [])
            first = days[0] if days else None
            if first and block.notice_sent_on is None and appeals:
                try:
                    due = school_days.notice_by(cal, first, rnd.notice_school_days)
                    add(
                        f"notice:{block.pk}:{first.isoformat()}",
                        "notice",
                        f"Send notice of the hearing: block {block.reference}",
                        due,
                        "Code 2022 §2 Notification: at least 10 school days",
                        block,
                    )
                except school_days.CalendarGap:
                    gap(
                        f"notice:{block.pk}", "notice", f"Notice for block {block.reference}", block
                    )
            # Hearing within 40 school days of the lodging deadline (normal) or 30 of lodging.
            for appeal in appeals:
                if appeal.decision:
                    continue
                start = rnd.lodging_deadline if rnd.kind == RoundKind.NORMAL else appeal.lodged_on
                if start is None:
                    continue
                try:
                    due = school_days.hearing_due_by(cal, kind=rnd.kind, start=start)
                except school_days.CalendarGap:
                    gap(
                        f"hearing:{appeal.pk}",
                        "hearing",
                        f"Hearing of appeal {appeal.reference}",
                        block,
                    )
                    continue
                source = (
                    "Code: hear within 40 school days (normal) or 30 (late, in-year) (ref §1.5)"
                )
                if first and first > due:
                    out.append(
                        DueItem(f"hearing:{appeal.pk}", "hearing",
                                f"Appeal {appeal.reference} is booked after its deadline",
                                due, LATE_BOOKED, rnd.authority_id, block.pk, source)
                    )  # fmt: skip
                elif first is None:
                    title = f"Book a hearing for appeal {appeal.reference}"
                    add(f"hearing:{appeal.pk}", "hearing", title, due, source, block)
            # Decision letters within 5 school days of the last hearing day.
            if days and days[-1] <= today:
                pending = [a for a in appeals if a.decision_letter_sent_on is None]
                if pending:
                    try:
                        due = school_days.decision_letter_due(cal, days[-1])
                        add(
                            f"letters:{block.pk}:{days[-1].isoformat()}",
                            "decision_letter",
                            f"Send {len(pending)} decision letter(s): block {block.reference}",
                            due,
                            "Code: decision letters within 5 school days (ref §1.5)",
                            block,
                        )
                    except school_days.CalendarGap:
                        gap(
                            f"letters:{block.pk}",
                            "decision_letter",
                            f"Decision letters for block {block.reference}",
                            block,
                        )
    order = {OVERDUE: 0, LATE_BOOKED: 1, NO_CALENDAR: 2, DUE_SOON: 3}
    out.sort(key=lambda i: (order[i.status], i.due_on or dt.date.max, i.key))
    return out


def rounds_in_season(today: dt.date):
    """Rounds of the current and the next academic year (September to August)."""
    year = today.year if today.month >= 9 else today.year - 1
    return AppealRound.objects.filter(academic_year__gte=year - 1, academic_year__lte=year + 1)


POOL_SOON_DAYS = 60  # appointments ending and the advert cycle: warned two months ahead


def pool_items(*, today: dt.date) -> list[DueItem]:
    """The pool's own deadlines: advertise for lay members every three years (21 days for
    replies), and appointments ending (re-appoint or replace). Three queries."""
    from .models import ADVERT_CYCLE_YEARS, PanelMember, PoolAdvert

    out: list[DueItem] = []
    soon = today + dt.timedelta(days=POOL_SOON_DAYS)
    members = list(
        PanelMember.objects.filter(active=True).values_list(
            "pk", "full_name", "authority_id", "appointment_ends_on"
        )
    )
    last = {}
    for authority_id, published in PoolAdvert.objects.values_list("authority_id", "published_on"):
        last[authority_id] = max(published, last.get(authority_id, published))
    source = "Code: advertise for lay members every three years, 21 days for replies (ref §1)"
    for authority_id in sorted({a for _pk, _n, a, _e in members}):
        published = last.get(authority_id)
        if published is None:
            out.append(
                DueItem(f"advert:{authority_id}", "advert",
                        "Advertise for lay members: no advert is recorded", None, OVERDUE,
                        authority_id, None, source)
            )  # fmt: skip
            continue
        try:
            due = published.replace(year=published.year + ADVERT_CYCLE_YEARS)
        except ValueError:  # 29 February
            due = published.replace(year=published.year + ADVERT_CYCLE_YEARS, day=28)
        status = OVERDUE if today > due else (DUE_SOON if due <= soon else None)
        if status:
            out.append(
                DueItem(f"advert:{authority_id}:{published.isoformat()}", "advert",
                        f"Advertise for lay members (last advert {published:%-d %B %Y})", due,
                        status, authority_id, None, source)
            )  # fmt: skip
    for pk, name, authority_id, ends in members:
        if ends is None or ends > soon:
            continue
        out.append(
            DueItem(f"appointment:{pk}:{ends.isoformat()}", "appointment",
                    f"Re-appoint or replace {name}: appointment ends {ends:%-d %B %Y}", ends,
                    OVERDUE if today > ends else DUE_SOON, authority_id, None,
                    "Members are appointed for a term by the authority (SI 2012/9 Schedule)")
        )  # fmt: skip
    return out


def all_due(*, today: dt.date) -> list[DueItem]:
    """The season's deadlines and the pool's, in one order (dashboard and reminders)."""
    items = due_items(rounds_in_season(today), today=today) + pool_items(today=today)
    order = {OVERDUE: 0, LATE_BOOKED: 1, NO_CALENDAR: 2, DUE_SOON: 3}
    items.sort(key=lambda i: (order[i.status], i.due_on or dt.date.min, i.key))
    return items
