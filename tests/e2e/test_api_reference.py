import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_visitor_reads_the_api_reference_from_the_footer(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/accessibility/")
    page.get_by_role("link", name="API reference").click()
    assert page.get_by_role("heading", level=1).inner_text() == "API reference"
    expect(page.get_by_role("heading", name="GET /api/schools/{urn}/")).to_be_visible()
    assert_accessible(page)
    # Nothing is fetched from another host (no CDN, no fonts).
    assert [url for url in requested if not url.startswith(live_server.url)] == []
    with page.expect_download() as download:
        page.get_by_role("link", name="YAML").click()
    assert download.value.suggested_filename.endswith((".yaml", ".yml"))
