"""CSV, XLSX and JSON carry the same published figures as the page, spreadsheet-safe."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from schools_platform.core.models import AuditEvent
from tests.factories import make_school

from .builders import add_people

PARAMS = {"group": "governors", "year": 2024, "scope": "council:901"}


def csv_rows(client, **params):
    response = client.get(reverse("representation:export", args=["csv"]), params or PARAMS)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_book(client, **params):
    response = client.get(reverse("representation:export", args=["xlsx"]), params or PARAMS)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def find(rows, **match):
    return [r for r in rows if all(str(r[k]) == str(v) for k, v in match.items())]


def test_csv_has_the_published_table(client, officer, two_councils):
    client.force_login(officer)
    rows = csv_rows(client)
    white = find(rows, table="High-level ethnic groups", category_code="white", measure="count")
    assert [(r["population"], r["value"]) for r in white][:2] == [
        ("Governors appointed in 2024", "55"),
        ("Applicants in 2024", "80"),
    ]
    black = find(rows, table="High-level ethnic groups", category_code="black", measure="count")
    assert black[0]["value"] == "c"


def test_xlsx_numbers_are_numbers_and_suppressed_cells_are_c(client, officer, two_councils):
    client.force_login(officer)
    book = xlsx_book(client)
    sheet = book["Data"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(2)]
    white = find(rows, category_code="white", measure="count", population="Applicants in 2024")
    assert white[0]["value"] == 80 and isinstance(white[0]["value"], int)
    black = find(rows, category_code="black", measure="count")
    assert black[0]["value"] == "c"
    notes = " ".join(str(c.value) for c in book["Notes"]["A"])
    assert "from 1 to 7" in notes and "c: confidential" in notes


def test_school_names_cannot_become_formulae(client, officer, two_councils):
    evil = make_school(two_councils["north"], name='=HYPERLINK("http://x","y")', area="North")
    add_people(evil, year=2024, white_british=30)
    client.force_login(officer)
    rows = csv_rows(client)
    schools = {r["population"] for r in find(rows, table="Schools")}
    assert '\'=HYPERLINK("http://x","y")' in schools
    sheet = xlsx_book(client)["Data"]
    values = {c.value for c in sheet["E"]}
    assert '\'=HYPERLINK("http://x","y")' in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_api_returns_the_same_rows_as_the_csv(client, officer, two_councils):
    client.force_login(officer)
    rows = csv_rows(client)
    data = client.get(reverse("representation:api-report"), PARAMS).json()
    assert data["policy"] == {"suppress_up_to": 7, "round_to": 5, "min_percentage_base": 30}
    assert data["symbols"]["c"].startswith("confidential")
    assert [str(r["value"]) for r in data["rows"]] == [r["value"] for r in rows]


def test_api_accepts_a_token_and_refuses_strangers(client, officer, leader_a, two_councils):
    url = reverse("representation:api-report")
    assert client.get(url, PARAMS).status_code in (401, 403)
    token = Token.objects.create(user=officer)
    response = client.get(url, PARAMS, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    client.force_login(leader_a)
    assert client.get(url, PARAMS).status_code == 403


def test_api_names_a_bad_filter(client, officer, two_councils):
    client.force_login(officer)
    response = client.get(reverse("representation:api-report"), {**PARAMS, "year": "1066"})
    assert response.status_code == 400
    assert "year" in response.json()["errors"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_downloads_are_audited(client, officer, two_councils, fmt):
    client.force_login(officer)
    client.get(reverse("representation:export", args=[fmt]), PARAMS)
    event = AuditEvent.objects.get(verb="representation.exported")
    assert event.details == {
        "format": fmt,
        "group": "governors",
        "year": 2024,
        "scope": "council:901",
    }


def test_unknown_download_format_is_not_found(client, officer, two_councils):
    client.force_login(officer)
    assert client.get("/representation/download.pdf").status_code == 404
