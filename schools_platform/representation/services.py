"""Representation services: build a report for a user, record memberships, load TS021."""

from dataclasses import replace

from django.db import transaction

from schools_platform.core import audit
from schools_platform.core.cache import cache_key, get_or_build
from schools_platform.disclosure import DisclosurePolicy

from . import exports, selectors
from .models import GroupMembership
from .reports import RepresentationReport, build_report
from .selectors import ReportOptions, Scope
from .ts021 import Ts021Error, load_ts021  # noqa: F401  (re-exported: the loader is a service)

TREND_YEARS = 5
# How long a built report is kept. It is keyed on a version of its inputs
# (selectors.report_inputs_version), so a change shows at once; the timeout only bounds
# how long an unused entry takes room in the cache.
REPORT_CACHE_SECONDS = 60 * 60
REPORT_CACHE_PREFIX = "representation:report:v1:"


def scope_label(scope: Scope, options: ReportOptions) -> str:
    if scope.kind == "all":
        return "All schools"
    if scope.kind == "council":
        names = dict(options.councils)
        return f"{names.get(scope.value, scope.value)} council"
    return f"{scope.kind.capitalize()}: {scope.value}"


def representation_report(
    *, user, group: str, year: int, scope: Scope, options: ReportOptions | None = None
) -> RepresentationReport:
    """The report for `group` in `year` over `scope`, as `user` may see it.

    A fixed number of queries whatever the data size: options (2, unless passed in), the
    inputs' version (1) and, for someone who does not see every school, their schools (1).
    Then the built report comes from the cache when none of its inputs has changed since;
    otherwise memberships (1), pupils (1), community (1) and, for a council or area,
    schools (1), and the report is built (every figure through publish_counts) and cached.
    The policy is the strictest of the councils in the scope.
    """
    options = options or report_options(user)
    if not options.includes(scope):
        raise ValueError("That scope has no schools you can see.")
    authorities = options.authorities_for(scope)
    policy = DisclosurePolicy.for_authorities(authorities)
    years = options.groups.get(group, [])
    trend_years = [y for y in years if y <= year][-TREND_YEARS:] or [year]
    if year not in trend_years:
        trend_years.append(year)
    label = scope_label(scope, options)
    version = options.cache_version or _inputs_version(user)
    choices = (version, group, year, scope.token, label, trend_years, policy, authorities)
    key = cache_key(REPORT_CACHE_PREFIX, choices)

    def build() -> RepresentationReport:
        report = _build(user, group, year, scope, label, policy, authorities, trend_years)
        return replace(report, cache_key=key)

    return get_or_build(REPORT_CACHE_PREFIX, choices, build, timeout=REPORT_CACHE_SECONDS)


def _inputs_version(user) -> str:
    """What a user's cached reports depend on: their inputs' version and their schools."""
    return f"{selectors.report_inputs_version()}:{selectors.visibility_key(user)}"


def report_options(user) -> ReportOptions:
    """selectors.report_options, cached against the same version as the reports.

    One query (two for someone who does not see every school) when nothing has changed.
    """
    version = _inputs_version(user)
    return get_or_build(
        REPORT_CACHE_PREFIX + "options:",
        version,
        lambda: replace(selectors.report_options(user), cache_version=version),
        timeout=REPORT_CACHE_SECONDS,
    )


def cached_fragment(report: RepresentationReport, name: str, render) -> str:
    """Some text made from `report` alone (say, the page's rendered figures), cached with it.

    `render` is called on a miss; the text is kept under the report's own key, so it goes
    stale exactly when the report does.
    """
    if not report.cache_key:
        return render()
    return get_or_build(f"{report.cache_key}:", name, render, timeout=REPORT_CACHE_SECONDS)


def _build(user, group, year, scope, label, policy, authorities, trend_years):
    school_counts = None
    if scope.kind in ("council", "area"):
        school_counts = selectors.school_membership_counts(
            user, scope=scope, group=group, year=year, stage=GroupMembership.Stage.APPOINTED
        )
    return build_report(
        group=group,
        year=year,
        scope=scope,
        scope_label=label,
        policy=policy,
        memberships=selectors.membership_counts(user, scope=scope, group=group, years=trend_years),
        pupils=selectors.pupil_counts(user, scope=scope),
        community=selectors.community_counts(authority_ids=[a["id"] for a in authorities]),
        trend_years=trend_years,
        school_counts=school_counts,
    )


EXPORT_FORMATS = {"csv": exports.to_csv, "xlsx": exports.to_xlsx}


def export_report(*, actor, report: RepresentationReport, fmt: str):
    """The published report as a CSV or XLSX file's content; each download is audited (one
    INSERT, so no transaction of its own: the report's queries are fixed, see its tests)."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Unknown format {fmt!r}")
    audit.record(
        actor=actor,
        verb="representation.exported",
        format=fmt,
        group=report.group,
        year=report.year,
        scope=report.scope.token,
    )
    return EXPORT_FORMATS[fmt](report)


def record_membership(
    *, actor, group: str, stage: str, year: int, school=None, profile=None
) -> GroupMembership:
    """Modules (governors, admissions, cpd) record a person's place in a monitored group."""
    if stage not in GroupMembership.Stage.values:
        raise ValueError(f"Unknown stage {stage!r}")
    with transaction.atomic():
        membership = GroupMembership.objects.create(
            group=group, stage=stage, year=year, school=school, profile=profile
        )
        audit.record(
            actor=actor,
            verb="representation.membership_recorded",
            target=membership,
            group=group,
            stage=stage,
            year=year,
        )
    return membership


def replace_memberships(
    *, actor, group: str, year: int, stage: str, members: list[tuple[int | None, int | None]]
) -> int:
    """Replace a group's memberships for one year and stage with a new snapshot (say, every
    governor serving on a day): ``members`` holds (school id, equality profile id or None)
    for each person. One transaction and one audit event, however many people; returns how
    many were recorded. Other years, stages and groups are untouched."""
    if stage not in GroupMembership.Stage.values:
        raise ValueError(f"Unknown stage {stage!r}")
    with transaction.atomic():
        GroupMembership.objects.filter(group=group, year=year, stage=stage).delete()
        GroupMembership.objects.bulk_create(
            [
                GroupMembership(
                    group=group, stage=stage, year=year, school_id=school, profile_id=profile
                )
                for school, profile in members
            ],
            batch_size=1000,
        )
        audit.record(
            actor=actor,
            verb="representation.memberships_replaced",
            group=group,
            stage=stage,
            year=year,
            members=len(members),
        )
    return len(members)
