"""The personal data register: a person downloads everything held about them (Art. 15), and the
data steward erases a person where the law allows, keeping what must be kept and saying why."""

import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from schools_platform.core import personal_data, roles
from schools_platform.core.models import AuditEvent, Notification, User
from schools_platform.core.notifications import notify
from schools_platform.equality import services as equality_services
from schools_platform.equality.forms import CONSENT_WORDING
from schools_platform.equality.models import EqualityProfile
from schools_platform.registry.models import SchoolUserObjectPermission
from schools_platform.representation.models import GroupMembership

from ..factories import make_user
from ..imports.helpers import census_rows, csv_bytes, upload

pytestmark = pytest.mark.django_db

LANDED = {
    "core.account",
    "core.notifications",
    "core.audit",
    "equality.profiles",
    "registry.school_access",
    "representation.group_memberships",
    "imports.jobs",
}


def give(user, school, ethnicity):
    return equality_services.record_profile(
        actor=user,
        user=user,
        purpose="serving_governor",
        answers={"ethnicity": ethnicity, "sex": "female"},
        consent_wording=CONSENT_WORDING,
        school=school,
    )


@pytest.fixture
def person(leader_a, school_a, django_capture_on_commit_callbacks):
    """A school leader with something in every landed app."""
    leader_a.first_name, leader_a.last_name = "Lena", "Okafor"
    leader_a.email = "lena@example.org"
    leader_a.save()
    profile = give(leader_a, school_a, "black_african")
    GroupMembership.objects.create(
        group="governors", stage="appointed", year=2026, school=school_a, profile=profile
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipient=leader_a,
            kind="core.test",
            template="core/email/message",
            reason="You lead Alder Primary.",
            context={"subject": "Welcome to the platform", "paragraphs": ["Hello."]},
        )
    return leader_a


@pytest.fixture
def other_person(school_b):
    other = make_user(roles.SCHOOL_LEADER, username="omar", email="omar@example.org")
    give(other, school_b, "white_irish")
    return other


def test_every_landed_app_declares_what_it_holds():
    sources = {source.key: source for source in personal_data.sources()}
    assert set(sources) >= LANDED
    for source in sources.values():
        if source.policy != personal_data.Policy.ERASE:
            assert source.reason  # kept or anonymised: it says why


def test_a_person_downloads_everything_held_about_them_as_json_and_it_is_audited(
    client, person, other_person, officer, school_a
):
    job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a])))
    job.created_by = person
    job.save()
    client.force_login(person)
    page = client.get(reverse("personal-data")).content.decode()
    assert "Equality monitoring answers" in page and "Schools you have access to" in page
    response = client.get(reverse("personal-data-download", args=["json"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    document = json.loads(response.content)
    by_key = {s["key"]: s for s in document["sources"]}
    assert set(by_key) >= LANDED
    assert by_key["core.account"]["records"][0]["email"] == "lena@example.org"
    [answers] = by_key["equality.profiles"]["records"]
    assert answers["ethnicity"] == "African" and answers["school"] == "Alder Primary"
    assert by_key["registry.school_access"]["records"][0]["urn"] == school_a.urn
    assert by_key["representation.group_memberships"]["records"][0]["group"] == "governors"
    assert by_key["core.notifications"]["records"][0]["subject"] == "Welcome to the platform"
    assert by_key["imports.jobs"]["records"][0]["import"] == job.pk
    verbs = {r["action"] for r in by_key["core.audit"]["records"]}
    assert "school_access.granted" in verbs and "equality_profile.recorded" in verbs
    text = response.content.decode()
    assert "omar" not in text and "Irish" not in text  # nobody else's data
    event = AuditEvent.objects.get(verb="personal_data.subject_access")
    assert event.actor == person and event.details["format"] == "json"
    assert "black_african" not in json.dumps(event.details)  # the log holds no answers


def test_the_xlsx_copy_has_a_sheet_per_source(client, person):
    client.force_login(person)
    response = client.get(reverse("personal-data-download", args=["xlsx"]))
    book = load_workbook(io.BytesIO(response.content))
    assert "About this file" in book.sheetnames
    assert "Equality monitoring answers" in book.sheetnames
    about = list(book["About this file"].iter_rows(values_only=True))
    assert about[0] == ("Data", "What it is", "Records", "If you ask us to erase it", "Why")


def test_the_downloads_need_a_signed_in_person(client):
    response = client.get(reverse("personal-data-download", args=["json"]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_nobody_else_may_download_a_persons_data(person, other_person):
    with pytest.raises(PermissionDenied):
        personal_data.subject_access(actor=other_person, person=person, fmt="json")


def test_the_steward_erases_a_person_keeping_what_must_be_kept(
    client, person, other_person, data_steward, officer, school_a
):
    job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a])))
    job.created_by = person
    job.save()
    client.force_login(data_steward)
    found = client.post(reverse("personal-data-erase-find"), {"who": "LENA@example.org"})
    url = reverse("personal-data-erase", args=[person.pk])
    assert found["Location"] == url
    missing = client.post(reverse("personal-data-erase-find"), {"who": "nobody"})
    assert missing.status_code == 400
    assert "No account has that username or e-mail address" in missing.content.decode()
    plan = client.get(url).content.decode()
    assert "Kept without your name" in plan and "accountability" in plan

    refused = client.post(url, {})
    assert refused.status_code == 400 and "govuk-error-summary" in refused.content.decode()
    assert User.objects.get(pk=person.pk).email == "lena@example.org"  # nothing done

    assert client.post(url, {"confirm": "on"}).status_code == 302
    person.refresh_from_db()
    assert person.username == f"erased-person-{person.pk}"
    assert (person.first_name, person.last_name, person.email) == ("", "", "")
    assert not person.is_active and not person.has_usable_password()
    assert not person.groups.exists()
    assert not EqualityProfile.objects.filter(user=person).exists()
    assert EqualityProfile.objects.filter(user=other_person).count() == 1
    assert not SchoolUserObjectPermission.objects.filter(user=person).exists()
    membership = GroupMembership.objects.get()  # still counted, no longer linked
    assert membership.profile is None
    assert not Notification.objects.filter(recipient=person).exists()
    job.refresh_from_db()
    assert job.created_by is None  # the import record stays
    # No audit entry names the person any more; the erasure itself is one entry.
    for event in AuditEvent.objects.all():
        text = f"{event.actor_label} {event.target_label} {json.dumps(event.details)}"
        # The audit log's stored search copy (normalised, lower case) was refreshed too.
        assert "leader_a" not in event.search_text and "lena" not in event.search_text, event
        assert "leader_a" not in text and "Lena" not in text, event
    erased = AuditEvent.objects.get(verb="personal_data.erased")
    assert erased.actor == data_steward and erased.target_id == str(person.pk)
    assert erased.details["results"]["equality.profiles"] == {"policy": "erase", "records": 1}
    # Signing in as the erased person is impossible.
    client.logout()
    signed_in = client.post(
        reverse("login"),
        {"username": "leader_a", "password": "correct-horse-battery-staple-42"},
    )
    assert signed_in.status_code == 200 and "_auth_user_id" not in client.session


def test_erasure_is_all_or_nothing(person, data_steward, monkeypatch):
    def broken(_person):
        raise RuntimeError("disk full")

    failing = personal_data.PersonalDataSource(
        key="tests.broken",
        label="Broken",
        description="fails",
        rows=lambda p: [],
        policy=personal_data.Policy.ERASE,
        erase=broken,
        order=95,  # after the profiles, notifications and audit entries were changed
    )
    monkeypatch.setitem(personal_data._sources, failing.key, failing)
    with pytest.raises(RuntimeError):
        personal_data.erase_person(actor=data_steward, person=person)
    assert EqualityProfile.objects.filter(user=person).count() == 1
    assert Notification.objects.filter(recipient=person).count() == 1
    assert not AuditEvent.objects.filter(verb="personal_data.erased").exists()


def test_only_the_data_steward_may_erase_and_not_themself(
    client, person, officer, data_steward, other_person
):
    with pytest.raises(PermissionDenied):
        personal_data.erase_person(actor=officer, person=person)
    with pytest.raises(ValidationError):
        personal_data.erase_person(actor=data_steward, person=data_steward)
    url = reverse("personal-data-erase", args=[person.pk])
    for user in (officer, other_person, person):
        client.force_login(user)
        assert client.get(reverse("personal-data-erase-find")).status_code == 404
        assert (
            client.post(reverse("personal-data-erase-find"), {"who": "leader_a"}).status_code == 404
        )
        assert client.get(url).status_code == 404
        assert client.post(url, {"confirm": "on"}).status_code == 404
    client.logout()
    assert client.post(url, {"confirm": "on"}).status_code == 302  # to sign in
    person.refresh_from_db()
    assert person.email == "lena@example.org"
