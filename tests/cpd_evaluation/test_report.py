"""The impact report's figures: paired change on a case worked by hand, no change below the
minimum base, lead measures against targets, WRES likelihoods; the network's two rows."""

import pytest

from cpd.evaluation import reports
from cpd.evaluation.models import ITEMS, Wave
from cpd.evaluation.network_hooks import CASE_STUDIES, REFLECTION
from cpd.models import Attendance, Booking, Enrolment, Module, ModuleKind, Session
from schools_platform.disclosure import TOTAL

from .conftest import add_answers, add_people, add_workforce

pytestmark = pytest.mark.django_db


def _line(report, item, pair):
    label = reports.comparison_label(pair)
    return next(
        line for line in report["lag"]["lines"] if line.item == item and line.comparison == label
    )


def test_paired_change_on_a_case_worked_by_hand(lead, plan, councils, cohorts):
    # 40 people: before all 2; after 3 for half and 4 for half, so each difference is 1 or 2.
    # Mean 1.5; s² = 40 × 0.25 / 39 = 0.256410; se = √(0.256410 / 40) = 0.080064;
    # t(0.975, 39) = 2.022691, half-width 0.161945: 1.34 to 1.66.
    people = add_people(plan.programme, councils[0], cohorts[0], 40)
    add_answers(
        plan,
        people,
        councils[0],
        cohorts[0],
        {Wave.BEFORE: 2, Wave.AFTER: lambda i: 3 + i % 2},
    )
    report = reports.impact_report(lead, plan)
    line = _line(report, "confidence_talking", (Wave.BEFORE, Wave.AFTER))
    assert line.pairs.count == 40
    assert line.change.estimate == pytest.approx(1.5)
    assert line.change.low == pytest.approx(1.5 - 0.161945, abs=1e-5)
    assert line.change_text == "+1.50 (+1.34 to +1.66)"
    # Nobody answered the follow-up: no pairs, no change.
    follow = _line(report, "confidence_talking", (Wave.BEFORE, Wave.FOLLOW_UP))
    assert follow.change is None and follow.pairs.count == 0


def test_no_change_is_reported_below_the_minimum_base(lead, plan, councils, cohorts):
    people = add_people(plan.programme, councils[0], cohorts[0], 29)
    add_answers(plan, people, councils[0], cohorts[0], {Wave.BEFORE: 1, Wave.AFTER: 5})
    report = reports.impact_report(lead, plan)
    for item in ITEMS:
        line = _line(report, item, (Wave.BEFORE, Wave.AFTER))
        assert line.change is None
        assert line.reason.startswith("Not reported: fewer than 30")
    assert report["lag"]["breakdowns"]  # the cohort and organisation tables exist...
    for breakdown in report["lag"]["breakdowns"]:
        for lines in breakdown.lines.values():
            assert all(line.change is None for line in lines)  # ...and report nothing


def test_changes_differ_by_cohort(lead, plan, councils, cohorts):
    for k, cohort in enumerate(cohorts):
        people = add_people(plan.programme, councils[0], cohort, 30)
        add_answers(
            plan, people, councils[0], cohort, {Wave.BEFORE: 2, Wave.AFTER: lambda i, k=k: 3 + k}
        )
    report = reports.impact_report(lead, plan)
    by_cohort = next(
        b
        for b in report["lag"]["breakdowns"]
        if b.by == "Cohort" and b.comparison == "Before to after"
    )
    changes = [by_cohort.lines[c.name][0].change for c in cohorts]
    assert [round(c.estimate, 2) for c in changes] == [1.0, 2.0]


def test_lead_measures_against_targets(lead, plan, councils, cohorts):
    people = add_people(plan.programme, councils[0], cohorts[0], 40)
    module = Module.objects.create(
        programme=plan.programme, title="Session", kind=ModuleKind.FACE_TO_FACE
    )
    session = Session.objects.create(
        module=module,
        starts_at=f"{plan.programme.starts_on}T09:00Z",
        ends_at=f"{plan.programme.starts_on}T12:00Z",
        venue="Hall",
        capacity=50,
    )
    for i, e in enumerate(Enrolment.objects.filter(learner__in=people)):
        Booking.objects.create(
            enrolment=e,
            session=session,
            module=module,
            attendance=Attendance.PRESENT if i < 30 else Attendance.ABSENT,
        )
    report = reports.impact_report(lead, plan)
    measures = {m.label: m for m in report["lead"]["measures"]}
    assert measures["People enrolled"].count.count == 40
    assert measures["People enrolled"].status == "Not yet met"  # target 100
    assert measures["Attended a session"].percent_text == "75%"
    assert measures["Attended a session"].status == "Not yet met"  # target 90%
    # Read from the network's selectors: nobody in this programme has written a reflection
    # or published a case study yet, and zero is a figure, not a small number.
    assert measures[REFLECTION].count.count == 0
    assert measures[CASE_STUDIES].count.count == 0
    assert report["lead"]["completion"].cell(TOTAL, TOTAL).count == 40


def test_a_share_never_reveals_a_hidden_count(lead, plan, councils, cohorts):
    # 36 of 40 attended: the 4 who did not are a small count, so 36 is hidden too, and so is
    # its share (90% of 40 would give it away).
    people = add_people(plan.programme, councils[0], cohorts[0], 40)
    module = Module.objects.create(
        programme=plan.programme, title="Session", kind=ModuleKind.FACE_TO_FACE
    )
    session = Session.objects.create(
        module=module,
        starts_at=f"{plan.programme.starts_on}T09:00Z",
        ends_at=f"{plan.programme.starts_on}T12:00Z",
        venue="Hall",
        capacity=50,
    )
    for i, e in enumerate(Enrolment.objects.filter(learner__in=people)):
        Booking.objects.create(
            enrolment=e,
            session=session,
            module=module,
            attendance=Attendance.PRESENT if i < 36 else Attendance.ABSENT,
        )
    measures = {m.label: m for m in reports.impact_report(lead, plan)["lead"]["measures"]}
    attended = measures["Attended a session"]
    assert attended.count.is_suppressed and attended.percent_text == ""
    assert attended.status == "Not reported"


def test_relative_likelihoods_follow_the_wres_formula(lead, plan, councils):
    add_workforce(
        councils[0],
        2025,
        white=(400, 200, 60, 8, 200),  # 30% appointed, 2% disciplinary, 50% training
        black=(100, 60, 9, 4, 30),  # 15% appointed, 4% disciplinary, 30% training
        asian=(100, 40, 6, 4, 30),
    )
    report = reports.impact_report(lead, plan)
    lines = {key: lines for key, (_i, lines) in report["likelihoods"].items()}
    overall = lines["appointment"][0]
    assert (overall.scope, overall.year) == (reports.ALL, 2025)
    # White 60/200 = 0.30 over ethnic minority 15/100 = 0.15.
    assert overall.likelihood.estimate == pytest.approx(2.0)
    assert lines["disciplinary"][0].likelihood.estimate == pytest.approx(0.04 / 0.02)
    assert lines["training"][0].likelihood.estimate == pytest.approx(0.5 / 0.3)
    assert overall.white.count == 60 and overall.minority_base.count == 100


def test_a_likelihood_is_not_reported_for_a_small_group(lead, plan, councils):
    add_workforce(councils[0], 2025, white=(400, 200, 60, 8, 200), black=(20, 10, 2, 1, 5))
    report = reports.impact_report(lead, plan)
    for _indicator, lines in report["likelihoods"].values():
        assert all(line.likelihood is None for line in lines)
        assert all(line.minority.is_suppressed or line.reason for line in lines)
