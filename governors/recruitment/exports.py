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


def respond(fmt: str, name: str, title: str, headers, rows):
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", Sheet(title=title, headers=headers, rows=rows))
    return csv_response(f"{name}.csv", headers, rows)
