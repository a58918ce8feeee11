"""What the governors module holds about a person whose account is linked to a governor record
(core/personal_data.py, docs/modules/kit.md)."""

from schools_platform.core.personal_data import PersonalDataSource, Policy, register

from .models import Governor


def _governors(person):
    return Governor.objects.filter(user=person)


def _record_rows(person) -> list[dict]:
    return [
        {
            "name": g.full_name,
            "email": g.email,
            "telephone": g.telephone,
        }
        for g in _governors(person).order_by("pk")
    ]


def _service_rows(person) -> list[dict]:
    rows = []
    for governor in _governors(person).prefetch_related(
        "terms__board", "declarations", "checks", "training"
    ):
        for t in governor.terms.all():
            rows.append(
                {
                    "record": "Term of office",
                    "board": t.board.name,
                    "category": t.get_category_display(),
                    "appointing body": t.get_appointing_body_display(),
                    "from": t.starts_on,
                    "term ends": t.ends_on,
                    "stepped down": t.ended_on,
                    "why": t.get_end_reason_display(),
                }
            )
        for d in governor.declarations.all():
            rows.append(
                {
                    "record": f"Declaration of interests {d.year_label}",
                    "nothing to declare": d.nothing_to_declare,
                    "business interests": d.business_interests,
                    "governance roles elsewhere": d.governance_roles_elsewhere,
                    "relationships": d.relationships,
                }
            )
        for c in governor.checks.all():
            rows.append({"record": c.get_kind_display(), "date": c.checked_on, "result": c.result})
        for r in governor.training.all():
            rows.append(
                {"record": f"Training: {r.get_kind_display()}", "completed": r.completed_on}
            )
    return rows


def _anonymise(person) -> int:
    return _governors(person).update(email="", telephone="", user=None)


register(
    PersonalDataSource(
        key="governors.service",
        label="Your service as a governor",
        description="Your terms of office, declarations of interest, safeguarding checks "
        "(dates and results only) and training on the boards you served on.",
        rows=_service_rows,
        policy=Policy.KEEP,
        reason="Terms of office are the board's statutory record: schools publish everyone "
        "who served in the last 12 months and keep GIAS up to date, and a term is never "
        "deleted. Checks and declarations are the board's safeguarding and probity records.",
        order=35,
    )
)
register(
    PersonalDataSource(
        key="governors.contact",
        label="Your governor record",
        description="Your name and the contact details the clerk, chair and council use.",
        rows=_record_rows,
        policy=Policy.ANONYMISE,
        erase=_anonymise,
        reason="Your name stays with your terms of office (the statutory record); your e-mail "
        "address, telephone number and the link to your account are removed.",
        order=36,
    )
)
