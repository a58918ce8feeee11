"""Boards, instruments of government, governors and their terms of office.

Invariants live here (``clean()`` and database constraints); the constitution rules are in
``constitution.py``; every write goes through ``services.py``. Sources: shared reference notes
``shared/reference/governors.md`` (§ numbers below) and docs/modules/governors.md.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from .choices import (
    EX_OFFICIO_BODIES,
    EX_OFFICIO_CATEGORIES,
    AppointingBody,
    AttendanceStatus,
    BoardKind,
    BoardRoleKind,
    Category,
    CheckKind,
    CheckResult,
    EndReason,
    FoundationRule,
    MeetingKind,
    TrainingKind,
)
from .constitution import MAX_TERM_YEARS, MIN_TERM_YEARS, check_constitution


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def term_last_day(ends_on: datetime.date | None, ended_on: datetime.date | None):
    """A term's last day: the earlier of its end date and the day it was ended, or None (ex
    officio, not ended). Term.last_day, and the selectors' counts read as tuples."""
    days = [d for d in (ends_on, ended_on) if d is not None]
    return min(days) if days else None


def term_serves_on(starts_on: datetime.date, last_day: datetime.date | None, day) -> bool:
    """Whether a term from ``starts_on`` to ``last_day`` (both inclusive) is serving on ``day``."""
    return starts_on <= day and (last_day is None or day <= last_day)


class NeverDeletedQuerySet(models.QuerySet):
    def delete(self):
        raise ValidationError(
            f"{self.model._meta.verbose_name_plural.capitalize()} are never deleted: "
            "history is kept."
        )


class Board(models.Model):
    """A governing board: one school's, a federation's (several schools) or an academy's."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=BoardKind.choices)
    foundation_rule = models.CharField(
        "foundation and partnership rule",
        max_length=40,
        choices=FoundationRule.choices,
        default=FoundationRule.NONE,
        help_text="Which part of reg 14 (2012) applies. Maintained boards only.",
    )
    clerk_name = models.CharField(max_length=200, blank=True)
    clerk_email = models.EmailField(blank=True)
    reminder_days = models.PositiveSmallIntegerField(
        default=60, help_text="Days before a term ends that the clerk is reminded."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        default_permissions = ("add", "change", "view")
        permissions = [("import_gias_governance", "Can import the GIAS governance download")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=BoardKind.MAINTAINED) | Q(foundation_rule=FoundationRule.NONE),
                name="governors_board_foundation_rule_maintained_only",
            ),
            models.CheckConstraint(
                condition=Q(reminder_days__gte=1, reminder_days__lte=365),
                name="governors_board_reminder_days_range",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.kind != BoardKind.MAINTAINED and self.foundation_rule != FoundationRule.NONE:
            raise ValidationError(
                {"foundation_rule": "The reg 14 foundation rules apply to maintained boards only."}
            )


class BoardSchool(models.Model):
    """A school governed by a board from one date to another. History is kept: a school that
    moves board (joins a federation, converts to an academy) gets a new row, the old one is
    closed. A school has at most one board at a time."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="memberships")
    school = models.ForeignKey(
        "registry.School", on_delete=models.PROTECT, related_name="governor_board_memberships"
    )
    joined_on = models.DateField()
    left_on = models.DateField(null=True, blank=True, help_text="The last day under this board.")

    objects = NeverDeletedQuerySet.as_manager()

    class Meta:
        ordering = ["-joined_on", "pk"]
        default_permissions = ("add", "change", "view")
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="governors_boardschool_left_after_joined",
            ),
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(left_on__isnull=True),
                name="governors_boardschool_one_current_board",
            ),
        ]

    def __str__(self):
        return f"{self.school} in {self.board}"

    def clean(self):
        if self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": "A school cannot leave a board before joining it."})
        others = BoardSchool.objects.filter(school_id=self.school_id).exclude(pk=self.pk)
        end = self.left_on or datetime.date.max
        others = others.filter(joined_on__lte=end).filter(
            Q(left_on__isnull=True) | Q(left_on__gte=self.joined_on)
        )
        if others.exists():
            raise ValidationError(
                {"school": "This school already has a board for part of these dates."}
            )

    def delete(self, *args, **kwargs):
        raise ValidationError("Board memberships are never deleted: history is kept.")


class InstrumentOfGovernment(models.Model):
    """One dated version of a board's instrument of government (or academy articles): the
    seats and term of office per category. The version in force on a day is the latest one
    effective on or before it (reference §1.2, §5)."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="instruments")
    effective_from = models.DateField()
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = NeverDeletedQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from", "pk"]
        default_permissions = ("add", "change", "view")
        verbose_name = "instrument of government"
        constraints = [
            models.UniqueConstraint(
                fields=["board", "effective_from"], name="governors_instrument_one_per_day"
            )
        ]

    def __str__(self):
        return f"{self.board} from {self.effective_from:%d/%m/%Y}"

    @staticmethod
    def clean_seats(*, board: Board, seats: dict, term_years: dict, school_count: int):
        """Refuse a make-up that breaks a rule; ValidationError naming category and regulation.
        Returns the advisory problems (never refusing) for the caller to show."""
        problems = check_constitution(
            kind=board.kind,
            foundation_rule=board.foundation_rule,
            seats=seats,
            term_years=term_years,
            school_count=school_count,
        )
        refusing = [p for p in problems if p.refuses]
        if refusing:
            errors: dict[str, list[str]] = {}
            for problem in refusing:
                errors.setdefault(problem.field, []).append(str(problem))
            raise ValidationError(errors)
        return problems

    def delete(self, *args, **kwargs):
        raise ValidationError("Instruments of government are never deleted: history is kept.")


class SeatAllocation(models.Model):
    """How many seats a category has in one instrument version, and their term of office."""

    instrument = models.ForeignKey(
        InstrumentOfGovernment, on_delete=models.PROTECT, related_name="seats"
    )
    category = models.CharField(max_length=20, choices=Category.choices)
    seats = models.PositiveSmallIntegerField()
    term_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Empty for the headteacher (ex officio)."
    )

    class Meta:
        ordering = ["pk"]
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "category"], name="governors_seats_one_row_per_category"
            ),
            models.CheckConstraint(
                condition=Q(term_years__isnull=True)
                | Q(term_years__gte=MIN_TERM_YEARS, term_years__lte=MAX_TERM_YEARS),
                name="governors_seats_term_1_to_4_years",
            ),
            models.CheckConstraint(
                condition=~Q(category__in=EX_OFFICIO_CATEGORIES) | Q(term_years__isnull=True),
                name="governors_seats_ex_officio_no_term",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.seats}"


class Governor(models.Model):
    """A person who serves (or served) on one or more boards. Contact details are seen only by
    the board's clerk, chair, school leaders and officers (services.can_see_contact_details)."""

    title = models.CharField(max_length=20, blank=True)
    first_name = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="governor_records",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        default_permissions = ("add", "change", "view")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(
            p for p in (self.title, self.first_name, self.middle_names, self.last_name) if p
        )


class TermQuerySet(NeverDeletedQuerySet):
    def serving_on(self, day: datetime.date):
        return self.filter(starts_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day),
            Q(ends_on__isnull=True) | Q(ends_on__gte=day),
        )

    def counted(self):
        return self.exclude(category=Category.ASSOCIATE)


class Term(models.Model):
    """One term of office: never extended, never deleted (GIAS rule, reference §1.4).

    ``ends_on`` is the last day of the term as appointed (required unless ex officio);
    ``ended_on`` is the last day actually served when the term ended early or was recorded
    as ended, with the reason. Re-appointment is a new term (``previous_term``)."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="terms")
    governor = models.ForeignKey(Governor, on_delete=models.PROTECT, related_name="terms")
    category = models.CharField(max_length=20, choices=Category.choices)
    appointing_body = models.CharField(max_length=40, choices=AppointingBody.choices)
    starts_on = models.DateField("date of appointment")
    ends_on = models.DateField(
        "term ends", null=True, blank=True, help_text="Empty only for ex officio governors."
    )
    ended_on = models.DateField("stepped down", null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    previous_term = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_school_staff = models.BooleanField(
        default=False, help_text="Paid to work at the school (counts towards the one-third rule)."
    )
    eligibility = models.JSONField(
        default=dict, blank=True, help_text="Schedule 4 answers given at appointment."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        default_permissions = ("add", "change", "view")
        verbose_name = "term of office"
        verbose_name_plural = "terms of office"
        indexes = [
            models.Index(fields=["board", "category", "starts_on"]),
            models.Index(fields=["ends_on"]),
            # The API's and admin's term lists, newest first: without it PostgreSQL sorted
            # every term for the first page (62 ms at large scale, 3 ms with it).
            models.Index(fields=["-starts_on", "id"], name="governors_term_newest_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="governors_term_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("starts_on")),
                name="governors_term_ended_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | Q(ended_on__isnull=False, end_reason__gt=""),
                name="governors_term_end_date_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=False) | Q(appointing_body__in=EX_OFFICIO_BODIES),
                name="governors_term_end_date_unless_ex_officio",
            ),
        ]

    def __str__(self):
        return f"{self.governor} – {self.get_category_display()} ({self.board})"

    @property
    def last_day(self) -> datetime.date | None:
        return term_last_day(self.ends_on, self.ended_on)

    def is_serving_on(self, day: datetime.date) -> bool:
        return term_serves_on(self.starts_on, self.last_day, day)

    def clean(self):
        errors = {}
        ex_officio = self.appointing_body in EX_OFFICIO_BODIES
        if self.ends_on is None and not ex_officio:
            errors["ends_on"] = "Give the date the term ends (only ex officio governors have none)."
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The term cannot end before it starts."
        if self.starts_on and self.ended_on and self.ended_on < self.starts_on:
            errors["ended_on"] = "A term cannot end before it starts."
        if bool(self.ended_on) != bool(self.end_reason):
            errors["end_reason" if self.ended_on else "ended_on"] = (
                "Give both the date the term ended and why."
            )
        if errors or not (self.board_id and self.starts_on):
            if errors:
                raise ValidationError(errors)
            return
        instrument = (
            InstrumentOfGovernment.objects.filter(
                board_id=self.board_id, effective_from__lte=self.starts_on
            )
            .order_by("-effective_from")
            .first()
        )
        if instrument is None:
            raise ValidationError(
                {"starts_on": "The board had no instrument of government on this date."}
            )
        seat = instrument.seats.filter(category=self.category).first()
        if seat is None or seat.seats == 0:
            raise ValidationError(
                {
                    "category": f"The instrument of government from "
                    f"{instrument.effective_from:%d/%m/%Y} has no "
                    f"{Category(self.category).label.lower()} seats."
                }
            )
        if seat.term_years and self.ends_on and not ex_officio:
            latest = add_years(self.starts_on, seat.term_years)
            if self.ends_on > latest:
                raise ValidationError(
                    {
                        "ends_on": f"A {Category(self.category).label.lower()} governor's term "
                        f"is at most {seat.term_years} years under the instrument of "
                        f"government, so it must end by {latest:%d/%m/%Y} (SI 2012/1034 "
                        "reg 18)."
                    }
                )
        self._clean_no_overlap()

    def _clean_no_overlap(self):
        """No one holds two posts on the same board at once (Sch 4 para 3, reference §1.5)."""
        last = self.last_day or datetime.date.max
        clash = (
            Term.objects.filter(board_id=self.board_id, governor_id=self.governor_id)
            .exclude(pk=self.pk)
            .filter(starts_on__lte=last)
            .filter(
                Q(ended_on__isnull=True) | Q(ended_on__gte=self.starts_on),
                Q(ends_on__isnull=True) | Q(ends_on__gte=self.starts_on),
            )
            .first()
        )
        if clash is not None:
            raise ValidationError(
                {
                    "starts_on": f"{self.governor} already holds a "
                    f"{clash.get_category_display().lower()} post on this board from "
                    f"{clash.starts_on:%d/%m/%Y}; no one holds two posts on one board at once "
                    "(SI 2012/1034 Schedule 4 para 3)."
                }
            )

    def delete(self, *args, **kwargs):
        raise ValidationError("Terms of office are never deleted: end the term instead.")


class TermCorrection(models.Model):
    """A correction to a saved term: who, when, why, and the old and new values."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="corrections")
    reason = models.TextField()
    changes = models.JSONField(help_text="{field: [old, new]}")
    corrected_at = models.DateTimeField(auto_now_add=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = NeverDeletedQuerySet.as_manager()

    class Meta:
        ordering = ["-corrected_at"]
        default_permissions = ("view",)

    def __str__(self):
        return f"Correction to {self.term} on {self.corrected_at:%d/%m/%Y}"


class BoardRole(models.Model):
    """Chair or vice-chair of a board, with dates (SI 2013/1624; reference §1.4). At most one
    of each at a time: the database allows one open holding per board and role, ``clean()``
    refuses overlapping dated ones."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="roles")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="roles")
    role = models.CharField(max_length=20, choices=BoardRoleKind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = NeverDeletedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        default_permissions = ("add", "change", "view")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="governors_boardrole_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["board", "role"],
                condition=Q(ends_on__isnull=True),
                name="governors_boardrole_one_open_per_role",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} of {self.board}"

    def clean(self):
        end = self.ends_on or datetime.date.max
        clash = (
            BoardRole.objects.filter(board_id=self.board_id, role=self.role)
            .exclude(pk=self.pk)
            .filter(starts_on__lte=end)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=self.starts_on))
        )
        if clash.exists():
            raise ValidationError(
                {"starts_on": f"The board already has a {self.get_role_display().lower()} then."}
            )
        if self.term_id and self.term.board_id != self.board_id:
            raise ValidationError({"term": "The chair must be a governor of this board."})


class GiasGovernanceRecord(models.Model):
    """One row of the GIAS governance download, as GIAS holds it (reference §1.10), for
    reconciliation with the platform's terms. The council cannot write to GIAS."""

    gid = models.PositiveIntegerField("GID", unique=True)
    school = models.ForeignKey(
        "registry.School", on_delete=models.PROTECT, related_name="gias_governance_records"
    )
    uid = models.PositiveIntegerField("UID", null=True, blank=True)
    role = models.CharField(max_length=100)
    title = models.CharField(max_length=20, blank=True)
    forename_1 = models.CharField(max_length=100, blank=True)
    forename_2 = models.CharField(max_length=100, blank=True)
    surname = models.CharField(max_length=100)
    appointed_on = models.DateField(null=True, blank=True)
    term_ends_on = models.DateField(null=True, blank=True)
    appointing_body = models.CharField(max_length=120, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["surname", "forename_1", "gid"]
        default_permissions = ("view",)
        verbose_name = "GIAS governance record"
        constraints = [
            models.CheckConstraint(
                condition=Q(appointed_on__isnull=True)
                | Q(term_ends_on__isnull=True)
                | Q(term_ends_on__gte=F("appointed_on")),
                name="governors_gias_term_ends_after_appointment",
            )
        ]

    def __str__(self):
        return f"GID {self.gid}: {self.forename_1} {self.surname}"


def academic_year_of(day: datetime.date) -> int:
    """The school year a day falls in, by its starting year: 1 September to 31 August (the
    declarations reset on 1 September, reference §1.9)."""
    return day.year if day.month >= 9 else day.year - 1


class Declaration(models.Model):
    """A governor's annual declaration of business and pecuniary interests, one per academic
    year, applying across all their boards (reference §1.9, §3.1). "Nothing to declare" is
    said explicitly."""

    governor = models.ForeignKey(Governor, on_delete=models.PROTECT, related_name="declarations")
    academic_year = models.PositiveSmallIntegerField(help_text="2025 for 2025/26.")
    declared_on = models.DateField()
    nothing_to_declare = models.BooleanField(default=False)
    business_interests = models.TextField(blank=True)
    governance_roles_elsewhere = models.TextField(
        blank=True, help_text="Governance roles in other educational institutions."
    )
    relationships = models.TextField(
        blank=True, help_text="Relationships with other governors or staff (spouse, partner…)."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = NeverDeletedQuerySet.as_manager()

    class Meta:
        ordering = ["-academic_year", "pk"]
        default_permissions = ("add", "change", "view")
        constraints = [
            models.UniqueConstraint(
                fields=["governor", "academic_year"], name="governors_declaration_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(
                    nothing_to_declare=True,
                    business_interests="",
                    governance_roles_elsewhere="",
                    relationships="",
                )
                | (
                    Q(nothing_to_declare=False)
                    & ~Q(business_interests="", governance_roles_elsewhere="", relationships="")
                ),
                name="governors_declaration_something_or_nothing",
            ),
        ]

    def __str__(self):
        return f"{self.governor}: declaration {self.year_label}"

    @property
    def year_label(self) -> str:
        return f"{self.academic_year}/{(self.academic_year + 1) % 100:02d}"


class Meeting(models.Model):
    """A meeting of the board (or one of its committees), with each serving governor's
    attendance. The board holds at least three meetings a school year (2013 regs reg 13(1),
    reference §1.8)."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    kind = models.CharField(
        max_length=20, choices=MeetingKind.choices, default=MeetingKind.FULL_BOARD
    )
    title = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = NeverDeletedQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "pk"]
        default_permissions = ("add", "change", "view")
        indexes = [models.Index(fields=["board", "held_on"])]

    def __str__(self):
        return f"{self.board}: {self.get_kind_display()} meeting {self.held_on:%d/%m/%Y}"


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=30, choices=AttendanceStatus.choices)

    objects = NeverDeletedQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        default_permissions = ("add", "change", "view")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "term"], name="governors_attendance_once")
        ]

    def __str__(self):
        return f"{self.term.governor} at {self.meeting}: {self.get_status_display()}"

    def clean(self):
        if self.term.board_id != self.meeting.board_id:
            raise ValidationError({"term": "Attendance is for the board's own governors."})
        if not self.term.is_serving_on(self.meeting.held_on):
            day = f"{self.meeting.held_on:%d/%m/%Y}"
            raise ValidationError({"term": f"{self.term.governor} was not serving on {day}."})


class SafeguardingCheck(models.Model):
    """An enhanced DBS certificate or a section 128 check (KCSIE; reference §1.6). Criminal
    offence data (UK GDPR Art. 10): dates, the certificate number and the result only, never
    a copy of the certificate; seen only by those who may change the board's records."""

    governor = models.ForeignKey(Governor, on_delete=models.PROTECT, related_name="checks")
    kind = models.CharField(max_length=20, choices=CheckKind.choices)
    checked_on = models.DateField("date of the certificate or check")
    certificate_number = models.CharField(max_length=20, blank=True)
    update_service = models.BooleanField(
        default=False, help_text="Subscribed to the DBS update service."
    )
    result = models.CharField(max_length=20, choices=CheckResult.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = NeverDeletedQuerySet.as_manager()

    class Meta:
        ordering = ["-checked_on", "pk"]
        default_permissions = ("add", "view")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=CheckKind.SECTION_128, result__gt="")
                | Q(kind=CheckKind.ENHANCED_DBS, result=""),
                name="governors_check_result_for_s128_only",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.governor} on {self.checked_on:%d/%m/%Y}"


class TrainingRecord(models.Model):
    """A completed training course, with its expiry where it needs refreshing. Written only
    through services.record_training, which the CPD module can call for a completion."""

    governor = models.ForeignKey(Governor, on_delete=models.PROTECT, related_name="training")
    kind = models.CharField(max_length=20, choices=TrainingKind.choices)
    title = models.CharField(max_length=200, blank=True)
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    source = models.CharField(
        max_length=100, blank=True, help_text="Where it was recorded from (e.g. the CPD module)."
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = NeverDeletedQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "pk"]
        default_permissions = ("add", "view")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("completed_on")),
                name="governors_training_expires_after_completion",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.governor} ({self.completed_on:%d/%m/%Y})"
