"""Representation services: build a report for a user, record memberships, load TS021."""

from django.db import transaction

from schools_platform.core import audit
from schools_platform.disclosure import DisclosurePolicy

from . import exports, selectors
from .models import GroupMembership
from .reports import RepresentationReport, build_report
from .selectors import ReportOptions, Scope
from .ts021 import Ts021Error, load_ts021  # noqa: F401  (re-exported: the loader is a service)

TREND_YEARS = 5


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

    A fixed number of queries whatever the data size: options (2, unless passed in),
    memberships (1), pupils (1), community (1) and, for a council or area, schools (1).
    The policy is the strictest of the councils in the scope.
    """
    options = options or selectors.report_options(user)
    if not options.includes(scope):
        raise ValueError("That scope has no schools you can see.")
    authorities = options.authorities_for(scope)
    policy = DisclosurePolicy.for_authorities(authorities)
    years = options.groups.get(group, [])
    trend_years = [y for y in years if y <= year][-TREND_YEARS:] or [year]
    if year not in trend_years:
        trend_years.append(year)
    school_counts = None
    if scope.kind in ("council", "area"):
        school_counts = selectors.school_membership_counts(
            user, scope=scope, group=group, year=year, stage=GroupMembership.Stage.APPOINTED
        )
    return build_report(
        group=group,
        year=year,
        scope=scope,
        scope_label=scope_label(scope, options),
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
