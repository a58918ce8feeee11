"""What the evaluation app holds about a person (core/personal_data.py, docs/modules/kit.md):
their survey answers, found through the pseudonyms of their own staff records. Pseudonymised
data is still personal data (UK GDPR Recital 26), so the person sees it and it is erased."""

from cpd import selectors as cpd_selectors
from schools_platform.core.personal_data import PersonalDataSource, Policy, register

from .models import ITEMS, Response
from .pseudonyms import pseudonym


def _responses(person):
    keys = [
        pseudonym(pk)
        for pk in cpd_selectors.own_learner_records(person).values_list("pk", flat=True)
    ]
    return Response.objects.filter(respondent__in=keys).select_related("survey__plan__programme")


def _rows(person) -> list[dict]:
    return [
        {
            "survey": str(r.survey),
            "answered on": r.submitted_on,
            **{label: getattr(r, item) for item, label in ITEMS.items()},
            "comment": r.comment,
        }
        for r in _responses(person)
    ]


def _erase(person) -> int:
    deleted, _ = _responses(person).delete()
    return deleted


register(
    PersonalDataSource(
        key="cpd_evaluation.responses",
        label="Your answers to training surveys",
        description="Your answers to the surveys before, after and some weeks after a training "
        "programme, kept under a code rather than your name.",
        rows=_rows,
        policy=Policy.ERASE,
        erase=_erase,
        order=15,
    )
)
