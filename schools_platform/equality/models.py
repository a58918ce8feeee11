"""Equality monitoring profiles: special category data (UK GDPR Art. 9), kept apart.

Nothing outside this app reads these rows directly: aggregates go through the
disclosure-control function, person-level reads through services that audit them.
"""

from django.conf import settings
from django.db import models

from .choices import ETHNICITY_CHOICES, AgeBand, Disability, Sex


class EqualityProfile(models.Model):
    """One person's answers to the equality monitoring questions. Every answer is optional."""

    class Purpose(models.TextChoices):
        GOVERNOR_APPLICATION = "governor_application", "Governor application"
        SERVING_GOVERNOR = "serving_governor", "Serving governor"
        PANEL_MEMBER = "panel_member", "Appeal panel member"
        LEARNER = "learner", "Learner"
        SURVEY = "survey", "Survey respondent"
        STAFF = "staff", "Member of staff"

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

    class Meta:
        permissions = [
            ("view_person_profiles", "Can see equality monitoring answers of named people"),
            ("view_reports", "Can see representation reports (aggregates only)"),
        ]
        indexes = [models.Index(fields=["purpose", "outcome"])]

    def __str__(self):
        return f"Equality profile #{self.pk}"
