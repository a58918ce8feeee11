import pytest
from playwright.sync_api import expect

from schools_platform.core import roles
from schools_platform.core.models import AuditEvent
from schools_platform.equality.models import EqualityProfile
from tests.factories import PASSWORD, make_user

from .conftest import assert_accessible, sign_in

# serialized_rollback: flushing between live-server tests would drop Wagtail's root page.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_person_gives_then_withdraws_answers_and_only_the_steward_sees_them(page, browser):
    make_user(roles.LEARNER, username="learner1")
    make_user(roles.DATA_STEWARD, username="steward1")

    sign_in(page, "learner1", PASSWORD)
    page.goto("/equality/give/")
    assert_accessible(page)
    # Submitting an answer without consent is refused with an error summary.
    page.get_by_label("Learner").check()
    page.get_by_label("Indian").check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    assert not EqualityProfile.objects.exists()

    page.get_by_role("checkbox").check()
    with page.expect_navigation():  # wait for the redirect, not the page being left
        page.get_by_role("button", name="Save my answers").click()
    assert "/equality/" in page.url
    expect(page.get_by_text("Indian").first).to_be_visible()
    assert_accessible(page)
    profile = EqualityProfile.objects.get()
    assert profile.ethnicity == "asian_indian"

    # A school leader or an officer cannot open the steward pages.
    response = page.goto(f"/equality/steward/{profile.pk}/")
    assert response.status in (403, 404)

    steward_context = browser.new_context(base_url=page.url.split("/equality")[0])
    steward = steward_context.new_page()
    sign_in(steward, "steward1", PASSWORD)
    steward.goto("/equality/steward/")
    assert_accessible(steward)
    steward.goto(f"/equality/steward/{profile.pk}/")
    expect(steward.get_by_text("Indian").first).to_be_visible()
    assert_accessible(steward)
    assert AuditEvent.objects.filter(actor_label="steward1").exists()
    steward_context.close()

    page.goto(f"/equality/{profile.pk}/withdraw/")
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw").first.click()
    profile.refresh_from_db()
    assert profile.withdrawn_at is not None
    assert profile.ethnicity == ""
