"""Matching applicants and vacancies: skills, phase, area, availability and category.

Pure Python on plain values. It imports nothing of the platform but this module's choices,
so it cannot read equality monitoring answers (ethnicity, sex, disability or any other):
the import-linter contract ``recruitment-matcher-blind`` in pyproject.toml forbids it, and
``tests/governor_recruitment/test_matching.py`` shows the ranking is the same whatever the
answers are (DPA 2018 Sch. 1 para 8(3); DESIGN "special category data").

Weights say what a council told us matters most: skills sought first, then place, then
phase and availability. Every point comes with the reason shown to whoever reads it.
"""

from dataclasses import dataclass, field

from .models import MeetingTime

SKILL_POINTS = 3
SAME_AREA_POINTS = 3
SAME_WARD_POINTS = 3
SAME_DISTRICT_POINTS = 2  # postcode district (outward code), e.g. "L8"
SAME_POSTCODE_AREA_POINTS = 1  # postcode area (letters), e.g. "L"
PHASE_POINTS = 2
AVAILABILITY_POINTS = 1

TIME_LABELS = dict(MeetingTime.choices)


@dataclass(frozen=True)
class Applicant:
    key: int
    skills: tuple[str, ...] = ()
    preferred_areas: tuple[str, ...] = ()
    preferred_phases: tuple[str, ...] = ()
    available_times: tuple[str, ...] = ()
    postcode: str = ""
    eligibility: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class Place:
    """One school the vacancy's board governs."""

    area: str = ""
    ward: str = ""
    phase: str = ""
    postcode: str = ""
    council: str = ""


@dataclass(frozen=True)
class Vacancy:
    key: int
    category: str
    skills_sought: tuple[str, ...] = ()
    meeting_times: tuple[str, ...] = ()
    places: tuple[Place, ...] = ()


@dataclass
class Match:
    applicant: int
    vacancy: int
    score: int
    reasons: list[str] = field(default_factory=list)

    @property
    def reason_text(self) -> str:
        return "; ".join(self.reasons)


def _norm(values) -> dict[str, str]:
    return {v.strip().casefold(): v.strip() for v in values if v and v.strip()}


def _outward(postcode: str) -> str:
    parts = (postcode or "").upper().split()
    if len(parts) == 2:
        return parts[0]
    compact = "".join(parts)
    return compact[:-3] if len(compact) > 4 else compact


def _letters(outward: str) -> str:
    return "".join(ch for ch in outward if ch.isalpha())


def eligible_for(applicant: Applicant, category: str) -> str | None:
    """Why the applicant cannot fill the category, or None. Unanswered is not a bar: the
    Schedule 4 questions are asked again at appointment."""
    answers = dict(applicant.eligibility)
    if answers.get("aged_18_or_over") is False:
        return "under 18 (Sch. 4 para 2)"
    if category == "parent" and answers.get("parent_of_pupil") is False:
        return "a parent governor is a parent of a pupil"
    if category == "staff" and answers.get("works_in_school") is False:
        return "a staff governor works at the school"
    if category == "local_authority" and answers.get("works_in_school") is True:
        return "school staff cannot be local authority governors (reg 8)"
    return None


def score(applicant: Applicant, vacancy: Vacancy) -> Match | None:
    """The match of one applicant with one vacancy, or None when the category bars them."""
    if eligible_for(applicant, vacancy.category) is not None:
        return None
    points, reasons = 0, []
    offered = _norm(applicant.skills)
    common = [label for key, label in _norm(vacancy.skills_sought).items() if key in offered]
    if common:
        points += SKILL_POINTS * len(common)
        reasons.append("skills: " + ", ".join(sorted(common, key=str.casefold)))
    areas = _norm(applicant.preferred_areas)
    place_best, place_reason = 0, ""
    for place in vacancy.places:
        if place.area and place.area.casefold() in areas:
            place_points, why = SAME_AREA_POINTS, "same area"
        elif place.ward and place.ward.casefold() in areas:
            place_points, why = SAME_WARD_POINTS, "same ward"
        elif place.council and place.council.casefold() in areas:
            place_points, why = SAME_POSTCODE_AREA_POINTS, "same council"
        else:
            mine, theirs = _outward(applicant.postcode), _outward(place.postcode)
            if mine and mine == theirs:
                place_points, why = SAME_DISTRICT_POINTS, f"same postcode district ({mine})"
            elif mine and _letters(mine) and _letters(mine) == _letters(theirs):
                place_points, why = SAME_POSTCODE_AREA_POINTS, "same postcode area"
            else:
                continue
        if not place_reason or place_points > place_best:
            place_best, place_reason = place_points, why
    if place_reason:
        points += place_best
        reasons.append(place_reason)
    phases = _norm(applicant.preferred_phases)
    matched_phases = sorted({p.phase for p in vacancy.places if p.phase.casefold() in phases})
    if matched_phases:
        points += PHASE_POINTS
        reasons.append("phase: " + ", ".join(matched_phases))
    times = [t for t in vacancy.meeting_times if t in set(applicant.available_times)]
    if times:
        points += AVAILABILITY_POINTS
        reasons.append("available: " + ", ".join(TIME_LABELS.get(t, t).lower() for t in times))
    return Match(applicant=applicant.key, vacancy=vacancy.key, score=points, reasons=reasons)


def rank_vacancies(applicant: Applicant, vacancies: list[Vacancy], limit: int = 10) -> list[Match]:
    matches = [m for v in vacancies if (m := score(applicant, v)) is not None and m.score > 0]
    return sorted(matches, key=lambda m: (-m.score, m.vacancy))[:limit]


def rank_applicants(vacancy: Vacancy, applicants: list[Applicant], limit: int = 10) -> list[Match]:
    matches = [m for a in applicants if (m := score(a, vacancy)) is not None and m.score > 0]
    return sorted(matches, key=lambda m: (-m.score, m.applicant))[:limit]
