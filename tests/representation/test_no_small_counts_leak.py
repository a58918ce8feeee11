"""No count of 1 to 7 people may leave the platform except as "c".

Builds a data set full of categories holding 1 to 7 people, then walks every page, download
and API answer that shows aggregates of people, at every filter (group, year, and each
scope: all schools, every council, phase and area), and reads every count out of it:
HTML table cells and SVG chart text, CSV and XLSX rows, JSON rows.

AGGREGATE_ENDPOINTS is the platform's list of such outputs. A module that adds one (a
dashboard tile, a governors diversity page, a CPD impact export...) adds it here, with a
function giving every filter combination and the kind of output, so this test covers it.
"""

import csv
import io
import json
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from openpyxl import load_workbook

from schools_platform.equality.choices import ETHNICITY_CATEGORIES
from schools_platform.representation import selectors
from tests.factories import make_authority, make_school

from .builders import add_community, add_people, add_pupils

SMALL = range(1, 8)
WHOLE_NUMBER = re.compile(r"\d[\d,]*")
CODES = [code for code, _label, _group in ETHNICITY_CATEGORIES]


def representation_filters(user) -> Iterable[dict]:
    options = selectors.report_options(user)
    scopes = ["all"]
    scopes += [f"council:{code}" for code, _name in options.councils]
    scopes += [f"phase:{phase}" for phase in options.phases]
    scopes += [f"area:{area}" for area in options.areas]
    for group, years in options.groups.items():
        for year in years:
            for scope in scopes:
                yield {"group": group, "year": year, "scope": scope}


@dataclass(frozen=True)
class Endpoint:
    name: str
    url: str
    kind: str  # "html", "csv", "xlsx" or "json"
    filters: Callable[[object], Iterable[dict]]


AGGREGATE_ENDPOINTS = [
    Endpoint(
        "representation report", reverse("representation:report"), "html", representation_filters
    ),
    Endpoint(
        "representation CSV",
        reverse("representation:export", args=["csv"]),
        "csv",
        representation_filters,
    ),
    Endpoint(
        "representation XLSX",
        reverse("representation:export", args=["xlsx"]),
        "xlsx",
        representation_filters,
    ),
    Endpoint(
        "representation API", reverse("representation:api-report"), "json", representation_filters
    ),
]


def _as_count(value):
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text.replace(",", "")) if WHOLE_NUMBER.fullmatch(text) else None


def counts_in_html(content: bytes) -> list[int]:
    """Every bare whole number in a table cell or in chart text (percentages, gaps and ratios
    carry %, a sign or a decimal point, so they are not read as counts)."""
    soup = BeautifulSoup(content, "html.parser")
    cells = [td.get_text(strip=True) for td in soup.select("table td")]
    cells += [t.get_text(strip=True) for t in soup.select("svg text")]
    return [n for n in map(_as_count, cells) if n is not None]


def counts_in_rows(rows: Iterable[dict]) -> list[int]:
    return [
        n
        for row in rows
        if row["measure"] == "count" and (n := _as_count(row["value"])) is not None
    ]


def counts_in(kind: str, content: bytes) -> tuple[list[int], int]:
    """(counts found, how many figures were suppressed)."""
    if kind == "html":
        soup = BeautifulSoup(content, "html.parser")
        hidden = sum(td.get_text(strip=True) == "c" for td in soup.select("table td"))
        return counts_in_html(content), hidden
    if kind == "csv":
        rows = list(csv.DictReader(io.StringIO(content.decode())))
    elif kind == "xlsx":
        sheet = load_workbook(io.BytesIO(content))["Data"]
        header = [c.value for c in sheet[1]]
        rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in sheet.iter_rows(2)]
    else:
        rows = json.loads(content)["rows"]
    hidden = sum(1 for r in rows if r["measure"] == "count" and r["value"] == "c")
    return counts_in_rows(rows), hidden


@pytest.fixture
def small_groups_everywhere(db):
    """Two councils, six schools in two phases and three areas, three years, two groups; in
    almost every school, year and stage several categories hold 1 to 7 people."""
    rng = random.Random(20240)
    councils = [make_authority(la_code="901", name="Northvale")]
    councils.append(make_authority(la_code="902", name="Southmere"))
    areas = ["Kirkby", "Halewood", "Prescot"]
    schools = [
        make_school(
            councils[i % 2],
            name=f"School {i}",
            phase="Primary" if i % 3 else "Secondary",
            area=areas[i % 3],
        )
        for i in range(6)
    ]
    for school in schools:
        for year in (2023, 2024, 2025):
            for group in ("governors", "appeal_panel"):
                for stage in ("appointed", "applied"):
                    small = {code: rng.randint(1, 7) for code in rng.sample(CODES, 6)}
                    small["white_british"] = rng.choice([rng.randint(1, 7), rng.randint(8, 40)])
                    if rng.random() < 0.5:
                        small["prefer_not_to_say"] = rng.randint(1, 3)
                    if rng.random() < 0.5:
                        small["not_known"] = rng.randint(1, 3)
                    add_people(school, year=year, stage=stage, group=group, **small)
            add_pupils(school, year=year, white_british=200, white_roma=3, asian_chinese=5)
    # A panel pool with no school belongs to the all-schools view only.
    add_people(None, year=2025, group="appeal_panel", black_caribbean=4, white_irish=2)
    for council in councils:
        add_community(
            council,
            area_code=f"E0800{council.la_code}0",
            area_name=f"{council.name} district",
            white_british=50000,
            white_roma=4,
            other_arab=6,
        )
    return schools


@pytest.mark.parametrize("round_to", [5, 1], ids=["rounded to 5", "exact counts"])
def test_no_count_of_one_to_seven_leaves_any_aggregate_output(
    client, officer, small_groups_everywhere, settings, round_to
):
    settings.DISCLOSURE_ROUND_TO = round_to
    client.force_login(officer)
    inspected, hidden, leaks = 0, 0, []
    for endpoint in AGGREGATE_ENDPOINTS:
        for params in endpoint.filters(officer):
            response = client.get(endpoint.url, params)
            assert response.status_code == 200, (endpoint.name, params)
            counts, suppressed = counts_in(endpoint.kind, response.content)
            inspected += len(counts)
            hidden += suppressed
            leaks += [(endpoint.name, params, n) for n in counts if n in SMALL]
    assert not leaks, f"{len(leaks)} small counts published, e.g. {leaks[:5]}"
    # The walk really read figures, and really met small groups.
    assert inspected > 1000 and hidden > 1000


def test_the_leak_detector_sees_a_small_count():
    html = b"<table><tr><td>12</td><td>3</td><td>40%</td><td>+3</td></tr></table>"
    html += b"<svg><text>5</text><text>5%</text></svg>"
    assert counts_in_html(html) == [12, 3, 5]
    rows = [
        {"measure": "count", "value": "4"},
        {"measure": "count", "value": "c"},
        {"measure": "percent", "value": "4"},
    ]
    assert counts_in_rows(rows) == [4]
