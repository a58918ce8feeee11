"""Survey comments (free text) for readers of the impact report: the text only, never the
pseudonym, organisation, cohort, date or other answers; only when at least 30 people in the
reader's organisations answered the wave and more than 7 left a comment; others refused."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cpd.evaluation.models import Response, Wave
from tests.factories import make_user

from .conftest import grow

pytestmark = pytest.mark.django_db


def _comment(plan, organisation, n, *, wave=Wave.BEFORE, text="Comment {i} from here"):
    rows = list(
        Response.objects.filter(
            survey__plan=plan, survey__wave=wave, organisation=organisation, comment=""
        ).order_by("pk")[:n]
    )
    for i, row in enumerate(rows):
        row.comment = text.format(i=f"number {chr(65 + i % 26)}{i}")
    Response.objects.bulk_update(rows, ["comment"])
    return rows


def _url(plan, wave=Wave.BEFORE):
    return reverse("cpd_evaluation:comments", args=[plan.programme.slug]) + f"?wave={wave}"


def test_the_lead_reads_comments_without_who_wrote_them(client, lead, plan, councils, cohorts):
    grow(plan, councils, cohorts, 10)  # 40 people answered each wave
    rows = _comment(plan, councils[0], 12)
    client.force_login(lead)
    page = client.get(_url(plan))
    assert page.status_code == 200
    text = page.content.decode()
    assert rows[0].comment in text and rows[11].comment in text
    for row in rows:
        assert row.respondent not in text
    assert "Halton Council" not in text and "Cohort 1" not in text
    # Alphabetical, not in the order they were written (or by person).
    shown = [r.comment for r in sorted(rows, key=lambda r: r.comment)]
    assert text.index(shown[0]) < text.index(shown[-1])


def test_a_small_wave_or_few_comments_show_nothing(client, lead, plan, councils, cohorts):
    grow(plan, councils, cohorts, 5)  # 20 people answered each wave
    _comment(plan, councils[0], 10)
    client.force_login(lead)
    text = client.get(_url(plan)).content.decode()
    assert "Not shown: fewer than 30 people answered" in text
    assert "Comment number" not in text
    grow(plan, councils, cohorts, 5, seed=2)  # now 40
    Response.objects.update(comment="")
    _comment(plan, councils[0], 7)
    text = client.get(_url(plan)).content.decode()
    assert "Not shown: too few people left a comment" in text and "Comment number" not in text


def test_a_scoped_reader_sees_only_their_organisations_comments(client, plan, councils, cohorts):
    from cpd.models import Coordinator

    grow(plan, councils, cohorts, 16)  # 32 per council and wave
    _comment(plan, councils[0], 9, text="Halton says {i}")
    _comment(plan, councils[1], 9, text="Wirral says {i}")
    from django.contrib.auth.models import Permission

    reader = make_user(username="officer")
    reader.user_permissions.add(Permission.objects.get(codename="view_impact_report"))
    Coordinator.objects.create(user=reader, organisation=councils[0])
    client.force_login(reader)
    text = client.get(_url(plan)).content.decode()
    assert "Halton says" in text and "Wirral says" not in text


@pytest.mark.parametrize("who", ["anonymous", "learner", "coordinator"])
def test_others_are_refused(client, plan, councils, cohorts, who, learner_user, halton_coordinator):
    grow(plan, councils, cohorts, 10)
    _comment(plan, councils[0], 10)
    if who == "learner":
        client.force_login(learner_user)
    elif who == "coordinator":
        client.force_login(halton_coordinator)
    response = client.get(_url(plan))
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 404


def test_a_wave_the_plan_does_not_have_is_404(client, lead, plan):
    client.force_login(lead)
    assert client.get(_url(plan, "sometime")).status_code == 404


def test_comment_page_queries_do_not_grow(
    client, lead, plan, councils, cohorts, django_assert_max_num_queries
):
    # cpd-impact-comments. The URL is spelt out here (not through _url) so that
    # tests/crosscutting/test_every_page_is_covered.py, which reads test bodies, sees it.
    url = reverse("cpd_evaluation:comments", args=[plan.programme.slug]) + f"?wave={Wave.BEFORE}"
    grow(plan, councils, cohorts, 10)
    _comment(plan, councils[0], 10)
    client.force_login(lead)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    grow(plan, councils, cohorts, 30, seed=3)
    _comment(plan, councils[1], 80)  # two pages of comments now
    with django_assert_max_num_queries(len(captured)):
        assert client.get(url).status_code == 200
