"""The chart kit on its own: figures from published cells only, a hidden one has no bar, ticks
never a count from 1 to 7, reference lines named in the legend, and the template draws what
the chart says (no database)."""

from decimal import Decimal

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string

from schools_platform.disclosure import DisclosurePolicy, PublishedCell, publish_counts
from schools_platform.representation import charts

POLICY = DisclosurePolicy(suppress_up_to=7, round_to=5)


def _table():
    frame = pd.DataFrame([[42], [3], [18]], index=["North", "East", "South"], columns=["People"])
    return publish_counts(frame, column_totals=True, policy=POLICY)


def _render(chart):
    return BeautifulSoup(
        render_to_string("representation/includes/bar_chart.html", {"chart": chart}),
        "html.parser",
    )


def test_counts_come_from_published_cells_and_a_suppressed_one_has_no_bar():
    table = _table()
    rows = [
        (label, charts.count_figure(table.cell(label, "People")), "x") for label in table.row_labels
    ]
    chart = charts.figure_chart("c1", "People", "Counts.", [("", rows)])
    texts = {bar.label: (bar.value_text, bar.drawn) for bar in chart.bars}
    shown = {label: table.cell(label, "People") for label in table.row_labels}
    assert texts["East"] == ("c (suppressed)", False)
    for label, cell in shown.items():
        if cell.is_shown:
            assert texts[label] == (cell.text, True)
    svg = _render(chart)
    assert svg.svg["role"] == "img"
    assert svg.svg["aria-labelledby"] == "c1-title c1-desc"
    rows = svg.select("g.app-chart__row")
    assert len(rows) == 3
    east = next(r for r in rows if r.select_one(".app-chart__label").get_text() == "East")
    assert east.find("rect") is None and east.select_one(".app-chart__value").get_text() == (
        "c (suppressed)"
    )
    for row in rows:
        cell = shown[row.select_one(".app-chart__label").get_text()]
        assert (row.find("rect") is not None) == cell.is_shown
        assert row.select_one(".app-chart__value").get_text() == (
            cell.text if cell.is_shown else "c (suppressed)"
        )


@pytest.mark.parametrize("top", [0, 1, 3, 7, 12, 19, 20, 21, 49, 51, 180, 1499, 21000])
def test_ticks_are_zero_or_at_least_ten(top):
    figure = charts.Figure(top, f"{top:,}")
    chart = charts.figure_chart("t", "T", "D", [("", [("a", figure, "x")])])
    values = [int(t.text.split()[0].replace(",", "")) for t in chart.ticks]
    assert values[0] == 0 and all(v >= 10 for v in values[1:])
    assert values[-1] >= top
    assert all(bar.length <= charts.BAR_AREA for bar in chart.bars)


def test_amounts_that_are_not_people_carry_their_unit():
    assert charts.amount_figure(1, "session", "sessions").text == "1 session"
    assert charts.amount_figure(1500, "place", "places").text == "1,500 places"
    missing = charts.amount_figure(None, "place", "places", missing="no places allocated")
    assert (missing.value, missing.text) == (None, "no places allocated")


def test_shares_and_percentages_and_nothing_to_draw():
    hidden = PublishedCell(count=40, percent_symbol="u")
    assert charts.share_figure(hidden) == charts.Figure(None, "u (too few people)")
    assert charts.share_figure(PublishedCell(count=40, percent=Decimal("62"))).text == "62%"
    assert charts.percent_figure(None, "c") == charts.Figure(None, "c (suppressed)")
    assert charts.percent_figure(80).text == "80%"
    nothing = [("", [("a", charts.share_figure(hidden), "x")])]
    assert charts.figure_chart("n", "N", "D", nothing, percent=True) is None


def test_markers_are_drawn_across_the_bars_and_named_in_the_legend():
    rows = [
        ("March 2026", charts.Figure(120, "120"), "x"),
        ("April 2026", charts.Figure(None, "c"), "x"),
    ]
    markers = [
        charts.Marker(400, "Needed: about 400 a month", dashed=True),
        charts.Marker(110, "Average so far: about 110 a month", stroke="#00703c"),
    ]
    chart = charts.figure_chart("m", "Trend", "D", [("", rows)], markers=markers)
    assert chart.ticks[-1].text == "500"  # the scale reaches the highest marker
    needed, average = chart.markers
    assert needed.x == pytest.approx(charts.LABEL_WIDTH + 400 / 500 * charts.BAR_AREA)
    assert needed.legend_y > chart.plot_bottom and average.legend_y > needed.legend_y
    svg = _render(chart)
    legend = [t.get_text() for t in svg.select(".app-chart__legend")]
    assert legend == ["Needed: about 400 a month", "Average so far: about 110 a month"]
    dashed = svg.select("g.app-chart__marker")[0].find_all("line")
    assert all(line["stroke-dasharray"] for line in dashed)
    assert svg.select("g.app-chart__marker")[1].find("line").get("stroke-dasharray") is None


def test_bar_chart_of_shares_is_unchanged_in_its_figures():
    cells = [
        ("a", PublishedCell(count=60, percent=Decimal("63")), "x"),
        ("b", PublishedCell.suppressed(), "x"),
    ]
    chart = charts.bar_chart("s", "S", "D", [("Group", cells)])
    assert [t.text for t in chart.ticks] == ["0%", "35%", "70%"]
    assert [(b.value_text, b.drawn) for b in chart.bars] == [
        ("63%", True),
        ("c (suppressed)", False),
    ]
    assert chart.headings[0].text == "Group"
