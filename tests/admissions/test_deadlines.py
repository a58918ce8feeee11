"""The clerk's due and overdue deadlines, counted in school days, and the reminder task that
tells the clerks once."""

import datetime as dt

import pytest

from admissions import deadlines, services
from admissions import models as m
from schools_platform.core.models import Notification

from .conftest import make_block

D = dt.date


@pytest.fixture
def calendar(school_a):
    authority = school_a.authority
    for name, start, end in [
        ("Autumn 2026", D(2026, 9, 1), D(2026, 12, 18)),
        ("Spring 2027", D(2027, 1, 5), D(2027, 3, 26)),
        ("Summer 2027", D(2027, 4, 12), D(2027, 7, 21)),
    ]:
        m.Term.objects.create(authority=authority, name=name, starts_on=start, ends_on=end)
    closures = [D(2027, 5, 3)] + [D(2027, 2, 15) + dt.timedelta(days=i) for i in range(5)]
    closures += [D(2027, 5, 31) + dt.timedelta(days=i) for i in range(5)]
    for day in closures:
        m.NonSchoolDay.objects.create(authority=authority, date=day, kind="other")
    return authority


def _items(today):
    return deadlines.due_items(m.AppealRound.objects.all(), today=today)


def _by_what(items, what):
    return [i for i in items if i.what == what]


def test_notice_due_then_overdue_then_recorded(calendar, school_a, clerk_user):
    block = make_block(school_a)  # first day Monday 10 May 2027
    # 10 school days before 10 May, skipping the bank holiday on 3 May: 23 April.
    due = _by_what(_items(D(2027, 4, 20)), "notice")
    assert [(i.due_on, i.status) for i in due] == [(D(2027, 4, 23), deadlines.DUE_SOON)]
    assert _by_what(_items(D(2027, 4, 26)), "notice")[0].status == deadlines.OVERDUE
    services.record_notice_sent(actor=clerk_user, block=block, sent_on=D(2027, 4, 26))
    assert _by_what(_items(D(2027, 4, 27)), "notice") == []


def test_hearing_booked_after_the_40_school_days_is_flagged(calendar, school_a):
    make_block(school_a, "LATE", days=(D(2027, 7, 19),))
    # Lodging deadline 31 March 2027 (Easter holiday to 11 April, 3 May closed): 40 school
    # days later is 14 June 2027, after the half-term week.
    item = _by_what(_items(D(2027, 4, 1)), "hearing")[0]
    assert (item.due_on, item.status) == (D(2027, 6, 14), deadlines.LATE_BOOKED)
    make_block(school_a, "OK", days=(D(2027, 6, 7),))
    assert len(_by_what(_items(D(2027, 4, 1)), "hearing")) == 1


def test_decision_letters_within_5_school_days(calendar, school_a, clerk_user):
    block = make_block(school_a)  # 10 May 2027
    letters = _by_what(_items(D(2027, 5, 12)), "decision_letter")
    assert [(i.due_on, i.status) for i in letters] == [(D(2027, 5, 17), deadlines.DUE_SOON)]
    assert _by_what(_items(D(2027, 5, 18)), "decision_letter")[0].status == deadlines.OVERDUE
    assert (
        services.record_decision_letters_sent(actor=clerk_user, block=block, sent_on=D(2027, 5, 18))
        == 1
    )
    assert _by_what(_items(D(2027, 5, 19)), "decision_letter") == []


def test_timetable_by_28_february_and_missing_calendar(school_a, school_b):
    make_block(school_a)
    items = _items(D(2027, 3, 1))
    assert _by_what(items, "timetable")[0].status == deadlines.OVERDUE
    # No term dates for the authority: the counts cannot be made, and the page says so.
    assert {i.status for i in _by_what(items, "notice")} == {deadlines.NO_CALENDAR}


def test_reminders_go_to_the_blocks_clerk_once(calendar, school_a, clerk_user, pool, appeals_clerk):
    block = make_block(school_a)
    appeals_clerk.email = "clerk@example.org"
    appeals_clerk.save()
    services.save_roster(
        actor=clerk_user,
        block=block,
        member_ids=[p.pk for p in pool[:3]],
        chair_id=pool[0].pk,
        clerk=appeals_clerk,
    )
    first = services.send_deadline_reminders(today=D(2027, 4, 26))
    again = services.send_deadline_reminders(today=D(2027, 4, 26))
    assert first["reminded"] >= 1 and again["reminded"] == 0
    sent = Notification.objects.filter(kind=services.DEADLINE_KIND, to_email="clerk@example.org")
    assert sent.filter(reason__contains="notice").count() == 1


@pytest.mark.django_db
def test_due_page_is_the_clerks_only(client, clerk_user, panel_user, calendar, school_a):
    make_block(school_a)
    client.force_login(clerk_user)
    assert client.get("/appeals/due/").status_code == 200
    client.force_login(panel_user)
    assert client.get("/appeals/due/").status_code == 404
    client.logout()
    assert client.get("/appeals/due/").status_code == 302
    block = m.HearingBlock.objects.get()
    assert client.post(f"/appeals/blocks/{block.pk}/sent/notice/").status_code == 302
    client.force_login(panel_user)
    assert client.post(f"/appeals/blocks/{block.pk}/sent/notice/").status_code == 404
    assert m.HearingBlock.objects.get().notice_sent_on is None
    client.force_login(clerk_user)
    assert client.post(f"/appeals/blocks/{block.pk}/sent/notice/").status_code == 302
    assert m.HearingBlock.objects.get().notice_sent_on is not None


@pytest.mark.django_db
def test_due_page_links_each_row_to_its_block(client, clerk_user, calendar, school_a):
    # A hearing in the past with no notice sent: the notice is overdue whatever today is, and
    # the row (its block read for the page only) links to the block and records the notice.
    block = make_block(school_a, "PAST", days=(D(2026, 11, 30),))
    client.force_login(clerk_user)
    page = client.get("/appeals/due/").content.decode()
    assert f'href="/appeals/blocks/{block.pk}/"' in page
    assert f'action="/appeals/blocks/{block.pk}/sent/notice/"' in page
