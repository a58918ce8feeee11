"""Completion by module and ethnic group: from learners' optional equality monitoring answers
(purpose "learner"), counted only in aggregate through disclosure control, on the report page,
its CSV and its XLSX (both downloads audited); withdrawn answers are not counted."""

import csv
import io

import pandas as pd
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cpd import reports
from cpd.models import Allocation, Completion, CompletionSource, Enrolment, ModuleKind
from schools_platform.core.models import AuditEvent
from schools_platform.disclosure import TOTAL, publish_counts
from schools_platform.equality.models import EqualityProfile

from .conftest import make_learner

pytestmark = pytest.mark.django_db
BLACK = "Black, Black British, Black Welsh, Caribbean or African"
WHITE = "White"


def learners_with_answers(org, phase, modules, groups, *, start=1):
    """``groups``: (ethnicity code or None, people, of whom completed the e-learning)."""
    users = get_user_model().objects
    made = []
    n = start
    for code, people, done in groups:
        for i in range(people):
            user = users.create(username=f"u{org.pk}-{n}")
            learner = make_learner(org, n, user=user)
            Enrolment.objects.create(
                learner=learner,
                programme=phase.programme,
                phase=phase,
                organisation=org,
                status="enrolled",
            )
            if code:
                EqualityProfile.objects.create(
                    user=user,
                    purpose=EqualityProfile.Purpose.LEARNER,
                    ethnicity=code,
                    consent_given_at=timezone.now(),
                    consent_wording="I agree",
                )
            if i < done:
                Completion.objects.create(
                    learner=learner,
                    module=modules[ModuleKind.E_LEARNING],
                    completed_on=timezone.localdate(),
                    source=CompletionSource.E_LEARNING,
                )
            made.append(learner)
            n += 1
    return made


@pytest.fixture
def answered(lead, phase, halton, modules):
    Allocation.objects.create(phase=phase, organisation=halton, places=100)
    return learners_with_answers(
        halton,
        phase,
        modules,
        [("black_african", 20, 10), ("white_british", 30, 15), (None, 3, 1)],
    )


def expected(groups: dict[str, tuple[int, int]]):
    """The table publish_counts makes of these (enrolled, completed) per group."""
    labels = reports.ethnic_group_labels()
    frame = pd.DataFrame(
        [
            [groups.get(g, (0, 0))[1], groups.get(g, (0, 0))[0] - groups.get(g, (0, 0))[1]]
            for g in labels
        ],
        index=labels,
        columns=[reports.COMPLETED, reports.NOT_YET],
    )
    return publish_counts(frame, row_totals=True, column_totals=True, shares_within="row")


def cells(table):
    return [
        (row, column, cell.value, cell.percent_value) for row, column, cell in table.all_cells()
    ]


def test_completion_by_group_is_published_through_disclosure_control(lead, programme, answered):
    groups = reports.ethnic_group_report(lead, programme)
    assert [g.title for g in groups] == ["E-learning", "Face-to-face session", "Reflection"]
    e = groups[0].table
    assert cells(e) == cells(
        expected({BLACK: (20, 10), WHITE: (30, 15), reports.NOT_KNOWN: (3, 1)})
    )
    assert e.cell(reports.NOT_KNOWN, TOTAL).value == "c"  # 3 people: suppressed
    face = groups[1].table  # nobody has done it yet
    assert cells(face) == cells(
        expected({BLACK: (20, 0), WHITE: (30, 0), reports.NOT_KNOWN: (3, 0)})
    )
    # Every published count of people is "c", 0 or a multiple of 5.
    for line in groups:
        for _row, _column, cell in line.table.all_cells():
            assert cell.value == "c" or cell.value % 5 == 0


def test_withdrawn_answers_are_not_counted(lead, programme, answered):
    EqualityProfile.objects.filter(ethnicity="white_british").update(
        withdrawn_at=timezone.now(), ethnicity=""
    )
    e = reports.ethnic_group_report(lead, programme)[0].table
    assert cells(e) == cells(expected({BLACK: (20, 10), reports.NOT_KNOWN: (33, 16)}))
    assert e.cell(WHITE, TOTAL).value == 0
    assert e.cell(reports.NOT_KNOWN, TOTAL).value == 35  # 33, rounded to 5


def test_a_coordinator_sees_only_their_organisation(
    wirral_coordinator, halton_coordinator, programme, answered
):
    assert reports.ethnic_group_report(wirral_coordinator, programme) == []
    assert reports.ethnic_group_report(halton_coordinator, programme)


def test_page_csv_and_xlsx_show_the_same_published_cells_and_downloads_are_audited(
    client, lead, programme, answered
):
    client.force_login(lead)
    page = client.get(reverse("cpd:report")).content.decode()
    assert "Completion by module and ethnic group" in page and BLACK in page
    assert "Person" not in page.split("Completion by module and ethnic group")[1]  # no names
    records = reports.ethnic_group_records(reports.ethnic_group_report(lead, programme))
    response = client.get(reverse("cpd:ethnic_group_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == reports.ETHNIC_GROUP_HEADERS
    assert [r[:3] for r in rows[1:]] == [[str(v) for v in r[:3]] for r in records]
    assert ["E-learning", WHITE, "30"] in [r[:3] for r in rows]
    assert ["E-learning", reports.NOT_KNOWN, "c", "c"] in [r[:4] for r in rows]
    workbook = load_workbook(io.BytesIO(client.get(reverse("cpd:report_xlsx")).content))
    sheet = [list(r) for r in workbook["By ethnic group"].iter_rows(values_only=True)]
    assert sheet[1:] == [list(r) for r in records]
    assert "Trainers" in workbook.sheetnames
    exports = list(
        AuditEvent.objects.filter(verb="cpd.report_exported").values_list("details", flat=True)
    )
    assert sorted(e["export"] for e in exports) == ["report-ethnic-groups.csv", "report.xlsx"]


def test_a_learner_is_offered_the_equality_form_and_no_one_else_downloads_the_table(
    client, learner_user, amina, phase, places, lead
):
    from cpd import services

    services.enrol(actor=lead, learner=amina, phase=phase)
    client.force_login(learner_user)
    page = client.get(reverse("cpd:my_learning")).content.decode()
    assert reverse("equality-give") + "?purpose=learner" in page
    assert client.get(reverse("cpd:ethnic_group_csv")).status_code == 404
    client.logout()
    assert client.get(reverse("cpd:ethnic_group_csv")).status_code == 302


@pytest.mark.parametrize("people", [10, 30])
def test_the_report_with_groups_makes_a_fixed_number_of_queries(
    client, lead, phase, halton, modules, people, django_assert_max_num_queries
):
    Allocation.objects.create(phase=phase, organisation=halton, places=100)
    learners_with_answers(
        halton, phase, modules, [("black_african", people, 3), ("asian_indian", people, 5)]
    )
    client.force_login(lead)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("cpd:report")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("cpd:ethnic_group_csv")).status_code == 200
