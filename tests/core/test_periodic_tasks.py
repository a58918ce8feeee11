import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_run_periodic_tasks_runs_every_schedule_entry_once(capsys, settings):
    call_command("run_periodic_tasks")
    out = capsys.readouterr().out
    for name in settings.CELERY_BEAT_SCHEDULE:
        assert f"{name}: SUCCESS" in out
