"""Reading an uploaded CSV or XLSX file into rows, refusing anything unsafe before parsing it.

The checks follow shared/reference/security-and-performance.md §2.2 and ASVS 5.2.1-5.2.3: a size
limit, magic bytes, and for XLSX (a zip container) the entry count, total unpacked size,
compression ratio and entry paths are checked from the zip directory before openpyxl opens it.
openpyxl itself parses the XML through defusedxml (installed as a dependency).
"""

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError

from schools_platform.core.spreadsheets import unescape_cell

FORMATS = {".csv": "csv", ".xlsx": "xlsx"}
MB = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls and password-protected workbooks


# The limits are settings read from the environment (settings/base.py, docs/configuration.md).


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_UPLOAD_MB * MB


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def max_columns() -> int:
    return settings.IMPORT_MAX_COLUMNS


def xlsx_limits() -> dict:
    return {
        "entries": settings.IMPORT_XLSX_MAX_ENTRIES,
        "unpacked": settings.IMPORT_XLSX_MAX_UNPACKED_MB * MB,
        "ratio": settings.IMPORT_XLSX_MAX_RATIO,
    }


class ImportFileError(ValidationError):
    """A file the pipeline refuses, with a message for the person who uploaded it."""


@dataclass
class ParsedFile:
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    # The row number of each data row as a spreadsheet program shows it (header is row 1).
    row_numbers: list[int] = field(default_factory=list)
    limit: int = field(default_factory=lambda: max_rows())

    def records(self, *columns: str) -> list[dict]:
        """Each row as a dict of the named columns the file has (all of them if none named)."""
        wanted = [c for c in (columns or self.headers) if c in self.headers]
        positions = [(c, self.headers.index(c)) for c in wanted]
        return [{c: row[p] for c, p in positions} for row in self.rows]


def file_format(filename: str) -> str:
    suffix = PurePosixPath(filename.replace("\\", "/")).suffix.lower()
    if suffix not in FORMATS:
        raise ImportFileError("The file must be a CSV (.csv) or Excel workbook (.xlsx).")
    return FORMATS[suffix]


def check_upload(filename: str, content: bytes) -> str:
    """The file's format, or ImportFileError saying why it is refused. Reads no cell."""
    fmt = file_format(filename)
    if len(content) > max_upload_bytes():
        raise ImportFileError(
            f"The file is {len(content) / MB:.1f} MB; the limit is "
            f"{settings.IMPORT_MAX_UPLOAD_MB} MB. Split it into smaller files."
        )
    if not content.strip():
        raise ImportFileError("The file is empty.")
    if content.startswith(OLE_MAGIC):
        raise ImportFileError(
            "This is an old-style Excel (.xls) or password-protected workbook. Save it as an "
            "unprotected Excel Workbook (.xlsx) or as CSV and upload that."
        )
    if fmt == "xlsx":
        check_xlsx_container(content)
    else:
        if content.startswith(ZIP_MAGIC):
            raise ImportFileError(
                "This file is named .csv but is an Excel workbook. Rename it to .xlsx, or save "
                "it as CSV from your spreadsheet program."
            )
        if content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in content:
            raise ImportFileError(
                "The file contains NUL bytes, so it is not a plain-text CSV (it may be saved as "
                "UTF-16 'Unicode text'). Save it as 'CSV UTF-8' or 'CSV (Comma delimited)'."
            )
    return fmt


def check_xlsx_container(content: bytes) -> None:
    if not content.startswith(ZIP_MAGIC):
        raise ImportFileError("This file is named .xlsx but is not an Excel workbook.")
    limits = xlsx_limits()
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFileError(
            "The workbook is damaged and cannot be opened. Save it again as .xlsx."
        ) from None
    if len(entries) > limits["entries"]:
        raise ImportFileError(
            f"The workbook has {len(entries)} parts inside it; the limit is {limits['entries']}. "
            "Copy the data into a new workbook with one sheet."
        )
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ImportFileError("This file is named .xlsx but is not an Excel workbook.")
    unpacked = 0
    for entry in entries:
        name = entry.filename
        parts = PurePosixPath(name.replace("\\", "/")).parts
        if name.startswith(("/", "\\")) or ".." in parts or ":" in name:
            raise ImportFileError("The workbook contains a part with an unsafe path; refused.")
        unpacked += entry.file_size
        # Tiny parts can have odd ratios without being a threat; a bomb needs size.
        if entry.file_size > MB and entry.file_size > limits["ratio"] * max(entry.compress_size, 1):
            raise ImportFileError(
                "The workbook unpacks to far more data than its size suggests (more than "
                f"{limits['ratio']} times); refused as a possible zip bomb."
            )
    if unpacked > limits["unpacked"]:
        raise ImportFileError(
            f"The workbook unpacks to {unpacked / MB:.0f} MB; the limit is "
            f"{limits['unpacked'] // MB} MB. Remove unused sheets or split the data."
        )


# --- text decoding ------------------------------------------------------------------------

UTF8_BOM = b"\xef\xbb\xbf"
# Windows-1252 renderings of UTF-8 lead and continuation bytes, e.g. "Ã©" for "é".
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]+"
)


def _line_of(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def decode_utf8(raw: bytes) -> str:
    """The default CSV decoder: UTF-8, with or without a byte order mark."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"The file is not UTF-8 text (first problem on line {_line_of(raw, error.start)}). "
            "In Excel choose File > Save As > 'CSV UTF-8 (Comma delimited)'."
        ) from None


def decode_windows_1252_or_utf8(raw: bytes, *, source: str = "The file") -> str:
    """Windows-1252 by default, as Excel and GIAS write it; UTF-8 when the bytes say so."""
    if raw.startswith(UTF8_BOM):
        return decode_utf8(raw)
    try:
        # Valid UTF-8 with non-ASCII text is practically never Windows-1252 by accident.
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            f"{source} is neither Windows-1252 nor UTF-8 text (first unreadable byte on line "
            f"{_line_of(raw, error.start)}). Download or save it again as CSV."
        ) from None
    for match in _MOJIBAKE.finditer(text):
        try:
            fixed = match.group().encode("cp1252").decode("utf-8")
        except UnicodeError:
            continue
        line = text.count("\n", 0, match.start()) + 1
        raise ImportFileError(
            f"{source} mixes two text encodings: line {line} has '{match.group()}' where "
            f"'{fixed}' was probably meant. Download or save it again as one CSV file."
        )
    return text


# --- parsing --------------------------------------------------------------------------------


def _clean_header(value) -> str:
    return "" if value is None else str(value).replace("\ufeff", "").strip()


def _check_headers(raw_headers: list) -> list[str]:
    headers = [_clean_header(h) for h in raw_headers]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise ImportFileError("The first row must hold the column names, but it is empty.")
    if len(headers) > max_columns():
        raise ImportFileError(f"The file has {len(headers)} columns; the limit is {max_columns()}.")
    seen = set()
    for position, name in enumerate(headers, 1):
        if not name:
            headers[position - 1] = f"(unnamed column {position})"
        elif name in seen:
            raise ImportFileError(f"The column '{name}' appears more than once in the first row.")
        seen.add(name)
    return headers


def _is_blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _add_row(parsed: ParsedFile, number: int, values) -> None:
    width = len(parsed.headers)
    if len(values) > width:
        if not _is_blank(values[width:]):
            raise ImportFileError(
                f"Row {number} has {len(values)} values but the first row names {width} columns."
            )
        values = values[:width]
    cells = []
    blank = True
    for value in values:
        if value is None:
            value = ""
        elif isinstance(value, str):
            if value.startswith("'"):
                value = unescape_cell(value)
            if blank and value and not value.isspace():
                blank = False
        else:
            blank = False
        cells.append(value)
    if blank:
        return
    if len(cells) < width:
        cells.extend([""] * (width - len(cells)))
    if len(parsed.rows) >= parsed.limit:
        raise ImportFileError(f"The file has more than {parsed.limit:,} rows; split it up.")
    parsed.rows.append(cells)
    parsed.row_numbers.append(number)


def parse_csv(text: str) -> ParsedFile:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        parsed = None
        for number, values in enumerate(reader, 1):
            if parsed is None:
                parsed = ParsedFile(headers=_check_headers(values))
                continue
            _add_row(parsed, number, values)
    except csv.Error as error:
        raise ImportFileError(
            f"The CSV cannot be read at row {reader.line_num}: {error}."
        ) from None
    if parsed is None:
        raise ImportFileError("The file is empty.")
    return parsed


_UNREADABLE_WORKBOOK = (
    "The workbook cannot be read. Open it in Excel or LibreOffice and save it again as .xlsx."
)


def parse_xlsx(content: bytes) -> ParsedFile:
    check_xlsx_container(content)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a malformed workbook
        raise ImportFileError(_UNREADABLE_WORKBOOK) from None
    parsed = None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        for number, values in enumerate(rows, 1):
            values = list(values)
            if parsed is None:
                if _is_blank(values):
                    raise ImportFileError(
                        "The first row must hold the column names, but it is empty."
                    )
                parsed = ParsedFile(headers=_check_headers(values))
                continue
            _add_row(parsed, number, values)
    except ImportFileError:
        raise
    except Exception:  # malformed sheet XML surfaces only while rows are read
        raise ImportFileError(_UNREADABLE_WORKBOOK) from None
    finally:
        workbook.close()
    if parsed is None:
        raise ImportFileError("The first sheet of the workbook is empty.")
    return parsed


def read_file(
    content: bytes, fmt: str, *, decoder: Callable[[bytes], str] | None = None
) -> ParsedFile:
    if fmt == "xlsx":
        return parse_xlsx(content)
    return parse_csv((decoder or decode_utf8)(content))
