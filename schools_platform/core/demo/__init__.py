"""Demo seeding by discovery: each installed app may have a ``demo`` module.

A ``demo`` module declares ``DEMO_ORDER`` (an int: lower runs first) and
``seed(context: DemoContext) -> list[str]``, returning phrases for the summary line ("48
schools"), or ``None`` when its data was already loaded. ``seed_demo`` (the dashboard app)
runs them in one transaction, in that order, sharing one random generator, so a new module
plugs in by adding its own ``demo.py``; nothing here names a module. The orders in use:

    10 registry (councils, schools)    20 dashboard (demo logins)    30 home (Wagtail site)
    40 representation (governor recruitment, pupil census)    50 equality (other answers)

Equality runs after representation because the generator is shared: keeping the draws in
the same order keeps every seed's data the same as before.
"""

import random
from dataclasses import dataclass, field
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.apps import apps

SCALES = ("small", "large")


@dataclass
class DemoContext:
    rng: random.Random
    scale: str
    # Filled in by the modules as they run, for the ones after them.
    authorities: list = field(default_factory=list)
    schools: list = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)  # (username, role name)
    password: str = ""

    @property
    def open_schools(self) -> list:
        return [s for s in self.schools if s.closed_on is None]


def demo_modules() -> list[ModuleType]:
    """Every installed app's ``demo`` module, in ``DEMO_ORDER``."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.demo"
        if find_spec(name) is None:
            continue
        module = import_module(name)
        if hasattr(module, "seed") and hasattr(module, "DEMO_ORDER"):
            found.append(module)
    return sorted(found, key=lambda module: (module.DEMO_ORDER, module.__name__))


def run_demo(context: DemoContext) -> tuple[list[str], bool]:
    """Run every demo module; returns the summary phrases and whether any was already there."""
    phrases: list[str] = []
    skipped = False
    for module in demo_modules():
        result = module.seed(context)
        if result is None:
            skipped = True
        else:
            phrases.extend(result)
    return phrases, skipped
