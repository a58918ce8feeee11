"""The landed leak walk (tests/representation/test_no_small_counts_leak.py) over every
governor recruitment page, download and API answer.

1. Aggregates: on data full of groups of 1 to 7 people (per year, stage, source and ethnic
   group, and serving governors per school), every figure of the funnel page (at every year
   and every scope of the board make-up), its CSV and XLSX, the campaign report (every year
   and all years), its CSV and XLSX, the funnel and sources API, and the representation
   report, downloads and API for the serving governors' board make-up (every year and scope)
   is read: none is a count from 1 to 7.
2. Another school's data: a leader of school B opens every recruitment page, download and
   endpoint and finds nothing of school A's board (its applicants, its governors), and is
   refused A's records like missing ones.
3. Equality answers at person level: everyone who sees people (officers and the board's
   managers, in the pages, the API and the Wagtail screens and exports; the applicant; the
   serving governor) never sees anyone's monitoring answers.
"""

import csv
import io
import json
import random
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from openpyxl import load_workbook

from governors.choices import Category
from governors.models import Governor
from governors.recruitment import selectors, services
from governors.recruitment.models import Application, Stage
from schools_platform.equality.choices import ETHNICITY_CATEGORIES
from schools_platform.representation import services as representation_services
from tests.factories import make_user
from tests.governors.conftest import appoint
from tests.representation.builders import add_community, add_people, add_pupils
from tests.representation.test_no_small_counts_leak import SMALL, counts_in

from .builders import add_applications
from .conftest import DETAILS, publish

pytestmark = pytest.mark.django_db

CODES = [code for code, _label, _group in ETHNICITY_CATEGORIES if code != "white_british"]
YEARS = (2024, 2025)
LEADING_COUNT = re.compile(r"(\d[\d,]*)(?:\s*\(.*\))?")
SECRET_WORDS = "Zzyzxian heritage"
A_SURNAME = "Quennell"  # board A's serving governor and applicant


@pytest.fixture
def everywhere(officer, board_a, board_b, campaign, heard):
    """Two councils' boards with open vacancies; two years of applications by stage, source
    and ethnic group, most groups 1 to 7 people; serving governors and applicants of both
    schools recorded in small groups; pupils and community figures."""
    rng = random.Random(1212)
    school_a, school_b = (board.memberships.get().school for board in (board_a, board_b))
    listing_a, listing_b = publish(officer, board_a), publish(officer, board_b, title="Birch")
    stages = [Stage.APPLIED, Stage.SCREENED, Stage.INTERVIEWED, Stage.APPOINTED, Stage.DECLINED]
    for year in YEARS:
        for stage in stages:
            for source in ({"campaign": campaign}, {"heard": heard}, {}):
                small = {code: rng.randint(1, 7) for code in rng.sample(CODES, 4)}
                small["white_british"] = rng.choice([rng.randint(1, 7), rng.randint(8, 40)])
                small["not_known"] = rng.randint(0, 3)
                add_applications(year=year, stage=stage, **source, **small)
        for school in (school_a, school_b):
            for stage in ("applied", "appointed"):
                small = {code: rng.randint(1, 7) for code in rng.sample(CODES, 5)}
                small["white_british"] = rng.randint(8, 30)
                add_people(school, year=year, stage=stage, **small)
            small = {code: rng.randint(1, 7) for code in rng.sample(CODES, 5)}
            small["white_british"] = rng.randint(1, 40)
            add_people(school, year=year, group=services.SERVING_GROUP, **small)
            add_pupils(school, year=year, white_british=300, white_roma=3, asian_chinese=6)
    for school in (school_a, school_b):
        add_community(
            school.authority,
            area_code=f"E0800{school.authority.la_code}0",
            area_name=f"{school.authority.name} district",
            white_british=40000,
            other_arab=5,
        )
    # People of board A with monitoring answers: an applicant and a serving governor.
    secret = {
        "answers": {"ethnicity": "other_any", "ethnicity_other": SECRET_WORDS, "disability": "yes"},
        "consent_wording": "I agree.",
    }
    applicant = services.apply(
        actor=AnonymousUser(),
        listing=listing_a,
        details={**DETAILS, "last_name": A_SURNAME, "email": "q@example.org"},
        heard_about=heard,
        monitoring=secret,
    )
    services.apply(
        actor=AnonymousUser(),
        listing=listing_b,
        details={**DETAILS, "last_name": "Birchwood", "email": "b@example.org"},
        heard_about=heard,
        monitoring=secret,
    )
    term = appoint(officer, board_a, Category.CO_OPTED, first="Ivy", last=A_SURNAME)
    governor_user = make_user(username="ivy", email="ivy@example.org")
    Governor.objects.filter(pk=term.governor_id).update(user=governor_user)
    services.record_serving_monitoring(
        actor=governor_user, governor_id=term.governor_id, monitoring=secret
    )
    return {
        "listing_a": listing_a,
        "listing_b": listing_b,
        "board_a": board_a,
        "applicant": applicant,
        "governor_user": governor_user,
    }


# --- 1. no count of 1 to 7 --------------------------------------------------------------


def counts_in_page(content: bytes) -> tuple[list[int], int]:
    """Every count in the page's tables and charts: a cell's leading whole number ("15" or
    "15 (30%)"); not the campaign report's last two columns (a share and a number of days)."""
    soup = BeautifulSoup(content, "html.parser")
    texts = [t.get_text(strip=True) for t in soup.select("svg text")]
    for table in soup.select("table"):
        days = "Median days" in table.get_text()
        for row in table.select("tr"):
            cells = [td.get_text(strip=True) for td in row.select("td")]
            texts += cells[:-2] if days and len(cells) > 2 else cells
    counts = [int(m.group(1).replace(",", "")) for t in texts if (m := LEADING_COUNT.fullmatch(t))]
    return counts, sum(t == "c" or t.startswith("c (") for t in texts)


def counts_in_download(kind: str, content: bytes, count_columns) -> tuple[list[int], int]:
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(content)).active.iter_rows()]
    header, body = rows[0], rows[1:]
    wanted = [i for i, name in enumerate(header) if count_columns(str(name))]
    assert wanted, header
    values = [row[i] for row in body for i in wanted]
    counts = [int(v) for v in values if re.fullmatch(r"\d+", str(v))]
    return counts, sum(str(v) == "c" for v in values)


def _funnel_counts(name):
    return name != "Ethnic group" and not name.endswith("(%)")


def _source_counts(name):
    return name in selectors.SOURCE_COLUMNS


def _funnel_trend_counts(name):
    return name not in ("Stage", "Year") and not name.endswith("(%)")


def _source_trend_counts(name):
    return name.endswith(": applicants")


def aggregate_requests(officer):
    years = [str(y) for y in selectors.application_years()]
    assert {"2024", "2025"} <= set(years)
    options = representation_services.report_options(officer)
    scopes = ["all"]
    scopes += [f"council:{code}" for code, _name in options.councils]
    scopes += [f"phase:{phase}" for phase in options.phases]
    scopes += [f"area:{area}" for area in options.areas]
    assert len(scopes) >= 5
    funnel = reverse("governor_recruitment:funnel")
    for year in years:
        for scope in scopes:
            yield "funnel page", funnel, {"year": year, "scope": scope}, "page", None
        for fmt in ("csv", "xlsx"):
            url = reverse("governor_recruitment:export-funnel", args=[fmt])
            yield f"funnel {fmt}", url, {"year": year}, fmt, _funnel_counts
    for year in [*years, ""]:
        params = {"year": year} if year else {}
        yield "sources page", reverse("governor_recruitment:campaign-report"), params, "page", None
        for fmt in ("csv", "xlsx"):
            url = reverse("governor_recruitment:export-sources", args=[fmt])
            yield f"sources {fmt}", url, params, fmt, _source_counts
    for year in years:
        for name in ("api-funnel", "api-sources"):
            url = reverse(f"governor_recruitment:{name}")
            yield name, url, {"year": year}, "json", None
    # The trends by year (their tables and charts are on the funnel and sources pages).
    for fmt in ("csv", "xlsx"):
        url = reverse("governor_recruitment:export-funnel-trend", args=[fmt])
        yield f"funnel trend {fmt}", url, {}, fmt, _funnel_trend_counts
        url = reverse("governor_recruitment:export-sources-trend", args=[fmt])
        yield f"sources trend {fmt}", url, {}, fmt, _source_trend_counts
    for name in ("api-funnel-trend", "api-sources-trend"):
        yield name, reverse(f"governor_recruitment:{name}"), {}, "json", None
    for year in options.groups[services.SERVING_GROUP]:
        for scope in scopes:
            params = {"group": services.SERVING_GROUP, "year": year, "scope": scope}
            yield "make-up report", reverse("representation:report"), params, "html", None
            for fmt in ("csv", "xlsx"):
                url = reverse("representation:export", args=[fmt])
                yield f"make-up {fmt}", url, params, f"rep-{fmt}", None
            yield "make-up API", reverse("representation:api-report"), params, "json", None


@pytest.mark.parametrize("round_to", [5, 1], ids=["rounded to 5", "exact counts"])
def test_no_count_of_one_to_seven_leaves_any_recruitment_output(
    client, officer, everywhere, settings, round_to
):
    settings.DISCLOSURE_ROUND_TO = round_to
    services.refresh_serving_make_up(actor=officer)
    client.force_login(officer)
    inspected, hidden, leaks, walked = 0, 0, [], set()
    for name, url, params, kind, columns in aggregate_requests(officer):
        response = client.get(url, params)
        assert response.status_code == 200, (name, params)
        if kind == "page":
            counts, suppressed = counts_in_page(response.content)
        elif kind in ("csv", "xlsx"):
            counts, suppressed = counts_in_download(kind, response.content, columns)
        else:
            counts, suppressed = counts_in(kind.removeprefix("rep-"), response.content)
        walked.add(name)
        inspected += len(counts)
        hidden += suppressed
        leaks += [(name, params, n) for n in counts if n in SMALL]
    assert not leaks, f"{len(leaks)} small counts published, e.g. {leaks[:5]}"
    assert len(walked) == 18
    # The walk really read figures, and really met small groups.
    assert inspected > 1000 and hidden > 300


def test_the_page_reader_sees_counts_and_skips_days():
    html = (
        b"<table><tr><td>15 (30.0%)</td><td>3</td><td>c</td></tr></table>"
        b"<table><tr><th>Median days</th></tr><tr><td>5</td><td>50%</td><td>4</td></tr></table>"
        b"<svg><text>6</text></svg>"
    )
    assert counts_in_page(html) == ([6, 15, 3, 5], 1)


# --- 2. another school's data ----------------------------------------------------------


def test_another_schools_leader_sees_nothing_of_board_a(client, leader_b, everywhere):
    applicant, board_a = everywhere["applicant"], everywhere["board_a"]
    client.force_login(leader_b)
    shown = {
        "listings": reverse("governor_recruitment:listings"),
        "applications": reverse("governor_recruitment:application-list"),
        "my applications": reverse("governor_recruitment:my-applications"),
        "monitoring": reverse("governor_recruitment:serving-monitoring"),
        "api listings": reverse("governor_recruitment:api-listing-list"),
        "api applications": reverse("governor_recruitment:api-application-list"),
        "dashboard": "/dashboard/",
    }
    for name, url in shown.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert A_SURNAME not in response.text and applicant.reference not in response.text, name
    assert "Birchwood" in client.get(shown["applications"]).text
    refused = {
        "application": reverse("governor_recruitment:application-detail", args=[applicant.pk]),
        "appoint": reverse("governor_recruitment:appoint", args=[applicant.pk]),
        "suggestions": reverse(
            "governor_recruitment:suggestions", args=[everywhere["listing_a"].pk]
        ),
        "invite": reverse("governor_recruitment:invite-monitoring", args=[board_a.pk]),
        "vacancies": reverse("governor_recruitment:board-vacancies", args=[board_a.pk]),
        "publish": reverse("governor_recruitment:publish", args=[board_a.pk]),
        "board applications": reverse("governor_recruitment:board-applications", args=[board_a.pk]),
        "change listing": reverse(
            "governor_recruitment:edit-listing", args=[everywhere["listing_a"].pk]
        ),
        "close listing": reverse(
            "governor_recruitment:close-listing", args=[everywhere["listing_a"].pk]
        ),
        "api application": reverse(
            "governor_recruitment:api-application-detail", args=[applicant.pk]
        ),
    }
    for name, url in refused.items():
        assert client.get(url).status_code == 404, name
    reports = [
        reverse("governor_recruitment:funnel"),
        reverse("governor_recruitment:campaign-report"),
        reverse("governor_recruitment:export-funnel", args=["csv"]),
        reverse("governor_recruitment:export-sources", args=["xlsx"]),
        reverse("governor_recruitment:api-funnel"),
        reverse("governor_recruitment:api-sources"),
        reverse("governor_recruitment:export-funnel-trend", args=["xlsx"]),
        reverse("governor_recruitment:export-sources-trend", args=["csv"]),
        reverse("governor_recruitment:api-funnel-trend"),
        reverse("governor_recruitment:api-sources-trend"),
    ]
    for url in reports:
        assert client.get(url).status_code == 403, url
    assert client.get("/admin/governors/recruitment/applications/").status_code in (302, 403)
    client.logout()
    for url in [*refused.values(), *reports, shown["applications"], shown["monitoring"]]:
        assert client.get(url).status_code in (302, 401, 403), url


# --- 3. no equality answer at person level ------------------------------------------------


def _no_answers(text: str, where: str):
    """Neither the applicant's own words nor the ethnic group they chose is on the page."""
    assert "Zzyzxian" not in text, where
    assert "Any other ethnic group" not in text, where


def test_no_equality_answer_reaches_anyone_who_sees_people(client, officer, leader_a, everywhere):
    applicant = everywhere["applicant"]
    services.move_stage(actor=officer, application=applicant, to_stage=Stage.SCREENED)
    person_pages = [
        reverse("governor_recruitment:application-list"),
        reverse("governor_recruitment:application-detail", args=[applicant.pk]),
        reverse("governor_recruitment:appoint", args=[applicant.pk]),
        reverse("governor_recruitment:suggestions", args=[everywhere["listing_a"].pk]),
        reverse("governor_recruitment:api-application-list"),
        reverse("governor_recruitment:api-application-detail", args=[applicant.pk]),
        reverse("governor_recruitment:invite-monitoring", args=[everywhere["board_a"].pk]),
        reverse("governor_recruitment:board-vacancies", args=[everywhere["board_a"].pk]),
        reverse("governors:board-detail", args=[everywhere["board_a"].pk]),
    ]
    for who in (officer, leader_a):
        client.force_login(who)
        for url in person_pages:
            response = client.get(url)
            assert response.status_code == 200, url
            _no_answers(response.text, url)
    client.force_login(officer)
    for screen in ("applications", "vacancies", "campaigns"):
        for params in ({}, {"export": "csv"}, {"export": "xlsx"}):
            response = client.get(f"/admin/governors/recruitment/{screen}/", params)
            assert response.status_code == 200, (screen, params)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if params.get("export") == "xlsx":
                sheet = load_workbook(io.BytesIO(body)).active
                body = json.dumps([[str(c.value) for c in r] for r in sheet.iter_rows()]).encode()
            _no_answers(body.decode("utf-8-sig", "replace"), screen)
    # The applicant's own page and the serving governor's page never show answers back.
    client.force_login(Application.objects.get(pk=applicant.pk).user)
    _no_answers(client.get(reverse("governor_recruitment:my-applications")).text, "mine")
    client.force_login(everywhere["governor_user"])
    page = client.get(reverse("governor_recruitment:serving-monitoring")).text
    assert "Zzyzxian" not in page and " checked" not in page
