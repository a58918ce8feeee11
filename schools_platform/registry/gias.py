"""Get Information About Schools (GIAS) establishment extracts.

GIAS publishes its "all establishment data" CSV in Windows-1252 with about 130 columns; only
the ones named here are read, the rest are ignored. Dates are dd-mm-yyyy. Schools are matched
by URN: a re-import updates them, never duplicates them, and never deletes a school (a closed
school keeps its history, with its status and close date updated).
"""

import re

from schools_platform.imports.files import ImportFileError, decode_windows_1252_or_utf8

from .models import Authority

URN = "URN"
LA_CODE = "LA (code)"
LA_NAME = "LA (name)"
ESTABLISHMENT_NUMBER = "EstablishmentNumber"
NAME = "EstablishmentName"
TYPE = "TypeOfEstablishment (name)"
TYPE_GROUP = "EstablishmentTypeGroup (name)"
STATUS = "EstablishmentStatus (name)"
PHASE = "PhaseOfEducation (name)"
LOW_AGE = "StatutoryLowAge"
HIGH_AGE = "StatutoryHighAge"
OPEN_DATE = "OpenDate"
CLOSE_DATE = "CloseDate"
PUPILS = "NumberOfPupils"
STREET = "Street"
LOCALITY = "Locality"
TOWN = "Town"
POSTCODE = "Postcode"
WARD = "AdministrativeWard (name)"
DISTRICT = "DistrictAdministrative (name)"

LA_CODE_PATTERN = re.compile(r"^\d{3}$")


def decode_gias_csv(raw: bytes) -> str:
    """GIAS extracts are Windows-1252; a UTF-8 file (with or without a BOM) is accepted too."""
    try:
        return decode_windows_1252_or_utf8(raw, source="The GIAS extract")
    except ImportFileError as error:
        raise ImportFileError(
            f"{error.messages[0]} Download the extract again from Get Information About Schools."
        ) from None


def la_code(value) -> str | None:
    """A three-digit LA code, or None if the cell is not one."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        value = f"{value:03d}"
    text = str(value or "").strip()
    return text if LA_CODE_PATTERN.match(text) else None


def ensure_authorities(rows: list[dict], *, save: bool = True) -> list[Authority]:
    """Create the authorities the rows name that do not exist yet; returns the new ones
    (unsaved when ``save`` is false: a dry run plans them and writes nothing).

    Existing authorities keep their names: officers may have renamed them in the platform.
    """
    wanted: dict[str, str] = {}
    for row in rows:
        code = la_code(row.get(LA_CODE))
        name = " ".join(str(row.get(LA_NAME) or "").split())
        if code and code not in wanted:
            wanted[code] = name
    existing = set(Authority.objects.filter(la_code__in=wanted).values_list("la_code", flat=True))
    created = [
        Authority(la_code=code, name=name or f"Local authority {code}")
        for code, name in sorted(wanted.items())
        if code not in existing
    ]
    for authority in created:
        authority.full_clean(validate_unique=False)
    if save:
        Authority.objects.bulk_create(created)
    return created
