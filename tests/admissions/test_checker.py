"""The compliance checker, rule by rule: each breach is found, and a lawful roster passes.

Pure data, no database: these are the cases the engine (next issue) must satisfy.
"""

import datetime as dt

import pytest

from admissions import checker
from admissions.checker import BlockFacts, ClerkFacts, Declared, MemberFacts, Proposal

MON = dt.date(2027, 5, 10)
TUE = MON + dt.timedelta(days=1)
YEAR = (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
SCHOOL, OTHER_SCHOOL, LA, OTHER_LA = "100001", "100002", "901", "902"


def member(key, *, education=False, chair=False, **kwargs):
    declarations = kwargs.pop("declarations", [])
    if education:
        declarations = [
            Declared(
                kind="worked_in_school",
                role="teacher",
                school=OTHER_SCHOOL,
                ended_on=dt.date(2020, 7, 31),
            )
        ] + declarations
    return MemberFacts(
        key=key,
        name=f"Member {key}",
        declarations=declarations,
        panel_training=kwargs.pop("panel_training", [YEAR]),
        chair_training=[YEAR] if chair else [],
        appointed_on=dt.date(2025, 1, 1),
        weekly=kwargs.pop("weekly", dict.fromkeys(range(5), "either")),
        **kwargs,
    )


def clerk(**kwargs):
    kwargs.setdefault("weekly", dict.fromkeys(range(5), "either"))
    return ClerkFacts(key="c1", name="Clare", trained_until=dt.date(2027, 12, 31), **kwargs)


def block(**kwargs):
    defaults = {
        "key": "B1",
        "school": SCHOOL,
        "school_name": "Alder Primary",
        "authorities": {LA},
        "days": [MON, TUE],
        "mode": "in_person",
        "appellant_names": ["Pat Parent", "Kim Child"],
    }
    defaults.update(kwargs)
    return BlockFacts(**defaults)


def lawful(**changes):
    members = changes.pop("members", None) or [
        member("1", chair=True),
        member("2", education=True),
        member("3"),
    ]
    return Proposal(
        block=changes.pop("block", None) or block(),
        members=members,
        chair=changes.pop("chair", "1"),
        clerk=changes.pop("clerk", clerk()),
    )


def rules(proposal):
    return {b.rule for b in checker.check_roster(proposal)}


def test_a_lawful_roster_passes():
    assert checker.check_roster(lawful()) == []


def test_every_breach_names_its_rule_and_source():
    breaches = checker.check_roster(lawful(members=[member("1", chair=True)]))
    assert breaches
    for b in breaches:
        assert b.source and b.message and b.title
        assert b.source in str(b)


def test_panel_of_two_is_refused():
    p = lawful(members=[member("1", chair=True), member("2", education=True)])
    assert "panel_size" in rules(p)
    (b,) = [b for b in checker.check_roster(p) if b.rule == "panel_size"]
    assert "SI 2012/9" in b.source and "2 member(s)" in b.message


def test_a_member_listed_twice_does_not_make_three():
    one = member("1", chair=True)
    p = lawful(members=[one, one, member("2", education=True)])
    assert {"duplicate_member", "panel_size"} <= rules(p)


def test_panel_needs_a_lay_member():
    p = lawful(
        members=[
            member("1", chair=True, education=True),
            member("2", education=True),
            member("3", education=True),
        ]
    )
    assert rules(p) == {"lay_member"}


def test_panel_needs_an_education_member():
    p = lawful(members=[member("1", chair=True), member("2"), member("3")])
    assert rules(p) == {"education_member"}


def test_category_is_derived_a_former_teaching_assistant_is_not_lay():
    ta = Declared(
        kind="worked_in_school",
        role="teaching_assistant",
        school=OTHER_SCHOOL,
        ended_on=dt.date(2001, 7, 1),
    )
    assert checker.derive_category([ta]) == checker.EDUCATION
    # Governor and voluntary roles are disregarded: a governor elsewhere is still lay.
    assert checker.derive_category([Declared(kind="governor", school=OTHER_SCHOOL)]) == checker.LAY
    assert checker.derive_category([]) == checker.LAY


def test_exactly_one_chair_who_sits_on_the_panel():
    assert rules(lawful(chair=None)) == {"one_chair"}
    assert rules(lawful(chair="99")) == {"one_chair"}


def test_chair_must_be_chair_trained_on_every_day():
    p = lawful(chair="3")  # member 3 has no chair training
    assert rules(p) == {"chair_trained"}
    expired = member("1", chair=True)
    expired.chair_training = [(dt.date(2025, 9, 1), MON)]  # expires after the first day
    assert rules(lawful(members=[expired, member("2", education=True), member("3")])) == {
        "chair_trained"
    }


@pytest.mark.parametrize(
    "declaration, rule",
    [
        (Declared(kind="councillor", authority=LA), "councillor"),
        (Declared(kind="councillor", authority=LA, ended_on=dt.date(2019, 5, 1)), "connection"),
        (Declared(kind="governor", school=SCHOOL, ended_on=dt.date(2010, 8, 31)), "governor"),
        (Declared(kind="governor", school=SCHOOL), "governor"),
        (Declared(kind="authority_employee", role="other", authority=LA), "employee"),
        (
            Declared(
                kind="authority_employee", role="other", authority=LA, ended_on=dt.date(2020, 1, 1)
            ),
            "connection",
        ),
        (Declared(kind="worked_in_school", role="other", school=SCHOOL), "employee"),
        (Declared(kind="worked_in_school", role="head", school=SCHOOL), "employee"),
        (Declared(kind="worked_in_school", role="teacher", school=SCHOOL), "teacher_at_school"),
        (
            Declared(kind="worked_in_school", role="teaching_assistant", school=SCHOOL),
            "teacher_at_school",
        ),
        (
            Declared(
                kind="worked_in_school", role="teacher", school=SCHOOL, ended_on=dt.date(2015, 7, 1)
            ),
            "connection",
        ),
        (Declared(kind="admission_decision", school=SCHOOL), "decision_maker"),
        (Declared(kind="admission_decision", authority=LA), "decision_maker"),
        (
            Declared(kind="staff_connection", school=SCHOOL, person_name="Head's sister"),
            "connection",
        ),
        (Declared(kind="other_interest", school=SCHOOL), "connection"),
        (Declared(kind="other_interest", authority=LA), "connection"),
    ],
)
def test_each_statutory_disqualification(declaration, rule):
    p = lawful(
        members=[
            member("1", chair=True),
            member("2", education=True),
            member("3", declarations=[declaration]),
        ]
    )
    assert rules(p) == {rule}
    (b,) = checker.check_roster(p)
    assert b.member == "3" and "Member 3" in b.message
    assert b.source.startswith("SI 2012/9 Sch para 4")


@pytest.mark.parametrize(
    "declaration",
    [
        Declared(kind="councillor", authority=OTHER_LA),
        Declared(kind="governor", school=OTHER_SCHOOL),
        Declared(kind="worked_in_school", role="head", school=OTHER_SCHOOL),
        Declared(kind="admission_decision", school=OTHER_SCHOOL),
        Declared(kind="staff_connection", school=OTHER_SCHOOL, person_name="A friend"),
        # The teacher and teaching-assistant exemption from the employee bar (para 4(2)).
        Declared(kind="authority_employee", role="teacher", authority=LA),
        Declared(kind="authority_employee", role="teaching_assistant", authority=LA),
        Declared(kind="known_person", person_name="Someone Else"),
    ],
)
def test_declarations_about_other_schools_and_authorities_do_not_disqualify(declaration):
    p = lawful(
        members=[
            member("1", chair=True),
            member("2", education=True, declarations=[declaration]),
            member("3"),
        ]
    )
    assert rules(p) == set()


def test_the_maintaining_authority_counts_as_well_as_the_arranging_one():
    councillor = Declared(kind="councillor", authority=OTHER_LA)
    p = lawful(
        block=block(authorities={LA, OTHER_LA}),
        members=[
            member("1", chair=True),
            member("2", education=True),
            member("3", declarations=[councillor]),
        ],
    )
    assert rules(p) == {"councillor"}


def test_knowing_any_appellant_in_a_grouped_block_excludes_the_member():
    knows = Declared(kind="known_person", person_name="  kim   CHILD ")
    p = lawful(
        members=[
            member("1", chair=True),
            member("2", education=True),
            member("3", declarations=[knows]),
        ]
    )
    assert rules(p) == {"appellant_connection"}


def test_untrained_or_expired_training_disqualifies():
    never = member("3", panel_training=[])
    assert rules(lawful(members=[member("1", chair=True), member("2", education=True), never])) == {
        "untrained"
    }
    lapsed = member("3", panel_training=[(dt.date(2025, 5, 1), MON)])  # lapses before Tuesday
    (b,) = checker.check_roster(
        lawful(members=[member("1", chair=True), member("2", education=True), lapsed])
    )
    assert b.rule == "untrained" and "11 May 2027" in b.message and "4(1)(e)" in b.source


def test_member_must_be_appointed_on_every_day():
    m = member("3")
    m.appointment_ends_on = MON
    assert rules(lawful(members=[member("1", chair=True), member("2", education=True), m])) == {
        "appointment"
    }


def test_availability_weekly_pattern_exceptions_and_mode():
    no_tuesday = member("3", weekly={0: "either"})
    assert rules(
        lawful(members=[member("1", chair=True), member("2", education=True), no_tuesday])
    ) == {"unavailable"}
    # A dated exception makes an unoffered day available, or an offered one unavailable.
    no_tuesday.exceptions = {TUE: "either"}
    assert (
        rules(lawful(members=[member("1", chair=True), member("2", education=True), no_tuesday]))
        == set()
    )
    away = member("3", exceptions={MON: None})
    assert rules(lawful(members=[member("1", chair=True), member("2", education=True), away])) == {
        "unavailable"
    }
    remote_only = member("3", weekly=dict.fromkeys(range(5), "remote"))
    assert rules(
        lawful(members=[member("1", chair=True), member("2", education=True), remote_only])
    ) == {"unavailable"}
    assert (
        rules(
            lawful(
                block=block(mode="remote"),
                members=[member("1", chair=True), member("2", education=True), remote_only],
            )
        )
        == set()
    )


def test_member_already_sitting_that_day():
    busy = member("3", other_sittings=[TUE])
    assert rules(lawful(members=[member("1", chair=True), member("2", education=True), busy])) == {
        "double_booked"
    }


def test_weekly_and_season_caps():
    weekly = member("3", other_sittings=[MON + dt.timedelta(days=3)], max_per_week=2)
    assert rules(
        lawful(members=[member("1", chair=True), member("2", education=True), weekly])
    ) == {"week_cap"}
    # Sittings in another week do not count towards this week's cap.
    other_week = member("3", other_sittings=[MON - dt.timedelta(days=7)], max_per_week=2)
    assert (
        rules(lawful(members=[member("1", chair=True), member("2", education=True), other_week]))
        == set()
    )
    season = member("3", max_per_season=5, season_sittings=4)
    assert rules(
        lawful(members=[member("1", chair=True), member("2", education=True), season])
    ) == {"season_cap"}
    season.season_sittings = 3
    assert (
        rules(lawful(members=[member("1", chair=True), member("2", education=True), season]))
        == set()
    )


def test_clerk_rules():
    assert rules(lawful(clerk=None)) == {"clerk_missing"}
    lapsed = clerk()
    lapsed.trained_until = MON
    assert rules(lawful(clerk=lapsed)) == {"clerk_untrained"}
    at_school = clerk(employments=[("school", SCHOOL, "", None, None)])
    assert rules(lawful(clerk=at_school)) == {"clerk_independent"}
    education_dept = clerk(employments=[("authority_education", "", LA, dt.date(2020, 1, 1), None)])
    assert rules(lawful(clerk=education_dept)) == {"clerk_independent"}
    # Legal services of the same council, or a past education post, do not bar the clerk.
    legal = clerk(
        employments=[
            ("authority_other", "", LA, None, None),
            ("authority_education", "", LA, None, dt.date(2019, 1, 1)),
        ]
    )
    assert rules(lawful(clerk=legal)) == set()
    busy = clerk(other_sittings=[MON])
    assert rules(lawful(clerk=busy)) == {"clerk_double_booked"}


def test_rehearing_excludes_the_original_panel_and_clerk():
    p = lawful(block=block(excluded_members={"2"}, excluded_clerk="c1"))
    assert rules(p) == {"rehearing_member", "rehearing_clerk"}


def test_a_block_without_days_is_reported():
    assert "no_days" in rules(lawful(block=block(days=[])))


def test_every_rule_has_a_title_and_a_source():
    for rule in checker.RULES.values():
        assert rule.title and rule.source
