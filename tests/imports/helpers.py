"""Builders for import tests: real files, real services, no mocks."""

import csv
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

from schools_platform.imports import services

DATA = Path(__file__).resolve().parents[1] / "data"


def csv_bytes(rows, encoding="utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def census_rows(schools, year=2025, codes=("white_british", "black_african")):
    rows = [["URN", "Year", "Ethnicity", "Pupils"]]
    for school in schools:
        for n, code in enumerate(codes):
            rows.append([str(school.urn), str(year), code, str(10 + n)])
    return rows


def upload(actor, importer, content, filename="upload.csv"):
    return services.upload(actor=actor, importer_name=importer, filename=filename, content=content)
