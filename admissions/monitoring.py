"""Monitoring figures for the appeals service: the DfE appeals statistics (lodged, withdrawn,
heard, upheld, by phase; reference §2.1) and the make-up of the panel pool by the members'
voluntary equality answers. Every count of people goes through ``disclosure.publish_counts``.

Equality answers are read here for pool-level monitoring only: never per member, never by the
checker, the roster editor or the hearing papers (docs/modules/admissions.md).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from statistics import median

import pandas as pd
from django.db.models import Count, Min, Q

from schools_platform.disclosure import TOTAL, DisclosurePolicy, PublishedTable, publish_counts
from schools_platform.equality.choices import (
    CATEGORY_GROUP,
    ETHNIC_GROUPS,
    PREFER_NOT_TO_SAY,
    AgeBand,
    Disability,
    Sex,
)
from schools_platform.equality.models import EqualityProfile
from schools_platform.equality.selectors import reportable_profiles

from . import school_days
from .models import (
    Appeal,
    AppealDecision,
    Category,
    MemberSitting,
    PanelMember,
    Roster,
    RosterSeat,
    RoundKind,
)

DFE_COLUMNS = ("Lodged", "Withdrawn", "Heard", "Upheld")
NOT_GIVEN = "Phase not recorded"
PREFER_NOT = "Prefer not to say"


def dfe_counts(appeals=None) -> pd.DataFrame:
    """Appeals lodged, withdrawn, heard (decided) and upheld, by the school's phase."""
    appeals = Appeal.objects.all() if appeals is None else appeals
    rows = (
        appeals.values("block__round__school__phase")
        .annotate(
            lodged=Count("pk"),
            withdrawn=Count("pk", filter=Q(withdrawn_on__isnull=False)),
            heard=Count("pk", filter=~Q(decision="")),
            upheld=Count("pk", filter=Q(decision=AppealDecision.UPHELD)),
        )
        .order_by("block__round__school__phase")
    )
    data = {
        (r["block__round__school__phase"] or NOT_GIVEN): [
            r["lodged"], r["withdrawn"], r["heard"], r["upheld"]
        ]
        for r in rows
    }  # fmt: skip
    return pd.DataFrame.from_dict(data, orient="index", columns=list(DFE_COLUMNS), dtype="int64")


def dfe_statistics(appeals=None) -> PublishedTable | None:
    frame = dfe_counts(appeals)
    if frame.empty:
        return None
    return publish_counts(frame, column_totals=True)


def pool_make_up() -> PublishedTable | None:
    """Active pool members by ethnic group, from the answers they chose to give (purpose
    "panel member"); the share of the pool that answered is the column total."""
    profiles = reportable_profiles("ethnicity").filter(
        purpose=EqualityProfile.Purpose.PANEL_MEMBER,
        user__panel_member__active=True,
    )
    counts = dict.fromkeys(ETHNIC_GROUPS.values(), 0) | {PREFER_NOT: 0}
    for code, n in (
        profiles.values("ethnicity").annotate(n=Count("pk")).values_list("ethnicity", "n")
    ):
        group = CATEGORY_GROUP.get(code)
        counts[ETHNIC_GROUPS.get(group, PREFER_NOT)] += n
    if not any(counts.values()):
        return None
    frame = pd.DataFrame({"Panel pool": counts}, dtype="int64")
    return publish_counts(frame, column_totals=True, shares_within="column")


def table_rows(table: PublishedTable) -> list[list]:
    """Rows for a page or a CSV: the label, then each published figure or its symbol."""
    out = []
    for label, cells in zip(table.row_labels, table.cells, strict=True):
        out.append([label] + [c.symbol if c.count is None else c.count for c in cells])
    if table.column_totals:
        out.append(
            ["Total"] + [c.symbol if c.count is None else c.count for c in table.column_totals]
        )
    return out


# --- shared helpers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Report:
    """A published table ready for a page and a CSV: ``header`` then ``rows`` (label, then each
    published figure or its symbol, then the rate when the report has one)."""

    key: str
    title: str
    header: list[str]
    rows: list[list]


def _rate(policy, shown: bool, numerator: int, denominator: int) -> str:
    """A percentage from unrounded counts, shown only where both counts it comes from are
    shown and the base is big enough (as governors' source report)."""
    if not shown:
        return "c"
    if denominator < policy.min_percentage_base:
        return "u"
    return f"{policy.percent(numerator, denominator)}%"


def _report(key, title, label, counts: dict, columns, *, rate=None) -> Report | None:
    """Counts of people per row label (lists in ``columns`` order), through publish_counts.
    ``rate`` = (numerator column, denominator column, heading) adds a percentage column."""
    if not counts or not any(sum(v) for v in counts.values()):
        return None
    frame = pd.DataFrame.from_dict(counts, orient="index", columns=list(columns), dtype="int64")
    table = publish_counts(frame, column_totals=True)
    header = [label, *columns] + ([rate[2]] if rate else [])
    rows = []
    labels = [*table.row_labels, TOTAL]
    for row in labels:
        cells = [table.cell(row, c) for c in columns]
        line = ["Total" if row == TOTAL else row] + [c.value for c in cells]
        if rate:
            num, den = columns.index(rate[0]), columns.index(rate[1])
            raw = (
                counts[row]
                if row != TOTAL
                else [sum(v[i] for v in counts.values()) for i in range(len(columns))]
            )
            line.append(
                _rate(table.policy, cells[num].is_shown and cells[den].is_shown, raw[num], raw[den])
            )
        rows.append(line)
    return Report(key, title, header, rows)


def scoped_appeals(*, year=None, authority=None, phase=None, kind=None):
    """Appeals of the rounds chosen (the authority, phase and round level of issue 9)."""
    appeals = Appeal.objects.all()
    if year:
        appeals = appeals.filter(block__round__academic_year=year)
    if authority:
        appeals = appeals.filter(block__round__authority=authority)
    if phase:
        appeals = appeals.filter(block__round__school__phase=phase)
    if kind:
        appeals = appeals.filter(block__round__kind=kind)
    return appeals


# --- fairness of outcomes by the appellants' voluntary answers --------------------------------

# Appellants answer the landed equality form under a purpose of their own; the profile names the
# appeal only by this reference (equality migration 0005 moved the earlier "survey" answers).
APPELLANT_PURPOSE = EqualityProfile.Purpose.APPELLANT
APPELLANT_PREFIX = "admissions-appeal:"
NOT_KNOWN = "Not known (no answer)"
CHARACTERISTICS = {
    "ethnicity": "Ethnic group",
    "sex": "Sex",
    "age_band": "Age",
    "disability": "Disability",
}
OUTCOME_COLUMNS = ("Lodged", "Withdrawn", "Heard", "Upheld")


def appellant_reference(appeal) -> str:
    return f"{APPELLANT_PREFIX}{appeal.reference}"


def _group_labels(characteristic: str) -> tuple[list[str], dict[str, str]]:
    """Row labels in order, and answer code -> row label."""
    if characteristic == "ethnicity":
        labels = [*ETHNIC_GROUPS.values(), PREFER_NOT]
        codes = {code: ETHNIC_GROUPS[group] for code, group in CATEGORY_GROUP.items()}
        codes[PREFER_NOT_TO_SAY] = PREFER_NOT
    else:
        choices = {"sex": Sex, "age_band": AgeBand, "disability": Disability}[characteristic]
        labels = [label for _code, label in choices.choices]
        codes = dict(choices.choices)
    return [*labels, NOT_KNOWN], codes


def appellant_groups(characteristic: str) -> dict[str, str]:
    """Appeal reference -> the appellant's answer's row label, for counting only (one query on
    live profiles; the answers never leave this module except as published counts)."""
    if characteristic not in CHARACTERISTICS:
        raise ValueError(f"Unknown characteristic {characteristic!r}")
    _labels, codes = _group_labels(characteristic)
    rows = (
        reportable_profiles(characteristic)
        .filter(purpose=APPELLANT_PURPOSE, subject_reference__startswith=APPELLANT_PREFIX)
        .values_list("subject_reference", characteristic)
    )
    return {ref.removeprefix(APPELLANT_PREFIX): codes.get(code, NOT_KNOWN) for ref, code in rows}


def outcomes_by_group(appeals=None, *, characteristic: str = "ethnicity") -> Report | None:
    """Appeals lodged, withdrawn, heard and upheld by the appellants' own answers, with the
    uphold rate (upheld of heard), through publish_counts."""
    appeals = Appeal.objects.all() if appeals is None else appeals
    labels, _codes = _group_labels(characteristic)
    groups = appellant_groups(characteristic)
    counts = {label: [0, 0, 0, 0] for label in labels}
    for reference, withdrawn_on, decision in appeals.values_list(
        "reference", "withdrawn_on", "decision"
    ):
        line = counts[groups.get(reference, NOT_KNOWN)]
        line[0] += 1
        line[1] += withdrawn_on is not None
        line[2] += bool(decision)
        line[3] += decision == AppealDecision.UPHELD
    return _report(
        "fairness",
        f"Appeals by the appellants' answers: {CHARACTERISTICS[characteristic].lower()}",
        CHARACTERISTICS[characteristic],
        counts,
        OUTCOME_COLUMNS,
        rate=("Upheld", "Heard", "Upheld of heard"),
    )


# --- panels, workload, uphold rates, time to hearing -----------------------------------------

MIX_LABEL = "{lay} lay, {education} with experience in education"
NEW_MEMBER = "With a member appointed within the year"
ALL_EXPERIENCED = "Every member appointed a year or more"
ONE_GROUP = "Every member of one ethnic group"
MIXED_GROUPS = "Members of more than one ethnic group"
GROUP_NOT_KNOWN = "Not known (a member did not answer)"
WORKLOAD_BANDS = ((0, 0, "None"), (1, 2, "1 or 2"), (3, 5, "3 to 5"), (6, 10, "6 to 10"))
WORKLOAD_TOP = "More than 10"


def _panels_that_sat(today, year=None):
    """Panels of blocks whose first day is on or before ``today``: (first day, [(member id,
    category, appointed on)]) per block. Two queries of plain values, whatever the number of
    panels (no model instances: the report only counts)."""
    rosters = Roster.objects.filter(block__days__date__lte=today)
    if year:
        rosters = rosters.filter(block__round__academic_year=year)
    # The earliest of the days up to today is the block's first day.
    first_days = dict(
        rosters.values("block_id")
        .annotate(first=Min("block__days__date"))
        .values_list("block_id", "first")
        .order_by()
    )
    seats = defaultdict(list)
    for block_id, member_id, category, appointed_on in (
        RosterSeat.objects.filter(roster__block_id__in=rosters.values("block_id"))
        .values_list("roster__block_id", "member_id", "member__category", "member__appointed_on")
        .order_by()
    ):
        seats[block_id].append((member_id, category, appointed_on))
    return [(first, seats.get(block_id, [])) for block_id, first in first_days.items()]


def _member_ethnic_groups(member_ids) -> dict[int, str]:
    """Member -> high-level ethnic group code from their own answers (panel member purpose),
    for counting panels only. One query."""
    rows = (
        reportable_profiles("ethnicity")
        .filter(purpose=EqualityProfile.Purpose.PANEL_MEMBER, user__panel_member__in=member_ids)
        .values_list("user__panel_member", "ethnicity")
    )
    return {pk: CATEGORY_GROUP.get(code, "") for pk, code in rows}


def panel_reports(*, today, year=None) -> list[Report]:
    """Panels that sat by lay/education mix, by experience and by whether every member is of
    one ethnic group by their voluntary answers; counts of panels through publish_counts (a
    panel is three people)."""
    panels = _panels_that_sat(today, year)
    mix, experience, groups = {}, {NEW_MEMBER: [0], ALL_EXPERIENCED: [0]}, {}
    answers = _member_ethnic_groups(sorted({pk for _first, seats in panels for pk, *_ in seats}))
    for label in (ONE_GROUP, MIXED_GROUPS, GROUP_NOT_KNOWN):
        groups[label] = [0]
    for first, seats in panels:
        lay = sum(category == Category.LAY for _pk, category, _appointed in seats)
        label = MIX_LABEL.format(lay=lay, education=len(seats) - lay)
        mix.setdefault(label, [0])[0] += 1
        new = any((first - appointed).days < 365 for _pk, _category, appointed in seats)
        experience[NEW_MEMBER if new else ALL_EXPERIENCED][0] += 1
        found = [answers.get(pk, "") for pk, _category, _appointed in seats]
        if not all(found):
            groups[GROUP_NOT_KNOWN][0] += 1
        elif len(set(found)) == 1:
            groups[ONE_GROUP][0] += 1
        else:
            groups[MIXED_GROUPS][0] += 1
    reports = [
        _report(
            "mix",
            "Panels that sat, by lay and education mix",
            "Make-up",
            dict(sorted(mix.items())),
            ["Panels"],
        ),
        _report(
            "experience", "Panels that sat, by experience", "Experience", experience, ["Panels"]
        ),
        _report(
            "groups",
            "Panels that sat, by the members' voluntary ethnic group answers",
            "Panel",
            groups,
            ["Panels"],
        ),
    ]
    return [r for r in reports if r]


def workload_report(*, year=None) -> Report | None:
    """Active members by the sittings (days) booked, through publish_counts."""
    sittings = MemberSitting.objects.all()
    if year:
        sittings = sittings.filter(block__round__academic_year=year)
    per_member = dict(sittings.values_list("member").annotate(n=Count("pk")))
    counts = {label: [0] for _lo, _hi, label in WORKLOAD_BANDS} | {WORKLOAD_TOP: [0]}
    for pk in PanelMember.objects.filter(active=True).values_list("pk", flat=True):
        n = per_member.get(pk, 0)
        label = next((lbl for lo, hi, lbl in WORKLOAD_BANDS if lo <= n <= hi), WORKLOAD_TOP)
        counts[label][0] += 1
    return _report(
        "workload", "Active panel members by sittings booked", "Sittings", counts, ["Members"]
    )


def uphold_by_school(appeals=None) -> Report | None:
    """Appeals heard and upheld per school, with the uphold rate."""
    appeals = Appeal.objects.all() if appeals is None else appeals
    counts: dict[str, list[int]] = {}
    for name, urn, decision in (
        appeals.exclude(decision="")
        .values_list("block__round__school__name", "block__round__school__urn", "decision")
        .order_by("block__round__school__name")
    ):
        line = counts.setdefault(f"{name} ({urn})", [0, 0])
        line[0] += 1
        line[1] += decision == AppealDecision.UPHELD
    return _report(
        "by_school", "Appeals heard and upheld, by school", "School", counts, ["Heard", "Upheld"],
        rate=("Upheld", "Heard", "Upheld of heard"),
    )  # fmt: skip


def uphold_by_panel(appeals=None) -> Report | None:
    """Appeals heard and upheld per panel (the chair and members who heard them)."""
    appeals = Appeal.objects.all() if appeals is None else appeals
    decided = list(appeals.exclude(decision="").values_list("block_id", "decision"))
    seats = defaultdict(list)
    for block_id, name, chair in RosterSeat.objects.filter(
        roster__block_id__in={b for b, _d in decided}
    ).values_list("roster__block_id", "member__full_name", "is_chair"):
        seats[block_id].append((not chair, name))
    counts: dict[str, list[int]] = {}
    for block_id, decision in decided:
        names = [n for _c, n in sorted(seats.get(block_id, []))]
        label = f"{names[0]} (chair), " + ", ".join(names[1:]) if names else "No roster recorded"
        line = counts.setdefault(label, [0, 0])
        line[0] += 1
        line[1] += decision == AppealDecision.UPHELD
    counts = dict(sorted(counts.items()))
    return _report(
        "by_panel", "Appeals heard and upheld, by panel", "Panel", counts, ["Heard", "Upheld"],
        rate=("Upheld", "Heard", "Upheld of heard"),
    )  # fmt: skip


TIME_COLUMNS = ("Heard", "Within the deadline", "After the deadline", "Not countable")


def time_to_hearing(appeals=None) -> tuple[Report | None, dict[str, str]]:
    """Appeals heard, by round: heard within the Code's deadline (40 school days from the
    lodging deadline in the normal round, 30 from lodging otherwise; ref §1.5) or after it,
    and the median school days from lodging to the first hearing day (shown only where the
    count it comes from is shown and big enough)."""
    from .deadlines import _calendars

    appeals = Appeal.objects.all() if appeals is None else appeals
    rows = list(
        appeals.exclude(decision="")
        .annotate(first_day=Min("block__days__date"))
        .values_list(
            "lodged_on",
            "first_day",
            "block__round__kind",
            "block__round__lodging_deadline",
            "block__round__authority_id",
        )
    )
    calendars = _calendars({r[4] for r in rows})
    labels = dict(RoundKind.choices)
    counts = {label: [0, 0, 0, 0] for label in labels.values()}
    days: dict[str, list[int]] = defaultdict(list)
    for lodged, first, kind, deadline, authority_id in rows:
        label = labels[kind]
        line = counts[label]
        line[0] += 1
        cal = calendars[authority_id]
        start = deadline if kind == RoundKind.NORMAL and deadline else lodged
        try:
            due = school_days.hearing_due_by(cal, kind=kind, start=start)
        except school_days.CalendarGap:
            line[3] += 1
            continue
        if first is None:
            line[3] += 1
            continue
        line[1 if first <= due else 2] += 1
        days[label].append(cal.school_days_between(lodged, first))
    counts = {k: v for k, v in counts.items() if v[0]}
    report = _report(
        "time_to_hearing", "Time from lodging to hearing, by round", "Round", counts, TIME_COLUMNS
    )
    medians = {}
    if report:
        policy_base = DisclosurePolicy.default().min_percentage_base
        for line in report.rows:
            label, heard = line[0], line[1]
            raw = days.get(label, [])
            if not isinstance(heard, int):
                medians[label] = "c"
            elif len(raw) < policy_base:
                medians[label] = "u"
            else:
                medians[label] = str(int(median(raw)))
        all_days = [d for v in days.values() for d in v]
        medians["Total"] = str(int(median(all_days))) if len(all_days) >= policy_base else "u"
        for line in report.rows:
            line.append(medians.get(line[0], "u"))
        report.header.append("Median school days from lodging to hearing")
    return report, medians


def outcomes_by_round(appeals=None) -> Report | None:
    """Appeals lodged, withdrawn, heard and upheld by kind of round, with the uphold rate."""
    appeals = Appeal.objects.all() if appeals is None else appeals
    labels = dict(RoundKind.choices)
    rows = (
        appeals.values("block__round__kind")
        .annotate(
            lodged=Count("pk"),
            withdrawn=Count("pk", filter=Q(withdrawn_on__isnull=False)),
            heard=Count("pk", filter=~Q(decision="")),
            upheld=Count("pk", filter=Q(decision=AppealDecision.UPHELD)),
        )
        .order_by("block__round__kind")
    )
    counts = {
        labels[r["block__round__kind"]]: [r["lodged"], r["withdrawn"], r["heard"], r["upheld"]]
        for r in rows
    }
    return _report(
        "by_round", "Appeals by outcome and round", "Round", counts, OUTCOME_COLUMNS,
        rate=("Upheld", "Heard", "Upheld of heard"),
    )  # fmt: skip
