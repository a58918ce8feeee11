"""What the engine holds about a person (core/personal_data.py): the runs that proposed them."""

from schools_platform.core.personal_data import PersonalDataSource, Policy, register

from ..models import PanelMember
from .models import WEEKDAYS, EngineRun, SittingPreference


def _proposal_rows(person):
    keys = {str(pk) for pk in PanelMember.objects.filter(user=person).values_list("pk", flat=True)}
    if not keys:
        return []
    rows = []
    for run in EngineRun.objects.only("pk", "label", "status", "created_at", "proposal"):
        for block, panel in sorted((run.proposal or {}).items()):
            if panel and keys & set(panel["members"]):
                rows.append(
                    {
                        "run": run.label,
                        "proposed on": run.created_at.date(),
                        "status": run.get_status_display(),
                        "block": block,
                    }
                )
    return rows


register(
    PersonalDataSource(
        key="admissions.engine_proposals",
        label="Appeal panels the engine proposed you for",
        description="Each run of the panel engine that proposed you for a block, and its outcome.",
        rows=_proposal_rows,
        policy=Policy.KEEP,
        reason=(
            "Kept with the appeal records they led to (School Admission Appeals Code, notes and "
            "records), so a clerk can show how each panel was chosen."
        ),
        order=63,
    )
)


def _preference_rows(person):
    rows = []
    for pref in SittingPreference.objects.filter(member__user=person).prefetch_related(
        "avoid_schools"
    ):
        rows.append(
            {
                "weekdays you would rather not sit": ", ".join(
                    WEEKDAYS[d] for d in pref.avoid_weekdays
                ),
                "schools you would rather not hear": ", ".join(
                    s.name for s in pref.avoid_schools.all()
                ),
                "how you would rather sit": pref.get_mode_display(),
                "updated": pref.updated_at.date(),
            }
        )
    return rows


def _erase_preferences(person) -> int:
    return SittingPreference.objects.filter(member__user=person).delete()[0]


register(
    PersonalDataSource(
        key="admissions.sitting_preferences",
        label="Your sitting preferences for appeal panels",
        description="The weekdays, schools and way of sitting you said you would rather, which "
        "the panel engine weighs when it composes panels.",
        rows=_preference_rows,
        policy=Policy.ERASE,
        erase=_erase_preferences,
        order=59,
    )
)
