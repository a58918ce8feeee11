"""Comparison populations and monitored groups for representation reports.

Only counts live here, never a named person's answers: pupil counts come from the school
census, community counts from the 2021 Census table TS021, and group memberships point at
equality profiles (which stay in the equality app).
"""

from django.db import models

from schools_platform.equality.choices import ETHNICITY_CHOICES


class PupilEthnicityCount(models.Model):
    """School census: how many pupils of a school were in an ethnicity category that year."""

    # Never in Wagtail's reference index: nothing in the CMS links here, and each save would
    # cost extra queries (and, for equality rows, copy special category links elsewhere).
    wagtail_reference_index_ignore = True

    school = models.ForeignKey(
        "registry.School", on_delete=models.CASCADE, related_name="pupil_ethnicity_counts"
    )
    year = models.PositiveSmallIntegerField(help_text="Census year, e.g. 2025 for January 2025.")
    ethnicity = models.CharField(max_length=40, choices=ETHNICITY_CHOICES)
    pupils = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year", "ethnicity"], name="pupil_count_unique_per_school_year"
            )
        ]

    def __str__(self):
        return f"{self.school_id} {self.year} {self.ethnicity}: {self.pupils}"


class CommunityEthnicityCount(models.Model):
    """2021 Census TS021 usual residents by ethnic group for an authority's area."""

    # Never in Wagtail's reference index: nothing in the CMS links here, and each save would
    # cost extra queries (and, for equality rows, copy special category links elsewhere).
    wagtail_reference_index_ignore = True

    authority = models.ForeignKey(
        "registry.Authority", on_delete=models.CASCADE, related_name="community_ethnicity_counts"
    )
    area_code = models.CharField(max_length=12, help_text="ONS geography code, e.g. E08000012.")
    area_name = models.CharField(max_length=120)
    year = models.PositiveSmallIntegerField(default=2021)
    ethnicity = models.CharField(max_length=40, choices=ETHNICITY_CHOICES)
    residents = models.PositiveIntegerField()
    source = models.CharField(
        max_length=255, help_text="Where the figures come from; 'synthetic' for demo data."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area_code", "year", "ethnicity"], name="community_count_unique"
            )
        ]

    def __str__(self):
        return f"{self.area_name} {self.year} {self.ethnicity}: {self.residents}"


class GroupMembership(models.Model):
    """A person's place in a monitored group: applied for, or holds, a role at a school.

    Modules (governors, admissions, cpd) record memberships through the representation
    services; reports join them to equality profiles in aggregate only.
    """

    # Never in Wagtail's reference index: nothing in the CMS links here, and each save would
    # cost extra queries (and, for equality rows, copy special category links elsewhere).
    wagtail_reference_index_ignore = True

    class Stage(models.TextChoices):
        APPLIED = "applied", "Applied"
        APPOINTED = "appointed", "Appointed"

    group = models.CharField(
        max_length=40, db_index=True, help_text="e.g. 'governors', 'appeal_panel', 'learners'."
    )
    stage = models.CharField(max_length=20, choices=Stage.choices)
    year = models.PositiveSmallIntegerField(db_index=True)
    school = models.ForeignKey(
        "registry.School",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    profile = models.ForeignKey(
        "equality.EqualityProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_memberships",
        help_text="Empty when the person gave no monitoring answers or withdrew them.",
    )

    class Meta:
        indexes = [models.Index(fields=["group", "stage", "year"])]

    def __str__(self):
        return f"{self.group} {self.stage} {self.year}"
