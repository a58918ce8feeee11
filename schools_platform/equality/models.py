"""Equality monitoring profiles: special category data (UK GDPR Art. 9), kept apart.

Nothing outside this app reads these rows directly: aggregates go through the
disclosure-control function, person-level reads through services that audit them.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from .choices import (
    CATEGORY_GROUP,
    ETHNIC_GROUPS,
    ETHNICITY_CHOICES,
    OTHER_ETHNICITY_CODES,
    PREFER_NOT_TO_SAY,
    AgeBand,
    Disability,
    Sex,
)

# The answers themselves: the only special category (and sensitive) fields on the row.
ANSWER_FIELDS = ("ethnicity", "ethnicity_other", "sex", "age_band", "disability")
# The questions a person answers; ethnicity_other only qualifies an ethnicity answer.
QUESTION_FIELDS = ("ethnicity", "sex", "age_band", "disability")

_NO_ANSWERS = models.Q(**dict.fromkeys(QUESTION_FIELDS, ""))
# Nothing disclosed: every question blank or "prefer not to say" (the same code in each list).
_NOTHING_DISCLOSED = models.Q(
    **{f"{field}__in": ["", PREFER_NOT_TO_SAY] for field in QUESTION_FIELDS}
)


def discloses_anything(answers) -> bool:
    """True when an answer other than "prefer not to say" is given: that needs consent (the
    equality_answers_need_consent constraint). ``answers`` maps question fields to codes."""
    return any(answers.get(field) not in ("", None, PREFER_NOT_TO_SAY) for field in QUESTION_FIELDS)


class EqualityProfileQuerySet(models.QuerySet):
    def active(self):
        """Not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def reportable(self, characteristic: str | None = None):
        """The only rows any aggregate may count.

        A withdrawn profile, or one with no answers, is never counted (DPA 2018 Sch. 1
        para 8(5): once a person says stop, they leave every future figure). Name a
        characteristic ("ethnicity", "sex", "age_band", "disability") to keep only the
        rows that answered that question; "prefer not to say" is an answer and stays.
        """
        qs = self.active().exclude(_NO_ANSWERS)
        if characteristic is not None:
            if characteristic not in QUESTION_FIELDS:
                raise ValueError(f"Unknown characteristic {characteristic!r}")
            qs = qs.exclude(**{characteristic: ""})
        return qs


class EqualityProfile(models.Model):
    """One person's answers to the equality monitoring questions. Every answer is optional."""

    # Never in Wagtail's reference index: nothing in the CMS links here, and each save would
    # cost extra queries (and, for equality rows, copy special category links elsewhere).
    wagtail_reference_index_ignore = True

    class Purpose(models.TextChoices):
        GOVERNOR_APPLICATION = "governor_application", "Governor application"
        SERVING_GOVERNOR = "serving_governor", "Serving governor"
        PANEL_MEMBER = "panel_member", "Appeal panel member"
        LEARNER = "learner", "Learner"
        SURVEY = "survey", "Survey respondent"
        STAFF = "staff", "Member of staff"
        APPELLANT = "appellant", "Admission appeal appellant"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCESSFUL = "successful", "Successful"
        UNSUCCESSFUL = "unsuccessful", "Unsuccessful"
        NOT_APPLICABLE = "not_applicable", "Not an application"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="equality_profiles",
    )
    # Where the answers were collected, and what for; modules link back with these.
    purpose = models.CharField(max_length=40, choices=Purpose.choices)
    subject_reference = models.CharField(
        max_length=100, blank=True, help_text="The module's record this profile belongs to."
    )
    school = models.ForeignKey(
        "registry.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(
        max_length=20, choices=Outcome.choices, default=Outcome.NOT_APPLICABLE
    )
    outcome_decided_on = models.DateField(null=True, blank=True)

    ethnicity = models.CharField(max_length=40, choices=ETHNICITY_CHOICES, blank=True)
    ethnicity_other = models.CharField("Ethnicity (in your own words)", max_length=200, blank=True)
    sex = models.CharField(max_length=20, choices=Sex.choices, blank=True)
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, blank=True)
    disability = models.CharField(max_length=20, choices=Disability.choices, blank=True)

    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_wording = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EqualityProfileQuerySet.as_manager()

    class Meta:
        permissions = [
            ("view_person_profiles", "Can see equality monitoring answers of named people"),
            ("view_reports", "Can see representation reports (aggregates only)"),
        ]
        indexes = [
            models.Index(fields=["purpose", "outcome"]),
            # Retention looks up decided, unsuccessful applications by date.
            models.Index(fields=["outcome", "outcome_decided_on"], name="equality_retention_idx"),
            # The data steward's list: newest first (equality/steward.py).
            models.Index(fields=["-created_at", "-id"], name="equality_steward_list_idx"),
            # Modules find a record's answers by purpose and reference (an appeal, an
            # application, a serving governor): every such lookup names both.
            models.Index(fields=["purpose", "subject_reference"], name="equality_subject_ref_idx"),
        ]
        constraints = [
            # Answers are kept only with the consent they were given under.
            models.CheckConstraint(
                condition=_NOTHING_DISCLOSED | models.Q(consent_given_at__isnull=False),
                name="equality_answers_need_consent",
            ),
            # Withdrawal wipes every answer; nothing may linger on the row.
            models.CheckConstraint(
                condition=models.Q(withdrawn_at__isnull=True)
                | models.Q(_NO_ANSWERS, ethnicity_other=""),
                name="equality_withdrawn_has_no_answers",
            ),
            models.CheckConstraint(
                condition=models.Q(ethnicity_other="")
                | models.Q(ethnicity__in=sorted(OTHER_ETHNICITY_CODES)),
                name="equality_own_words_only_for_any_other",
            ),
            # A decided application has a decision date (retention counts from it);
            # an undecided one has none.
            models.CheckConstraint(
                condition=(
                    models.Q(
                        outcome__in=["successful", "unsuccessful"],  # DECIDED
                        outcome_decided_on__isnull=False,
                    )
                    | models.Q(
                        outcome__in=["pending", "not_applicable"],
                        outcome_decided_on__isnull=True,
                    )
                ),
                name="equality_decision_date_matches_outcome",
            ),
            # One live set of answers per person, purpose and record; withdrawn ones don't count.
            models.UniqueConstraint(
                fields=["user", "purpose", "subject_reference"],
                condition=models.Q(user__isnull=False, withdrawn_at__isnull=True),
                name="equality_one_live_profile_per_subject",
            ),
        ]

    def __str__(self):
        return f"Equality profile #{self.pk}"

    DECIDED = ("successful", "unsuccessful")

    def clean(self):
        """The check constraints above, once, as messages naming what to fix. The services
        call this before every save; the database refuses whatever slips past."""
        errors = {}
        if self.ethnicity_other and self.ethnicity not in OTHER_ETHNICITY_CODES:
            errors["ethnicity_other"] = (
                "Ethnic group in your own words can only go with an “Any other” ethnic group."
            )
        if self.consent_given_at is None and discloses_anything(self.answers()):
            errors["consent"] = "Agree to the council keeping your answers, or remove your answers."
        if self.withdrawn_at is not None and any(self.answers().values()):
            errors["profile"] = "Withdrawn answers are wiped: no answer may be kept with them."
        if self.outcome in self.DECIDED and self.outcome_decided_on is None:
            errors["decided_on"] = "Enter the date the decision was made."
        elif self.outcome not in self.DECIDED and self.outcome_decided_on is not None:
            errors["decided_on"] = "Only a successful or unsuccessful outcome has a decision date."
        if errors:
            raise ValidationError(errors)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def has_answers(self) -> bool:
        return any(getattr(self, field) for field in QUESTION_FIELDS)

    @property
    def discloses_anything(self) -> bool:
        return discloses_anything(self.answers())

    @property
    def ethnic_group(self) -> str:
        """The high-level group code ("asian", ... "other"), or "" for none or prefer-not."""
        return CATEGORY_GROUP.get(self.ethnicity, "")

    @property
    def ethnic_group_label(self) -> str:
        return ETHNIC_GROUPS.get(self.ethnic_group, "")

    def answers(self) -> dict[str, str]:
        return {field: getattr(self, field) for field in ANSWER_FIELDS}
