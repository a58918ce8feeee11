import csv
import io
import re

import pytest
from django.urls import reverse

from schools_platform.core import roles
from schools_platform.core.models import AuditEvent
from schools_platform.equality import services
from schools_platform.equality.forms import CONSENT_WORDING
from schools_platform.equality.models import EqualityProfile
from tests.factories import make_user

ANSWERS = {
    "ethnicity": "asian_other",
    "ethnicity_other": "Sri Lankan Tamil",
    "sex": "female",
    "age_band": "45-54",
    "disability": "yes",
}


def give(user, school=None, purpose="serving_governor", answers=ANSWERS, reference=""):
    return services.record_profile(
        actor=user,
        user=user,
        purpose=purpose,
        answers=answers,
        consent_wording=CONSENT_WORDING,
        school=school,
        subject_reference=reference,
    )


@pytest.fixture
def person(db):
    return make_user(roles.PANEL_MEMBER, username="priya", first_name="Priya", last_name="Nair")


@pytest.fixture
def profile(person, school_a):
    return give(person, school=school_a)


def body(response) -> str:
    return response.content.decode()


# --- a person's own answers -----------------------------------------------------------------


@pytest.mark.django_db
def test_own_answers_page_shows_mine_and_not_other_peoples(client, person, profile):
    give(make_user(), answers={"ethnicity": "white_roma", "sex": "male"})
    client.force_login(person)
    page = body(client.get(reverse("equality-my-answers")))
    assert "Sri Lankan Tamil" in page
    assert "Asian, Asian British or Asian Welsh: Any other Asian background" in page
    assert "Roma" not in page
    assert reverse("equality-change", args=[profile.pk]) in page
    assert reverse("equality-withdraw", args=[profile.pk]) in page


@pytest.mark.django_db
def test_own_answers_page_query_count_does_not_grow_with_profiles(
    client, person, django_assert_max_num_queries
):
    """applicant-answers: the person's own answers, with each profile's school, cost the same
    queries with two profiles as with twelve (some withdrawn)."""
    from itertools import count

    from tests.factories import make_school

    references = count()  # one live profile a purpose and reference

    def add(n):
        for _ in range(n):
            give(person, school=make_school(), reference=f"R{next(references)}")
        give(person, school=make_school(), reference=f"R{next(references)}")
        services.withdraw_profile(
            actor=person, profile=EqualityProfile.objects.filter(user=person).latest("pk")
        )

    client.force_login(person)
    url = reverse("equality-my-answers")
    add(1)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    add(10)
    with django_assert_max_num_queries(20) as large:
        response = client.get(url)
    assert body(response).count("You withdrew these answers") == 2
    assert len(large) <= len(small)


@pytest.mark.django_db
def test_own_pages_send_anonymous_visitors_to_sign_in(client, profile):
    for url in [
        reverse("equality-my-answers"),
        reverse("equality-give"),
        reverse("equality-change", args=[profile.pk]),
        reverse("equality-withdraw", args=[profile.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_give_answers_page_saves_them_with_consent(client, person):
    client.force_login(person)
    response = client.post(
        reverse("equality-give"),
        {
            "purpose": "learner",
            "equality-ethnicity": "black_other",
            "equality-ethnicity_other_black": "Black Scottish",
            "equality-sex": "male",
            "equality-age_band": "25-34",
            "equality-disability": "no",
            "equality-consent": "yes",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("equality-my-answers")
    saved = EqualityProfile.objects.get(user=person)
    assert saved.purpose == "learner"
    assert (saved.ethnicity, saved.ethnicity_other) == ("black_other", "Black Scottish")
    assert saved.consent_wording == CONSENT_WORDING
    page = body(client.get(response["Location"]))
    assert "Your answers have been saved" in page and "Black Scottish" in page


@pytest.mark.django_db
def test_give_answers_page_names_each_problem_and_saves_nothing(client, person):
    client.force_login(person)
    response = client.post(reverse("equality-give"), {"equality-sex": "female"})
    assert response.status_code == 400
    page = body(response)
    assert "There is a problem" in page
    assert "<title>Error: Give equality monitoring answers" in page
    assert '<a href="#id_purpose">Select what you are giving these answers for</a>' in page
    assert 'href="#id_equality-consent">Tick the box to agree' in page
    assert not EqualityProfile.objects.exists()


@pytest.mark.django_db
def test_give_answers_page_refuses_an_empty_form(client, person):
    client.force_login(person)
    response = client.post(reverse("equality-give"), {"purpose": "learner"})
    assert response.status_code == 400
    assert "Answer at least one question" in body(response)
    assert not EqualityProfile.objects.exists()


@pytest.mark.django_db
def test_give_answers_twice_for_the_same_thing_points_to_change(client, person, profile):
    client.force_login(person)
    response = client.post(
        reverse("equality-give"),
        {"purpose": profile.purpose, "equality-sex": "prefer_not_to_say"},
    )
    assert response.status_code == 400
    assert "Change those answers instead" in body(response)
    assert EqualityProfile.objects.count() == 1


@pytest.mark.django_db
def test_give_page_preselects_a_purpose_from_the_link(client, person):
    client.force_login(person)
    page = body(client.get(reverse("equality-give") + "?purpose=learner"))
    assert 'value="learner" checked' in page
    assert "never used to make decisions about you" in page


@pytest.mark.django_db
def test_change_page_shows_current_answers_and_saves_new_ones(client, person, profile):
    client.force_login(person)
    url = reverse("equality-change", args=[profile.pk])
    page = body(client.get(url))
    assert 'value="asian_other" checked' in page and 'value="Sri Lankan Tamil"' in page

    response = client.post(
        url,
        {"equality-ethnicity": "asian_bangladeshi", "equality-consent": "yes"},
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.answers() == {
        "ethnicity": "asian_bangladeshi",
        "ethnicity_other": "",
        "sex": "",
        "age_band": "",
        "disability": "",
    }


@pytest.mark.django_db
def test_change_page_without_consent_keeps_the_old_answers(client, person, profile):
    client.force_login(person)
    response = client.post(reverse("equality-change", args=[profile.pk]), {"equality-sex": "male"})
    assert response.status_code == 400
    assert "Tick the box to agree" in body(response)
    profile.refresh_from_db()
    assert profile.sex == "female"


@pytest.mark.django_db
def test_someone_elses_answers_are_404_like_missing_ones(client, profile, data_steward):
    intruder = make_user()
    client.force_login(intruder)
    for name in ["equality-change", "equality-withdraw"]:
        assert client.get(reverse(name, args=[profile.pk])).status_code == 404
        assert client.get(reverse(name, args=[999999])).status_code == 404
        assert client.post(reverse(name, args=[profile.pk])).status_code == 404
    profile.refresh_from_db()
    assert profile.ethnicity == "asian_other" and not profile.is_withdrawn
    # Not even the steward changes a person's answers from the person's pages.
    client.force_login(data_steward)
    assert client.get(reverse("equality-change", args=[profile.pk])).status_code == 404


@pytest.mark.django_db
def test_withdraw_asks_for_confirmation_then_deletes_the_answers(client, person, profile):
    client.force_login(person)
    url = reverse("equality-withdraw", args=[profile.pk])
    confirm = body(client.get(url))
    assert "Are you sure you want to withdraw" in confirm
    profile.refresh_from_db()
    assert not profile.is_withdrawn

    response = client.post(url)
    assert response["Location"] == reverse("equality-my-answers")
    profile.refresh_from_db()
    assert profile.is_withdrawn and not profile.has_answers
    page = body(client.get(reverse("equality-my-answers")))
    assert "You withdrew these answers on" in page and "Sri Lankan Tamil" not in page
    # A withdrawn profile can no longer be changed or withdrawn again.
    assert client.get(reverse("equality-change", args=[profile.pk])).status_code == 404


# --- the data steward -----------------------------------------------------------------------

STEWARD_URLS = ["equality-steward-list", "equality-steward-export"]
STEWARD_PROFILE_URLS = ["equality-steward-detail", "equality-steward-withdraw"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["officer", "leader_a", "person"])
def test_steward_pages_are_refused_to_everyone_else(client, request, who, profile):
    client.force_login(request.getfixturevalue(who))
    urls = [reverse(n) for n in STEWARD_URLS]
    urls += [reverse(n, args=[profile.pk]) for n in STEWARD_PROFILE_URLS]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Sri Lankan Tamil" not in body(response)
    response = client.post(reverse("equality-steward-withdraw", args=[profile.pk]))
    assert response.status_code == 403
    profile.refresh_from_db()
    assert not profile.is_withdrawn
    assert not AuditEvent.objects.filter(
        verb__in=["equality_profile.viewed", "equality_profile.listed", "equality_profile.exported"]
    ).exists()


@pytest.mark.django_db
def test_steward_pages_send_anonymous_visitors_to_sign_in(client, profile):
    urls = [reverse(n) for n in STEWARD_URLS]
    urls += [reverse(n, args=[profile.pk]) for n in STEWARD_PROFILE_URLS]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_steward_list_filters_and_audits_what_was_shown(
    client, data_steward, person, profile, school_b
):
    other = give(make_user(), school=school_b, purpose="learner")
    client.force_login(data_steward)
    page = body(client.get(reverse("equality-steward-list"), {"school": school_b.pk}))
    assert f"Profile {other.pk}" in page and f"Profile {profile.pk}<" not in page
    assert "1 profile" in page
    # The list names no answers: those are on the audited detail page.
    assert "Sri Lankan Tamil" not in page
    event = AuditEvent.objects.get(verb="equality_profile.listed")
    assert event.actor == data_steward
    assert event.details == {
        "filters": {"school": str(school_b.pk)},
        "page": 1,
        "profile_ids": [other.pk],
    }


@pytest.mark.django_db
def test_steward_list_bad_filter_names_the_filter(client, data_steward, profile):
    client.force_login(data_steward)
    response = client.get(reverse("equality-steward-list"), {"outcome": "sacked"})
    assert response.status_code == 400
    assert "Select an outcome from the list" in body(response)
    assert f"Profile {profile.pk}" not in body(response)
    export = client.get(reverse("equality-steward-export"), {"purpose": "gossip"})
    assert export.status_code == 400
    assert "Select a purpose from the list" in body(export)
    assert not AuditEvent.objects.filter(verb="equality_profile.exported").exists()


@pytest.mark.django_db
def test_steward_list_filters_by_purpose_outcome_and_status(client, data_steward, person):
    application = give(person, purpose="governor_application", reference="APP-9")
    leaver = make_user()
    services.withdraw_profile(actor=leaver, profile=give(leaver, purpose="learner"))
    client.force_login(data_steward)
    page = body(
        client.get(
            reverse("equality-steward-list"),
            {"purpose": "governor_application", "outcome": "not_applicable", "status": "answered"},
        )
    )
    assert "1 profile" in page and f"Profile {application.pk}" in page
    withdrawn = body(client.get(reverse("equality-steward-list"), {"status": "withdrawn"}))
    assert "1 profile" in withdrawn and "Withdrawn</strong>" in withdrawn


@pytest.mark.django_db
def test_steward_list_pagination_keeps_the_filters(client, data_steward):
    for _ in range(51):
        give(make_user(), purpose="learner")
    client.force_login(data_steward)
    page = body(client.get(reverse("equality-steward-list"), {"purpose": "learner"}))
    assert "51 profiles" in page
    assert 'href="?purpose=learner&amp;page=2"' in page
    second = body(client.get(reverse("equality-steward-list"), {"purpose": "learner", "page": 2}))
    assert len(re.findall(r'href="/equality/steward/\d+/"', second)) == 1


@pytest.mark.django_db
def test_steward_detail_shows_the_answers_and_is_audited(client, data_steward, profile):
    client.force_login(data_steward)
    page = body(client.get(reverse("equality-steward-detail", args=[profile.pk])))
    assert "Sri Lankan Tamil" in page and "Priya Nair" in page
    assert "never use them in a decision about this person" in page
    event = AuditEvent.objects.get(verb="equality_profile.viewed")
    assert (event.actor, event.target_id) == (data_steward, str(profile.pk))
    assert client.get(reverse("equality-steward-detail", args=[999999])).status_code == 404


@pytest.mark.django_db
def test_steward_export_is_a_safe_csv_of_the_filtered_rows_and_is_audited(
    client, data_steward, person, school_a, school_b
):
    wanted = give(
        person,
        school=school_a,
        answers={"ethnicity": "other_any", "ethnicity_other": "@SUM(A1)", "sex": "male"},
    )
    give(make_user(), school=school_b)
    client.force_login(data_steward)
    response = client.get(reverse("equality-steward-export"), {"school": school_a.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["Profile"] == str(wanted.pk)
    assert rows[0]["Ethnicity in own words"] == "'@SUM(A1)"
    assert rows[0]["Person"] == "Priya Nair (priya)"
    assert rows[0]["Consent wording"] == CONSENT_WORDING
    event = AuditEvent.objects.get(verb="equality_profile.exported")
    assert event.details["profile_ids"] == [wanted.pk]


@pytest.mark.django_db
def test_steward_can_withdraw_on_the_persons_written_request(client, data_steward, profile):
    client.force_login(data_steward)
    url = reverse("equality-steward-withdraw", args=[profile.pk])
    assert "asked, in writing" in body(client.get(url))
    response = client.post(url)
    assert response["Location"] == reverse("equality-steward-detail", args=[profile.pk])
    profile.refresh_from_db()
    assert profile.is_withdrawn and not profile.has_answers
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_steward_list_page_query_count_does_not_grow_with_rows(
    client, data_steward, school_a, django_assert_max_num_queries
):
    client.force_login(data_steward)
    url = reverse("equality-steward-list")

    def add(n):
        for _ in range(n):
            give(make_user(first_name="Sam", last_name="Lee"), school=school_a, purpose="learner")

    add(5)
    # Session, user, permissions, count, one page of rows with their school and person, the
    # audit row, the school filter's options, the header's roles: about 16, whatever the rows.
    budget = 18
    client.get(url)  # the school filter's options are read once, then cached (forms.py)
    with django_assert_max_num_queries(budget) as small:
        assert client.get(url).status_code == 200
    add(45)
    with django_assert_max_num_queries(budget) as large:
        response = client.get(url)
    assert "50 profiles" in body(response)
    assert len(large) == len(small)


@pytest.mark.django_db
def test_steward_school_filter_lists_every_school_and_follows_changes(
    client, data_steward, school_a, school_b
):
    """The filter's options are cached; a school added or renamed shows on the next page."""
    from tests.factories import make_authority, make_school

    client.force_login(data_steward)
    url = reverse("equality-steward-list")
    page = body(client.get(url))
    assert f'<option value="{school_a.pk}">Alder Primary ({school_a.urn})</option>' in page
    assert f'<option value="{school_b.pk}">Birch Academy ({school_b.urn})</option>' in page

    added = make_school(make_authority(la_code="903", name="Eastwick"), name="Cedar & Co School")
    school_a.name = "Alder Nettlebank Primary"
    school_a.save()
    page = body(client.get(url, {"school": added.pk}))
    assert (
        f'<option value="{added.pk}" selected>Cedar &amp; Co School ({added.urn})</option>' in page
    )
    assert (
        f'<option value="{school_a.pk}">Alder Nettlebank Primary ({school_a.urn})</option>' in page
    )
    assert "Alder Primary (" not in page
    assert page.count(" selected>") == 4  # the school, and "Any" in the other three filters

    school_b.delete()
    assert f'value="{school_b.pk}"' not in body(client.get(url))


@pytest.mark.django_db
def test_steward_list_query_count_does_not_grow_with_schools(
    client, data_steward, school_a, django_assert_max_num_queries
):
    from tests.factories import make_school

    client.force_login(data_steward)
    url = reverse("equality-steward-list")
    give(make_user(first_name="Sam", last_name="Lee"), school=school_a, purpose="learner")
    client.get(url)  # the school options are read and cached once per version
    with django_assert_max_num_queries(18) as small:
        assert client.get(url).status_code == 200
    for _ in range(40):
        make_school(school_a.authority)
    client.get(url)
    with django_assert_max_num_queries(18) as large:
        response = client.get(url)
    assert body(response).count("<option value=") >= 42
    assert len(large) == len(small)
    # Each view is still audited, with one INSERT.
    assert AuditEvent.objects.filter(verb="equality_profile.listed").count() == 4
    assert sum(q["sql"].startswith("INSERT") for q in large.captured_queries) == 1
