"""Meetings, attendance, the 5- and 6-month absence flags, and declarations of interest."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from governors import services
from governors.choices import AttendanceStatus as A
from governors.choices import Category
from governors.models import Declaration, Meeting
from governors.selectors import absence_flags, attendance_rows, board_page_data

from .conftest import START, appoint

D = datetime.date


def messages(error):
    return " ".join(m for ms in error.message_dict.values() for m in ms)


@pytest.fixture
def two(officer, board_a):
    head = appoint(officer, board_a, Category.HEADTEACHER, first="Hedda")
    parent = appoint(officer, board_a, Category.PARENT, first="Piers")
    return head, parent


def meet(officer, board, day, statuses):
    return services.record_meeting(
        actor=officer, board=board, held_on=day, attendance={t.pk: s for t, s in statuses}
    )


def test_every_serving_governor_needs_an_attendance_answer(officer, board_a, two):
    head, parent = two
    with pytest.raises(ValidationError) as error:
        services.record_meeting(
            actor=officer, board=board_a, held_on=D(2024, 10, 1), attendance={head.pk: A.PRESENT}
        )
    assert "Say whether Ada" not in messages(error.value) and "Piers Lovelace attended" in messages(
        error.value
    )
    assert not Meeting.objects.exists()


def test_attendance_only_for_governors_serving_that_day(officer, board_a, two):
    head, parent = two
    with pytest.raises(ValidationError) as error:
        meet(officer, board_a, D(2024, 8, 1), [(head, A.PRESENT), (parent, A.PRESENT)])
    assert "serving on the day" in messages(error.value)


def test_absence_without_consent_warns_at_5_months_and_flags_at_6(officer, board_a, two):
    head, parent = two
    meet(officer, board_a, D(2024, 10, 1), [(head, A.PRESENT), (parent, A.ABSENT)])
    meet(officer, board_a, D(2025, 1, 15), [(head, A.PRESENT), (parent, A.APOLOGIES_NOT_ACCEPTED)])
    terms = [head, parent]
    rows = attendance_rows(parent.attendance.all()) + attendance_rows(head.attendance.all())
    assert absence_flags(terms, rows, D(2025, 2, 28)) == []
    (warning,) = absence_flags(terms, rows, D(2025, 3, 1))
    assert (warning.term, warning.since, warning.level) == (parent, D(2024, 10, 1), "warning")
    (flag,) = absence_flags(terms, rows, D(2025, 4, 1))
    assert flag.level == "flag"


def test_accepted_apologies_stop_the_clock_and_ex_officio_is_never_flagged(officer, board_a, two):
    head, parent = two
    meet(officer, board_a, D(2024, 10, 1), [(head, A.ABSENT), (parent, A.ABSENT)])
    meet(officer, board_a, D(2025, 1, 15), [(head, A.ABSENT), (parent, A.APOLOGIES_ACCEPTED)])
    rows = [r for t in two for r in attendance_rows(t.attendance.all())]
    assert absence_flags(list(two), rows, D(2025, 6, 1)) == []


def test_declaration_something_or_nothing_explicitly(officer, board_a, two):
    _head, parent = two
    with pytest.raises(ValidationError) as error:
        services.record_declaration(
            actor=officer, term=parent, declared_on=D(2024, 9, 20), nothing_to_declare=False
        )
    assert "nothing to declare" in messages(error.value)
    with pytest.raises(ValidationError):
        services.record_declaration(
            actor=officer,
            term=parent,
            declared_on=D(2024, 9, 20),
            nothing_to_declare=True,
            business_interests="Director, Acme Ltd",
        )
    services.record_declaration(
        actor=officer, term=parent, declared_on=D(2024, 9, 20), nothing_to_declare=True
    )
    # Same school year: replaces; next school year: a new one.
    services.record_declaration(
        actor=officer,
        term=parent,
        declared_on=D(2025, 3, 1),
        nothing_to_declare=False,
        business_interests="Director, Acme Ltd",
    )
    services.record_declaration(
        actor=officer, term=parent, declared_on=D(2025, 9, 2), nothing_to_declare=True
    )
    assert list(
        Declaration.objects.order_by("academic_year").values_list(
            "academic_year", "nothing_to_declare"
        )
    ) == [(2024, False), (2025, True)]


def test_another_schools_leader_cannot_record_meetings_or_declarations(leader_b, board_a, two):
    head, parent = two
    with pytest.raises(PermissionDenied):
        meet(leader_b, board_a, D(2024, 10, 1), [(head, A.PRESENT), (parent, A.PRESENT)])
    with pytest.raises(PermissionDenied):
        services.record_declaration(
            actor=leader_b, term=parent, declared_on=D(2024, 9, 20), nothing_to_declare=True
        )


def test_meeting_and_declaration_pages(client, leader_a, leader_b, officer, school_a, board_a):
    today = timezone.localdate()
    parent = appoint(
        officer,
        board_a,
        Category.PARENT,
        first="Piers",
        last="Page",
        starts_on=START,
        person={"first_name": "Piers", "last_name": "Page"},
    )
    client.force_login(leader_a)
    url = reverse("governors:record-meeting", args=[board_a.pk])
    assert "Piers Page (parent)" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "held_on": today.strftime("%d/%m/%Y"),
            "kind": "full_board",
            f"term_{parent.pk}": "present",
        },
    )
    assert response.status_code == 302
    decl = reverse("governors:record-declaration", args=[parent.pk])
    response = client.post(
        decl,
        {
            "declared_on": today.strftime("%d/%m/%Y"),
            "nothing_to_declare": "yes",
            "business_interests": "Trustee, Brook Charity",
        },
    )
    assert response.status_code == 302
    public = client.get(reverse("governors:public", args=[school_a.urn])).content.decode()
    assert "Trustee, Brook Charity" in public
    client.force_login(leader_b)
    assert client.get(url).status_code == 404 and client.get(decl).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_board_page_lists_missing_declarations(officer, board_a, two):
    data = board_page_data(board_a, day=D(2024, 10, 1))
    assert {t.pk for t in data["missing_declarations"]} == {t.pk for t in two}
