"""Pages, export and API: who may see them (another organisation's coordinator, a learner and
an anonymous visitor are refused), and what they show."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cpd.evaluation.models import Response, Wave

from .conftest import add_workforce, grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(plan, councils, cohorts):
    grow(plan, councils, cohorts, 16)
    add_workforce(councils[0], 2025, white=(400, 200, 60, 8, 200), black=(100, 60, 9, 4, 30))
    return plan


def _urls(plan):
    slug = plan.programme.slug
    return [
        reverse("cpd_evaluation:impact-index"),
        reverse("cpd_evaluation:impact", args=[slug]),
        reverse("cpd_evaluation:impact-xlsx", args=[slug]),
    ]


def test_programme_lead_reads_the_report(client, lead, data):
    client.force_login(lead)
    page = client.get(reverse("cpd_evaluation:impact", args=[data.programme.slug]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Lead measures against targets" in text and "Relative likelihood" in text
    assert "Took part in reflection" in text and "Case studies published" in text
    assert 'role="img"' in text  # the chart, with its table after it
    for response in Response.objects.all()[:5]:
        assert response.respondent not in text
    xlsx = client.get(reverse("cpd_evaluation:impact-xlsx", args=[data.programme.slug]))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Data", "Method"]
    api = client.get(reverse("cpd_evaluation:api-figures", args=[data.programme.slug]))
    assert api.status_code == 200 and api.json()["count"] > 0
    assert client.get(reverse("cpd_evaluation:api-programmes")).json()["count"] == 1


@pytest.mark.parametrize("who", ["anonymous", "learner", "coordinator"])
def test_others_are_refused(client, data, who, learner_user, halton_coordinator):
    if who == "learner":
        client.force_login(learner_user)
    elif who == "coordinator":
        client.force_login(halton_coordinator)
    for url in _urls(data):
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 404, url
    api = client.get(reverse("cpd_evaluation:api-figures", args=[data.programme.slug]))
    assert api.status_code in (401, 403)


def test_a_missing_programme_is_404(client, lead, data):
    client.force_login(lead)
    assert client.get(reverse("cpd_evaluation:impact", args=["nope"])).status_code == 404
    assert client.get(reverse("cpd_evaluation:api-figures", args=["nope"])).status_code == 404


def test_learner_answers_the_open_survey(client, plan, amina, learner_user):
    client.force_login(learner_user)
    surveys = client.get(reverse("cpd_evaluation:surveys"))
    after = plan.surveys.get(wave=Wave.AFTER)  # open: three weeks from the end
    url = reverse("cpd_evaluation:answer", args=[after.pk])
    assert url in surveys.content.decode()
    assert client.get(url).status_code == 200
    done = client.post(url, {"confidence_talking": "4", "comment": "Useful"})
    assert done.status_code == 302
    assert Response.objects.get().confidence_talking == 4
    assert client.get(url).status_code == 404  # answered once
    before = plan.surveys.get(wave=Wave.BEFORE)
    assert client.get(reverse("cpd_evaluation:answer", args=[before.pk])).status_code == 404


def test_someone_not_on_the_programme_sees_no_survey(client, plan, lead):
    client.force_login(lead)
    after = plan.surveys.get(wave=Wave.AFTER)
    assert client.get(reverse("cpd_evaluation:answer", args=[after.pk])).status_code == 404


def test_lead_sets_up_an_evaluation_from_the_page(client, lead, programme):
    client.force_login(lead)
    url = reverse("cpd_evaluation:impact-index")
    assert "Set up the evaluation" in client.get(url).content.decode()
    bad = client.post(url, {"programme": programme.slug, "follow_up_weeks": "0"})
    assert "Enter at least 1 week." in bad.content.decode()
    done = client.post(url, {"programme": programme.slug, "follow_up_weeks": "8"})
    assert done.status_code == 302
    assert programme.evaluation_plan.surveys.count() == 3
    assert programme.evaluation_plan.follow_up_weeks == 8
