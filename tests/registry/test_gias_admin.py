"""The officers' "Schools" menu: the school list with filters, search and safe exports, and the
GIAS import screen."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from schools_platform.imports.models import ImportJob
from schools_platform.registry.models import School
from tests.factories import make_authority, make_school
from tests.imports.helpers import DATA

SCHOOLS_URL = "/admin/schools/"


def body(response) -> bytes:
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def names(response):
    return {school.name for school in response.context["object_list"]}


def test_officer_sees_the_schools_menu_with_the_gias_import(client, officer):
    client.force_login(officer)
    page = client.get("/admin/").content.decode()
    assert "All schools" in page
    assert "Import from GIAS" in page
    assert reverse("imports:upload", args=["gias"]) in page


def test_data_steward_sees_the_list_but_not_the_import(client, data_steward):
    client.force_login(data_steward)
    page = client.get("/admin/").content.decode()
    assert "All schools" in page
    assert "Import from GIAS" not in page


def test_list_filters_by_authority_phase_and_status(client, officer):
    north, south = make_authority(la_code="981"), make_authority(la_code="982")
    make_school(north, name="North Primary", phase="Primary")
    make_school(north, name="North High", phase="Secondary")
    make_school(south, name="South Primary", phase="Primary", status="Closed")
    client.force_login(officer)
    assert names(client.get(SCHOOLS_URL, {"authority": north.pk})) == {
        "North Primary",
        "North High",
    }
    assert names(client.get(SCHOOLS_URL, {"phase": "Primary"})) == {
        "North Primary",
        "South Primary",
    }
    assert names(client.get(SCHOOLS_URL, {"status": "Closed"})) == {"South Primary"}
    assert names(client.get(SCHOOLS_URL, {"q": "high"})) == {"North High"}


def test_schools_cannot_be_edited_outside_the_import(client, officer, school_a):
    client.force_login(officer)
    assert client.get(f"{SCHOOLS_URL}new/").status_code in (302, 403)
    response = client.post(f"{SCHOOLS_URL}edit/{school_a.pk}/", {"name": "Hacked"})
    assert response.status_code in (302, 403)
    school_a.refresh_from_db()
    assert school_a.name == "Alder Primary"


def test_csv_export_escapes_formulae_and_keeps_the_filter(client, officer):
    authority = make_authority(la_code="983")
    make_school(authority, name='=HYPERLINK("http://evil.invalid","Click")', urn=983001)
    make_school(authority, name="+Plus Academy", urn=983002, phase="Secondary")
    client.force_login(officer)
    response = client.get(SCHOOLS_URL, {"export": "csv", "authority": authority.pk})
    assert response.status_code == 200
    table = list(csv.reader(io.StringIO(body(response).decode("utf-8-sig"))))
    by_urn = {row[0]: row for row in table[1:]}
    assert set(by_urn) == {"983001", "983002"}
    assert by_urn["983001"][1] == '\'=HYPERLINK("http://evil.invalid","Click")'
    assert by_urn["983002"][1] == "'+Plus Academy"


def test_xlsx_export_keeps_numbers_as_numbers_and_writes_no_formula(client, officer):
    make_school(make_authority(la_code="984"), name="-Minus School", urn=984001)
    client.force_login(officer)
    response = client.get(SCHOOLS_URL, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(body(response))).active
    rows = list(sheet.iter_rows(min_row=2))
    row = next(r for r in rows if r[0].value == 984001)
    assert isinstance(row[0].value, int)
    assert row[1].value == "'-Minus School"
    assert all(cell.data_type != "f" for r in rows for cell in r)


def test_gias_screen_upload_preview_confirm(client, officer, django_capture_on_commit_callbacks):
    client.force_login(officer)
    page = client.get(reverse("imports:upload", args=["gias"])).content.decode()
    assert "Import: Schools from GIAS" in page
    assert "<code>URN</code>" in page and "<code>LA (code)</code>" in page

    content = (DATA / "gias_extract.csv").read_bytes()
    response = client.post(
        reverse("imports:upload", args=["gias"]),
        {"file": SimpleUploadedFile("edubasealldata.csv", content, content_type="text/csv")},
    )
    job = ImportJob.objects.get()
    preview = client.get(response["Location"]).content.decode()
    assert "New authority: 991 Testshire." in preview
    assert '<th scope="row">New</th><td>8</td>' in preview
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[job.pk]))
    assert School.objects.count() == 8
    assert "Imported" in client.get(response["Location"]).content.decode()


def test_gias_screen_shows_the_bad_row(client, officer):
    client.force_login(officer)
    content = (DATA / "gias_extract_bad_row.csv").read_bytes()
    response = client.post(
        reverse("imports:upload", args=["gias"]),
        {"file": SimpleUploadedFile("gias.csv", content, content_type="text/csv")},
    )
    page = client.get(response["Location"]).content.decode()
    assert "<td>4</td><td>OpenDate</td>" in page
    assert "1 row has problems. Nothing has been imported." in page
    assert School.objects.count() == 0
