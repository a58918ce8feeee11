"""Error pages need no database, say 503 with Retry-After during an outage, and say nothing
untrue about what was saved (issue 7).

The tests without the django_db mark run with database access blocked by pytest-django: a
page that needed a query could not render.
"""

import json
import socket

import pytest
from django.db import OperationalError
from django.test import Client

from schools_platform.core.errors import server_error
from tests.core.test_production_settings import PRODUCTION_ENV, _manage

pytestmark = pytest.mark.urls("tests.core.error_urls")


def _is_styled_error_page(html: str) -> bool:
    return 'class="govuk-template"' in html and "/static/css/app.css" in html


@pytest.mark.parametrize("failure", ["database", "connection-closed", "broker"])
def test_an_outage_in_a_view_is_a_styled_503_with_retry_after(client, failure):
    response = client.get(f"/test-failure/{failure}/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert _is_styled_error_page(html)
    assert "Sorry, the service is unavailable" in html
    assert "may or may not have been saved" in html
    assert "half-saved" not in html


@pytest.mark.django_db
def test_the_503_page_renders_with_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/test-failure/database/")
    assert response.status_code == 503


def test_a_bug_is_a_styled_500_that_promises_nothing():
    response = Client(raise_request_exception=False).get("/test-failure/bug/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    html = response.content.decode()
    assert _is_styled_error_page(html)
    assert "Sorry, there is a problem with the service" in html
    assert "may or may not have been saved" in html
    assert "half-saved" not in html


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


REQUEST_HOME = """
from django.db import OperationalError
from django.test import Client

from schools_platform.core.errors import server_error
response = Client(raise_request_exception=False).get(
    "/", secure=True, HTTP_HOST="platform.example.org"
)
print(response.status_code, response.get("Retry-After"), "govuk-template" in response.text)
"""


def test_production_home_page_is_a_503_while_postgresql_is_down(tmp_path):
    # What collectstatic leaves for the error page's two assets (the real run is slow).
    paths = {name: name for name in ("css/app.css", "govuk/assets/images/favicon.ico")}
    (tmp_path / "staticfiles.json").write_text(json.dumps({"version": "1.1", "paths": paths}))
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{_closed_port()}/platform",
        "CACHE_URL": "locmemcache://",
        "STATIC_ROOT": str(tmp_path),
    }
    result = _manage("shell", "-c", REQUEST_HOME, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "503 120 True"


def test_an_outage_outside_a_view_is_a_503_too(rf):
    # handler500 sees the exception a middleware raised (Django calls it inside `except`).
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert response.status_code == 503
    assert "Retry-After" in response
