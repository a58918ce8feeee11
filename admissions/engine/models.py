"""A run of the panel engine: what the clerk asked for, its progress, and the proposal.

The proposal is kept as data on the run (block reference -> members, chair, clerk) until the
clerk accepts it, when each block's roster is saved through the pool's ``save_roster`` (and so
through the checker); a discarded run changes nothing.
"""

from django.conf import settings
from django.db import models

from admissions.models import HearingBlock, PanelMember
from schools_platform.registry.models import School


class RunKind(models.TextChoices):
    COMPOSE = "compose", "Compose panels"
    REPLAN = "replan", "Re-plan after a change"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    READY = "ready", "Ready to review"
    FAILED = "failed", "Failed"
    ACCEPTED = "accepted", "Accepted"
    DISCARDED = "discarded", "Discarded"


class EngineRun(models.Model):
    kind = models.CharField(max_length=10, choices=RunKind.choices, default=RunKind.COMPOSE)
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    label = models.CharField(max_length=200, help_text="What the run staffs, in words.")
    blocks = models.ManyToManyField(HearingBlock, related_name="engine_runs")
    weights = models.JSONField(default=dict, help_text="The objective's weights for this run.")
    time_limit = models.PositiveIntegerField(default=60, help_text="Seconds.")
    random_seed = models.IntegerField(
        null=True,
        blank=True,
        help_text="Set when the roster was chosen at random among "
        "near-optimal ones (recorded so the choice can be reproduced).",
    )
    # Re-planning: the member who withdrew, the block, and whether it was mid-hearing.
    withdrawn_member = models.ForeignKey(
        PanelMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    affected_block = models.ForeignKey(
        HearingBlock, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    excluded = models.JSONField(
        default=dict, blank=True, help_text="Block reference -> members kept off it."
    )
    # Progress, written while the job runs.
    phase = models.CharField(max_length=60, blank=True)
    blocks_total = models.PositiveIntegerField(default=0)
    blocks_solved = models.PositiveIntegerField(default=0)
    solutions = models.PositiveIntegerField(default=0)
    best_objective = models.FloatField(null=True, blank=True)
    seconds_left = models.PositiveIntegerField(null=True, blank=True)
    # The result.
    current = models.JSONField(default=dict, blank=True)
    proposal = models.JSONField(default=dict, blank=True)
    unstaffed = models.JSONField(default=list, blank=True)  # [{"block": ref, "reasons": [...]}]
    capacity = models.JSONField(default=list, blank=True)  # per day, see capacity.DayCapacity
    objective = models.FloatField(null=True, blank=True)
    bound = models.FloatField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    terms = models.JSONField(default=dict, blank=True)
    solver_status = models.CharField(max_length=20, blank=True)
    first_feasible_seconds = models.FloatField(null=True, blank=True)
    workload_floor = models.PositiveIntegerField(null=True, blank=True)
    unstaffed_floor = models.PositiveIntegerField(
        null=True, blank=True, help_text="Blocks any roster must leave unstaffed (proven)."
    )
    first_lawful_seconds = models.FloatField(
        null=True,
        blank=True,
        help_text="Seconds from the start to the first complete roster the checker passed.",
    )
    parts = models.JSONField(
        default=list, blank=True, help_text="Decomposed runs: each part's figures."
    )
    greedy = models.JSONField(default=dict, blank=True)  # the baseline's figures, side by side
    changes = models.JSONField(default=list, blank=True)  # blocks whose panel would change
    workload = models.JSONField(
        default=dict, blank=True, help_text="Sittings per member in the proposal (stored once)."
    )
    seats_changed_elsewhere = models.PositiveIntegerField(
        null=True, blank=True, help_text="Re-planning: seats changed outside the affected block."
    )
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.label}"

    @property
    def finished(self) -> bool:
        return self.status not in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def gap_percent(self):
        return None if self.gap is None else round(100 * self.gap, 1)


class Mode(models.TextChoices):
    EITHER = "", "No preference"
    REMOTE = "remote", "Remotely"
    IN_PERSON = "in_person", "In person"


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


class SittingPreference(models.Model):
    """What a panel member would rather (a soft wish the engine weighs, never a hard rule):
    stated by the member on their own page. Not equality data, and never read for anyone
    but the member it belongs to."""

    member = models.OneToOneField(
        PanelMember, on_delete=models.CASCADE, related_name="sitting_preference"
    )
    avoid_weekdays = models.JSONField(
        default=list, blank=True, help_text="Weekdays (0 Monday to 4 Friday) rather not sat."
    )
    avoid_schools = models.ManyToManyField(
        School, blank=True, related_name="+", help_text="Schools the member would rather not hear."
    )
    mode = models.CharField(max_length=10, choices=Mode.choices, blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Sitting preferences of {self.member}"

    def clean(self):
        from django.core.exceptions import ValidationError

        days = self.avoid_weekdays or []
        if not isinstance(days, list) or any(
            not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 4 for d in days
        ):
            raise ValidationError({"avoid_weekdays": "Choose weekdays from Monday to Friday."})
        if len(days) >= 5:
            raise ValidationError(
                {
                    "avoid_weekdays": "You cannot avoid every weekday; change your availability "
                    "on your record instead."
                }
            )
