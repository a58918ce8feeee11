"""Engine runs through the database: the job, the result page, accept and discard, re-planning
after a withdrawal, permissions and query counts. Small seasons, solution counts bounded."""

import datetime as dt

import pytest
from django.urls import reverse

from admissions import models as m
from admissions import services as pool_services
from admissions.engine import loading, selectors, services
from admissions.engine.models import EngineRun, RunStatus, SittingPreference
from schools_platform.core import roles
from schools_platform.core.models import AuditEvent
from schools_platform.equality.models import EqualityProfile
from tests.admissions.conftest import MON, make_block, make_clerk, make_member
from tests.factories import make_user

pytestmark = pytest.mark.django_db
TUE = MON + dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def small_runs(settings, monkeypatch):
    settings.ADMISSIONS_ENGINE_WORKERS = 1
    original = services.execute_run
    monkeypatch.setattr(
        services,
        "execute_run",
        lambda run_id, **kw: original(run_id, **({"solution_limit": 50, "random_seed": 3} | kw)),
    )


@pytest.fixture
def clerk_user(db):
    return make_user(roles.APPEALS_CLERK, username="clerk")


@pytest.fixture
def season(school_a, school_b):
    authority = school_a.authority
    pool = [
        make_member(authority, "Ada Chair", chair=True),
        make_member(authority, "Bo Chair", chair=True),
        make_member(authority, "Cy Teacher", education=True),
        make_member(authority, "Di Teacher", education=True),
        make_member(authority, "Ed Lay"),
        make_member(authority, "Flo Lay"),
    ]
    clerks = [make_clerk(authority, n) for n in ("Clare Clerk", "Colin Clerk")]
    blocks = [
        make_block(school_a, "B1", days=(MON,)),
        make_block(school_a, "B2", days=(TUE,)),
        make_block(school_b, "B3", days=(MON,)),
        make_block(school_b, "B4", days=(MON,)),  # a third block on Monday: only two chairs
    ]
    return pool, clerks, blocks


def compose(clerk_user, blocks, django_capture_on_commit_callbacks, **kw):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.compose_panels(actor=clerk_user, blocks=blocks, **kw)
    run.refresh_from_db()
    return run


def test_a_run_proposes_checks_and_accepts(clerk_user, season, django_capture_on_commit_callbacks):
    pool, clerks, blocks = season
    run = compose(clerk_user, blocks, django_capture_on_commit_callbacks, time_limit=30)
    assert run.status == RunStatus.READY
    assert run.gap is not None and run.bound <= run.objective
    [unstaffed] = run.unstaffed
    assert unstaffed["block"] in ("B1", "B3", "B4")
    assert unstaffed["reasons"][0].startswith("10 May 2027: 3 blocks need a chair")
    assert sum(p is not None for p in run.proposal.values()) == 3
    services.accept_run(actor=clerk_user, run=run)
    assert m.Roster.objects.count() == 3
    for roster in m.Roster.objects.select_related("block"):
        assert pool_services.facts.check_saved_roster(roster.block) == []
    assert AuditEvent.objects.filter(verb="admissions.engine.run_accepted").count() == 1


def test_discard_changes_nothing(clerk_user, season, django_capture_on_commit_callbacks):
    run = compose(clerk_user, season[2], django_capture_on_commit_callbacks)
    services.discard_run(actor=clerk_user, run=run)
    assert m.Roster.objects.count() == 0
    run.refresh_from_db()
    assert run.status == RunStatus.DISCARDED


def test_bad_input_names_the_field(clerk_user, season):
    with pytest.raises(pool_services.ValidationError) as exc:
        services.compose_panels(actor=clerk_user, blocks=season[2], weights={"max_load": -1})
    assert "weights" in exc.value.message_dict
    with pytest.raises(pool_services.ValidationError) as exc:
        services.compose_panels(actor=clerk_user, blocks=season[2], time_limit=0)
    assert "time_limit" in exc.value.message_dict
    with pytest.raises(pool_services.ValidationError) as exc:
        services.compose_panels(actor=clerk_user, blocks=[])
    assert "blocks" in exc.value.message_dict
    assert not EngineRun.objects.exists()


def test_replan_after_a_withdrawal_changes_only_that_blocks_seat(
    clerk_user, season, django_capture_on_commit_callbacks
):
    pool, clerks, blocks = season
    run = compose(clerk_user, blocks, django_capture_on_commit_callbacks)
    services.accept_run(actor=clerk_user, run=run)
    block = m.HearingBlock.objects.get(reference="B2")
    seat = block.roster.seats.filter(is_chair=False).select_related("member").first()
    with django_capture_on_commit_callbacks(execute=True):
        replan = services.replan_after_withdrawal(
            actor=clerk_user, block=block, member=seat.member, reason="Ill"
        )
    replan.refresh_from_db()
    assert replan.status == RunStatus.READY
    assert replan.seats_changed_elsewhere == 0
    assert seat.member_id not in {int(x) for x in replan.proposal["B2"]["members"]}
    services.accept_run(actor=clerk_user, run=replan)
    assert m.Roster.objects.get(block=block).seats.count() == 3


def test_equality_answers_change_nothing(clerk_user, season, django_capture_on_commit_callbacks):
    pool, clerks, blocks = season
    first = compose(clerk_user, blocks, django_capture_on_commit_callbacks)
    for i, member in enumerate(pool):
        EqualityProfile.objects.create(
            purpose="panel_member",
            subject_reference=f"panel-member:{member.pk}",
            sex="female" if i % 2 else "male",
            consent_given_at=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
            consent_wording="test",
        )
    second = compose(clerk_user, blocks, django_capture_on_commit_callbacks)
    assert first.proposal == second.proposal


def test_the_pages(client, clerk_user, season, django_capture_on_commit_callbacks):
    client.force_login(clerk_user)
    page = client.get(reverse("admissions-engine"))
    assert page.status_code == 200 and b"Run the engine" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admissions-engine"),
            {"scope": "season:2027", "time_limit": 20, "w_max_load": 40},
        )
    run = EngineRun.objects.get()
    assert response.url == reverse("admissions-engine-run", args=[run.pk])
    page = client.get(response.url)
    assert b"Best bound" in page.content and b"3 blocks need a chair" in page.content
    for block in m.HearingBlock.objects.all():  # each block in the roster table links to it
        link = f'href="{reverse("admissions-block", args=[block.pk])}">{block.reference}</a>'
        assert link.encode() in page.content
    client.post(response.url, {"action": "accept"})
    run.refresh_from_db()
    assert run.status == RunStatus.ACCEPTED
    block = m.HearingBlock.objects.get(reference="B2")
    page = client.get(reverse("admissions-engine-withdraw", args=[block.pk]))
    assert page.status_code == 200
    response = client.post(reverse("admissions-engine-withdraw", args=[block.pk]), {"reason": ""})
    assert b"This field is required" in response.content


@pytest.mark.parametrize("role", [roles.SCHOOL_LEADER, roles.COUNCIL_OFFICER, roles.PANEL_MEMBER])
def test_others_are_refused(client, role, season, clerk_user, django_capture_on_commit_callbacks):
    run = compose(clerk_user, season[2], django_capture_on_commit_callbacks)
    urls = [
        reverse("admissions-engine"),
        reverse("admissions-engine-run", args=[run.pk]),
        reverse("admissions-engine-withdraw", args=[season[2][0].pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to sign in
    client.force_login(make_user(role))
    for url in urls:
        assert client.get(url).status_code == 404
    assert client.post(urls[1], {"action": "accept"}).status_code == 404
    with pytest.raises(pool_services.PermissionDenied):
        services.accept_run(actor=make_user(role), run=run)


@pytest.mark.parametrize("blocks", [2, 8])
def test_run_page_queries(
    blocks,
    client,
    clerk_user,
    school_a,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
):
    authority = school_a.authority
    for i in range(6):
        make_member(authority, f"Chair {i}", chair=True)
        make_member(authority, f"Teacher {i}", education=True)
        make_member(authority, f"Lay {i}")
    make_clerk(authority, "C")
    made = [
        make_block(school_a, f"Q{i}", days=(MON + dt.timedelta(days=i % 5),)) for i in range(blocks)
    ]
    run = compose(clerk_user, made, django_capture_on_commit_callbacks)
    client.force_login(clerk_user)
    # The workload is stored with the result: the page never reloads the season.
    assert run.workload and sum(run.workload.values()) > 0
    with django_assert_max_num_queries(20):
        assert client.get(reverse("admissions-engine-run", args=[run.pk])).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("admissions-engine")).status_code == 200
    # The list reads only the columns it shows, never the stored results.
    listed = selectors.run_list_for_user(clerk_user).get(pk=run.pk)
    assert {"proposal", "current", "capacity", "changes", "parts"} <= listed.get_deferred_fields()


def test_the_personal_data_register_lists_proposals(
    clerk_user, season, django_capture_on_commit_callbacks
):
    from schools_platform.core.personal_data import sources

    pool, clerks, blocks = season
    person = make_user(roles.PANEL_MEMBER)
    pool[0].user = person
    pool[0].save()
    run = compose(clerk_user, blocks, django_capture_on_commit_callbacks)
    source = next(s for s in sources() if s.key == "admissions.engine_proposals")
    expected = sorted(k for k, p in run.proposal.items() if p and str(pool[0].pk) in p["members"])
    assert [row["block"] for row in source.rows(person)] == expected


def test_a_member_states_preferences_on_their_own_page(client, season, school_a):
    pool, clerks, blocks = season
    person = make_user(roles.PANEL_MEMBER)
    pool[2].user = person
    pool[2].save()
    url = reverse("admissions-engine-preferences")
    client.force_login(person)
    page = client.get(url)
    assert page.status_code == 200 and b"Your sitting preferences" in page.content
    response = client.post(
        url, {"avoid_weekdays": ["0", "4"], "avoid_schools": [school_a.pk], "mode": "remote"}
    )
    assert response.status_code == 302
    pref = SittingPreference.objects.get(member=pool[2])
    assert pref.avoid_weekdays == [0, 4] and pref.mode == "remote"
    assert list(pref.avoid_schools.all()) == [school_a]
    assert AuditEvent.objects.filter(verb="admissions.engine.preferences_set").count() == 1
    # The engine reads them (and nothing else about the member's person).
    season_ = loading.load_season(loading.load_blocks([b.pk for b in blocks]))
    wish = season_.preferences[str(pool[2].pk)]
    assert wish.avoid_weekdays == {0, 4} and wish.avoid_schools == {str(school_a.urn)}
    assert wish.cost(season_.block("B1")) == 3  # a Monday, school A's, and in person
    # Bad input names the field and writes nothing.
    bad = client.post(url, {"avoid_weekdays": ["0", "1", "2", "3", "4"], "mode": ""})
    assert bad.status_code == 400 and b"You cannot avoid every weekday" in bad.content
    assert SittingPreference.objects.get(member=pool[2]).avoid_weekdays == [0, 4]
    bad = client.post(url, {"avoid_weekdays": ["9"], "mode": "sometimes"})
    assert bad.status_code == 400 and b"Select a valid choice" in bad.content


def test_preferences_are_refused_to_others(client, season, clerk_user):
    pool, clerks, blocks = season
    url = reverse("admissions-engine-preferences")
    assert client.get(url).status_code == 302  # anonymous: to sign in
    client.force_login(make_user(roles.SCHOOL_LEADER))
    assert client.get(url).status_code == 404  # not a panel member
    other = make_user(roles.PANEL_MEMBER)
    with pytest.raises(pool_services.PermissionDenied):
        services.set_sitting_preferences(actor=other, member=pool[0], avoid_weekdays=[1])
    with pytest.raises(pool_services.PermissionDenied):
        services.set_sitting_preferences(
            actor=make_user(roles.SCHOOL_LEADER), member=pool[0], avoid_weekdays=[1]
        )
    assert not SittingPreference.objects.exists()
    # The clerk who keeps the pool may record them for a member (e.g. by telephone).
    services.set_sitting_preferences(actor=clerk_user, member=pool[0], avoid_weekdays=[1])
    assert SittingPreference.objects.get(member=pool[0]).avoid_weekdays == [1]


def test_the_personal_data_register_lists_and_erases_preferences(season):
    from schools_platform.core.personal_data import sources

    pool, clerks, blocks = season
    person = make_user(roles.PANEL_MEMBER)
    pool[0].user = person
    pool[0].save()
    services.set_sitting_preferences(actor=person, member=pool[0], avoid_weekdays=[2])
    source = next(s for s in sources() if s.key == "admissions.sitting_preferences")
    [row] = source.rows(person)
    assert row["weekdays you would rather not sit"] == "Wednesday"
    assert source.erase(person) >= 1 and not SittingPreference.objects.exists()


def test_a_run_records_blocks_solved_and_the_floor(
    clerk_user, season, django_capture_on_commit_callbacks
):
    run = compose(clerk_user, season[2], django_capture_on_commit_callbacks)
    assert run.blocks_solved == run.blocks_total == 4
    assert run.unstaffed_floor == 1  # three blocks on Monday, two chairs
    assert run.first_lawful_seconds is not None


def test_a_run_the_solver_had_no_time_for_is_ready_with_the_lawful_start(
    client, clerk_user, season, monkeypatch, django_capture_on_commit_callbacks
):
    stopped = services.execute_run
    monkeypatch.setattr(
        services,
        "execute_run",
        lambda run_id, **kw: stopped(run_id, **(kw | {"limits": {"max_deterministic_time": 0.0}})),
    )
    run = compose(clerk_user, season[2], django_capture_on_commit_callbacks)
    assert run.status == RunStatus.READY and run.solver_status == "UNKNOWN"
    assert run.bound is None and run.gap is None and run.objective is not None
    assert sum(p is not None for p in run.proposal.values()) >= 1
    client.force_login(clerk_user)
    page = client.get(reverse("admissions-engine-run", args=[run.pk])).content.decode()
    assert "Not proven: the solver stopped before it found a roster" in page
    services.accept_run(actor=clerk_user, run=run)
    for roster in m.Roster.objects.select_related("block"):
        assert pool_services.facts.check_saved_roster(roster.block) == []


def test_preferences_page_queries_do_not_grow(client, school_a, django_assert_max_num_queries):
    """appeals-engine-preferences: the member's own page (the schools they may avoid, those
    they avoid ticked) costs the same queries with two schools as with twelve."""
    from tests.factories import make_school

    authority = school_a.authority
    person = make_user(roles.PANEL_MEMBER)
    member = make_member(authority, "Cy Teacher", education=True, user=person)
    url = reverse("admissions-engine-preferences")
    client.force_login(person)
    counts = []
    for n in (2, 10):
        schools = [make_school(authority) for _ in range(n)]
        for i, school in enumerate(schools):
            make_block(school, f"P{n}-{i}")
        services.set_sitting_preferences(
            actor=person, member=member, avoid_weekdays=[0], avoid_schools=schools[: n // 2]
        )
        with django_assert_max_num_queries(20) as captured:
            page = client.get(url)
        assert page.status_code == 200 and schools[-1].name.encode() in page.content
        counts.append(len(captured))
    assert counts[1] <= counts[0], counts
