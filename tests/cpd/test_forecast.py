"""The target line of the completion report: how many a month must complete to finish on time,
and the forecast at the current rate, both from the published (rounded) completed total."""

import datetime

import pandas as pd
import pytest
from django.utils import timezone

from cpd import reports
from cpd.models import Programme
from schools_platform.disclosure import publish_counts

pytestmark = pytest.mark.django_db


def _total(completed, not_yet):
    frame = pd.DataFrame(
        [[completed, not_yet]], index=["Halton"], columns=[reports.COMPLETED, reports.NOT_YET]
    )
    return publish_counts(frame, row_totals=True, column_totals=True, shares_within="row")


def _programme(months_gone, months_left, target):
    today = timezone.localdate().replace(day=15)
    start = (today - datetime.timedelta(days=months_gone * 30.44)).replace(day=1)
    end = (today + datetime.timedelta(days=months_left * 30.44)).replace(day=28)
    return Programme.objects.create(
        title="P", slug="p", starts_on=start, ends_on=end, target_learners=target
    )


def test_on_track_and_short_of_the_target():
    programme = _programme(10, 20, 3000)
    forecast = reports._forecast(programme, _total(1000, 500))
    gone = (
        (timezone.localdate().year - programme.starts_on.year) * 12
        + timezone.localdate().month
        - programme.starts_on.month
    )
    assert forecast.per_month_so_far == round(1000 / gone)
    assert forecast.forecast_at_end == 1000 + round(1000 / gone * forecast.months_left)
    assert forecast.on_track is (forecast.forecast_at_end >= 3000)
    assert forecast.per_month_needed == -(-(3000 - 1000) // forecast.months_left)
    slow = reports._forecast(programme, _total(100, 500))
    assert slow.on_track is False


def test_no_forecast_from_a_hidden_total():
    programme = _programme(10, 20, 3000)
    forecast = reports._forecast(programme, _total(3, 2))
    assert forecast.forecast_at_end is None and forecast.on_track is None
