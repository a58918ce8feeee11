"""The completion report's charts, one beside each of its tables, drawn with the platform's
chart kit (``representation.charts``) from the tables' own published cells: a count of people
is its rounded published count, a hidden one ("c") has no bar and says so; places and
sessions (not people) are shown as they are, always with their unit. Nothing here reads the
database: every figure comes from ``reports.completion_report``."""

from schools_platform.disclosure import TOTAL
from schools_platform.representation.charts import (
    BarChart,
    Marker,
    amount_figure,
    count_figure,
    figure_chart,
    percent_figure,
    share_figure,
)

from .reports import ATTENDED_COLUMN as ATTENDED
from .reports import COMPLETED, NO_SHOW

PLACES_CSS = "app-chart__bar--pupils"  # grey #505a5f, 7:1 on white
ENROLLED_CSS = "app-chart__bar--applied"  # purple #912b88
COMPLETED_CSS = "app-chart__bar--appointed"  # blue #1d70b8
ATTENDED_CSS = COMPLETED_CSS
NO_SHOW_CSS = ENROLLED_CSS
NEEDED_STROKE = "#0b0c0c"  # dashed: the rate needed
RATE_STROKE = "#00703c"  # solid green: the average so far (the forecast's rate)

HIDDEN_NOTE = 'A figure shown as "c" in the table is suppressed: it has no bar.'


def month_label(month) -> str:
    return f"{month:%B %Y}"


def completion_chart(chart_id: str, caption: str, table, allocations) -> BarChart | None:
    """Completed and enrolled per organisation against its places (``allocations``: name ->
    places or None), the figures of the completion table of the same caption."""
    sections = []
    for name in table.row_labels:
        rows = []
        if allocations is not None:
            rows.append(
                (
                    "Places",
                    amount_figure(
                        allocations.get(name), "place", "places", missing="no places allocated"
                    ),
                    PLACES_CSS,
                )
            )
        rows.append(("Enrolled", count_figure(table.cell(name, TOTAL)), ENROLLED_CSS))
        rows.append(("Completed", count_figure(table.cell(name, COMPLETED)), COMPLETED_CSS))
        sections.append((str(name), rows))
    against = " against its places" if allocations is not None else ""
    return figure_chart(
        chart_id,
        f"{caption}: people enrolled and completed by organisation{against}",
        f"For each organisation, horizontal bars give {'its places allocated, ' if against else ''}"
        f"the people enrolled and the people who completed, rounded as in the table. "
        f"{HIDDEN_NOTE} The table after the chart gives the same figures.",
        sections,
        unit="",
    )


def department_chart(table) -> BarChart | None:
    """The share of each department's enrolled people who completed (published shares)."""
    by_organisation: dict[str, list] = {}
    for label in table.row_labels:
        organisation, _, department = str(label).partition(": ")
        by_organisation.setdefault(organisation, []).append(
            (department, share_figure(table.cell(label, COMPLETED)), COMPLETED_CSS)
        )
    return figure_chart(
        "department-chart",
        "Share of the people enrolled who completed, by organisation and department",
        "Under each organisation, a horizontal bar gives each department's share of its "
        "enrolled people who completed, as a percentage; a share not shown in the table "
        "(too few people, or suppressed) has no bar. The table after the chart gives the "
        "same figures.",
        list(by_organisation.items()),
        percent=True,
    )


def ethnic_group_chart(index: int, line) -> BarChart | None:
    return figure_chart(
        f"ethnic-group-chart-{index}",
        f"{line.title}: share of each ethnic group's enrolled people who completed",
        "A horizontal bar gives each ethnic group's share of its enrolled people who completed "
        "the module, as a percentage; a share not shown in the table (too few people, or "
        "suppressed) has no bar. The table after the chart gives the same figures.",
        [
            (
                "",
                [
                    (str(label), share_figure(line.table.cell(label, COMPLETED)), COMPLETED_CSS)
                    for label in line.table.row_labels
                ],
            )
        ],
        percent=True,
    )


def trend_chart(months, forecast, programme) -> BarChart | None:
    """People completing the programme each month (published counts; "c": no bar), with the
    rate a month needed from now to reach the target by the end (dashed line) and the
    average so far, at which the forecast is made (solid line)."""
    if months is None:
        return None
    rows = [
        (month_label(month), count_figure(months.cell(month, COMPLETED)), COMPLETED_CSS)
        for month in months.row_labels
    ]
    markers = []
    if forecast.per_month_needed is not None:
        markers.append(
            Marker(
                forecast.per_month_needed,
                f"Needed from now to reach {forecast.target:,} by "
                f"{month_label(programme.ends_on)}: about {forecast.per_month_needed:,} a month",
                NEEDED_STROKE,
                dashed=True,
            )
        )
    if forecast.per_month_so_far is not None:
        verdict = {True: ", on track", False: ", short of the target"}.get(forecast.on_track, "")
        markers.append(
            Marker(
                forecast.per_month_so_far,
                f"Average so far: about {forecast.per_month_so_far:,} a month; at that rate "
                f"about {forecast.forecast_at_end:,} by the end{verdict}",
                RATE_STROKE,
            )
        )
    return figure_chart(
        "trend-chart",
        "People completing the programme each month, against the rate needed for the target",
        "A horizontal bar for each month gives the people who completed the programme that "
        "month, rounded as in the table; a suppressed month has no bar. The dashed line is "
        "the number a month needed from now to reach the target by the end; the solid line "
        "is the average a month so far, at which rate the forecast is made. "
        f"{HIDDEN_NOTE} The table after the chart gives the same figures.",
        [("", rows)],
        markers=markers,
    )


def fill_chart(sessions) -> BarChart | None:
    table = sessions["bookings"]
    return figure_chart(
        "fill-chart",
        "Sessions: share of places filled, by module",
        "A horizontal bar for each module gives the share of its sessions' places that are "
        "booked, as a percentage of the published booked total; a module whose booked total "
        "is suppressed has no bar. The table after the charts gives the same figures.",
        [
            (
                "",
                [
                    (
                        line.title,
                        percent_figure(line.fill_percent, table.cell(line.title, TOTAL).symbol),
                        COMPLETED_CSS,
                    )
                    for line in sessions["modules"]
                ],
            )
        ],
        percent=True,
    )


def no_show_chart(sessions) -> BarChart | None:
    table = sessions["bookings"]
    return figure_chart(
        "no-show-chart",
        "Sessions: bookings attended and no-shows, by module",
        "For each module, horizontal bars give the bookings attended and the no-shows, "
        f"rounded as in the table. {HIDDEN_NOTE} The table after the charts gives the same "
        "figures.",
        [
            (
                line.title,
                [
                    ("Attended", count_figure(table.cell(line.title, ATTENDED)), ATTENDED_CSS),
                    ("No-shows", count_figure(table.cell(line.title, NO_SHOW)), NO_SHOW_CSS),
                ],
            )
            for line in sessions["modules"]
        ],
    )


def trainer_chart(trainers) -> BarChart | None:
    if not trainers:
        return None
    return figure_chart(
        "trainer-chart",
        "Trainer load: sessions per trainer",
        "A horizontal bar for each trainer gives the sessions of the programme they deliver "
        "or delivered (cancelled ones left out); sessions, not people, shown as they are. "
        "The table after the chart gives the same figures.",
        [
            (
                "",
                [
                    (name, amount_figure(n, "session", "sessions"), COMPLETED_CSS)
                    for name, n in trainers
                ],
            )
        ],
        unit="sessions",
    )


def report_charts(report: dict) -> dict:
    """Every chart of the report page, keyed as the template reads them."""
    sessions = report.get("sessions")
    return {
        "total": completion_chart(
            "completion-chart-all", "All phases", report["total"], report["total_allocations"]
        ),
        "phases": [
            completion_chart(
                f"completion-chart-phase-{pr.phase.pk}", pr.phase.name, pr.table, pr.allocations
            )
            for pr in report["phases"]
        ],
        "departments": department_chart(report["departments"]) if report["departments"] else None,
        "ethnic_groups": [
            ethnic_group_chart(i, line) for i, line in enumerate(report.get("ethnic_groups", []))
        ],
        "trend": trend_chart(report["months"], report["forecast"], report["programme"]),
        "fill": fill_chart(sessions) if sessions else None,
        "no_shows": no_show_chart(sessions) if sessions else None,
        "trainers": trainer_chart(sessions["trainers"]) if sessions else None,
    }
