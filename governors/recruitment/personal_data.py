"""What governor recruitment holds about a person whose account made an application
(core/personal_data.py, docs/modules/kit.md). Monitoring answers are the equality app's."""

from schools_platform.core.personal_data import PersonalDataSource, Policy, register

from .models import ApplicantLink, Application


def _rows(person) -> list[dict]:
    return [
        {
            "reference": a.reference,
            "vacancy": a.listing.title if a.listing else "Registered interest",
            "name": f"{a.first_name} {a.last_name}",
            "email": a.email,
            "telephone": a.telephone,
            "skills": ", ".join(a.skills),
            "postcode": a.postcode,
            "stage": a.get_stage_display(),
            "applied on": a.applied_on,
        }
        for a in Application.objects.filter(user=person).select_related("listing").order_by("pk")
    ]


def _anonymise(person) -> int:
    return Application.objects.filter(user=person).update(
        first_name="",
        last_name="(removed)",
        email="removed@invalid.example",
        telephone="",
        experience="",
        availability="",
        postcode="",
        user=None,
    )


register(
    PersonalDataSource(
        key="governor_recruitment.applications",
        label="Your governor applications",
        description="The applications you made to be a school governor: your contact "
        "details, skills, availability and each application's stage.",
        rows=_rows,
        policy=Policy.ANONYMISE,
        erase=_anonymise,
        reason="The application's stage and dates stay (without your name or contact "
        "details) so the council's counts of applicants and appointments stay right.",
        order=37,
    )
)


def _links(person) -> list[dict]:
    return (
        [
            {
                "purpose": link.get_purpose_display(),
                "email": link.email,
                "saved answers": ", ".join(sorted(link.draft)),
                "expires": link.expires_at,
            }
            for link in ApplicantLink.objects.filter(email__iexact=person.email).order_by("pk")
        ]
        if person.email
        else []
    )


def _erase_links(person) -> int:
    if not person.email:
        return 0
    return ApplicantLink.objects.filter(email__iexact=person.email).delete()[0]


register(
    PersonalDataSource(
        key="governor_recruitment.links",
        label="Your saved governor applications and sign-in links",
        description="Applications you saved to finish later (your answers so far, never your "
        "equality monitoring answers) and the links we e-mailed you.",
        rows=_links,
        policy=Policy.ERASE,
        erase=_erase_links,
        reason="They are only a way back to your own form; nothing else depends on them.",
        order=38,
    )
)
