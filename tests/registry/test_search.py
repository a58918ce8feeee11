"""Every search box ignores accents, case and the kind of apostrophe, quote or dash (issue 7).

The names are typed as an officer would type them on a UK keyboard; the stored names are as GIAS
publishes them (curly apostrophes, en dashes, accents). Runs on SQLite and PostgreSQL alike.
"""

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.models import Site

from schools_platform.core.audit import record
from schools_platform.home.models import DocumentLibraryPage
from schools_platform.imports import services
from schools_platform.imports.models import ImportJob
from schools_platform.registry.models import School
from tests.factories import make_authority, make_school
from tests.imports.helpers import upload
from tests.registry.test_gias_import import gias_rows, good_row

pytestmark = pytest.mark.django_db

NAMES = {
    "therese": "St Thérèse of Lisieux Catholic Primary",
    "facade": "Façade Arts Academy",
    "oreilly": "O’Reilly Memorial School",  # noqa: RUF001 (as GIAS spells it)
    "dash": "Hollins Nursery – Infant School",  # noqa: RUF001
    "quoted": "“Little Acorns” Nursery",  # noqa: RUF001
    "plain": "Parkside Primary",
}
# What a person types, and the names it must find (and only those).
QUERIES = [
    ("Therese", {"therese"}),
    ("st THERESE lisieux", {"therese"}),
    ("Facade", {"facade"}),
    ("FAÇADE", {"facade"}),
    ("façade", {"facade"}),
    ("O'Reilly", {"oreilly"}),
    ("o’reilly", {"oreilly"}),  # noqa: RUF001
    ("Nursery - Infant", {"dash"}),
    ("nursery — infant", {"dash"}),  # noqa: RUF001
    ('"Little Acorns"', {"quoted"}),
    ("nursery", {"dash", "quoted"}),
    ("Parkside", {"plain"}),
    ("Thérèse Parkside", set()),
]


@pytest.fixture
def schools():
    authority = make_authority(la_code="990")
    return {
        key: make_school(authority, name=name, urn=700000 + n)
        for n, (key, name) in enumerate(NAMES.items())
    }


def _found(names_shown, schools):
    return {key for key, school in schools.items() if school.name in names_shown}


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_member_school_search(client, officer, schools, query, expected):
    client.force_login(officer)
    response = client.get("/schools/", {"q": query})
    assert _found({s.name for s in response.context["page_obj"]}, schools) == expected


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_officer_school_access_search(client, officer, schools, query, expected):
    client.force_login(officer)
    response = client.get("/admin/school-access/", {"q": query})
    assert response.status_code == 200
    assert _found({s.name for s in response.context["page_obj"]}, schools) == expected


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_wagtail_school_listing_search(client, officer, schools, query, expected):
    client.force_login(officer)
    response = client.get("/admin/schools/", {"q": query})
    assert response.status_code == 200
    assert _found({s.name for s in response.context["object_list"]}, schools) == expected


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_audit_log_search_has_no_stored_copy_and_still_matches(
    client, officer, schools, query, expected
):
    for school in schools.values():
        record(actor=officer, verb="registry.test_touched", target=school)
    client.force_login(officer)
    response = client.get("/admin/audit-log/", {"q": query})
    assert response.status_code == 200
    labels = {event.target_label for event in response.context["object_list"]}
    assert _found({label.rsplit(" (", 1)[0] for label in labels}, schools) == expected


def test_document_library_search(client):
    library = Site.objects.get(is_default_site=True).root_page.add_child(
        instance=DocumentLibraryPage(title="Guidance", slug="guidance")
    )
    Document = get_document_model()
    for title in ("Thérèse’s toolkit", "Parkside checklist"):  # noqa: RUF001
        document = Document(title=title)
        document.file.save("doc.txt", ContentFile(b"text"), save=False)
        document.save()
    response = client.get(library.url, {"q": "therese's"})
    assert [d.title for d in response.context["documents"]] == ["Thérèse’s toolkit"]  # noqa: RUF001


def test_urn_prefix_still_finds_a_school(client, officer, schools):
    client.force_login(officer)
    response = client.get("/schools/", {"q": "70000"})
    assert len(response.context["page_obj"]) == len(NAMES)
    response = client.get("/admin/school-access/", {"q": str(schools["facade"].urn)})
    assert [s.name for s in response.context["page_obj"]] == [NAMES["facade"]]


def test_the_search_copy_follows_save_and_both_kinds_of_bulk_import(
    officer, django_capture_on_commit_callbacks
):
    school = make_school(name="Café Élan School", town="Bootle")
    assert school.search_text == "cafe elan school bootle"
    school.name = "Ça Va Academy"
    school.save()
    assert School.objects.get(pk=school.pk).search_text == "ca va academy bootle"

    def run(*rows):
        job = upload(officer, "gias", gias_rows(*rows), "gias.csv")
        assert job.status == ImportJob.Status.DRY_RUN_OK, job.row_errors
        with django_capture_on_commit_callbacks(execute=True):
            services.confirm(actor=officer, job=job)

    run(good_row(urn="990101", name="Noël Primary"))  # bulk_create
    assert School.objects.get(urn=990101).search_text == "noel primary"
    run(good_row(urn="990101", name="O’Brien Primary"))  # noqa: RUF001 (bulk_update)
    assert School.objects.get(urn=990101).search_text == "o'brien primary"


def test_the_migration_fills_existing_rows(schools):
    School.objects.update(search_text="")
    migration = __import__(
        "schools_platform.registry.migrations.0002_school_search_text", fromlist=["x"]
    )
    migration.fill_search_text(apps, None)
    assert School.objects.get(pk=schools["therese"].pk).search_text == (
        "st therese of lisieux catholic primary"
    )
    assert not School.objects.filter(search_text="").exists()


def test_search_queries_do_not_grow_with_the_schools(
    client, officer, django_assert_max_num_queries
):
    authority = make_authority(la_code="991")
    client.force_login(officer)

    def grow(count):
        for n in range(count):
            make_school(authority, name=f"St Thérèse {n} – Infant")

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, {"q": "Therese - infant"}).status_code == 200
        return len(captured)

    urls = ["/schools/", "/admin/school-access/", "/admin/schools/"]
    grow(3)
    small = {url: queries(url) for url in urls}
    grow(60)
    for url in urls:
        with django_assert_max_num_queries(small[url]):
            response = client.get(url, {"q": "Therese - infant"})
        assert response.status_code == 200


def test_the_search_copy_is_not_shown_on_the_inspect_page(client, officer, schools):
    client.force_login(officer)
    page = client.get(f"/admin/schools/inspect/{schools['facade'].pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert NAMES["facade"] in html
    assert "facade arts academy" not in html.lower()  # the normalised copy
    assert "Search text" not in html
