"""CPD and training: learning programmes run across several employers (issue 11).

A programme (e.g. the Liverpool City Region's race equality training for 21,000 staff of six
councils and the combined authority) has modules of several kinds with prerequisites between
them, and dated phases; each phase allocates a number of places to each organisation. A
learner (a staff record from an HR export) is enrolled on a phase, taking one of their
organisation's places, or waits for one; they book sessions of the programme's modules, are
marked on the session's register and complete modules.

Each rule lives once: shapes and uniqueness here (constraints, with ``clean()`` giving the same
rule as a message naming the field); rules that need other rows at write time (places,
capacity, prerequisites) in ``services.py``. Issue 14 (the headteachers' network and case
studies) will add its own models beside these.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q


class OrganisationKind(models.TextChoices):
    COUNCIL = "council", "Council"
    COMBINED_AUTHORITY = "combined_authority", "Combined authority"
    SCHOOL = "school", "School"
    TRUST = "trust", "Trust"
    PROVIDER = "provider", "Training provider"
    OTHER = "other", "Other employer"


class Organisation(models.Model):
    """An employer whose staff take part: a council, the combined authority, a school, a trust."""

    name = models.CharField(max_length=160, unique=True)
    kind = models.CharField(max_length=24, choices=OrganisationKind.choices)
    # A school organisation is the registry's school; a council may name its authority.
    school = models.OneToOneField(
        "registry.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authority = models.ForeignKey(
        "registry.Authority", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(school__isnull=True) | Q(kind="school"),
                name="cpd_org_school_only_for_school_kind",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.school_id and self.kind != OrganisationKind.SCHOOL:
            raise ValidationError({"school": "Only an organisation of kind School names a school."})


class Department(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(max_length=160)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="cpd_department_unique_name"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation})"


class Coordinator(models.Model):
    """A person who coordinates the training for one organisation: sees and enrols its staff."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_coordinations"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="coordinators"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="cpd_coordinator_once")
        ]

    def __str__(self):
        return f"{self.user} coordinates {self.organisation}"


class Learner(models.Model):
    """A staff record from an employer's HR export. Each employer numbers its own staff, so the
    key is (organisation, employee number). A leaver is marked, never deleted."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="learners"
    )
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="learners"
    )
    employee_number = models.CharField(max_length=32)
    name = models.CharField(max_length=200)
    work_email = models.EmailField(blank=True)
    is_manager = models.BooleanField("manager", default=False)
    started_on = models.DateField(null=True, blank=True)
    left_on = models.DateField(null=True, blank=True, help_text="Set when the person leaves.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cpd_learners",
    )

    class Meta:
        ordering = ["organisation__name", "name"]
        permissions = [
            ("import_learners", "Can import staff lists for CPD"),
            ("take_part", "Takes part in CPD training (the header link)"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "employee_number"], name="cpd_learner_employee_number"
            ),
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(user__isnull=False),
                name="cpd_learner_one_record_per_user_per_org",
            ),
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(left_on__isnull=True)
                | Q(started_on__lte=F("left_on")),
                name="cpd_learner_started_before_left",
            ),
        ]
        indexes = [models.Index(fields=["work_email"], name="cpd_learner_email")]

    def __str__(self):
        return f"{self.name} ({self.employee_number}, {self.organisation})"

    def clean(self):
        errors = {}
        if self.started_on and self.left_on and self.left_on < self.started_on:
            errors["left_on"] = "The leaving date is before the start date."
        if (
            self.department_id
            and self.organisation_id
            and self.department.organisation_id != self.organisation_id
        ):
            errors["department"] = "The department belongs to another organisation."
        if errors:
            raise ValidationError(errors)

    @property
    def has_left(self) -> bool:
        return self.left_on is not None

    @property
    def department_name(self) -> str:
        return self.department.name if self.department_id else ""


class Programme(models.Model):
    title = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    target_learners = models.PositiveIntegerField(
        default=0, help_text="How many people the programme aims to train by its end."
    )

    class Meta:
        ordering = ["starts_on", "title"]
        permissions = [("manage_programmes", "Can run CPD programmes (programme lead)")]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")), name="cpd_programme_dates_ordered"
            )
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The programme ends before it starts."})


class ModuleKind(models.TextChoices):
    E_LEARNING = "e_learning", "E-learning"
    FACE_TO_FACE = "face_to_face", "Face-to-face session"
    REFLECTION = "reflection", "Online reflection session"
    MANAGER_SUPPORT = "manager_support", "Manager support session"
    TRAIN_THE_TRAINER = "train_the_trainer", "Train the trainer"
    HEADTEACHER_CPD = "headteacher_cpd", "Headteacher CPD session"


# Kinds a learner does on their own (completion comes from an e-learning export), not by
# booking a session.
SELF_PACED_KINDS = frozenset({ModuleKind.E_LEARNING})


class GovernorTraining(models.TextChoices):
    """The governor training a module counts as in the governors module (its training kinds:
    the same values as ``governors.choices.TrainingKind``)."""

    INDUCTION = "induction", "Governor induction"
    ANTI_RACISM = "anti_racism", "Anti-racism / equality, diversity and inclusion"


class Module(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="modules")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=24, choices=ModuleKind.choices)
    duration_minutes = models.PositiveIntegerField(default=60)
    order = models.PositiveSmallIntegerField(default=0)
    required = models.BooleanField(default=True, help_text="Needed to complete the programme.")
    managers_only = models.BooleanField(default=False)
    # For a follow-up (reflection six weeks after the education session): the earliest a
    # session may be booked, counted from completing the prerequisites.
    weeks_after_prerequisites = models.PositiveSmallIntegerField(default=0)
    # A governor who completes the module has done this governor training (governors module).
    governor_training = models.CharField(
        max_length=20,
        choices=GovernorTraining.choices,
        blank=True,
        help_text="Counts as this training for a governor in the governors module.",
    )
    governor_training_valid_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="How long it counts for a governor before it needs refreshing (blank: always).",
    )
    prerequisites = models.ManyToManyField(
        "self",
        through="Prerequisite",
        through_fields=("module", "requires"),
        symmetrical=False,
        related_name="required_by",
        blank=True,
    )

    class Meta:
        ordering = ["programme", "order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "title"], name="cpd_module_unique_title")
        ]

    def __str__(self):
        return f"{self.title} ({self.get_kind_display()})"

    @property
    def is_self_paced(self) -> bool:
        return self.kind in SELF_PACED_KINDS


class Prerequisite(models.Model):
    """``module`` may be booked only by someone who has completed ``requires``."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    requires = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["module", "requires"], name="cpd_prerequisite_once"),
            models.CheckConstraint(
                condition=~Q(module=F("requires")), name="cpd_prerequisite_not_itself"
            ),
        ]

    def __str__(self):
        return f"{self.requires.title} before {self.module.title}"

    def clean(self):
        if not (self.module_id and self.requires_id):
            return
        if self.module_id == self.requires_id:
            raise ValidationError({"requires": "A module cannot be its own prerequisite."})
        if self.module.programme_id != self.requires.programme_id:
            raise ValidationError({"requires": "A prerequisite must be in the same programme."})
        if requires_transitively(self.requires_id, self.module_id):
            raise ValidationError(
                {
                    "requires": f"{self.requires.title} already needs {self.module.title} "
                    "(directly or through other modules): prerequisites cannot go in a circle."
                }
            )


def requires_transitively(module_id: int, target_id: int) -> bool:
    """Whether ``module_id`` needs ``target_id``, directly or through other modules (so adding
    "target needs module" would close a circle). One query for the programme's edges."""
    programme_ids = Module.objects.filter(pk=module_id).values("programme_id")
    edges: dict[int, set[int]] = {}
    for m, r in Prerequisite.objects.filter(module__programme_id__in=programme_ids).values_list(
        "module_id", "requires_id"
    ):
        edges.setdefault(m, set()).add(r)
    seen, stack = set(), [module_id]
    while stack:
        current = stack.pop()
        if current == target_id:
            return True
        if current in seen:
            continue
        seen.add(current)
        stack.extend(edges.get(current, ()))
    return False


class Phase(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(max_length=120)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["programme", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="cpd_phase_unique_name"),
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")), name="cpd_phase_dates_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.programme}: {self.name}"

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The phase ends before it starts."
        if self.programme_id and self.starts_on and self.ends_on:
            p = self.programme
            if self.starts_on < p.starts_on or self.ends_on > p.ends_on:
                errors["starts_on"] = (
                    f"The phase must fall within the programme ({p.starts_on:%-d %B %Y} to "
                    f"{p.ends_on:%-d %B %Y})."
                )
            overlapping = Phase.objects.filter(
                programme_id=self.programme_id,
                starts_on__lte=self.ends_on,
                ends_on__gte=self.starts_on,
            ).exclude(pk=self.pk)
            if overlapping.exists():
                errors["ends_on"] = f"The phase overlaps {overlapping.first().name}."
        if errors:
            raise ValidationError(errors)


class Allocation(models.Model):
    """Places in a phase for one organisation's staff."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="allocations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="allocations"
    )
    places = models.PositiveIntegerField()

    class Meta:
        ordering = ["phase", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["phase", "organisation"], name="cpd_allocation_once_per_phase"
            )
        ]

    def __str__(self):
        return f"{self.places} places for {self.organisation} in {self.phase.name}"


class Trainer(models.Model):
    """Delivers sessions: someone who completed a train-the-trainer module (``learner``) or an
    external provider's trainer (``provider``)."""

    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    learner = models.OneToOneField(
        Learner, null=True, blank=True, on_delete=models.PROTECT, related_name="trainer"
    )
    provider = models.CharField(max_length=160, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(learner__isnull=False) | ~Q(provider=""),
                name="cpd_trainer_trained_or_external",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if not self.learner_id and not self.provider:
            raise ValidationError(
                {"provider": "Name the provider, or link the staff member trained as a trainer."}
            )
        if (
            self.learner_id
            and not Completion.objects.filter(
                learner_id=self.learner_id, module__kind=ModuleKind.TRAIN_THE_TRAINER
            ).exists()
        ):
            raise ValidationError(
                {"learner": "This person has not completed a train-the-trainer module."}
            )


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    OPEN = "open", "Open for booking"
    FULL = "full", "Full"
    CANCELLED = "cancelled", "Cancelled"


class Session(models.Model):
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True)
    online_url = models.URLField("online link", blank=True)
    capacity = models.PositiveIntegerField()
    status = models.CharField(
        max_length=12, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    trainers = models.ManyToManyField(Trainer, blank=True, related_name="sessions")

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")), name="cpd_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(venue="") | ~Q(online_url=""), name="cpd_session_venue_or_online"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="cpd_session_capacity"),
        ]
        indexes = [models.Index(fields=["starts_at"], name="cpd_session_starts")]

    def __str__(self):
        return f"{self.module.title}, {self.starts_at:%-d %B %Y %H:%M}"

    @property
    def where(self) -> str:
        return self.venue or "Online"

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The session must end after it starts."
        if not self.venue and not self.online_url:
            errors["venue"] = "Give a venue, or an online link."
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = "A session needs at least one place."
        if self.module_id and self.module.is_self_paced:
            errors["module"] = "E-learning is done online at the learner's pace, not in sessions."
        if errors:
            raise ValidationError(errors)


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled"
    WAITING = "waiting", "On the waiting list"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Enrolment(models.Model):
    """A learner on a phase of a programme: takes one of their organisation's places in that
    phase (``enrolled``), or waits for one (``waiting``, offered in the order they joined)."""

    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="enrolments")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="enrolments")
    # The learner's organisation when they enrolled: whose places this takes.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=EnrolmentStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(auto_now=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "programme"],
                condition=~Q(status="withdrawn"),
                name="cpd_enrolment_one_live_per_programme",
            )
        ]
        indexes = [
            models.Index(fields=["phase", "organisation", "status"], name="cpd_enrol_places")
        ]

    def __str__(self):
        return f"{self.learner.name} on {self.phase}"

    def clean(self):
        errors = {}
        if self.phase_id and self.programme_id and self.phase.programme_id != self.programme_id:
            errors["phase"] = "The phase belongs to another programme."
        if errors:
            raise ValidationError(errors)


class Attendance(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    LEFT_EARLY = "left_early", "Left early"
    EXCUSED = "excused", "Excused"
    ABSENT = "absent", "Absent"


# Marks that count as having attended the whole session (and so complete its module).
ATTENDED = frozenset({Attendance.PRESENT, Attendance.LATE})


class BookingStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"


class Booking(models.Model):
    """A place on a session for an enrolled learner, and their mark on its register."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="bookings")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=12, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    attendance = models.CharField(max_length=12, choices=Attendance.choices, blank=True)
    marked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "enrolment__learner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "module"],
                condition=Q(status="booked"),
                name="cpd_booking_one_live_per_module",
            )
        ]

    def __str__(self):
        return f"{self.enrolment.learner.name} at {self.session}"

    def clean(self):
        if self.session_id and self.module_id and self.session.module_id != self.module_id:
            raise ValidationError({"module": "The booking's module is not the session's."})


def add_months(day, months: int):
    """``day`` plus whole months; the 31st goes to the month's last day."""
    import calendar
    import datetime

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def new_verification_code() -> str:
    # 12 characters from an unambiguous alphabet (no 0/O, 1/I/L): easy to read off a print.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class CompletionSource(models.TextChoices):
    ATTENDANCE = "attendance", "Attended the session"
    E_LEARNING = "e_learning", "E-learning record"
    RECORDED = "recorded", "Recorded by the programme lead"


class Completion(models.Model):
    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="completions")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField()
    source = models.CharField(max_length=12, choices=CompletionSource.choices)
    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="completion"
    )
    # A default, so rows written in bulk (the e-learning import) get a code too.
    verification_code = models.CharField(
        max_length=16, unique=True, editable=False, default=new_verification_code
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-completed_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "module"], name="cpd_completion_once")
        ]

    def __str__(self):
        return f"{self.learner.name} completed {self.module.title}"

    def save(self, *args, **kwargs):
        if not self.verification_code:
            self.verification_code = new_verification_code()
        super().save(*args, **kwargs)


class BulkEnrolmentStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class BulkEnrolment(models.Model):
    """A background job: enrol the current staff of an organisation (or one of its
    departments) on a phase and book them on the next sessions of a module. The people are
    fixed, in order, when the job is queued (``learner_ids``); ``done`` counts those handled,
    each chunk committed with its count, so a second delivery of the task carries on from
    there (or does nothing once the job has finished)."""

    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    module = models.ForeignKey(
        Module,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Book each person enrolled on the next sessions of this module.",
    )
    status = models.CharField(
        max_length=12, choices=BulkEnrolmentStatus.choices, default=BulkEnrolmentStatus.QUEUED
    )
    learner_ids = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField("people handled", default=0)
    result = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # A failed job is started again once, as a new job (services.restart_bulk_enrolment).
    restart_of = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="restarted_as",
        help_text="The failed job this one started again.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")), name="cpd_bulk_done_within_total"
            )
        ]

    def __str__(self):
        who = self.department.name if self.department_id else self.organisation.name
        return f"Bulk enrolment of {who} on {self.phase.name}"

    @property
    def is_in_progress(self) -> bool:
        return self.status in (BulkEnrolmentStatus.QUEUED, BulkEnrolmentStatus.RUNNING)

    @property
    def progress_percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


class FollowUp(models.Model):
    """A learner booked by the platform onto a follow-up module's session (a reflection a set
    number of weeks after the face-to-face session they attended): once per learner and
    module, so the daily task never books or e-mails them twice, even after they cancel."""

    learner = models.ForeignKey(Learner, on_delete=models.PROTECT, related_name="follow_ups")
    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, related_name="follow_ups", help_text="The follow-up."
    )
    attended = models.ForeignKey(
        Booking,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The booking (marked present or late) that the follow-up comes after.",
    )
    booking = models.OneToOneField(
        Booking,
        null=True,
        on_delete=models.SET_NULL,
        related_name="follow_up",
        help_text="The place booked on the follow-up session.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["learner", "module"], name="cpd_follow_up_once")
        ]

    def __str__(self):
        return f"{self.learner.name} followed up on {self.module.title}"
