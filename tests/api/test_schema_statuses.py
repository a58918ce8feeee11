"""The statuses the API answers are the ones its schema documents, and its inputs agree."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.factories import make_school


@pytest.fixture
def schema(client):
    return client.get("/api/schema/?format=json").json()


def responses(schema, path, method="get"):
    return schema["paths"][path][method]["responses"]


@pytest.mark.django_db
def test_refusals_are_documented(schema):
    assert {"200", "401", "403", "404", "429"} <= set(responses(schema, "/api/schools/{urn}/"))
    assert {"200", "401", "403", "404", "429"} <= set(responses(schema, "/api/schools/"))
    assert {"200", "400", "401", "415"} <= set(responses(schema, "/api/token/", "post"))
    report = responses(schema, "/representation/api/report/")
    assert {"200", "400", "401", "403", "404", "429"} <= set(report)
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]


@pytest.mark.django_db
def test_token_needs_no_token_and_its_refusal_names_the_field(client, schema):
    assert {} in schema["paths"]["/api/token/"]["post"]["security"]
    response = client.post("/api/token/", {"username": "nobody"})
    assert response.status_code == 400
    assert response.json() == {"password": ["This field is required."]}


@pytest.mark.django_db
def test_page_must_be_a_whole_number_from_one(client, schema, leader_a, school_a):
    (page,) = schema["paths"]["/api/schools/"]["get"]["parameters"]
    assert page["schema"] == {"type": "integer", "minimum": 1}
    client.force_login(leader_a)
    assert client.get("/api/schools/", {"page": "1"}).status_code == 200
    for value in ["", "0", "-1", "x", "last", "1.0", "2"]:
        response = client.get("/api/schools/", {"page": value})
        assert response.status_code == 404, value
        assert response.json() == {"detail": "Invalid page."}


@pytest.mark.django_db
def test_a_urn_the_router_cannot_match_still_answers_json_404(client, leader_a, school_a):
    token = Token.objects.create(user=leader_a)
    for path in ["/api/schools/1.5/", "/api/schools/1/2/", "/api/nothing-here/"]:
        response = client.get(path, HTTP_AUTHORIZATION=f"Token {token.key}")
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not found."}
    assert client.get("/api/schools").status_code == 301  # APPEND_SLASH still redirects


@pytest.mark.django_db
def test_report_year_is_bounded_in_the_schema_and_the_view(client, officer, schema):
    from tests.representation.builders import add_people

    add_people(make_school(), year=2024, white_british=30, asian_indian=12)
    parameters = schema["paths"]["/representation/api/report/"]["get"]["parameters"]
    (year,) = [p for p in parameters if p["name"] == "year"]
    assert year["schema"] == {"type": "integer", "minimum": 1900, "maximum": 2100}
    client.force_login(officer)
    url = reverse("representation:api-report")
    assert client.get(url, {"year": "2024"}).status_code == 200
    for value in ["0", "", "2024.5", "1899", "2101", "twenty"]:
        response = client.get(url, {"year": value})
        assert response.status_code == 400, value
        assert "year" in response.json()["errors"]
    # Well-formed, but no figures for that year or group: not found, as the schema says.
    for params in [{"year": "2050"}, {"group": "no-such-group"}, {"scope": "council:999"}]:
        response = client.get(url, params)
        assert response.status_code == 404, params
        assert response.json()["detail"]
