"""The representation page as people use it."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from .builders import add_people

URL = reverse("representation:report")


def page(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def table_rows(soup, table_id):
    table = soup.find("table", id=table_id)
    return {
        tr.find("th").get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in table.find("tbody").find_all("tr")
    }


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("user_fixture", ["leader_a", "clerk"])
def test_people_without_the_reports_permission_are_refused(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(URL).status_code == 403
    assert client.get(reverse("representation:export", args=["csv"])).status_code == 403
    assert client.get(reverse("representation:api-report")).status_code == 403


@pytest.mark.parametrize("user_fixture", ["officer", "data_steward", "race_officer"])
def test_report_roles_see_the_report(client, request, user_fixture, two_councils):
    soup = page(client, request.getfixturevalue(user_fixture))
    assert soup.find("h1").get_text(strip=True) == "Representation"
    assert soup.find("table", id="groups-table") is not None


def test_empty_state_before_anything_is_recorded(client, officer, school_a):
    soup = page(client, officer)
    assert "No groups recorded yet" in soup.get_text()
    assert soup.find("table") is None and soup.find("svg") is None
    assert soup.find(class_="govuk-error-summary") is None


def test_empty_state_for_a_year_with_nobody(client, officer, school_a, school_b):
    add_people(school_a, year=2024, white_british=40)
    add_people(school_b, year=2023, white_british=40)
    soup = page(client, officer, group="governors", year=2024, scope="council:902")
    assert "No one recorded for this choice" in soup.get_text()
    assert soup.find("table") is None


def test_defaults_to_the_latest_year_for_all_schools(client, officer, two_councils):
    soup = page(client, officer)
    assert "Showing governors in 2024 for All schools" in " ".join(soup.get_text().split())
    assert soup.find("select", id="id_year").find("option", selected=True).text == "2024"


def test_table_shows_published_figures_with_c_for_small_groups(client, officer, two_councils):
    rows = table_rows(page(client, officer), "groups-table")
    governors = {label: cells[:2] for label, cells in rows.items()}
    assert governors["White"] == ["95", "63%"]
    assert governors["Black, Black British, Black Welsh, Caribbean or African"] == ["c", "c"]
    assert governors["Total"] == ["150", "100%"]


def test_chart_is_an_accessible_image_with_the_tables_figures(client, officer, two_councils):
    soup = page(client, officer)
    chart = soup.find("svg", class_="app-chart")
    assert chart["role"] == "img"
    labelled_by = chart["aria-labelledby"].split()
    assert chart.find("title")["id"] in labelled_by and chart.find("desc")["id"] in labelled_by
    texts = [t.get_text(strip=True) for t in chart.find_all("text")]
    assert "63%" in texts  # White governors, as in the table
    assert "c (suppressed)" in texts
    assert chart.find_next("table")["id"] == "groups-table"


def test_every_table_has_a_caption_and_scoped_headers(client, officer, two_councils):
    soup = page(client, officer, scope="council:901")
    tables = soup.find_all("table")
    assert len(tables) >= 5
    for table in tables:
        assert table.find("caption").get_text(strip=True)
        assert all(th.get("scope") in {"col", "row", "colgroup"} for th in table.find_all("th"))


def test_gap_and_likelihood_are_on_the_page(client, officer, two_councils):
    soup = page(client, officer)
    gaps = table_rows(soup, "gaps-table")
    assert gaps["Asian, Asian British or Asian Welsh"] == ["\u22129", "+5", "+9"]
    text = " ".join(soup.get_text().split())
    assert "White applicants were 2.38 times as likely to be appointed" in text


def test_trend_chart_and_table_over_years(client, officer, two_councils):
    soup = page(client, officer)
    trend = table_rows(soup, "trend-table")
    assert trend["Asian, Asian British or Asian Welsh"] == ["33%", "14%"]
    assert trend["Number of people"] == ["90", "150"]
    assert soup.find(
        "svg", id=None, attrs={"aria-labelledby": "trend-chart-title trend-chart-desc"}
    )


def test_council_view_lists_its_schools_mostly_suppressed(client, officer, two_councils):
    soup = page(client, officer, scope="council:901")
    schools = table_rows(soup, "schools-table")
    assert set(schools) == {"Alder Primary", "Aspen High", "All schools shown"}
    assert "Birch Primary" not in soup.get_text()
    assert schools["Alder Primary"][1] == "c"  # three Black governors


def test_scope_choices_cover_councils_phases_and_areas(client, officer, two_councils):
    soup = page(client, officer)
    select = soup.find("select", id="id_scope")
    groups = {
        g["label"]: [o.text for o in g.find_all("option")] for g in select.find_all("optgroup")
    }
    assert groups == {
        "Councils": ["Northvale", "Southmere"],
        "Phases": ["Primary", "Secondary"],
        "Areas": ["North", "South"],
    }


def test_a_made_up_filter_is_an_error_not_a_report(client, officer, two_councils):
    soup = page(client, officer, scope="council:999")
    summary = soup.find(class_="govuk-error-summary")
    assert summary is not None and "Select a valid choice" in summary.get_text()
    assert soup.find("table", id="groups-table") is None


def test_methodology_and_downloads_are_linked(client, officer, two_councils):
    soup = page(client, officer, scope="council:901")
    methodology = soup.find(id="methodology").find_next("p").get_text()
    assert "from 1 to 7" in methodology
    links = [a["href"] for a in soup.find_all("a") if "download" in a["href"]]
    assert len(links) == 2
    assert all("scope=council%3A901" in href and "year=2024" in href for href in links)


def test_navigation_links_to_the_report(client, officer, two_councils):
    soup = page(client, officer)
    assert soup.find("a", href="/representation/") is not None
