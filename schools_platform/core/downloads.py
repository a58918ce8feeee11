"""Downloads: one attachment response, one CSV writer, one XLSX writer, all formula-safe.

Every file the platform hands out goes through here, so every download behaves the same:

- CSV is UTF-8 **with** a byte order mark, always: Excel then reads it as UTF-8 rather than
  the local code page, and every other program ignores the mark. Our own readers strip it.
- Text cells pass through ``safe_cell`` (a leading apostrophe for anything a spreadsheet would
  read as a formula); numbers, dates and None keep their type, so exports re-import unchanged.
- Responses are attachments with ``X-Content-Type-Options: nosniff`` and are never cached
  (they hold schools' and people's data).

See docs/modules/kit.md.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from .spreadsheets import safe_cell

BOM = "\ufeff"
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON = "application/json"
CONTENT_TYPES = {"csv": CSV, "xlsx": XLSX, "json": JSON}


# --- cells ------------------------------------------------------------------------------------


def csv_cell(value, date_format: str | None = None) -> str:
    """One CSV cell: typed values as text a spreadsheet reads back as the same type."""
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
    """One XLSX cell: numbers stay numbers, dates dates, text escaped and XML-clean."""
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # openpyxl cannot store an offset
    if isinstance(value, str):
        # Control characters are not allowed in the XML, and XML reads a carriage return as a
        # line feed; both are settled before escaping, so the escaping survives a re-import.
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, list | tuple | dict | set):
        return safe_cell(str(value))
    return value


# --- writers ----------------------------------------------------------------------------------


class _Line:
    def write(self, value):
        return value


def csv_lines(
    headers: Sequence, rows: Iterable[Sequence], *, date_formats: Sequence | None = None
) -> Iterator[str]:
    """The CSV line by line (the byte order mark first), for streaming large downloads."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow([csv_cell(h) for h in headers])
    for row in rows:
        formats = date_formats or [None] * len(row)
        yield writer.writerow([csv_cell(v, f) for v, f in zip(row, formats, strict=False)])


def csv_bytes(
    headers: Sequence, rows: Iterable[Sequence], *, date_formats: Sequence | None = None
) -> bytes:
    return "".join(csv_lines(headers, rows, date_formats=date_formats)).encode("utf-8")


@dataclass
class Sheet:
    """One worksheet: a title (31 characters at most), a header row (optional) and rows."""

    title: str
    rows: Iterable[Sequence] = field(default_factory=list)
    headers: Sequence | None = None


def xlsx_bytes(*sheets: Sheet) -> bytes:
    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(title=_sheet_title(sheet.title))
        if sheet.headers is not None:
            worksheet.append([xlsx_cell(h) for h in sheet.headers])
        for row in sheet.rows:
            worksheet.append([xlsx_cell(v) for v in row])
    if not sheets:
        workbook.create_sheet(title="Data")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return (cleaned or "Data")[:31]


# --- responses --------------------------------------------------------------------------------


def safe_filename(name: str) -> str:
    """Letters, digits, '-' and '_', and one '.' before the extension (ASVS 5.4.1)."""
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem) or "download"
    ext = "".join(ch for ch in ext if ch.isalnum())
    return f"{stem}.{ext}" if ext else stem


def _attachment_headers(response, filename: str) -> None:
    response["Content-Disposition"] = content_disposition_header(True, safe_filename(filename))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"


def attachment_response(content: bytes | str, filename: str, content_type: str) -> HttpResponse:
    """A download: saved by the browser under ``filename``, never rendered, never cached."""
    response = HttpResponse(content, content_type=content_type)
    _attachment_headers(response, filename)
    return response


def streaming_attachment_response(
    chunks: Iterable, filename: str, content_type: str
) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    _attachment_headers(response, filename)
    return response


def csv_response(
    filename: str,
    headers: Sequence,
    rows: Iterable[Sequence],
    *,
    date_formats: Sequence | None = None,
) -> HttpResponse:
    return attachment_response(csv_bytes(headers, rows, date_formats=date_formats), filename, CSV)


def xlsx_response(filename: str, *sheets: Sheet) -> HttpResponse:
    return attachment_response(xlsx_bytes(*sheets), filename, XLSX)
