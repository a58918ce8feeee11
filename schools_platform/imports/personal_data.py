"""What the import pipeline holds about a person: the imports they uploaded or confirmed."""

from django.db.models import Q

from schools_platform.core.personal_data import PersonalDataSource, Policy, register

from .models import ImportJob


def _jobs(person):
    return ImportJob.objects.filter(Q(created_by=person) | Q(confirmed_by=person))


def _rows(person) -> list[dict]:
    return [
        {
            "import": job.pk,
            "data": job.importer,
            "file_name": job.original_filename,
            "uploaded_by_you": job.created_by_id == person.pk,
            "confirmed_by_you": job.confirmed_by_id == person.pk,
            "uploaded_at": job.created_at,
            "status": job.get_status_display(),
        }
        for job in _jobs(person).order_by("created_at", "pk")
    ]


def _erase(person) -> int:
    uploaded = ImportJob.objects.filter(created_by=person).update(created_by=None)
    confirmed = ImportJob.objects.filter(confirmed_by=person).update(confirmed_by=None)
    return uploaded + confirmed


register(
    PersonalDataSource(
        key="imports.jobs",
        label="Imports you ran",
        description="The data files you uploaded or confirmed in the council's import screens.",
        rows=_rows,
        policy=Policy.ANONYMISE,
        reason=(
            "The import record is kept, because it says how schools' data changed and when; "
            "its link to you is removed."
        ),
        erase=_erase,
        order=40,
    )
)
