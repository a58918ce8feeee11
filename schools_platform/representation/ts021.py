"""Load a Census 2021 TS021 CSV (ethnic group, 20 categories) as ONS publishes it.

The ONS download for an area has a geography pair of columns (for example
"Lower tier local authorities Code" and "Lower tier local authorities"; wards or output
areas work the same way), "Ethnic group (20 categories) Code", "Ethnic group (20
categories)" and "Observation". Category -8 "Does not apply" is ignored; 1 to 19 are the
2021 Census categories in the order equality/choices.py lists them (reference:
governors.md §2.2 and §2.4, https://cy.ons.gov.uk/datasets/TS021/editions/2021/versions/2).

All-or-nothing: every row is checked first; any error and nothing is written.
"""

import csv
import re
from dataclasses import dataclass

from django.db import transaction

from schools_platform.core import audit
from schools_platform.equality.choices import CATEGORY_LABEL

from .models import CommunityEthnicityCount

DOES_NOT_APPLY = -8
# ONS code -> (our code, the text after "Group: " in ONS's label)
ONS_CATEGORIES = {
    1: ("asian_bangladeshi", "Bangladeshi"),
    2: ("asian_chinese", "Chinese"),
    3: ("asian_indian", "Indian"),
    4: ("asian_pakistani", "Pakistani"),
    5: ("asian_other", "Other Asian"),
    6: ("black_african", "African"),
    7: ("black_caribbean", "Caribbean"),
    8: ("black_other", "Other Black"),
    9: ("mixed_white_asian", "White and Asian"),
    10: ("mixed_white_black_african", "White and Black African"),
    11: ("mixed_white_black_caribbean", "White and Black Caribbean"),
    12: ("mixed_other", "Other Mixed or Multiple ethnic groups"),
    13: ("white_british", "English, Welsh, Scottish, Northern Irish or British"),
    14: ("white_irish", "Irish"),
    15: ("white_gypsy_irish_traveller", "Gypsy or Irish Traveller"),
    16: ("white_roma", "Roma"),
    17: ("white_other", "Other White"),
    18: ("other_arab", "Arab"),
    19: ("other_any", "Any other ethnic group"),
}
DEFAULT_SOURCE = "ONS Census 2021, table TS021 (ethnic group), usual residents"
AREA_CODE = re.compile(r"^[EWKSN]\d{8}$")
MAX_ERRORS = 50


class Ts021Error(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class Ts021Result:
    areas: list[tuple[str, str]]  # (code, name)
    rows: int
    replaced: int


def _norm(text: str) -> str:
    return " ".join((text or "").replace("\ufeff", "").split()).casefold()


def _columns(fieldnames: list[str]) -> dict[str, str]:
    """Map roles (area_code, area_name, ethnic_code, ethnic_label, observation) to headers."""
    by_norm = {_norm(name): name for name in fieldnames or []}
    found = {}
    for norm, name in by_norm.items():
        if norm.startswith("ethnic group") and norm.endswith(" code"):
            found["ethnic_code"] = name
            found["ethnic_label"] = by_norm.get(norm[: -len(" code")], "")
        elif norm == "observation":
            found["observation"] = name
        elif norm.endswith(" code"):
            found["area_code"] = name
            found["area_name"] = by_norm.get(norm[: -len(" code")], "")
    missing = [
        label
        for role, label in [
            ("area_code", "an area code column (e.g. 'Lower tier local authorities Code')"),
            ("area_name", "an area name column (e.g. 'Lower tier local authorities')"),
            ("ethnic_code", "'Ethnic group (20 categories) Code'"),
            ("ethnic_label", "'Ethnic group (20 categories)'"),
            ("observation", "'Observation'"),
        ]
        if not found.get(role)
    ]
    if missing:
        raise Ts021Error(["The file is missing " + "; ".join(missing) + "."])
    return found


def parse_ts021(lines) -> tuple[dict, list[str]]:
    """Read and check every row. Returns ({(area_code, area_name): {code: n}}, errors)."""
    reader = csv.DictReader(lines)
    columns = _columns(reader.fieldnames)
    areas: dict[str, dict] = {}
    names: dict[str, str] = {}
    errors: list[str] = []
    for row in reader:
        where = f"Row {reader.line_num}"
        area_code = (row.get(columns["area_code"]) or "").strip()
        area_name = (row.get(columns["area_name"]) or "").strip()
        raw_code = (row.get(columns["ethnic_code"]) or "").strip()
        label = row.get(columns["ethnic_label"]) or ""
        raw_value = (row.get(columns["observation"]) or "").strip()
        try:
            ons_code = int(raw_code)
        except ValueError:
            errors.append(f"{where}: ethnic group code {raw_code!r} is not a number.")
            continue
        if ons_code == DOES_NOT_APPLY:
            continue
        if ons_code not in ONS_CATEGORIES:
            errors.append(f"{where}: ethnic group code {ons_code} is not one of 1 to 19.")
            continue
        code, expected = ONS_CATEGORIES[ons_code]
        if _norm(label.rsplit(":", 1)[-1]) != _norm(expected):
            errors.append(
                f"{where}: ethnic group code {ons_code} should be '{expected}', "
                f"but the file says {label.strip()!r}."
            )
        if not AREA_CODE.match(area_code):
            errors.append(f"{where}: area code {area_code!r} is not an ONS code like E08000012.")
        if not area_name:
            errors.append(f"{where}: the area name is empty.")
        try:
            value = int(raw_value)
            if value < 0:
                raise ValueError
        except ValueError:
            errors.append(f"{where}: observation {raw_value!r} is not a whole number of 0 or more.")
            continue
        counts = areas.setdefault(area_code, {})
        if code in counts:
            errors.append(f"{where}: {area_code} has '{expected}' twice.")
        elif names.setdefault(area_code, area_name) != area_name:
            errors.append(
                f"{where}: {area_code} is named {area_name!r} here but "
                f"{names[area_code]!r} earlier."
            )
        counts[code] = value
        if len(errors) >= MAX_ERRORS:
            errors.append("Stopped after 50 errors.")
            return {}, errors
    for area_code, counts in areas.items():
        missing = [CATEGORY_LABEL[c] for c, _ in ONS_CATEGORIES.values() if c not in counts]
        if missing:
            errors.append(
                f"Area {area_code} ({names.get(area_code, '')}) is missing: "
                + ", ".join(missing)
                + "."
            )
    if not areas and not errors:
        errors.append("The file has no rows of ethnic group counts.")
    return {(code, names[code]): counts for code, counts in areas.items()}, errors


def load_ts021(
    *, actor, lines, authority, source: str = DEFAULT_SOURCE, year: int = 2021
) -> Ts021Result:
    """Check the whole file, then replace the authority's figures for its areas in one go."""
    parsed, errors = parse_ts021(lines)
    codes = [code for code, _name in parsed]
    taken = (
        CommunityEthnicityCount.objects.filter(area_code__in=codes, year=year)
        .exclude(authority=authority)
        .values_list("area_code", "authority__name")
        .distinct()
    )
    for code, other in taken:
        errors.append(f"Area {code} is already loaded for {other}; it cannot belong to two.")
    if errors:
        raise Ts021Error(errors)
    with transaction.atomic():
        replaced, _ = CommunityEthnicityCount.objects.filter(
            authority=authority, area_code__in=codes, year=year
        ).delete()
        created = CommunityEthnicityCount.objects.bulk_create(
            [
                CommunityEthnicityCount(
                    authority=authority,
                    area_code=code,
                    area_name=name,
                    year=year,
                    ethnicity=ethnicity,
                    residents=value,
                    source=source,
                )
                for (code, name), counts in parsed.items()
                for ethnicity, value in counts.items()
            ]
        )
        audit.record(
            actor=actor,
            verb="representation.community_loaded",
            target=authority,
            areas=codes,
            rows=len(created),
            source=source,
        )
    return Ts021Result(areas=list(parsed), rows=len(created), replaced=replaced)
