"""A framework through the import pipeline: bad rows named, nothing written; the rows go into
a draft (a published version never changes); an export re-imports unchanged."""

import pytest

from policies.models import Framework, FrameworkVersion, Item
from policies.resources import COLUMNS
from schools_platform.imports import services as imports
from schools_platform.imports.models import ImportJob
from tests.imports.helpers import csv_bytes, upload, xlsx_bytes

Status = ImportJob.Status

A = ("Our checklist", "A", "Statutory duties")
ROWS = [
    [*A, "A1", "Publish information", "", "", "Statutory duty", "Equality Act 2010", 1],
    [*A, "A2", "Set objectives", "", "", "statutory", "Regs 2011", 2],
    ["Our checklist", "B", "Leadership", "B1", "Governors lead", "Ask the chair", "Minutes"]
    + ["Good practice", "Council toolkit", 1],
]


def run(actor, content, capture, filename="framework.csv"):
    with capture(execute=True):
        job = upload(actor, "policy-framework", content, filename)
    job.refresh_from_db()
    assert job.status == Status.DRY_RUN_OK, job.row_errors or job.error_summary
    with capture(execute=True):
        imports.confirm(actor=actor, job=job)
    job.refresh_from_db()
    assert job.status == Status.SUCCEEDED, job.error_summary
    return job


def test_bad_rows_are_named_and_nothing_is_written(equalities):
    rows = [
        ROWS[0],
        ["Our checklist", "A", "Statutory duties", "A2", "", "", "", "Maybe", "", 2],
        ROWS[0],
    ]
    job = upload(equalities, "policy-framework", csv_bytes([list(COLUMNS), *rows]))
    assert job.status == Status.DRY_RUN_FAILED
    text = " ".join(f"{e['row']} {e.get('column', '')} {e['message']}" for e in job.row_errors)
    assert "3 Basis 'Maybe' is not a known code or label" in text
    assert "3 Statement This cell is blank" in text
    assert "Item A1 appears twice in section A" in text
    assert not Framework.objects.filter(name="Our checklist").exists()


def test_one_framework_a_file(equalities):
    rows = [ROWS[0], ["Another", *ROWS[1][1:]]]
    job = upload(equalities, "policy-framework", csv_bytes([list(COLUMNS), *rows]))
    assert job.status == Status.DRY_RUN_FAILED
    assert "A file holds one framework; this one names Another, Our checklist" in str(
        job.row_errors
    )


def test_only_framework_editors_import(leader_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        upload(leader_a, "policy-framework", csv_bytes([list(COLUMNS), *ROWS]))


def test_import_then_export_round_trips(
    client, equalities, second_equalities, django_capture_on_commit_callbacks
):
    from policies import services

    run(
        equalities, xlsx_bytes([list(COLUMNS), *ROWS]), django_capture_on_commit_callbacks, "f.xlsx"
    )
    draft = FrameworkVersion.objects.get(framework__name="Our checklist")
    assert draft.is_draft and draft.number == 1
    assert list(
        Item.objects.filter(section__version=draft)
        .order_by("section__order", "order")
        .values_list("section__code", "code", "basis")
    ) == [("A", "A1", "statutory"), ("A", "A2", "statutory"), ("B", "B1", "good_practice")]
    services.submit_version_for_approval(actor=equalities, version=draft)
    services.approve_version(actor=second_equalities, version=draft)

    client.force_login(equalities)
    response = client.get(f"/policies/frameworks/{draft.pk}/download/")
    assert response["Content-Disposition"].startswith("attachment")
    exported = response.content
    # Re-imported: a new draft (version 2) with the same items; version 1 is untouched.
    run(equalities, exported, django_capture_on_commit_callbacks)
    second = FrameworkVersion.objects.get(framework__name="Our checklist", number=2)
    assert second.is_draft
    fields = ("section__code", "section__title", "code", "statement", "guidance", "basis", "source")
    first_items = list(
        Item.objects.filter(section__version=draft).order_by("code").values_list(*fields)
    )
    assert (
        list(Item.objects.filter(section__version=second).order_by("code").values_list(*fields))
        == first_items
    )
    xlsx = client.get(f"/policies/frameworks/{draft.pk}/download/?format=xlsx")
    assert xlsx.content[:2] == b"PK"


def test_drafts_are_downloaded_only_by_their_editors(client, leader_a, equalities):
    from policies import services

    framework = services.create_framework(actor=equalities, name="Draft only")
    draft = services.start_draft_version(actor=equalities, framework=framework)
    client.force_login(leader_a)
    assert client.get(f"/policies/frameworks/{draft.pk}/download/").status_code == 404
    client.logout()
    assert client.get(f"/policies/frameworks/{draft.pk}/download/").status_code == 302
