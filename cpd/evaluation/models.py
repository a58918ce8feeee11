"""Evaluation of a CPD programme's impact (issue 14, "Evaluation and impact").

- An ``EvaluationPlan`` per programme: the follow-up delay and the targets the lead measures
  are read against.
- Three ``Survey`` waves per plan (before, after, follow-up some weeks later), the same
  self-assessment items each time so that answers can be paired (reference
  policies-and-cpd.md §3.3, the three-wave design of McKay 2020).
- A ``Response`` is keyed by a **pseudonym** (a keyed HMAC of the learner's id, see
  ``pseudonyms.py``), never by the learner: the three waves of one person link up, but no
  page, export or API shows a response or a person.
- ``WorkforceFigure``: a council's workforce counts by ethnic group and year, imported through
  the import pipeline (``resources.py``), for the WRES-style relative likelihoods (§2.1–2.3).
- ``StaffSurveyFigure``: a council's annual staff survey results by ethnic group and year
  (people answering each question, and how many said yes), imported likewise, for the
  WRES 5–8 style indicators (§2.1, §2.3).

The cpd models are named by string only: this app reads cpd data through ``cpd.selectors``.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q


class Wave(models.TextChoices):
    BEFORE = "before", "Before the programme"
    AFTER = "after", "After the programme"
    FOLLOW_UP = "follow_up", "Follow-up"


WAVE_ORDER = [Wave.BEFORE, Wave.AFTER, Wave.FOLLOW_UP]

# The self-assessment items (reference §3.3; Kirkpatrick L2 confidence and L3 behaviour, §3.1).
# Asked in the same words at every wave so that a change can be measured.
ITEMS = {
    "confidence_talking": "I feel confident talking about race and racism at work",
    "recognising_incidents": "I can recognise a racist incident and know how to respond to it",
    "equality_duty": "I understand what the public sector equality duty asks of my organisation",
    "practice_changes": "I have changed how I work to promote race equality",
}
LIKERT = [
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neither agree nor disagree"),
    (4, "Agree"),
    (5, "Strongly agree"),
]


class EvaluationPlan(models.Model):
    programme = models.OneToOneField(
        "cpd.Programme", on_delete=models.CASCADE, related_name="evaluation_plan"
    )
    follow_up_weeks = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
        help_text="Weeks after the programme ends that the follow-up survey opens.",
    )
    # Targets for the lead measures (percentages of people enrolled, except enrolment itself,
    # which is the programme's own target_learners).
    attendance_target_percent = models.PositiveSmallIntegerField(
        default=90, validators=[MaxValueValidator(100)]
    )
    completion_target_percent = models.PositiveSmallIntegerField(
        default=80, validators=[MaxValueValidator(100)]
    )
    reflection_target_percent = models.PositiveSmallIntegerField(
        default=60, validators=[MaxValueValidator(100)]
    )
    # Of the network's members (cpd/network: a member's actions are their action plan).
    action_plan_target_percent = models.PositiveSmallIntegerField(
        default=60, validators=[MaxValueValidator(100)]
    )
    case_studies_target = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        permissions = [
            ("view_impact_report", "Can read CPD impact reports (aggregates only)"),
            ("import_workforce", "Can import workforce figures for the race equality measures"),
        ]

    def __str__(self):
        return f"Evaluation of {self.programme}"


class Survey(models.Model):
    plan = models.ForeignKey(EvaluationPlan, on_delete=models.CASCADE, related_name="surveys")
    wave = models.CharField(max_length=12, choices=Wave.choices)
    opens_on = models.DateField()
    closes_on = models.DateField()
    invitations_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["plan", "opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "wave"], name="cpd_eval_one_survey_per_wave"),
            models.CheckConstraint(
                condition=Q(opens_on__lte=F("closes_on")), name="cpd_eval_survey_dates_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.plan.programme}: {self.get_wave_display()}"

    def clean(self):
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "The survey closes before it opens."})

    def is_open(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


def _likert(label):
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        choices=LIKERT,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )


class Response(models.Model):
    """One person's answers at one wave, under their pseudonym. The organisation and the phase
    (the cohort) are kept for breakdowns, which are published only for large enough bases."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    respondent = models.CharField(max_length=64, help_text="Pseudonym: keyed HMAC of the learner.")
    organisation = models.ForeignKey("cpd.Organisation", on_delete=models.PROTECT, related_name="+")
    cohort = models.ForeignKey(
        "cpd.Phase", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confidence_talking = _likert(ITEMS["confidence_talking"])
    recognising_incidents = _likert(ITEMS["recognising_incidents"])
    equality_duty = _likert(ITEMS["equality_duty"])
    practice_changes = _likert(ITEMS["practice_changes"])
    comment = models.TextField(blank=True, max_length=2000)
    submitted_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent"], name="cpd_eval_one_response_per_wave"
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{item}__isnull": True})
                    | Q(**{f"{item}__gte": 1, f"{item}__lte": 5}),
                    name=f"cpd_eval_{item}_likert",
                )
                for item in ITEMS
            ],
        ]
        indexes = [models.Index(fields=["respondent"], name="cpd_eval_respondent")]

    def __str__(self):
        return f"Response to {self.survey}"


class EthnicGroup(models.TextChoices):
    # The 2021 Census high-level groups (equality/choices.py ETHNIC_GROUPS) and "not known".
    WHITE = "white", "White"
    ASIAN = "asian", "Asian, Asian British or Asian Welsh"
    BLACK = "black", "Black, Black British, Black Welsh, Caribbean or African"
    MIXED = "mixed", "Mixed or Multiple ethnic groups"
    OTHER = "other", "Other ethnic group"
    NOT_KNOWN = "not_known", "Not known"


ETHNIC_MINORITY_GROUPS = [
    EthnicGroup.ASIAN,
    EthnicGroup.BLACK,
    EthnicGroup.MIXED,
    EthnicGroup.OTHER,
]


class WorkforceFigure(models.Model):
    """One organisation's workforce counts for one reporting year and ethnic group: numbers of
    people, as an HR system reports them (no person-level rows reach the platform)."""

    organisation = models.ForeignKey("cpd.Organisation", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    ethnic_group = models.CharField(max_length=12, choices=EthnicGroup.choices)
    headcount = models.PositiveIntegerField()
    shortlisted = models.PositiveIntegerField(default=0)
    appointed = models.PositiveIntegerField("appointed from shortlisting", default=0)
    disciplinary = models.PositiveIntegerField("entered a formal disciplinary process", default=0)
    training = models.PositiveIntegerField("accessed non-mandatory training", default=0)

    class Meta:
        ordering = ["organisation__name", "year", "ethnic_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "ethnic_group"], name="cpd_eval_workforce_once"
            ),
            models.CheckConstraint(
                condition=Q(appointed__lte=F("shortlisted")),
                name="cpd_eval_appointed_within_shortlisted",
            ),
            models.CheckConstraint(
                condition=Q(disciplinary__lte=F("headcount")) & Q(training__lte=F("headcount")),
                name="cpd_eval_within_headcount",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year} {self.get_ethnic_group_display()}"

    def clean(self):
        errors = {}
        if (
            self.appointed is not None
            and self.shortlisted is not None
            and self.appointed > self.shortlisted
        ):
            errors["appointed"] = "More people appointed than were shortlisted."
        if self.headcount is not None:
            if self.disciplinary is not None and self.disciplinary > self.headcount:
                errors["disciplinary"] = "More people in a disciplinary process than on the staff."
            if self.training is not None and self.training > self.headcount:
                errors["training"] = "More people accessed training than are on the staff."
        if errors:
            raise ValidationError(errors)


class StaffSurveyQuestion(models.TextChoices):
    """The staff survey questions of WRES indicators 5–8 (reference §2.1), in the school and
    council wording of §2.3 (SC-WRES metrics 6 and 7). "Yes" is the answer counted."""

    HARASSMENT_PUBLIC = (
        "harassment_public",
        "Experienced harassment, bullying or abuse from pupils, parents or the public in the "
        "last 12 months",
    )
    HARASSMENT_STAFF = (
        "harassment_staff",
        "Experienced harassment, bullying or abuse from colleagues or managers in the last "
        "12 months",
    )
    EQUAL_PROGRESSION = (
        "equal_progression",
        "Believe the organisation provides equal opportunities for career progression or promotion",
    )
    DISCRIMINATION = (
        "discrimination",
        "Personally experienced discrimination at work from a manager, team leader or "
        "colleague in the last 12 months",
    )


# Which WRES indicator each question follows, and whether "yes" is the better answer.
STAFF_SURVEY_READING = {
    StaffSurveyQuestion.HARASSMENT_PUBLIC: ("WRES indicator 5, SC-WRES metric 6", False),
    StaffSurveyQuestion.HARASSMENT_STAFF: ("WRES indicator 6, SC-WRES metric 7", False),
    StaffSurveyQuestion.EQUAL_PROGRESSION: ("WRES indicator 7", True),
    StaffSurveyQuestion.DISCRIMINATION: ("WRES indicator 8", False),
}


class StaffSurveyFigure(models.Model):
    """One organisation's staff survey result for one year, ethnic group and question: how
    many people answered it and how many of them said yes (counts only, no responses)."""

    organisation = models.ForeignKey("cpd.Organisation", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(2000, message="Give the reporting year, e.g. 2025."),
            MaxValueValidator(2100, message="Give the reporting year, e.g. 2025."),
        ]
    )
    ethnic_group = models.CharField(max_length=12, choices=EthnicGroup.choices)
    question = models.CharField(max_length=20, choices=StaffSurveyQuestion.choices)
    respondents = models.PositiveIntegerField("people answering")
    yes = models.PositiveIntegerField("people answering yes")

    class Meta:
        ordering = ["organisation__name", "year", "question", "ethnic_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "ethnic_group", "question"],
                name="cpd_eval_staff_survey_once",
            ),
            models.CheckConstraint(
                condition=Q(yes__lte=F("respondents")), name="cpd_eval_staff_survey_yes_within"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year} {self.get_ethnic_group_display()}: {self.question}"

    def clean(self):
        if self.yes is not None and self.respondents is not None and self.yes > self.respondents:
            raise ValidationError({"yes": "More people answered yes than answered the question."})
