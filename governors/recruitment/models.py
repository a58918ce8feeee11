"""Outreach campaigns, published vacancies and applications to be a governor.

Rules live here (``clean()`` and constraints) and in services.py; docs/modules/
governor-recruitment.md lists each with its source. The board is reached only by its key
(``governors.Board``); everything else about boards comes from governors' services/selectors.

Equality monitoring answers are never stored here: an applicant's answers are an
``equality.EqualityProfile`` (purpose "governor_application") found by its subject reference,
so nothing a decider reads (these models, their admin, their pages) can reach them.
"""

import hashlib
import secrets
import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q


class PartnerType(models.TextChoices):
    COMMUNITY = "community", "Community organisation"
    EMPLOYER = "employer", "Employer"
    FAITH = "faith", "Faith group"
    UNIVERSITY = "university", "University or college"
    MEDIA = "media", "Local media"


class Channel(models.TextChoices):
    EVENT = "event", "Event or talk"
    SOCIAL = "social", "Social media"
    EMAIL = "email", "E-mail or newsletter"
    PRINT = "print", "Print, poster or leaflet"
    RADIO = "radio", "Radio or television"
    WORD_OF_MOUTH = "word_of_mouth", "Word of mouth"


class Stage(models.TextChoices):
    APPLIED = "applied", "Applied"
    SCREENED = "screened", "Screened"
    INTERVIEWED = "interviewed", "Interviewed"
    NOMINATED = "nominated", "Nominated"
    APPOINTED = "appointed", "Appointed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    DECLINED = "declined", "Not appointed"


# The pipeline runs forward one step at a time; withdrawn (by the applicant) and declined
# (by the board) may end it at any open stage. Appointed, withdrawn and declined are final.
FORWARD = {
    Stage.APPLIED: Stage.SCREENED,
    Stage.SCREENED: Stage.INTERVIEWED,
    Stage.INTERVIEWED: Stage.NOMINATED,
    Stage.NOMINATED: Stage.APPOINTED,
}
PIPELINE = (*FORWARD, Stage.APPOINTED)
FINAL_STAGES = (Stage.APPOINTED, Stage.WITHDRAWN, Stage.DECLINED)
ENDING_STAGES = (Stage.WITHDRAWN, Stage.DECLINED)


class MeetingTime(models.TextChoices):
    MORNING = "weekday_morning", "Weekday mornings"
    AFTERNOON = "weekday_afternoon", "Weekday afternoons"
    EVENING = "weekday_evening", "Weekday evenings"


# The applicant's own eligibility answers, used by the matcher to leave out categories they
# cannot fill (Constitution Regulations 2012 Sch. 4 para 2; reg 8; parents and staff elected
# from their own). Governors' own Schedule 4 questions are asked again at appointment.
APPLICANT_ELIGIBILITY = {
    "aged_18_or_over": "Are you aged 18 or over?",
    "parent_of_pupil": "Are you the parent or carer of a pupil at a school you are applying to?",
    "works_in_school": "Are you paid to work at a school you are applying to?",
}

PHASES = ("Nursery", "Primary", "Middle", "Secondary", "All-through", "16 plus", "Special")


def new_code() -> str:
    return secrets.token_hex(3).upper()


class Campaign(models.Model):
    """One outreach campaign run with a partner; applicants arriving by its link or code are
    attributed to it."""

    name = models.CharField(max_length=200)
    partner_name = models.CharField("partner", max_length=200, blank=True)
    partner_type = models.CharField(max_length=20, choices=PartnerType.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    target_areas = models.JSONField(default=list, blank=True, help_text="Area names.")
    target_phases = models.JSONField(default=list, blank=True, help_text="School phases.")
    code = models.SlugField(
        max_length=20,
        unique=True,
        default=new_code,
        help_text="The short code in the campaign's link (/governors/recruitment/c/CODE/).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "name"]
        default_permissions = ("add", "change", "view")
        permissions = [("view_recruitment_report", "Can see the campaign effectiveness report")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="governor_recruitment_campaign_ends_after_start",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "A campaign cannot end before it starts."})
        if self.code:
            self.code = self.code.upper()
        for name in ("target_areas", "target_phases"):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValidationError({name: "Give a list of names."})

    @property
    def link(self) -> str:
        return f"/governors/recruitment/c/{self.code}/"


class HeardAboutOption(models.Model):
    """The council's list of answers to "where did you hear about this role?" (plus "other",
    which is free text on the application)."""

    label = models.CharField(max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "label"]
        default_permissions = ("add", "change", "view")
        verbose_name = "'where did you hear' answer"

    def __str__(self):
        return self.label


class VacancyListing(models.Model):
    """A vacancy (derived by governors.selectors from seats minus serving terms) that a clerk
    or officer has chosen to publish, with what the public listing says."""

    board = models.ForeignKey(
        "governors.Board", on_delete=models.PROTECT, related_name="recruitment_listings"
    )
    category = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    description = models.TextField()
    skills_sought = models.JSONField(default=list, blank=True)
    meeting_times = models.JSONField(
        default=list, blank=True, help_text="When the board meets (MeetingTime codes)."
    )
    closes_on = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "pk"]
        default_permissions = ("add", "change", "view")
        indexes = [models.Index(fields=["closed_at", "category"])]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Application(models.Model):
    """One person's application: for a published vacancy, or (``listing`` empty) a general
    "register your interest" in being a governor."""

    listing = models.ForeignKey(
        VacancyListing,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    reference = models.CharField(max_length=12, unique=True, editable=False)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField()
    telephone = models.CharField(max_length=40, blank=True)
    skills = models.JSONField(default=list, blank=True)
    experience = models.TextField(blank=True)
    availability = models.TextField(blank=True)
    available_times = models.JSONField(default=list, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    eligibility = models.JSONField(default=dict, blank=True)
    preferred_areas = models.JSONField(default=list, blank=True)
    preferred_phases = models.JSONField(default=list, blank=True)
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    heard_about = models.ForeignKey(
        HeardAboutOption,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    heard_about_other = models.CharField(max_length=200, blank=True)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.APPLIED)
    stage_changed_on = models.DateField()
    applied_on = models.DateField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="governor_applications",
    )
    term = models.ForeignKey(
        "governors.Term",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The term of office that appointing this application created.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-applied_on", "-pk"]
        default_permissions = ("change", "view")
        indexes = [models.Index(fields=["stage", "applied_on"])]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(heard_about__isnull=False) & ~Q(heard_about_other="")),
                name="governor_recruitment_heard_one_answer",
            )
        ]

    def __str__(self):
        return f"{self.reference}: {self.first_name} {self.last_name}"

    @property
    def subject_reference(self) -> str:
        """How the applicant's equality profile (if any) names this application."""
        return f"governor-application:{self.reference}"

    @property
    def is_open(self) -> bool:
        return self.stage not in FINAL_STAGES

    # For exports: an application may have no vacancy (registered interest) or no campaign.
    @property
    def listing_title(self) -> str:
        return self.listing.title if self.listing_id else "Registered interest"

    @property
    def campaign_name(self) -> str:
        return self.campaign.name if self.campaign_id else ""

    def clean(self):
        if self.heard_about_id and self.heard_about_other.strip():
            raise ValidationError(
                {"heard_about_other": "Choose an answer from the list or write your own, not both."}
            )


class StageChange(models.Model):
    """Who moved an application from one stage to another, when, and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="moves")
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    moved_on = models.DateField()
    moved_at = models.DateTimeField(auto_now_add=True)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["moved_at", "pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.application_id}: {self.from_stage} → {self.to_stage}"


def token_digest(token: str) -> str:
    """Links carry a random token; only its digest is stored, so a database copy opens nothing."""
    return hashlib.sha256((token or "").encode()).hexdigest()


class LinkPurpose(models.TextChoices):
    RESUME = "resume", "Return to a saved application"
    SIGN_IN = "sign_in", "Sign in to see your applications"
    MONITORING = "monitoring", "A serving governor's invitation to give monitoring answers"


class ApplicantLink(models.Model):
    """A link e-mailed to an applicant: to come back to a saved application (``draft`` holds
    the form's answers, never equality monitoring answers), or to sign in to their account;
    or to a serving governor, inviting their optional equality monitoring answers."""

    purpose = models.CharField(max_length=20, choices=LinkPurpose.choices)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    listing = models.ForeignKey(
        VacancyListing, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    governor = models.ForeignKey(
        "governors.Governor",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The serving governor an invitation to give monitoring answers is for.",
    )
    draft = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        default_permissions = ()
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self):
        return f"{self.get_purpose_display()} for {self.email}"


# What a council's own e-mail text may name; each is filled in from the application.
EMAIL_PLACEHOLDERS = {
    "first_name": "the applicant's first name",
    "reference": "the application's reference",
    "role": "the vacancy's title, or 'school governor' for a registered interest",
    "stage": "the stage the application moved to",
}
MOVE_STAGES = [(value, label) for value, label in Stage.choices if value != Stage.APPLIED]


def unknown_placeholders(text: str) -> list[str]:
    """Names in {braces} that are not EMAIL_PLACEHOLDERS (or a malformed brace), in order."""
    try:
        names = [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name]
    except ValueError:
        return ["{"]
    return [name for name in names if name not in EMAIL_PLACEHOLDERS]


class StageEmail(models.Model):
    """The council's own wording of the e-mail an applicant gets when their application moves
    to a stage (officers edit it in Wagtail); without one, the module's own text is sent."""

    stage = models.CharField(max_length=20, choices=MOVE_STAGES, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField(
        help_text="Plain text. You may use {first_name}, {reference}, {role} and {stage}."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["stage"]
        default_permissions = ("add", "change", "view")
        verbose_name = "applicant e-mail"

    def __str__(self):
        return f"E-mail when {self.get_stage_display().lower()}"

    def clean(self):
        errors = {}
        for name in ("subject", "body"):
            unknown = unknown_placeholders(getattr(self, name) or "")
            if unknown:
                allowed = ", ".join("{" + p + "}" for p in EMAIL_PLACEHOLDERS)
                errors[name] = (
                    f"Only these can go in braces: {allowed}. Remove or correct “{unknown[0]}”."
                )
        if errors:
            raise ValidationError(errors)

    def render(self, values: dict) -> tuple[str, str]:
        """(subject, body) with the placeholders filled in."""
        return self.subject.format_map(values), self.body.format_map(values)
