"""The impact report of a programme, for councillors: lead measures against their targets,
lag measures (paired change in self-assessment, with intervals), and WRES-style relative
likelihoods from the imported workforce figures. Aggregates only.

Disclosure (schools_platform/disclosure): every count of people goes through
``publish_counts``; a percentage, a mean change or a relative likelihood is worked out from
the unrounded data, like the platform's percentages, and shown only when the counts it rests
on are shown and its base is at least the policy's ``min_percentage_base`` (30 by default).
Below that base a change is "not reported", never shown.

Sources: reference policies-and-cpd.md §3.1 (Kirkpatrick), §3.2 (lead and lag measures),
§3.3 (three-wave pre/post self-assessment, paired analysis), §2.1–2.3 (WRES indicators 2–4,
SC-WRES metrics 2, 3 and 5). Statistics in ``stats.py``.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from cpd import selectors as cpd_selectors
from schools_platform.core.cache import get_or_build
from schools_platform.disclosure import (
    TOTAL,
    DisclosureInfeasible,
    DisclosurePolicy,
    PublishedCell,
    publish_counts,
    symbol_key,
)

from . import network_hooks
from .models import (
    ETHNIC_MINORITY_GROUPS,
    ITEMS,
    STAFF_SURVEY_READING,
    Response,
    StaffSurveyQuestion,
    Wave,
)
from .selectors import organisations_for_report, staff_survey_for_user, workforce_for_user
from .stats import Interval, mean_interval, relative_likelihood

ALL = "All organisations"
COMPARISONS = [(Wave.BEFORE, Wave.AFTER), (Wave.BEFORE, Wave.FOLLOW_UP)]
WAVE_LABELS = {Wave.BEFORE: "Before", Wave.AFTER: "After", Wave.FOLLOW_UP: "Follow-up"}


def comparison_label(pair) -> str:
    return f"{WAVE_LABELS[pair[0]]} to {WAVE_LABELS[pair[1]].lower()}"


# --- lead measures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LeadMeasure:
    label: str
    count: PublishedCell | None  # None: not recorded on the platform (yet)
    percent_text: str  # of people enrolled, or "" when not a share
    target_text: str
    status: str  # "Met", "Not yet met", "Not reported", "Not yet recorded"
    note: str = ""


def _share(cell: PublishedCell) -> str:
    """The published share of people enrolled: only beside a shown count with a large enough
    base (publish_counts' rule 4), so a share never reveals a hidden count."""
    return f"{cell.percent}%" if cell.percent is not None else ""


def _status(count: int, base: int, target_percent: int, policy, shown: bool) -> str:
    if not shown or base < policy.min_percentage_base:
        return "Not reported"
    return "Met" if 100 * count >= target_percent * base else "Not yet met"


def _lead_tables(counts: dict, names: list[str], policy):
    """Attendance and completion, each as (people, not yet) per organisation with the
    enrolled total; the second table agrees with the first on the totals they share."""
    attendance = pd.DataFrame(
        [[counts[n]["attended"], counts[n]["enrolled"] - counts[n]["attended"]] for n in names],
        index=names,
        columns=["Attended a session", "Not yet attended"],
    )
    completion = pd.DataFrame(
        [[counts[n]["completed"], counts[n]["enrolled"] - counts[n]["completed"]] for n in names],
        index=names,
        columns=["Completed", "Not yet completed"],
    )
    options = {"row_totals": True, "column_totals": True, "shares_within": "row", "policy": policy}
    first = publish_counts(completion, **options)
    shown = [(r, TOTAL) for r in [*names, TOTAL] if first.cell(r, TOTAL).is_shown]
    hidden = [(r, TOTAL) for r in [*names, TOTAL] if not first.cell(r, TOTAL).is_shown]
    try:
        second = publish_counts(
            attendance, published_elsewhere=shown, suppressed_elsewhere=hidden, **options
        )
    except (DisclosureInfeasible, ValueError):
        # Rounding then protects the link between the two tables (disclosure/control.py).
        second = publish_counts(attendance, **options)
    return second, first


def lead_measures(user, plan, policy) -> dict:
    programme = plan.programme
    counts = cpd_selectors.lead_measure_counts(user, programme)
    names = sorted(counts)
    if not names:
        return {"measures": [], "attendance": None, "completion": None, "rows": []}
    attendance, completion = _lead_tables(counts, names, policy)
    enrolled = sum(c["enrolled"] for c in counts.values())
    attended = sum(c["attended"] for c in counts.values())
    completed = sum(c["completed"] for c in counts.values())
    enrolled_cell = completion.cell(TOTAL, TOTAL)
    target = programme.target_learners
    measures = [
        LeadMeasure(
            "People enrolled",
            enrolled_cell,
            "",
            f"{target:,} people" if target else "No target set",
            (
                ("Met" if enrolled >= target else "Not yet met")
                if target and enrolled_cell.is_shown
                else "Not reported"
            ),
        ),
        LeadMeasure(
            "Attended a session",
            attendance.cell(TOTAL, "Attended a session"),
            _share(attendance.cell(TOTAL, "Attended a session")),
            f"{plan.attendance_target_percent}% of people enrolled",
            _status(
                attended,
                enrolled,
                plan.attendance_target_percent,
                policy,
                attendance.cell(TOTAL, "Attended a session").is_shown,
            ),
        ),
        LeadMeasure(
            "Completed the programme",
            completion.cell(TOTAL, "Completed"),
            _share(completion.cell(TOTAL, "Completed")),
            f"{plan.completion_target_percent}% of people enrolled",
            _status(
                completed,
                enrolled,
                plan.completion_target_percent,
                policy,
                completion.cell(TOTAL, "Completed").is_shown,
            ),
        ),
    ]
    measures += network_hooks.network_lead_measures(plan, policy)
    rows = [
        {
            "label": ALL if name == TOTAL else name,
            "enrolled": completion.cell(name, TOTAL),
            "attended": attendance.cell(name, "Attended a session"),
            "completed": completion.cell(name, "Completed"),
        }
        for name in [*names, TOTAL]
    ]
    return {
        "measures": measures,
        "attendance": attendance,
        "completion": completion,
        "rows": rows,
    }


# --- lag measures: paired change --------------------------------------------------------------


@dataclass(frozen=True)
class ChangeLine:
    item: str
    label: str
    comparison: str
    pairs: PublishedCell
    change: Interval | None
    reason: str = ""  # why no change is reported

    @property
    def change_text(self) -> str:
        return self.change.text(signed=True) if self.change else ""


@dataclass
class Breakdown:
    by: str
    comparison: str
    groups: list[str]
    # group -> item -> ChangeLine
    lines: dict = field(default_factory=dict)


def _responses(user, plan) -> pd.DataFrame:
    organisations = organisations_for_report(user)
    rows = list(
        Response.objects.filter(survey__plan=plan, organisation__in=organisations).values_list(
            "survey__wave", "respondent", "organisation__name", "cohort__name", *ITEMS
        )
    )
    return pd.DataFrame(rows, columns=["wave", "respondent", "organisation", "cohort", *ITEMS])


def _differences(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per respondent: their cohort and organisation (from their earliest answer) and,
    per item and comparison, later minus earlier (missing where either answer is)."""
    if not len(frame):
        return pd.DataFrame()
    # A person's cohort and organisation are those of their enrolment, the same at each wave.
    groups = frame.drop_duplicates("respondent").set_index("respondent")[["cohort", "organisation"]]
    wide = frame.set_index(["respondent", "wave"])[list(ITEMS)].unstack("wave")
    columns = {}
    for pair in COMPARISONS:
        for item in ITEMS:
            if (item, pair[0]) in wide.columns and (item, pair[1]) in wide.columns:
                columns[(pair, item)] = wide[(item, pair[1])] - wide[(item, pair[0])]
            else:
                columns[(pair, item)] = pd.Series(float("nan"), index=wide.index)
    out = pd.DataFrame({f"{p[0]}|{p[1]}|{i}": c for (p, i), c in columns.items()})
    return out.join(groups)


def _change_lines(differences, policy, groups=None, by=None) -> dict:
    """{(group, pair, item): ChangeLine}, the people counts published together."""
    keys, summaries = [], []
    columns = [f"{p[0]}|{p[1]}|{i}" for p in COMPARISONS for i in ITEMS]
    if not len(differences):
        summary = None
    elif by is None:
        summary = differences[columns].agg(["count", "mean", "std"]).T
    else:
        summary = differences.groupby(by)[columns].agg(["count", "mean", "std"])
    for pair in COMPARISONS:
        for item in ITEMS:
            column = f"{pair[0]}|{pair[1]}|{item}"
            if summary is None:
                stats = pd.DataFrame(columns=["count", "mean", "std"])
            elif by is None:
                stats = pd.DataFrame(
                    [summary.loc[column].tolist()], index=[ALL], columns=["count", "mean", "std"]
                )
            else:
                stats = summary[column]
            for group in groups or [ALL]:
                row = stats.loc[group] if group in stats.index else None
                keys.append((group, pair, item))
                summaries.append(
                    (0, 0.0, 0.0) if row is None else (int(row["count"]), row["mean"], row["std"])
                )
    if not keys:
        return {}
    counts = pd.DataFrame(
        [[n] for n, _m, _s in summaries],
        index=[f"{g}|{p[0]}|{p[1]}|{i}" for g, p, i in keys],
        columns=["People answering both"],
    )
    published = publish_counts(counts, policy=policy)
    out = {}
    for (group, pair, item), (n, mean, sd), label in zip(
        keys, summaries, counts.index, strict=True
    ):
        cell = published.cell(label, "People answering both")
        if n < max(2, policy.min_percentage_base) or not cell.is_shown:
            change, reason = (
                None,
                (f"Not reported: fewer than {policy.min_percentage_base} people answered both"),
            )
        else:
            change, reason = mean_interval(n, float(mean), float(sd)), ""
        out[(group, pair, item)] = ChangeLine(
            item, ITEMS[item], comparison_label(pair), cell, change, reason
        )
    return out


def lag_measures(user, plan, policy) -> dict:
    frame = _responses(user, plan)
    differences = _differences(frame)
    overall = _change_lines(differences, policy)
    lines = [overall[(ALL, pair, item)] for pair in COMPARISONS for item in ITEMS]
    breakdowns = []
    for by, title in (("cohort", "Cohort"), ("organisation", "Organisation")):
        groups = sorted(set(frame[by].dropna().unique())) if len(frame) else []
        if not groups:
            continue
        detail = _change_lines(differences, policy, groups=groups, by=by)
        for pair in COMPARISONS:
            breakdown = Breakdown(title, comparison_label(pair), groups)
            for group in groups:
                breakdown.lines[group] = [detail[(group, pair, item)] for item in ITEMS]
            breakdowns.append(breakdown)
    responses = _wave_counts(frame, policy)
    response_rows = []
    if responses is not None:
        response_rows = [
            {
                "label": ALL if name == TOTAL else name,
                "cells": [responses.cell(name, c) for c in responses.column_labels],
            }
            for name in [*responses.row_labels, TOTAL]
        ]
    return {
        "lines": lines,
        "breakdowns": breakdowns,
        "responses": responses,
        "response_rows": response_rows,
    }


def _wave_counts(frame, policy):
    if not len(frame):
        return None
    table = (
        pd.crosstab(frame.organisation, frame.wave)
        .reindex(columns=list(WAVE_LABELS), fill_value=0)
        .rename(columns=WAVE_LABELS)
    )
    table.index = [str(i) for i in table.index]
    table.columns = [str(c) for c in table.columns]
    return publish_counts(table.astype("int64"), policy=policy, column_totals=True)


# --- WRES-style relative likelihoods ----------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    key: str
    title: str
    numerator: str
    base: str
    reference_group: str  # "white" or "minority": whose likelihood is the numerator of the RL
    reading: str


INDICATORS = [
    Indicator(
        "appointment",
        "Relative likelihood of White applicants being appointed from shortlisting compared "
        "with ethnic minority applicants",
        "appointed",
        "shortlisted",
        "white",
        "WRES indicator 2, SC-WRES metric 2",
    ),
    Indicator(
        "disciplinary",
        "Relative likelihood of ethnic minority staff entering a formal disciplinary process "
        "compared with White staff",
        "disciplinary",
        "headcount",
        "minority",
        "WRES indicator 3, SC-WRES metric 3",
    ),
    Indicator(
        "training",
        "Relative likelihood of White staff accessing non-mandatory training compared with "
        "ethnic minority staff",
        "training",
        "headcount",
        "white",
        "WRES indicator 4, SC-WRES metric 5",
    ),
]
GROUP_ROWS = {"white": "White", "minority": "Ethnic minority", "not_known": "Not known"}


@dataclass(frozen=True)
class LikelihoodLine:
    scope: str
    year: int
    white: PublishedCell  # people in the stage; percent is of the base
    white_base: PublishedCell
    minority: PublishedCell
    minority_base: PublishedCell
    likelihood: Interval | None
    reason: str = ""

    @property
    def likelihood_text(self) -> str:
        return self.likelihood.text() if self.likelihood else ""


def _group_of(code: str) -> str:
    if code == "white":
        return "white"
    return "minority" if code in ETHNIC_MINORITY_GROUPS else "not_known"


def likelihoods(user, policy) -> dict:
    sums = defaultdict(lambda: defaultdict(int))  # (scope, year, group) -> field -> n
    for figure in workforce_for_user(user).values(
        "organisation__name",
        "year",
        "ethnic_group",
        "headcount",
        "shortlisted",
        "appointed",
        "disciplinary",
        "training",
    ):
        group = _group_of(figure["ethnic_group"])
        for scope in (ALL, figure["organisation__name"]):
            line = sums[(scope, figure["year"], group)]
            for name in ("headcount", "shortlisted", "appointed", "disciplinary", "training"):
                line[name] += figure[name]
    scopes_years = sorted({(s, y) for s, y, _g in sums}, key=lambda k: (k[0] != ALL, k[0], k[1]))
    result = {}
    for indicator in INDICATORS:
        lines = []
        for scope, year in scopes_years:
            frame = pd.DataFrame(
                [
                    [
                        sums[(scope, year, g)][indicator.numerator],
                        sums[(scope, year, g)][indicator.base]
                        - sums[(scope, year, g)][indicator.numerator],
                    ]
                    for g in GROUP_ROWS
                ],
                index=list(GROUP_ROWS.values()),
                columns=["In", "Not"],
            )
            table = publish_counts(frame, policy=policy, row_totals=True, shares_within="row")
            w = sums[(scope, year, "white")]
            m = sums[(scope, year, "minority")]
            cells = [
                table.cell("White", "In"),
                table.cell("White", TOTAL),
                table.cell("Ethnic minority", "In"),
                table.cell("Ethnic minority", TOTAL),
            ]
            bases = (w[indicator.base], m[indicator.base])
            rl, reason = None, ""
            if min(bases) < policy.min_percentage_base or not all(c.is_shown for c in cells):
                reason = f"Not reported: fewer than {policy.min_percentage_base} people"
            else:
                a, n1 = w[indicator.numerator], w[indicator.base]
                c, n2 = m[indicator.numerator], m[indicator.base]
                if indicator.reference_group == "minority":
                    a, n1, c, n2 = c, n2, a, n1
                rl = relative_likelihood(a, n1, c, n2)
                if rl is None:
                    reason = "Not calculable: no one in one of the groups"
            lines.append(LikelihoodLine(scope, year, *cells, rl, reason))
        result[indicator.key] = (indicator, lines)
    return result


# --- staff survey results by group (WRES indicators 5–8 style) -------------------------------


SHORT_QUESTIONS = {
    StaffSurveyQuestion.HARASSMENT_PUBLIC: "Harassment from pupils, parents or public",
    StaffSurveyQuestion.HARASSMENT_STAFF: "Harassment from colleagues or managers",
    StaffSurveyQuestion.EQUAL_PROGRESSION: "Equal opportunities for progression",
    StaffSurveyQuestion.DISCRIMINATION: "Discrimination from a manager or colleague",
}


@dataclass(frozen=True)
class SurveyQuestion:
    key: str
    title: str
    reading: str
    yes_is_better: bool
    short: str


@dataclass(frozen=True)
class StaffSurveyLine:
    scope: str
    year: int
    # group label -> (people answering yes, people answering); percent is of those answering
    cells: dict
    gap: float | None  # ethnic minority % minus White %, in percentage points
    reason: str = ""

    @property
    def gap_text(self) -> str:
        return f"{self.gap:+.1f} points" if self.gap is not None else ""

    def cell(self, group: str):
        return self.cells[group]

    @property
    def white(self):
        return self.cells["White"]

    @property
    def minority(self):
        return self.cells["Ethnic minority"]


def staff_survey(user, policy) -> dict:
    """Per question, per organisation (and all) and year: how many people of each group
    answered and said yes, through ``publish_counts`` (rows White, Ethnic minority, Not
    known; shares within the row, so a percentage only for a base of at least the policy's
    minimum). The gap between the groups is given only when both percentages are shown."""
    sums = defaultdict(lambda: [0, 0])  # (question, scope, year, group) -> [yes, respondents]
    for figure in staff_survey_for_user(user).values(
        "organisation__name", "year", "ethnic_group", "question", "respondents", "yes"
    ):
        group = _group_of(figure["ethnic_group"])
        for scope in (ALL, figure["organisation__name"]):
            line = sums[(figure["question"], scope, figure["year"], group)]
            line[0] += figure["yes"]
            line[1] += figure["respondents"]
    result = {}
    for question in StaffSurveyQuestion:
        reading, better = STAFF_SURVEY_READING[question]
        header = SurveyQuestion(
            question.value, question.label, reading, better, SHORT_QUESTIONS[question]
        )
        keys = sorted(
            {(s, y) for q, s, y, _g in sums if q == question.value},
            key=lambda k: (k[0] != ALL, k[0], k[1]),
        )
        lines = []
        for scope, year in keys:
            frame = pd.DataFrame(
                [
                    [
                        sums[(question.value, scope, year, g)][0],
                        sums[(question.value, scope, year, g)][1]
                        - sums[(question.value, scope, year, g)][0],
                    ]
                    for g in GROUP_ROWS
                ],
                index=list(GROUP_ROWS.values()),
                columns=["Yes", "No"],
            )
            table = publish_counts(frame, policy=policy, row_totals=True, shares_within="row")
            cells = {
                label: (table.cell(label, "Yes"), table.cell(label, TOTAL))
                for label in GROUP_ROWS.values()
            }
            white, minority = cells["White"][0], cells["Ethnic minority"][0]
            gap, reason = None, ""
            if white.percent is None or minority.percent is None:
                reason = f"Not reported: fewer than {policy.min_percentage_base} people"
            else:
                gap = float(minority.percent) - float(white.percent)
            lines.append(StaffSurveyLine(scope, year, cells, gap, reason))
        result[question.value] = (header, lines)
    return result


# --- the report -------------------------------------------------------------------------------


METHOD_NOTE = [
    "Lead measures show whether the programme is reaching people: enrolment against the "
    "programme's target, attendance and completion as shares of the people enrolled "
    "(RedThread Research 2019; Kirkpatrick's leading indicators).",
    "Lag measures show change. Everyone on the programme is asked the same four "
    "self-assessment questions before it, after it and some weeks later (the three-wave design "
    "of McKay 2020). Answers are on a five-point scale (1 strongly disagree to 5 strongly "
    "agree). One person's answers are linked across the waves by a code made from their "
    "record with a secret key, never by name, and no one's answers are shown.",
    "The change is the mean, over the people who answered both waves, of the later answer "
    "minus the earlier one, with a 95% confidence interval from the t distribution. An "
    "interval that does not include 0 suggests a real change; self-assessment can still "
    "differ from behaviour (Kirkpatrick level 3).",
    "The relative likelihoods follow the Workforce Race Equality Standard: the share of one "
    "group reaching a stage divided by the other group's share (e.g. appointed from "
    "shortlisting). A value above 1 means ethnic minority staff are at a disadvantage on "
    "every indicator here. The 95% interval is computed on the log scale.",
    "Staff survey results follow WRES indicators 5 to 8: the share of each group answering "
    "yes to a question of the organisation's annual staff survey (harassment, bullying or "
    "abuse from the public or from colleagues, fair chances of progression, discrimination), "
    "and the gap in percentage points between ethnic minority and White staff.",
    "Counts of people are rounded to the nearest {round_to} and counts from 1 to "
    "{suppress_up_to} are shown as 'c'. No change, percentage or likelihood is reported for "
    "fewer than {min_percentage_base} people.",
]


def impact_report(user, plan) -> dict:
    policy = DisclosurePolicy.default()
    return {
        "plan": plan,
        "programme": plan.programme,
        "policy": policy,
        "lead": lead_measures(user, plan, policy),
        "lag": lag_measures(user, plan, policy),
        "likelihoods": likelihoods(user, policy),
        "staff_survey": staff_survey(user, policy),
        "method": [p.format(**policy.as_dict()) for p in METHOD_NOTE],
        "symbols": symbol_key(),
        "surveys": list(plan.surveys.order_by("opens_on")),
    }


# --- the report page's figures, cached --------------------------------------------------------

# How long an unused entry stays. Entries are keyed on a version of every input
# (selectors.report_inputs_version), so a change shows on the very next page.
REPORT_CACHE_SECONDS = 60 * 60
REPORT_CACHE_PREFIX = "cpd_evaluation:impact:"


def cached_impact_report(user, plan, *, render, extra=()) -> str:
    """The impact report of ``plan`` for ``user``, as ``render(report)`` makes it (text).

    The key holds the inputs' version (one query), the plan, the organisations the reader
    may see (their ids, as a digest), the disclosure policy and ``extra`` (whatever else the
    text depends on, e.g. the links the reader is offered). Only text already through
    disclosure control is cached, never a true count. A cache outage is a miss."""
    from .selectors import report_inputs_version

    policy = DisclosurePolicy.default()
    organisations = sorted(organisations_for_report(user).values_list("pk", flat=True))
    choices = (
        report_inputs_version(),
        plan.pk,
        hashlib.sha256(repr(organisations).encode()).hexdigest(),
        sorted(policy.as_dict().items()),
        tuple(extra),
    )
    return get_or_build(
        REPORT_CACHE_PREFIX,
        choices,
        lambda: render(impact_report(user, plan)),
        timeout=REPORT_CACHE_SECONDS,
    )
