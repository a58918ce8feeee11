import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from cpd.network.models import CaseStudyPage, Comment, Membership, Reflection

pytestmark = pytest.mark.django_db


def test_demo_seeds_every_stage_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--seed", "7", "--quiet-logins")
    assert Membership.objects.filter(status="approved").count() > 10
    assert Membership.objects.filter(status="pending").exists()
    assert Membership.objects.filter(status="declined").exists()
    assert Reflection.objects.filter(shared_at__isnull=False).exists()
    closed = set(CaseStudyPage.objects.values_list("closed", flat=True))
    assert {"", "rejected", "retracted"} <= closed
    assert CaseStudyPage.objects.live().filter(closed="").count() >= 5
    assert Comment.objects.filter(reports__isnull=False).exists()
    counts = (CaseStudyPage.objects.count(), Reflection.objects.count())
    call_command("seed_demo", "--seed", "7", "--quiet-logins")
    assert (CaseStudyPage.objects.count(), Reflection.objects.count()) == counts
    member = get_user_model().objects.get(username="cpd")
    assert member.network_memberships.filter(status="approved").exists()
