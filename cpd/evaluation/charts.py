"""The impact report's chart: each paired change as a dot with its 95% interval (inline SVG,
drawn only from reported changes). Every label is text, so nothing depends on colour; the
table after the chart carries the same figures. Tick labels carry a sign and a decimal point,
so no bare whole number appears in the chart."""

import math
from dataclasses import dataclass

WIDTH = 690
LABEL_WIDTH = 330
PLOT = 300
ROW = 34
TOP = 30


@dataclass(frozen=True)
class Mark:
    label: str
    y: float
    x: float
    low_x: float
    high_x: float
    text: str


@dataclass(frozen=True)
class ChangeChart:
    id: str
    title: str
    description: str
    height: int
    zero_x: float
    marks: tuple
    ticks: tuple
    width: int = WIDTH
    plot_x: int = LABEL_WIDTH
    plot_width: int = PLOT


def change_chart(lines) -> ChangeChart | None:
    shown = [line for line in lines if line.change is not None]
    if not shown:
        return None
    extent = max(max(abs(line.change.low), abs(line.change.high)) for line in shown)
    scale = max(0.5, math.ceil(extent * 2) / 2)

    def x(value: float) -> float:
        return LABEL_WIDTH + (value + scale) / (2 * scale) * PLOT

    marks = tuple(
        Mark(
            f"{line.label[:44]}{'…' if len(line.label) > 44 else ''} ({line.comparison.lower()})",
            TOP + i * ROW,
            x(line.change.estimate),
            x(line.change.low),
            x(line.change.high),
            f"{line.change.estimate:+.2f}",
        )
        for i, line in enumerate(shown)
    )
    ticks = tuple((x(v), f"{v:+.1f}" if v else "0.0") for v in (-scale, 0.0, scale))
    return ChangeChart(
        "change-chart",
        "Mean change in self-assessment, with 95% confidence intervals",
        "Each row is one statement and one comparison of waves. The dot is the mean change "
        "on the five-point scale among people who answered both waves; the line is its 95% "
        "confidence interval. Changes not reported (too few people) are left out. The table "
        "after the chart gives the same figures.",
        int(TOP + len(marks) * ROW + 20),
        x(0.0),
        marks,
        ticks,
    )


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    width: float
    text: str

    @property
    def text_x(self) -> float:
        return LABEL_WIDTH + self.width + 8


@dataclass(frozen=True)
class SurveyChart:
    id: str
    title: str
    description: str
    height: int
    bars: tuple
    width: int = WIDTH
    plot_x: int = LABEL_WIDTH
    plot_width: int = PLOT
    bar_height: int = 14


def staff_survey_chart(staff_survey: dict, scope: str) -> SurveyChart | None:
    """Per question, the share of White and of ethnic minority staff answering yes in the
    latest year for ``scope`` (all organisations), as horizontal bars; only shown shares."""
    bars, row = [], 0
    for question, lines in staff_survey.values():
        mine = [line for line in lines if line.scope == scope]
        if not mine:
            continue
        latest = max(mine, key=lambda line: line.year)
        shown = [
            (group, latest.cell(group)[0])
            for group in ("White", "Ethnic minority")
            if latest.cell(group)[0].percent is not None
        ]
        for group, cell in shown:
            share = float(cell.percent)
            bars.append(
                Bar(
                    f"{question.short}: {group} ({latest.year})",
                    TOP + row * ROW,
                    share / 100 * PLOT,
                    cell.percent_text,
                )
            )
            row += 1
    if not bars:
        return None
    return SurveyChart(
        "staff-survey-chart",
        "Staff survey: share answering yes, by ethnic group (latest year, all organisations)",
        "Each pair of bars is one staff survey question: the share of White staff and of "
        "ethnic minority staff answering yes, for groups of at least the minimum size. The "
        "tables after the chart give the same figures, every year and organisation.",
        int(TOP + len(bars) * ROW + 20),
        tuple(bars),
    )
