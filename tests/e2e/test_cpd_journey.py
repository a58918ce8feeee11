"""CPD in the browser (axe on every page): a learner books a face-to-face session; on the day
the programme lead marks her present; she opens her certificate; anyone checks its code."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cpd import services
from cpd.models import Completion, ModuleKind
from tests.cpd.conftest import (  # noqa: F401 - fixtures used by name
    amina,
    halton,
    lead,
    learner_user,
    make_session,
    modules,
    phase,
    places,
    programme,
    wirral,
)
from tests.factories import PASSWORD

from .conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_learner_books_and_lead_marks_attendance(page, lead, amina, phase, places, modules):  # noqa: F811
    enrolment = services.enrol(actor=lead, learner=amina, phase=phase)
    services.record_completion(
        actor=lead,
        learner=amina,
        module=modules[ModuleKind.E_LEARNING],
        completed_on=timezone.localdate(),
    )
    session = make_session(modules[ModuleKind.FACE_TO_FACE], venue="Runcorn Library")

    sign_in(page, "amina", PASSWORD)
    # Already enrolled: the enrolment page offers nothing more, and says so.
    page.goto("/training/enrol/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enrol on training")
    expect(page.get_by_text("There is no training you can enrol on")).to_be_visible()
    assert_accessible(page)
    page.goto("/training/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your learning")
    assert_accessible(page)
    page.get_by_role("link", name="Book a session for Face-to-face session").click()
    assert_accessible(page)
    page.get_by_role("button", name="Book this session").click()
    expect(page.get_by_text("Choose a session to book.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Face-to-face session:").check()
    page.get_by_role("button", name="Book this session").click()
    expect(page.get_by_text("Your session is booked.")).to_be_visible()
    assert_accessible(page)
    assert enrolment.bookings.filter(session=session).exists()

    # The day comes.
    session.starts_at = timezone.now() - datetime.timedelta(hours=4)
    session.ends_at = session.starts_at + datetime.timedelta(hours=3)
    session.save()
    page.context.clear_cookies()
    sign_in(page, "lead", PASSWORD)
    page.goto(f"/training/sessions/{session.pk}/register/")
    assert_accessible(page)
    page.get_by_role("group", name="Amina Khan").get_by_label("Present").check()
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_text("1 completions recorded")).to_be_visible()
    assert_accessible(page)
    page.goto("/training/report/")
    assert_accessible(page)

    completion = Completion.objects.get(learner=amina, module=session.module)
    page.context.clear_cookies()
    sign_in(page, "amina", PASSWORD)
    page.goto("/training/")
    page.get_by_role("link", name="Certificate for Face-to-face session").click()
    expect(page.get_by_text(completion.verification_code)).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/training/check/")
    assert_accessible(page)
    page.get_by_label("Verification code").fill(completion.verification_code)
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("This certificate is genuine")).to_be_visible()
    assert_accessible(page)
