"""Setting up the waves, answering under a pseudonym, and invitations sent once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cpd.evaluation import services
from cpd.evaluation.models import Response, Survey, Wave
from cpd.evaluation.pseudonyms import pseudonym
from schools_platform.core.models import AuditEvent, Notification
from schools_platform.equality.models import EqualityProfile

pytestmark = pytest.mark.django_db


def _open(plan, wave):
    survey = plan.surveys.get(wave=wave)
    today = timezone.localdate()
    survey.opens_on, survey.closes_on = today - datetime.timedelta(days=1), today
    survey.save()
    return survey


def test_three_waves_dated_from_the_programme(plan, programme):
    surveys = {s.wave: s for s in plan.surveys.all()}
    assert set(surveys) == {Wave.BEFORE, Wave.AFTER, Wave.FOLLOW_UP}
    assert surveys[Wave.BEFORE].closes_on == programme.starts_on
    assert surveys[Wave.AFTER].opens_on == programme.ends_on
    assert surveys[Wave.FOLLOW_UP].opens_on == programme.ends_on + datetime.timedelta(weeks=6)
    assert AuditEvent.objects.filter(verb="cpd_evaluation.plan_created").count() == 1


def test_only_a_programme_lead_sets_up_an_evaluation(programme, learner_user):
    with pytest.raises(PermissionDenied):
        services.set_up_evaluation(actor=learner_user, programme=programme)


def test_answers_are_kept_under_a_pseudonym_once_per_wave(plan, amina, learner_user, settings):
    survey = _open(plan, Wave.AFTER)
    answers = {"confidence_talking": 4, "recognising_incidents": "5", "equality_duty": None}
    response = services.submit_response(actor=learner_user, survey=survey, answers=answers)
    assert response.respondent == pseudonym(amina.pk)
    assert str(amina.pk) != response.respondent and len(response.respondent) == 64
    assert (response.confidence_talking, response.recognising_incidents) == (4, 5)
    assert response.equality_duty is None
    with pytest.raises(ValidationError, match="already answered"):
        services.submit_response(actor=learner_user, survey=survey, answers=answers)
    # A different key gives a different pseudonym: it is keyed, not a plain hash.
    settings.CPD_EVALUATION_PSEUDONYM_KEY = "another-key"
    assert pseudonym(amina.pk) != response.respondent
    event = AuditEvent.objects.get(verb="cpd_evaluation.survey_answered")
    assert response.respondent not in str(event.details)


def test_bad_answer_is_named_and_nothing_written(plan, amina, learner_user):
    survey = _open(plan, Wave.AFTER)
    with pytest.raises(ValidationError) as error:
        services.submit_response(actor=learner_user, survey=survey, answers={"practice_changes": 9})
    assert "practice_changes" in error.value.message_dict
    assert not Response.objects.exists()


def test_people_not_on_the_programme_cannot_answer(plan, lead):
    survey = _open(plan, Wave.AFTER)
    with pytest.raises(PermissionDenied):
        services.submit_response(actor=lead, survey=survey, answers={})


def test_a_closed_survey_takes_no_answers(plan, amina, learner_user):
    survey = plan.surveys.get(wave=Wave.BEFORE)  # closed when the programme started
    with pytest.raises(ValidationError, match="not open"):
        services.submit_response(actor=learner_user, survey=survey, answers={})


def test_equality_answers_go_to_the_equality_app_only(plan, amina, learner_user):
    survey = _open(plan, Wave.AFTER)
    services.submit_response(
        actor=learner_user,
        survey=survey,
        answers={"confidence_talking": 3},
        monitoring={
            "answers": {"ethnicity": "asian_pakistani"},
            "consent_wording": "I agree that the council may keep these answers.",
        },
    )
    profile = EqualityProfile.objects.get()
    assert profile.purpose == "survey" and profile.user == learner_user
    assert profile.subject_reference == "cpd-evaluation:race-equality"
    assert Response.objects.get().respondent not in profile.subject_reference


def test_invitations_are_sent_once_per_person_and_wave(
    plan, amina, django_capture_on_commit_callbacks
):
    survey = _open(plan, Wave.FOLLOW_UP)
    with django_capture_on_commit_callbacks():
        first = services.send_survey_invitations()
        second = services.send_survey_invitations()
    # The "after" wave (open three weeks from the end) and the follow-up opened today.
    assert first == {"surveys": 2, "sent": 2} and second["sent"] == 0
    keys = set(
        Notification.objects.filter(kind="cpd_evaluation.survey_invitation").values_list(
            "dedupe_key", flat=True
        )
    )
    assert f"cpd_evaluation.invitation:{survey.pk}:{amina.pk}" in keys and len(keys) == 2
    assert Survey.objects.get(pk=survey.pk).invitations_sent_on == timezone.localdate()


def test_a_person_sees_and_can_have_erased_their_answers(plan, amina, learner_user):
    from schools_platform.core.personal_data import sources

    survey = _open(plan, Wave.AFTER)
    services.submit_response(actor=learner_user, survey=survey, answers={"equality_duty": 2})
    source = next(s for s in sources() if s.key == "cpd_evaluation.responses")
    rows = source.rows(learner_user)
    assert len(rows) == 1 and 2 in rows[0].values()
    assert source.erase(learner_user) == 1
    assert not Response.objects.exists()
