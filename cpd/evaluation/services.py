"""Writes for evaluation: setting up a programme's three survey waves, a learner's answers,
and the daily invitations. Each write: keyword-only ``actor``, permission check, one
transaction, one audit record (never holding answers or pseudonyms).

Equality monitoring answers given with a survey go to ``equality.services.record_profile``
(purpose "survey") and nowhere else: they are never joined to the survey answers, and never
drive anything (DESIGN "equality answers never drive a decision").
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cpd import selectors as cpd_selectors
from schools_platform.core import audit
from schools_platform.core.notifications import notify
from schools_platform.equality import services as equality_services
from schools_platform.equality.selectors import profiles_for_person

from .models import ITEMS, EvaluationPlan, Response, Survey, Wave
from .pseudonyms import pseudonym

EQUALITY_PURPOSE = "survey"
# How long each wave stays open, and how early the "before" survey opens.
OPEN_DAYS = 21
BEFORE_LEAD_DAYS = 21


def _require_lead(actor) -> None:
    if not cpd_selectors.is_programme_lead(actor):
        raise PermissionDenied("Only a programme lead can do this.")


def wave_dates(programme, follow_up_weeks: int) -> dict[str, tuple[datetime.date, datetime.date]]:
    """Before: the three weeks up to the start; after: three weeks from the end; follow-up:
    three weeks from ``follow_up_weeks`` after the end (reference §3.3: six weeks later)."""
    start, end = programme.starts_on, programme.ends_on
    days = datetime.timedelta(days=OPEN_DAYS)
    follow = end + datetime.timedelta(weeks=follow_up_weeks)
    return {
        Wave.BEFORE: (start - datetime.timedelta(days=BEFORE_LEAD_DAYS), start),
        Wave.AFTER: (end, end + days),
        Wave.FOLLOW_UP: (follow, follow + days),
    }


@transaction.atomic
def set_up_evaluation(*, actor, programme, follow_up_weeks: int = 6, **targets) -> EvaluationPlan:
    """The programme's evaluation plan and its three waves, dated from the programme."""
    _require_lead(actor)
    if EvaluationPlan.objects.filter(programme=programme).exists():
        raise ValidationError({"programme": "This programme already has an evaluation."})
    plan = EvaluationPlan(programme=programme, follow_up_weeks=follow_up_weeks, **targets)
    plan.full_clean()
    plan.save()
    for wave, (opens, closes) in wave_dates(programme, follow_up_weeks).items():
        Survey.objects.create(plan=plan, wave=wave, opens_on=opens, closes_on=closes)
    audit.record(
        actor=actor, verb="cpd_evaluation.plan_created", target=plan, follow_up=follow_up_weeks
    )
    return plan


# The targets the lead measures are read against: field -> (what it is, the largest value).
TARGETS = {
    "attendance_target_percent": ("attendance target", 100),
    "completion_target_percent": ("completion target", 100),
    "reflection_target_percent": ("reflection target", 100),
    "action_plan_target_percent": ("action plans target", 100),
    "case_studies_target": ("case studies target", 100_000),
}


def clean_targets(targets: dict) -> dict:
    """Each target a whole number from 0 to its largest value (100 for a percentage); each
    bad one named by its field."""
    unknown = set(targets) - set(TARGETS)
    if unknown:
        raise ValidationError({"targets": f"Unknown target(s): {', '.join(sorted(unknown))}"})
    errors, cleaned = {}, {}
    for name, value in targets.items():
        label, largest = TARGETS[name]
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or number != value and str(number) != str(value).strip():
            errors[name] = f"Enter the {label} as a whole number."
        elif not 0 <= number <= largest:
            unit = "%" if largest == 100 else ""
            errors[name] = f"Enter the {label} from 0 to {largest:,}{unit}."
        else:
            cleaned[name] = number
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def change_targets(*, actor, plan: EvaluationPlan, **targets) -> EvaluationPlan:
    """Change the targets of a programme's lead measures (a programme lead only); the audit
    record keeps each changed target's old and new value."""
    _require_lead(actor)
    cleaned = clean_targets(targets)
    plan = EvaluationPlan.objects.select_for_update().get(pk=plan.pk)
    changes = {
        name: [getattr(plan, name), value]
        for name, value in cleaned.items()
        if getattr(plan, name) != value
    }
    if not changes:
        return plan
    for name, (_old, new) in changes.items():
        setattr(plan, name, new)
    plan.full_clean()
    plan.save(update_fields=list(changes))
    audit.record(actor=actor, verb="cpd_evaluation.targets_changed", target=plan, changes=changes)
    return plan


def clean_answers(answers: dict) -> dict:
    """Each item is optional; an answer is 1 to 5. Unknown items are refused by name."""
    unknown = set(answers) - set(ITEMS)
    if unknown:
        raise ValidationError({"answers": f"Unknown question(s): {', '.join(sorted(unknown))}"})
    cleaned = {}
    for item in ITEMS:
        value = answers.get(item)
        if value in (None, ""):
            cleaned[item] = None
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= 5:
            raise ValidationError({item: "Choose an answer from strongly disagree to agree."})
        cleaned[item] = number
    return cleaned


@transaction.atomic
def submit_response(
    *,
    actor,
    survey: Survey,
    answers: dict,
    comment: str = "",
    monitoring: dict | None = None,
    today: datetime.date | None = None,
) -> Response:
    """Record the actor's answers to an open survey of a programme they are enrolled on, under
    their pseudonym; once per wave."""
    today = today or timezone.localdate()
    programme = survey.plan.programme
    enrolment = cpd_selectors.live_enrolment_of(actor, programme)
    if enrolment is None:
        raise PermissionDenied("Only people on the programme answer its survey.")
    if not survey.is_open(today):
        raise ValidationError({"survey": "This survey is not open."})
    cleaned = clean_answers(answers)
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise ValidationError({"comment": "Keep your comment to 2,000 characters or fewer."})
    key = pseudonym(enrolment.learner_id)
    if Response.objects.filter(survey=survey, respondent=key).exists():
        raise ValidationError({"survey": "You have already answered this survey."})
    response = Response(
        survey=survey,
        respondent=key,
        organisation_id=enrolment.organisation_id,
        cohort_id=enrolment.phase_id,
        comment=comment,
        submitted_on=today,
        **cleaned,
    )
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError:
        raise ValidationError({"survey": "You have already answered this survey."}) from None
    reference = f"cpd-evaluation:{programme.slug}"
    if (
        monitoring
        and not profiles_for_person(actor)
        .filter(purpose=EQUALITY_PURPOSE, subject_reference=reference)
        .exists()
    ):
        equality_services.record_profile(
            actor=actor,
            purpose=EQUALITY_PURPOSE,
            user=actor,
            subject_reference=reference,
            **monitoring,
        )
    # Which wave was answered, never the answers or the pseudonym.
    audit.record(actor=actor, verb="cpd_evaluation.survey_answered", target=survey)
    return response


def send_survey_invitations(*, today: datetime.date | None = None) -> dict[str, int]:
    """Daily (beat): invite everyone enrolled on a programme to each survey open today. Each
    person is invited to each wave once, however often this runs (dedupe key)."""
    today = today or timezone.localdate()
    sent = surveys = 0
    for survey in Survey.objects.filter(opens_on__lte=today, closes_on__gte=today).select_related(
        "plan__programme"
    ):
        surveys += 1
        programme = survey.plan.programme
        with transaction.atomic():
            for enrolment in cpd_selectors.survey_invitees(programme):
                learner = enrolment.learner
                made = notify(
                    recipient=learner.user,
                    kind="cpd_evaluation.survey_invitation",
                    template="core/email/message",
                    reason=f"You are on {programme.title}; its evaluation asks everyone taking "
                    "part.",
                    context={
                        "subject": f"{programme.title}: a short survey "
                        f"({survey.get_wave_display().lower()})",
                        "paragraphs": [
                            "Please tell us how confident you feel about race equality at "
                            "work. It takes about five minutes.",
                            "Your answers are linked to you only by a code, so that we can see "
                            "how confidence changes over the programme. Nobody sees your "
                            "answers: reports show totals for groups of at least "
                            "30 people.",
                            f"The survey closes on {survey.closes_on:%-d %B %Y}.",
                        ],
                        "action_url": reverse("cpd_evaluation:answer", args=[survey.pk]),
                        "action_label": "Answer the survey",
                    },
                    dedupe_key=f"cpd_evaluation.invitation:{survey.pk}:{learner.pk}",
                )
                sent += made is not None
            if survey.invitations_sent_on is None:
                Survey.objects.filter(pk=survey.pk).update(invitations_sent_on=today)
    return {"surveys": surveys, "sent": sent}
