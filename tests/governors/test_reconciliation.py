"""Platform against GIAS: who is on one side only, what differs and which side looks right."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governors import services
from governors.choices import BoardRoleKind, Category
from governors.models import GiasGovernanceRecord
from governors.selectors import gias_rows, reconcile

from .conftest import appoint

TODAY = timezone.localdate()


@pytest.fixture
def both_sides(officer, school_a, board_a):
    start = TODAY - datetime.timedelta(days=100)
    same = appoint(
        officer,
        board_a,
        Category.PARENT,
        starts_on=start,
        person={"first_name": "Sam", "last_name": "Same"},
    )
    chair = appoint(
        officer,
        board_a,
        Category.CO_OPTED,
        starts_on=start,
        person={"first_name": "Cleo", "last_name": "Chair"},
    )
    services.set_board_role(actor=officer, term=chair, role=BoardRoleKind.CHAIR, starts_on=start)
    appoint(
        officer,
        board_a,
        Category.LOCAL_AUTHORITY,
        starts_on=start,
        person={"first_name": "Nora", "last_name": "New"},
    )

    def gias(gid, first, last, **kw):
        values = {
            "role": "Governor",
            "appointed_on": start,
            "term_ends_on": same.ends_on,
            "appointing_body": "Elected by parents",
        }
        values.update(kw)
        return GiasGovernanceRecord.objects.create(
            gid=gid, school=school_a, forename_1=first, surname=last, **values
        )

    gias(1, "Sam", "SAME")  # same person, same details (names compared without case)
    gias(
        2, "Cleo", "Chair", appointing_body="Appointed by GB/board", term_ends_on=chair.ends_on
    )  # role differs
    gias(
        3,
        "Olly",
        "Old",
        appointed_on=start - datetime.timedelta(days=900),
        term_ends_on=TODAY + datetime.timedelta(days=10),
    )
    gias(4, "Gone", "Long", term_ends_on=TODAY - datetime.timedelta(days=1))  # ended: not current
    return same, chair


def test_reconcile_finds_each_kind_of_difference(both_sides, school_a):
    (result,) = reconcile([school_a])
    assert [m.name for m in result.only_platform] == ["Nora New"]
    assert [m.gias.gid for m in result.only_gias] == [3]
    (chair,) = result.differing
    (difference,) = chair.differences
    assert (difference.field, difference.platform, difference.gias) == (
        "Role",
        "Chair of governors",
        "Governor",
    )
    # Same appointment date: the side changed last looks right, here the GIAS import...
    assert difference.looks_right == "GIAS"


def test_a_platform_correction_after_the_import_makes_the_platform_look_right(
    officer, both_sides, school_a
):
    _same, chair = both_sides
    services.correct_term(
        actor=officer,
        term=chair,
        reason="Board minutes",
        ends_on=chair.ends_on - datetime.timedelta(days=1),
    )
    (result,) = reconcile([school_a])
    (match,) = result.differing
    assert {d.looks_right for d in match.differences} == {"platform"}


def test_the_later_appointment_looks_right(officer, school_a, board_a):
    start = TODAY - datetime.timedelta(days=10)
    appoint(
        officer,
        board_a,
        Category.PARENT,
        starts_on=start,
        person={"first_name": "Re", "last_name": "Elected"},
    )
    GiasGovernanceRecord.objects.create(
        gid=9,
        school=school_a,
        forename_1="Re",
        surname="Elected",
        role="Governor",
        appointed_on=start - datetime.timedelta(days=1000),
        term_ends_on=TODAY + datetime.timedelta(days=400),
        appointing_body="Elected by parents",
    )
    (result,) = reconcile([school_a])
    (match,) = result.differing
    assert {d.field for d in match.differences} == {
        "Date of appointment",
        "Date term of office ends/ended",
    }
    assert all(d.looks_right == "platform" for d in match.differences)


def test_the_export_uses_the_gias_columns_and_escapes_formulae(
    client, officer, leader_a, school_a, board_a, both_sides
):
    appoint(
        officer,
        board_a,
        Category.CO_OPTED,
        first="=cmd",
        starts_on=TODAY,
        person={"first_name": "=cmd", "last_name": "X"},
    )
    rows = gias_rows(reconcile([school_a]))
    assert {r[7] for r in rows} == {"Chair", "New", "X"}
    client.force_login(leader_a)
    body = client.get(reverse("governors:reconciliation"), {"format": "csv"}).content.decode()
    assert body.lstrip("\ufeff").splitlines()[0].startswith("GID,URN,UID,Role,Title,Forename 1")
    assert "'=cmd" in body


def test_the_page_is_scoped_to_the_users_schools(client, leader_a, leader_b, school_a, both_sides):
    client.force_login(leader_b)
    body = client.get(reverse("governors:reconciliation")).content.decode()
    assert "Nora New" not in body and school_a.name not in body
    csv_body = client.get(reverse("governors:reconciliation"), {"format": "csv"}).content.decode()
    assert "New" not in csv_body
    client.force_login(leader_a)
    assert "Nora New" in client.get(reverse("governors:reconciliation")).content.decode()
    client.logout()
    assert client.get(reverse("governors:reconciliation")).status_code == 302
