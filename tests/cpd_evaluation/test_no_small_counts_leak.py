"""The landed leak walk (tests/representation/test_no_small_counts_leak.py) over the
evaluation's outputs: the impact report page, its XLSX and the API, on data full of groups of
1 to 7 people (small councils, cohorts and ethnic groups, in the workforce figures and the
staff survey results). No count of 1 to 7 may appear."""

import io
import json
import random

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cpd.evaluation.models import EthnicGroup, StaffSurveyQuestion, Wave
from tests.representation.test_no_small_counts_leak import SMALL, counts_in, counts_in_html

from .conftest import add_answers, add_people, add_staff_survey, add_workforce

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_groups(plan, councils, cohorts):
    from cpd.models import Organisation

    rng = random.Random(14)
    organisations = [*councils]
    organisations += [
        Organisation.objects.create(name=f"Tiny {i}", kind="school") for i in range(3)
    ]
    for organisation in organisations:
        for cohort in cohorts:
            n = rng.choice([rng.randint(1, 7), rng.randint(8, 45)])
            people = add_people(plan.programme, organisation, cohort, n)
            waves = {Wave.BEFORE: 2, Wave.AFTER: lambda i: 3 + i % 2}
            if rng.random() < 0.6:
                waves[Wave.FOLLOW_UP] = lambda i: 2 + i % 3
            add_answers(plan, people[: max(1, n - rng.randint(0, 3))], organisation, cohort, waves)
        for year in (2024, 2025):
            groups = {}
            for group in EthnicGroup.values:
                h = rng.choice([rng.randint(1, 7), rng.randint(30, 300)])
                s = rng.randint(0, h)
                groups[group] = (
                    h,
                    s,
                    rng.randint(0, s),
                    rng.randint(0, min(h, 7)),
                    rng.randint(0, h),
                )
            add_workforce(organisation, year, **groups)
            for question in StaffSurveyQuestion.values:
                answers = {}
                for group in EthnicGroup.values:
                    n = rng.choice([rng.randint(1, 7), rng.randint(8, 40), rng.randint(30, 200)])
                    answers[group] = (n, rng.choice([rng.randint(0, min(n, 7)), rng.randint(0, n)]))
                add_staff_survey(organisation, year, question, **answers)
    return plan


def _rows(kind, content):
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(content))["Data"]
        header = [c.value for c in sheet[1]]
        return [dict(zip(header, (c.value for c in r), strict=True)) for r in sheet.iter_rows(2)]
    return None


@pytest.mark.parametrize("round_to", [5, 1], ids=["rounded to 5", "exact counts"])
def test_no_count_of_one_to_seven_leaves_the_impact_report(
    client, lead, small_groups, settings, round_to
):
    settings.DISCLOSURE_ROUND_TO = round_to
    client.force_login(lead)
    slug = small_groups.programme.slug
    leaks, inspected, hidden = [], 0, 0

    page = client.get(reverse("cpd_evaluation:impact", args=[slug]))
    assert page.status_code == 200
    counts, suppressed = counts_in("html", page.content)
    leaks += [("page", n) for n in counts if n in SMALL]
    inspected, hidden = inspected + len(counts), hidden + suppressed

    xlsx = client.get(reverse("cpd_evaluation:impact-xlsx", args=[slug]))
    counts, suppressed = counts_in("xlsx", xlsx.content)
    leaks += [("xlsx", n) for n in counts if n in SMALL]
    inspected, hidden = inspected + len(counts), hidden + suppressed

    rows, url = [], reverse("cpd_evaluation:api-figures", args=[slug])
    while url:
        answer = client.get(url).json()
        rows += answer["results"]
        url = answer["next"]
    counts, suppressed = counts_in("json", json.dumps({"rows": rows}).encode())
    leaks += [("api", n) for n in counts if n in SMALL]
    inspected, hidden = inspected + len(counts), hidden + suppressed

    assert not leaks, f"{len(leaks)} small counts published, e.g. {leaks[:5]}"
    assert inspected > 100 and hidden > 10


def test_the_walk_reads_the_chart_and_tables():
    assert counts_in_html(b"<table><tr><td>4</td><td>+0.50 (0.1 to 0.9)</td></tr></table>") == [4]
