"""The completion report's charts, read as a user reads them: each chart stands before its
table and carries the table's own published figures (a suppressed "c" cell has no bar), the
monthly trend shows the rate needed and the forecast, and no count of 1 to 7 people appears in
a chart."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from cpd import reports
from cpd.models import (
    Allocation,
    Attendance,
    Booking,
    Completion,
    CompletionSource,
    Enrolment,
    EnrolmentStatus,
    ModuleKind,
    Organisation,
    OrganisationKind,
    Trainer,
)

from .conftest import make_learner, make_session

pytestmark = pytest.mark.django_db

BARE = re.compile(r"\d[\d,]*")


def _month(today, back):
    month = today.month - back
    return datetime.date(today.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _enrol(learner, phase, org):
    return Enrolment.objects.create(
        learner=learner,
        programme=phase.programme,
        phase=phase,
        organisation=org,
        status=EnrolmentStatus.ENROLLED,
    )


def _complete(learner, modules, on):
    for kind in (ModuleKind.E_LEARNING, ModuleKind.FACE_TO_FACE):
        Completion.objects.create(
            learner=learner, module=modules[kind], completed_on=on, source=CompletionSource.RECORDED
        )


@pytest.fixture
def busy(programme, phase, halton, wirral, modules):
    """Programme begun three months ago. Wirral: 50 places, 42 enrolled, 12 completed (in the
    first month); Sefton: 60 places, 40 enrolled, 20 completed (two months ago); Halton: 4
    places, 2 enrolled and completed (last month), so Halton's cells are "c" (and another
    organisation's too, to protect them). A face-to-face session: of Wirral's 42 bookings 12
    attended and 30 no-shows, 50 places; a reflection session of 10 places with 3 booked. Two
    trainers."""
    sefton = Organisation.objects.create(name="Sefton Council", kind=OrganisationKind.COUNCIL)
    today = timezone.localdate()
    first = _month(today, 3)
    programme.starts_on = first
    programme.save(update_fields=["starts_on"])
    Allocation.objects.create(phase=phase, organisation=wirral, places=50)
    Allocation.objects.create(phase=phase, organisation=halton, places=4)
    Allocation.objects.create(phase=phase, organisation=sefton, places=60)
    face = make_session(modules[ModuleKind.FACE_TO_FACE], days=-20, capacity=50)
    reflection = make_session(modules[ModuleKind.REFLECTION], days=5, capacity=10)
    jo = Trainer.objects.create(name="Jo Okafor", provider="Equality Works")
    sam = Trainer.objects.create(name="Sam Reid", provider="Equality Works")
    face.trainers.add(jo, sam)
    reflection.trainers.add(jo)
    for n in range(42):
        person = make_learner(wirral, n)
        enrolment = _enrol(person, phase, wirral)
        Booking.objects.create(
            enrolment=enrolment,
            session=face,
            module=face.module,
            attendance=Attendance.PRESENT if n < 12 else Attendance.ABSENT,
        )
        if n < 12:
            _complete(person, modules, first + datetime.timedelta(days=3))
        if n < 3:
            Booking.objects.create(
                enrolment=enrolment, session=reflection, module=reflection.module
            )
    for n in range(40):
        person = make_learner(sefton, 200 + n)
        _enrol(person, phase, sefton)
        if n < 20:
            _complete(person, modules, _month(today, 2) + datetime.timedelta(days=9))
    for n in range(2):
        person = make_learner(halton, 100 + n)
        _enrol(person, phase, halton)
        _complete(person, modules, _month(today, 1) + datetime.timedelta(days=2))
    return {"face": face, "reflection": reflection}


def _page(client, user):
    client.force_login(user)
    response = client.get(reverse("cpd:report"))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _chart(soup, chart_id):
    svg = soup.find("svg", attrs={"aria-labelledby": f"{chart_id}-title {chart_id}-desc"})
    assert svg is not None, f"no chart {chart_id}"
    return svg


def _bars(svg):
    """[(section heading or "", label, value text, has a bar)] in drawing order."""
    headings = [(float(h["y"]), h.get_text(strip=True)) for h in svg.select(".app-chart__heading")]
    out = []
    for row in svg.select("g.app-chart__row"):
        y = float(row.select_one(".app-chart__value")["y"])
        heading = next((text for hy, text in reversed(headings) if hy < y), "")
        out.append(
            (
                heading,
                row.select_one(".app-chart__label").get_text(strip=True),
                row.select_one(".app-chart__value").get_text(strip=True),
                row.find("rect") is not None,
            )
        )
    return out


def _table_after(svg, caption):
    table = svg.find_next("table")
    assert table.caption.get_text(strip=True) == caption
    return {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in table.tbody.find_all("tr")
    }


def _as_chart_text(cell_text):
    return "c (suppressed)" if cell_text == "c" else cell_text


def test_the_phase_chart_carries_the_tables_published_figures_against_the_places(
    client, lead, busy
):
    soup = _page(client, lead)
    svg = _chart(soup, f"completion-chart-phase-{reports.Programme.objects.get().phases.get().pk}")
    assert svg["role"] == "img" and svg.find("title").get_text() and svg.find("desc").get_text()
    rows = _table_after(svg, "Phase 1")  # the table is right after its chart
    bars = _bars(svg)
    for organisation in ("Halton Council", "Sefton Council", "Wirral Council"):
        places, enrolled, completed, _share, _not_yet = rows[organisation]
        mine = {
            label: (text, drawn) for heading, label, text, drawn in bars if heading == organisation
        }
        assert mine["Places"] == (f"{places} places", True)
        assert mine["Enrolled"][0] == _as_chart_text(enrolled)
        assert mine["Completed"][0] == _as_chart_text(completed)
        for label, cell in (("Enrolled", enrolled), ("Completed", completed)):
            assert mine[label][1] == (cell != "c")  # a bar for a shown count, none for "c"
    # Rounded, never as they are (42 and 12; 40 and 20); Halton's two people are "c".
    assert {tuple(rows[o][1:3]) for o in ("Wirral Council", "Sefton Council")} & {
        ("40", "10"),
        ("40", "20"),
    }
    texts = {t.get_text(strip=True) for t in svg.find_all("text")}
    assert not texts & {"42", "12", "2"}
    halton = {label: (text, drawn) for h, label, text, drawn in bars if h == "Halton Council"}
    assert halton["Enrolled"] == ("c (suppressed)", False)
    assert halton["Completed"] == ("c (suppressed)", False)
    assert "no bar" in svg.find("desc").get_text()


def test_the_all_phases_chart_and_table_show_the_places_over_all_phases(client, lead, busy):
    svg = _chart(_page(client, lead), "completion-chart-all")
    rows = _table_after(svg, "All phases")
    assert rows["Wirral Council"][0] == "50"
    bars = {(h, label): text for h, label, text, _ in _bars(svg)}
    assert bars[("Wirral Council", "Places")] == "50 places"
    for organisation in ("Halton Council", "Sefton Council", "Wirral Council"):
        assert bars[(organisation, "Completed")] == _as_chart_text(rows[organisation][2])


def test_the_monthly_trend_draws_the_published_months_the_rate_needed_and_the_forecast(
    client, lead, busy
):
    soup = _page(client, lead)
    svg = _chart(soup, "trend-chart")
    rows = _table_after(svg, "People completing the programme each month")
    total = rows.pop("Total")
    bars = _bars(svg)
    assert [label for _h, label, _t, _d in bars] == list(rows)  # every month, in order
    assert len(rows) == 4  # three months ago to this month
    for _h, label, text, drawn in bars:
        assert text == _as_chart_text(rows[label][0])
        assert drawn == (rows[label][0] != "c")
    assert any(cells == ["c"] for cells in rows.values())  # Halton's two, suppressed
    assert any(drawn for *_, drawn in bars)
    all_phases = _table_after(_chart(soup, "completion-chart-all"), "All phases")
    assert total == [all_phases["Total"][2]] == ["35"]  # 34 people, as in the all-phases table
    forecast = reports.completion_report(lead, reports.Programme.objects.get())["forecast"]
    legend = [t.get_text(strip=True) for t in svg.select(".app-chart__legend")]
    assert len(svg.select("g.app-chart__marker line")) == 4  # each line and its legend sample
    assert legend[0].startswith("Needed from now to reach 21,000")
    assert f"about {forecast.per_month_needed:,} a month" in legend[0]
    assert f"Average so far: about {forecast.per_month_so_far:,} a month" in legend[1]
    assert f"about {forecast.forecast_at_end:,} by the end, short of the target" in legend[1]
    rate = _table_after(svg.find_next("table"), "The rate needed and the forecast")
    assert rate["Needed from now, a month"] == [f"about {forecast.per_month_needed}"]
    assert rate["Forecast by the end, at that rate"] == [f"about {forecast.forecast_at_end}"]


def test_the_sessions_charts_fill_rates_and_no_shows_per_module(client, lead, busy):
    soup = _page(client, lead)
    fill = _chart(soup, "fill-chart")
    no_shows = _chart(soup, "no-show-chart")
    table = no_shows.find_next("table")
    assert table.caption.get_text(strip=True) == "Sessions: fill rates and no-shows"
    rows = {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in table.tbody.find_all("tr")
    }
    filled = {label: (text, drawn) for _h, label, text, drawn in _bars(fill)}
    shows = {(h, label): (text, drawn) for h, label, text, drawn in _bars(no_shows)}
    for module, (_sessions, _places, _booked, rate, attended, _part, absent, _nm) in rows.items():
        assert filled[module] == (_as_chart_text(rate), rate != "c")
        assert shows[(module, "Attended")][0] == _as_chart_text(attended)
        assert shows[(module, "No-shows")] == (_as_chart_text(absent), absent != "c")
    assert rows["Face-to-face session"][2:4] == ["40", "80%"]  # 42 of 50 places
    assert shows[("Face-to-face session", "No-shows")][1]  # drawn
    # Three booked on the reflection session: "c", so no fill bar and no no-show bar.
    assert filled["Reflection"] == ("c (suppressed)", False)


def test_the_trainer_chart_is_the_leads_only(client, lead, busy, halton_coordinator):
    svg = _chart(_page(client, lead), "trainer-chart")
    rows = _table_after(svg, "Trainer load")
    bars = {label: text for _h, label, text, _d in _bars(svg)}
    assert rows == {"Jo Okafor": ["2"], "Sam Reid": ["1"]}
    assert bars == {"Jo Okafor": "2 sessions", "Sam Reid": "1 session"}
    coordinator = _page(client, halton_coordinator)
    assert (
        coordinator.find("svg", attrs={"aria-labelledby": "trainer-chart-title trainer-chart-desc"})
        is None
    )
    # The coordinator's charts show only Halton.
    svg = _chart(coordinator, "completion-chart-all")
    assert {h for h, *_ in _bars(svg)} == {"Halton Council"}


def test_the_department_and_ethnic_group_charts_draw_the_published_shares(client, lead, busy):
    soup = _page(client, lead)
    svg = _chart(soup, "department-chart")
    rows = _table_after(svg, "By organisation and department, all phases")
    bars = {(h, label): (text, drawn) for h, label, text, drawn in _bars(svg)}
    assert rows["Wirral Council: No department"][2] == "29%"  # 12 of 42
    for label, cells in rows.items():
        if label == "Total":
            continue
        organisation, _, department = label.partition(": ")
        share = cells[2]
        assert bars[(organisation, department)][1] == share.endswith("%")
        assert bars[(organisation, department)][0].split(" ")[0] == share
    svg = _chart(soup, "ethnic-group-chart-0")
    rows = _table_after(svg, "E-learning")
    bars = {label: (text, drawn) for _h, label, text, drawn in _bars(svg)}
    assert set(bars) == set(rows) - {"Total"}
    for label, (text, drawn) in bars.items():
        assert text.split(" ")[0] == rows[label][2] and drawn == rows[label][2].endswith("%")
    assert bars["Not known"][1] and not bars["Prefer not to say"][1]
    assert any(drawn for text, drawn in bars.values())


def test_a_table_whose_shares_are_all_hidden_says_why_it_has_no_chart(client, lead, halton, phase):
    for n in range(3):
        _enrol(make_learner(halton, n), phase, halton)
    soup = _page(client, lead)
    table = soup.find("caption", string="By organisation and department, all phases").parent
    note = table.find_previous("p")
    assert "No chart: every share in the table below is hidden" in note.get_text()


def test_every_table_of_the_report_has_its_chart_before_it(client, lead, busy):
    soup = _page(client, lead)
    for table in soup.select("main table"):
        caption = table.caption.get_text(strip=True)
        if caption == "The rate needed and the forecast":
            continue  # the trend chart's lines, read from the monthly table's chart
        svg = table.find_previous("svg")
        assert svg is not None and svg.find_next("table") is table, caption


def test_no_count_of_one_to_seven_people_is_written_in_a_chart(client, lead, busy):
    soup = _page(client, lead)
    charts = soup.select("svg.app-chart")
    assert len(charts) >= 8
    for svg in charts:
        for text in svg.find_all("text"):
            words = text.get_text(strip=True)
            if BARE.fullmatch(words):
                assert int(words.replace(",", "")) not in range(1, 8), words
        # The title and description (the SVG's accessible name) name no figure at all, but
        # the phase's name.
        label = (svg.find("title").get_text() + svg.find("desc").get_text()).replace("Phase 1", "")
        assert not re.search(r"\b[1-7]\b", label), label
