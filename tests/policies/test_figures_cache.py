"""The gap analysis and the trends are cached, keyed on what they are computed from: every
kind of change shows on the next page load, and a second load does not aggregate the answers
again."""

from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from policies import services
from policies.models import Item
from schools_platform.core import roles
from schools_platform.registry.services import grant_school_access
from tests.factories import make_school, make_user

from .conftest import answer_all, assign


def _submitted(officer, version, name, *, rating="embedded", phase="Primary"):
    school = make_school(name=name, phase=phase)
    leader = make_user(roles.SCHOOL_LEADER)
    grant_school_access(actor=officer, user=leader, school=school)
    review = services.start_review(actor=leader, school=school, version=version, kind="behaviour")
    answer_all(review, leader, rating=rating)
    return services.submit_review(actor=leader, review=review), leader


def _gaps(client, version, by=""):
    return client.get(f"/policies/officer/gaps/?version={version.pk}&by={by}").content.decode()


def _first_item_gaps(client, version) -> int:
    rows = client.get(f"/policies/api/gaps/?version={version.pk}").json()["results"]
    return next(r["schools_with_gap"] for r in rows if r["code"] == "A1")


def _answer_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return sum('"policies_answer"' in q["sql"] for q in captured.captured_queries)


def test_a_second_load_reads_the_cache(client, officer, equalities, version):
    _submitted(officer, version, "Ash Primary", rating="developing")
    client.force_login(equalities)
    url = f"/policies/officer/gaps/?version={version.pk}"
    assert _answer_queries(client, url) == 2  # the gap analysis and the trends
    assert _answer_queries(client, url) == 0
    assert "1 (100%)" in client.get(url).content.decode()


def test_changed_answers_show_on_the_next_load(client, officer, equalities, version):
    review, leader = _submitted(officer, version, "Ash Primary", rating="embedded")
    client.force_login(equalities)
    assert _first_item_gaps(client, version) == 0
    _gaps(client, version)
    assign(review, equalities)
    services.return_review(actor=equalities, review=review, message="Look again at A1.")
    # A returned review still counts; the school changes its answers before resubmitting.
    answer_all(review, leader, rating="developing")
    assert _first_item_gaps(client, version) == 1
    assert "1 (100%)" in _gaps(client, version)


def test_a_new_submission_and_a_decision_show_on_the_next_load(
    client, officer, equalities, version
):
    first, _ = _submitted(officer, version, "Ash Primary")
    client.force_login(equalities)
    text = _gaps(client, version)
    assert "(1 school)" in text
    second, _ = _submitted(officer, version, "Birch Primary", rating="not_started")
    text = _gaps(client, version)
    assert "(2 schools)" in text and "1 (50%)" in text
    trends = client.get("/policies/officer/gaps/").content.decode()
    assert 'figure=approved">0<span' in trends
    assign(first, equalities)
    services.approve_review(actor=equalities, review=first)
    assert 'figure=approved">1<span' in client.get("/policies/officer/gaps/").content.decode()


def test_a_schools_phase_shows_on_the_next_load(client, officer, equalities, version):
    review, _ = _submitted(officer, version, "Ash Primary", rating="developing")
    client.force_login(equalities)
    assert ">Primary</th>" in _gaps(client, version, by="phase")
    school = review.school
    school.phase = "Middle deemed primary"
    school.save()
    text = _gaps(client, version, by="phase")
    assert ">Middle deemed primary</th>" in text and ">Primary</th>" not in text


def test_a_new_version_has_its_own_figures(client, officer, equalities, second_equalities, version):
    _submitted(officer, version, "Ash Primary", rating="developing")
    client.force_login(equalities)
    assert _first_item_gaps(client, version) == 1
    draft = services.start_draft_version(
        actor=equalities, framework=version.framework, copy_from=version
    )
    services.submit_version_for_approval(actor=equalities, version=draft)
    newer = services.approve_version(actor=second_equalities, version=draft)
    assert f'<option value="{newer.pk}"' in _gaps(client, version)
    assert "No submitted reviews on this version yet" in _gaps(client, newer)
    _submitted(officer, newer, "Birch Primary", rating="not_started")
    assert _first_item_gaps(client, newer) == 1
    assert _first_item_gaps(client, version) == 1
    assert Item.objects.filter(section__version=newer).count() == 4


def test_a_viewer_who_sees_less_never_gets_anothers_figures(client, officer, equalities, version):
    review, _ = _submitted(officer, version, "Ash Primary", rating="developing")
    client.force_login(equalities)
    assert "(1 school)" in _gaps(client, version)
    coach = make_user(username="coach")
    coach.user_permissions.add(
        Permission.objects.get(content_type__app_label="policies", codename="review_policy")
    )
    assign(review, equalities, coach)  # assigned to review it, but sees no school
    client.force_login(coach)
    text = _gaps(client, version)
    assert "(0 schools)" in text and "1 (100%)" not in text


def test_the_export_matches_the_page_after_a_change(client, officer, equalities, version):
    review, leader = _submitted(officer, version, "Ash Primary", rating="embedded")
    client.force_login(equalities)
    _gaps(client, version)
    assign(review, equalities)
    services.return_review(actor=equalities, review=review, message="Check.")
    answer_all(review, leader, rating="developing")
    text = client.get(f"/policies/officer/gaps/?version={version.pk}&format=csv").content
    rows = text.decode("utf-8-sig").splitlines()
    assert rows[1].split(",")[5] == "1"  # Gaps
