"""The representation report service, checked against figures counted by hand.

two_councils (conftest) for 2024, all schools: governors appointed are White 95, Asian 22,
Black 3, Mixed 9, Other 11, not known 12 (total 152); applicants White 120, Asian 60,
Black 45, Other 30 (total 255).
"""

from decimal import Decimal

import pytest

from schools_platform.core.models import AuditEvent
from schools_platform.disclosure import TOTAL
from schools_platform.equality.models import EqualityProfile
from schools_platform.equality.services import withdraw_profile
from schools_platform.representation.reports import APPLIED, APPOINTED, COMMUNITY, PUPILS
from schools_platform.representation.selectors import Scope
from schools_platform.representation.services import record_membership, representation_report

from .builders import add_people


def report_for(user, scope="all", year=2024, group="governors"):
    return representation_report(user=user, group=group, year=year, scope=Scope.parse(scope))


def column_texts(table, column):
    return {row: table.cell(row, column).text for row in [*table.row_labels, TOTAL]}


def test_counts_are_rounded_and_small_ones_suppressed_with_a_partner(officer, two_councils):
    report = report_for(officer)
    assert column_texts(report.groups, APPOINTED) == {
        "asian": "20",
        "black": "c",  # 3 people
        "mixed": "c",  # 9, hidden so the 3 cannot be worked out from the total
        "white": "95",
        "other": "10",
        "prefer_not_to_say": "0",
        "not_known": "10",
        TOTAL: "150",
    }


def test_shares_come_from_unrounded_counts(officer, two_councils):
    groups = report_for(officer).groups
    assert groups.cell("white", APPOINTED).percent == Decimal("63")  # 95 / 152 = 62.5%
    assert groups.cell("asian", APPOINTED).percent == Decimal("14")  # 22 / 152 = 14.5%
    assert groups.cell("black", APPOINTED).percent_text == "c"


def test_gap_against_each_comparison(officer, two_councils):
    gaps = report_for(officer).gaps
    # Asian: 14.47% of governors; 23.53% of applicants, 9.19% of pupils, 5.26% of residents.
    assert gaps["asian", APPLIED].text == "\u22129"
    assert gaps["asian", PUPILS].text == "+5"
    assert gaps["asian", COMMUNITY].text == "+9"
    assert gaps["black", PUPILS].text == "c"  # the governors' share is suppressed


def test_relative_likelihood_is_white_rate_over_other_groups_rate(officer, two_councils):
    likelihood = report_for(officer).relative_likelihood
    # (95 / 120) / ((22 + 3 + 9 + 11) / (60 + 45 + 30)) = 2.375
    assert likelihood.value == Decimal("2.38")
    assert likelihood.rates == {"white": Decimal("79"), "other_groups": Decimal("33")}
    assert likelihood.counts.cell("other_groups", APPOINTED).text == "45"


def test_relative_likelihood_not_shown_when_its_inputs_are_suppressed(officer, two_councils):
    # Northvale's governors: not known (12) is hidden to protect Black (3).
    likelihood = report_for(officer, scope="council:901").relative_likelihood
    assert likelihood.value is None and likelihood.symbol == "c"
    assert "suppressed" in likelihood.reason


def test_relative_likelihood_not_shown_for_too_few_applicants(officer, school_a):
    add_people(school_a, year=2024, white_british=20, asian_indian=10)
    add_people(school_a, year=2024, stage="applied", white_british=40, asian_indian=20)
    likelihood = report_for(officer).relative_likelihood
    assert likelihood.value is None and likelihood.symbol == "u"
    assert "fewer than 30" in likelihood.reason


def test_relative_likelihood_when_no_other_group_was_appointed(officer, school_a):
    add_people(school_a, year=2024, white_british=40)
    add_people(school_a, year=2024, stage="applied", white_british=60, black_african=40)
    likelihood = report_for(officer).relative_likelihood
    assert likelihood.value is None and likelihood.symbol == "z"


def test_nineteen_categories_only_for_populations_that_need_no_suppression(officer, two_councils):
    report = report_for(officer)
    # Governors have 3 Black African people; pupils 3 Roma; applicants and residents none.
    assert report.categories.column_labels == (APPLIED, COMMUNITY)
    assert report.categories.cell("black_african", APPLIED).text == "45"
    assert "Governors appointed in 2024" in report.categories_note
    assert "Pupils" in report.categories_note


def test_trend_rows_are_the_same_figures_as_the_years_own_view(officer, two_councils):
    report = report_for(officer)
    assert report.trend.row_labels == (2023, 2024)
    for code in report.groups.row_labels:
        assert report.trend.cell(2024, code) == report.groups.cell(code, APPOINTED)
    assert report.trend.cell(2023, "asian").text == "30"
    earlier = report_for(officer, year=2023)
    assert earlier.trend is None  # one year on record up to 2023


def test_per_school_table_agrees_with_the_council_totals(officer, two_councils):
    report = report_for(officer, scope="council:901")
    schools = report.schools
    assert [report.school_names[pk] for pk in schools.row_labels] == [
        "Alder Primary",
        "Aspen High",
    ]
    for code in [*report.groups.row_labels, TOTAL]:
        assert schools.cell(TOTAL, code).text == report.groups.cell(code, APPOINTED).text
    alder = two_councils["alder"].pk
    assert schools.cell(alder, "black").is_suppressed


def test_per_school_table_only_for_a_council_or_area(officer, two_councils):
    assert report_for(officer).schools is None
    assert report_for(officer, scope="phase:Primary").schools is None
    assert report_for(officer, scope="area:North").schools is not None


def test_a_board_all_in_one_group_is_withheld_entirely(officer, school_a):
    add_people(school_a, year=2024, white_british=12)
    report = report_for(officer)
    assert set(column_texts(report.groups, APPOINTED).values()) == {"c"}


def test_withdrawn_answers_count_as_not_known(officer, data_steward, school_a):
    add_people(school_a, year=2024, white_british=40, asian_indian=33, mixed_other=9)
    assert report_for(officer).groups.cell("asian", APPOINTED).text == "35"
    profile = EqualityProfile.objects.filter(ethnicity="asian_indian").first()
    # Withdrawal wipes the answers and stamps the row, through the equality app's service
    # (which is also what tells the cached report that its inputs changed).
    withdraw_profile(actor=data_steward, profile=profile)
    groups = report_for(officer).groups
    assert groups.cell("asian", APPOINTED).text == "30"  # 32 now
    assert groups.cell("not_known", APPOINTED).text == "c"  # the one who withdrew
    assert groups.cell(TOTAL, APPOINTED).text == "80"  # still holds the place


def test_community_for_an_area_uses_its_own_census_figures(officer, two_councils):
    report = report_for(officer, scope="area:South")
    assert report.groups.cell(TOTAL, COMMUNITY).text == "54,000"
    phase = report_for(officer, scope="phase:Primary")
    assert phase.groups.cell(TOTAL, COMMUNITY).text == "152,000"  # both councils
    assert any("not split by school phase" in p.note for p in phase.populations)


def test_strictest_council_policy_applies(officer, two_councils):
    north = two_councils["north"]
    north.suppress_up_to, north.round_to = 10, 10
    north.save()
    report = report_for(officer)
    assert report.policy.suppress_up_to == 10 and report.policy.round_to == 10
    assert report.groups.cell("mixed", APPOINTED).is_suppressed  # 9 is small under 10
    south_only = report_for(officer, scope="council:902")
    assert south_only.policy.suppress_up_to == 7


def test_empty_year_is_reported_as_empty(officer, two_councils):
    assert report_for(officer, year=2019).is_empty


def test_school_scoped_user_only_counts_their_schools(leader_a, school_a, school_b):
    add_people(school_a, year=2024, white_british=40)
    add_people(school_b, year=2024, white_british=100)
    report = report_for(leader_a)
    assert report.groups.cell(TOTAL, APPOINTED).text == "40"
    with pytest.raises(ValueError):
        report_for(leader_a, scope=f"council:{school_b.authority.la_code}")


def test_modules_record_memberships_through_the_service(officer, school_a):
    membership = record_membership(
        actor=officer, group="appeal_panel", stage="applied", year=2025, school=school_a
    )
    event = AuditEvent.objects.get(verb="representation.membership_recorded")
    assert event.target_id == str(membership.pk)
    with pytest.raises(ValueError, match="Unknown stage"):
        record_membership(actor=officer, group="appeal_panel", stage="shortlisted", year=2025)


def test_percentage_base_is_configurable(officer, school_a, settings):
    add_people(school_a, year=2024, white_british=15, asian_indian=10)
    assert report_for(officer).groups.cell("white", APPOINTED).percent_text == "u"
    settings.DISCLOSURE_MIN_PERCENTAGE_BASE = 20
    assert report_for(officer).groups.cell("white", APPOINTED).percent_text == "60%"
