"""Spreadsheet-safe exports that re-import unchanged.

Every text cell goes through ``safe_cell``; numbers and dates keep their type (XLSX numbers stay
numbers, CSV dates use the importer's own date format), so a file exported here and uploaded
again reports every row as unchanged. The pipeline's reader strips the escaping again with
``unescape_cell``. The writers are the kit's (``core/downloads.py``).
"""

from dataclasses import dataclass

from schools_platform.core import downloads
from schools_platform.core.downloads import csv_cell, xlsx_cell  # noqa: F401 (the kit's cells)

CONTENT_TYPES = {"csv": downloads.CSV, "xlsx": downloads.XLSX}


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


def to_csv(table: Table) -> bytes:
    return downloads.csv_bytes(table.headers, table.rows, date_formats=table.date_formats)


def to_xlsx(table: Table, *, sheet_title: str = "Data") -> bytes:
    return downloads.xlsx_bytes(downloads.Sheet(sheet_title, table.rows, headers=table.headers))


def render(table: Table, fmt: str, **kwargs) -> bytes:
    if fmt == "xlsx":
        return to_xlsx(table, **kwargs)
    if fmt == "csv":
        return to_csv(table)
    raise ValueError(f"Unknown export format {fmt!r}")
