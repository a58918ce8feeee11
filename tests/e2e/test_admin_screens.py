"""The council's own screens in the Wagtail admin, through axe: the audit log an officer
reads and the school access they grant (Wagtail's editor screens are not ours to fix)."""

import pytest
from playwright.sync_api import expect

from schools_platform.core import roles
from schools_platform.registry.services import grant_school_access
from tests.factories import PASSWORD, make_user

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_officer_reads_the_audit_log_and_the_school_access_granted(page, officer, school_a):
    leader = make_user(roles.SCHOOL_LEADER, username="head_a")
    grant_school_access(actor=officer, user=leader, school=school_a)
    sign_in(page, "officer", PASSWORD)

    page.goto("/admin/school-access/")
    expect(page.get_by_role("main").get_by_text(school_a.name).first).to_be_visible()
    assert_accessible(page)

    page.goto("/admin/audit-log/")
    expect(page.get_by_role("main").get_by_text("school_access", exact=False).first).to_be_visible()
    assert_accessible(page)
