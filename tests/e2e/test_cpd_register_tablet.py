"""The session register at tablet width (768 x 1024, touch): axe is clean, nothing scrolls
sideways, and the programme lead marks people with taps and with the keyboard, then saves."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cpd import services
from cpd.models import Attendance, Booking, Completion, ModuleKind
from tests.cpd.conftest import (  # noqa: F401 - fixtures used by name
    halton,
    lead,
    make_learner,
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

TABLET = {"width": 768, "height": 1024}
NAMES = [
    "Oluwaseun Adebayo-Richardson",
    "Bernadette Featherstonehaugh-Wainwright",
    "Hui Chen",
    "Idris Iqbal",
]


def _no_sideways_scroll(page) -> None:
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.body.scrollWidth, window.innerWidth]"
    )
    assert max(widths[:2]) <= widths[2], f"scrolls sideways at {widths[2]}px: {widths}"


def test_register_on_a_tablet(browser, live_server, lead, phase, places, wirral, modules):  # noqa: F811
    session = make_session(
        modules[ModuleKind.FACE_TO_FACE],
        venue="Wallasey Town Hall, Brighton Street, committee room 2",
    )
    people = [make_learner(wirral, n, name=name) for n, name in enumerate(NAMES)]
    for person in people:
        enrolment = services.enrol(actor=lead, learner=person, phase=phase)
        services.record_completion(
            actor=lead,
            learner=person,
            module=modules[ModuleKind.E_LEARNING],
            completed_on=timezone.localdate(),
        )
        services.book_session(actor=lead, enrolment=enrolment, session=session)
    session.starts_at = timezone.now() - datetime.timedelta(hours=1)
    session.ends_at = session.starts_at + datetime.timedelta(hours=3)
    session.save()

    from schools_platform.home.demo import ensure_wagtail_roots

    ensure_wagtail_roots()
    context = browser.new_context(base_url=live_server.url, viewport=TABLET, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, "lead", PASSWORD)
        page.goto(f"/training/sessions/{session.pk}/register/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Register")
        assert_accessible(page)
        _no_sideways_scroll(page)

        # Taps.
        page.get_by_role("group", name=NAMES[0]).get_by_label("Present").tap()
        page.get_by_role("group", name=NAMES[1]).get_by_label("Left early").tap()
        # The keyboard: Space checks the focused mark; an arrow moves to the next one.
        page.get_by_role("group", name=NAMES[2]).get_by_label("Present").focus()
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        page.get_by_role("group", name=NAMES[3]).get_by_label("Absent").focus()
        page.keyboard.press("Space")
        expect(page.get_by_role("group", name=NAMES[2]).get_by_label("Late")).to_be_checked()

        page.get_by_role("button", name="Save the register").tap()
        expect(
            page.get_by_text("Register saved: 4 marks changed, 2 completions recorded.")
        ).to_be_visible()
        assert_accessible(page)
        _no_sideways_scroll(page)
        expect(page.get_by_role("group", name=NAMES[1]).get_by_label("Left early")).to_be_checked()
    finally:
        context.close()

    marks = dict(
        Booking.objects.filter(session=session).values_list(
            "enrolment__learner__name", "attendance"
        )
    )
    assert marks == {
        NAMES[0]: Attendance.PRESENT,
        NAMES[1]: Attendance.LEFT_EARLY,
        NAMES[2]: Attendance.LATE,
        NAMES[3]: Attendance.ABSENT,
    }
    assert set(
        Completion.objects.filter(module=session.module).values_list("learner__name", flat=True)
    ) == {NAMES[0], NAMES[2]}
