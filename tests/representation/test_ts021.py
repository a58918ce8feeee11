"""Loading ONS Census 2021 TS021 community figures."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from schools_platform.core.models import AuditEvent
from schools_platform.representation.models import CommunityEthnicityCount
from schools_platform.representation.ts021 import ONS_CATEGORIES, Ts021Error, load_ts021
from tests.factories import make_authority

GROUP_PREFIX = {
    "asian": "Asian, Asian British or Asian Welsh",
    "black": "Black, Black British, Black Welsh, Caribbean or African",
    "mixed": "Mixed or Multiple ethnic groups",
    "white": "White",
    "other": "Other ethnic group",
}
HEADER = [
    "Lower tier local authorities Code",
    "Lower tier local authorities",
    "Ethnic group (20 categories) Code",
    "Ethnic group (20 categories)",
    "Observation",
]


def ons_rows(area_code="E08000012", area_name="Liverpool", base=1000):
    """The 20 rows ONS gives one area: -8 'Does not apply' then categories 1 to 19."""
    rows = [[area_code, area_name, "-8", "Does not apply", "0"]]
    for ons_code, (code, label) in ONS_CATEGORIES.items():
        group = GROUP_PREFIX[code.split("_")[0]]
        rows.append(
            [area_code, area_name, str(ons_code), f"{group}: {label}", str(base + ons_code)]
        )
    return rows


def as_csv(rows, header=HEADER) -> io.StringIO:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    out.seek(0)
    return out


@pytest.fixture
def council(db):
    return make_authority(la_code="341", name="Liverpool")


def test_a_published_file_loads_every_category(council, officer):
    result = load_ts021(actor=officer, lines=as_csv(ons_rows()), authority=council)
    assert result.rows == 19 and result.areas == [("E08000012", "Liverpool")]
    stored = dict(
        CommunityEthnicityCount.objects.filter(area_code="E08000012").values_list(
            "ethnicity", "residents"
        )
    )
    assert stored["asian_bangladeshi"] == 1001
    assert stored["white_roma"] == 1016
    assert stored["other_any"] == 1019
    assert "prefer_not_to_say" not in stored
    event = AuditEvent.objects.get(verb="representation.community_loaded")
    assert event.details["areas"] == ["E08000012"]


def test_loading_again_replaces_the_figures(council, officer):
    load_ts021(actor=officer, lines=as_csv(ons_rows(base=1000)), authority=council)
    result = load_ts021(actor=officer, lines=as_csv(ons_rows(base=5000)), authority=council)
    assert result.replaced == 19
    assert CommunityEthnicityCount.objects.count() == 19
    assert CommunityEthnicityCount.objects.get(ethnicity="white_irish").residents == 5014


def test_two_areas_and_a_byte_order_mark(council, officer):
    rows = ons_rows() + ons_rows("E08000011", "Knowsley", base=10)
    handle = io.StringIO("\ufeff" + as_csv(rows).getvalue())
    result = load_ts021(actor=officer, lines=handle, authority=council)
    assert sorted(code for code, _ in result.areas) == ["E08000011", "E08000012"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda rows: rows[3].__setitem__(4, "lots"), "Row 5: observation 'lots'"),
        (lambda rows: rows[3].__setitem__(4, "-2"), "Row 5: observation '-2'"),
        (lambda rows: rows[3].__setitem__(2, "27"), "Row 5: ethnic group code 27"),
        (
            lambda rows: rows[3].__setitem__(3, "White: Irish"),
            "Row 5: ethnic group code 3 should be 'Indian'",
        ),
        (lambda rows: rows[3].__setitem__(0, "Liverpool"), "Row 5: area code 'Liverpool'"),
        (lambda rows: rows.pop(16), "is missing: Roma"),
        (lambda rows: rows.append(list(rows[5])), "has 'Other Asian' twice"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_written(council, officer, change, message):
    load_ts021(actor=officer, lines=as_csv(ons_rows(base=1000)), authority=council)
    rows = ons_rows(base=7000)
    change(rows)
    with pytest.raises(Ts021Error) as raised:
        load_ts021(actor=officer, lines=as_csv(rows), authority=council)
    assert any(message in error for error in raised.value.errors), raised.value.errors
    # All or nothing: the earlier figures are untouched.
    assert CommunityEthnicityCount.objects.get(ethnicity="white_irish").residents == 1014


def test_missing_columns_are_named(council, officer):
    header = HEADER[:4] + ["Count"]
    with pytest.raises(Ts021Error, match="'Observation'"):
        load_ts021(actor=officer, lines=as_csv(ons_rows(), header), authority=council)


def test_an_area_cannot_belong_to_two_councils(council, officer):
    load_ts021(actor=officer, lines=as_csv(ons_rows()), authority=council)
    other = make_authority(la_code="340", name="Knowsley")
    with pytest.raises(Ts021Error, match="already loaded for Liverpool"):
        load_ts021(actor=officer, lines=as_csv(ons_rows()), authority=other)


def test_command_loads_a_file(council, tmp_path):
    path = tmp_path / "TS021-2021-1.csv"
    path.write_text(as_csv(ons_rows()).getvalue(), encoding="utf-8-sig")
    out = io.StringIO()
    call_command("load_ts021", str(path), "--authority", "341", stdout=out)
    assert "Loaded 19 rows for Liverpool: Liverpool (E08000012)." in out.getvalue()
    assert CommunityEthnicityCount.objects.count() == 19


def test_command_reports_row_errors(council, tmp_path):
    rows = ons_rows()
    rows[2][4] = "n/a"
    path = tmp_path / "bad.csv"
    path.write_text(as_csv(rows).getvalue(), encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was loaded(.|\n)*Row 4: observation 'n/a'"):
        call_command("load_ts021", str(path), "--authority", "341")
    assert CommunityEthnicityCount.objects.count() == 0


def test_command_needs_a_known_authority(db, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text(as_csv(ons_rows()).getvalue())
    with pytest.raises(CommandError, match="No authority with LA code '999'"):
        call_command("load_ts021", str(path), "--authority", "999")
