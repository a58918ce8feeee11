"""Completion by school, council, phase and area: schools, schools with no review, reviews
started, submitted, approved and overdue; each figure's list of schools; the downloads; the
API; who may see them; query counts at two sizes."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from openpyxl import load_workbook

from policies import services
from schools_platform.core import roles
from schools_platform.core.models import AuditEvent
from schools_platform.registry.services import grant_school_access
from tests.factories import make_authority, make_school, make_user

from .conftest import answer_all, assign, build_version


def _school(officer, authority, name, *, phase="Primary", area="North"):
    school = make_school(authority, name=name, phase=phase, area=area)
    leader = make_user(roles.SCHOOL_LEADER)
    grant_school_access(actor=officer, user=leader, school=school)
    return school, leader


def _review(school, leader, version, *, stage, reviewer=None):
    review = services.start_review(actor=leader, school=school, version=version, kind="behaviour")
    if stage == "started":
        return review
    answer_all(review, leader)
    review = services.submit_review(actor=leader, review=review)
    if stage == "submitted":
        return review
    assign(review, reviewer)
    next_on = timezone.localdate() + datetime.timedelta(days=-1 if stage == "overdue" else 300)
    return services.approve_review(actor=reviewer, review=review, next_review_on=next_on)


@pytest.fixture
def authority_view(officer, equalities, version):
    """Two councils: Eastshire (Ash, Birch: primary, north; Cedar: secondary, south) and
    Westshire (Damson: secondary, no area recorded)."""
    east = make_authority(la_code="931", name="Eastshire")
    west = make_authority(la_code="932", name="Westshire")
    ash, ash_head = _school(officer, east, "Ash Primary")
    birch, birch_head = _school(officer, east, "Birch Primary")
    cedar, cedar_head = _school(officer, east, "Cedar High", phase="Secondary", area="South")
    damson, _ = _school(officer, west, "Damson High", phase="Secondary", area="")
    _review(ash, ash_head, version, stage="overdue", reviewer=equalities)
    _review(ash, ash_head, version, stage="started")
    _review(birch, birch_head, version, stage="submitted")
    _review(cedar, cedar_head, version, stage="approved", reviewer=equalities)
    return {"east": east, "west": west, "ash": ash, "birch": birch, "cedar": cedar}


def _cells(text: str, label: str) -> list[str]:
    """The figures of one row of the table, as shown (the hidden link text left out)."""
    import re

    row = text.split(f'<th scope="row" class="govuk-table__header">{label}</th>', 1)[1]
    row = row.split("</tr>", 1)[0]
    row = re.sub(r'<span class="govuk-visually-hidden">.*?</span>', "", row)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in row.split("</td>")[:-1]]


def test_completion_by_council(client, equalities, authority_view, version):
    client.force_login(equalities)
    text = client.get(f"/policies/officer/completion/?version={version.pk}").content.decode()
    # Schools, with no review, started, submitted, approved, overdue.
    assert _cells(text, "Eastshire") == ["3", "0", "4", "3", "2", "1"]
    assert _cells(text, "Westshire") == ["1", "1", "0", "0", "0", "0"]
    assert _cells(text, "All shown") == ["4", "1", "4", "3", "2", "1"]
    assert "not of people" in text


def test_completion_by_phase_area_and_school_with_filters(
    client, equalities, authority_view, version
):
    client.force_login(equalities)
    base = f"/policies/officer/completion/?version={version.pk}"
    text = client.get(base + "&by=phase").content.decode()
    assert _cells(text, "Primary") == ["2", "0", "3", "2", "1", "1"]
    assert _cells(text, "Secondary") == ["2", "1", "1", "1", "1", "0"]
    text = client.get(base + "&by=area").content.decode()
    assert _cells(text, "Not recorded") == ["1", "1", "0", "0", "0", "0"]
    assert _cells(text, "South") == ["1", "0", "1", "1", "1", "0"]
    east = authority_view["east"].pk
    text = client.get(base + f"&by=school&council={east}").content.decode()
    ash = authority_view["ash"]
    assert _cells(text, f"Ash Primary ({ash.urn})") == ["1", "0", "2", "1", "1", "1"]
    assert "Damson High" not in text
    text = client.get(base + "&by=school&phase=Secondary&area=South").content.decode()
    assert "Cedar High" in text and "Damson High" not in text and "Ash Primary" not in text
    assert _cells(text, "All shown") == ["1", "0", "1", "1", "1", "0"]


def test_each_figure_links_to_its_schools(client, equalities, authority_view, version):
    client.force_login(equalities)
    east = authority_view["east"]
    text = client.get(f"/policies/officer/completion/?version={version.pk}").content.decode()
    link = (
        f"/policies/officer/completion/schools/?version={version.pk}&amp;by=council"
        f"&amp;figure=overdue&amp;group={east.pk}"
    )
    assert link in text
    listed = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Ash Primary" in listed
    assert "Birch Primary" not in listed and "Cedar High" not in listed
    base = f"/policies/officer/completion/schools/?version={version.pk}&by=council"
    listed = client.get(base + "&figure=none").content.decode()  # the total's figure
    assert "Damson High" in listed and "Ash Primary" not in listed
    listed = client.get(base + f"&figure=submitted&group={east.pk}").content.decode()
    assert all(name in listed for name in ("Ash Primary", "Birch Primary", "Cedar High"))
    listed = client.get(
        f"/policies/officer/completion/schools/?version={version.pk}&by=area&figure=schools&group="
    ).content.decode()
    assert "Damson High" in listed and "Cedar High" not in listed
    assert " other" not in listed and "not shown" not in listed
    assert client.get(base + "&figure=nonsense").status_code == 404
    assert client.get(base.replace(str(version.pk), "x") + "&figure=none").status_code == 404


def test_the_downloads_are_formula_safe_and_audited(client, equalities, officer, version):
    east = make_authority(la_code="933", name="=HYPERLINK(1)")
    school, head = _school(officer, east, "+Plus School", phase="-Minus", area="@At")
    _review(school, head, version, stage="submitted")
    client.force_login(equalities)
    base = f"/policies/officer/completion/?version={version.pk}&by=school"
    response = client.get(base + "&format=csv")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "School" and rows[0][1:3] == ["Schools", "Schools with no review"]
    assert rows[1][0].startswith("'+Plus School")
    assert rows[1][1:] == ["1", "0", "1", "1", "0", "0"]
    assert rows[-1][0] == "All shown"
    text = client.get(
        f"/policies/officer/completion/?version={version.pk}&by=council&format=csv"
    ).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    response = client.get(
        f"/policies/officer/completion/?version={version.pk}&by=phase&format=xlsx"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Phase" and sheet["A2"].value == "'-Minus"
    events = AuditEvent.objects.filter(verb="policies.report.exported").order_by("pk")
    assert [(e.details["report"], e.details["format"]) for e in events] == [
        ("completion", "csv"),
        ("completion", "csv"),
        ("completion", "xlsx"),
    ]
    assert events[0].actor_id == equalities.pk and events[0].target_id == str(version.pk)


def test_the_gap_analysis_download_is_audited_too(client, equalities, version):
    client.force_login(equalities)
    response = client.get(f"/policies/officer/gaps/?version={version.pk}&format=csv")
    assert response.status_code == 200
    event = AuditEvent.objects.get(verb="policies.report.exported")
    assert event.details["report"] == "gaps" and event.details["format"] == "csv"


def test_who_may_see_completion(client, leader_a, authority_view, equalities, version):
    page = f"/policies/officer/completion/?version={version.pk}"
    listing = f"/policies/officer/completion/schools/?version={version.pk}&figure=schools"
    api = "/policies/api/completion/"
    for url in (page, listing):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(api).status_code in (401, 403)
    # Another school's leader: refused, page, list, download and API alike.
    client.force_login(leader_a)
    for url in (page, listing, page + "&format=csv", api):
        assert client.get(url).status_code == 404, url
    assert not AuditEvent.objects.filter(verb="policies.report.exported").exists()


def test_a_reviewer_counts_only_the_schools_they_see(client, equalities, authority_view, version):
    """A reviewer who sees no school (an outside coach) gets an empty table, not the
    authority's figures."""
    coach = make_user(username="coach")
    coach.user_permissions.add(
        Permission.objects.get(content_type__app_label="policies", codename="review_policy")
    )
    client.force_login(coach)
    text = client.get(f"/policies/officer/completion/?version={version.pk}").content.decode()
    assert "No open schools you can see" in text and "Eastshire" not in text
    listed = client.get(
        f"/policies/officer/completion/schools/?version={version.pk}&figure=schools"
    ).content.decode()
    assert "Ash Primary" not in listed


def test_the_api(client, equalities, authority_view, version):
    client.force_login(equalities)
    rows = client.get(f"/policies/api/completion/?version={version.pk}").json()["results"]
    east = authority_view["east"]
    assert rows[0] == {
        "group": str(east.pk),
        "label": "Eastshire",
        "schools": 3,
        "schools_with_no_review": 0,
        "reviews_started": 4,
        "reviews_submitted": 3,
        "reviews_approved": 2,
        "reviews_overdue": 1,
    }
    rows = client.get(
        f"/policies/api/completion/?version={version.pk}&by=phase&council={east.pk}"
    ).json()["results"]
    assert [(r["label"], r["schools"]) for r in rows] == [("Primary", 2), ("Secondary", 1)]
    assert client.get("/policies/api/completion/?by=nonsense").status_code == 400
    assert client.get("/policies/api/completion/?council=x").status_code == 400
    assert client.get("/policies/api/completion/?version=999999").status_code == 404
    paths = set(client.get("/api/schema/?format=json").json()["paths"])
    assert "/policies/api/completion/" in paths


@pytest.mark.parametrize("schools", [2, 6])
def test_queries_at_two_sizes(
    client, django_assert_max_num_queries, officer, equalities, second_equalities, schools
):
    version = build_version(equalities, second_equalities)
    authority = make_authority()
    for n in range(schools):
        school, head = _school(officer, authority, f"Q School {n}", area=f"Area {n % 3}")
        _review(school, head, version, stage=["started", "submitted", "approved"][n % 3],
                reviewer=equalities)  # fmt: skip
    client.force_login(equalities)
    for by in ("council", "school", "area"):
        with django_assert_max_num_queries(10):
            response = client.get(f"/policies/officer/completion/?version={version.pk}&by={by}")
        assert response.status_code == 200
        rows = response.content.decode().count('class="govuk-table__header">Q School')
        assert rows == (schools if by == "school" else 0)
    with django_assert_max_num_queries(10):
        response = client.get(
            f"/policies/officer/completion/schools/?version={version.pk}&figure=schools"
        )
    assert response.content.decode().count('class="govuk-table__header"><a class="govuk-link"') == (
        schools
    )
    with django_assert_max_num_queries(12):
        assert client.get(f"/policies/api/completion/?version={version.pk}").status_code == 200
