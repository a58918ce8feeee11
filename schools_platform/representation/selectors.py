"""Reads for representation reports: counts aggregated in the database, scoped to the user.

Each function is one query whatever the number of schools or people, and returns either a
small pandas frame of counts (never a row per person) or plain option values. Nothing here is
shown as it is: reports.py passes every count through disclosure control.
"""

import hashlib
from dataclasses import dataclass

import pandas as pd
from django.db import connection
from django.db.models import Case, CharField, Count, F, Q, Sum, Value, When

from schools_platform.core.models import AuditEvent
from schools_platform.equality.selectors import profiles_table, reportable_profiles
from schools_platform.registry.models import School
from schools_platform.registry.selectors import can_see_all_schools, schools_for_user

from .models import CommunityEthnicityCount, GroupMembership, PupilEthnicityCount

NOT_KNOWN = "not_known"
SCOPE_KINDS = ("all", "council", "phase", "area")


@dataclass(frozen=True)
class Scope:
    """Which schools a report covers: all of them, or one council, phase or area.

    One dimension at a time on purpose: arbitrary combinations (a phase within an area within
    a council) would let a reader difference tables down to a handful of people.
    """

    kind: str = "all"
    value: str = ""

    @classmethod
    def parse(cls, token: str) -> "Scope":
        kind, _, value = (token or "all").partition(":")
        if kind not in SCOPE_KINDS or (kind == "all") != (value == ""):
            raise ValueError(f"Unknown scope {token!r}")
        return cls(kind, value)

    @property
    def token(self) -> str:
        return "all" if self.kind == "all" else f"{self.kind}:{self.value}"

    def school_filter(self, prefix: str = "") -> Q:
        field = {"council": "authority__la_code", "phase": "phase", "area": "area"}.get(self.kind)
        return Q() if field is None else Q(**{f"{prefix}{field}": self.value})


@dataclass(frozen=True)
class ReportOptions:
    """What the user may choose from, and the authorities behind each scope."""

    groups: dict[str, list[int]]  # group -> years with memberships, ascending
    councils: list[tuple[str, str]]  # (la_code, name)
    phases: list[str]
    areas: list[str]
    # One row per (authority, phase, area) combination among the user's schools.
    school_facets: list[dict]
    # Set by services.report_options: the inputs' version and the reader's schools, which
    # reports built from these options are cached against; "" when built here directly.
    cache_version: str = ""

    def authorities_for(self, scope: Scope) -> list[dict]:
        matching = [row for row in self.school_facets if _facet_matches(row, scope)]
        seen, authorities = set(), []
        for row in matching:
            if row["authority_id"] not in seen:
                seen.add(row["authority_id"])
                authorities.append(
                    {
                        "id": row["authority_id"],
                        "la_code": row["authority__la_code"],
                        "name": row["authority__name"],
                        "suppress_up_to": row["authority__suppress_up_to"],
                        "round_to": row["authority__round_to"],
                    }
                )
        return authorities

    def includes(self, scope: Scope) -> bool:
        return scope.kind == "all" or any(_facet_matches(r, scope) for r in self.school_facets)


def _facet_matches(row: dict, scope: Scope) -> bool:
    if scope.kind == "all":
        return True
    key = {"council": "authority__la_code", "phase": "phase", "area": "area"}[scope.kind]
    return row[key] == scope.value


def report_options(user) -> ReportOptions:
    """Two queries: the facets of the user's schools, and the groups and years on record."""
    facets = list(
        schools_for_user(user)
        .order_by()
        .values(
            "authority_id",
            "authority__la_code",
            "authority__name",
            "authority__suppress_up_to",
            "authority__round_to",
            "phase",
            "area",
        )
        .distinct()
    )
    memberships = GroupMembership.objects.filter(_membership_scope(user, Scope()))
    groups: dict[str, list[int]] = {}
    for group, year in memberships.order_by().values_list("group", "year").distinct():
        groups.setdefault(group, []).append(year)
    return ReportOptions(
        groups={g: sorted(years) for g, years in sorted(groups.items())},
        councils=sorted(
            {(r["authority__la_code"], r["authority__name"]) for r in facets}, key=lambda c: c[1]
        ),
        phases=sorted({r["phase"] for r in facets if r["phase"]}),
        areas=sorted({r["area"] for r in facets if r["area"]}),
        school_facets=facets,
    )


def _membership_scope(user, scope: Scope) -> Q:
    schools = schools_for_user(user).filter(scope.school_filter()).order_by().values("pk")
    condition = Q(school__in=schools)
    # Authority-wide groups (no school, e.g. an appeal panel pool) belong to no council,
    # phase or area; only the all-schools view of someone who sees every school counts them.
    if scope.kind == "all" and can_see_all_schools(user):
        condition |= Q(school__isnull=True)
    return condition


def _ethnicity_or_not_known():
    """The profile's ethnicity when it may be counted, else "not known".

    A membership still counts (the person holds the place) when there is no profile, it was
    withdrawn or the question was left blank: their answers are simply not used.
    """
    return Case(
        When(profile__in=reportable_profiles("ethnicity"), then=F("profile__ethnicity")),
        default=Value(NOT_KNOWN),
        output_field=CharField(),
    )


def membership_counts(user, *, scope: Scope, group: str, years: list[int]) -> pd.DataFrame:
    """Columns year, stage, ethnicity, n: memberships of `group` in the scope."""
    rows = (
        GroupMembership.objects.filter(_membership_scope(user, scope), group=group)
        .filter(year__in=years)
        .annotate(ethnicity_code=_ethnicity_or_not_known())
        .order_by()
        .values("year", "stage", "ethnicity_code")
        .annotate(n=Count("pk"))
    )
    return _frame(rows, ["year", "stage", "ethnicity_code", "n"])


def school_membership_counts(
    user, *, scope: Scope, group: str, year: int, stage: str
) -> pd.DataFrame:
    """Columns school_id, school_name, school_urn, ethnicity_code, n, for one year and stage."""
    rows = (
        GroupMembership.objects.filter(
            _membership_scope(user, scope), group=group, year=year, stage=stage
        )
        .filter(school__isnull=False)
        .annotate(ethnicity_code=_ethnicity_or_not_known())
        .order_by()
        .values("school_id", "school__name", "school__urn", "ethnicity_code")
        .annotate(n=Count("pk"))
    )
    return _frame(rows, ["school_id", "school__name", "school__urn", "ethnicity_code", "n"])


def pupil_counts(user, *, scope: Scope) -> pd.DataFrame:
    """Columns year, ethnicity, n: school census pupils in the scope's schools, every year."""
    schools = schools_for_user(user).filter(scope.school_filter()).order_by().values("pk")
    rows = (
        PupilEthnicityCount.objects.filter(school__in=schools)
        .order_by()
        .values("year", "ethnicity")
        .annotate(n=Sum("pupils"))
    )
    return _frame(rows, ["year", "ethnicity", "n"])


def community_counts(*, authority_ids: list[int]) -> pd.DataFrame:
    """Columns authority_id, area_name, year, ethnicity, n, for the given authorities."""
    rows = (
        CommunityEthnicityCount.objects.filter(authority_id__in=authority_ids)
        .order_by()
        .values("authority_id", "area_name", "year", "ethnicity", "source")
        .annotate(n=Sum("residents"))
    )
    return _frame(rows, ["authority_id", "area_name", "year", "ethnicity", "source", "n"])


def report_inputs_version() -> str:
    """One cheap query: a marker that changes whenever anything a report is built from does.

    Reports are cached against it (services.representation_report). Every write to a
    report's inputs is a service that records an audit event in the same transaction
    (memberships, equality answers and their withdrawal or retention, imports of pupil
    figures and of the GIAS register, TS021 community figures): the newest audit event's id
    moves with each of them. The newest id of each input table covers bulk loads that record
    no event of their own (demo seeding), and the schools' latest ``updated_at`` any change of
    a school's phase, area or council. Each is an index lookup or a scan of the schools.

    Authorities' disclosure settings and names are not here: the policy and the scope's label
    are part of the cache key themselves. A write that commits after a later-numbered event
    can leave a report stale until the next event or the cache timeout
    (services.REPORT_CACHE_SECONDS).
    """
    tables = [
        AuditEvent._meta.db_table,
        GroupMembership._meta.db_table,
        PupilEthnicityCount._meta.db_table,
        CommunityEthnicityCount._meta.db_table,
        profiles_table(),
        School._meta.db_table,
    ]
    # Table and column names come from the models' _meta, never from input.
    quote = connection.ops.quote_name
    parts = [f"(SELECT MAX({quote('id')}) FROM {quote(table)})" for table in tables]  # noqa: S608
    parts.append(f"(SELECT MAX({quote('updated_at')}) FROM {quote(tables[-1])})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:32]


def visibility_key(user) -> str:
    """Which schools' data the user's reports cover: "all", or a digest of their school ids
    (one query, only for someone who does not see every school)."""
    if can_see_all_schools(user):
        return "all"
    ids = list(schools_for_user(user).order_by("pk").values_list("pk", flat=True))
    return "schools:" + hashlib.sha256(repr(ids).encode()).hexdigest()[:32]


def _frame(rows, columns) -> pd.DataFrame:
    return pd.DataFrame.from_records(list(rows), columns=columns)
