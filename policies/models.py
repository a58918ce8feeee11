"""Policy reviews: versioned checklist frameworks and schools' reviews against them.

A framework (e.g. "Anti-racist policy review") has numbered versions; a version has sections
and a section has items. A version is edited while it is a draft, submitted for approval by one
race equalities officer and published by a second one; from then on it is frozen: its sections
and items refuse every save and delete (``FrozenVersionError``), and the reviews started on it
keep it for ever (``on_delete=PROTECT``).

A school's review is made against one published version and has one answer per item (a rating,
evidence, actions); the race equalities officer comments per item, returns it or approves it.
The rules are listed in docs/modules/policies.md.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from guardian.models import UserObjectPermissionBase
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    Task,
    TaskState,
    Workflow,
    WorkflowContentType,
    WorkflowMixin,
    WorkflowTask,
)

from schools_platform.core.private_files import private_storage


class FrozenVersionError(ValidationError):
    """Raised when anything tries to change a version that is no longer a draft."""


class Framework(models.Model):
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        permissions = [
            ("edit_framework", "Can draft checklist framework versions"),
            ("approve_framework", "Can approve and publish checklist framework versions"),
        ]

    def __str__(self) -> str:
        return self.name


class FrameworkVersion(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """A numbered version of a framework's checklist. It goes through Wagtail's workflow (a
    Wagtail snippet with drafts, revisions, locking and moderation): an officer submits the
    draft, a second officer approves it in ``SecondOfficerApprovalTask``, and the approval
    publishes it through ``services.approve_version`` (``publish()`` below), after which it is
    frozen. ``status`` is the module's own state; ``live`` follows it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
        PUBLISHED = "published", "Published"

    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    notes = models.TextField(blank=True, help_text="What changed from the previous version.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # DraftStateMixin's ``live`` defaults to True; a version is live only once published.
    live = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["framework__name", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="policies_version_unique"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="policies_published_version_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.name}, version {self.number}"

    def save(self, *args, **kwargs):
        # A published version's own fields are frozen too (its number, its notes).
        # Only Wagtail's edit lock (who is editing, not what it says) may still change.
        only_lock = set(kwargs.get("update_fields") or ()) <= {"locked", "locked_by", "locked_at"}
        if self.pk and not (kwargs.get("update_fields") and only_lock):
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == self.Status.PUBLISHED:
                raise FrozenVersionError(f"{self} is published and cannot be changed.")
        self.live = self.status == self.Status.PUBLISHED
        super().save(*args, **kwargs)

    @classmethod
    def get_default_workflow(cls):
        """Every version goes through the second-officer workflow: it is made the first time it
        is needed (and again if someone removes it in the admin)."""
        return super().get_default_workflow() or version_workflow()

    def with_content_json(self, content):
        """A revision restores what the officer edited (the notes), never the version's state:
        who submitted or approved it and whether it is published stay as they are now."""
        obj = super().with_content_json(content)
        for name in (
            "framework_id",
            "number",
            "status",
            "created_by_id",
            "submitted_by_id",
            "submitted_at",
            "approved_by_id",
            "published_at",
            "created_at",
        ):
            setattr(obj, name, getattr(self, name))
        return obj

    def publish(self, revision, user=None, **kwargs):
        """Wagtail publishes a revision when the workflow's last task is approved: that is the
        second officer's approval, so it goes through the one publishing rule."""
        from . import services

        return services.approve_version(actor=user, version=self, revision=revision)

    def unpublish(self, *args, **kwargs):
        raise FrozenVersionError(f"{self} is published and cannot be withdrawn.")

    def delete(self, *args, **kwargs):
        if self.status != self.Status.DRAFT:
            raise FrozenVersionError(f"{self} is not a draft and cannot be deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class SecondOfficerApprovalTask(Task):
    """The workflow task for a checklist version: an officer who may approve versions
    (``policies.approve_framework``), and is not the officer who submitted it, approves it or
    asks for changes (with a reason). Approval publishes the version (``FrameworkVersion.publish``
    calls ``services.approve_version``, which checks the same rule again)."""

    admin_form_fields = Task.admin_form_fields

    class Meta:
        verbose_name = "Second officer approval"
        verbose_name_plural = "Second officer approvals"

    def _may_decide(self, obj, user) -> bool:
        from . import services

        return services.may_approve_version(user, obj)

    def start(self, workflow_state, user=None):
        from . import services

        version = workflow_state.content_object
        if version.status == FrameworkVersion.Status.DRAFT:
            services.submit_version_for_approval(actor=user, version=version)
        return super().start(workflow_state, user=user)

    def user_can_access_editor(self, obj, user):
        return self._may_decide(obj, user)

    def locked_for_user(self, obj, user):
        # While it awaits approval nobody changes it except to decide on it.
        return not self._may_decide(obj, user)

    def user_can_lock(self, obj, user):
        return self._may_decide(obj, user)

    def get_actions(self, obj, user):
        if self._may_decide(obj, user):
            return [
                ("reject", "Send back to draft", True),
                ("approve", "Approve and publish", False),
            ]
        return []

    def get_form_for_action(self, action):
        if action == "reject":
            from .forms import SendBackForm

            return SendBackForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        from . import services

        if action_name == "reject":
            services.reject_version(
                actor=user,
                version=task_state.workflow_state.content_object,
                reason=kwargs.get("comment", ""),
            )
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from . import services

        if not services.can_approve_versions(user):
            return TaskState.objects.none()
        return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).exclude(
            workflow_state__requested_by=user
        )

    @classmethod
    def get_description(cls):
        return "An officer other than the one who submitted it approves the checklist version"


WORKFLOW_NAME = "Checklist version approval"


def version_workflow() -> Workflow:
    """The workflow checklist versions go through: one task, a second officer's approval."""
    task = SecondOfficerApprovalTask.objects.filter(active=True).first()
    if task is None:
        task = SecondOfficerApprovalTask.objects.create(name="Approval by a second officer")
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    content_type = ContentType.objects.get_for_model(FrameworkVersion, for_concrete_model=False)
    WorkflowContentType.objects.update_or_create(
        content_type=content_type, defaults={"workflow": workflow}
    )
    return workflow


def _require_draft(version_id: int, what: str) -> None:
    status = FrameworkVersion.objects.filter(pk=version_id).values_list("status", flat=True).first()
    if status is not None and status != FrameworkVersion.Status.DRAFT:
        raise FrozenVersionError(
            f"{what} belongs to a version that is not a draft; start a new version to change it."
        )


class Section(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(max_length=10, help_text="A short code, e.g. A.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="policies_section_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    def save(self, *args, **kwargs):
        _require_draft(self.version_id, f"Section {self.code}")
        if self.pk:
            old = type(self).objects.filter(pk=self.pk).values_list("version_id", flat=True).first()
            if old is not None and old != self.version_id:
                _require_draft(old, f"Section {self.code}")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _require_draft(self.version_id, f"Section {self.code}")
        return super().delete(*args, **kwargs)


class Item(models.Model):
    class Basis(models.TextChoices):
        STATUTORY = "statutory", "Statutory duty"
        GOOD_PRACTICE = "good_practice", "Good practice"

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(max_length=10, help_text="A short code, e.g. A1.")
    statement = models.TextField()
    guidance = models.TextField(blank=True)
    evidence_sought = models.TextField(blank=True, help_text="What a reviewer looks for.")
    basis = models.CharField(max_length=20, choices=Basis.choices)
    source = models.TextField(help_text="Where the item comes from (law, guidance, toolkit).")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["section__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="policies_item_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.statement[:60]}"

    def save(self, *args, **kwargs):
        _require_draft(self._version_id(), f"Item {self.code}")
        if self.pk:
            old = type(self).objects.filter(pk=self.pk).values_list("section_id", flat=True).first()
            if old is not None and old != self.section_id:
                _require_draft(self._version_id(old), f"Item {self.code}")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _require_draft(self._version_id(), f"Item {self.code}")
        return super().delete(*args, **kwargs)

    def _version_id(self, section_id=None) -> int | None:
        return (
            Section.objects.filter(pk=section_id or self.section_id)
            .values_list("version_id", flat=True)
            .first()
        )


class ItemResource(models.Model):
    """Something that helps a school meet one checklist item: guidance (a link or a document
    from Wagtail's document library), a case study, a training session. Not part of the
    checklist itself, so it can be added to a published item (the CPD module links its own
    later, through ``services.link_item_resource``); a new version copies its items' links."""

    class Kind(models.TextChoices):
        GUIDANCE = "guidance", "Guidance"
        CASE_STUDY = "case_study", "Case study"
        SESSION = "session", "Training session"
        OTHER = "other", "Other resource"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.GUIDANCE)
    title = models.CharField(max_length=200)
    url = models.URLField(blank=True, max_length=500, help_text="A web page, or leave blank.")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A document from the library, instead of a link.",
    )
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["order", "title", "id"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if bool(self.url) == bool(self.document_id):
            raise ValidationError(
                {"url": f"{self.title or 'A resource'}: give a link or a document (one of them)."}
            )

    @property
    def href(self) -> str:
        return self.document.url if self.document_id else self.url


# --- reviews ------------------------------------------------------------------------------


class PolicyKind(models.TextChoices):
    WHOLE_SCHOOL = "whole_school", "Whole-school review"
    BEHAVIOUR = "behaviour", "Behaviour"
    ANTI_BULLYING = "anti_bullying", "Anti-bullying"
    UNIFORM = "uniform", "Uniform and appearance"
    EXCLUSIONS = "exclusions", "Exclusions and suspensions"
    ADMISSIONS = "admissions", "Admissions"
    RECRUITMENT = "recruitment", "Recruitment and selection"
    CURRICULUM = "curriculum", "Curriculum and RSHE"
    COMPLAINTS = "complaints", "Complaints"
    EQUALITY = "equality", "Equality information and objectives"
    ATTENDANCE = "attendance", "Attendance"
    SAFEGUARDING = "safeguarding", "Safeguarding"


class Review(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Submitted"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"

    school = models.ForeignKey(
        "registry.School", on_delete=models.PROTECT, related_name="policy_reviews"
    )
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=20, choices=PolicyKind.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    round = models.PositiveIntegerField(default=1, help_text="Which submission this is.")
    next_review_on = models.DateField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Moves on with every change to the review's answers (services.save_answers): the cached
    # authority figures (selectors.gap_analysis, trends) are keyed on it, so a change shows
    # on the next page. A write to answers that bypasses the service must move it too.
    answers_version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-started_at", "-id"]
        permissions = [
            ("review_policy", "Can review schools' policy reviews"),
            ("assign_reviewer", "Can assign reviewers to schools' policy reviews"),
            # Granted only on one review (an object permission), to an invited colleague.
            ("contribute_to_review", "Can answer one school's policy review (invited)"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} review, {self.school.name}"

    @property
    def editable_by_school(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)

    def clean(self):
        if self.version_id and not self.version.is_published:
            raise ValidationError({"version": "A review is made against a published version."})


class ReviewUserObjectPermission(UserObjectPermissionBase):
    """The reviewer assigned to one review: ``policies.review_policy`` granted on it."""

    content_object = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="user_object_permissions"
    )


class ReviewInvitation(models.Model):
    """A school leader's invitation to a colleague (by e-mail) to help answer one review. The
    account with that address accepts it and is granted ``policies.contribute_to_review`` on
    that review only."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-invited_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "email"],
                condition=Q(accepted_at__isnull=True),
                name="policies_one_open_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.email}, {self.review}"


class Rating(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    DEVELOPING = "developing", "Developing"
    EMBEDDED = "embedded", "Embedded"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


GAP_RATINGS = (Rating.NOT_STARTED, Rating.DEVELOPING)


class Answer(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    not_applicable_reason = models.TextField(blank=True)
    evidence_text = models.TextField(
        blank=True, help_text="What shows this, with links to documents on the school's website."
    )
    # Checked on every save: a stale form is refused rather than overwriting a colleague.
    lock_version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item__section__order", "item__order", "item__code"]
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="policies_answer_once"),
            models.CheckConstraint(
                condition=~Q(rating="not_applicable") | ~Q(not_applicable_reason=""),
                name="policies_not_applicable_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.get_rating_display() or 'not answered'}"

    def clean(self):
        errors = {}
        if self.rating == Rating.NOT_APPLICABLE and not self.not_applicable_reason.strip():
            errors["not_applicable_reason"] = (
                f"{self.item.code}: say why this item does not apply to your school."
            )
        if errors:
            raise ValidationError(errors)


class AnswerRound(models.Model):
    """An answer as the school submitted it in one round, kept so rounds can be compared
    (the answer itself moves on as the school edits it)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="rounds")
    round = models.PositiveIntegerField()
    rating = models.CharField(max_length=20, choices=Rating.choices, blank=True)
    not_applicable_reason = models.TextField(blank=True)
    evidence_text = models.TextField(blank=True)
    documents = models.TextField(blank=True, help_text="The evidence file names, one a line.")
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "round"], name="policies_answer_round_once")
        ]

    def __str__(self) -> str:
        return f"{self.answer_id} round {self.round}"


def evidence_path(instance, filename: str) -> str:
    return f"policies/evidence/{instance.answer.review_id}/{filename}"


class Evidence(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=evidence_path, storage=private_storage, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.original_name


class ReviewComment(models.Model):
    """A reviewer's comment on an item (or the whole review), or the school's reply."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    round = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_reviewer = models.BooleanField(default=True)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="actions")
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    description = models.TextField()
    owner = models.CharField(max_length=200, help_text="Who will do it (a role or a name).")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description[:60]


class EqualityPublication(models.Model):
    """When a school last published its equality information or objectives (the PSED specific
    duties: information every year, objectives at least every four years)."""

    class Kind(models.TextChoices):
        INFORMATION = "information", "Equality information"
        OBJECTIVES = "objectives", "Equality objectives"

    school = models.ForeignKey(
        "registry.School", on_delete=models.CASCADE, related_name="equality_publications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    published_on = models.DateField()
    url = models.URLField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.school.name}, {self.published_on}"


# --- termly racist incident returns (optional, per authority) ------------------------------


class AuthorityPolicySettings(models.Model):
    """Per council: whether its schools make termly returns of racist incident counts (good
    practice, not a statutory duty since 2012; reference §0.2, §1.6)."""

    authority = models.OneToOneField(
        "registry.Authority", on_delete=models.CASCADE, related_name="policy_settings"
    )
    collect_incident_returns = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "authority policy settings"

    def __str__(self) -> str:
        return f"Policy settings, {self.authority}"


class IncidentType(models.TextChoices):
    # After the Torbay recording form's tick list (reference §1.6), in our own words.
    VERBAL = "verbal", "Verbal abuse, threats, name-calling or racist jokes"
    PHYSICAL = "physical", "Physical attack or intimidation"
    ONLINE = "online", "Online, by text or on social media"
    WRITTEN = "written", "Graffiti, written remarks, badges or racist material"
    DISCUSSION = "discussion", "Racist comments in lessons or discussions"
    NON_COOPERATION = "non_cooperation", "Refusal to co-operate, ridicule of a culture"
    OTHER = "other", "Other"


class Term(models.TextChoices):
    AUTUMN = "autumn", "Autumn"
    SPRING = "spring", "Spring"
    SUMMER = "summer", "Summer"


class IncidentReturn(models.Model):
    """One school's counts for one term: numbers only, never a case, a pupil or a name. A
    nil return says there were none."""

    school = models.ForeignKey(
        "registry.School", on_delete=models.PROTECT, related_name="incident_returns"
    )
    academic_year = models.PositiveIntegerField(help_text="The year it starts, e.g. 2026.")
    term = models.CharField(max_length=10, choices=Term.choices)
    nil_return = models.BooleanField(default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-academic_year", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "term"], name="policies_incident_return_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.school.name}, {self.get_term_display()} {self.academic_year}"


class IncidentCount(models.Model):
    incident_return = models.ForeignKey(
        IncidentReturn, on_delete=models.CASCADE, related_name="counts"
    )
    type = models.CharField(max_length=20, choices=IncidentType.choices)
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["incident_return", "type"], name="policies_incident_count_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.count}"
