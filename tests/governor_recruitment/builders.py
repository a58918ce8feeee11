"""Recruitment data in bulk for report tests: applications with stages reached and
monitoring profiles, without going through the services one by one."""

import datetime

from governors.recruitment.models import PIPELINE, Application, Stage, StageChange
from schools_platform.equality.models import EqualityProfile

CONSENTED = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
_counter = [0]


def add_applications(*, year, stage=Stage.APPLIED, campaign=None, heard=None, **ethnicities):
    """Applications made on 1 March of ``year`` that reached ``stage`` (an ending stage
    "withdrawn"/"declined" ends at applied), with one monitoring profile each, e.g.
    black_african=3; the code "not_known" gives none."""
    applied_on = datetime.date(year, 3, 1)
    applications, profiles, moves = [], [], []
    for code, n in ethnicities.items():
        for _ in range(n):
            _counter[0] += 1
            reference = f"GA-T{_counter[0]:07d}"
            applications.append(
                Application(
                    reference=reference,
                    first_name="Test",
                    last_name=reference,
                    email=f"{reference.lower()}@example.org",
                    campaign=campaign,
                    heard_about=heard if campaign is None else None,
                    heard_about_other="" if campaign or heard else "A poster",
                    stage=stage,
                    applied_on=applied_on,
                    stage_changed_on=applied_on + datetime.timedelta(days=40),
                )
            )
            if code != "not_known":
                profiles.append(
                    EqualityProfile(
                        purpose="governor_application",
                        subject_reference=f"governor-application:{reference}",
                        ethnicity=code,
                        consent_given_at=CONSENTED,
                        consent_wording="Test consent.",
                    )
                )
    Application.objects.bulk_create(applications)
    EqualityProfile.objects.bulk_create(profiles)
    order = list(PIPELINE)
    for application in applications:
        if stage in order:
            path = order[: order.index(stage) + 1]
            for before, after in zip(path, path[1:], strict=False):
                moves.append(
                    StageChange(
                        application=application,
                        from_stage=before,
                        to_stage=after,
                        moved_on=application.stage_changed_on,
                    )
                )
        else:
            moves.append(
                StageChange(
                    application=application,
                    from_stage=Stage.APPLIED,
                    to_stage=stage,
                    moved_on=application.stage_changed_on,
                )
            )
    StageChange.objects.bulk_create(moves)
    return applications
