"""Exports: no text cell can start a formula, types are kept, and an export re-imports unchanged."""

import csv
import datetime
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from schools_platform.core.spreadsheets import FORMULA_TRIGGERS
from schools_platform.imports import exports, files, services
from schools_platform.imports.models import ImportJob

from .helpers import census_rows, csv_bytes, upload

# Any text a person could type, including formula starts, tabs and line breaks.
# Strategies are built once and draw cheaply (no flatmap), so a busy machine cannot make data
# generation the slow part; the profiles in tests/conftest.py set the rest.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
) | st.tuples(st.sampled_from(FORMULA_TRIGGERS), st.text(max_size=10)).map("".join)
CELL = st.one_of(
    TEXT,
    st.integers(min_value=-(10**9), max_value=10**9),
    st.dates(min_value=datetime.date(1900, 1, 1)),
    st.none(),
)


def can_start_a_formula(text: str) -> bool:
    if text.startswith("'"):
        return False  # the spreadsheet reads it as text
    return text.startswith(("\t", "\r")) or text.lstrip(" \u00a0\n").startswith(FORMULA_TRIGGERS)


def table_of(rows):
    width = len(rows[0]) if rows else 1
    return exports.Table(
        headers=[f"Column {n}" for n in range(width)],
        rows=rows,
        date_formats=["%d-%m-%Y"] * width,
    )


@given(st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=5))
# Explicit and cheap; no timing checks on a shared machine.
@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_no_csv_text_cell_can_start_a_formula(rows):
    content = exports.to_csv(table_of(rows)).decode("utf-8-sig")
    read = list(csv.reader(io.StringIO(content, newline="")))[1:]
    for written, row in zip(rows, read, strict=True):
        for original, cell in zip(written, row, strict=True):
            if isinstance(original, int):
                assert cell == str(original)  # a number, which a spreadsheet reads as one
            elif isinstance(original, datetime.date):
                assert cell == original.strftime("%d-%m-%Y")
            else:
                assert not can_start_a_formula(cell), cell


@given(st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=5))
@settings(deadline=None, max_examples=60)
def test_no_xlsx_text_cell_can_start_a_formula_and_types_are_kept(rows):
    sheet = load_workbook(io.BytesIO(exports.to_xlsx(table_of(rows)))).active
    read = {row[0].row: row for row in sheet.iter_rows(min_row=2)}
    for number, written in enumerate(rows, 2):
        cells = read.get(number, [None] * 3)
        for original, cell in zip(written, cells, strict=True):
            value = None if cell is None else cell.value
            if cell is not None:
                assert cell.data_type != "f", "a formula cell was written"
            if isinstance(value, str):
                assert not can_start_a_formula(value), value
            if isinstance(original, int):
                assert value == original and isinstance(value, int)
            elif isinstance(original, datetime.date):
                assert value.date() == original


PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc"))
ROUND_TRIP_TEXT = st.text(alphabet=PRINTABLE, min_size=1, max_size=30) | st.tuples(
    st.sampled_from(FORMULA_TRIGGERS + ("'", "''=")), st.text(alphabet=PRINTABLE, max_size=10)
).map("".join)


@given(st.lists(ROUND_TRIP_TEXT, min_size=1, max_size=6))
@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_csv_text_cells_read_back_exactly_as_exported(values):
    content = exports.to_csv(table_of([[v] for v in values]))
    parsed = files.read_file(content, "csv")
    read = [row[0] for row in parsed.rows]
    # The reader drops rows that are entirely blank, as a spreadsheet user would expect.
    assert read == [v for v in values if v.strip()]


@given(st.lists(ROUND_TRIP_TEXT, min_size=1, max_size=6))
@settings(deadline=None, max_examples=60)
def test_xlsx_text_cells_read_back_exactly_as_exported(values):
    content = exports.to_xlsx(table_of([[v] for v in values]))
    parsed = files.read_file(content, "xlsx")
    # XML turns carriage returns into line feeds, so the export writes them as line feeds.
    expected = [v.replace("\r\n", "\n").replace("\r", "\n") for v in values if v.strip()]
    assert [row[0] for row in parsed.rows] == expected


@given(st.integers(min_value=0, max_value=5000), st.sampled_from(["csv", "xlsx"]))
@settings(
    deadline=None,
    max_examples=10,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_census_export_reimports_as_unchanged(officer, school_a, pupils, fmt):
    from schools_platform.representation.models import PupilEthnicityCount

    PupilEthnicityCount.objects.update_or_create(
        school=school_a, year=2025, ethnicity="white_irish", defaults={"pupils": pupils}
    )
    content, filename = services.export(actor=officer, importer_name="pupil-census", fmt=fmt)
    job = upload(officer, "pupil-census", content, filename)
    assert job.status == ImportJob.Status.DRY_RUN_OK
    assert (job.total_rows, job.unchanged_rows) == (1, 1)


def test_export_is_audited(officer, school_a):
    from schools_platform.core.models import AuditEvent

    upload(officer, "pupil-census", csv_bytes(census_rows([school_a])))
    services.export(actor=officer, importer_name="pupil-census", fmt="xlsx")
    event = AuditEvent.objects.get(verb="import.exported")
    assert event.actor == officer
    assert event.details == {"importer": "pupil-census", "rows": 0, "fmt": "xlsx"}
