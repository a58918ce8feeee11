"""In the browser: the sign-in page by keyboard, the admin under its policy, and the guard that
fails every browser test on a CSP violation or a request to another host (conftest.py)."""

import pytest
from playwright.sync_api import expect

from schools_platform.core import roles
from schools_platform.home.demo import seed_site
from tests.factories import PASSWORD, make_user

from .conftest import sign_in

# serialized_rollback: flushing between live-server tests would drop Wagtail's root page.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FOCUSED_CLASS = "() => document.activeElement.className"


def test_the_first_tab_on_the_sign_in_page_reaches_the_skip_link(page):
    page.goto("/accounts/login/")
    # GOV.UK Frontend ran: the nonce let the js-enabled snippet through the policy.
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    assert page.evaluate("() => document.activeElement === document.body")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_CLASS) == "govuk-skip-link"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # From the skip link's target the next stop is inside the main content: the username.
    focused_id = page.evaluate("() => document.activeElement.id")
    assert focused_id == "id_username"


def test_after_a_failed_sign_in_the_error_summary_takes_focus(page):
    make_user(username="amira")
    sign_in(page, "amira", "not-the-password")
    expect(page.get_by_text("There is a problem")).to_be_visible()
    page.wait_for_function("() => document.activeElement.classList.contains('govuk-error-summary')")
    page.keyboard.press("Tab")
    # The first error's link is the next stop, and it leads to the field.
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#id_username"


def test_the_officer_admin_fetches_nothing_from_another_host(page, browser_guard):
    # With an email address Wagtail would ask Gravatar for the avatar.
    make_user(roles.COUNCIL_OFFICER, username="officer1", email="officer1@council.example")
    sign_in(page, "officer1", PASSWORD)
    page.goto("/admin/")
    # Wagtail's own JavaScript ran (it renders the sidebar), avatar included.
    page.wait_for_selector("[data-wagtail-sidebar] nav, .sidebar nav")
    page.wait_for_load_state("networkidle")
    avatars = page.locator("img.avatar, .avatar img")
    assert avatars.count() >= 1
    for n in range(avatars.count()):
        assert avatars.nth(n).get_attribute("src").startswith("/static/"), "avatar from outside"
    assert browser_guard.take() == []


def test_officer_admin_pages_run_under_their_policy(page):
    make_user(roles.COUNCIL_OFFICER, username="officer1")
    sign_in(page, "officer1", PASSWORD)
    for url in ["/admin/", "/admin/schools/", "/admin/audit-log/", "/admin/imports/gias/"]:
        response = page.goto(url)
        assert response.status == 200, url
        assert "script-src 'self' 'unsafe-inline'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    # The guard (conftest.py) fails this test on any CSP violation these pages caused.


def test_superuser_wagtail_editing_pages_run_under_the_admin_policy(page):
    from wagtail.models import Page

    seed_site()
    make_user(username="root", is_superuser=True, is_staff=True)
    sign_in(page, "root", PASSWORD)
    home = Page.objects.filter(depth=2).first()
    for url in [
        "/admin/pages/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{home.pk}/edit/",
        "/admin/documents/",
        "/admin/documents/multiple/add/",
        "/admin/images/multiple/add/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/reports/site-history/",
    ]:
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")


def test_superuser_django_admin_runs_under_its_policy(page):
    make_user(username="root", is_superuser=True, is_staff=True)
    page.goto("/django-admin/login/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    page.goto("/django-admin/django_celery_beat/periodictask/add/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_the_guard_sees_a_blocked_inline_script_and_an_outside_request(page, browser_guard):
    seed_site()
    page.goto("/")
    with page.expect_console_message(lambda message: "CSP violation" in message.text):
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.injected = 1'; document.body.appendChild(s); }"
        )
    assert page.evaluate("() => window.injected") is None
    with pytest.raises(Exception):  # noqa: B017 - the guard aborts it
        page.goto("http://outside.example/")
    problems = browser_guard.take()  # taken, so this test's teardown passes
    assert any("CSP violation: script-src" in p for p in problems), problems
    assert any("request to another host: http://outside.example/" in p for p in problems)
