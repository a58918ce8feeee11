"""The pool's own deadlines on the clerk's dashboard: advertise for lay members every three
years with at least 21 days for replies, and appointments ending (re-appoint or replace)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from admissions import deadlines, services
from schools_platform.core.models import AuditEvent

from .conftest import make_member

TODAY = dt.date(2026, 12, 2)


def _kinds(items):
    return {(i.what, i.status) for i in items}


def test_no_advert_recorded_is_overdue_and_a_recorded_one_comes_due_in_three_years(
    clerk_user, school_a
):
    make_member(school_a.authority, "Ada")
    assert ("advert", "overdue") in _kinds(deadlines.pool_items(today=TODAY))
    services.record_advert(
        actor=clerk_user,
        authority=school_a.authority,
        published_on=dt.date(2024, 1, 10),
        closes_on=dt.date(2024, 2, 9),
        where="Local newspaper",
    )
    items = [i for i in deadlines.pool_items(today=TODAY) if i.what == "advert"]
    assert [(i.status, i.due_on) for i in items] == [("due_soon", dt.date(2027, 1, 10))]
    assert not [i for i in deadlines.pool_items(today=dt.date(2026, 6, 1)) if i.what == "advert"]
    later = [i for i in deadlines.pool_items(today=dt.date(2027, 2, 1)) if i.what == "advert"]
    assert later[0].status == "overdue"


def test_an_advert_needs_21_days_for_replies_and_the_pool_managers_role(
    clerk_user, panel_user, school_a
):
    with pytest.raises(ValidationError) as error:
        services.record_advert(
            actor=clerk_user,
            authority=school_a.authority,
            published_on=dt.date(2026, 1, 10),
            closes_on=dt.date(2026, 1, 30),
            where="Website",
        )
    assert "21 days" in str(error.value.message_dict["closes_on"])
    with pytest.raises(PermissionDenied):
        services.record_advert(
            actor=panel_user,
            authority=school_a.authority,
            published_on=dt.date(2026, 1, 10),
            closes_on=dt.date(2026, 2, 10),
            where="Website",
        )


def test_appointments_ending_are_due_and_past_ones_overdue(school_a):
    soon = make_member(school_a.authority, "Soon")
    soon.appointment_ends_on = dt.date(2027, 1, 15)
    soon.save()
    past = make_member(school_a.authority, "Past")
    past.appointment_ends_on = dt.date(2026, 11, 30)
    past.save()
    far = make_member(school_a.authority, "Far")
    far.appointment_ends_on = dt.date(2028, 1, 1)
    far.save()
    items = {i.key.split(":")[1]: i.status for i in deadlines.pool_items(today=TODAY)
             if i.what == "appointment"}  # fmt: skip
    assert items == {str(soon.pk): "due_soon", str(past.pk): "overdue"}


def test_the_advert_page_records_and_shows_errors(client, clerk_user, panel_user, school_a):
    client.force_login(clerk_user)
    url = reverse("admissions-advert-new")
    assert client.get(url).status_code == 200
    data = {
        "authority": school_a.authority.pk,
        "published_on": "2026-01-10",
        "closes_on": "2026-01-20",
        "where": "Website",
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "21 days" in response.content.decode()
    response = client.post(url, data | {"closes_on": "2026-02-10"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb="admissions.pool.advertised").exists()
    client.force_login(panel_user)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
