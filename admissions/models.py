"""Admission appeals: the panel pool, clerks, term calendars, rounds, hearing blocks, rosters.

Sources are cited as in docs/modules/admissions.md: "SI 2012/9 Sch para 4" is the School
Admissions (Appeals Arrangements) (England) Regulations 2012, Schedule paragraph 4; "Code 2022"
is the School Admission Appeals Code 2022 (shared/reference/admission-appeals.md §1).

The rules a roster must satisfy live once, in ``admissions/checker.py``; these models hold the
data and the invariants of each row (``clean()`` and database constraints).
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from schools_platform.registry.models import Authority, School


def _ordered(start_field: str, end_field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": F(start_field)}),
        name=name,
    )


def _check_order(errors: dict, start, end, end_field: str, what: str) -> None:
    if start and end and end < start:
        errors[end_field] = f"{what} ({end:%d-%m-%Y}) is before the start ({start:%d-%m-%Y})."


class Category(models.TextChoices):
    """A member's category, derived from their declared history (never typed in)."""

    LAY = "lay", "Lay member"
    EDUCATION = "education", "Member with experience in education"


class HearingMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    REMOTE = "remote", "Remote (video, telephone as a fall-back)"


class AvailabilityMode(models.TextChoices):
    IN_PERSON = "in_person", "In person only"
    REMOTE = "remote", "Remote only"
    EITHER = "either", "In person or remote"


class PanelMember(models.Model):
    """A person in the authority's appeal panel pool."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="panel_pool")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="panel_member",
        help_text="The account the member signs in with to keep their own record.",
    )
    full_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    appointed_on = models.DateField()
    appointment_ends_on = models.DateField(
        null=True, blank=True, help_text="End of the term of appointment (often 3 years)."
    )
    chair_capable = models.BooleanField(
        default=False, help_text="Chair training is recorded as a training record of kind chair."
    )
    travel_area = models.CharField(max_length=120, blank=True)
    max_sittings_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    max_sittings_per_season = models.PositiveSmallIntegerField(null=True, blank=True)
    # Derived by services.refresh_category from the declarations; not editable.
    category = models.CharField(
        max_length=10, choices=Category.choices, default=Category.LAY, editable=False
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["full_name"]
        permissions = [
            ("manage_pool", "Can manage the appeal panel pool"),
            ("manage_rosters", "Can compose and save appeal panel rosters"),
            ("override_roster", "Can save a roster that breaks a rule, with a recorded reason"),
            ("sit_on_panels", "Can keep their own panel member record"),
        ]
        constraints = [
            _ordered("appointed_on", "appointment_ends_on", "panelmember_appointment_ordered"),
            models.CheckConstraint(
                condition=Q(max_sittings_per_week__isnull=True) | Q(max_sittings_per_week__gte=1),
                name="panelmember_week_cap_positive",
            ),
            models.CheckConstraint(
                condition=Q(max_sittings_per_season__isnull=True)
                | Q(max_sittings_per_season__gte=1),
                name="panelmember_season_cap_positive",
            ),
        ]

    def __str__(self):
        return self.full_name

    def clean(self):
        errors = {}
        _check_order(
            errors,
            self.appointed_on,
            self.appointment_ends_on,
            "appointment_ends_on",
            "The end of the appointment",
        )
        for field in ("max_sittings_per_week", "max_sittings_per_season"):
            if getattr(self, field) == 0:
                errors[field] = (
                    "A maximum of sittings must be at least 1 (leave it empty for none)."
                )
        if errors:
            raise ValidationError(errors)


class DeclarationKind(models.TextChoices):
    WORKED_IN_SCHOOL = "worked_in_school", "Worked in a school"
    EDUCATION_EXPERIENCE = "education_experience", "Other experience in education"
    GOVERNOR = "governor", "Governor of a school"
    COUNCILLOR = "councillor", "Councillor of an authority"
    AUTHORITY_EMPLOYEE = "authority_employee", "Employee of an authority"
    ADMISSION_DECISION = (
        "admission_decision",
        "Made admission decisions for a school or gave information for them",
    )
    STAFF_CONNECTION = "staff_connection", "Connection to a member of a school's staff"
    KNOWN_PERSON = "known_person", "Knows a person (for example a family who may appeal)"
    OTHER_INTEREST = "other_interest", "Other declared interest"


class SchoolRole(models.TextChoices):
    TEACHER = "teacher", "Teacher"
    TEACHING_ASSISTANT = "teaching_assistant", "Teaching assistant"
    HEAD = "head", "Headteacher or senior leader"
    OTHER = "other", "Other role"


# Which kinds need which link: a school, an authority or a named person.
NEEDS_SCHOOL = {
    DeclarationKind.WORKED_IN_SCHOOL,
    DeclarationKind.GOVERNOR,
    DeclarationKind.STAFF_CONNECTION,
}
NEEDS_AUTHORITY = {DeclarationKind.COUNCILLOR, DeclarationKind.AUTHORITY_EMPLOYEE}
NEEDS_ROLE = {DeclarationKind.WORKED_IN_SCHOOL, DeclarationKind.AUTHORITY_EMPLOYEE}
NEEDS_PERSON = {DeclarationKind.KNOWN_PERSON, DeclarationKind.STAFF_CONNECTION}


class Declaration(models.Model):
    """One dated item of a member's declared history or affiliations."""

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="declarations")
    kind = models.CharField(max_length=30, choices=DeclarationKind.choices)
    role = models.CharField(
        max_length=20,
        choices=SchoolRole.choices,
        blank=True,
        help_text="For work in a school or for an authority: the role held.",
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    department = models.CharField(max_length=120, blank=True)
    education_function = models.BooleanField(
        default=False, help_text="For an authority employee: works in its education functions."
    )
    person_name = models.CharField(max_length=200, blank=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True, help_text="Empty while it continues.")
    details = models.TextField(blank=True)

    class Meta:
        ordering = ["member", "started_on", "id"]
        constraints = [
            _ordered("started_on", "ended_on", "declaration_dates_ordered"),
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(k.value for k in NEEDS_SCHOOL))
                | Q(school__isnull=False),
                name="declaration_school_given",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(k.value for k in NEEDS_AUTHORITY))
                | Q(authority__isnull=False),
                name="declaration_authority_given",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(k.value for k in NEEDS_ROLE)) | ~Q(role=""),
                name="declaration_role_given",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.member}"

    def clean(self):
        errors = {}
        kind = self.kind
        if kind in NEEDS_SCHOOL and not self.school_id:
            errors["school"] = "Choose the school this declaration is about."
        if kind in NEEDS_AUTHORITY and not self.authority_id:
            errors["authority"] = "Choose the authority this declaration is about."
        if kind in NEEDS_ROLE and not self.role:
            errors["role"] = "Choose the role held."
        if kind in NEEDS_PERSON and not self.person_name.strip():
            errors["person_name"] = "Enter the name of the person."
        _check_order(errors, self.started_on, self.ended_on, "ended_on", "The end date")
        if errors:
            raise ValidationError(errors)


class TrainingKind(models.TextChoices):
    PANEL = "panel", "Panel member training"
    CHAIR = "chair", "Chair training"


class TrainingRecord(models.Model):
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="training")
    kind = models.CharField(max_length=10, choices=TrainingKind.choices)
    completed_on = models.DateField()
    expires_on = models.DateField(help_text="The authority's refresh interval (12 or 24 months).")

    class Meta:
        ordering = ["member", "-expires_on"]
        constraints = [_ordered("completed_on", "expires_on", "training_dates_ordered")]

    def __str__(self):
        return f"{self.get_kind_display()} until {self.expires_on:%d-%m-%Y}"

    def clean(self):
        errors = {}
        _check_order(errors, self.completed_on, self.expires_on, "expires_on", "The expiry date")
        if errors:
            raise ValidationError(errors)


WEEKDAY_CHOICES = [(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday")]


class WeeklyOffer(models.Model):
    """A weekday a person (panel member or clerk) usually offers, and how. The same shape, the
    same forms and the same checker rule for both (``checker._unavailable_days``)."""

    weekday = models.PositiveSmallIntegerField(choices=WEEKDAY_CHOICES)
    mode = models.CharField(
        max_length=10, choices=AvailabilityMode.choices, default=AvailabilityMode.EITHER
    )

    class Meta:
        abstract = True


class DatedOffer(models.Model):
    """A dated exception to a person's weekly pattern: available or not on that day. It wins
    over the weekly pattern."""

    date = models.DateField()
    available = models.BooleanField(default=False)
    mode = models.CharField(
        max_length=10, choices=AvailabilityMode.choices, default=AvailabilityMode.EITHER
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True


class WeeklyAvailability(WeeklyOffer):
    """A weekday the member usually offers, and how."""

    member = models.ForeignKey(
        PanelMember, on_delete=models.CASCADE, related_name="weekly_availability"
    )

    class Meta:
        ordering = ["member", "weekday"]
        constraints = [
            models.UniqueConstraint(fields=["member", "weekday"], name="weekly_availability_once"),
            models.CheckConstraint(condition=Q(weekday__lte=4), name="weekly_availability_weekday"),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_weekday_display()}"


class AvailabilityException(DatedOffer):
    """A dated exception to the member's weekly pattern: available or not on that day."""

    member = models.ForeignKey(
        PanelMember, on_delete=models.CASCADE, related_name="availability_exceptions"
    )

    class Meta:
        ordering = ["member", "date"]
        constraints = [
            models.UniqueConstraint(fields=["member", "date"], name="availability_exception_once")
        ]

    def __str__(self):
        return f"{self.member}: {self.date:%d-%m-%Y}"


class Clerk(models.Model):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="clerks")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appeals_clerk",
    )
    full_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    trained_until = models.DateField(
        null=True,
        blank=True,
        help_text="Training in the Admissions Code, the Appeals Code and equalities law.",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name


class ClerkWeeklyAvailability(WeeklyOffer):
    """A weekday the clerk usually offers, and how (as a panel member's)."""

    clerk = models.ForeignKey(Clerk, on_delete=models.CASCADE, related_name="weekly_availability")

    class Meta:
        ordering = ["clerk", "weekday"]
        constraints = [
            models.UniqueConstraint(
                fields=["clerk", "weekday"], name="clerk_weekly_availability_once"
            ),
            models.CheckConstraint(
                condition=Q(weekday__lte=4), name="clerk_weekly_availability_weekday"
            ),
        ]

    def __str__(self):
        return f"{self.clerk}: {self.get_weekday_display()}"


class ClerkAvailabilityException(DatedOffer):
    """A dated exception to the clerk's weekly pattern (as a panel member's)."""

    clerk = models.ForeignKey(
        Clerk, on_delete=models.CASCADE, related_name="availability_exceptions"
    )

    class Meta:
        ordering = ["clerk", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["clerk", "date"], name="clerk_availability_exception_once"
            )
        ]

    def __str__(self):
        return f"{self.clerk}: {self.date:%d-%m-%Y}"


class ClerkEmploymentKind(models.TextChoices):
    SCHOOL = "school", "A school (its governing body or trust)"
    AUTHORITY_EDUCATION = "authority_education", "An authority, in its education functions"
    AUTHORITY_OTHER = "authority_other", "An authority, outside its education functions"
    OTHER = "other", "Another employer (independent appeals service, self-employed)"


class ClerkEmployment(models.Model):
    clerk = models.ForeignKey(Clerk, on_delete=models.CASCADE, related_name="employments")
    kind = models.CharField(max_length=30, choices=ClerkEmploymentKind.choices)
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            _ordered("started_on", "ended_on", "clerk_employment_ordered"),
            models.CheckConstraint(
                condition=~Q(kind="school") | Q(school__isnull=False),
                name="clerk_employment_school_given",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["authority_education", "authority_other"])
                | Q(authority__isnull=False),
                name="clerk_employment_authority_given",
            ),
        ]

    def __str__(self):
        return f"{self.clerk}: {self.get_kind_display()}"

    def clean(self):
        errors = {}
        if self.kind == ClerkEmploymentKind.SCHOOL and not self.school_id:
            errors["school"] = "Choose the school that employs the clerk."
        if self.kind.startswith("authority") and not self.authority_id:
            errors["authority"] = "Choose the authority that employs the clerk."
        _check_order(errors, self.started_on, self.ended_on, "ended_on", "The end date")
        if errors:
            raise ValidationError(errors)


class Term(models.Model):
    """A school term of an authority's calendar (its first and last day of teaching)."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(max_length=60)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["authority", "starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="term_ordered")
        ]

    def __str__(self):
        return f"{self.name} ({self.starts_on:%d-%m-%Y} to {self.ends_on:%d-%m-%Y})"

    def clean(self):
        errors = {}
        _check_order(errors, self.starts_on, self.ends_on, "ends_on", "The end of the term")
        if errors:
            raise ValidationError(errors)


class ClosureKind(models.TextChoices):
    BANK_HOLIDAY = "bank_holiday", "Bank holiday"
    INSET = "inset", "INSET (training) day"
    HALF_TERM = "half_term", "Half-term holiday"
    OTHER = "other", "Other closure"


class NonSchoolDay(models.Model):
    """A weekday inside a term that is not a school day."""

    authority = models.ForeignKey(
        Authority, on_delete=models.CASCADE, related_name="non_school_days"
    )
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=ClosureKind.choices)
    name = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["authority", "date"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "date"], name="non_school_day_once")
        ]

    def __str__(self):
        return f"{self.date:%d-%m-%Y} {self.get_kind_display()}"


class RoundKind(models.TextChoices):
    NORMAL = "normal", "Normal admissions round"
    LATE = "late", "Late applications"
    IN_YEAR = "in_year", "In-year admissions"
    SIXTH_FORM = "sixth_form", "Sixth form (conditional offers)"


class AppealRound(models.Model):
    """The appeals for one school, year group and round of one academic year."""

    authority = models.ForeignKey(
        Authority,
        on_delete=models.PROTECT,
        related_name="appeal_rounds",
        help_text="The authority arranging the appeals (its term calendar counts the days).",
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="appeal_rounds")
    academic_year = models.PositiveSmallIntegerField(
        help_text="The year it starts: 2026 for 2026/27."
    )
    kind = models.CharField(max_length=12, choices=RoundKind.choices)
    year_group = models.CharField(max_length=20, help_text="For example Reception or Year 7.")
    lodging_deadline = models.DateField(null=True, blank=True)
    notice_school_days = models.PositiveSmallIntegerField(
        default=10, help_text="At least 10 school days' notice of the hearing (Code 2022 §2)."
    )
    timetable_published_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-academic_year", "school__name", "year_group"]
        constraints = [
            models.CheckConstraint(
                condition=Q(notice_school_days__gte=10), name="round_notice_at_least_10"
            ),
            models.UniqueConstraint(
                fields=["school", "academic_year", "kind", "year_group"], name="round_once"
            ),
        ]

    def __str__(self):
        return (
            f"{self.school.name}, {self.year_group}, {self.get_kind_display()} "
            f"{self.academic_year}/{(self.academic_year + 1) % 100:02d}"
        )

    def hearing_season(self) -> tuple:
        """The first and last day its appeals may be heard. ``academic_year`` is the year of
        entry: a normal or late round's appeals (entry in September of that year) are heard in
        the school year before it, an in-year round's during it, and a sixth form round's from
        the year before until results and conditional offers are settled in the autumn."""
        year = self.academic_year
        first = year if self.kind == RoundKind.IN_YEAR else year - 1
        last = year if self.kind in (RoundKind.NORMAL, RoundKind.LATE) else year + 1
        return dt.date(first, 9, 1), dt.date(last, 8, 31)

    def clean(self):
        if self.notice_school_days is not None and self.notice_school_days < 10:
            raise ValidationError(
                {
                    "notice_school_days": "Appellants must have at least 10 school days' notice "
                    "of the hearing (School Admission Appeals Code 2022 §2, Notification)."
                }
            )


class HearingBlock(models.Model):
    """One or more hearing days on which one panel hears every appeal of the block."""

    round = models.ForeignKey(AppealRound, on_delete=models.PROTECT, related_name="blocks")
    reference = models.CharField(max_length=40, unique=True)
    mode = models.CharField(max_length=10, choices=HearingMode.choices)
    venue = models.CharField(max_length=200, blank=True)
    rehearing_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rehearings",
        help_text="The block whose appeals this one hears again (original panel and clerk "
        "excluded).",
    )
    needs_rehearing = models.BooleanField(
        default=False, help_text="Set when a member withdrew part-way: every appeal is re-heard."
    )
    notice_sent_on = models.DateField(
        null=True,
        blank=True,
        help_text="When appellants were sent notice of the hearing (at least 10 school days).",
    )

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mode="in_person") | ~Q(venue=""), name="block_venue_in_person"
            ),
            models.CheckConstraint(
                condition=Q(rehearing_of__isnull=True) | ~Q(rehearing_of=F("id")),
                name="block_not_rehearing_itself",
            ),
        ]

    def __str__(self):
        return self.reference

    def clean(self):
        if self.mode == HearingMode.IN_PERSON and not self.venue.strip():
            raise ValidationError({"venue": "An in-person hearing needs a venue."})
        if self.rehearing_of_id and self.rehearing_of_id == self.pk:
            raise ValidationError({"rehearing_of": "A block cannot re-hear itself."})


class HearingDay(models.Model):
    block = models.ForeignKey(HearingBlock, on_delete=models.CASCADE, related_name="days")
    date = models.DateField()

    class Meta:
        ordering = ["block", "date"]
        constraints = [models.UniqueConstraint(fields=["block", "date"], name="hearing_day_once")]

    def __str__(self):
        return f"{self.block} on {self.date:%d-%m-%Y}"

    def clean(self):
        """A hearing is on a weekday inside its round's season (``AppealRound.hearing_season``)."""
        if self.date is None or self.block_id is None:
            return
        if self.date.weekday() >= 5:
            raise ValidationError({"date": f"{self.date:%A %-d %B %Y} is a weekend day."})
        first, last = self.block.round.hearing_season()
        if not first <= self.date <= last:
            raise ValidationError(
                {
                    "date": f"{self.date:%-d %B %Y} is outside the season of {self.block.round} "
                    f"({first:%-d %B %Y} to {last:%-d %B %Y})."
                }
            )


class AppealDecision(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    DISMISSED = "dismissed", "Dismissed"


class Appeal(models.Model):
    """One appeal in a block, with only the appellant data the conflict checks need."""

    block = models.ForeignKey(HearingBlock, on_delete=models.PROTECT, related_name="appeals")
    reference = models.CharField(max_length=40, unique=True)
    appellant_name = models.CharField(max_length=200)
    child_name = models.CharField(max_length=200)
    lodged_on = models.DateField()
    withdrawn_on = models.DateField(null=True, blank=True)
    # Outcome (Code 2022 §2 Decision; Notes and records: attendance, voting, reasons).
    appellant_attended = models.BooleanField(null=True, blank=True)
    stage_one_finding = models.TextField(blank=True)
    stage_two_finding = models.TextField(blank=True)
    decision = models.CharField(max_length=10, choices=AppealDecision.choices, blank=True)
    votes_for = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(null=True, blank=True)
    reasons = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_letter_sent_on = models.DateField(
        null=True, blank=True, help_text="Within 5 school days of the hearing, wherever possible."
    )

    class Meta:
        ordering = ["block", "reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="") | (~Q(reasons="") & ~Q(stage_one_finding="")),
                name="appeal_decision_has_reasons",
            ),
            _ordered("lodged_on", "decided_on", "appeal_decided_after_lodging"),
        ]

    def __str__(self):
        return self.reference

    def clean(self):
        errors = {}
        if self.decision:
            if not self.reasons.strip():
                errors["reasons"] = (
                    "Record the reasons for the decision (Code 2022 §2, Notes and records; "
                    "missing reasons are a common Ombudsman finding)."
                )
            if not self.stage_one_finding.strip():
                errors["stage_one_finding"] = "Record the panel's stage 1 finding."
            if self.withdrawn_on:
                errors["decision"] = "A withdrawn appeal is not decided: clear one of the two."
            if not self.decided_on:
                errors["decided_on"] = "Enter the date of the decision."
        elif self.decided_on:
            errors["decision"] = "Choose the decision, or clear the decision date."
        _check_order(errors, self.lodged_on, self.decided_on, "decided_on", "The decision date")
        _check_order(errors, self.lodged_on, self.withdrawn_on, "withdrawn_on", "The withdrawal")
        if errors:
            raise ValidationError(errors)


class Roster(models.Model):
    """The panel (members and chair) and clerk booked for a block."""

    block = models.OneToOneField(HearingBlock, on_delete=models.CASCADE, related_name="roster")
    clerk = models.ForeignKey(Clerk, on_delete=models.PROTECT, related_name="rosters")
    override_reason = models.TextField(
        blank=True, help_text="Why a clerk saved this roster although it breaks a rule."
    )
    overridden_breaches = models.JSONField(default=list, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["block"]

    def __str__(self):
        return f"Roster for {self.block}"

    @property
    def is_overridden(self) -> bool:
        return bool(self.override_reason)


class RosterSeat(models.Model):
    roster = models.ForeignKey(Roster, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="seats")
    is_chair = models.BooleanField(default=False)

    class Meta:
        ordering = ["roster", "-is_chair", "member__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["roster", "member"], name="seat_once_per_roster"),
            models.UniqueConstraint(
                fields=["roster"], condition=Q(is_chair=True), name="one_chair_per_roster"
            ),
        ]

    def __str__(self):
        return f"{self.member} on {self.roster_id}"


class MemberSitting(models.Model):
    """A member booked on a day: at most one sitting per member per day, in the database."""

    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="sittings")
    block = models.ForeignKey(HearingBlock, on_delete=models.CASCADE, related_name="sittings")
    date = models.DateField()

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["member", "date"], name="member_one_sitting_per_day")
        ]

    def __str__(self):
        return f"{self.member} on {self.date:%d-%m-%Y}"


class ClerkSitting(models.Model):
    clerk = models.ForeignKey(Clerk, on_delete=models.PROTECT, related_name="sittings")
    block = models.ForeignKey(HearingBlock, on_delete=models.CASCADE, related_name="clerk_sittings")
    date = models.DateField()

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["clerk", "date"], name="clerk_one_sitting_per_day")
        ]

    def __str__(self):
        return f"{self.clerk} on {self.date:%d-%m-%Y}"


ADVERT_MINIMUM_DAYS = 21  # days allowed for replies (Code; ref §1 "Recruiting and advertising")
ADVERT_CYCLE_YEARS = 3  # advertise for lay members every three years


class PoolAdvert(models.Model):
    """An authority's advertisement for lay members of its appeal panels."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="pool_adverts")
    published_on = models.DateField()
    closes_on = models.DateField(help_text="At least 21 days after it was published.")
    where = models.CharField(
        max_length=200, help_text="For example the local newspaper, the council website."
    )

    class Meta:
        ordering = ["authority", "-published_on"]
        constraints = [
            # The 21 days are counted in clean() (date arithmetic differs between databases).
            _ordered("published_on", "closes_on", "pool_advert_ordered")
        ]

    def __str__(self):
        return f"Advert for lay members, {self.published_on:%d-%m-%Y} ({self.where})"

    def clean(self):
        if (
            self.published_on
            and self.closes_on
            and (self.closes_on - self.published_on).days < ADVERT_MINIMUM_DAYS
        ):
            raise ValidationError(
                {
                    "closes_on": "Allow at least 21 days for replies to an advert for lay "
                    "members (School Admission Appeals Code)."
                }
            )
