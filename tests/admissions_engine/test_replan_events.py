"""Re-planning after a block moves and after an appeal is added late: the pool's writes, the
re-plan through the real engine (deterministic limits, no timings), the pages and who may
use them. Small seasons: three booked blocks, each on its own day."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from admissions import facts
from admissions import models as m
from admissions import services as pool_services
from admissions.engine import services
from admissions.engine.models import EngineRun, RunKind, RunStatus
from schools_platform.core import roles
from schools_platform.core.models import AuditEvent
from tests.admissions.conftest import MON, make_block, make_clerk, make_member
from tests.factories import make_user

pytestmark = pytest.mark.django_db
TUE, WED, THU = (MON + dt.timedelta(days=n) for n in (1, 2, 3))
SAT = MON + dt.timedelta(days=5)
# Small enough for CP-SAT to prove each run optimal; a deterministic cap, never the clock.
LIMITS = {"max_deterministic_time": 20.0}


@pytest.fixture(autouse=True)
def deterministic_runs(settings, monkeypatch):
    settings.ADMISSIONS_ENGINE_WORKERS = 1
    original = services.execute_run
    monkeypatch.setattr(
        services,
        "execute_run",
        lambda run_id, **kw: original(run_id, **({"random_seed": 3, "limits": LIMITS} | kw)),
    )


@pytest.fixture
def clerk_user(db):
    return make_user(roles.APPEALS_CLERK, username="clerk")


@pytest.fixture
def booked(clerk_user, school_a, school_b, django_capture_on_commit_callbacks):
    """Seven members, two clerks, three blocks on Monday, Tuesday and Wednesday, every one
    staffed by an accepted run."""
    authority = school_a.authority
    for name, kw in [
        ("Ada Chair", {"chair": True}),
        ("Bo Chair", {"chair": True}),
        ("Cy Teacher", {"education": True}),
        ("Di Teacher", {"education": True}),
        ("Ed Lay", {}),
        ("Flo Lay", {}),
        ("Gus Lay", {}),
    ]:
        make_member(authority, name, **kw)
    for name in ("Clare Clerk", "Colin Clerk"):
        make_clerk(authority, name)
    blocks = [
        make_block(school_a, "B1", days=(MON,)),
        make_block(school_a, "B2", days=(TUE,)),
        make_block(school_b, "B3", days=(WED,)),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        run = services.compose_panels(actor=clerk_user, blocks=blocks, time_limit=60)
    run.refresh_from_db()
    services.accept_run(actor=clerk_user, run=run)
    assert m.Roster.objects.count() == 3
    return {b.reference: b for b in blocks}


def seats(block) -> set[int]:
    return set(m.RosterSeat.objects.filter(roster__block=block).values_list("member_id", flat=True))


def a_member_not_chairing(block) -> m.PanelMember:
    seat = m.RosterSeat.objects.filter(roster__block=block, is_chair=False).order_by("member_id")
    return seat.select_related("member").first().member


def run_of(start, django_capture_on_commit_callbacks) -> EngineRun:
    with django_capture_on_commit_callbacks(execute=True):
        run = start()
    run.refresh_from_db()
    return run


def assert_only_seat_changed(run, block, gone: m.PanelMember):
    """The re-plan takes ``gone`` off ``block``, keeps its other two members, chair and
    clerk, and changes no other block."""
    assert run.status == RunStatus.READY and run.kind == RunKind.REPLAN
    assert run.seats_changed_elsewhere == 0
    assert [c["block"] for c in run.changes] == [block.reference]
    before, after = run.current[block.reference], run.proposal[block.reference]
    assert str(gone.pk) in before["members"] and str(gone.pk) not in after["members"]
    assert len(set(before["members"]) & set(after["members"])) == 2
    assert (after["chair"], after["clerk"]) == (before["chair"], before["clerk"])
    for key, panel in run.proposal.items():
        if key != block.reference:
            assert panel == run.current[key]


# --- a block moves ------------------------------------------------------------------------


def test_moving_a_block_to_a_day_one_member_cannot_sit_changes_only_that_seat(
    clerk_user, booked, django_capture_on_commit_callbacks
):
    block = booked["B1"]
    away = a_member_not_chairing(block)
    pool_services.set_availability_exception(
        actor=clerk_user, member=away, date=THU, available=False
    )
    run = run_of(
        lambda: services.replan_after_block_moved(
            actor=clerk_user, block=block, dates=[THU], reason="The hall is booked on Monday"
        ),
        django_capture_on_commit_callbacks,
    )
    assert list(block.days.values_list("date", flat=True)) == [THU]
    # The re-plan covers every booked block of the season from Monday (the old first day).
    assert set(run.blocks.values_list("reference", flat=True)) == {"B1", "B2", "B3"}
    assert run.label == "Re-plan after B1 moved to 13 May 2027"
    assert run.affected_block == block
    assert_only_seat_changed(run, block, away)
    others = {k: seats(booked[k]) for k in ("B2", "B3")}
    services.accept_run(actor=clerk_user, run=run)
    assert away.pk not in seats(block) and len(seats(block)) == 3
    assert {k: seats(booked[k]) for k in ("B2", "B3")} == others
    assert facts.check_saved_roster(facts.load_block(block.pk)) == []
    assert set(m.MemberSitting.objects.filter(block=block).values_list("date", flat=True)) == {THU}
    assert AuditEvent.objects.filter(verb="admissions.block.moved").count() == 1


def test_a_move_whose_panel_still_fits_keeps_it_and_its_bookings_follow(
    clerk_user, booked, django_capture_on_commit_callbacks
):
    block = booked["B3"]
    panel = seats(block)
    block.notice_sent_on = dt.date(2027, 4, 20)
    block.save()
    run = run_of(
        lambda: services.replan_after_block_moved(
            actor=clerk_user, block=block, dates=[THU], reason="Venue"
        ),
        django_capture_on_commit_callbacks,
    )
    assert run.changes == [] and run.seats_changed_elsewhere == 0
    # The re-plan starts from the earlier of the old and new first day: Wednesday.
    assert set(run.blocks.values_list("reference", flat=True)) == {"B3"}
    assert seats(block) == panel
    assert {(s.member_id, s.date) for s in m.MemberSitting.objects.filter(block=block)} == {
        (i, THU) for i in panel
    }
    assert m.ClerkSitting.objects.get(block=block).date == THU
    block.refresh_from_db()
    assert block.notice_sent_on is None  # the notice was for the old day: a new one is due


def test_moving_onto_a_day_a_member_sits_elsewhere_books_only_the_free(clerk_user, booked):
    """The database allows one sitting a day: a member of both blocks keeps the seat (the
    checker shows the clash until the re-plan is accepted) without a second booking."""
    b1 = booked["B1"]
    # Seven members fill nine seats, so B1 shares members with another block: move onto its day.
    other = max((booked["B2"], booked["B3"]), key=lambda b: len(seats(b1) & seats(b)))
    both = seats(b1) & seats(other)
    assert both
    day = other.days.get().date
    pool_services.move_block(actor=clerk_user, block=b1, dates=[day], reason="Hall")
    booked_then = set(m.MemberSitting.objects.filter(block=b1).values_list("member_id", flat=True))
    assert booked_then == seats(b1) - both and seats(b1) >= both
    rules = {b.rule for b in facts.check_saved_roster(facts.load_block(b1.pk))}
    assert "double_booked" in rules


@pytest.mark.parametrize(
    "dates, message",
    [
        ([], "Enter at least one hearing day."),
        ([THU, THU], "Enter each day once: 13 May 2027 is entered twice."),
        ([SAT], "Saturday 15 May 2027 is a weekend day."),
        ([dt.date(2027, 9, 6)], "6 September 2027 is outside the season of"),
        ([MON], "These are the block's days already"),
    ],
)
def test_a_bad_move_names_the_field_and_writes_nothing(clerk_user, booked, dates, message):
    block = booked["B1"]
    with pytest.raises(ValidationError) as exc:
        services.replan_after_block_moved(actor=clerk_user, block=block, dates=dates, reason="x")
    assert message in exc.value.message_dict["dates"][0]
    assert list(block.days.values_list("date", flat=True)) == [MON]
    assert set(m.MemberSitting.objects.filter(block=block).values_list("date", flat=True)) == {MON}
    assert not EngineRun.objects.filter(kind=RunKind.REPLAN).exists()
    assert not AuditEvent.objects.filter(verb="admissions.block.moved").exists()


def test_a_move_without_a_reason_or_with_a_bad_time_limit_writes_nothing(clerk_user, booked):
    block = booked["B1"]
    with pytest.raises(ValidationError) as exc:
        services.replan_after_block_moved(actor=clerk_user, block=block, dates=[THU], reason=" ")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # refused after the move: all of it undone
        services.replan_after_block_moved(
            actor=clerk_user, block=block, dates=[THU], reason="Hall", time_limit=0
        )
    assert "time_limit" in exc.value.message_dict
    assert list(block.days.values_list("date", flat=True)) == [MON]
    assert not EngineRun.objects.filter(kind=RunKind.REPLAN).exists()


def test_a_block_already_heard_cannot_move_or_take_an_appeal(clerk_user, booked):
    block = booked["B1"]
    appeal = block.appeals.get()
    pool_services.record_outcome(
        actor=clerk_user,
        appeal=appeal,
        decision="dismissed",
        stage_one_finding="Prejudice shown",
        reasons="Reasons",
        decided_on=MON,
    )
    with pytest.raises(ValidationError) as exc:
        services.replan_after_block_moved(actor=clerk_user, block=block, dates=[THU], reason="x")
    assert "already decided: a block that has been heard cannot move" in exc.value.messages[0]
    with pytest.raises(ValidationError) as exc:
        services.replan_after_late_appeal(
            actor=clerk_user,
            block=block,
            reference="B1-9",
            appellant_name="Sam Latecomer",
            child_name="Lee Latecomer",
            lodged_on=dt.date(2027, 5, 1),
        )
    assert "takes no new appeals" in exc.value.messages[0]
    assert list(block.days.values_list("date", flat=True)) == [MON]
    assert block.appeals.count() == 1
    assert not EngineRun.objects.filter(kind=RunKind.REPLAN).exists()


# --- an appeal added late -----------------------------------------------------------------


def test_a_late_appeal_takes_off_only_the_member_who_knows_the_appellant(
    clerk_user, booked, django_capture_on_commit_callbacks
):
    block = booked["B2"]
    knows = a_member_not_chairing(block)
    pool_services.declare(
        actor=clerk_user, member=knows, kind="known_person", person_name="Sam Latecomer"
    )
    run = run_of(
        lambda: services.replan_after_late_appeal(
            actor=clerk_user,
            block=block,
            reference="B2-9",
            appellant_name="Sam  latecomer",  # the checker compares names as written loosely
            child_name="Lee Latecomer",
            lodged_on=dt.date(2027, 5, 1),
        ),
        django_capture_on_commit_callbacks,
    )
    assert block.appeals.filter(reference="B2-9", appellant_name="Sam  latecomer").exists()
    assert run.label == "Re-plan after appeal B2-9 was added late to B2"
    assert set(run.blocks.values_list("reference", flat=True)) == {"B2", "B3"}
    assert_only_seat_changed(run, block, knows)
    services.accept_run(actor=clerk_user, run=run)
    assert knows.pk not in seats(block) and len(seats(block)) == 3
    assert facts.check_saved_roster(facts.load_block(block.pk)) == []
    assert AuditEvent.objects.filter(verb="admissions.appeal.added_late").count() == 1


def test_a_late_appeal_nobody_knows_changes_nothing(
    clerk_user, booked, django_capture_on_commit_callbacks
):
    run = run_of(
        lambda: services.replan_after_late_appeal(
            actor=clerk_user,
            block=booked["B2"],
            reference="B2-9",
            appellant_name="Sam Latecomer",
            child_name="Lee Latecomer",
            lodged_on=dt.date(2027, 5, 1),
        ),
        django_capture_on_commit_callbacks,
    )
    assert run.changes == [] and run.seats_changed_elsewhere == 0


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"appellant_name": ""}, "appellant_name"),
        ({"reference": "B2-1"}, "reference"),  # the block's own appeal has it
        ({"lodged_on": None}, "lodged_on"),
    ],
)
def test_a_bad_late_appeal_names_the_field_and_writes_nothing(clerk_user, booked, fields, field):
    block = booked["B2"]
    good = {
        "reference": "B2-9",
        "appellant_name": "Sam Latecomer",
        "child_name": "Lee Latecomer",
        "lodged_on": dt.date(2027, 5, 1),
    }
    with pytest.raises(ValidationError) as exc:
        services.replan_after_late_appeal(actor=clerk_user, block=block, **(good | fields))
    assert field in exc.value.message_dict
    assert list(block.appeals.values_list("reference", flat=True)) == ["B2-1"]
    assert not EngineRun.objects.filter(kind=RunKind.REPLAN).exists()


# --- the pages ----------------------------------------------------------------------------


def test_the_move_page(client, clerk_user, booked, django_capture_on_commit_callbacks):
    block = booked["B1"]
    url = reverse("admissions-engine-move", args=[block.pk])
    client.force_login(clerk_user)
    detail = client.get(reverse("admissions-block", args=[block.pk])).content.decode()
    assert f'href="{url}"' in detail  # linked from the block's page, beside the withdrawal
    assert f'href="{reverse("admissions-engine-withdraw", args=[block.pk])}"' in detail
    page = client.get(url).content.decode()
    assert 'name="day_1_day" type="text" inputmode="numeric" value="10"' in page  # today's day
    bad = client.post(url, {"day_1_day": "15", "day_1_month": "5", "day_1_year": "2027"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Error: Move block B1" in text
    assert '<a href="#id_reason">This field is required.</a>' in text
    bad = client.post(
        url,
        {"day_1_day": "15", "day_1_month": "5", "day_1_year": "2027", "reason": "Hall"},
    )
    assert '<a href="#id_day_1">Saturday 15 May 2027 is a weekend day.</a>' in bad.content.decode()
    bad = client.post(url, {"day_1_day": "31", "day_1_month": "2", "day_1_year": "2027"})
    assert "First day must be a real date" in bad.content.decode()
    assert list(block.days.values_list("date", flat=True)) == [MON]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"day_1_day": "13", "day_1_month": "5", "day_1_year": "2027", "reason": "Hall"},
        )
    run = EngineRun.objects.get(kind=RunKind.REPLAN)
    assert response.url == reverse("admissions-engine-run", args=[run.pk])
    page = client.get(response.url).content.decode()
    assert "Re-plan after a change" in page and "Re-plan after B1 moved to 13 May 2027" in page
    assert "Seats changed outside B1" in page


def test_the_add_appeal_page(client, clerk_user, booked, django_capture_on_commit_callbacks):
    block = booked["B2"]
    url = reverse("admissions-engine-add-appeal", args=[block.pk])
    client.force_login(clerk_user)
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "reference": "B2-1",
            "appellant_name": "Sam",
            "child_name": "Lee",
            "lodged_on_day": "1",
            "lodged_on_month": "5",
        },
    )
    assert bad.status_code == 400
    assert "Date the appeal was lodged must include a year" in bad.content.decode()
    bad = client.post(
        url,
        {
            "reference": "B2-1",
            "appellant_name": "Sam",
            "child_name": "Lee",
            "lodged_on_day": "1",
            "lodged_on_month": "5",
            "lodged_on_year": "2027",
        },
    )
    assert bad.status_code == 400 and "Appeal with this Reference already exists" in (
        bad.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "reference": "B2-9",
                "appellant_name": "Sam Latecomer",
                "child_name": "Lee Latecomer",
                "lodged_on_day": "1",
                "lodged_on_month": "5",
                "lodged_on_year": "2027",
            },
        )
    run = EngineRun.objects.get(kind=RunKind.REPLAN)
    assert response.url == reverse("admissions-engine-run", args=[run.pk])
    assert block.appeals.filter(reference="B2-9").exists()


def test_the_change_pages_cost_fixed_queries(
    client, clerk_user, school_a, django_assert_max_num_queries
):
    """appeals-engine-move and appeals-engine-add-appeal: one block, whatever the pool."""
    authority = school_a.authority
    block = make_block(school_a, "Q1", days=(MON, TUE))
    client.force_login(clerk_user)
    for n in (2, 12):
        for i in range(n):
            make_member(authority, f"Member {n}-{i}")
        for name in ("admissions-engine-move", "admissions-engine-add-appeal"):
            with django_assert_max_num_queries(14):
                assert client.get(reverse(name, args=[block.pk])).status_code == 200


# --- who may --------------------------------------------------------------------------------


def pool_viewer():
    """Someone who sees the pool but may not compose panels (no ``manage_rosters``)."""
    user = make_user(username="viewer")
    user.user_permissions.add(
        Permission.objects.get(codename="view_panelmember", content_type__app_label="admissions")
    )
    return user


@pytest.mark.parametrize(
    "who", [roles.SCHOOL_LEADER, roles.COUNCIL_OFFICER, roles.PANEL_MEMBER, "pool viewer"]
)
def test_others_are_refused_the_pages_and_the_services(client, booked, who):
    block = booked["B1"]
    urls = [
        reverse("admissions-engine-move", args=[block.pk]),
        reverse("admissions-engine-add-appeal", args=[block.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    user = pool_viewer() if who == "pool viewer" else make_user(who)
    client.force_login(user)
    for url in urls:
        assert client.get(url).status_code == 404
        assert client.post(url, {"reason": "x", "reference": "B1-9"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.replan_after_block_moved(actor=user, block=block, dates=[THU], reason="x")
    with pytest.raises(PermissionDenied):
        pool_services.move_block(actor=user, block=block, dates=[THU], reason="x")
    late = {
        "reference": "B1-9",
        "appellant_name": "Sam",
        "child_name": "Lee",
        "lodged_on": dt.date(2027, 5, 1),
    }
    with pytest.raises(PermissionDenied):
        services.replan_after_late_appeal(actor=user, block=block, **late)
    with pytest.raises(PermissionDenied):
        pool_services.add_late_appeal(actor=user, block=block, **late)
    assert list(block.days.values_list("date", flat=True)) == [MON]
    assert block.appeals.count() == 1
    assert not EngineRun.objects.filter(kind=RunKind.REPLAN).exists()


def test_a_missing_block_is_404_for_the_clerk(client, clerk_user, booked):
    client.force_login(clerk_user)
    for name in ("admissions-engine-move", "admissions-engine-add-appeal"):
        assert client.get(reverse(name, args=[99999])).status_code == 404


def test_the_panel_and_clerk_are_told_the_new_days(clerk_user, booked):
    """Who keeps a seat on a moved block is told its new days (and a clash, if any), and the
    clerk too: each person with an account, once."""
    from schools_platform.core.models import Notification

    b1 = booked["B1"]
    other = max((booked["B2"], booked["B3"]), key=lambda b: len(seats(b1) & seats(b)))
    both = sorted(seats(b1) & seats(other))
    free = sorted(seats(b1) - set(both))
    assert both and free  # one of each: told of the clash, and not
    told = {}
    for pk in [both[0], *free[:1]]:
        member = m.PanelMember.objects.get(pk=pk)
        member.user = make_user(username=f"member{pk}")
        member.save()
        told[pk] = member.user
    clerk = m.Roster.objects.get(block=b1).clerk
    clerk.user = make_user(username="clerk_of_b1")
    clerk.save()
    day = other.days.get().date

    pool_services.move_block(actor=clerk_user, block=b1, dates=[day], reason="Hall")

    notices = Notification.objects.filter(kind="admissions.block_moved")
    assert sorted(n.recipient_id for n in notices) == sorted(
        [u.pk for u in told.values()] + [clerk.user_id]
    )
    clash = notices.get(recipient=told[both[0]])
    assert (
        f"{day:%-d %B %Y}" in clash.body_text
        and "already booked on another panel" in clash.body_text
    )
    calm = notices.get(recipient=told[free[0]])
    assert f"New days: {day:%-d %B %Y}." in calm.body_text
    assert "already booked" not in calm.body_text
