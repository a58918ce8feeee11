"""What the pipeline refuses before it reads a single cell, and how it reads what it accepts."""

import io
import random
import zipfile

import openpyxl.xml
import pytest
from django.core.exceptions import ValidationError

from schools_platform.imports import files
from schools_platform.imports.models import ImportJob

from .helpers import census_rows, csv_bytes, upload, xlsx_bytes, zip_bytes


def refused(officer, content, filename="census.csv"):
    with pytest.raises(ValidationError) as caught:
        upload(officer, "pupil-census", content, filename)
    assert ImportJob.objects.count() == 0, "a refused file must leave nothing behind"
    return " ".join(caught.value.message_dict["file"])


def test_only_csv_and_xlsx_are_accepted(officer, school_a):
    message = refused(officer, csv_bytes(census_rows([school_a])), "census.txt")
    assert "CSV (.csv) or Excel workbook (.xlsx)" in message


def test_file_over_the_size_limit_is_refused(officer, school_a, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    big = csv_bytes(census_rows([school_a])) + b"\r\n" * (1024 * 1024)
    assert "the limit is 1 MB" in refused(officer, big)


def test_csv_with_nul_bytes_is_refused(officer, school_a):
    content = "\n".join(",".join(r) for r in census_rows([school_a])).encode("utf-16")
    assert "NUL bytes" in refused(officer, content)


def test_old_xls_is_refused_with_advice(officer):
    content = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert "old-style Excel (.xls)" in refused(officer, content, "census.xlsx")


def test_workbook_named_csv_is_refused(officer, school_a):
    assert "Rename it to .xlsx" in refused(officer, xlsx_bytes(census_rows([school_a])))


def test_text_named_xlsx_is_refused(officer, school_a):
    content = csv_bytes(census_rows([school_a]))
    assert "not an Excel workbook" in refused(officer, content, "census.xlsx")


def test_zip_that_is_not_a_workbook_is_refused(officer):
    content = zip_bytes({"notes.txt": b"hello"})
    assert "not an Excel workbook" in refused(officer, content, "census.xlsx")


def test_zip_bomb_is_refused_before_unpacking(officer):
    bomb = zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\0" * (60 * 1024 * 1024),
        }
    )
    assert len(bomb) < 200_000
    assert "possible zip bomb" in refused(officer, bomb, "census.xlsx")


def test_workbook_unpacking_past_the_limit_is_refused(officer, settings):
    settings.IMPORT_XLSX_MAX_UNPACKED_MB = 1
    content = zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            # Random bytes do not compress, so only the size limit can refuse this.
            "xl/worksheets/sheet1.xml": random.Random(1).randbytes(1_300_000),
        }
    )
    assert "unpacks to 1 MB; the limit is 1 MB" in refused(officer, content, "census.xlsx")


def test_workbook_with_too_many_parts_is_refused(officer):
    entries = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}
    entries.update({f"xl/media/image{n}.png": b"x" for n in range(120)})
    assert "122 parts" in refused(officer, zip_bytes(entries), "census.xlsx")


def test_workbook_with_path_traversal_entry_is_refused(officer):
    content = zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "../../etc/cron.d/evil": b"* * * * * root true",
        }
    )
    assert "unsafe path" in refused(officer, content, "census.xlsx")


def test_openpyxl_parses_through_defusedxml():
    assert openpyxl.xml.DEFUSEDXML is True


def test_workbook_with_an_xml_entity_bomb_is_refused(officer):
    good = xlsx_bytes([["URN", "Year", "Ethnicity", "Pupils"], ["100001", "2025", "irish", "3"]])
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(good)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = laughs
            target.writestr(item.filename, data)
    assert "cannot be read" in refused(officer, out.getvalue(), "census.xlsx")


def test_missing_column_is_named(officer, school_a):
    rows = [["URN", "Year", "Pupils"], [str(school_a.urn), "2025", "4"]]
    assert "no column named 'Ethnicity'" in refused(officer, csv_bytes(rows))


def test_repeated_column_name_is_refused(officer, school_a):
    rows = [["URN", "Year", "Ethnicity", "Pupils", "Year"]]
    assert "The column 'Year' appears more than once" in refused(officer, csv_bytes(rows))


def test_header_only_file_is_refused(officer):
    assert "no rows of data" in refused(
        officer, csv_bytes([["URN", "Year", "Ethnicity", "Pupils"]])
    )


def test_row_longer_than_the_header_names_its_row(officer, school_a):
    rows = census_rows([school_a])
    rows[2] = [*rows[2], "surplus"]
    assert "Row 3 has 5 values" in refused(officer, csv_bytes(rows))


def test_non_utf8_csv_gets_advice_for_the_default_decoder():
    with pytest.raises(files.ImportFileError, match="not UTF-8 text .first problem on line 2"):
        files.decode_utf8("URN\n\xe9cole\n".encode("cp1252"))


def test_row_numbers_count_blank_lines_like_a_spreadsheet():
    parsed = files.parse_csv('URN,Name\r\n1,A\r\n\r\n,\r\n2,"multi\nline"\r\n3,C\r\n')
    assert [row[0] for row in parsed.rows] == ["1", "2", "3"]
    assert parsed.row_numbers == [2, 5, 6]


def test_reading_strips_the_export_escaping():
    parsed = files.parse_csv("Name,Note\r\n'=SUM(1+1),'-5\r\nO'Neill,'plain\r\n")
    assert parsed.rows == [["=SUM(1+1)", "-5"], ["O'Neill", "'plain"]]


def test_xlsx_keeps_typed_cells_and_row_numbers():
    content = xlsx_bytes([["URN", "Pupils"], [100001, 12], [None, None], ["'=1+1", 3]])
    parsed = files.parse_xlsx(content)
    assert parsed.rows == [[100001, 12], ["=1+1", 3]]
    assert parsed.row_numbers == [2, 4]
