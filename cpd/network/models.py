"""The headteachers' network: applications to join, cohorts and action learning sets, members'
actions, private reflections, case studies (Wagtail pages under moderation), discussion with
reports, and each programme's resources.

Programmes, sessions and checklist items are the cpd and policies modules' rows, referred to
by name (``"cpd.Programme"``), never imported: this app reads them through those modules'
selectors (docs/modules/cpd.md "The network").
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from modelcluster.fields import ParentalManyToManyField
from wagtail.models import Page
from wagtail.search import index


class LeaderRole(models.TextChoices):
    HEADTEACHER = "headteacher", "Headteacher"
    EXECUTIVE_HEAD = "executive_head", "Executive headteacher"
    DEPUTY = "deputy", "Deputy headteacher"
    ASSISTANT = "assistant", "Assistant headteacher"
    SENIOR_LEADER = "senior_leader", "Other senior leader"


class Audience(models.TextChoices):
    MEMBERS = "members", "Network members only"
    PUBLIC = "public", "Everyone (public)"


class Membership(models.Model):
    """One person's application to a programme's network, and (once approved) their membership."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        APPROVED = "approved", "Member"
        DECLINED = "declined", "Declined"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_memberships"
    )
    programme = models.ForeignKey("cpd.Programme", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=LeaderRole.choices)
    school = models.ForeignKey(
        "registry.School", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    why = models.TextField("why you want to join")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_message = models.TextField(blank=True)
    cohort = models.ForeignKey(
        "Cohort", on_delete=models.SET_NULL, null=True, blank=True, related_name="memberships"
    )
    learning_set = models.ForeignKey(
        "LearningSet",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name="action learning set",
    )
    applied_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["applied_at", "pk"]
        constraints = [
            # A declined applicant may apply again; nobody holds two live applications.
            models.UniqueConstraint(
                fields=["user", "programme"],
                condition=Q(status__in=["pending", "approved"]),
                name="cpd_network_one_live_membership",
            )
        ]
        permissions = [("moderate_network", "Can moderate the network's case studies and comments")]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username}, {self.get_role_display()}"


class Cohort(models.Model):
    programme = models.ForeignKey("cpd.Programme", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=120)
    sessions = models.ManyToManyField("cpd.Session", blank=True, related_name="+")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="cpd_network_cohort_name")
        ]

    def __str__(self):
        return self.name


class LearningSet(models.Model):
    """An action learning set: a few members of a cohort and their facilitator."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="learning_sets")
    name = models.CharField(max_length=120)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_learning_sets",
    )
    sessions = models.ManyToManyField("cpd.Session", blank=True, related_name="+")

    class Meta:
        ordering = ["name"]
        verbose_name = "action learning set"

    def __str__(self):
        return self.name


class MemberAction(models.Model):
    """Something a member has committed to do (from a set meeting or their reflections)."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["done_on", "due_on", "pk"]

    def __str__(self):
        return self.description


class Reflection(models.Model):
    """A member's private reflection. Only its author reads it, unless shared with the
    facilitator of the author's action learning set (withdrawable). No admin screen, no
    officer's selector: see selectors.reflections_for_author / shared_reflections_for."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_reflections"
    )
    written_on = models.DateField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    session = models.ForeignKey(
        "cpd.Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checklist_item = models.ForeignKey(
        "policies.Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-written_on", "-pk"]
        indexes = [models.Index(fields=["created_at"], name="cpd_network_reflection_created")]

    def __str__(self):
        return f"{self.written_on:%-d %B %Y}: {self.title}"

    @property
    def shared(self) -> bool:
        return self.shared_at is not None


class SessionChecklistItem(models.Model):
    """A checklist item a cpd session addresses (so the item's page can list the session)."""

    session = models.ForeignKey("cpd.Session", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey("policies.Item", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "item"], name="cpd_network_session_item")
        ]

    def __str__(self):
        return f"{self.session} addresses {self.item}"


# --- case studies ---------------------------------------------------------------------------


class SchoolPhase(models.TextChoices):
    EARLY_YEARS = "early_years", "Early years"
    PRIMARY = "primary", "Primary"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    SPECIAL = "special", "Special school"
    ALTERNATIVE = "alternative", "Alternative provision"


class Theme(models.TextChoices):
    CURRICULUM = "curriculum", "Curriculum"
    RACIST_INCIDENTS = "racist_incidents", "Responding to racist incidents"
    WORKFORCE = "workforce", "Recruiting and developing staff"
    PUPIL_VOICE = "pupil_voice", "Pupil voice"
    FAMILIES = "families", "Families and community"
    LEADERSHIP = "leadership", "Leadership and governance"
    BEHAVIOUR = "behaviour", "Behaviour and exclusions"


class CaseStudyIndexPage(Page):
    """Where the case studies live in the page tree; its moderation workflow is theirs."""

    subpage_types = ["cpd_network.CaseStudyPage"]
    max_count = 1

    def serve(self, request, *args, **kwargs):
        return redirect("cpd_network:case-studies")


class CaseStudyPage(Page):
    """A case study of positive action, in the fixed shape a member fills in (forms.py), never
    in the Wagtail editor. Members-only ones answer 404 to anyone who is not a member."""

    class Closed(models.TextChoices):
        OPEN = "", "Open"
        REJECTED = "rejected", "Rejected"
        RETRACTED = "retracted", "Retracted by the author"

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    programme = models.ForeignKey(
        "cpd.Programme", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    school_name = models.CharField(max_length=200, blank=True)
    context = models.TextField("context")
    what_we_did = models.TextField("what we did")
    impact = models.TextField("impact and evidence")
    learned = models.TextField("what we learned")
    contact = models.CharField("contact", max_length=300)
    phase = models.CharField(max_length=20, choices=SchoolPhase.choices)
    theme = models.CharField(max_length=20, choices=Theme.choices)
    checklist_items = ParentalManyToManyField("policies.Item", blank=True, related_name="+")
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.MEMBERS)
    closed = models.CharField(max_length=10, choices=Closed.choices, blank=True, default="")

    parent_page_types = ["cpd_network.CaseStudyIndexPage"]
    subpage_types = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("context"),
        index.SearchField("what_we_did"),
        index.SearchField("impact"),
        index.SearchField("learned"),
        index.SearchField("school_name"),
        index.FilterField("phase"),
        index.FilterField("theme"),
        index.FilterField("audience"),
        index.FilterField("programme"),
        index.FilterField("closed"),
    ]

    class Meta:
        verbose_name = "case study"

    SECTIONS = [
        ("context", "Context"),
        ("what_we_did", "What we did"),
        ("impact", "Impact and evidence"),
        ("learned", "What we learned"),
    ]

    def sections(self):
        return [(label, getattr(self, name)) for name, label in self.SECTIONS]

    def serve(self, request, *args, **kwargs):
        from . import selectors  # the page's own module; selectors import this one

        if not selectors.can_read_case_study(request.user, self):
            raise Http404("No case study found")
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.case_study_page_context(request.user, self))
        return context


# --- discussion -----------------------------------------------------------------------------


class Comment(models.Model):
    class Status(models.TextChoices):
        VISIBLE = "visible", "Shown"
        HIDDEN = "hidden", "Hidden by a moderator"
        REMOVED = "removed", "Removed by a moderator"

    case_study = models.ForeignKey(
        CaseStudyPage, on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    session = models.ForeignKey(
        "cpd.Session", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField("comment")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(case_study__isnull=False, session__isnull=True)
                | Q(case_study__isnull=True, session__isnull=False),
                name="cpd_network_comment_on_one_thing",
            )
        ]

    def __str__(self):
        return self.body[:60]

    def clean(self):
        if bool(self.case_study_id) == bool(self.session_id):
            raise ValidationError("A comment is on a case study or on a session.")


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Report on comment {self.comment_id}"


# --- resources ------------------------------------------------------------------------------


class Resource(models.Model):
    """A document from the Wagtail document library offered on a programme's resource page."""

    programme = models.ForeignKey("cpd.Programme", on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.MEMBERS)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title
