"""Fairness of outcomes: appellants' optional equality answers through the landed form (its own
consent), kept apart (never shown to the clerk or the panel per appeal, never read by the
checker or the engine), counted by group only through publish_counts; the CSV is audited."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from admissions import facts, monitoring, services
from admissions import models as m
from schools_platform.core import roles
from schools_platform.core.models import AuditEvent
from schools_platform.equality.forms import CONSENT_WORDING
from schools_platform.equality.models import EqualityProfile
from tests.factories import make_user

from .conftest import make_block

EQUALITY_TABLE = EqualityProfile._meta.db_table


def _decided(block, n, *, upheld):
    out = []
    for i in range(n):
        out.append(
            m.Appeal.objects.create(
                block=block,
                reference=f"{block.reference}-f{i}",
                appellant_name=f"Parent {i}",
                child_name=f"Child {i}",
                lodged_on=dt.date(2027, 3, 1),
                decision="upheld" if i < upheld else "dismissed",
                stage_one_finding="Lawful",
                reasons="Considered both cases",
                decided_on=dt.date(2027, 5, 10),
            )
        )
    return out


def _answer(appeal, code):
    return services.record_appellant_answers(
        actor=None, appeal=appeal, answers={"ethnicity": code}, consent_wording=CONSENT_WORDING
    )


def test_the_appellants_link_takes_answers_once_without_signing_in(client, block):
    appeal = block.appeals.get()
    url = reverse("admissions-appellant-monitoring", args=[services.appellant_link_token(appeal)])
    page = client.get(url)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert "The appeal panel and the clerk never see them" in page.content.decode()
    # Nothing answered: the landed form asks for an answer or "prefer not to say".
    assert client.post(url, {}).status_code == 400
    # An answer without the form's own consent is refused, nothing written.
    response = client.post(url, {"equality-ethnicity": "black_african"})
    assert response.status_code == 400 and not EqualityProfile.objects.exists()
    response = client.post(url, {"equality-ethnicity": "black_african", "equality-consent": "on"})
    assert response.status_code == 302
    profile = EqualityProfile.objects.get()
    assert profile.purpose == "appellant" and profile.user_id is None
    assert profile.subject_reference == monitoring.appellant_reference(appeal)
    assert profile.consent_given_at is not None
    # Once per appeal: the link now offers to change or withdraw them, and takes no second set.
    again = client.post(url, {"equality-ethnicity": "white_british", "equality-consent": "on"})
    assert again.status_code == 200 and "Change your answers" in again.content.decode()
    assert EqualityProfile.objects.count() == 1
    with pytest.raises(ValidationError, match="already been given"):
        _answer(appeal, "white_british")
    # The audit row holds no answer.
    assert "black_african" not in str(list(AuditEvent.objects.values_list("details", flat=True)))


def test_a_forged_or_unknown_link_is_404(client, block):
    appeal = block.appeals.get()
    token = services.appellant_link_token(appeal)
    assert client.get(f"/appeals/your-answers/{token}x/").status_code == 404
    assert client.get("/appeals/your-answers/nothing/").status_code == 404


def test_outcomes_by_group_publish_only_controlled_counts(school_a):
    block = make_block(school_a)
    appeals = _decided(block, 40, upheld=12)
    for appeal in appeals[:30]:
        _answer(appeal, "white_british")
    for appeal in appeals[30:34]:
        _answer(appeal, "asian_pakistani")
    report = monitoring.outcomes_by_group()
    rows = {r[0]: r[1:] for r in report.rows}
    assert report.header[-1] == "Upheld of heard"
    lodged_white = rows["White"][0]
    assert isinstance(lodged_white, int) and abs(lodged_white - 30) <= 5
    # 4 Asian appellants: a count of 1-7 people is never shown, nor a rate from it.
    assert rows["Asian, Asian British or Asian Welsh"][0] == "c"
    assert rows["Asian, Asian British or Asian Welsh"][-1] == "c"
    for values in rows.values():
        assert not [v for v in values[:-1] if isinstance(v, int) and 1 <= v <= 7]
    # The appeals with no answer are counted as "not known", never guessed.
    assert monitoring.NOT_KNOWN in rows


def test_outcomes_by_sex_and_by_level(school_a, school_b):
    _decided(make_block(school_a), 12, upheld=3)
    other = make_block(school_b, reference="B2")
    appeals = [*_decided(other, 12, upheld=6), other.appeals.get(reference="B2-1")]
    for appeal in appeals:
        services.record_appellant_answers(
            actor=None, appeal=appeal, answers={"sex": "female"}, consent_wording=CONSENT_WORDING
        )
    scoped = monitoring.scoped_appeals(authority=school_b.authority)
    rows = {r[0]: r[1:] for r in monitoring.outcomes_by_group(scoped, characteristic="sex").rows}
    assert rows["Female"][0] == 15  # 13, rounded to the nearest 5
    assert rows["Total"][0] == 15 and rows["Female"][2] == 10  # 12 heard
    assert monitoring.outcomes_by_group(monitoring.scoped_appeals(kind="late")) is None


def test_the_fairness_page_and_audited_csv_are_the_clerks_only(client, clerk_user, school_a):
    appeals = _decided(make_block(school_a), 20, upheld=8)
    for appeal in appeals:
        _answer(appeal, "white_british")
    client.force_login(clerk_user)
    url = reverse("admissions-fairness")
    page = client.get(url, {"characteristic": "ethnicity", "kind": "normal"})
    assert page.status_code == 200 and "Upheld of heard" in page.content.decode()
    assert client.get(url, {"year": "not a year"}).status_code == 400
    download = client.get(url, {"kind": "normal", "download": "fairness"})
    assert download["Content-Type"].startswith("text/csv")
    assert b"Upheld of heard" in download.content
    event = AuditEvent.objects.get(verb="admissions.monitoring.exported")
    assert event.details["table"] == "fairness" and event.details["filters"] == {"kind": "normal"}
    for role in (roles.PANEL_MEMBER, roles.SCHOOL_LEADER, roles.COUNCIL_OFFICER):
        client.force_login(make_user(role))
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_clerk_never_sees_an_appellants_answer(client, clerk_user, block):
    appeal = block.appeals.get()
    _answer(appeal, "black_caribbean")
    client.force_login(clerk_user)
    page = client.get(reverse("admissions-block", args=[block.pk])).content.decode()
    assert "Caribbean" not in page and "Black" not in page
    assert reverse("admissions-appellant-monitoring", args=["x"])[:-2] in page  # the link


def test_checker_facts_and_engine_loading_never_read_equality_answers(
    clerk_user, pool, appeals_clerk, block
):
    _answer(block.appeals.get(), "white_british")
    with CaptureQueriesContext(connection) as queries:
        services.check_proposal(
            block=facts.load_block(block.pk),
            member_ids=[p.pk for p in pool[:3]],
            chair_id=pool[0].pk,
            clerk=appeals_clerk,
        )
        services.save_roster(
            actor=clerk_user,
            block=block,
            member_ids=[p.pk for p in pool[:3]],
            chair_id=pool[0].pk,
            clerk=appeals_clerk,
        )
    assert not [q for q in queries if EQUALITY_TABLE in q["sql"]]


def test_engine_loading_reads_no_equality_table(pool, appeals_clerk, block):
    # The engine's own module (admissions/engine) is read, not changed: its season loading
    # for a run must not touch the equality answers either (nor the diversity labels).
    from admissions.engine import loading

    _answer(block.appeals.get(), "white_british")
    with CaptureQueriesContext(connection) as queries:
        loading.load_season(loading.load_blocks([block.pk]), diversity=True)
    assert not [q for q in queries if EQUALITY_TABLE in q["sql"]]
