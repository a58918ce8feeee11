"""The lead's Wagtail screens for cohorts, action learning sets and resources: every save
goes through the services (audited; a refusal shown on the field it names); others are
refused; a reflection has no screen."""

import pytest
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, reverse
from wagtail.documents import get_document_model

from cpd.network.models import Cohort, LearningSet, Resource
from schools_platform.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _url(model, action, *args):
    return reverse(f"cpd_network_{model}:{action}", args=args)


def test_lead_adds_and_changes_a_cohort_through_the_service(client, lead, heads, sessions):
    client.force_login(lead)
    assert client.get(_url("cohort", "index")).status_code == 200
    response = client.post(
        _url("cohort", "add"),
        {"programme": heads.pk, "name": "Cohort 2", "sessions": [sessions[0].pk]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cohort = Cohort.objects.get(name="Cohort 2")
    assert list(cohort.sessions.all()) == [sessions[0]]
    assert AuditEvent.objects.filter(verb="cpd_network.cohort_added").count() == 1
    again = client.post(
        _url("cohort", "add"), {"programme": heads.pk, "name": "cohort 2", "sessions": []}
    )
    assert again.status_code in (200, 400)  # the form again, the service's message on the name
    assert "The programme already has a cohort called cohort 2." in again.content.decode()
    assert Cohort.objects.count() == 1
    edit = client.post(
        _url("cohort", "edit", cohort.pk), {"name": "Cohort Two", "sessions": [sessions[1].pk]}
    )
    assert edit.status_code == 302
    cohort.refresh_from_db()
    assert cohort.name == "Cohort Two" and list(cohort.sessions.all()) == [sessions[1]]
    assert AuditEvent.objects.filter(verb="cpd_network.cohort_changed").exists()


def test_a_session_of_another_programme_is_refused(client, lead, heads, cohort):
    from cpd.models import Module, ModuleKind, Programme, Session

    other = Programme.objects.create(
        title="Other", slug="other", starts_on=heads.starts_on, ends_on=heads.ends_on
    )
    module = Module.objects.create(programme=other, title="M", kind=ModuleKind.FACE_TO_FACE)
    from django.utils import timezone

    now = timezone.now()
    foreign = Session.objects.create(
        module=module,
        starts_at=now,
        ends_at=now + timezone.timedelta(hours=2),
        venue="Hall",
        capacity=5,
    )
    client.force_login(lead)
    response = client.post(
        _url("learningset", "add"),
        {"cohort": cohort.pk, "name": "Set B", "facilitator": "", "sessions": [foreign.pk]},
    )
    assert "Choose sessions of the cohort&#x27;s own programme." in response.content.decode()
    assert not LearningSet.objects.filter(name="Set B").exists()


def test_lead_adds_a_learning_set_and_a_resource(client, lead, cohort, facilitator, heads):
    client.force_login(lead)
    response = client.post(
        _url("learningset", "add"),
        {"cohort": cohort.pk, "name": "Set B", "facilitator": facilitator.pk, "sessions": []},
    )
    assert response.status_code == 302
    assert LearningSet.objects.get(name="Set B").facilitator == facilitator
    document = get_document_model().objects.create(
        title="Guide", file=ContentFile(b"%PDF-1.4 guide", name="guide.pdf")
    )
    response = client.post(
        _url("resource", "add"),
        {
            "programme": heads.pk,
            "document": document.pk,
            "title": "The guide",
            "summary": "",
            "audience": "public",
            "order": "1",
        },
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.audience == "public"
    assert client.post(_url("resource", "delete", resource.pk)).status_code == 302
    assert not Resource.objects.exists()
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "cpd_network.learning_set_added",
        "cpd_network.resource_added",
        "cpd_network.resource_removed",
    } <= verbs


@pytest.mark.parametrize("who", ["member", "officer", "anonymous"])
def test_others_are_refused(client, who, member, officer, cohort):
    if who == "member":
        client.force_login(member)
    elif who == "officer":
        client.force_login(officer)
    for url in (_url("cohort", "index"), _url("cohort", "edit", cohort.pk)):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "login" in response["Location"] or response["Location"].startswith("/admin/")
    response = client.post(_url("cohort", "edit", cohort.pk), {"name": "Taken over"})
    cohort.refresh_from_db()
    assert cohort.name == "Cohort 1"


def test_reflections_have_no_admin_screen():
    with pytest.raises(NoReverseMatch):
        reverse("cpd_network_reflection:index")


def test_admin_index_queries_do_not_grow(
    client, lead, heads, sessions, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(lead)
    document = get_document_model().objects.create(
        title="Guide", file=ContentFile(b"%PDF-1.4 guide", name="guide.pdf")
    )

    def add(i):
        c = Cohort.objects.create(programme=heads, name=f"Cohort {i + 10}")
        LearningSet.objects.create(cohort=c, name=f"Set {i}")
        Resource.objects.create(programme=heads, document=document, title=f"Resource {i}")

    add(0)
    urls = [_url("cohort", "index"), _url("learningset", "index"), _url("resource", "index")]
    with CaptureQueriesContext(connection) as captured:
        for url in urls:
            assert client.get(url).status_code == 200
    for i in range(1, 31):
        add(i)
    with django_assert_max_num_queries(len(captured)):
        for url in urls:
            assert client.get(url).status_code == 200
