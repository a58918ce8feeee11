"""The kit's member pages in the browser: your messages, your data, the steward's erasure."""

import pytest
from playwright.sync_api import expect

from schools_platform.core.notifications import notify
from tests.factories import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_person_reads_their_messages_and_their_data(page, leader_a):
    leader_a.email = "lena@example.org"
    leader_a.save()
    sign_in(page, "leader_a", PASSWORD)
    page.goto("/messages/")
    expect(page.get_by_text("has not sent you any messages yet")).to_be_visible()
    assert_accessible(page)

    notify(
        recipient=leader_a,
        kind="core.test",
        template="core/email/message",
        reason="You lead Alder Primary.",
        context={"subject": "Welcome to the platform", "paragraphs": ["Hello."]},
    )
    page.goto("/messages/")
    assert_accessible(page)
    page.get_by_role("link", name="Welcome to the platform").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Welcome to the platform"
    assert_accessible(page)

    page.goto("/your-data/")
    assert page.get_by_role("heading", level=1).inner_text() == "Your data"
    assert_accessible(page)


def test_the_steward_finds_a_person_and_sees_what_erasure_will_do(page, data_steward, leader_a):
    sign_in(page, "steward", PASSWORD)
    page.goto("/personal-data/erase/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Username or e-mail address").fill("leader_a")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("table")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Erase this person's data").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
