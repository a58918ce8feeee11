"""School-day counting across half-terms, bank holidays and the year end."""

import datetime as dt

import pytest

from admissions import school_days as sd

D = dt.date
# A 2026/27 calendar: autumn with an October half-term, spring, summer with May half-term,
# the Easter Monday (29 March 2027 falls in the holiday) and the early May bank holiday
# (3 May 2027), an INSET day, and the next autumn term.
CAL = sd.SchoolCalendar(
    terms=[
        (D(2026, 9, 2), D(2026, 10, 23)),
        (D(2026, 11, 2), D(2026, 12, 18)),
        (D(2027, 1, 5), D(2027, 2, 12)),
        (D(2027, 2, 22), D(2027, 3, 26)),
        (D(2027, 4, 12), D(2027, 5, 28)),
        (D(2027, 6, 7), D(2027, 7, 21)),
        (D(2027, 9, 2), D(2027, 12, 17)),
    ],
    closures={D(2027, 5, 3), D(2027, 6, 7)},
)


def test_weekends_holidays_and_closures_are_not_school_days():
    assert CAL.is_school_day(D(2027, 5, 4))
    assert not CAL.is_school_day(D(2027, 5, 3))  # bank holiday
    assert not CAL.is_school_day(D(2027, 6, 7))  # INSET day
    assert not CAL.is_school_day(D(2027, 5, 1))  # Saturday
    assert not CAL.is_school_day(D(2027, 5, 31))  # half-term


def test_adding_across_a_bank_holiday_and_half_term():
    # Friday 30 April + 1 school day skips the weekend and the bank holiday Monday.
    assert CAL.add_school_days(D(2027, 4, 30), 1) == D(2027, 5, 4)
    # Thursday 27 May + 2: Friday 28, then half-term and the INSET Monday: Tuesday 8 June.
    assert CAL.add_school_days(D(2027, 5, 27), 2) == D(2027, 6, 8)


def test_normal_round_hearing_window_runs_over_the_summer():
    # Lodging deadline 1 July 2027: 14 school days left in July (2..21), then 26 in September.
    due = sd.hearing_due_by(CAL, kind="normal", start=D(2027, 7, 1))
    assert CAL.school_days_between(D(2027, 7, 1), due) == 40
    assert due == D(2027, 10, 7)


def test_late_and_in_year_window_is_30_days_from_lodging():
    due = sd.hearing_due_by(CAL, kind="in_year", start=D(2027, 1, 4))
    assert CAL.school_days_between(D(2027, 1, 4), due) == 30
    assert due == D(2027, 2, 22)  # 29 days in January and February, half-term, then Monday


def test_lodging_notice_and_decision_letter():
    assert sd.lodging_deadline(CAL, D(2027, 3, 1)) == D(
        2027, 4, 12
    )  # 19 in March, Easter, then 12 April
    assert sd.notice_by(CAL, D(2027, 6, 15)) == D(
        2027, 5, 24
    )  # back over the INSET day and half-term
    assert sd.notice_by(CAL, D(2027, 6, 15), notice_days=14) < sd.notice_by(CAL, D(2027, 6, 15))
    assert sd.notice_by(CAL, D(2027, 6, 15), notice_days=3) == sd.notice_by(CAL, D(2027, 6, 15))
    assert sd.decision_letter_due(CAL, D(2027, 7, 20)) == D(2027, 9, 7)  # over the summer
    assert sd.timetable_due(2027) == D(2027, 2, 28)


def test_counting_past_the_calendar_says_so():
    with pytest.raises(sd.CalendarGap, match="add the next term"):
        CAL.add_school_days(D(2027, 12, 10), 30)
    with pytest.raises(sd.CalendarGap):
        sd.SchoolCalendar(terms=[]).add_school_days(D(2027, 1, 1), 1)


def _walk(calendar, day, n, direction):
    """The counting rule spelt out day by day: the reference the fast count must match."""
    first, last = calendar.terms[0][0], calendar.terms[-1][1]
    for _ in range(n):
        while True:
            day += dt.timedelta(days=direction)
            if day > last or day < first:
                return ("gap", day)
            if calendar.is_school_day(day):
                break
    return day


def _fast(count, day, n):
    try:
        return count(day, n)
    except sd.CalendarGap as gap:
        day_, month, year = str(gap).split("(at ")[1][:10].split("-")
        return ("gap", D(int(year), int(month), int(day_)))


@pytest.mark.parametrize("n", [0, 1, 2, 5, 10, 14, 20, 30, 40])
def test_counts_match_the_day_by_day_rule_for_every_start(n):
    # Every start from before the calendar to after it, across half-terms, Easter, the bank
    # holiday, the INSET day and the summer, forwards and backwards, gaps included.
    day = D(2026, 8, 20)
    while day <= D(2028, 1, 10):
        assert _fast(CAL.add_school_days, day, n) == _walk(CAL, day, n, 1), (day, n)
        assert _fast(CAL.subtract_school_days, day, n) == _walk(CAL, day, n, -1), (day, n)
        day += dt.timedelta(days=1)


def test_days_between_matches_counting_each_day():
    starts = [D(2026, 8, 30), D(2026, 10, 20), D(2027, 3, 25), D(2027, 7, 1)]
    for start in starts:
        for span in (0, 1, 7, 30, 90, 200, 500):
            end = start + dt.timedelta(days=span)
            expected = sum(
                CAL.is_school_day(start + dt.timedelta(days=i)) for i in range(1, span + 1)
            )
            assert CAL.school_days_between(start, end) == expected
    assert CAL.school_days_between(D(2027, 5, 1), D(2027, 4, 1)) == 0
