import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from governors import selectors as board_selectors
from governors.models import Term
from governors.recruitment import selectors, services
from governors.recruitment.models import Application, Stage, StageChange
from schools_platform.core.models import AuditEvent
from schools_platform.equality.models import EqualityProfile
from schools_platform.representation.models import GroupMembership

from .conftest import DETAILS, advance, appoint_application, appointment, publish

pytestmark = pytest.mark.django_db

ANSWERS = {
    "answers": {
        "ethnicity": "black_caribbean",
        "ethnicity_other": "",
        "sex": "",
        "age_band": "",
        "disability": "",
    },
    "consent_wording": "I agree",
}


def test_publish_needs_a_vacant_seat(officer, board_a):
    # Standard board: 3 co-opted seats, none filled; the headteacher's seat is not a vacancy
    # to publish more than once.
    for _ in range(3):
        publish(officer, board_a)
    with pytest.raises(ValidationError) as error:
        publish(officer, board_a)
    assert "category" in error.value.message_dict


def test_publish_refused_for_another_schools_user(leader_a, board_b):
    with pytest.raises(PermissionDenied):
        publish(leader_a, board_b)


def test_board_leader_may_publish_own(leader_a, board_a):
    listing = publish(leader_a, board_a)
    assert AuditEvent.objects.filter(verb="governor_recruitment.vacancy.published").count() == 1
    assert listing.published_by == leader_a


def test_apply_needs_where_heard_unless_by_campaign(listing_a, campaign):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ValidationError) as error:
        services.apply(actor=AnonymousUser(), listing=listing_a, details=DETAILS)
    assert "heard_about" in error.value.message_dict
    application = services.apply(
        actor=AnonymousUser(), listing=listing_a, details=DETAILS, campaign=campaign
    )
    assert application.campaign == campaign
    membership = GroupMembership.objects.get()
    assert (membership.group, membership.stage, membership.profile) == (
        "governors",
        "applied",
        None,
    )


def test_apply_with_monitoring_links_profile_not_application(listing_a, heard):
    from django.contrib.auth.models import AnonymousUser

    application = services.apply(
        actor=AnonymousUser(),
        listing=listing_a,
        details=DETAILS,
        heard_about=heard,
        monitoring=ANSWERS,
    )
    profile = EqualityProfile.objects.get()
    assert profile.subject_reference == application.subject_reference
    assert profile.outcome == "pending"
    assert GroupMembership.objects.get().profile == profile
    # The application row holds no equality answer and no link to one.
    fields = {f.name for f in Application._meta.get_fields()}
    assert not fields & {"ethnicity", "sex", "disability", "age_band", "profile"}


def _application(listing, heard, **kw):
    from django.contrib.auth.models import AnonymousUser

    return services.apply(
        actor=AnonymousUser(), listing=listing, details=DETAILS, heard_about=heard, **kw
    )


def test_pipeline_forward_one_step_and_appointment(officer, listing_a, heard):
    application = _application(listing_a, heard, monitoring=ANSWERS)
    with pytest.raises(ValidationError, match="cannot be skipped"):
        services.move_stage(actor=officer, application=application, to_stage=Stage.INTERVIEWED)
    for stage in (Stage.SCREENED, Stage.INTERVIEWED, Stage.NOMINATED):
        services.move_stage(actor=officer, application=application, to_stage=stage, note="ok")
    with pytest.raises(ValidationError, match="cannot go back"):
        services.move_stage(actor=officer, application=application, to_stage=Stage.SCREENED)
    services.move_stage(
        actor=officer, application=application, to_stage=Stage.APPOINTED, appointment=appointment()
    )
    application.refresh_from_db()
    assert application.stage == Stage.APPOINTED
    assert StageChange.objects.filter(application=application).count() == 4
    assert GroupMembership.objects.filter(stage="appointed").count() == 1
    assert EqualityProfile.objects.get().outcome == "successful"
    # Appointing closes the listing: it is gone from the public listings.
    assert list(selectors.public_listings()) == []
    with pytest.raises(ValidationError, match="already appointed"):
        services.move_stage(actor=officer, application=application, to_stage=Stage.WITHDRAWN)


def test_appointing_creates_the_term_and_fills_the_seat(officer, board_a, listing_a, heard):
    before = next(ln for ln in board_selectors.make_up(board_a).lines if ln.category == "co_opted")
    application = appoint_application(officer, _application(listing_a, heard))
    term = application.term
    assert (term.board, term.category, term.governor.last_name) == (board_a, "co_opted", "Hopper")
    assert term.governor.email == "grace@example.org"
    after = next(ln for ln in board_selectors.make_up(board_a).lines if ln.category == "co_opted")
    assert after.vacant == before.vacant - 1
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"governors.term.appointed", "governor_recruitment.application.moved"} <= verbs
    # The new governor has no DBS check yet: it shows as due.
    assert board_selectors.safeguarding_status([term.governor_id])[term.governor_id].dbs_on is None


def test_appointing_with_a_bad_term_writes_nothing(officer, listing_a, heard):
    application = advance(officer, _application(listing_a, heard))
    refused = dict(appointment()["eligibility"], aged_18_or_over=False)
    with pytest.raises(ValidationError) as error:
        services.move_stage(
            actor=officer,
            application=application,
            to_stage=Stage.APPOINTED,
            appointment=appointment(eligibility=refused),
        )
    assert "eligibility" in error.value.message_dict
    with pytest.raises(ValidationError, match="details of the term"):
        services.move_stage(actor=officer, application=application, to_stage=Stage.APPOINTED)
    application.refresh_from_db()
    assert application.stage == Stage.NOMINATED and application.term is None
    assert not Term.objects.exists()
    assert GroupMembership.objects.filter(stage="appointed").count() == 0
    assert list(selectors.public_listings()) == [listing_a]


def test_registered_interest_cannot_be_appointed_without_a_vacancy(officer, heard):
    application = advance(officer, _application(None, heard))
    with pytest.raises(ValidationError, match="registered interest"):
        services.move_stage(
            actor=officer,
            application=application,
            to_stage=Stage.APPOINTED,
            appointment=appointment(),
        )


def test_decline_from_any_open_stage_sets_unsuccessful(officer, listing_a, heard):
    application = _application(listing_a, heard, monitoring=ANSWERS)
    services.move_stage(actor=officer, application=application, to_stage=Stage.DECLINED)
    assert EqualityProfile.objects.get().outcome == "unsuccessful"


def test_move_refused_for_another_boards_manager(leader_a, listing_b, heard):
    application = _application(listing_b, heard)
    with pytest.raises(PermissionDenied):
        services.move_stage(actor=leader_a, application=application, to_stage=Stage.SCREENED)
    application.refresh_from_db()
    assert application.stage == Stage.APPLIED


def test_move_emails_applicant_once(officer, listing_a, heard, mailoutbox):
    application = _application(listing_a, heard)
    services.move_stage(actor=officer, application=application, to_stage=Stage.SCREENED)
    from schools_platform.core.models import Notification

    assert Notification.objects.filter(to_email="grace@example.org").count() == 1


def test_retention_deletes_unsuccessful_governor_applicants_answers(officer, listing_a, heard):
    import datetime

    from django.utils import timezone

    from schools_platform.equality.retention import apply_retention_policy

    declined = _application(listing_a, heard, monitoring=ANSWERS)
    services.move_stage(actor=officer, application=declined, to_stage=Stage.DECLINED)
    appointed = appoint_application(officer, _application(listing_a, heard, monitoring=ANSWERS))
    assert EqualityProfile.objects.count() == 2
    later = timezone.now() + datetime.timedelta(days=3 * 366)
    deleted = apply_retention_policy(now=later)
    assert deleted == {"governor_application": 1}
    remaining = EqualityProfile.objects.get()
    assert remaining.subject_reference == appointed.subject_reference
    # The application itself stays, so the funnel's totals stay right.
    assert Application.objects.count() == 2


def test_a_term_left_without_an_end_runs_the_instruments_full_length(officer, listing_a, heard):
    application = advance(officer, _application(listing_a, heard))
    start = appointment()["starts_on"]
    services.move_stage(
        actor=officer,
        application=application,
        to_stage=Stage.APPOINTED,
        appointment=appointment(ends_on=None),
    )
    term = Application.objects.get(pk=application.pk).term
    # The test boards' instrument gives co-opted governors 4-year terms (reg 18).
    assert term.ends_on == start.replace(year=start.year + 4) - datetime.timedelta(days=1)
