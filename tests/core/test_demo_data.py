import io

import pytest
from django.core.management import call_command

from schools_platform.core.models import User
from schools_platform.dashboard.demo import DEMO_ACCOUNTS
from schools_platform.equality.models import EqualityProfile
from schools_platform.registry.models import School
from schools_platform.registry.selectors import schools_for_user
from schools_platform.representation.models import GroupMembership


@pytest.mark.django_db
def test_demo_data_is_deterministic_and_safe_to_load_twice(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--seed", "7", "--quiet-logins")
    first = {
        "schools": list(School.objects.order_by("urn").values_list("urn", "name")),
        "profiles": EqualityProfile.objects.count(),
        "memberships": GroupMembership.objects.count(),
    }
    call_command("seed_demo", "--seed", "7", "--quiet-logins")
    assert list(School.objects.order_by("urn").values_list("urn", "name")) == first["schools"]
    assert EqualityProfile.objects.count() == first["profiles"] > 0
    assert GroupMembership.objects.count() == first["memberships"] > 0
    assert len(first["schools"]) == 48

    for username, *_ in DEMO_ACCOUNTS:
        assert User.objects.filter(username=username).exists()
    assert schools_for_user(User.objects.get(username="head")).count() == 1
    assert schools_for_user(User.objects.get(username="chair")).count() == 2
    assert schools_for_user(User.objects.get(username="officer")).count() == 48
    assert all(urn >= 900001 for urn, _ in first["schools"])  # never a real GIAS URN


def test_seed_demo_discovers_each_apps_demo_module_in_the_declared_order():
    from schools_platform.core.demo import demo_modules

    assert [module.__name__ for module in demo_modules()] == [
        "schools_platform.registry.demo",
        "schools_platform.dashboard.demo",
        "schools_platform.home.demo",
        "schools_platform.representation.demo",
        "schools_platform.equality.demo",
        "admissions.demo",
        "governors.demo",
        "admissions.engine.demo",
        "cpd.demo",
        "governors.recruitment.demo",
        "policies.demo",
        "cpd.evaluation.demo",
        "cpd.network.demo",
    ]


@pytest.mark.django_db
def test_a_new_modules_demo_plugs_in_without_editing_core(settings, monkeypatch):
    import types

    from schools_platform.core import demo

    settings.DEBUG = True
    seen = {}

    def seed(context):
        seen["schools"] = len(context.schools)
        return ["3 appeal panels"]

    newcomer = types.SimpleNamespace(__name__="admissions.demo", DEMO_ORDER=60, seed=seed)
    found = demo.demo_modules
    monkeypatch.setattr(demo, "demo_modules", lambda: [*found(), newcomer])
    out = io.StringIO()
    call_command("seed_demo", "--seed", "7", "--quiet-logins", stdout=out)
    assert seen == {"schools": 48}
    assert out.getvalue().strip().endswith(", 3 appeal panels.")
