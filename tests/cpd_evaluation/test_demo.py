"""The evaluation demo: three waves whose changes differ by cohort, workforce figures; safe to
run twice."""

import pytest
from django.core.management import call_command

from cpd.evaluation import reports
from cpd.evaluation.models import Response, WorkforceFigure
from cpd.evaluation.selectors import get_plan_for_user
from schools_platform.core.models import User


@pytest.mark.django_db
def test_demo_shows_changes_that_differ_by_cohort(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--seed", "7", "--quiet-logins")
    responses, figures = Response.objects.count(), WorkforceFigure.objects.count()
    assert responses > 300 and figures > 100
    call_command("seed_demo", "--seed", "7", "--quiet-logins")
    assert Response.objects.count() == responses  # idempotent

    lead = User.objects.get(username="cpdlead")
    report = reports.impact_report(lead, get_plan_for_user(lead, slug="embrace-demo"))
    by_cohort = next(b for b in report["lag"]["breakdowns"] if b.by == "Cohort")
    changes = [lines[0].change for lines in by_cohort.lines.values()]
    shown = [c.estimate for c in changes if c is not None]
    assert len(shown) >= 2 and max(shown) - min(shown) > 0.3
    assert any(line.likelihood for _i, lines in report["likelihoods"].values() for line in lines)
