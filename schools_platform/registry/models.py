"""The school registry: authorities and schools, as published in GIAS."""

from django.core.exceptions import ValidationError
from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from schools_platform.core.search import NormalisedTextField


class Authority(models.Model):
    """A local authority (council). Several can share one platform, as in a combined authority."""

    la_code = models.CharField("LA code", max_length=3, unique=True)
    name = models.CharField(max_length=120)
    # Disclosure control can be tightened per authority; empty means the platform default.
    suppress_up_to = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Counts from 1 to this are shown as 'c'. Default 7."
    )
    round_to = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Other counts are rounded to a multiple of this. Default 5.",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "authorities"

    def __str__(self):
        return f"{self.name} ({self.la_code})"


class School(models.Model):
    """An establishment, keyed by its Unique Reference Number (URN) from GIAS."""

    urn = models.PositiveIntegerField("URN", unique=True)
    name = models.CharField(max_length=200)
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="schools")
    establishment_number = models.CharField(max_length=8, blank=True)
    type_of_establishment = models.CharField(max_length=120, blank=True)
    type_group = models.CharField(max_length=80, blank=True)
    phase = models.CharField(max_length=60, blank=True, db_index=True)
    status = models.CharField(
        max_length=60, default="Open", db_index=True, help_text="As GIAS gives it."
    )
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    number_of_pupils = models.PositiveIntegerField(null=True, blank=True)
    street = models.CharField(max_length=200, blank=True)
    locality = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    ward = models.CharField("ward", max_length=120, blank=True)
    area = models.CharField(
        "area", max_length=120, blank=True, help_text="District or administrative area."
    )
    updated_at = models.DateTimeField(auto_now=True)
    # What every school search box compares (core.search): name, town and postcode, normalised.
    search_text = NormalisedTextField(source_fields=("name", "town", "postcode"))

    class Meta:
        ordering = ["name"]
        permissions = [
            ("import_schools", "Can import schools from a GIAS extract"),
            ("manage_school_access", "Can grant and revoke people's access to schools"),
            ("manage_school_records", "Can manage this school's records"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(statutory_low_age__isnull=True)
                | models.Q(statutory_high_age__isnull=True)
                | models.Q(statutory_low_age__lte=models.F("statutory_high_age")),
                name="school_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(opened_on__isnull=True)
                | models.Q(closed_on__isnull=True)
                | models.Q(opened_on__lte=models.F("closed_on")),
                name="school_opened_before_closed",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.urn})"

    def clean(self):
        """The check constraints above, as messages naming the field (the import engine and
        forms call this; the database refuses the rest)."""
        errors = {}
        low, high = self.statutory_low_age, self.statutory_high_age
        if low is not None and high is not None and low > high:
            errors["statutory_low_age"] = (
                f"The statutory low age ({low}) is above the statutory high age ({high})."
            )
        if self.opened_on and self.closed_on and self.opened_on > self.closed_on:
            errors["closed_on"] = (
                f"The close date ({self.closed_on:%d-%m-%Y}) is before the open date "
                f"({self.opened_on:%d-%m-%Y})."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None and self.status.lower().startswith("open")

    @property
    def age_range(self) -> str:
        if self.statutory_low_age is None or self.statutory_high_age is None:
            return ""
        return f"{self.statutory_low_age} to {self.statutory_high_age}"


# django-guardian direct foreign-key tables (guardian's performance guide): real FKs,
# cascading deletes, no text-cast object_pk joins.
class SchoolUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="user_object_permissions"
    )


class SchoolGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="group_object_permissions"
    )
