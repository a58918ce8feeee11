"""The programme lead's Wagtail screens: listings with filters, formula-safe exports; nobody
else gets in; nothing can be changed there."""

import pytest

from .conftest import make_learner

pytestmark = pytest.mark.django_db


def test_lead_lists_filters_and_exports_staff(client, lead, halton, wirral):
    make_learner(halton, 1, name="=HYPERLINK(1)")
    make_learner(wirral, 2, name="Raj Patel")
    client.force_login(lead)
    page = client.get("/admin/cpd/staff/", {"organisation": wirral.pk}).content.decode()
    assert "Raj Patel" in page and "HYPERLINK" not in page
    response = client.get("/admin/cpd/staff/", {"export": "csv"})
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv
    assert client.get("/admin/cpd/staff/add/").status_code in (302, 403, 404)


@pytest.mark.parametrize(
    "url", ["/admin/cpd/staff/", "/admin/cpd/enrolments/", "/admin/cpd/completions/"]
)
def test_others_are_refused(client, halton_coordinator, url):
    client.force_login(halton_coordinator)
    response = client.get(url)
    assert response.status_code in (302, 403)
    client.logout()
    assert client.get(url).status_code == 302
