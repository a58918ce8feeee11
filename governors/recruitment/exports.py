"""Downloads of the recruitment reports: the published figures only (cell text, so a
suppressed count is "c", never its true value), through the kit's formula-safe writers."""

from schools_platform.core.downloads import Sheet, csv_response, xlsx_response


def funnel_table(table) -> tuple[list, list]:
    headers = ["Ethnic group"]
    for column in table.column_labels:
        headers += [column, f"{column}: share (%)"]
    rows = []
    for row in (*table.row_labels, "total"):
        line = ["Total" if row == "total" else row]
        for column in table.column_labels:
            cell = table.cell(row, column)
            line += [cell.value, cell.percent_text if row != "total" else ""]
        rows.append(line)
    return headers, rows


def source_table(columns, lines, totals) -> tuple[list, list]:
    headers = ["Source", *columns, "Appointed of applicants", "Median days to appointment"]
    rows = [
        [ln.source, *[c.value for c in ln.cells], ln.conversion, ln.median_days] for ln in lines
    ]
    rows.append(["Total", *[c.value for c in totals], "", ""])
    return headers, rows


def funnel_trend_table(trend) -> tuple[list, list]:
    """One row per stage and year: each group's count and share, and the total."""
    headers = ["Stage", "Year"]
    for group in trend.groups:
        headers += [group, f"{group}: share (%)"]
    headers.append("Total")
    rows = []
    for stage in trend.stages:
        for year, total in zip(trend.years, trend.totals(stage), strict=True):
            line = [stage, year]
            for group in trend.groups:
                cell = trend.cell(year, group, stage)
                line += [cell.value, cell.percent_text]
            rows.append([*line, total.value])
    return headers, rows


def source_trend_table(trend) -> tuple[list, list]:
    headers = ["Source"]
    for year in trend.years:
        headers += [f"{year}: applicants", f"{year}: appointed of applicants"]
    rows = []
    for source in trend.sources:
        line = [source]
        for year_line in trend.row(source):
            line += [year_line.cells[0].value, year_line.conversion]
        rows.append(line)
    total = ["Total"]
    for cell in trend.total_applicants():
        total += [cell.value, ""]
    rows.append(total)
    return headers, rows


def respond(fmt: str, name: str, title: str, headers, rows):
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", Sheet(title=title, headers=headers, rows=rows))
    return csv_response(f"{name}.csv", headers, rows)
