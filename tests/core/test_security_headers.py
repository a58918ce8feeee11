"""Content-Security-Policy, Cache-Control and sign-out on every kind of page (docs/security.md)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from schools_platform.home.demo import seed_site


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


def assert_strict(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    script = policy["script-src"]
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert [s for s in script if s.startswith("'nonce-")], script
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    return policy


@pytest.mark.django_db
def test_public_home_has_a_strict_policy_and_its_one_inline_script_the_nonce(client):
    seed_site()
    response = client.get("/")
    assert response.status_code == 200
    policy = assert_strict(response)
    nonce = next(s for s in policy["script-src"] if s.startswith("'nonce-"))[7:-1]
    body = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", body)
    assert inline == [f' nonce="{nonce}"']
    # A fresh nonce every time.
    assert assert_strict(client.get("/"))["script-src"] != policy["script-src"]


@pytest.mark.django_db
def test_member_pages_have_the_strict_policy(client, leader_a):
    client.force_login(leader_a)
    for url in [reverse("home-dashboard"), reverse("login"), "/schools/"]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert_strict(response)


@pytest.mark.django_db
def test_the_admin_has_its_own_policy_with_nothing_from_other_hosts(client, officer):
    officer.email = "officer@council.example"  # Wagtail would ask Gravatar for its avatar
    officer.save()
    client.force_login(officer)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    for sources in policy.values():
        assert all(s.startswith("'") or s in {"data:", "blob:"} for s in sources), policy
    assert "gravatar" not in response.content.decode()


@pytest.mark.django_db
def test_the_api_and_error_pages_have_the_strict_policy(client, leader_a):
    client.force_login(leader_a)
    for url in ["/api/schools/", "/api/schema/", "/no-such-page/"]:
        response = client.get(url)
        assert "Content-Security-Policy" in response, url
        policy = directives(response)
        assert policy["default-src"] == ["'self'"]
        assert "'unsafe-inline'" not in policy["script-src"]


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.django_db
def test_signed_in_pages_and_the_api_are_never_stored(client, leader_a, officer):
    seed_site()
    client.force_login(leader_a)
    for url in ["/", reverse("home-dashboard"), "/schools/", "/api/schools/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= cache_control(response), url
        assert "public" not in cache_control(response)
    client.force_login(officer)
    assert {"private", "no-store"} <= cache_control(client.get("/admin/"))


@pytest.mark.django_db
def test_api_answers_with_a_token_or_refused_are_never_stored(leader_a):
    token = Token.objects.create(user=leader_a)
    api = Client()
    with_token = api.get("/api/schools/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert with_token.status_code == 200
    assert {"private", "no-store"} <= cache_control(with_token)
    refused = api.get("/api/schools/")
    assert refused.status_code == 401
    assert {"private", "no-store"} <= cache_control(refused)


@pytest.mark.django_db
def test_public_pages_and_static_files_for_visitors_stay_cacheable(client):
    seed_site()
    assert "no-store" not in cache_control(client.get("/"))
    static = client.get(settings.STATIC_URL + "css/app.css")
    assert "no-store" not in cache_control(static)


LOGOUT_URLS = ["/accounts/logout/", "/admin/logout/", "/django-admin/logout/"]


def signed_in_client(user) -> Client:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    return browser


def is_signed_in(browser) -> bool:
    return browser.get(reverse("home-dashboard")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", LOGOUT_URLS)
def test_a_get_or_a_post_without_the_csrf_token_does_not_sign_out(url, officer):
    officer.is_superuser = officer.is_staff = True  # so /django-admin/ lets them in
    officer.save()
    browser = signed_in_client(officer)
    cookie = browser.cookies[settings.SESSION_COOKIE_NAME].value
    response = browser.get(url)
    assert response.status_code == 405
    assert browser.cookies[settings.SESSION_COOKIE_NAME].value == cookie  # not deleted
    assert is_signed_in(browser)
    response = browser.post(url)
    assert response.status_code == 403
    assert is_signed_in(browser)


@pytest.mark.django_db
@pytest.mark.parametrize("url", LOGOUT_URLS)
def test_a_post_with_the_csrf_token_signs_out(url, officer):
    officer.is_superuser = officer.is_staff = True
    officer.save()
    browser = signed_in_client(officer)
    browser.get(reverse("home-dashboard"))  # the page's form sets the CSRF cookie
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    response = browser.post(url, {"csrfmiddlewaretoken": token})
    assert response.status_code in (200, 302)
    assert not is_signed_in(browser)


@pytest.mark.django_db
def test_the_sign_in_form_does_not_take_focus():
    body = Client().get(reverse("login")).content.decode()
    assert "autofocus" not in body


def test_no_page_template_has_inline_style_or_a_script_without_the_nonce():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for package in ["schools_platform", "governors", "admissions", "cpd", "policies"]:
        for path in (root / package).rglob("templates/**/*.html"):
            if "email" in path.parts:  # e-mails are not pages; no policy applies to them
                continue
            text = path.read_text()
            if re.search(r"\sstyle=", text):
                offenders.append(f"{path.relative_to(root)}: style attribute")
            for tag in re.findall(r"<script\b[^>]*>", text):
                if "src=" not in tag and "nonce=" not in tag and "application/json" not in tag:
                    offenders.append(f"{path.relative_to(root)}: {tag}")
    assert offenders == []
