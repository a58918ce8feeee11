"""Server-side bar charts (inline SVG) drawn only from published percentages.

Horizontal bars grouped by ethnic group, each bar labelled with its population (or year)
and its value, so nothing depends on colour alone. The SVG is role="img" with a title and
description; the table beside it carries the same figures for screen readers.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from schools_platform.disclosure import PublishedCell

from .reports import APPOINTED, ETHNIC_GROUPS, ROW_LABELS, RepresentationReport

WIDTH = 690
LABEL_WIDTH = 260
BAR_AREA = 330
BAR_HEIGHT = 18
ROW_HEIGHT = 24
HEADING_HEIGHT = 26
GROUP_GAP = 10
TOP = 28


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: float
    length: float
    css: str

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT - 4

    @property
    def value_x(self) -> float:
        return LABEL_WIDTH + self.length + 6


@dataclass(frozen=True)
class Heading:
    text: str
    y: float


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    height: int
    headings: tuple[Heading, ...]
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    width: int = WIDTH
    bar_x: int = LABEL_WIDTH
    bar_area: int = BAR_AREA


def _value_text(cell: PublishedCell) -> str:
    if cell.percent is not None:
        return f"{cell.percent}%"
    return {"c": "c (suppressed)", "u": "u (too few people)"}.get(
        cell.percent_symbol, cell.percent_symbol or "x"
    )


def bar_chart(chart_id, title, description, sections) -> BarChart | None:
    """A chart of published shares, for any module's page.

    sections: [(heading, [(label, cell, css)])], each cell a ``PublishedCell`` (its
    ``percent`` is drawn, a hidden share has no bar); None when no percentage can be drawn.
    """
    shown = [cell.percent for _h, bars in sections for _l, cell, _c in bars if cell.percent]
    if not shown:
        return None
    scale = max(10, math.ceil(max(shown) / 10) * 10)
    headings, bars, y = [], [], TOP
    for heading, rows in sections:
        headings.append(Heading(heading, y + 16))
        y += HEADING_HEIGHT
        for label, cell, css in rows:
            percent = cell.percent if cell.percent is not None else Decimal(0)
            length = float(percent) / scale * BAR_AREA
            bars.append(Bar(label, _value_text(cell), y, length, css))
            y += ROW_HEIGHT
        y += GROUP_GAP
    ticks = tuple(
        Tick(LABEL_WIDTH + BAR_AREA * fraction, f"{round(scale * fraction)}%")
        for fraction in (0, 0.5, 1)
    )
    return BarChart(chart_id, title, description, int(y), tuple(headings), tuple(bars), ticks)


def share_chart(report: RepresentationReport) -> BarChart | None:
    populations = report.populations
    sections = [
        (
            ROW_LABELS[code],
            [
                (p.label, report.groups.cell(code, p.key), f"app-chart__bar--{p.key}")
                for p in populations
            ],
        )
        for code in ETHNIC_GROUPS
    ]
    names = ", ".join(p.label for p in populations)
    return bar_chart(
        "share-chart",
        f"Share of each ethnic group: {names}",
        "Horizontal bars give each high-level ethnic group's share of each population, as a "
        "percentage; suppressed shares have no bar. The table after the chart gives the same "
        "figures.",
        sections,
    )


def trend_chart(report: RepresentationReport) -> BarChart | None:
    if report.trend is None:
        return None
    years = report.trend.row_labels
    sections = [
        (
            ROW_LABELS[code],
            [(str(year), report.trend.cell(year, code), "app-chart__bar--trend") for year in years],
        )
        for code in ETHNIC_GROUPS
    ]
    label = report.population_labels[APPOINTED].rsplit(" in ", 1)[0]
    return bar_chart(
        "trend-chart",
        f"{label}: share of each ethnic group, {years[0]} to {years[-1]}",
        "Horizontal bars give each high-level ethnic group's share in each year, as a "
        "percentage; suppressed shares have no bar. The table after the chart gives the same "
        "figures.",
        sections,
    )
