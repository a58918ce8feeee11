"""The sign-in lockout under production settings, behind one or two proxies.

The settings are read from a real production start (a subprocess: production.py refuses to
load without its environment), then applied to the test with `settings` so the sign-in runs
through the whole stack: django-axes, django-ipware, the login view.
"""

import json

import pytest
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
from django.urls import reverse

from tests.core.test_production_settings import PRODUCTION_ENV, _manage
from tests.factories import PASSWORD, make_user

READ_SETTINGS = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k) for k in dir(s) "
    "if k.startswith(('AXES_', 'IPWARE_')) and k.isupper()}, default=str))"
)
PROXY = "10.0.0.2"  # the proxy gunicorn sees (REMOTE_ADDR)
STRANGER = "81.2.69.160"
OFFICER = "2.125.160.216"


@pytest.fixture(scope="module", params=[1, 2], ids=["one-proxy", "two-proxies"])
def production_axes(request):
    result = _manage(
        "shell", "-c", READ_SETTINGS, env={**PRODUCTION_ENV, "PROXY_COUNT": str(request.param)}
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    return request.param, values


@pytest.fixture
def behind_proxy(production_axes, settings):
    proxies, values = production_axes
    for name, value in values.items():
        if name in {"AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME", "AXES_LOCKOUT_TEMPLATE"}:
            continue
        setattr(settings, name, value)
    return proxies


def forwarded(client_address: str, proxies: int, spoofed: str = "") -> dict:
    """Request headers as gunicorn sees them: each proxy appended its peer's address."""
    chain = [a for a in [spoofed, client_address] if a]
    chain += [f"10.0.1.{n}" for n in range(1, proxies)]  # proxies before the last one
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": ", ".join(chain)}


def test_the_client_address_is_the_one_the_trusted_proxies_saw(behind_proxy):
    for spoofed in ["", "1.2.3.4", "9.9.9.9, 8.8.8.8"]:
        request = RequestFactory().post(
            "/accounts/login/", **forwarded(STRANGER, behind_proxy, spoofed)
        )
        assert get_client_ip_address(request) == STRANGER
    # A client on the council's own network keeps its private address, even when it claims a
    # public one in front of it.
    inside = forwarded("10.20.30.40", behind_proxy, spoofed="8.8.8.8")
    assert (
        get_client_ip_address(RequestFactory().post("/accounts/login/", **inside)) == "10.20.30.40"
    )


@pytest.mark.django_db
def test_a_stranger_cannot_lock_the_officer_out_from_elsewhere(client, behind_proxy, settings):
    make_user(username="officer")
    login = reverse("login")
    for attempt in range(settings.AXES_FAILURE_LIMIT + 2):
        # Whatever the stranger writes into X-Forwarded-For, it is the same stranger.
        client.post(
            login,
            {"username": "officer", "password": "guess"},
            **forwarded(STRANGER, behind_proxy, spoofed=f"192.0.2.{attempt}"),
        )
    locked = client.post(
        login, {"username": "officer", "password": PASSWORD}, **forwarded(STRANGER, behind_proxy)
    )
    assert locked.status_code == 429

    officer = client.__class__()
    signed_in = officer.post(
        login, {"username": "officer", "password": PASSWORD}, **forwarded(OFFICER, behind_proxy)
    )
    assert signed_in.status_code == 302
    assert signed_in["Location"] == reverse("home-dashboard")


@pytest.mark.django_db
def test_the_lock_is_per_username_too(client, behind_proxy, settings):
    make_user(username="officer")
    make_user(username="steward")
    login = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            login, {"username": "officer", "password": "guess"}, **forwarded(STRANGER, behind_proxy)
        )
    # Same address, another account: a shared office connection does not lock everyone.
    other = client.post(
        login, {"username": "steward", "password": PASSWORD}, **forwarded(STRANGER, behind_proxy)
    )
    assert other.status_code == 302
