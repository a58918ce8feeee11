"""Representation reports: a monitored group against comparison populations, with pandas.

Pure functions from frames of counts (selectors.py) to a RepresentationReport whose every
figure went through disclosure control. The report keeps no true count: only PublishedTables,
and gaps and a relative likelihood that are shown only when the counts they come from are
themselves published.

Choices (see also the methodology note on the page):

* Shares are of everyone in the population, including "prefer not to say" and "not known",
  which are rows of their own (reference: treat them as categories and check them too).
* Each population is published as its own line (categories plus total), so the same figure
  is identical on the page, in the trend, in exports and in the API.
* The 19 categories are shown for a population only when none of its categories needs
  suppressing; otherwise the 5 high-level groups (Standards for Ethnicity Data: use the 19
  when numbers are large enough).
* Relative likelihood of appointment from application, WRES indicator 2 style:
  (White appointed / White applied) / (other groups appointed / other groups applied), all
  four other high-level groups combined, "prefer not to say" and "not known" left out. 1
  means equal; above 1, White applicants were more likely to be appointed. Shown only when
  the White, "prefer not to say", "not known" and total counts are published for both
  stages (the combined figures then follow from the table, so they reveal nothing about a
  suppressed group), each side has at least the percentage base of applicants, and someone
  from the other groups was appointed.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from schools_platform.disclosure import (
    TOTAL,
    DisclosureInfeasible,
    DisclosurePolicy,
    PublishedTable,
    combine_columns,
    publish_counts,
)
from schools_platform.disclosure.cells import LOW_RELIABILITY, NOT_APPLICABLE, SUPPRESSED
from schools_platform.disclosure.policy import ONE_DECIMAL_BASE
from schools_platform.equality.choices import (
    CATEGORY_GROUP,
    CATEGORY_LABEL,
    ETHNIC_GROUPS,
    ETHNICITY_CATEGORIES,
    PREFER_NOT_TO_SAY,
)

from .selectors import NOT_KNOWN, Scope

WHITE = "white"
OTHER_GROUPS = [g for g in ETHNIC_GROUPS if g != WHITE]
GROUP_ROWS = [*ETHNIC_GROUPS, PREFER_NOT_TO_SAY, NOT_KNOWN]
CATEGORY_ROWS = [code for code, _label, _group in ETHNICITY_CATEGORIES] + [
    PREFER_NOT_TO_SAY,
    NOT_KNOWN,
]
ROW_LABELS = {
    **ETHNIC_GROUPS,
    **{
        code: f"{ETHNIC_GROUPS[CATEGORY_GROUP[code]]}: {CATEGORY_LABEL[code]}"
        for code in CATEGORY_LABEL
    },
    PREFER_NOT_TO_SAY: "Prefer not to say",
    NOT_KNOWN: "Not known",
}
GROUP_OF = {**CATEGORY_GROUP, PREFER_NOT_TO_SAY: PREFER_NOT_TO_SAY, NOT_KNOWN: NOT_KNOWN}

APPOINTED, APPLIED, PUPILS, COMMUNITY = "appointed", "applied", "pupils", "community"
COMPARISONS = (APPLIED, PUPILS, COMMUNITY)
GROUP_LABELS = {
    "governors": "Governors",
    "appeal_panel": "Appeal panel members",
    "learners": "Learners",
    "serving_governors": "Serving governors",
}
# Groups recorded as a snapshot of everyone holding the role in a year (replaced as a whole,
# services.replace_memberships), not as appointments made in it; they have no applications.
SNAPSHOT_GROUPS = {"serving_governors"}


def group_label(group: str) -> str:
    return GROUP_LABELS.get(group, group.replace("_", " ").capitalize())


@dataclass(frozen=True)
class Population:
    key: str
    label: str
    note: str = ""


@dataclass(frozen=True)
class Gap:
    """Monitored group's share minus a comparison's, in percentage points, or a symbol."""

    value: Decimal | None = None
    symbol: str = ""

    @property
    def text(self) -> str:
        if self.value is None:
            return self.symbol
        if self.value == 0:
            return "0"
        return f"+{self.value}" if self.value > 0 else f"\u2212{-self.value}"

    @property
    def export_value(self) -> float | str:
        return float(self.value) if self.value is not None else self.symbol


@dataclass(frozen=True)
class RelativeLikelihood:
    value: Decimal | None
    symbol: str
    reason: str
    counts: PublishedTable | None = None  # rows white / other_groups, columns applied / appointed
    rates: Mapping[str, Decimal] = field(default_factory=dict)  # % of applicants appointed

    @property
    def text(self) -> str:
        return f"{self.value}" if self.value is not None else self.symbol


@dataclass(frozen=True)
class RepresentationReport:
    group: str
    group_label: str
    year: int
    scope: Scope
    scope_label: str
    policy: DisclosurePolicy
    populations: tuple[Population, ...]
    groups: PublishedTable
    gaps: Mapping[tuple[str, str], Gap]
    categories: PublishedTable | None
    categories_note: str
    relative_likelihood: RelativeLikelihood
    trend: PublishedTable | None
    schools: PublishedTable | None
    school_names: Mapping[int, str]
    schools_note: str
    notes: tuple[str, ...]
    is_empty: bool
    # Set by services.representation_report: the cache entry this report is kept under
    # (a digest of its inputs' version, the reader's schools and the choices), or "".
    cache_key: str = ""

    @property
    def population_labels(self) -> dict[str, str]:
        return {p.key: p.label for p in self.populations}

    @property
    def comparisons(self) -> tuple[Population, ...]:
        return tuple(p for p in self.populations if p.key != APPOINTED)


def category_series(frame: pd.DataFrame, code_column: str) -> pd.Series:
    """Counts over CATEGORY_ROWS (zeros filled); unexpected codes count as not known."""
    if frame.empty:
        return pd.Series(0, index=CATEGORY_ROWS, dtype="int64")
    codes = frame[code_column].where(frame[code_column].isin(CATEGORY_ROWS), NOT_KNOWN)
    summed = frame["n"].astype("int64").groupby(codes).sum()
    return summed.reindex(CATEGORY_ROWS, fill_value=0).astype("int64")


def to_groups(categories: pd.Series) -> pd.Series:
    return (
        categories.groupby(categories.index.map(GROUP_OF)).sum().reindex(GROUP_ROWS, fill_value=0)
    )


def publish_line(counts: pd.Series, name, policy: DisclosurePolicy) -> PublishedTable:
    """One population's categories and total: the unit every figure is published in."""
    return publish_counts(
        counts.to_frame(name), policy=policy, column_totals=True, shares_within="column"
    )


def build_report(
    *,
    group: str,
    year: int,
    scope: Scope,
    scope_label: str,
    policy: DisclosurePolicy,
    memberships: pd.DataFrame,
    pupils: pd.DataFrame,
    community: pd.DataFrame,
    trend_years: list[int],
    school_counts: pd.DataFrame | None = None,
) -> RepresentationReport:
    notes: list[str] = []

    def stage(stage_name, in_year):
        rows = memberships[(memberships["year"] == in_year) & (memberships["stage"] == stage_name)]
        return category_series(rows, "ethnicity_code")

    label = group_label(group)
    raw = {APPOINTED: stage(APPOINTED, year), APPLIED: stage(APPLIED, year)}
    snapshot = group in SNAPSHOT_GROUPS
    populations = [Population(APPOINTED, f"{label} {'in' if snapshot else 'appointed in'} {year}")]
    if raw[APPLIED].sum():
        populations.append(Population(APPLIED, f"Applicants in {year}"))
    else:
        del raw[APPLIED]
        if not snapshot:
            notes.append(f"No applications to {label.lower()} are recorded for {year}.")

    pupil_year = _pupil_year(pupils, year)
    if pupil_year is None:
        notes.append("No school census pupil figures are loaded for these schools.")
    else:
        raw[PUPILS] = category_series(pupils[pupils["year"] == pupil_year], "ethnicity")
        populations.append(Population(PUPILS, f"Pupils (January {pupil_year} census)"))

    community_rows, community_note = _community_rows(community, scope)
    if community_rows.empty:
        notes.append("No Census 2021 community figures are loaded for these councils.")
    else:
        raw[COMMUNITY] = category_series(community_rows, "ethnicity")
        census_year = int(community_rows["year"].max())
        populations.append(
            Population(COMMUNITY, f"Local community (Census {census_year})", community_note)
        )

    group_counts = {key: to_groups(series) for key, series in raw.items()}
    lines = {key: publish_line(counts, key, policy) for key, counts in group_counts.items()}
    groups_table = combine_columns(lines)

    categories, categories_note = _categories_table(raw, populations, policy)
    gaps = _gaps(groups_table, group_counts, policy)
    likelihood = _relative_likelihood(groups_table, group_counts, policy)

    trend_lines = {}
    for trend_year in trend_years:
        counts = to_groups(stage(APPOINTED, trend_year))
        if counts.sum():
            trend_lines[trend_year] = publish_line(counts, trend_year, policy)
    trend = combine_columns(trend_lines).transpose() if len(trend_lines) > 1 else None

    schools, names, schools_note = _schools_table(school_counts, lines[APPOINTED], policy)

    return RepresentationReport(
        group=group,
        group_label=label,
        year=year,
        scope=scope,
        scope_label=scope_label,
        policy=policy,
        populations=tuple(populations),
        groups=groups_table,
        gaps=gaps,
        categories=categories,
        categories_note=categories_note,
        relative_likelihood=likelihood,
        trend=trend,
        schools=schools,
        school_names=names,
        schools_note=schools_note,
        notes=tuple(notes),
        is_empty=not (raw[APPOINTED].sum() or APPLIED in raw),
    )


def _pupil_year(pupils: pd.DataFrame, year: int) -> int | None:
    if pupils.empty:
        return None
    years = sorted(int(y) for y in pupils["year"].unique())
    earlier = [y for y in years if y <= year]
    return earlier[-1] if earlier else years[0]


def _community_rows(community: pd.DataFrame, scope: Scope) -> tuple[pd.DataFrame, str]:
    """The latest Census rows for the scope: an area's own figures when loaded, else its
    councils' (a phase has no geography of its own, so its councils' population stands in)."""
    if community.empty:
        return community, ""
    latest = community[community["year"] == community["year"].max()]
    note = ""
    if scope.kind == "area":
        own = latest[latest["area_name"].str.casefold() == scope.value.casefold()]
        if not own.empty:
            latest = own
        else:
            note = "Whole council figures: none are loaded for this area on its own."
    elif scope.kind == "phase":
        note = "Councils' whole population: census figures are not split by school phase."
    sources = sorted(set(latest["source"]))
    return latest, " ".join(filter(None, [note, "Source: " + "; ".join(sources) + "."]))


def _categories_table(raw, populations, policy):
    shown, left_out = {}, []
    for population in populations:
        line = publish_line(raw[population.key], population.key, policy)
        # The groups are sums of the categories: if the groups line hides anything (say, a
        # small board that is all one group), showing every category would undo it.
        groups = publish_line(to_groups(raw[population.key]), population.key, policy)
        complete = line.needs_no_suppression and groups.needs_no_suppression
        if complete and raw[population.key].sum():
            shown[population.key] = line
        else:
            left_out.append(population.label)
    note = ""
    if left_out:
        note = (
            "Shown in high-level groups only, because some of the 19 categories would need "
            "suppressing: " + ", ".join(left_out) + "."
        )
    return (combine_columns(shown) if shown else None), note


def _share(count: int, total: int) -> Decimal:
    return Decimal(100 * count) / Decimal(total)


def _gaps(groups_table, group_counts, policy):
    gaps = {}
    appointed = group_counts[APPOINTED]
    for comparison in COMPARISONS:
        if comparison not in group_counts:
            continue
        other = group_counts[comparison]
        for code in ETHNIC_GROUPS:
            mine = groups_table.cell(code, APPOINTED)
            theirs = groups_table.cell(code, comparison)
            if mine.percent is None or theirs.percent is None:
                symbols = [c.percent_symbol for c in (mine, theirs) if c.percent is None]
                symbol = SUPPRESSED if SUPPRESSED in symbols else (symbols[0] or NOT_APPLICABLE)
                gaps[code, comparison] = Gap(symbol=symbol)
                continue
            base_mine, base_theirs = int(appointed.sum()), int(other.sum())
            places = Decimal("0.1") if min(base_mine, base_theirs) >= ONE_DECIMAL_BASE else 1
            difference = _share(int(appointed[code]), base_mine) - _share(
                int(other[code]), base_theirs
            )
            gaps[code, comparison] = Gap(
                value=difference.quantize(Decimal(places), rounding=ROUND_HALF_UP)
            )
    return gaps


def _relative_likelihood(groups_table, group_counts, policy) -> RelativeLikelihood:
    if APPLIED not in group_counts:
        return RelativeLikelihood(None, NOT_APPLICABLE, "No applications are recorded.")
    # "Other groups combined" = total - White - prefer not to say - not known. With those four
    # published, the combined counts follow from the table already, so the ratio reveals
    # nothing about any suppressed group.
    inputs = [
        groups_table.cell(code, column)
        for code in (WHITE, PREFER_NOT_TO_SAY, NOT_KNOWN, TOTAL)
        for column in (APPLIED, APPOINTED)
    ]
    if not all(cell.is_shown for cell in inputs):
        return RelativeLikelihood(
            None,
            SUPPRESSED,
            "Not shown: it is built from the White, prefer not to say, not known and total "
            "counts, and some of those are suppressed here.",
        )
    applied, appointed = group_counts[APPLIED], group_counts[APPOINTED]
    combined = pd.DataFrame(
        {
            APPLIED: [int(applied[WHITE]), int(applied[OTHER_GROUPS].sum())],
            APPOINTED: [int(appointed[WHITE]), int(appointed[OTHER_GROUPS].sum())],
        },
        index=["white", "other_groups"],
    )
    counts = publish_counts(combined, policy=policy)
    if min(combined[APPLIED]) < policy.min_percentage_base:
        return RelativeLikelihood(
            None,
            LOW_RELIABILITY,
            f"Not shown: fewer than {policy.min_percentage_base} applicants who are White, or "
            "fewer from the other groups combined.",
            counts,
        )
    rates = {
        key: policy.percent(int(combined.at[key, APPOINTED]), int(combined.at[key, APPLIED]))
        for key in combined.index
    }
    (w_app, w_apt), (o_app, o_apt) = (
        (int(combined.at[key, APPLIED]), int(combined.at[key, APPOINTED])) for key in combined.index
    )
    if o_apt == 0:
        return RelativeLikelihood(
            None,
            NOT_APPLICABLE,
            "Cannot be calculated: no applicants from the other ethnic groups were appointed.",
            counts,
            rates,
        )
    # (w_apt / w_app) / (o_apt / o_app), in whole numbers first so halves round exactly.
    value = (Decimal(w_apt * o_app) / Decimal(w_app * o_apt)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return RelativeLikelihood(value, "", "", counts, rates)


def _schools_table(school_counts, appointed_line: PublishedTable, policy):
    """Per school, whatever survives disclosure control; its totals agree with the line."""
    if school_counts is None:
        return None, {}, "Choose one council or area to see schools."
    if school_counts.empty:
        return None, {}, "No schools in this view have anyone recorded."
    names = dict(zip(school_counts["school_id"], school_counts["school__name"], strict=True))
    codes = school_counts["ethnicity_code"].where(
        school_counts["ethnicity_code"].isin(CATEGORY_ROWS), NOT_KNOWN
    )
    frame = (
        school_counts.assign(group_code=codes.map(GROUP_OF))
        .pivot_table(index="school_id", columns="group_code", values="n", aggfunc="sum")
        .reindex(columns=GROUP_ROWS)
        .fillna(0)
        .astype("int64")
    )
    frame = frame.loc[sorted(frame.index, key=lambda pk: (names[pk], pk))]
    frame.columns = list(frame.columns)
    # The column totals are the appointed line already published above: keep them identical.
    published, suppressed = [], []
    for code in [*GROUP_ROWS, TOTAL]:
        cell = appointed_line.cell(code, APPOINTED)
        (suppressed if cell.is_suppressed else published).append((TOTAL, code))
    try:
        table = publish_counts(
            frame,
            policy=policy,
            row_totals=True,
            column_totals=True,
            shares_within="row",
            published_elsewhere=published,
            suppressed_elsewhere=suppressed,
        )
    except DisclosureInfeasible:
        return (
            None,
            {},
            "Withheld: no per-school table can be published without revealing a figure "
            "hidden in the totals above.",
        )
    return (
        table.without_percentages(),
        names,
        "Boards are small, so most per-school figures are suppressed; the council, phase "
        "and area views are where the pattern shows.",
    )
