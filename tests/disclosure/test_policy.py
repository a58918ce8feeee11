import pytest

from schools_platform.disclosure import DisclosurePolicy
from schools_platform.registry.models import Authority


def test_default_policy_comes_from_settings(settings):
    settings.DISCLOSURE_SUPPRESS_UP_TO = 9
    settings.DISCLOSURE_ROUND_TO = 10
    policy = DisclosurePolicy.default()
    assert (policy.suppress_up_to, policy.round_to) == (9, 10)


def test_several_authorities_get_the_strictest_rule(settings):
    settings.DISCLOSURE_SUPPRESS_UP_TO = 7
    settings.DISCLOSURE_ROUND_TO = 5
    authorities = [
        Authority(la_code="901", name="A", suppress_up_to=10),
        Authority(la_code="902", name="B", round_to=10),
        Authority(la_code="903", name="C"),
    ]
    policy = DisclosurePolicy.for_authorities(authorities)
    assert (policy.suppress_up_to, policy.round_to) == (10, 10)
    as_values = [{"suppress_up_to": None, "round_to": None}]
    assert DisclosurePolicy.for_authorities(as_values) == DisclosurePolicy.default()


@pytest.mark.parametrize(
    ("count", "step", "expected"),
    [(0, 5, 0), (2, 5, 0), (3, 5, 5), (12, 5, 10), (13, 5, 15), (15, 10, 20), (7, 1, 7)],
)
def test_rounding_is_to_the_nearest_multiple_half_up(count, step, expected):
    assert DisclosurePolicy(suppress_up_to=0, round_to=step).round_count(count) == expected


def test_a_count_that_would_round_into_the_small_range_is_small():
    policy = DisclosurePolicy(suppress_up_to=6, round_to=5)
    assert policy.is_small(7)  # would show as 5
    assert not policy.is_small(8)
    assert not policy.is_small(0)


@pytest.mark.parametrize("kwargs", [{"suppress_up_to": -1}, {"round_to": 0}])
def test_nonsense_policies_are_refused(kwargs):
    with pytest.raises(ValueError):
        DisclosurePolicy(**kwargs)
