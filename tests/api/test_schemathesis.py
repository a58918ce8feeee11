"""A bounded schemathesis run against /api/schema/, in-process through Django's WSGI app.

Every operation the schema publishes is called with generated data, valid and invalid
(fixed seed, derandomized, a fixed number of examples), signed in with an officer's token.
Every response must be no 5xx, have a status code and body the schema documents, accept what
the schema calls valid and refuse what it calls invalid.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from schools_platform.core import roles
from tests.factories import make_authority, make_school, make_user
from tests.representation.builders import add_people

EXAMPLES = 25

CONFIG = schemathesis.config.SchemathesisConfig.from_dict(
    {
        "seed": 20261201,
        "generation": {"mode": "all", "max-examples": EXAMPLES, "deterministic": True},
        "phases": {"stateful": {"enabled": False}},
        "operations": [
            {
                # DRF answers wrong credentials, valid in form, with 400 (documented).
                "include-path": "/api/token/",
                "checks": {"positive_data_acceptance": {"expected-statuses": ["200", "400"]}},
            }
        ],
    }
)

APP = WSGIHandler()
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", APP, config=CONFIG)


@pytest.fixture
def token(db):
    # Django's test client does the same: requests share the test's transaction, so the
    # per-request connection clean-up must not close it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    north = make_authority(la_code="901", name="Northvale")
    alder = make_school(north, name="Alder Primary", phase="Primary", area="North")
    make_school(north, name="Aspen High", phase="Secondary", area="North")
    add_people(alder, year=2024, white_british=30, asian_indian=12)
    add_people(alder, year=2024, stage="applied", white_british=40, asian_indian=20)
    officer = make_user(roles.COUNCIL_OFFICER, username="officer")
    yield Token.objects.create(user=officer).key
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_answers_as_its_schema_says(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"})
