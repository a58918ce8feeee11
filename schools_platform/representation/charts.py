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
    drawn: bool = True  # False: the figure is hidden (or there is none), so no bar is drawn

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
class Marker:
    """A reference value drawn as a vertical line across the bars (a target rate, say), named
    in a legend line under the chart, so it does not depend on colour or dashes alone."""

    value: float
    text: str
    stroke: str = "#0b0c0c"
    dashed: bool = False


@dataclass(frozen=True)
class DrawnMarker:
    x: float
    text: str
    stroke: str
    dashed: bool
    legend_y: float


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
    markers: tuple[DrawnMarker, ...] = ()
    plot_bottom: int = 0  # where the grid and marker lines end (the legend is below it)


@dataclass(frozen=True)
class Figure:
    """One bar's figure: ``value`` is drawn (None: no bar) and ``text`` is written beside it.
    Made only by the functions below, from published cells or from figures that are not
    counts of people."""

    value: float | None
    text: str


_SYMBOL_TEXT = {
    "c": "c (suppressed)",
    "u": "u (too few people)",
    "k": "k (rounds to 0)",
    "x": "x (unavailable)",
    "z": "z (not applicable)",
}


def _value_text(cell: PublishedCell) -> str:
    if cell.percent is not None:
        return f"{cell.percent}%"
    return _SYMBOL_TEXT.get(cell.percent_symbol, cell.percent_symbol or "x")


def share_figure(cell: PublishedCell) -> Figure:
    """A published share: its percentage, or no bar and the symbol saying why."""
    return Figure(float(cell.percent) if cell.percent is not None else None, _value_text(cell))


def count_figure(cell: PublishedCell) -> Figure:
    """A published count of people: its rounded count, or no bar and the symbol ("c")."""
    if cell.count is not None:
        return Figure(cell.count, cell.text)
    return Figure(None, _SYMBOL_TEXT.get(cell.symbol, cell.symbol or "x"))


def amount_figure(n: int | None, singular: str, plural: str, *, missing: str = "none") -> Figure:
    """A figure that is not a count of people (places, sessions), shown as it is and always
    with its unit, so it is never read as a bare count."""
    if n is None:
        return Figure(None, missing)
    return Figure(n, f"{n:,} {singular if n == 1 else plural}")


def percent_figure(percent: int | float | Decimal | None, symbol: str = "x") -> Figure:
    """A percentage worked out from published figures only (a fill rate from a published
    total); None draws no bar and writes the symbol of the figure it came from."""
    if percent is None:
        return Figure(None, _SYMBOL_TEXT.get(symbol, symbol or "x"))
    return Figure(float(percent), f"{percent}%")


def _nice_scale(top: float) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above ``top``, and at least 20, so
    the ticks (0, half, all) are 0 or at least 10: never a bare count from 1 to 7."""
    top = max(float(top), 20.0)
    power = 10 ** math.floor(math.log10(top))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= top)


def _layout(chart_id, title, description, sections, scale, ticks, markers=()) -> BarChart:
    headings, bars, y = [], [], TOP
    for heading, rows in sections:
        if heading:
            headings.append(Heading(heading, y + 16))
            y += HEADING_HEIGHT
        for label, figure, css in rows:
            value = figure.value if figure.value is not None else 0
            length = max(0.0, float(value)) / scale * BAR_AREA
            bars.append(Bar(label, figure.text, y, length, css, figure.value is not None))
            y += ROW_HEIGHT
        y += GROUP_GAP
    plot_bottom = int(y)
    drawn = []
    for marker in markers:
        y += ROW_HEIGHT
        drawn.append(
            DrawnMarker(
                LABEL_WIDTH + float(marker.value) / scale * BAR_AREA,
                marker.text,
                marker.stroke,
                marker.dashed,
                y,
            )
        )
    if drawn:
        y += GROUP_GAP
    return BarChart(
        chart_id,
        title,
        description,
        int(y),
        tuple(headings),
        tuple(bars),
        tuple(ticks),
        markers=tuple(drawn),
        plot_bottom=plot_bottom,
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
    ticks = tuple(
        Tick(LABEL_WIDTH + BAR_AREA * fraction, f"{round(scale * fraction)}%")
        for fraction in (0, 0.5, 1)
    )
    figures = [
        (heading, [(label, share_figure(cell), css) for label, cell, css in rows])
        for heading, rows in sections
    ]
    return _layout(chart_id, title, description, figures, scale, ticks)


def figure_chart(
    chart_id, title, description, sections, *, percent=False, markers=(), unit=""
) -> BarChart | None:
    """A chart of ``Figure``s (counts of people from published cells, or amounts that are not
    people), for any module's page.

    sections: [(heading or "", [(label, figure, css)])]; a figure without a value has no bar
    and its text says why ("c (suppressed)"). ``percent``: the figures are percentages (the
    scale runs to 100% at most a round ten above the largest). ``markers``: reference
    values drawn as lines and named under the chart. ``unit`` follows the top tick.
    None when nothing can be drawn.
    """
    values = [f.value for _h, rows in sections for _l, f, _c in rows if f.value is not None]
    if not values:
        return None
    top = max([*values, *(m.value for m in markers)])
    if percent:
        scale = max(10, math.ceil(top / 10) * 10)
        ticks = tuple(
            Tick(LABEL_WIDTH + BAR_AREA * fraction, f"{round(scale * fraction)}%")
            for fraction in (0, 0.5, 1)
        )
    else:
        scale = _nice_scale(top)
        ticks = tuple(
            Tick(
                LABEL_WIDTH + BAR_AREA * fraction,
                f"{round(scale * fraction):,}{' ' + unit if unit and fraction == 1 else ''}",
            )
            for fraction in (0, 0.5, 1)
        )
    return _layout(chart_id, title, description, sections, scale, ticks, markers)


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
