import pytest
from django.urls import reverse

from tests.factories import PASSWORD, make_user


@pytest.mark.django_db
def test_sign_in_and_out(client):
    make_user(username="amira")
    response = client.post(reverse("login"), {"username": "amira", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home-dashboard")
    assert "Your dashboard" in client.get(reverse("home-dashboard")).content.decode()
    client.post(reverse("logout"))
    assert client.get(reverse("home-dashboard")).status_code == 302


@pytest.mark.django_db
def test_wrong_password_shows_error_summary(client):
    make_user(username="amira")
    body = client.post(reverse("login"), {"username": "amira", "password": "nope"}).content
    body = body.decode()
    assert "There is a problem" in body
    assert "govuk-error-summary" in body


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_even_with_the_right_password(client, settings):
    make_user(username="amira")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "amira", "password": "wrong-guess"})
    response = client.post(reverse("login"), {"username": "amira", "password": PASSWORD})
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["password123", "12345678901234", "short-1"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("a-long-and-unusual-passphrase-7")


@pytest.mark.django_db
def test_public_pages_open_to_visitors(client):
    from schools_platform.home.demo import seed_site

    seed_site()
    home = client.get("/")
    assert home.status_code == 200
    assert "Schools equity platform" in home.content.decode()
    statement = client.get(reverse("accessibility-statement")).content.decode()
    assert "WCAG" in statement or "Web Content Accessibility Guidelines" in statement
    assert client.get("/guidance-and-resources/").status_code == 200
