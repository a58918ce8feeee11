"""Termly racist incident returns: only where the council collects them, counts only, nil
returns, bad input named, published through disclosure control."""

import pytest
from django.core.exceptions import ValidationError

from policies import services
from policies.models import AuthorityPolicySettings, IncidentReturn


@pytest.fixture
def collecting(school_a):
    return AuthorityPolicySettings.objects.create(
        authority=school_a.authority, collect_incident_returns=True
    )


def test_not_collected_unless_the_council_says_so(client, leader_a, school_a):
    with pytest.raises(ValidationError, match="does not collect"):
        services.submit_incident_return(
            actor=leader_a, school=school_a, academic_year=2025, term="autumn", counts={},
            nil_return=True,
        )  # fmt: skip
    client.force_login(leader_a)
    assert client.get(f"/policies/schools/{school_a.urn}/incidents/").status_code == 404


def test_bad_input_is_named_and_nothing_saved(leader_a, school_a, collecting):
    with pytest.raises(ValidationError) as error:
        services.submit_incident_return(
            actor=leader_a, school=school_a, academic_year=2025, term="autumn",
            counts={"verbal": "-2", "online": "x"}, nil_return=False,
        )  # fmt: skip
    text = str(error.value)
    assert "Verbal abuse" in text and "Online, by text" in text
    with pytest.raises(ValidationError, match="nil return"):
        services.submit_incident_return(
            actor=leader_a, school=school_a, academic_year=2025, term="autumn", counts={},
            nil_return=False,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="A nil return has no incidents"):
        services.submit_incident_return(
            actor=leader_a, school=school_a, academic_year=2025, term="autumn",
            counts={"verbal": 1}, nil_return=True,
        )  # fmt: skip
    assert not IncidentReturn.objects.exists()


def test_returns_and_the_report_hide_small_counts(
    client, leader_a, leader_b, school_a, equalities, collecting
):
    client.force_login(leader_a)
    url = f"/policies/schools/{school_a.urn}/incidents/"
    response = client.post(
        url, {"academic_year": 2025, "term": "autumn", "count-verbal": "3", "count-online": "12"}
    )
    assert response.status_code == 302
    client.post(url, {"academic_year": 2025, "term": "spring", "nil_return": "1"})
    record = IncidentReturn.objects.get(term="spring")
    assert record.nil_return and not record.counts.exists()
    # Sent again: replaced, not added.
    client.post(
        url, {"academic_year": 2025, "term": "autumn", "count-verbal": "3", "count-online": "12"}
    )
    assert IncidentReturn.objects.count() == 2
    bad = client.post(url, {"academic_year": 2025, "term": "autumn", "count-verbal": "-1"})
    assert bad.status_code == 200 and "give a whole number" in bad.content.decode()

    client.force_login(leader_b)
    assert client.get(url).status_code == 404
    assert client.get("/policies/officer/incidents/").status_code == 404
    client.force_login(equalities)
    page = client.get("/policies/officer/incidents/?year=2025").content.decode()
    # 3 verbal incidents is a small count: never shown as 3.
    assert ">3<" not in page.replace(" ", "")
    assert "Of which nil returns" in page
