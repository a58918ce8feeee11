"""What the CPD module holds about a person whose account is linked to a staff record
(core/personal_data.py, docs/modules/kit.md)."""

from schools_platform.core.personal_data import PersonalDataSource, Policy, register

from .models import Booking, Completion, Enrolment, Learner


def _staff_rows(person) -> list[dict]:
    return [
        {
            "organisation": str(learner.organisation),
            "employee number": learner.employee_number,
            "name": learner.name,
            "work e-mail": learner.work_email,
            "manager": learner.is_manager,
            "started": learner.started_on,
            "left": learner.left_on,
        }
        for learner in Learner.objects.filter(user=person).select_related("organisation")
    ]


def _training_rows(person) -> list[dict]:
    rows = []
    for e in Enrolment.objects.filter(learner__user=person).select_related("phase__programme"):
        rows.append({"record": "Enrolment", "what": str(e.phase), "status": e.get_status_display()})
    for b in Booking.objects.filter(enrolment__learner__user=person).select_related(
        "session__module"
    ):
        rows.append(
            {
                "record": "Session",
                "what": str(b.session),
                "status": b.get_status_display(),
                "attendance": b.get_attendance_display(),
            }
        )
    for c in Completion.objects.filter(learner__user=person).select_related("module"):
        rows.append(
            {
                "record": "Completion",
                "what": c.module.title,
                "completed on": c.completed_on,
                "verification code": c.verification_code,
            }
        )
    return rows


def _unlink(person) -> int:
    return Learner.objects.filter(user=person).update(user=None)


register(
    PersonalDataSource(
        key="cpd.staff_records",
        label="Your staff record for training",
        description="From your employer's HR export: your organisation, employee number, name, "
        "work e-mail, whether you manage staff, and when you started or left.",
        rows=_staff_rows,
        policy=Policy.ANONYMISE,
        erase=_unlink,
        reason="The staff record belongs to your employer's HR export and stays, unlinked from "
        "your account; your employer corrects or removes it.",
        order=20,
    )
)
register(
    PersonalDataSource(
        key="cpd.training",
        label="Your training",
        description="Your enrolments, sessions booked and attended, and completions.",
        rows=_training_rows,
        policy=Policy.KEEP,
        reason="Training records are kept for your employer's record of mandatory training and "
        "for certificates others may check.",
        order=25,
    )
)
