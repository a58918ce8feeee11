import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from policies import selectors, services
from schools_platform.core.models import Notification

from .conftest import answer_all

TODAY = datetime.date(2026, 12, 1)


def test_equality_information_is_due_yearly_and_objectives_every_four_years(leader_a, school_a):
    services.record_equality_publication(
        actor=leader_a, school=school_a, kind="information", published_on=datetime.date(2025, 11, 1)
    )
    services.record_equality_publication(
        actor=leader_a, school=school_a, kind="objectives", published_on=datetime.date(2023, 1, 10)
    )
    duties = {d["kind"]: d for d in services.equality_duties(school_a, today=TODAY)}
    assert duties["information"]["due_on"] == datetime.date(2026, 11, 1)
    assert duties["information"]["overdue"]
    assert duties["objectives"]["due_on"] == datetime.date(2027, 1, 10)
    assert not duties["objectives"]["overdue"]


def test_another_schools_leader_cannot_record(leader_b, school_a):
    with pytest.raises(PermissionDenied):
        services.record_equality_publication(
            actor=leader_b, school=school_a, kind="information", published_on=TODAY
        )


def test_reminders_are_sent_once(leader_a, school_a, leader_b, school_b):
    services.record_equality_publication(
        actor=leader_a,
        school=school_a,
        kind="information",
        published_on=datetime.date(2025, 12, 20),
    )
    services.record_equality_publication(
        actor=leader_a, school=school_a, kind="objectives", published_on=datetime.date(2024, 1, 1)
    )
    first = services.send_equality_duty_reminders(today=TODAY)
    again = services.send_equality_duty_reminders(today=TODAY)
    sent = Notification.objects.filter(kind="policies.equality_duty_due")
    # school A: information due 20 Dec 2026 (within 30 days); objectives not due till 2028.
    # school B: nothing recorded, so both duties are reminded once.
    assert first == 3 and again == 0
    assert sent.filter(recipient=leader_a).count() == 1
    assert sent.filter(recipient=leader_b).count() == 2


def test_gap_analysis_counts_schools(
    review_a, leader_a, leader_b, school_b, version, equalities, officer
):
    answer_all(review_a, leader_a, rating="developing")
    services.submit_review(actor=leader_a, review=review_a)
    review_b = services.start_review(
        actor=leader_b, school=school_b, version=version, kind="behaviour"
    )
    answer_all(review_b, leader_b, rating="embedded")
    first = review_b.answers.order_by("item__code").first()
    first.refresh_from_db()
    services.save_answers(
        actor=leader_b,
        review=review_b,
        answers=[{"answer": first, "lock_version": first.lock_version, "rating": "not_started"}],
    )
    services.submit_review(actor=leader_b, review=review_b)
    result = selectors.gap_analysis(equalities, version=version)
    top = result["rows"][0]
    assert top["item"].code == "A1" and top["gaps"] == 2 and top["schools"] == 2
    assert {r["item"].code: r["gaps"] for r in result["rows"]}["B2"] == 1
    by_phase = selectors.gap_analysis(equalities, version=version, group_by="phase")
    assert by_phase["groups"] == ["Primary"]
    with pytest.raises(Http404):
        selectors.gap_analysis(leader_a, version=version)
    with pytest.raises(Http404):
        selectors.gap_analysis(officer, version=version)


def test_trends_by_version_and_year(leader_a, review_a, equalities):
    from policies import selectors

    answer_all(review_a, leader_a, rating="developing")
    services.submit_review(actor=leader_a, review=review_a)
    rows = selectors.trends(equalities)
    assert len(rows) == 1
    assert rows[0]["schools"] == 1 and rows[0]["approved"] == 0 and rows[0]["gap_share"] == 100
    assert selectors.trends(leader_a) == []
