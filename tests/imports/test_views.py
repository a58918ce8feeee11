"""The officers' import screens in the Wagtail admin, as a browser would use them."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schools_platform.imports.models import ImportJob
from schools_platform.representation.models import PupilEthnicityCount

from .helpers import census_rows, csv_bytes, upload


def post_file(client, importer, content, name="census.csv"):
    return client.post(
        reverse("imports:upload", args=[importer]),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


@pytest.fixture
def census_job(officer, school_a):
    return upload(officer, "pupil-census", csv_bytes(census_rows([school_a])))


def test_anonymous_visitor_is_sent_to_sign_in_and_nothing_is_stored(client, school_a):
    response = post_file(client, "pupil-census", csv_bytes(census_rows([school_a])))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert ImportJob.objects.count() == 0
    export = client.get(reverse("imports:export", args=["pupil-census", "csv"]))
    assert export.status_code == 302 and "/login/" in export["Location"]


def test_anonymous_visitor_cannot_see_a_job(client, census_job):
    response = client.get(reverse("imports:job", args=[census_job.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def refused_by_wagtail(response):
    # Wagtail turns PermissionDenied in its admin into a redirect to the dashboard.
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_admin_user_without_the_permission_is_refused(client, data_steward, school_a, census_job):
    client.force_login(data_steward)
    assert refused_by_wagtail(client.get(reverse("imports:upload", args=["pupil-census"])))
    assert refused_by_wagtail(post_file(client, "pupil-census", csv_bytes(census_rows([school_a]))))
    assert ImportJob.objects.count() == 1
    assert client.get(reverse("imports:job", args=[census_job.pk])).status_code == 404
    confirm = client.post(reverse("imports:confirm", args=[census_job.pk]))
    assert confirm.status_code == 404
    census_job.refresh_from_db()
    assert census_job.status == ImportJob.Status.DRY_RUN_OK
    assert refused_by_wagtail(client.get(reverse("imports:export", args=["pupil-census", "xlsx"])))
    # The steward may export the school list (view_school) but sees nothing of the census.
    index = client.get(reverse("imports:index")).content.decode()
    assert "Schools from GIAS" in index
    assert "Pupil census" not in index
    assert "upload.csv" not in index


def test_school_leader_cannot_reach_the_admin_imports(client, leader_a):
    client.force_login(leader_a)
    response = client.get(reverse("imports:upload", args=["gias"]))
    assert response.status_code in (302, 403)
    assert ImportJob.objects.count() == 0


def test_officer_uploads_checks_confirms_and_sees_the_outcome(
    client, officer, school_a, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    page = client.get(reverse("imports:upload", args=["pupil-census"]))
    assert page.status_code == 200
    assert b"Upload and check" in page.content

    response = post_file(client, "pupil-census", csv_bytes(census_rows([school_a])))
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("imports:job", args=[job.pk])
    checked = client.get(response["Location"])
    assert b"Checked: ready to import" in checked.content
    assert b"Confirm and import" in checked.content

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:confirm", args=[job.pk]))
    done = client.get(reverse("imports:job", args=[job.pk]))
    assert b"Imported" in done.content
    assert b"What was imported" in done.content
    assert PupilEthnicityCount.objects.count() == 2


def test_running_job_page_shows_progress_and_a_refresh_link(client, officer, census_job):
    from django.core.cache import cache

    from schools_platform.imports import services

    ImportJob.objects.filter(pk=census_job.pk).update(
        status=ImportJob.Status.RUNNING, total_rows=2000
    )
    cache.set(services.progress_key(census_job.pk), 1500)
    client.force_login(officer)
    page = client.get(reverse("imports:job", args=[census_job.pk])).content.decode()
    assert "1,500 of 2,000 rows done" in page
    assert 'value="75"' in page
    assert "Refresh to see progress" in page


def test_unreadable_file_is_explained_on_the_form(client, officer):
    client.force_login(officer)
    response = post_file(client, "pupil-census", b"URN,Year\r\n1,2\r\n", "census.csv")
    assert response.status_code == 400
    assert "no column named &#x27;Ethnicity&#x27;" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_bad_rows_are_listed_and_downloadable(client, officer, school_a):
    rows = census_rows([school_a])
    rows[2][3] = "lots"
    client.force_login(officer)
    response = post_file(client, "pupil-census", csv_bytes(rows))
    page = client.get(response["Location"]).content.decode()
    assert "Checked: has errors" in page
    assert "<td>3</td><td>Pupils</td><td>&#x27;lots&#x27; is not a whole number.</td>" in page
    assert "Confirm and import" not in page

    job = ImportJob.objects.get()
    download = client.get(reverse("imports:failed_rows", args=[job.pk]))
    assert download["Content-Disposition"] == (
        f'attachment; filename="pupil-census-{job.pk}-failed-rows.csv"'
    )
    table = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert table[1][-2:] == ["3", "Pupils: 'lots' is not a whole number."]


def test_index_lists_the_importers_the_officer_may_use(client, officer):
    client.force_login(officer)
    page = client.get(reverse("imports:index")).content.decode()
    assert "Schools from GIAS" in page
    assert "Pupil census by ethnicity" in page


def test_export_downloads_current_data(
    client, officer, school_a, django_capture_on_commit_callbacks
):
    job = upload(officer, "pupil-census", csv_bytes(census_rows([school_a])))
    with django_capture_on_commit_callbacks(execute=True):
        client.force_login(officer)
        client.post(reverse("imports:confirm", args=[job.pk]))
    response = client.get(reverse("imports:export", args=["pupil-census", "csv"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="pupil-census-')
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == ["URN", "Year", "Ethnicity", "Pupils"]
    assert sorted(table[1:]) == [
        [str(school_a.urn), "2025", "black_african", "11"],
        [str(school_a.urn), "2025", "white_british", "10"],
    ]
