"""Spreadsheet-safe exports that re-import unchanged.

Every text cell goes through ``safe_cell``; numbers and dates keep their type (XLSX numbers stay
numbers, CSV dates use the importer's own date format), so a file exported here and uploaded
again reports every row as unchanged. The pipeline's reader strips the escaping again with
``unescape_cell``.
"""

import csv
import datetime
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from schools_platform.core.spreadsheets import safe_cell

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    # strftime format for date cells in CSV, per column (None: ISO 8601)
    date_formats: list[str | None]


def export_table(resource, queryset=None) -> Table:
    """The resource's export columns with native cell values (int, date, str, None)."""
    fields = resource.get_export_fields()
    dataset = resource.export(queryset, force_native_type=True)
    formats = []
    for field in fields:
        widget_formats = getattr(field.widget, "formats", None)
        formats.append(widget_formats[0] if widget_formats else None)
    return Table(
        headers=list(dataset.headers), rows=[list(r) for r in dataset], date_formats=formats
    )


def csv_cell(value, date_format: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime(date_format) if date_format else value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return safe_cell(str(value))


def xlsx_cell(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # openpyxl cannot store an offset
    if isinstance(value, str):
        # Control characters are not allowed in the XML, and XML reads a carriage return as a
        # line feed; both are settled before escaping, so the escaping survives a re-import.
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def to_csv(table: Table) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in table.headers])
    for row in table.rows:
        writer.writerow([csv_cell(v, f) for v, f in zip(row, table.date_formats, strict=False)])
    # The byte order mark makes Excel read the file as UTF-8 rather than the local code page.
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def to_xlsx(table: Table, *, sheet_title: str = "Data") -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title[:31])
    sheet.append([xlsx_cell(h) for h in table.headers])
    for row in table.rows:
        sheet.append([xlsx_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(table: Table, fmt: str, **kwargs) -> bytes:
    if fmt == "xlsx":
        return to_xlsx(table, **kwargs)
    if fmt == "csv":
        return to_csv(table)
    raise ValueError(f"Unknown export format {fmt!r}")
