"""The module plugged into the platform's kit: header link, dashboard card, officer's home
panel, and the personal data register."""

import json

import pytest
from django.urls import reverse

from governors.choices import Category
from governors.models import Governor, Term
from schools_platform.core import personal_data, roles
from tests.factories import make_user

from .conftest import appoint


def test_leaders_see_the_link_and_their_boards_card(client, leader_a, leader_b, board_a):
    client.force_login(leader_a)
    body = client.get(reverse("home-dashboard")).content.decode()
    assert "Your governing boards" in body and board_a.name in body
    assert 'href="/governors/"' in body


def test_the_officers_home_has_the_governance_panel(client, officer, board_a):
    appoint(officer, board_a, Category.PARENT)
    client.force_login(officer)
    body = client.get("/admin/").content.decode()
    assert "Open the governance compliance dashboard" in body


@pytest.fixture
def governor_person(officer, board_a):
    person = make_user(email="pat@example.invalid")
    term = appoint(
        officer,
        board_a,
        Category.PARENT,
        person={
            "first_name": "Pat",
            "last_name": "Person",
            "email": "pat@example.invalid",
            "telephone": "0161 000 0000",
        },
    )
    Governor.objects.filter(pk=term.governor_id).update(user=person)
    return person


def test_a_governor_downloads_what_the_module_holds_about_them(governor_person):
    content, _name, _type = personal_data.subject_access(
        actor=governor_person, person=governor_person, fmt="json"
    )
    data = json.loads(content)
    text = json.dumps(data)
    assert "Term of office" in text and "0161 000 0000" in text


def test_erasure_keeps_the_terms_and_removes_contact_details(governor_person):
    steward = make_user(roles.DATA_STEWARD)
    personal_data.erase_person(actor=steward, person=governor_person)
    governor = Governor.objects.get(last_name="Person")
    assert (governor.email, governor.telephone, governor.user) == ("", "", None)
    assert Term.objects.filter(governor=governor).exists()
