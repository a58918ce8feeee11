"""Every write of governor recruitment: keyword-only ``actor``, a permission check, one
transaction, one ``core.audit.record``. E-mails go out through ``core.notifications.notify``
(after commit). The board is reached only through ``governors.services``/``selectors``.

Who may write:
- a council officer (``governor_recruitment.change_campaign``) runs campaigns and may publish
  and move for every board;
- whoever may manage a board (``governors.services.can_manage_board``: its clerk, chair and
  school leaders, and officers) may publish its vacancies and move applications for them;
- anyone, signed in or not, may apply.

Equality monitoring answers go to ``equality.services.record_profile`` and nowhere else; no
decision here reads them (DPA 2018 Sch. 1 para 8(3)).
"""

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from governors import selectors as board_selectors
from governors import services as board_services
from schools_platform.core import audit
from schools_platform.core.notifications import notify
from schools_platform.equality import services as equality_services
from schools_platform.equality.selectors import profiles_for_person, reportable_profiles
from schools_platform.registry.models import School
from schools_platform.representation.services import record_membership, replace_memberships

from .models import (
    ENDING_STAGES,
    FINAL_STAGES,
    FORWARD,
    PIPELINE,
    ApplicantLink,
    Application,
    Campaign,
    HeardAboutOption,
    LinkPurpose,
    MeetingTime,
    Stage,
    StageChange,
    StageEmail,
    VacancyListing,
    token_digest,
)

OFFICER_PERMISSION = "governor_recruitment.change_campaign"
REPORT_PERMISSION = "governor_recruitment.view_recruitment_report"
GROUP = "governors"  # the representation group every report reads
PURPOSE = "governor_application"
MOVE_KIND = "governor_recruitment.stage"


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_officer(user) -> bool:
    return _active(user) and user.has_perm(OFFICER_PERMISSION)


def can_manage_listing(user, listing: VacancyListing) -> bool:
    return is_officer(user) or board_services.can_manage_board(user, listing.board)


def can_move(user, application: Application) -> bool:
    """An officer moves any application; a board's managers those for its own vacancies.
    General "register your interest" applications are the officers'."""
    if is_officer(user):
        return True
    return application.listing_id is not None and can_manage_listing(user, application.listing)


def record_export(*, actor, report: str, fmt: str, year: int | None) -> None:
    """Each download of a recruitment report is audited (published figures only)."""
    audit.record(
        actor=actor,
        verb="governor_recruitment.report.exported",
        report=report,
        format=fmt,
        year=year,
    )


# --- campaigns ------------------------------------------------------------------------------


@transaction.atomic
def create_campaign(*, actor, **fields) -> Campaign:
    if not is_officer(actor):
        raise PermissionDenied("Only council officers run recruitment campaigns.")
    campaign = Campaign(**fields)
    campaign.full_clean()
    campaign.save()
    audit.record(actor=actor, verb="governor_recruitment.campaign.created", target=campaign)
    return campaign


CAMPAIGN_FIELDS = (
    "name",
    "partner_name",
    "partner_type",
    "channel",
    "starts_on",
    "ends_on",
    "target_areas",
    "target_phases",
    "code",
)


@transaction.atomic
def update_campaign(*, actor, campaign: Campaign, **changes) -> Campaign:
    if not is_officer(actor):
        raise PermissionDenied("Only council officers run recruitment campaigns.")
    unknown = set(changes) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise ValidationError({"__all__": f"Unknown field(s): {', '.join(sorted(unknown))}"})
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    for name, value in changes.items():
        setattr(campaign, name, value)
    campaign.full_clean()
    campaign.save()
    audit.record(
        actor=actor,
        verb="governor_recruitment.campaign.changed",
        target=campaign,
        fields=sorted(changes),
    )
    return campaign


@transaction.atomic
def save_heard_about_option(*, actor, option: HeardAboutOption) -> HeardAboutOption:
    """Add or change an answer on the council's "where did you hear" list."""
    if not is_officer(actor):
        raise PermissionDenied("Only council officers keep the 'where did you hear' list.")
    created = option.pk is None
    option.full_clean()
    option.save()
    audit.record(
        actor=actor,
        verb="governor_recruitment.heard_about." + ("added" if created else "changed"),
        target=option,
    )
    return option


def campaign_for_code(code: str) -> Campaign | None:
    return Campaign.objects.filter(code=(code or "").strip().upper()).first()


# --- publishing a vacancy -------------------------------------------------------------------


@transaction.atomic
def publish_vacancy(
    *,
    actor,
    board,
    category: str,
    title: str,
    description: str,
    skills_sought: list[str] | None = None,
    closes_on: datetime.date | None = None,
    meeting_times: list[str] | None = None,
) -> VacancyListing:
    """Publish one of the board's derived vacancies: the category must have a vacant seat
    today (governors.selectors.make_up), and not already be published more times than it
    has vacant seats."""
    if not (is_officer(actor) or board_services.can_manage_board(actor, board)):
        raise PermissionDenied("You cannot publish this board's vacancies.")
    errors = _listing_text_errors(title, description, closes_on, meeting_times)
    make_up = board_selectors.make_up(board)
    line = next((line for line in make_up.lines if line.category == category), None)
    published = VacancyListing.objects.filter(
        board=board, category=category, closed_at__isnull=True
    ).count()
    if line is None or line.vacant <= published:
        errors["category"] = "This board has no unpublished vacancy in that category"
    if errors:
        raise ValidationError(errors)
    listing = VacancyListing(
        board=board,
        category=category,
        title=title.strip(),
        description=description.strip(),
        skills_sought=_skills(skills_sought),
        meeting_times=list(meeting_times or []),
        closes_on=closes_on,
        published_by=actor,
    )
    listing.full_clean()
    listing.save()
    audit.record(
        actor=actor,
        verb="governor_recruitment.vacancy.published",
        target=listing,
        board=board.pk,
        category=category,
    )
    return listing


def _skills(skills: list[str] | None) -> list[str]:
    return [s.strip() for s in (skills or []) if s.strip()]


def _listing_text_errors(title, description, closes_on, meeting_times) -> dict:
    """What the public listing says: the checks shared by publishing and changing it."""
    errors = {}
    if not (title or "").strip():
        errors["title"] = "Enter a title for the vacancy"
    if not (description or "").strip():
        errors["description"] = "Enter a description of the role"
    if closes_on is not None and closes_on < timezone.localdate():
        errors["closes_on"] = "The closing date must be today or in the future"
    unknown = sorted(set(meeting_times or []) - set(MeetingTime.values))
    if unknown:
        errors["meeting_times"] = f"Unknown meeting time(s): {', '.join(unknown)}"
    return errors


LISTING_TEXT_FIELDS = ("title", "description", "skills_sought", "closes_on", "meeting_times")


@transaction.atomic
def update_listing(*, actor, listing: VacancyListing, **changes) -> VacancyListing:
    """Change what an open listing says (its board and category stay: a different seat is
    another listing). Audited with the names of the fields changed."""
    if not can_manage_listing(actor, listing):
        raise PermissionDenied("You cannot change this listing.")
    unknown = set(changes) - set(LISTING_TEXT_FIELDS)
    if unknown:
        raise ValidationError({"__all__": f"Unknown field(s): {', '.join(sorted(unknown))}"})
    listing = VacancyListing.objects.select_for_update().get(pk=listing.pk)
    if not listing.is_open:
        raise ValidationError({"__all__": "This vacancy is closed and can no longer be changed"})
    values = {name: getattr(listing, name) for name in LISTING_TEXT_FIELDS}
    values.update(changes)
    errors = _listing_text_errors(
        values["title"], values["description"], values["closes_on"], values["meeting_times"]
    )
    if "closes_on" not in changes and "closes_on" in errors:
        del errors["closes_on"]  # an unchanged date that has since passed is not the editor's
    if errors:
        raise ValidationError(errors)
    changed = sorted(name for name in changes if getattr(listing, name) != values[name])
    listing.title = values["title"].strip()
    listing.description = values["description"].strip()
    listing.skills_sought = _skills(values["skills_sought"])
    listing.meeting_times = list(values["meeting_times"] or [])
    listing.closes_on = values["closes_on"]
    listing.full_clean()
    listing.save(update_fields=list(LISTING_TEXT_FIELDS))
    audit.record(
        actor=actor, verb="governor_recruitment.vacancy.changed", target=listing, fields=changed
    )
    return listing


@transaction.atomic
def close_listing(*, actor, listing: VacancyListing) -> VacancyListing:
    if not can_manage_listing(actor, listing):
        raise PermissionDenied("You cannot close this listing.")
    listing = VacancyListing.objects.select_for_update().get(pk=listing.pk)
    if listing.closed_at is None:
        listing.closed_at = timezone.now()
        listing.save(update_fields=["closed_at"])
        audit.record(actor=actor, verb="governor_recruitment.vacancy.closed", target=listing)
    return listing


# --- applying -------------------------------------------------------------------------------


def _first_school(listing: VacancyListing | None):
    if listing is None:
        return None
    ids = board_services.current_school_ids(listing.board)
    if not ids:
        return None
    return School.objects.filter(pk=min(ids)).first()


def _new_reference() -> str:
    while True:
        reference = "GA-" + secrets.token_hex(4).upper()
        if not Application.objects.filter(reference=reference).exists():
            return reference


@transaction.atomic
def apply(
    *,
    actor,
    listing: VacancyListing | None,
    details: dict,
    campaign: Campaign | None = None,
    heard_about: HeardAboutOption | None = None,
    heard_about_other: str = "",
    monitoring: dict | None = None,
    today: datetime.date | None = None,
    resumed: ApplicantLink | None = None,
) -> Application:
    """Record an application (``listing`` None: register your interest).

    ``monitoring`` is ``EqualityMonitoringForm.service_kwargs()`` when the applicant chose to
    answer; it is stored only by the equality services, under its own consent. An applicant
    who came by a campaign's link is attributed to it and not asked where they heard."""
    today = today or timezone.localdate()
    if listing is not None:
        listing = VacancyListing.objects.select_related("board").get(pk=listing.pk)
        if not listing.is_open or (listing.closes_on and listing.closes_on < today):
            raise ValidationError({"listing": "This vacancy is no longer open to applications"})
    heard_about_other = (heard_about_other or "").strip()
    if campaign is None and heard_about is None and not heard_about_other:
        raise ValidationError({"heard_about": "Tell us where you heard about the role"})
    if campaign is not None:
        heard_about, heard_about_other = None, ""
    allowed = {
        "first_name",
        "last_name",
        "email",
        "telephone",
        "skills",
        "experience",
        "availability",
        "preferred_areas",
        "preferred_phases",
        "available_times",
        "postcode",
        "eligibility",
    }
    unknown = set(details) - allowed
    if unknown:
        raise ValidationError({"details": f"Unknown field(s): {', '.join(sorted(unknown))}"})
    application = Application(
        listing=listing,
        reference=_new_reference(),
        campaign=campaign,
        heard_about=heard_about,
        heard_about_other=heard_about_other,
        stage=Stage.APPLIED,
        stage_changed_on=today,
        applied_on=today,
        user=actor if _active(actor) else applicant_account(details.get("email", "")),
        **details,
    )
    application.full_clean()
    application.save()
    profile = None
    if monitoring:
        profile = equality_services.record_profile(
            actor=actor,
            purpose=PURPOSE,
            user=None,
            school=None,
            subject_reference=application.subject_reference,
            **monitoring,
        )
        equality_services.set_outcome(
            actor=actor, profile=profile, outcome="pending", decided_on=None
        )
    record_membership(
        actor=actor,
        group=GROUP,
        stage="applied",
        year=today.year,
        school=_first_school(listing),
        profile=profile,
    )
    if resumed is not None:
        ApplicantLink.objects.filter(pk=resumed.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
    audit.record(
        actor=actor,
        verb="governor_recruitment.application.made",
        target=application,
        listing=listing.pk if listing else None,
        campaign=campaign.pk if campaign else None,
        monitoring_given=profile is not None,
    )
    return application


# --- moving through the pipeline --------------------------------------------------------------


def _profile_for(application: Application):
    """The applicant's live profile, for outcome and membership links only: its answers are
    never read here."""
    return (
        reportable_profiles()
        .filter(purpose=PURPOSE, subject_reference=application.subject_reference)
        .only("pk")
        .first()
    )


def next_stages(application: Application) -> list[str]:
    """The stages ``check_move`` lets the application go to next, in order."""
    if application.stage in FINAL_STAGES:
        return []
    return [FORWARD[application.stage], *ENDING_STAGES]


def check_move(application: Application, to_stage: str) -> None:
    """The pipeline's rule: forward one stage at a time, or end (withdrawn/declined) at any
    open stage; nothing leaves a final stage."""
    if to_stage not in Stage.values:
        raise ValidationError({"stage": f"“{to_stage}” is not a stage"})
    current = application.stage
    if current in FINAL_STAGES:
        raise ValidationError(
            {"stage": f"This application is already {Stage(current).label.lower()}"}
        )
    if to_stage in ENDING_STAGES or FORWARD.get(current) == to_stage:
        return
    order = list(PIPELINE)
    if to_stage in order and order.index(to_stage) <= order.index(current):
        raise ValidationError(
            {"stage": f"An application cannot go back to {Stage(to_stage).label.lower()}"}
        )
    raise ValidationError(
        {
            "stage": f"An application that is {Stage(current).label.lower()} moves next to "
            f"{Stage(FORWARD[current]).label.lower()}; stages cannot be skipped"
        }
    )


@transaction.atomic
def move_stage(
    *,
    actor,
    application: Application,
    to_stage: str,
    note: str = "",
    on: datetime.date | None = None,
    appointment: dict | None = None,
) -> Application:
    """Move an application one stage, recording who, when and why, and e-mail the applicant
    after commit.

    Appointing needs ``appointment`` (``appointing_body``, ``starts_on``, ``ends_on``,
    ``eligibility`` answers, ``is_school_staff``): it creates the term of office through
    ``governors.services.appoint_governor`` in this same transaction, so the board's seat
    rules apply and the vacancy is filled (or nothing is written); it records the
    appointment in the representation group and closes the listing."""
    on = on or timezone.localdate()
    application = (
        # of=("self",): the listing is a nullable join, which PostgreSQL cannot lock.
        Application.objects.select_for_update(of=("self",))
        .select_related("listing__board")
        .get(pk=application.pk)
    )
    withdrawing_self = (
        to_stage == Stage.WITHDRAWN
        and _active(actor)
        and application.user_id is not None
        and application.user_id == actor.pk
    )
    if not (withdrawing_self or can_move(actor, application)):
        raise PermissionDenied("You cannot move this application.")
    if on > timezone.localdate():
        raise ValidationError({"on": "The date of a move cannot be in the future"})
    if on < application.stage_changed_on:
        raise ValidationError({"on": "The date of a move cannot be before the last move"})
    check_move(application, to_stage)
    term = None
    if to_stage == Stage.APPOINTED:
        term = _appoint(actor, application, appointment)
    from_stage = application.stage
    application.stage = to_stage
    application.stage_changed_on = on
    application.term = term
    application.save(update_fields=["stage", "stage_changed_on", "term"])
    StageChange.objects.create(
        application=application,
        from_stage=from_stage,
        to_stage=to_stage,
        moved_on=on,
        moved_by=actor if _active(actor) else None,
        note=(note or "").strip(),
    )
    profile = _profile_for(application)
    if to_stage in FINAL_STAGES and profile is not None:
        equality_services.set_outcome(
            actor=actor,
            profile=profile,
            outcome="successful" if to_stage == Stage.APPOINTED else "unsuccessful",
            decided_on=on,
        )
    if to_stage == Stage.APPOINTED:
        record_membership(
            actor=actor,
            group=GROUP,
            stage="appointed",
            year=on.year,
            school=_first_school(application.listing),
            profile=profile,
        )
        if application.listing is not None and application.listing.is_open:
            close_listing(actor=actor, listing=application.listing)
    template, context = _stage_email(application, to_stage)
    notify(
        to_email=application.email,
        kind=MOVE_KIND,
        template=template,
        reason=f"Your governor application {application.reference} is now "
        f"{Stage(to_stage).label.lower()}.",
        context=context,
        dedupe_key=f"{MOVE_KIND}:{application.pk}:{to_stage}",
    )
    audit.record(
        actor=actor,
        verb="governor_recruitment.application.moved",
        target=application,
        from_stage=from_stage,
        to_stage=to_stage,
        on=on.isoformat(),
        term=term.pk if term else None,
    )
    return application


def _stage_email(application: Application, to_stage: str) -> tuple[str, dict]:
    """The council's own text for this stage (StageEmail) when it has written one, else the
    module's: (template, context) for notify."""
    context = {"application": application, "stage": Stage(to_stage).label}
    text = StageEmail.objects.filter(stage=to_stage).first()
    if text is None:
        return "governor_recruitment/email/stage", context
    subject, body = text.render(
        {
            "first_name": application.first_name,
            "reference": application.reference,
            "role": application.listing.title if application.listing else "school governor",
            "stage": Stage(to_stage).label.lower(),
        }
    )
    return "governor_recruitment/email/council_text", {"subject": subject, "body": body}


@transaction.atomic
def save_stage_email(*, actor, email: StageEmail) -> StageEmail:
    """Add or change the council's e-mail text for a stage (officers only; audited)."""
    if not is_officer(actor):
        raise PermissionDenied("Only council officers write the applicants' e-mails.")
    created = email.pk is None
    email.full_clean()
    email.save()
    audit.record(
        actor=actor,
        verb="governor_recruitment.stage_email." + ("added" if created else "changed"),
        target=email,
        stage=email.stage,
    )
    return email


APPOINTMENT_FIELDS = ("appointing_body", "starts_on", "ends_on", "eligibility", "is_school_staff")


def _appoint(actor, application: Application, appointment: dict | None):
    """The term of office for an appointed applicant, on the listing's board and category."""
    if application.listing is None:
        raise ValidationError(
            {
                "stage": "A registered interest is not for a seat: publish the vacancy and "
                "ask the applicant to apply for it before appointing"
            }
        )
    if not appointment:
        raise ValidationError({"appointment": "Give the details of the term of office"})
    unknown = set(appointment) - set(APPOINTMENT_FIELDS)
    if unknown:
        raise ValidationError({"appointment": f"Unknown field(s): {', '.join(sorted(unknown))}"})
    for name in ("appointing_body", "starts_on"):
        if not appointment.get(name):
            raise ValidationError({name: "This is needed to record the term of office"})
    return board_services.appoint_governor(
        actor=actor,
        board=application.listing.board,
        category=application.listing.category,
        appointing_body=appointment["appointing_body"],
        starts_on=appointment["starts_on"],
        # Left blank, the term runs the full length the board's instrument sets.
        ends_on=appointment.get("ends_on")
        or board_selectors.term_end_under_instrument(
            application.listing.board, application.listing.category, appointment["starts_on"]
        ),
        eligibility=appointment.get("eligibility") or {},
        is_school_staff=bool(appointment.get("is_school_staff")),
        person={
            "first_name": application.first_name,
            "last_name": application.last_name,
            "email": application.email,
            "telephone": application.telephone,
        },
    )


# --- applicant accounts, save and return ------------------------------------------------------

RESUME_DAYS = 28
SIGN_IN_HOURS = 1
LINK_KIND = "governor_recruitment.link"


def is_applicant_account(user) -> bool:
    """An account made for an applicant: no password, no staff or admin rights. Only these
    may sign in by an e-mailed link (a staff account keeps its password and its checks)."""
    return bool(
        user is not None
        and user.is_active
        and not user.has_usable_password()
        and not user.is_staff
        and not user.is_superuser
    )


def applicant_account(email: str):
    """The applicant's account for this address, reused or created (no password: they sign
    in by a link e-mailed to that address, which proves it is theirs)."""
    email = (email or "").strip()
    if not email:
        return None
    users = get_user_model().objects.filter(email__iexact=email).order_by("pk")
    existing = next((u for u in users if is_applicant_account(u)), None)
    if existing is not None:
        return existing
    user = get_user_model()(
        username=f"applicant-{token_digest(email.lower())[:24]}", email=email.lower()
    )
    user.set_unusable_password()
    user.save()
    return user


def _new_link(*, purpose, email, expires_at, **fields) -> tuple[ApplicantLink, str]:
    token = secrets.token_urlsafe(32)
    link = ApplicantLink.objects.create(
        purpose=purpose, digest=token_digest(token), email=email, expires_at=expires_at, **fields
    )
    return link, token


@transaction.atomic
def save_for_later(
    *, actor, email: str, listing: VacancyListing | None, campaign, draft: dict
) -> ApplicantLink:
    """Keep an unfinished application and e-mail a link back to it. ``draft`` is the form's
    own answers; equality monitoring answers are never kept in a draft."""
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": "Enter your email address so we can send you a link back to this form"}
        ) from None
    draft = {k: v for k, v in (draft or {}).items() if not k.startswith("equality")}
    link, token = _new_link(
        purpose=LinkPurpose.RESUME,
        email=email,
        expires_at=timezone.now() + datetime.timedelta(days=RESUME_DAYS),
        listing=listing,
        campaign=campaign,
        draft=draft,
    )
    notify(
        to_email=email,
        kind=LINK_KIND,
        template="governor_recruitment/email/resume",
        reason="You asked for a link back to your governor application.",
        context={"path": f"/governors/recruitment/resume/{token}/", "days": RESUME_DAYS},
        dedupe_key=f"{LINK_KIND}:resume:{link.pk}",
    )
    audit.record(actor=actor, verb="governor_recruitment.application.saved", target=link)
    return link


def _live_link(token: str, purpose: str) -> ApplicantLink | None:
    return (
        ApplicantLink.objects.filter(
            digest=token_digest(token),
            purpose=purpose,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("listing", "campaign", "user")
        .first()
    )


def resume_link(token: str) -> ApplicantLink | None:
    """The saved application a link leads back to, if it is unused and not expired."""
    return _live_link(token, LinkPurpose.RESUME)


@transaction.atomic
def send_sign_in_link(*, email: str) -> None:
    """E-mail a one-hour sign-in link to the applicant account with this address, if there
    is one. The answer is the same either way, so nobody learns who has applied."""
    email = (email or "").strip()
    users = get_user_model().objects.filter(email__iexact=email).order_by("pk") if email else []
    user = next((u for u in users if is_applicant_account(u)), None)
    if user is None:
        return
    link, token = _new_link(
        purpose=LinkPurpose.SIGN_IN,
        email=user.email,
        user=user,
        expires_at=timezone.now() + datetime.timedelta(hours=SIGN_IN_HOURS),
    )
    notify(
        recipient=user,
        kind=LINK_KIND,
        template="governor_recruitment/email/sign_in",
        reason="You asked to see your governor applications.",
        context={"path": f"/governors/recruitment/sign-in/{token}/", "hours": SIGN_IN_HOURS},
        dedupe_key=f"{LINK_KIND}:sign-in:{link.pk}",
    )
    audit.record(actor=user, verb="governor_recruitment.sign_in_link.sent", target=link)


@transaction.atomic
def use_sign_in_link(token: str):
    """The applicant account a sign-in link is for (the link is then used up), or None."""
    link = _live_link(token, LinkPurpose.SIGN_IN)
    if link is None or not is_applicant_account(link.user):
        return None
    updated = ApplicantLink.objects.filter(pk=link.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not updated:
        return None
    audit.record(actor=link.user, verb="governor_recruitment.signed_in_by_link", target=link)
    return link.user


# --- serving governors' own monitoring answers, and the board make-up ------------------------

SERVING_PURPOSE = "serving_governor"
SERVING_GROUP = "serving_governors"  # the representation group of everyone serving in a year
INVITE_DAYS = 28
MONITORING_KIND = "governor_recruitment.monitoring"


def serving_subject_reference(governor_id: int) -> str:
    """How a serving governor's equality profile names them (never read by a decision)."""
    return f"serving-governor:{governor_id}"


@transaction.atomic
def invite_serving_governors(*, actor, board) -> int:
    """E-mail each serving governor of the board who has an address a one-use link (28 days)
    to give their optional equality monitoring answers. The board's clerk, chair, school
    leaders and officers may send it; returns how many were invited."""
    if not (is_officer(actor) or board_services.can_manage_board(actor, board)):
        raise PermissionDenied("You cannot invite this board's governors.")
    invited = 0
    for line in board_selectors.serving_governors(board_ids=[board.pk]):
        if not line.email:
            continue
        link, token = _new_link(
            purpose=LinkPurpose.MONITORING,
            email=line.email,
            user_id=line.user_id,
            governor_id=line.governor_id,
            expires_at=timezone.now() + datetime.timedelta(days=INVITE_DAYS),
        )
        notify(
            to_email=line.email,
            kind=MONITORING_KIND,
            template="governor_recruitment/email/monitoring",
            reason="Your board invited you to give optional equality monitoring answers.",
            context={
                "path": f"/governors/recruitment/monitoring/{token}/",
                "board": line.board_name,
                "days": INVITE_DAYS,
            },
            dedupe_key=f"{MONITORING_KIND}:{link.pk}",
        )
        invited += 1
    audit.record(
        actor=actor, verb="governor_recruitment.monitoring.invited", target=board, invited=invited
    )
    return invited


def monitoring_link(token: str) -> ApplicantLink | None:
    """A serving governor's invitation, if it is unused and not expired."""
    return _live_link(token, LinkPurpose.MONITORING)


@transaction.atomic
def record_serving_monitoring(
    *, actor, monitoring: dict, governor_id: int | None = None, link: ApplicantLink | None = None
):
    """A serving governor's own optional answers (``EqualityMonitoringForm.service_kwargs()``),
    under their own consent, stored only by the equality services (purpose
    ``serving_governor``). Only the governor gives them: signed in to the account of their
    governor record (``governor_id`` one of their serving terms'), or by the invitation link
    e-mailed to them (used up). Given again, they replace the earlier answers. The board
    make-up is refreshed after commit; nothing that decides or matches reads them."""
    if link is not None:
        link = ApplicantLink.objects.select_for_update().get(pk=link.pk)
        if link.used_at is not None or link.expires_at <= timezone.now() or not link.governor_id:
            raise ValidationError({"link": "This link has expired. Ask your clerk for a new one."})
        governor_id = link.governor_id
        owner = link.user if link.user_id else applicant_account(link.email)
    else:
        mine = {line.governor_id for line in board_selectors.serving_governors(user=actor)}
        if governor_id not in mine:
            raise PermissionDenied("Only the governor gives their own monitoring answers.")
        owner = actor
    reference = serving_subject_reference(governor_id)
    existing = (
        profiles_for_person(owner)
        .active()
        .filter(purpose=SERVING_PURPOSE, subject_reference=reference)
        .first()
    )
    if existing is not None:
        profile = equality_services.update_profile(actor=owner, profile=existing, **monitoring)
    else:
        profile = equality_services.record_profile(
            actor=owner,
            purpose=SERVING_PURPOSE,
            user=owner,
            school=None,
            subject_reference=reference,
            **monitoring,
        )
    if link is not None:
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
    audit.record(
        actor=owner,
        verb="governor_recruitment.monitoring.given",
        target=profile,
        by_link=link is not None,
    )
    from .tasks import refresh_board_make_up

    refresh_board_make_up.delay_on_commit()
    return profile


def refresh_serving_make_up(*, actor, on: datetime.date | None = None) -> int:
    """The board make-up's people: every governor serving on ``on`` (today), one per board,
    recorded as the representation group ``serving_governors`` for that year (replacing the
    year's earlier snapshot), each linked to their own live monitoring answers when they gave
    any, else counted as not known. Returns how many were recorded."""
    on = on or timezone.localdate()
    lines = board_selectors.serving_governors(day=on)
    profiles = dict(
        reportable_profiles()
        .filter(purpose=SERVING_PURPOSE, subject_reference__startswith="serving-governor:")
        .values_list("subject_reference", "pk")
    )
    members = [
        (line.school_id, profiles.get(serving_subject_reference(line.governor_id)))
        for line in lines
    ]
    return replace_memberships(
        actor=actor, group=SERVING_GROUP, year=on.year, stage="appointed", members=members
    )
