"""The downloads kit: one BOM policy, formula-safe cells, typed values, attachment headers;
and the shared GOV.UK includes."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from schools_platform.core import downloads

from ..factories import make_school

HOSTILE = ['=HYPERLINK("http://evil.invalid")', "+1", "-2", "@SUM(A1)", "\tx", "＝1"]


def test_every_csv_starts_with_one_byte_order_mark_and_escapes_formulae():
    content = downloads.csv_bytes(["Name", "When", "Count"], [[t, None, 3] for t in HOSTILE])
    assert content.startswith(b"\xef\xbb\xbf") and not content.startswith(b"\xef\xbb\xbf" * 2)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "When", "Count"]
    assert [r[0] for r in rows[1:]] == ["'" + t for t in HOSTILE]
    assert rows[1][1:] == ["", "3"]


def test_streamed_csv_is_the_same_file():
    rows = [["a", 1], ["=b", datetime.date(2026, 9, 1)]]
    assert "".join(downloads.csv_lines(["x", "y"], rows)).encode() == downloads.csv_bytes(
        ["x", "y"], rows
    )


def test_xlsx_keeps_types_and_writes_no_formula():
    content = downloads.xlsx_bytes(
        downloads.Sheet(
            "Data: 2026/27", [[t, 7, datetime.date(2026, 9, 1)] for t in HOSTILE], ["A", "B", "C"]
        ),
        downloads.Sheet("Notes", [["=1+1"]]),
    )
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Data  2026 27", "Notes"]
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [v[0] for v in values] == ["'" + t for t in HOSTILE]
    assert values[0][1] == 7 and values[0][2].date() == datetime.date(2026, 9, 1)
    assert all(c.data_type != "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)


def test_an_attachment_is_not_sniffed_cached_or_named_by_the_caller():
    response = downloads.attachment_response(b"x", '../../evil "name".csv', downloads.CSV)
    assert response["Content-Disposition"] == 'attachment; filename="------evil--name-.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
def test_pagination_keeps_the_search_on_every_link(client, officer, school_a):
    for n in range(60):
        make_school(school_a.authority, name=f"Oak School {n:02d}")
    client.force_login(officer)
    page = client.get(reverse("school-list"), {"q": "Oak"}).content.decode()
    assert 'href="?q=Oak&amp;page=2"' in page and 'aria-current="page"' in page
    second = client.get(reverse("school-list"), {"q": "Oak", "page": 2}).content.decode()
    assert 'href="?q=Oak&amp;page=1"' in second


@pytest.mark.django_db
def test_the_error_summary_links_each_message_to_its_field(client):
    page = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert "govuk-error-summary" in page
    assert 'href="#id_username"' in page and 'href="#id_password"' in page
