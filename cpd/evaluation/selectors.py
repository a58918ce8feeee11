"""Reads for evaluation: who may read impact reports, and which surveys a person may answer.

- The impact report is aggregate only; it is read by a programme lead (``cpd.manage_programmes``)
  or a holder of ``cpd_evaluation.view_impact_report``, over the organisations
  ``cpd.selectors.organisations_for_user`` gives them. Missing and forbidden both 404.
- A learner sees the open surveys of programmes they are enrolled on that their pseudonym has
  not answered yet. No read here returns another person's response.
"""

import datetime
import hashlib

from django.db.models import QuerySet
from django.http import Http404

from cpd import selectors as cpd_selectors

from .models import EvaluationPlan, Response, StaffSurveyFigure, Survey, WorkforceFigure
from .pseudonyms import pseudonym

REPORT_PERMISSION = "cpd_evaluation.view_impact_report"
IMPORT_PERMISSION = "cpd_evaluation.import_workforce"


def can_read_impact(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return cpd_selectors.is_programme_lead(user) or user.has_perm(REPORT_PERMISSION)


def can_change_targets(user) -> bool:
    """Setting up an evaluation and changing its targets: programme leads only."""
    return cpd_selectors.is_programme_lead(user)


def plans_for_user(user) -> QuerySet[EvaluationPlan]:
    if not can_read_impact(user):
        return EvaluationPlan.objects.none()
    return EvaluationPlan.objects.select_related("programme").order_by("programme__starts_on")


def get_plan_for_user(user, *, slug: str) -> EvaluationPlan:
    try:
        return plans_for_user(user).get(programme__slug=slug)
    except EvaluationPlan.DoesNotExist:
        raise Http404("No evaluation found") from None


def programmes_without_evaluation(user):
    """Programmes a programme lead may set an evaluation up for."""
    if not cpd_selectors.is_programme_lead(user):
        return cpd_selectors.programmes_for_user(None)
    return cpd_selectors.programmes_for_user(user).exclude(
        pk__in=EvaluationPlan.objects.values("programme_id")
    )


def organisations_for_report(user):
    if not can_read_impact(user):
        return cpd_selectors.organisations_for_user(None)
    return cpd_selectors.organisations_for_user(user)


def workforce_for_user(user) -> QuerySet[WorkforceFigure]:
    return WorkforceFigure.objects.filter(
        organisation__in=organisations_for_report(user)
    ).select_related("organisation")


def staff_survey_for_user(user) -> QuerySet[StaffSurveyFigure]:
    return StaffSurveyFigure.objects.filter(
        organisation__in=organisations_for_report(user)
    ).select_related("organisation")


def survey_comments(user, plan, *, wave: str, policy):
    """The free-text comments of one wave, for a reader of the impact report, as text only:
    never the pseudonym, organisation, cohort, date or other answers of the response, and in
    the order of their text (not of time or person), so no comment is linked to a person or
    to their other answers. Shown only when at least the policy's ``min_percentage_base``
    people in the reader's organisations answered the wave and more than its
    ``suppress_up_to`` left a comment (a list of three comments would be a count of three).

    Returns (survey, comments queryset or None, the reason when None). 404 for a wave the
    plan does not have or a reader who may not read the report."""
    if not can_read_impact(user):
        raise Http404("No evaluation found")
    survey = plan.surveys.filter(wave=wave).first()
    if survey is None:
        raise Http404("No survey found")
    responses = Response.objects.filter(
        survey=survey, organisation__in=organisations_for_report(user)
    )
    if responses.count() < policy.min_percentage_base:
        return survey, None, f"Not shown: fewer than {policy.min_percentage_base} people answered."
    comments = responses.exclude(comment="").order_by("comment", "pk")
    if comments.count() <= policy.suppress_up_to:
        return survey, None, "Not shown: too few people left a comment."
    return survey, comments.values_list("comment", flat=True), ""


def open_surveys_for(user, *, today: datetime.date) -> list[Survey]:
    """Open surveys the user is asked to answer and has not answered yet."""
    if not (user and user.is_authenticated and user.is_active):
        return []
    programmes = cpd_selectors.programmes_for_user(user).filter(
        pk__in=cpd_selectors.enrolments_for_user(user)
        .filter(learner__user=user, status="enrolled")
        .values("programme_id")
    )
    surveys = list(
        Survey.objects.filter(
            plan__programme__in=programmes, opens_on__lte=today, closes_on__gte=today
        ).select_related("plan__programme")
    )
    if not surveys:
        return []
    learner_ids = list(cpd_selectors.own_learner_records(user).values_list("pk", flat=True))
    answered = set(
        Survey.objects.filter(
            pk__in=[s.pk for s in surveys],
            responses__respondent__in=[pseudonym(pk) for pk in learner_ids],
        ).values_list("pk", flat=True)
    )
    return [s for s in surveys if s.pk not in answered]


def get_open_survey_for(user, *, pk: int, today: datetime.date) -> Survey:
    for survey in open_surveys_for(user, today=today):
        if survey.pk == pk:
            return survey
    raise Http404("No survey found")


# The tables the impact report is built from, as "app_label.Model": the evaluation's own, the
# cpd enrolments, bookings and completions it counts, the network's members, reflections,
# actions and case studies (network_hooks), and Wagtail's page log (a case study published
# or unpublished in place). Only their table and key names are read, from _meta.
REPORT_INPUT_MODELS = [
    "core.AuditEvent",
    "cpd_evaluation.EvaluationPlan",
    "cpd_evaluation.Survey",
    "cpd_evaluation.Response",
    "cpd_evaluation.WorkforceFigure",
    "cpd_evaluation.StaffSurveyFigure",
    "cpd.Organisation",
    "cpd.Coordinator",
    "cpd.Learner",
    "cpd.Programme",
    "cpd.Module",
    "cpd.Phase",
    "cpd.Enrolment",
    "cpd.Booking",
    "cpd.Completion",
    "cpd_network.Membership",
    "cpd_network.MemberAction",
    "cpd_network.Reflection",
    "wagtailcore.Page",
    "wagtailcore.PageLogEntry",
]


def report_inputs_version() -> str:
    """One query: a marker that changes whenever anything the impact report is built from
    does. Every write through a service records an audit event in its transaction, so the
    newest event's id moves with each (a change in place included); the newest id of each
    input table covers bulk loads that record no event (imports, demo seeding), and the
    enrolments' latest ``status_changed_at`` an enrolment withdrawn in place. A write that
    commits after a later-numbered event has been read can leave the report stale until
    the next event or the cache timeout (the representation report's edge)."""
    from django.apps import apps
    from django.db import connection

    quote = connection.ops.quote_name
    parts = []
    for label in REPORT_INPUT_MODELS:
        meta = apps.get_model(label)._meta
        # Table and column names come from the models' _meta, never from input.
        parts.append(f"(SELECT MAX({quote(meta.pk.column)}) FROM {quote(meta.db_table)})")  # noqa: S608
    enrolment = apps.get_model("cpd.Enrolment")._meta
    parts.append(
        f"(SELECT MAX({quote('status_changed_at')}) FROM {quote(enrolment.db_table)})"  # noqa: S608
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:32]
