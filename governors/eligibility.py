"""The Schedule 4 eligibility questions asked at appointment, and the rule for each answer.

Source: School Governance (Constitution) (England) Regulations 2012, Schedule 4, as checked in
the shared reference notes (``governors.md`` §1.5): para 1 (registered pupil), para 2 (aged 18
or over), para 5 (parent governor bars). The other disqualifications are listed in §1.5 as
summarised by LA pages and marked "check each against the current Sch 4"; they are asked as
one declaration and a "yes" refuses the appointment citing Schedule 4 without a paragraph.
The staff and local authority rules come from §1.3 (staff governors are paid school staff;
a person eligible to be a staff governor cannot be a local authority governor, reg 8).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .choices import Category

SCHEDULE_4 = "SI 2012/1034 Schedule 4"


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    refused_if: bool  # the answer that makes the person ineligible
    source: str
    message: str
    categories: tuple[str, ...] = ()  # empty: asked of everyone

    def applies_to(self, category: str) -> bool:
        return not self.categories or category in self.categories


QUESTIONS = (
    Question(
        "aged_18_or_over",
        "Is the person aged 18 or over?",
        False,
        f"{SCHEDULE_4} para 2",
        "A governor must be aged 18 or over",
    ),
    Question(
        "registered_pupil",
        "Is the person a registered pupil at the school?",
        True,
        f"{SCHEDULE_4} para 1",
        "A registered pupil at the school cannot be a governor",
    ),
    Question(
        "la_elected_member",
        "Is the person an elected member of the local authority?",
        True,
        f"{SCHEDULE_4} para 5",
        "An elected member of the local authority cannot be a parent governor",
        (Category.PARENT,),
    ),
    Question(
        "paid_over_500_hours",
        "Has the person been paid to work at the school for more than 500 hours in any 12 "
        "consecutive months?",
        True,
        f"{SCHEDULE_4} para 5",
        "Someone paid to work at the school for more than 500 hours in 12 months cannot be a "
        "parent governor",
        (Category.PARENT,),
    ),
    Question(
        "other_disqualification",
        "Does any other disqualification apply (bankruptcy restrictions, director "
        "disqualification, barred list, section 128 direction, the criminal sentences listed)?",
        True,
        SCHEDULE_4,
        "A disqualified person cannot be appointed",
    ),
)
QUESTION_KEYS = tuple(q.key for q in QUESTIONS)


def questions_for(category: str) -> list[Question]:
    return [q for q in QUESTIONS if q.applies_to(category)]


def check_eligibility(*, category: str, answers: dict, is_school_staff: bool) -> dict:
    """The answers to keep with the term; ValidationError naming the paragraph otherwise."""
    errors = []
    kept = {}
    for question in questions_for(category):
        answer = answers.get(question.key)
        if not isinstance(answer, bool):
            errors.append(f"Answer “{question.text}”")
            continue
        kept[question.key] = answer
        if answer is question.refused_if:
            errors.append(f"{question.message} ({question.source}).")
    if category == Category.STAFF and not is_school_staff:
        errors.append(
            "A staff governor is elected by and from the paid staff of the school "
            "(SI 2012/1034; reference §1.3)."
        )
    if category == Category.LOCAL_AUTHORITY and is_school_staff:
        errors.append(
            "A person eligible to be a staff governor cannot be a local authority governor "
            "(SI 2012/1034 reg 8)."
        )
    if errors:
        raise ValidationError({"eligibility": errors})
    kept["is_school_staff"] = is_school_staff
    return kept
