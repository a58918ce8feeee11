"""Every property test is patient on a busy machine, and CI's runs are reproducible."""

import importlib
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.internal.detection import is_hypothesis_test

TESTS = Path(__file__).resolve().parents[1]


def property_tests():
    for path in sorted(TESTS.rglob("test_*.py")):
        if "@given" not in path.read_text():
            continue
        name = ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if attr.startswith("test_") and is_hypothesis_test(value):
                yield f"{name}.{attr}", value._hypothesis_internal_use_settings


def test_every_property_test_has_no_deadline_and_no_too_slow_check():
    found = dict(property_tests())
    assert "tests.imports.test_exports.test_no_csv_text_cell_can_start_a_formula" in found
    impatient = {
        name: (s.deadline, s.suppress_health_check)
        for name, s in found.items()
        if s.deadline is not None or HealthCheck.too_slow not in s.suppress_health_check
    }
    assert impatient == {}
    assert all(s.max_examples <= 250 for s in found.values())


def test_the_ci_profile_is_reproducible():
    ci = settings.get_profile("ci")
    assert ci.derandomize and ci.database is None and ci.deadline is None
    assert HealthCheck.too_slow in ci.suppress_health_check
    dev = settings.get_profile("dev")
    assert not dev.derandomize and dev.deadline is None
