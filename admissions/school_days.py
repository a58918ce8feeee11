"""Counting school days, and the Code's deadlines counted in them.

A school day is a weekday inside one of the authority's terms that is not a bank holiday, an
INSET day or another closure. Half-terms are gaps between terms, or closures inside one.
Deadlines (shared/reference/admission-appeals.md §1.5, from the School Admission Appeals Code
2012/2022 as restated by admission authorities):

| deadline | rule |
| --- | --- |
| lodging | at least 20 school days from the date the refusal was notified |
| hearing, normal round | within 40 school days of the lodging deadline |
| hearing, late or in-year | within 30 school days of the appeal being lodged |
| hearing, sixth form conditional offer | within 30 school days of results being confirmed |
| notice of the hearing | at least 10 school days before it (the authority may set more) |
| decision letter | within 5 school days of the hearing, "wherever possible" |
| appeals timetable | published by 28 February each year |
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from dataclasses import dataclass, field

LODGING_DAYS = 20
NORMAL_HEARING_DAYS = 40
LATE_HEARING_DAYS = 30
MINIMUM_NOTICE_DAYS = 10
DECISION_LETTER_DAYS = 5


class CalendarGap(ValueError):
    """The count runs past the last term the calendar holds: enter the next term's dates."""


@dataclass
class SchoolCalendar:
    """One authority's school days. The sorted list of school days is built once, on first
    use (and kept per process for the same term dates and closures), so each count is a binary
    search rather than a walk day by day (the due list counts thousands of deadlines a
    request). Treat a calendar as read-only once it has counted."""

    terms: list[tuple[dt.date, dt.date]]
    closures: set[dt.date] = field(default_factory=set)

    def __post_init__(self):
        self.terms = sorted(self.terms)
        self._days: list[dt.date] | None = None

    def is_school_day(self, day: dt.date) -> bool:
        return (
            day.weekday() < 5
            and day not in self.closures
            and any(start <= day <= end for start, end in self.terms)
        )

    def _school_days(self) -> list[dt.date]:
        """Every school day in the calendar's terms, in order."""
        if self._days is None:
            self._days = _school_days_of(tuple(self.terms), frozenset(self.closures))
        return self._days

    @staticmethod
    def _gap(day: dt.date) -> CalendarGap:
        return CalendarGap(
            f"The term calendar ends before the count does (at {day:%d-%m-%Y}); "
            "add the next term's dates."
        )

    def add_school_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th school day after ``start`` (``start`` itself not counted)."""
        if n <= 0:
            return start
        if not self.terms:
            raise CalendarGap("The authority has no term dates.")
        first, last = self.terms[0][0], self.terms[-1][1]
        if start + dt.timedelta(days=1) < first:
            raise self._gap(start + dt.timedelta(days=1))
        days = self._school_days()
        index = bisect.bisect_right(days, start) + n - 1
        if index >= len(days) or days[index] > last:
            raise self._gap(max(start, last) + dt.timedelta(days=1))
        return days[index]

    def subtract_school_days(self, end: dt.date, n: int) -> dt.date:
        """The n-th school day before ``end``."""
        if n <= 0:
            return end
        if not self.terms:
            raise CalendarGap("The authority has no term dates.")
        first, last = self.terms[0][0], self.terms[-1][1]
        if end - dt.timedelta(days=1) > last:
            raise self._gap(end - dt.timedelta(days=1))
        days = self._school_days()
        index = bisect.bisect_left(days, end) - n
        if index < 0:
            raise self._gap(min(end, first) - dt.timedelta(days=1))
        return days[index]

    def school_days_between(self, start: dt.date, end: dt.date) -> int:
        """School days after ``start`` up to and including ``end``."""
        if end <= start or not self.terms:
            return 0
        days = self._school_days()
        return bisect.bisect_right(days, end) - bisect.bisect_right(days, start)


@functools.lru_cache(maxsize=64)
def _school_days_of(
    terms: tuple[tuple[dt.date, dt.date], ...], closures: frozenset[dt.date]
) -> list[dt.date]:
    """The school days of these terms and closures, kept per process for the same dates (the
    key is the whole calendar, so a changed term or closure is a different entry). Callers
    must not change the list."""
    days = set()
    for start, end in terms:
        day = start
        while day <= end:
            if day.weekday() < 5 and day not in closures:
                days.add(day)
            day += dt.timedelta(days=1)
    return sorted(days)


def lodging_deadline(calendar: SchoolCalendar, notified_on: dt.date) -> dt.date:
    return calendar.add_school_days(notified_on, LODGING_DAYS)


def hearing_due_by(calendar: SchoolCalendar, *, kind: str, start: dt.date) -> dt.date:
    """``start`` is the lodging deadline (normal round), the date lodged (late, in-year) or
    the date results were confirmed (sixth form)."""
    days = NORMAL_HEARING_DAYS if kind == "normal" else LATE_HEARING_DAYS
    return calendar.add_school_days(start, days)


def notice_by(
    calendar: SchoolCalendar, hearing_on: dt.date, notice_days: int = MINIMUM_NOTICE_DAYS
) -> dt.date:
    """The last day the notice of a hearing can be sent (at least 10 school days before)."""
    return calendar.subtract_school_days(hearing_on, max(notice_days, MINIMUM_NOTICE_DAYS))


def decision_letter_due(calendar: SchoolCalendar, last_hearing_day: dt.date) -> dt.date:
    return calendar.add_school_days(last_hearing_day, DECISION_LETTER_DAYS)


def timetable_due(entry_year: int) -> dt.date:
    """Appeals for entry in September ``entry_year``: the timetable is published by 28 February."""
    return dt.date(entry_year, 2, 28)
