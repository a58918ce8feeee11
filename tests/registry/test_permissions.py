import pytest
from django.urls import reverse

from schools_platform.core.models import AuditEvent
from schools_platform.registry.selectors import schools_for_user
from schools_platform.registry.services import revoke_school_access


@pytest.mark.django_db
def test_school_leader_sees_only_their_school(leader_a, school_a, school_b):
    assert list(schools_for_user(leader_a)) == [school_a]


@pytest.mark.django_db
def test_officer_sees_every_school(officer, school_a, school_b):
    assert set(schools_for_user(officer)) == {school_a, school_b}


@pytest.mark.django_db
def test_grant_and_revoke_are_audited(officer, leader_a, school_a):
    revoke_school_access(actor=officer, user=leader_a, school=school_a)
    assert list(schools_for_user(leader_a)) == []
    verbs = list(
        AuditEvent.objects.filter(target_id=str(school_a.pk)).values_list("verb", flat=True)
    )
    assert "school_access.granted" in verbs and "school_access.revoked" in verbs


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["school-detail"])
def test_other_schools_page_is_404_like_a_missing_one(client, leader_a, school_b, name):
    client.force_login(leader_a)
    forbidden = client.get(reverse(name, args=[school_b.urn]))
    missing = client.get(reverse(name, args=[999999]))
    assert forbidden.status_code == missing.status_code == 404


@pytest.mark.django_db
def test_school_pages_refuse_anonymous_visitors(client, school_a):
    for url in [reverse("school-list"), reverse("school-detail", args=[school_a.urn])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_leader_list_page_shows_only_own_school(client, leader_a, school_a, school_b):
    client.force_login(leader_a)
    body = client.get(reverse("school-list")).content.decode()
    assert school_a.name in body
    assert school_b.name not in body


@pytest.mark.django_db
def test_api_schools_scoped_and_refuses_anonymous(client, leader_a, school_a, school_b):
    assert client.get("/api/schools/").status_code in (401, 403)
    client.force_login(leader_a)
    data = client.get("/api/schools/").json()
    assert [row["urn"] for row in data["results"]] == [school_a.urn]
    assert client.get(f"/api/schools/{school_b.urn}/").status_code == 404
    assert client.get(f"/api/schools/{school_a.urn}/").status_code == 200


@pytest.mark.django_db
def test_api_token_authentication_is_scoped_too(client, leader_a, school_a, school_b):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=leader_a)
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    data = client.get("/api/schools/", **headers).json()
    assert [row["urn"] for row in data["results"]] == [school_a.urn]
    assert client.get(f"/api/schools/{school_b.urn}/", **headers).status_code == 404
    bad = client.get("/api/schools/", HTTP_AUTHORIZATION="Token not-a-real-token")
    assert bad.status_code == 401


@pytest.mark.django_db
def test_openapi_schema_lists_the_platform_api_only(client):
    schema = client.get("/api/schema/?format=json").json()
    assert "/api/schools/" in schema["paths"]
    assert "/representation/api/report/" in schema["paths"]
    assert not any(path.startswith("/admin/") for path in schema["paths"])


@pytest.mark.django_db
def test_school_search_by_name_or_urn_stays_within_the_users_schools(
    client, leader_a, school_a, school_b
):
    client.force_login(leader_a)
    by_urn = client.get(reverse("school-list"), {"q": str(school_a.urn)[:4]}).content.decode()
    assert school_a.name in by_urn and school_b.name not in by_urn
    other = client.get(reverse("school-list"), {"q": school_b.name}).content.decode()
    # The search box echoes the query; no result row may name the other school.
    assert "No schools match" in other
    assert "govuk-table" not in other


@pytest.mark.django_db
def test_openapi_schema_is_valid_with_no_warnings(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/schools/{urn}/" in out.read_text()
