"""Demo data for evaluation: the race equality training's three survey waves, whose changes
differ by cohort (the programme's phases) and a little by council, and five years of
workforce figures and staff survey results for each organisation, as a council would
import them.

``small``: about 500 responses; ``large``: about 21,000 (every one of the 7,000 people
enrolled answering all three waves). Written with ``bulk_create``: fixture data, not a user's
action. Respondents are spread over the programme's phases as cohorts. The waves are dated
from today (before ten months ago, after three months ago, follow-up six weeks after that)
so every wave has answers to show. Idempotent.
"""

import datetime
import random

from django.apps import apps
from django.utils import timezone

from .models import (
    ITEMS,
    EthnicGroup,
    EvaluationPlan,
    Response,
    StaffSurveyFigure,
    StaffSurveyQuestion,
    Survey,
    Wave,
    WorkforceFigure,
)
from .pseudonyms import pseudonym

DEMO_ORDER = 85  # after cpd (70), and last, so no other demo's random draws change
RATES = {"small": (0.95, 0.8, 0.6), "large": (1.0, 1.0, 1.0)}
# Mean gain on the five-point scale after the programme and at follow-up, per cohort.
GAINS = [(1.2, 0.9), (0.6, 0.2), (0.9, 0.6)]
# Share answering yes (White, ethnic minority) per staff survey question: WRES-like gaps
# (reference §2.2: minority-ethnic staff 20–90% more likely to report abuse).
SURVEY_YES = {
    StaffSurveyQuestion.HARASSMENT_PUBLIC: (0.24, 0.29),
    StaffSurveyQuestion.HARASSMENT_STAFF: (0.18, 0.24),
    StaffSurveyQuestion.EQUAL_PROGRESSION: (0.58, 0.44),
    StaffSurveyQuestion.DISCRIMINATION: (0.06, 0.13),
}
SHARES = {
    EthnicGroup.WHITE: 0.75,
    EthnicGroup.ASIAN: 0.09,
    EthnicGroup.BLACK: 0.06,
    EthnicGroup.MIXED: 0.04,
    EthnicGroup.OTHER: 0.03,
    EthnicGroup.NOT_KNOWN: 0.03,
}


# Free-text comments (invented), left by about one respondent in eight.
COMMENTS = [
    "The session on responding to racist incidents was the most useful part for me.",
    "I would like more time to practise the conversations with colleagues.",
    "Hearing how other schools changed their curriculum gave me ideas to try.",
    "I feel more confident, but our policies have not caught up yet.",
    "The reading before the face-to-face session was too long.",
    "We now record incidents differently and talk about them at team meetings.",
    "I would value a follow-up with my own team rather than on my own.",
    "Some of the language was new to me; a glossary would help.",
]


# The first enrolments (in the order made) who are asked: at ``large`` the cpd demo's current
# phase (7,000 people), as before it put every member of staff on a phase, so the report keeps
# about 21,000 responses and the demo stays quick.
RESPONDENTS = {"small": None, "large": 7000}


def _clip(value: float) -> int:
    return max(1, min(5, round(value)))


def seed(context) -> list[str] | None:
    Programme = apps.get_model("cpd", "Programme")
    Enrolment = apps.get_model("cpd", "Enrolment")
    programme = Programme.objects.filter(slug="embrace-demo").first()
    if programme is None or EvaluationPlan.objects.filter(programme=programme).exists():
        return None
    # Its own generator: the shared one's draws stay as the other demos expect.
    rng, scale = random.Random(1400), context.scale
    today = timezone.localdate()
    plan = EvaluationPlan.objects.create(
        programme=programme, follow_up_weeks=6, case_studies_target=12
    )
    dates = {
        Wave.BEFORE: today - datetime.timedelta(days=300),
        Wave.AFTER: today - datetime.timedelta(days=90),
        Wave.FOLLOW_UP: today - datetime.timedelta(days=48),
    }
    surveys = {
        wave: Survey.objects.create(
            plan=plan,
            wave=wave,
            opens_on=day,
            closes_on=day + datetime.timedelta(days=21),
            invitations_sent_on=day,
        )
        for wave, day in dates.items()
    }
    enrolments = list(
        Enrolment.objects.filter(programme=programme)
        .values_list("learner_id", "organisation_id", "phase_id")
        .order_by("pk")[: RESPONDENTS[scale]]
    )
    # The demo's enrolments mostly sit in one phase; respondents are spread over the
    # programme's phases as cohorts (fixture data) so that the cohort breakdown has lines.
    Phase = apps.get_model("cpd", "Phase")
    phase_ids = list(
        Phase.objects.filter(programme=programme).order_by("starts_on").values_list("pk", flat=True)
    )
    enrolments = [
        (learner_id, organisation_id, phase_ids[i % len(phase_ids)] if phase_ids else phase_id)
        for i, (learner_id, organisation_id, phase_id) in enumerate(enrolments)
    ]
    cohort_index = {pk: i for i, pk in enumerate(sorted({e[2] for e in enrolments}))}
    organisation_index = {pk: i for i, pk in enumerate(sorted({e[1] for e in enrolments}))}
    rates = RATES[scale]
    rows = []
    comment_rng = random.Random(1402)  # its own, so the answers stay as they were
    for learner_id, organisation_id, phase_id in enrolments:
        after_gain, follow_gain = GAINS[cohort_index[phase_id] % len(GAINS)]
        tilt = 0.1 * (organisation_index[organisation_id] % 3 - 1)
        base = {item: rng.gauss(2.4, 0.8) for item in ITEMS}
        waves = {
            Wave.BEFORE: dict.fromkeys(ITEMS, 0.0),
            Wave.AFTER: dict.fromkeys(ITEMS, after_gain + tilt),
            Wave.FOLLOW_UP: dict.fromkeys(ITEMS, follow_gain + tilt),
        }
        for (wave, gains), rate in zip(waves.items(), rates, strict=True):
            if rng.random() > rate:
                continue
            rows.append(
                Response(
                    survey=surveys[wave],
                    respondent=pseudonym(learner_id),
                    organisation_id=organisation_id,
                    cohort_id=phase_id,
                    submitted_on=dates[wave] + datetime.timedelta(days=rng.randint(0, 20)),
                    comment=comment_rng.choice(COMMENTS) if comment_rng.random() < 0.125 else "",
                    **{item: _clip(base[item] + gains[item] + rng.gauss(0, 0.6)) for item in ITEMS},
                )
            )
    Response.objects.bulk_create(rows, batch_size=5000)

    Organisation = apps.get_model("cpd", "Organisation")
    figures, answers = [], []
    survey_rng = random.Random(1401)  # its own, so the workforce figures stay as they were
    years = range(today.year - 5, today.year)
    for organisation in Organisation.objects.filter(pk__in=organisation_index):
        size = rng.randint(2500, 6000) if scale == "large" else rng.randint(300, 900)
        for n, year in enumerate(years):
            gap = 1.0 - 0.08 * n  # the appointment gap narrows a little each year
            for group, share in SHARES.items():
                headcount = max(0, round(size * share * rng.uniform(0.9, 1.1)))
                white = group == EthnicGroup.WHITE
                shortlisted = round(headcount * 0.12)
                appointed = round(shortlisted * (0.32 if white else 0.32 / (1 + gap)))
                figures.append(
                    WorkforceFigure(
                        organisation=organisation,
                        year=year,
                        ethnic_group=group,
                        headcount=headcount,
                        shortlisted=shortlisted,
                        appointed=appointed,
                        disciplinary=round(headcount * (0.02 if white else 0.032)),
                        training=round(headcount * (0.42 if white else 0.31 + 0.01 * n)),
                    )
                )
                # The annual staff survey: about three in five staff answer each question.
                for question, (white_yes, minority_yes) in SURVEY_YES.items():
                    answering = round(headcount * survey_rng.uniform(0.5, 0.7))
                    share = white_yes if white else minority_yes - 0.005 * n
                    answers.append(
                        StaffSurveyFigure(
                            organisation=organisation,
                            year=year,
                            ethnic_group=group,
                            question=question,
                            respondents=answering,
                            yes=min(
                                answering, round(answering * share * survey_rng.uniform(0.9, 1.1))
                            ),
                        )
                    )
    WorkforceFigure.objects.bulk_create(figures)
    StaffSurveyFigure.objects.bulk_create(answers)
    return [
        "1 programme evaluation",
        f"{len(rows)} survey responses",
        f"{len(figures)} workforce figures",
        f"{len(answers)} staff survey figures",
    ]
