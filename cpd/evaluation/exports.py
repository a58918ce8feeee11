"""The impact report as flat rows: one figure a row, for the XLSX export and the API.

``measure`` says what ``value`` is: "count" (people, already published: rounded, or a
symbol), "percent", "change" / "change_low" / "change_high" (mean paired change and its
95% interval, on the five-point scale), "likelihood" / "likelihood_low" / "likelihood_high",
"target", "status", "percentage_points" (the staff survey's gap between groups). Nothing
here is unpublished: it reads PublishedCells and the report's intervals only.
"""

from schools_platform.core.downloads import Sheet
from schools_platform.disclosure import TOTAL

from .reports import ALL

HEADERS = ["section", "line", "group", "column", "measure", "value"]


def _interval(rows, section, line, group, column, interval, name, reason):
    if interval is None:
        rows.append([section, line, group, column, "status", reason or "Not reported"])
        return
    for suffix, value in (
        ("", interval.estimate),
        ("_low", interval.low),
        ("_high", interval.high),
    ):
        rows.append([section, line, group, column, f"{name}{suffix}", round(value, 2)])


def _table(rows, section, table):
    if table is None:
        return
    for line in [*table.row_labels, TOTAL]:
        for column in [*table.column_labels, TOTAL]:
            try:
                cell = table.cell(line, column)
            except KeyError:
                continue
            name = "Enrolled" if column == TOTAL else column
            label = ALL if line == TOTAL else line
            rows.append([section, label, ALL, name, "count", cell.value])
            if column != TOTAL and cell.percent is not None:
                rows.append([section, label, ALL, name, "percent", float(cell.percent)])


def records(report) -> list[list]:
    rows = []
    for m in report["lead"]["measures"]:
        section = "Lead measures"
        if m.count is None:
            rows.append([section, m.label, ALL, "People", "status", m.status])
        else:
            measure = "documents" if m.label.startswith("Case studies") else "count"
            rows.append([section, m.label, ALL, "People", measure, m.count.value])
            rows.append([section, m.label, ALL, "People", "status", m.status])
        if m.percent_text:
            rows.append([section, m.label, ALL, "People", "percent", m.percent_text])
        if m.target_text:
            rows.append([section, m.label, ALL, "People", "target", m.target_text])
    _table(rows, "Attendance by organisation", report["lead"]["attendance"])
    _table(rows, "Completion by organisation", report["lead"]["completion"])

    section = "Change in self-assessment"
    for line in report["lag"]["lines"]:
        rows.append([section, line.label, ALL, line.comparison, "count", line.pairs.value])
        _interval(
            rows, section, line.label, ALL, line.comparison, line.change, "change", line.reason
        )
    for breakdown in report["lag"]["breakdowns"]:
        section = f"Change in self-assessment by {breakdown.by.lower()}"
        for group, lines in breakdown.lines.items():
            for line in lines:
                rows.append(
                    [section, line.label, group, line.comparison, "count", line.pairs.value]
                )
                _interval(
                    rows,
                    section,
                    line.label,
                    group,
                    line.comparison,
                    line.change,
                    "change",
                    line.reason,
                )
    responses = report["lag"]["responses"]
    if responses is not None:
        for line in [*responses.row_labels, TOTAL]:
            for column in responses.column_labels:
                rows.append(
                    [
                        "Survey responses",
                        ALL if line == TOTAL else line,
                        ALL,
                        column,
                        "count",
                        responses.cell(line, column).value,
                    ]
                )

    for indicator, lines in report["likelihoods"].values():
        for line in lines:
            for column, cell in (
                ("White", line.white),
                ("White base", line.white_base),
                ("Ethnic minority", line.minority),
                ("Ethnic minority base", line.minority_base),
            ):
                rows.append(
                    [indicator.title, line.scope, str(line.year), column, "count", cell.value]
                )
            _interval(
                rows,
                indicator.title,
                line.scope,
                str(line.year),
                "Relative likelihood",
                line.likelihood,
                "likelihood",
                line.reason,
            )
    for question, lines in report["staff_survey"].values():
        title = f"Staff survey: {question.title}"
        for line in lines:
            head = [title, line.scope, str(line.year)]
            for group, (yes, answering) in line.cells.items():
                rows.append([*head, group, "count", yes.value])
                rows.append([*head, f"{group} answering", "count", answering.value])
                if yes.percent is not None:
                    rows.append([*head, group, "percent", float(yes.percent)])
            if line.gap is None:
                rows.append([*head, "Gap", "status", line.reason])
            else:
                rows.append([*head, "Gap", "percentage_points", round(line.gap, 1)])
    return rows


def sheets(report) -> list[Sheet]:
    method = [[p] for p in report["method"]]
    method += [[f"{symbol}: {meaning}"] for symbol, meaning in report["symbols"]]
    return [
        Sheet("Data", records(report), headers=HEADERS),
        Sheet("Method", method, headers=["Method"]),
    ]
