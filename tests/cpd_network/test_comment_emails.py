"""A new comment e-mails the case study's author and the thread's earlier commenters, once
each (the kit's notify with a dedupe key), never the commenter, never someone who can no
longer read the thread, and never the comment's text."""

import pytest

from cpd.network import services
from cpd.network.models import Membership
from schools_platform.core.models import Notification
from tests.factories import make_user

from .conftest import join, submit

pytestmark = pytest.mark.django_db
KIND = "cpd_network.new_comment"


@pytest.fixture
def published(member, lead, item):
    page = submit(member, items=[item])  # members only
    services.moderate_case_study(actor=lead, page=page, decision="approve")
    page.refresh_from_db()
    return page


def _told(kind=KIND):
    return sorted(
        Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True)
    )


def test_the_author_then_each_participant_is_told_once(
    published, member, other_member, lead, heads, cohort
):
    first = services.add_comment(actor=other_member, case_study=published, body="Secret words")
    assert _told() == ["head"]  # the author, not the commenter
    note = Notification.objects.get(kind=KIND)
    assert note.dedupe_key == f"{KIND}:{first.pk}:{member.pk}"
    assert "Secret words" not in note.body_text and published.title in note.subject
    assert "#comments" in note.body_text

    third = make_user(username="head3", email="t@x.org")
    join(third, heads, lead, cohort=cohort)
    services.add_comment(actor=third, case_study=published, body="Me too")
    assert _told() == ["head", "head", "head2"]  # author and earlier commenter, not head3
    services.add_comment(actor=member, case_study=published, body="Thank you both")
    assert _told() == ["head", "head", "head2", "head2", "head3"]  # not the author this time


def test_the_same_comment_is_never_told_twice(published, member, other_member):
    comment = services.add_comment(actor=other_member, case_study=published, body="Hello")
    services._tell_thread(comment)  # a retried run: the dedupe key holds
    assert _told() == ["head"]


def test_someone_who_left_the_network_is_not_told(published, member, other_member, lead):
    services.add_comment(actor=other_member, case_study=published, body="First")
    Membership.objects.filter(user=other_member).update(status=Membership.Status.DECLINED)
    services.add_comment(actor=member, case_study=published, body="Reply")
    assert _told() == ["head"]  # only the first comment's e-mail to the author


def test_a_session_thread_tells_its_earlier_commenters(member, other_member, sessions):
    services.add_comment(actor=member, session=sessions[0], body="Slides please")
    assert _told() == []  # nobody before
    services.add_comment(actor=other_member, session=sessions[0], body="Seconded")
    assert _told() == ["head"]
    assert "discussion of" in Notification.objects.get(kind=KIND).subject


def test_a_rolled_back_comment_sends_nothing(published, other_member):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.add_comment(actor=other_member, case_study=published, body="  ")
    assert _told() == []
