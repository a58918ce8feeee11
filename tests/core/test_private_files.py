"""Private files: every import file answers 404 to anyone who may not see its job, in the
embedded runtime (DEBUG, public media served) and in production (DEBUG off) alike; a permitted
officer gets it as an attachment that the browser will not sniff."""

import importlib
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import clear_url_caches

from schools_platform import urls as root_urls
from schools_platform.core import roles
from schools_platform.core.private_files import private_storage

from ..factories import make_user
from ..imports.helpers import csv_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def job_with_failed_rows(officer, school_a):
    rows = [["URN", "Year", "Ethnicity", "Pupils"], [str(school_a.urn), "2025", "irish", "x"]]
    job = upload(officer, "pupil-census", csv_bytes(rows))
    assert job.failed_rows_file
    return job


def private_names(job):
    return [job.file.name, job.failed_rows_file.name]


@pytest.fixture(params=[True, False], ids=["embedded-DEBUG", "production-DEBUG-off"])
def runtime(request, tmp_path):
    """Real folders on disk, and the URLconf as each runtime builds it."""
    media, private = tmp_path / "media", tmp_path / "private"
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media},
        },
        "private": {
            "BACKEND": "schools_platform.core.private_files.PrivateFileSystemStorage",
            "OPTIONS": {"location": private},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(
        DEBUG=request.param, STORAGES=storages, MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=private
    ):
        importlib.reload(root_urls)
        clear_url_caches()
        yield {"media": media, "private": private}
    importlib.reload(root_urls)
    clear_url_caches()


def test_files_are_stored_outside_the_public_media_folder(runtime, job_with_failed_rows):
    for name in private_names(job_with_failed_rows):
        assert (runtime["private"] / name).is_file()
        assert not (runtime["media"] / name).exists()
        assert not default_storage.exists(name)
        assert job_with_failed_rows.file.url.startswith("/files/imports/")


def test_anonymous_and_unpermitted_users_get_404_for_every_private_file(
    client, runtime, job_with_failed_rows, leader_a, data_steward
):
    learner = make_user(roles.LEARNER)
    for name in private_names(job_with_failed_rows):
        for url in (f"/files/{name}", f"/media/{name}"):
            client.logout()
            assert client.get(url).status_code == 404, url
            for user in (leader_a, data_steward, learner):
                client.force_login(user)
                assert client.get(url).status_code == 404, (url, user)


def test_the_permitted_officer_gets_the_file_as_a_nosniff_attachment(
    client, runtime, officer, job_with_failed_rows
):
    client.force_login(officer)
    for field in (job_with_failed_rows.file, job_with_failed_rows.failed_rows_file):
        response = client.get(field.url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert Path(field.name).name in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        with private_storage().open(field.name, "rb") as handle:
            assert b"".join(response.streaming_content) == handle.read()
    # The public media URL does not serve it, even to the officer.
    assert client.get(f"/media/{job_with_failed_rows.file.name}").status_code == 404


def test_a_name_no_job_holds_is_404_even_for_the_officer(client, officer, job_with_failed_rows):
    client.force_login(officer)
    for name in ["imports/nothing.csv", "../settings.py", "imports/../../etc/passwd", ""]:
        assert client.get(f"/files/{name}").status_code == 404


def test_a_private_root_inside_the_public_media_folder_is_refused(tmp_path):
    from schools_platform.core.checks import private_media_is_not_public

    with override_settings(MEDIA_ROOT=tmp_path, PRIVATE_MEDIA_ROOT=tmp_path / "private"):
        assert [e.id for e in private_media_is_not_public(None)] == ["core.E001"]
    with override_settings(MEDIA_ROOT=tmp_path / "media", PRIVATE_MEDIA_ROOT=tmp_path / "p"):
        assert private_media_is_not_public(None) == []
