"""Writes the GIAS test extracts in this folder. Every school, person and place is fictional.

Run from the repository root: ``.venv/bin/python tests/data/make_gias_files.py``. The .xlsx is
made from gias_extract.csv by LibreOffice (``--convert-to xlsx``), not by this script.
"""

import csv
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent

# The real GIAS column names: the twenty the platform reads, and others it ignores.
COLUMNS = [
    "URN",
    "LA (code)",
    "LA (name)",
    "EstablishmentNumber",
    "EstablishmentName",
    "TypeOfEstablishment (code)",
    "TypeOfEstablishment (name)",
    "EstablishmentTypeGroup (code)",
    "EstablishmentTypeGroup (name)",
    "EstablishmentStatus (code)",
    "EstablishmentStatus (name)",
    "ReasonEstablishmentOpened (code)",
    "ReasonEstablishmentOpened (name)",
    "OpenDate",
    "ReasonEstablishmentClosed (code)",
    "ReasonEstablishmentClosed (name)",
    "CloseDate",
    "PhaseOfEducation (code)",
    "PhaseOfEducation (name)",
    "StatutoryLowAge",
    "StatutoryHighAge",
    "Boarders (code)",
    "Boarders (name)",
    "OfficialSixthForm (name)",
    "Gender (code)",
    "Gender (name)",
    "ReligiousCharacter (code)",
    "ReligiousCharacter (name)",
    "Diocese (name)",
    "AdmissionsPolicy (name)",
    "SchoolCapacity",
    "CensusDate",
    "NumberOfPupils",
    "NumberOfBoys",
    "NumberOfGirls",
    "PercentageFSM",
    "OfstedRating (name)",
    "OfstedLastInsp",
    "UKPRN",
    "Street",
    "Locality",
    "Address3",
    "Town",
    "County (name)",
    "Postcode",
    "SchoolWebsite",
    "TelephoneNum",
    "HeadTitle (name)",
    "HeadFirstName",
    "HeadLastName",
    "GOR (name)",
    "DistrictAdministrative (code)",
    "DistrictAdministrative (name)",
    "AdministrativeWard (code)",
    "AdministrativeWard (name)",
    "Easting",
    "Northing",
]

TYPES = {
    "community": ("01", "Community school", "4", "Local authority maintained schools"),
    "va": ("02", "Voluntary aided school", "4", "Local authority maintained schools"),
    "academy": ("28", "Academy sponsor led", "10", "Academies"),
    "special": ("07", "Community special school", "5", "Special schools"),
}
PHASES = {
    "Primary": ("2", 4, 11),
    "Secondary": ("4", 11, 16),
    "Not applicable": ("0", 3, 19),
    "All-through": ("7", 4, 18),
}


def school(urn, la, la_name, number, name, kind, phase, status="Open", **extra):
    type_code, type_name, group_code, group_name = TYPES[kind]
    phase_code, low, high = PHASES.get(phase, ("9", 4, 11))
    row = {
        "URN": str(urn),
        "LA (code)": la,
        "LA (name)": la_name,
        "EstablishmentNumber": number,
        "EstablishmentName": name,
        "TypeOfEstablishment (code)": type_code,
        "TypeOfEstablishment (name)": type_name,
        "EstablishmentTypeGroup (code)": group_code,
        "EstablishmentTypeGroup (name)": group_name,
        "EstablishmentStatus (code)": "1" if status == "Open" else "2",
        "EstablishmentStatus (name)": status,
        "ReasonEstablishmentOpened (code)": "00",
        "ReasonEstablishmentOpened (name)": "Not applicable",
        "OpenDate": "",
        "ReasonEstablishmentClosed (code)": "00",
        "ReasonEstablishmentClosed (name)": "Not applicable",
        "CloseDate": "",
        "PhaseOfEducation (code)": phase_code,
        "PhaseOfEducation (name)": phase,
        "StatutoryLowAge": str(low),
        "StatutoryHighAge": str(high),
        "Boarders (code)": "1",
        "Boarders (name)": "No boarders",
        "OfficialSixthForm (name)": "Does not have a sixth form",
        "Gender (code)": "3",
        "Gender (name)": "Mixed",
        "ReligiousCharacter (code)": "00",
        "ReligiousCharacter (name)": "Does not apply",
        "Diocese (name)": "Not applicable",
        "AdmissionsPolicy (name)": "Not applicable",
        "SchoolCapacity": "420",
        "CensusDate": "16-01-2025",
        "NumberOfPupils": "398",
        "NumberOfBoys": "201",
        "NumberOfGirls": "197",
        "PercentageFSM": "23.4",
        "OfstedRating (name)": "Good",
        "OfstedLastInsp": "14-03-2023",
        "UKPRN": f"1{urn:07d}",
        "Street": "School Lane",
        "Locality": "",
        "Address3": "",
        "Town": "Testville",
        "County (name)": "Not recorded",
        "Postcode": "TV1 1AA",
        "SchoolWebsite": "http://www.example.invalid",
        "TelephoneNum": "01632960000",
        "HeadTitle (name)": "Ms",
        "HeadFirstName": "Alex",
        "HeadLastName": "Example",
        "GOR (name)": "North West",
        "DistrictAdministrative (code)": "E08099901",
        "DistrictAdministrative (name)": la_name,
        "AdministrativeWard (code)": "E05099901",
        "AdministrativeWard (name)": "Central",
        "Easting": "334000",
        "Northing": "390000",
    }
    row.update(extra)
    return row


SCHOOLS = [
    school(
        990001,
        "991",
        "Testshire",
        "2001",
        "St Mary’s Catholic Primary School",
        "va",
        "Primary",
        OpenDate="01-09-1975",
        Street="Church Road",
        Locality="Brontë Green",
        **{"ReligiousCharacter (name)": "Roman Catholic", "AdministrativeWard (name)": "Brontë"},
    ),
    school(
        990002,
        "991",
        "Testshire",
        "2002",
        "École Française de Testville",
        "academy",
        "Primary",
        OpenDate="01-09-2012",
        Town="Testville-sur-Mer",
    ),
    school(
        990003,
        "992",
        "Northwold",
        "4001",
        "Ysgol Gymraeg Ffordd-y-Môr",
        "community",
        "Secondary",
        OpenDate="03-09-1998",
        Street="Ffordd-y-Môr",
        Postcode="nw2 3bb",
    ),
    school(
        990004,
        "992",
        "Northwold",
        "7001",
        "Ashgrove Special School",
        "special",
        "Not applicable",
        NumberOfPupils="",
    ),
    school(
        990005,
        "991",
        "Testshire",
        "2003",
        "Hawthorn Infant School",
        "community",
        "Primary",
        status="Closed",
        OpenDate="01-09-1960",
        CloseDate="31-08-2019",
        **{"ReasonEstablishmentClosed (name)": "Merged"},
    ),
    school(
        990006,
        "991",
        "Testshire",
        "4002",
        "Kestrel Academy — Upper School",
        "academy",
        "All-through",
        OpenDate="01-09-2015",
    ),
    school(
        990007,
        "992",
        "Northwold",
        "2004",
        "Ørsted Road Primary",
        "community",
        "Middle deemed",
        OpenDate="01-09-2001",
    ),
    school(
        990008,
        "991",
        "Testshire",
        "2005",
        "“Little Acorns” Nursery & Primary",
        "community",
        "Primary",
        OpenDate="01-09-2020",
    ),
]


def write(name, rows, encoding="cp1252", bom=False):
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode(encoding)
    (HERE / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def main():
    write("gias_extract.csv", SCHOOLS)
    write("gias_extract_utf8_bom.csv", SCHOOLS, encoding="utf-8", bom=True)

    # A later extract: one school renamed, one now closed, one new; 990004 not in it at all.
    later = [dict(row) for row in SCHOOLS if row["URN"] != "990004"]
    for row in later:
        if row["URN"] == "990001":
            row["EstablishmentName"] = "St Mary’s Catholic Primary School and Nursery"
            row["NumberOfPupils"] = "412"
        if row["URN"] == "990006":
            row["EstablishmentStatus (name)"] = "Closed"
            row["CloseDate"] = "31-08-2025"
    later.append(
        school(
            990009,
            "993",
            "Eastmere",
            "2001",
            "Rowan Tree Primary",
            "community",
            "Primary",
            OpenDate="01-09-2025",
        )
    )
    write("gias_extract_later.csv", later)

    # Row 4 of the file (the third school) has a date that does not exist.
    bad = [dict(row) for row in SCHOOLS]
    bad[2]["OpenDate"] = "31-02-1998"
    write("gias_extract_bad_row.csv", bad)

    # UTF-8 bytes pasted into a Windows-1252 file: the kind of file GIAS never sends.
    good = HERE.joinpath("gias_extract.csv").read_bytes()
    mangled = good.replace("École".encode("cp1252"), "École".encode())
    (HERE / "gias_extract_mixed_encoding.csv").write_bytes(mangled)


if __name__ == "__main__":
    main()
