"""The due list's reads (admissions/deadlines.py): what each row counts when a season mixes
decided, withdrawn and late appeals and two authorities' calendars, and the pages' query
counts at two sizes. The deadlines themselves are in test_deadlines.py."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from admissions import deadlines
from admissions import models as m
from admissions import school_days as sd

from .conftest import make_block, make_member

D = dt.date


def _terms(authority, closures=()):
    for name, start, end in [
        ("Autumn 2026", D(2026, 9, 1), D(2026, 12, 18)),
        ("Spring 2027", D(2027, 1, 5), D(2027, 3, 26)),
        ("Summer 2027", D(2027, 4, 12), D(2027, 7, 21)),
    ]:
        m.Term.objects.create(authority=authority, name=name, starts_on=start, ends_on=end)
    for day in closures:
        m.NonSchoolDay.objects.create(authority=authority, date=day, kind="other")


def _appeal(block, reference, **fields):
    values = {"appellant_name": "Pat Parent", "child_name": "Kim Child", "lodged_on": D(2027, 4, 1)}
    return m.Appeal.objects.create(block=block, reference=reference, **{**values, **fields})


def _items(today):
    return deadlines.due_items(m.AppealRound.objects.all(), today=today)


def _late_round(school):
    return m.AppealRound.objects.create(
        authority=school.authority, school=school, academic_year=2027, kind="late",
        year_group="Year 7",
    )  # fmt: skip


@pytest.mark.django_db
def test_letters_count_decided_appeals_still_to_hear_from_and_leave_out_withdrawn(school_a):
    _terms(school_a.authority)
    block = make_block(school_a, "HEARD", days=(D(2027, 5, 10), D(2027, 5, 11)))
    decided = {"decision": "upheld", "stage_one_finding": "x", "reasons": "y"}
    _appeal(block, "HEARD-2", **decided)
    _appeal(block, "HEARD-3", **decided, decision_letter_sent_on=D(2027, 5, 12))
    _appeal(block, "HEARD-4", withdrawn_on=D(2027, 4, 20))
    # After the last hearing day (11 May): the undecided and the decided appeal whose letter
    # is not sent are counted; the sent letter and the withdrawn appeal are not.
    letters = [i for i in _items(D(2027, 5, 13)) if i.what == "decision_letter"]
    assert [(i.title, i.due_on) for i in letters] == [
        ("Send 2 decision letter(s): block HEARD", D(2027, 5, 18))
    ]
    # Before the hearing: no letters yet; the notice counts from the first day (10 May).
    items = _items(D(2027, 4, 26))
    assert not [i for i in items if i.what == "decision_letter"]
    assert [i.key for i in items if i.what == "notice"] == [f"notice:{block.pk}:2027-05-10"]


@pytest.mark.django_db
def test_a_block_of_withdrawn_appeals_needs_no_notice(school_a):
    _terms(school_a.authority)
    block = make_block(school_a, "EMPTY")
    m.Appeal.objects.filter(block=block).update(withdrawn_on=D(2027, 4, 1))
    assert [i for i in _items(D(2027, 4, 26)) if i.what in ("notice", "hearing")] == []


@pytest.mark.django_db
def test_late_appeals_count_from_each_lodging_date_on_each_authoritys_calendar(school_a, school_b):
    _terms(school_a.authority)
    # The other authority closes the week of 10 May: its 30 school days end later.
    _terms(school_b.authority, closures=[D(2027, 5, 10) + dt.timedelta(days=i) for i in range(5)])
    for school in (school_a, school_b):
        block = m.HearingBlock.objects.create(
            round=_late_round(school), reference=f"LATE-{school.pk}", mode="remote"
        )
        _appeal(block, f"L{school.pk}-early", lodged_on=D(2027, 4, 12))
        _appeal(block, f"L{school.pk}-later", lodged_on=D(2027, 4, 19))
    hearings = {i.title: i.due_on for i in _items(D(2027, 5, 24)) if i.what == "hearing"}
    a, b = school_a.pk, school_b.pk
    # Not booked: 30 school days after each lodging date, on the school's own calendar.
    assert hearings == {
        f"Book a hearing for appeal L{a}-early": D(2027, 5, 24),
        f"Book a hearing for appeal L{a}-later": D(2027, 5, 31),
        f"Book a hearing for appeal L{b}-early": D(2027, 5, 31),
    }  # the other authority's later appeal is due on 7 June: not within 5 school days


@pytest.mark.django_db
def test_rows_are_titled_with_the_round_as_it_is_named(school_a):
    make_block(school_a)  # no term dates: the counts cannot be made
    (timetable,) = [i for i in _items(D(2027, 3, 1)) if i.what == "timetable"]
    rnd = m.AppealRound.objects.get()
    assert timetable.title == f"Publish the appeals timetable: {rnd}"
    assert str(rnd) == "Alder Primary, Year 7, Normal admissions round 2027/28"


def test_a_calendar_with_another_closure_counts_again():
    terms = [(D(2027, 4, 12), D(2027, 7, 21))]
    assert sd.SchoolCalendar(terms=terms).add_school_days(D(2027, 5, 7), 1) == D(2027, 5, 10)
    closed = sd.SchoolCalendar(terms=terms, closures={D(2027, 5, 10)})
    assert closed.add_school_days(D(2027, 5, 7), 1) == D(2027, 5, 11)
    assert sd.SchoolCalendar(terms=terms).subtract_school_days(D(2027, 5, 12), 3) == D(2027, 5, 7)
    later = sd.SchoolCalendar(terms=[(D(2027, 5, 10), D(2027, 7, 21))])
    assert later.subtract_school_days(D(2027, 5, 12), 2) == D(2027, 5, 10)
    with pytest.raises(sd.CalendarGap):
        later.subtract_school_days(D(2027, 5, 12), 3)


def _season(school, start, n):
    for i in range(n):
        block = make_block(school, f"S{start + i}", days=(D(2027, 5, 10) + dt.timedelta(i),))
        _appeal(block, f"S{start + i}-d", decision="dismissed", stage_one_finding="x", reasons="y")
        _appeal(block, f"S{start + i}-w", withdrawn_on=D(2027, 4, 20))
        late = m.HearingBlock.objects.create(
            round=m.AppealRound.objects.get_or_create(
                authority=school.authority, school=school, academic_year=2027, kind="late",
                year_group=f"Year {7 + (start + i) % 5}",
            )[0],
            reference=f"SL{start + i}",
            mode="remote",
        )  # fmt: skip
        _appeal(late, f"SL{start + i}-1", lodged_on=D(2027, 4, 12) + dt.timedelta(i))


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:  # an export reads its rows as it is sent
            b"".join(response.streaming_content)
    return len(queries)


def test_due_page_and_pool_list_cost_the_same_with_more_rows_than_a_page(
    client, clerk_user, school_a, school_b
):
    _terms(school_a.authority)
    _season(school_a, 0, 2)
    for i in range(3):
        make_member(school_a.authority, f"Member {i}")
    client.force_login(clerk_user)
    urls = ["/appeals/due/", "/admin/appeals/pool/", "/admin/appeals/pool/?export=csv"]
    make_block(school_a, "BOOKED-LATE", days=(D(2027, 7, 19),))  # a row with its block
    for url in urls:  # the session's and the admin sidebar's first requests
        _count(client, url)
    small = {url: _count(client, url) for url in urls}
    _terms(school_b.authority)
    _season(school_a, 2, 30)
    _season(school_b, 40, 30)
    for i in range(60):
        make_member(school_b.authority, f"Other {i}")
    large = {url: _count(client, url) for url in urls}
    assert large == small
    page = client.get("/appeals/due/").content.decode()
    assert "deadlines," in page and "overdue or booked late" in page
    assert client.get("/appeals/due/?page=2").status_code == 200


def test_pool_list_rows_link_to_their_record_and_show_the_listed_columns(client, clerk_user, pool):
    m.PanelMember.objects.filter(pk=pool[1].pk).update(travel_area="North <Ward>")
    client.force_login(clerk_user)
    page = client.get("/admin/appeals/pool/").content.decode()
    ben = pool[1]
    assert f'<a href="/admin/appeals/pool/inspect/{ben.pk}/">Ben Teacher</a>' in page
    assert f"/admin/appeals/pool/edit/{ben.pk}/" not in page
    assert "Member with experience in education" in page
    assert "North &lt;Ward&gt;" in page and "North <Ward>" not in page
    body = b"".join(client.get("/admin/appeals/pool/?export=csv").streaming_content).decode()
    assert ben.authority.name in body and "Appointment ends" in body
