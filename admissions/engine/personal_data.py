"""What the engine holds about a person (core/personal_data.py): the runs that proposed them."""

from schools_platform.core.personal_data import PersonalDataSource, Policy, register

from ..models import PanelMember
from .models import EngineRun


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
