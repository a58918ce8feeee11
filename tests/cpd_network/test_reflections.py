"""The reflection log is private: only its author reads it, at every page, export and API;
the facilitator only what is shared, and only while it is shared. Officers, admins, the data
steward and moderators read none of it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cpd.network import selectors, services
from schools_platform.core.models import AuditEvent

pytestmark = pytest.mark.django_db
SECRET = "A private thought about my staff room"


@pytest.fixture
def entry(member, sessions, item):
    return services.save_reflection(
        actor=member,
        written_on=timezone.localdate(),
        title="After the first session",
        body=SECRET,
        session=sessions[0],
        checklist_item=item,
    )


def _urls(entry):
    return [
        "/training/network/reflections/",
        f"/training/network/reflections/{entry.pk}/",
        "/training/network/reflections.csv",
        "/training/network/api/reflections/",
        f"/training/network/shared-with-me/{entry.pk}/",
    ]


def test_the_author_reads_every_page_export_and_api(client, entry, member):
    client.force_login(member)
    for url in _urls(entry)[:4]:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8-sig")
        assert SECRET in body or (url.endswith("reflections/") and entry.title in body), url


@pytest.mark.parametrize(
    "who", ["other_member", "officer", "steward", "admin_user", "lead", "facilitator", "outsider"]
)
def test_nobody_else_reads_an_unshared_reflection(client, entry, who, request):
    user = request.getfixturevalue(who)
    client.force_login(user)
    for url in _urls(entry):
        response = client.get(url)
        assert SECRET not in response.content.decode("utf-8-sig"), (who, url)
        if "reflections/" in url and not url.endswith("reflections/") or "shared-with-me" in url:
            assert response.status_code in (404, 200), url
    assert client.get(f"/training/network/shared-with-me/{entry.pk}/").status_code == 404
    assert not selectors.shared_reflections_for(user).filter(pk=entry.pk).exists()


def test_visitors_are_sent_to_sign_in(client, entry):
    for url in _urls(entry):
        response = client.get(url)
        assert response.status_code in (302, 401, 403), url
        assert SECRET not in response.content.decode("utf-8-sig")


def test_shared_with_the_facilitator_until_withdrawn(client, entry, member, facilitator, lead):
    services.share_reflection(actor=member, reflection=entry, share=True)
    client.force_login(facilitator)
    assert SECRET in client.get(f"/training/network/shared-with-me/{entry.pk}/").content.decode()
    assert (
        "After the first session"
        in client.get("/training/network/shared-with-me/").content.decode()
    )
    client.force_login(lead)  # a lead and moderator is not the facilitator
    assert client.get(f"/training/network/shared-with-me/{entry.pk}/").status_code == 404
    services.share_reflection(actor=member, reflection=entry, share=False)
    client.force_login(facilitator)
    assert client.get(f"/training/network/shared-with-me/{entry.pk}/").status_code == 404


def test_only_the_author_changes_or_shares(entry, other_member, facilitator):
    with pytest.raises(PermissionDenied):
        services.share_reflection(actor=other_member, reflection=entry, share=True)
    with pytest.raises(PermissionDenied):
        services.save_reflection(
            actor=other_member,
            written_on=timezone.localdate(),
            title="x",
            body="y",
            reflection=entry,
        )
    with pytest.raises(PermissionDenied):
        services.delete_reflection(actor=facilitator, reflection=entry)


def test_the_audit_log_never_holds_the_text(entry, member):
    services.share_reflection(actor=member, reflection=entry, share=True)
    for event in AuditEvent.objects.filter(verb__startswith="cpd_network.reflection"):
        assert SECRET not in str(event.details) and "After the first" not in event.target_label


def test_bad_input_names_the_field(client, member, other_member, sessions):
    with pytest.raises(ValidationError) as error:
        services.save_reflection(
            actor=member,
            written_on=timezone.localdate() + datetime.timedelta(days=2),
            title="x",
            body="y",
        )
    assert "written_on" in error.value.message_dict
    client.force_login(member)
    response = client.post(
        "/training/network/reflections/new/", {"written_on": "2026-13-45", "title": "", "body": ""}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the date as a real date" in body and "Give the reflection a title" in body


def test_a_member_cannot_link_a_session_outside_their_cohort(member, heads, sessions):
    from cpd.models import Session

    stray = Session.objects.create(
        module=sessions[0].module,
        starts_at=sessions[0].starts_at,
        ends_at=sessions[0].ends_at,
        venue="Elsewhere",
        capacity=5,
    )
    with pytest.raises(ValidationError) as error:
        services.save_reflection(
            actor=member, written_on=timezone.localdate(), title="x", body="y", session=stray
        )
    assert "session" in error.value.message_dict


def test_subject_access_has_it_and_the_steward_sees_only_counts(client, entry, member, steward):
    from schools_platform.core import personal_data

    holdings = {source.key: rows for source, rows in personal_data.holdings(member)}
    assert holdings["cpd_network.reflections"][0]["reflection"] == SECRET
    client.force_login(steward)
    response = client.get(f"/personal-data/erase/{member.pk}/")
    assert response.status_code == 200 and "reflection log" in response.content.decode()
    assert SECRET not in response.content.decode()


def test_participant_count_counts_people_once(entry, member, other_member, heads):
    services.save_reflection(actor=member, written_on=timezone.localdate(), title="b", body="c")
    assert selectors.reflection_participant_count() == 1
    assert selectors.reflection_participant_count(programme=heads) == 1
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert selectors.reflection_participant_count(since=tomorrow) == 0
