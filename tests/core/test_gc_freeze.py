"""The web server keeps the objects every request shares out of garbage collections
(core/gc_freeze.py): frozen once at start-up and once after the first request."""

import gc

import pytest
from django.core.signals import request_finished

from schools_platform.core import gc_freeze


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    request_finished.disconnect(dispatch_uid=gc_freeze._UID)
    gc.unfreeze()


def _receivers():
    return [r for r in request_finished.receivers if r[0][0] == gc_freeze._UID]


def test_start_up_objects_are_frozen_and_once_more_after_the_first_request(unfrozen, client):
    gc_freeze.freeze_after_first_request()
    at_start = gc.get_freeze_count()
    assert at_start > 0
    assert len(_receivers()) == 1

    client.get("/accounts/login/")
    assert gc.get_freeze_count() >= at_start
    assert _receivers() == []  # once only: later requests freeze nothing

    frozen = gc.get_freeze_count()
    client.get("/accounts/login/")
    # No more are frozen (a frozen object that is dropped is still freed, so fewer may be).
    assert gc.get_freeze_count() <= frozen


def test_objects_made_after_the_freeze_are_still_collected(unfrozen):
    gc_freeze.freeze_after_first_request()

    class Cycle:
        pass

    a, b = Cycle(), Cycle()
    a.other, b.other = b, a
    tracked = id(a)
    del a, b
    gc.collect()
    assert all(id(obj) != tracked for obj in gc.get_objects())


def test_the_wsgi_application_freezes(unfrozen, monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "schools_platform.settings.test")
    sys.modules.pop("schools_platform.wsgi", None)
    importlib.import_module("schools_platform.wsgi")
    assert gc.get_freeze_count() > 0
    assert len(_receivers()) == 1
