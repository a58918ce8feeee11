"""What is due and overdue for the clerks: the Code's deadlines (admissions/school_days.py)
applied to the season's rounds, blocks and appeals.

One read for the dashboard and the reminder task, so the two never disagree. A fixed number of
queries whatever the size of the season (each authority's calendar is read once).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import Count, Max, Min, Q

from schools_platform.registry.models import School

from . import school_days
from .models import Appeal, AppealRound, HearingBlock, NonSchoolDay, RoundKind, Term

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


class _Round(NamedTuple):
    pk: int
    authority_id: int
    school_name: str
    academic_year: int
    kind: str
    year_group: str
    lodging_deadline: dt.date | None
    notice_school_days: int
    timetable_published_on: dt.date | None

    def label(self) -> str:
        """The round as ``AppealRound.__str__`` words it (built only for a row shown)."""
        return str(
            AppealRound(
                school=School(name=self.school_name),
                academic_year=self.academic_year,
                kind=self.kind,
                year_group=self.year_group,
            )
        )


_ROUND_FIELDS = (
    "pk",
    "authority_id",
    "school__name",
    "academic_year",
    "kind",
    "year_group",
    "lodging_deadline",
    "notice_school_days",
    "timetable_published_on",
)


class _Block(NamedTuple):
    pk: int
    reference: str
    notice_sent_on: dt.date | None
    first: dt.date | None  # first and last hearing day
    last: dt.date | None
    appeals: int  # appeals not withdrawn
    letters_pending: int  # of those, decision letters not yet sent


class _Appeal(NamedTuple):  # an appeal not withdrawn and not yet decided
    pk: int
    reference: str
    lodged_on: dt.date


def _calendars(authority_ids) -> dict[int, school_days.SchoolCalendar]:
    terms, closures = {}, {}
    for authority_id, start, end in (
        Term.objects.filter(authority_id__in=authority_ids)
        .order_by()
        .values_list("authority_id", "starts_on", "ends_on")
    ):
        terms.setdefault(authority_id, []).append((start, end))
    for authority_id, day in (
        NonSchoolDay.objects.filter(authority_id__in=authority_ids)
        .order_by()
        .values_list("authority_id", "date")
    ):
        closures.setdefault(authority_id, set()).add(day)
    return {
        a: school_days.SchoolCalendar(terms=terms.get(a, []), closures=closures.get(a, set()))
        for a in authority_ids
    }


def _season_rows(rounds):
    """The rounds, their blocks (hearing days and appeals counted in the database) and the
    appeals still to be decided, as tuples: four queries, no model instances."""
    round_ids = rounds.order_by().values("pk")
    round_rows = [_Round(*row) for row in rounds.order_by().values_list(*_ROUND_FIELDS)]
    live = Q(appeals__withdrawn_on__isnull=True)
    blocks_of: dict[int, list[_Block]] = {}
    for round_id, *row in (
        HearingBlock.objects.filter(round__in=round_ids)
        .order_by()
        .annotate(
            first=Min("days__date"),
            last=Max("days__date"),
            live=Count("appeals", filter=live, distinct=True),
            pending=Count(
                "appeals",
                filter=live & Q(appeals__decision_letter_sent_on__isnull=True),
                distinct=True,
            ),
        )
        .values_list(
            "round_id", "pk", "reference", "notice_sent_on", "first", "last", "live", "pending"
        )
    ):
        blocks_of.setdefault(round_id, []).append(_Block(*row))
    undecided_of: dict[int, list[_Appeal]] = {}
    for block_id, *row in (
        Appeal.objects.filter(block__round__in=round_ids, withdrawn_on__isnull=True, decision="")
        .order_by()
        .values_list("block_id", "pk", "reference", "lodged_on")
    ):
        undecided_of.setdefault(block_id, []).append(_Appeal(*row))
    return round_rows, blocks_of, undecided_of


def due_items(rounds, *, today: dt.date) -> list[DueItem]:
    """Every deadline of these rounds that is overdue, due soon, or cannot be counted.

    ``rounds`` is a queryset of AppealRound already scoped to the caller. Each count is made
    once per request for each distinct start (a normal round's appeals share the lodging
    deadline), and a row's title is written only when the row is shown."""
    round_rows, blocks_of, undecided_of = _season_rows(rounds)
    calendars = _calendars({r.authority_id for r in round_rows})
    soon_of: dict[int, dt.date] = {}
    hearing_due: dict[tuple, dt.date | None] = {}
    out: list[DueItem] = []

    def status(rnd, due_on: dt.date) -> str | None:
        if today > due_on:
            return OVERDUE
        soon = soon_of.get(rnd.authority_id)
        if soon is None:
            try:
                soon = calendars[rnd.authority_id].add_school_days(today, SOON_SCHOOL_DAYS)
            except school_days.CalendarGap:
                soon = today + dt.timedelta(days=7)
            soon_of[rnd.authority_id] = soon
        return DUE_SOON if due_on <= soon else None

    def add(rnd, key, what, title, due_on, source, block=None):
        """``title`` is a function: called only for a row that is due."""
        state = status(rnd, due_on)
        if state:
            out.append(
                DueItem(key, what, title(), due_on, state, rnd.authority_id,
                        block.pk if block else None, source)
            )  # fmt: skip

    def gap(rnd, key, what, title, block=None):
        out.append(
            DueItem(key, what, title, None, NO_CALENDAR, rnd.authority_id,
                    block.pk if block else None, "Enter the authority's term dates")
        )  # fmt: skip

    def hearing_due_by(rnd, start: dt.date) -> dt.date | None:
        """The hearing deadline from ``start`` (None: the calendar cannot count it)."""
        key = (rnd.authority_id, rnd.kind == RoundKind.NORMAL, start)
        if key not in hearing_due:
            try:
                hearing_due[key] = school_days.hearing_due_by(
                    calendars[rnd.authority_id], kind=rnd.kind, start=start
                )
            except school_days.CalendarGap:
                hearing_due[key] = None
        return hearing_due[key]

    for rnd in round_rows:
        cal = calendars[rnd.authority_id]
        if rnd.kind == RoundKind.NORMAL and rnd.timetable_published_on is None:
            add(
                rnd,
                f"timetable:{rnd.pk}",
                "timetable",
                lambda rnd=rnd: f"Publish the appeals timetable: {rnd.label()}",
                school_days.timetable_due(rnd.academic_year),
                "Code: timetable published by 28 February (ref §1.5)",
            )
        if rnd.lodging_deadline and rnd.lodging_deadline >= today:
            add(
                rnd,
                f"lodging:{rnd.pk}",
                "lodging",
                lambda rnd=rnd: f"Lodging window closes: {rnd.label()}",
                rnd.lodging_deadline,
                "Code: at least 20 school days to lodge (ref §1.5)",
            )
        for block in blocks_of.get(rnd.pk, []):
            first = block.first
            if first and block.notice_sent_on is None and block.appeals:
                try:
                    due = school_days.notice_by(cal, first, rnd.notice_school_days)
                    add(
                        rnd,
                        f"notice:{block.pk}:{first.isoformat()}",
                        "notice",
                        lambda block=block: f"Send notice of the hearing: block {block.reference}",
                        due,
                        "Code 2022 §2 Notification: at least 10 school days",
                        block,
                    )
                except school_days.CalendarGap:
                    gap(
                        rnd,
                        f"notice:{block.pk}",
                        "notice",
                        f"Notice for block {block.reference}",
                        block,
                    )
            # Hearing within 40 school days of the lodging deadline (normal) or 30 of lodging.
            source = "Code: hear within 40 school days (normal) or 30 (late, in-year) (ref §1.5)"
            for appeal in undecided_of.get(block.pk, []):
                start = rnd.lodging_deadline if rnd.kind == RoundKind.NORMAL else appeal.lodged_on
                if start is None:
                    continue
                due = hearing_due_by(rnd, start)
                if due is None:
                    gap(
                        rnd,
                        f"hearing:{appeal.pk}",
                        "hearing",
                        f"Hearing of appeal {appeal.reference}",
                        block,
                    )
                    continue
                if first and first > due:
                    out.append(
                        DueItem(f"hearing:{appeal.pk}", "hearing",
                                f"Appeal {appeal.reference} is booked after its deadline",
                                due, LATE_BOOKED, rnd.authority_id, block.pk, source)
                    )  # fmt: skip
                elif first is None:
                    add(
                        rnd,
                        f"hearing:{appeal.pk}",
                        "hearing",
                        lambda appeal=appeal: f"Book a hearing for appeal {appeal.reference}",
                        due,
                        source,
                        block,
                    )
            # Decision letters within 5 school days of the last hearing day.
            if block.last and block.last <= today and block.letters_pending:
                try:
                    due = school_days.decision_letter_due(cal, block.last)
                    add(
                        rnd,
                        f"letters:{block.pk}:{block.last.isoformat()}",
                        "decision_letter",
                        lambda block=block: (
                            f"Send {block.letters_pending} decision letter(s): "
                            f"block {block.reference}"
                        ),
                        due,
                        "Code: decision letters within 5 school days (ref §1.5)",
                        block,
                    )
                except school_days.CalendarGap:
                    gap(
                        rnd,
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
