"""Reads of governor recruitment.

- Public listings: open, published vacancies only, no sign-in; filters by council, area,
  phase and category; a fixed number of queries whatever the number of listings.
- Applications: an officer sees every one; a board's managers those for its own listings;
  missing and forbidden alike are 404. Nothing here reads equality answers.
- The campaign effectiveness report: counts of people, through ``disclosure.publish_counts``
  only.
"""

import datetime
import hashlib
import logging
from collections import Counter
from dataclasses import dataclass

import pandas as pd
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import timezone

from governors import selectors as board_selectors
from governors.choices import Category
from schools_platform.core.cache import get_or_build
from schools_platform.disclosure.control import publish_counts
from schools_platform.equality.choices import (
    CATEGORY_GROUP,
    ETHNIC_GROUPS,
    ETHNICITY_CATEGORIES,
    PREFER_NOT_TO_SAY,
)
from schools_platform.equality.selectors import reportable_profiles
from schools_platform.registry.models import Authority, School
from schools_platform.representation import services as representation_services
from schools_platform.representation.selectors import NOT_KNOWN, Scope

from . import matching, services
from .models import (
    ENDING_STAGES,
    FINAL_STAGES,
    PIPELINE,
    Application,
    Campaign,
    HeardAboutOption,
    Stage,
    StageChange,
    VacancyListing,
)

logger = logging.getLogger(__name__)

# "Under-represented" on boards: every high-level ethnic group other than White (boards are
# about 94% White against 73% of pupils; shared reference governors.md §2). "Prefer not to
# say" is no group.
UNDER_REPRESENTED = {code for code, _label, group in ETHNICITY_CATEGORIES if group != "white"}


def _today() -> datetime.date:
    return timezone.localdate()


def _open_listings(day: datetime.date) -> QuerySet[VacancyListing]:
    return VacancyListing.objects.filter(closed_at__isnull=True).filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=day)
    )


def _with_schools(listings: QuerySet) -> QuerySet:
    return listings.select_related("board").prefetch_related(
        "board__memberships__school__authority"
    )


@dataclass
class ListingFilters:
    council: str = ""  # LA code
    area: str = ""
    phase: str = ""
    category: str = ""


def public_listings(filters: ListingFilters | None = None, *, day=None) -> QuerySet:
    """Open listings matching the filters, newest first, each with its board's schools."""
    filters = filters or ListingFilters()
    listings = _open_listings(day or _today())
    school_filter = {}
    if filters.council:
        school_filter["authority__la_code"] = filters.council
    if filters.area:
        school_filter["area"] = filters.area
    if filters.phase:
        school_filter["phase"] = filters.phase
    if school_filter:
        schools = School.objects.filter(**school_filter)
        listings = listings.filter(
            board__memberships__left_on__isnull=True, board__memberships__school__in=schools
        ).distinct()
    if filters.category:
        listings = listings.filter(category=filters.category)
    return _with_schools(listings).order_by("-published_at", "pk")


def filter_options() -> dict:
    """The choices the public filters offer: only councils, areas and phases with a listing."""
    boards = _open_listings(_today()).values("board")
    schools = School.objects.filter(
        governor_board_memberships__left_on__isnull=True,
        governor_board_memberships__board__in=boards,
    )
    councils = Authority.objects.filter(schools__in=schools).distinct().order_by("name")
    areas = sorted({a for a in schools.values_list("area", flat=True) if a})
    phases = sorted({p for p in schools.values_list("phase", flat=True) if p})
    return {"councils": list(councils), "areas": areas, "phases": phases}


def get_public_listing(*, pk: int) -> VacancyListing:
    try:
        return _with_schools(_open_listings(_today())).get(pk=pk)
    except VacancyListing.DoesNotExist:
        raise Http404("No open vacancy found") from None


def schools_of(listing: VacancyListing) -> list:
    """The schools the listing's board governs today (memberships prefetched)."""
    return [m.school for m in listing.board.memberships.all() if m.left_on is None]


# --- applications, for whoever decides --------------------------------------------------------


def applications_for_user(user) -> QuerySet[Application]:
    """Applications the user may see and move. The equality profile is never joined."""
    if not (user.is_authenticated and user.is_active):
        return Application.objects.none()
    applications = Application.objects.select_related("listing__board", "campaign", "heard_about")
    if services.is_officer(user):
        return applications
    boards = board_selectors.boards_for_user(user)
    managed = [b.pk for b in boards if services.board_services.can_manage_board(user, b)]
    return applications.filter(listing__board_id__in=managed)


@dataclass(frozen=True)
class ApplicationFilters:
    board: int | None = None
    listing: int | None = None
    stage: str = ""


def filter_applications(applications: QuerySet, filters: ApplicationFilters) -> QuerySet:
    """Narrow an already scoped queryset (applications_for_user); never widens it."""
    if filters.board is not None:
        applications = applications.filter(listing__board_id=filters.board)
    if filters.listing is not None:
        applications = applications.filter(listing_id=filters.listing)
    if filters.stage:
        applications = applications.filter(stage=filters.stage)
    return applications


def get_application_for_user(user, *, pk: int) -> Application:
    try:
        return applications_for_user(user).prefetch_related("moves__moved_by").get(pk=pk)
    except Application.DoesNotExist:
        raise Http404("No application found") from None


def heard_about_options() -> list[HeardAboutOption]:
    return list(HeardAboutOption.objects.filter(active=True))


# --- the campaign effectiveness report ----------------------------------------------------------


OTHER_SOURCE = "Somewhere else (in their own words)"
SOURCE_COLUMNS = [
    "Applicants",
    "Appointed",
    "Applicants from under-represented groups",
    "Appointed from under-represented groups",
]


def _source_counts(year: int | None):
    """Per source (each campaign, each "where did you hear" answer, and "somewhere else"):
    the four counts, and the days from application to appointment of those appointed.

    The database counts (two grouped queries, the second only over applicants whose live
    monitoring answer is an under-represented group, by an EXISTS on the subject reference);
    only the appointed rows' two dates come back, for the medians. Five queries whatever
    the number of applications (it fetched every application and its answer before)."""
    applications = Application.objects.all()
    if year:
        applications = applications.filter(applied_on__year=year)
    under = Exists(
        reportable_profiles("ethnicity").filter(
            purpose=services.PURPOSE,
            subject_reference=Concat(
                Value("governor-application:"), OuterRef("reference"), output_field=CharField()
            ),
            ethnicity__in=sorted(UNDER_REPRESENTED),
        )
    )
    appointed = Q(stage=Stage.APPOINTED)

    def grouped(queryset):
        # An EXISTS in the WHERE clause (not inside each FILTER) lets PostgreSQL hash-join
        # the monitoring answers once instead of probing them per application.
        return (
            queryset.values("campaign_id", "heard_about_id")
            .order_by()
            .annotate(total=Count("pk"), appointed=Count("pk", filter=appointed))
            .values_list("campaign_id", "heard_about_id", "total", "appointed")
        )

    campaigns = dict(Campaign.objects.values_list("pk", "name"))
    heard = dict(HeardAboutOption.objects.values_list("pk", "label"))

    def source_of(campaign_id, heard_id) -> str:
        if campaign_id:
            return campaigns[campaign_id]
        if heard_id:
            return f"Heard: {heard[heard_id]}"
        return OTHER_SOURCE

    counts: dict[str, list[int]] = {name: [0, 0, 0, 0] for name in campaigns.values()}
    counts.update({f"Heard: {label}": [0, 0, 0, 0] for label in heard.values()})
    counts[OTHER_SOURCE] = [0, 0, 0, 0]
    for first, queryset in ((0, applications), (2, applications.filter(under))):
        for campaign_id, heard_id, applicants, appointed_count in grouped(queryset):
            line = counts[source_of(campaign_id, heard_id)]
            line[first] += applicants
            line[first + 1] += appointed_count
    days: dict[str, list[int]] = {name: [] for name in counts}
    for campaign_id, heard_id, applied_on, changed_on in applications.filter(appointed).values_list(
        "campaign_id", "heard_about_id", "applied_on", "stage_changed_on"
    ):
        days[source_of(campaign_id, heard_id)].append((changed_on - applied_on).days)
    return counts, days


def campaign_report(*, year: int | None = None):
    """Per source: applicants, appointed, and applicants and appointed from
    under-represented groups (those who gave an ethnic group other than White), as a
    disclosure-controlled ``PublishedTable``: no count of 1-7 people is ever shown."""
    counts, _days = _source_counts(year)
    frame = pd.DataFrame.from_dict(counts, orient="index", columns=SOURCE_COLUMNS)
    return publish_counts(frame, column_totals=True)


@dataclass(frozen=True)
class SourceLine:
    source: str
    cells: list
    conversion: str  # % of applicants appointed, or a symbol
    median_days: str  # from application to appointment, or a symbol


def source_report(*, year: int | None = None) -> tuple[list[SourceLine], list]:
    """The campaign report with conversion to appointment and the median time to it. Both
    are shown only where the applicants and appointed counts they come from are shown (the
    percentage base of the policy applies), so neither reveals a suppressed figure."""
    counts, days = _source_counts(year)
    frame = pd.DataFrame.from_dict(counts, orient="index", columns=SOURCE_COLUMNS)
    table = publish_counts(frame, column_totals=True)
    policy = table.policy
    lines = []
    for source in table.row_labels:
        applicants, appointed = (table.cell(source, c) for c in SOURCE_COLUMNS[:2])
        raw_applicants, raw_appointed = counts[source][0], counts[source][1]
        if not (applicants.is_shown and appointed.is_shown):
            conversion = median = "c"
        elif raw_applicants < policy.min_percentage_base:
            conversion, median = "u", "u"
        else:
            conversion = f"{policy.percent(raw_appointed, raw_applicants)}%"
            median = str(int(pd.Series(days[source]).median())) if days[source] else "x"
        lines.append(
            SourceLine(source, [table.cell(source, c) for c in SOURCE_COLUMNS], conversion, median)
        )
    totals = [table.cell("total", c) for c in SOURCE_COLUMNS]
    return lines, totals


# How long an unused entry of the source report stays. Entries are keyed on a version of
# every input (report_inputs_version), so a change shows on the very next page.
REPORT_CACHE_SECONDS = 60 * 60
REPORT_CACHE_PREFIX = "governor_recruitment:sources:"


def report_inputs_version() -> str:
    """One query: a marker that changes whenever anything the source report is built from
    does. Every write through a service records an audit event in its transaction
    (applying, each move, campaigns and the heard-about list, monitoring answers given,
    withdrawn or deleted by retention): the newest event's id moves with each, a change in
    place included. The newest id of each input table covers bulk loads that record no
    event (demo seeding), and the applications' latest ``stage_changed_on`` a stage set in
    place. A write that commits after a later-numbered event has been read can leave the
    report stale until the next event or the cache timeout (the representation report's
    edge)."""
    from django.db import connection

    from schools_platform.core.models import AuditEvent
    from schools_platform.equality.selectors import profiles_table

    tables = [
        AuditEvent._meta.db_table,
        Application._meta.db_table,
        StageChange._meta.db_table,
        Campaign._meta.db_table,
        HeardAboutOption._meta.db_table,
        profiles_table(),
    ]
    # Table and column names come from the models' _meta, never from input.
    quote = connection.ops.quote_name
    parts = [f"(SELECT MAX({quote('id')}) FROM {quote(table)})" for table in tables]  # noqa: S608
    parts.append(f"(SELECT MAX({quote('stage_changed_on')}) FROM {quote(tables[1])})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return hashlib.sha256(repr(row).encode()).hexdigest()[:32]


def _report_choices(version: str | None, *extra):
    from schools_platform.disclosure.policy import DisclosurePolicy

    return (
        version or report_inputs_version(),
        sorted(DisclosurePolicy.default().as_dict().items()),
        *extra,
    )


def cached_source_report(
    *, year: int | None = None, version: str | None = None
) -> tuple[list[SourceLine], list, list[int]]:
    """``source_report`` for the year and ``application_years``, from the cache when none of
    their inputs has changed (one query: the version, unless the caller read it this
    request), else built and kept. Only published cells and the symbols and figures shown
    beside them are cached, never a true count. The disclosure policy is part of the key. A
    cache outage is a miss."""

    def build():
        lines, totals = source_report(year=year)
        return (lines, totals, application_years())

    return get_or_build(
        REPORT_CACHE_PREFIX, _report_choices(version, year), build, timeout=REPORT_CACHE_SECONDS
    )


@dataclass(frozen=True)
class SourceTrend:
    """Each source's applicants and conversion to appointment, year by year: the lines of
    each year's own source report (nothing new is published)."""

    years: list[int]
    sources: list[str]
    lines: dict  # year -> source -> SourceLine
    totals: dict  # year -> the total row's cells

    def row(self, source: str) -> list[SourceLine]:
        return [self.lines[year][source] for year in self.years]

    def total_applicants(self) -> list:
        return [self.totals[year][0] for year in self.years]


def source_trend(*, years) -> SourceTrend | None:
    years = sorted(years)[-TREND_YEARS:]
    if not years:
        return None
    lines, totals = {}, {}
    for year in years:
        year_lines, totals[year] = source_report(year=year)
        lines[year] = {line.source: line for line in year_lines}
    sources = [line.source for line in year_lines]
    return SourceTrend(years, sources, lines, totals)


def cached_source_trend(*, version: str | None = None) -> SourceTrend | None:
    """``source_trend`` over the latest years of application, cached as the report is (one
    query when nothing has changed). False stands for "no applications" in the cache."""

    def build():
        return source_trend(years=application_years()) or False

    return (
        get_or_build(
            REPORT_CACHE_PREFIX + "trend:",
            _report_choices(version),
            build,
            timeout=REPORT_CACHE_SECONDS,
        )
        or None
    )


# --- matching (never on equality answers: only these fields reach the matcher) ------------------


def _as_applicant(application: Application) -> matching.Applicant:
    eligibility = application.eligibility if isinstance(application.eligibility, dict) else {}
    return matching.Applicant(
        key=application.pk,
        skills=tuple(application.skills or ()),
        preferred_areas=tuple(application.preferred_areas or ()),
        preferred_phases=tuple(application.preferred_phases or ()),
        available_times=tuple(application.available_times or ()),
        postcode=application.postcode,
        eligibility=tuple(sorted((k, v) for k, v in eligibility.items() if isinstance(v, bool))),
    )


def _as_vacancy(listing: VacancyListing) -> matching.Vacancy:
    return matching.Vacancy(
        key=listing.pk,
        category=listing.category,
        skills_sought=tuple(listing.skills_sought or ()),
        meeting_times=tuple(listing.meeting_times or ()),
        places=tuple(
            matching.Place(
                area=school.area,
                ward=school.ward,
                phase=school.phase,
                postcode=school.postcode,
                council=school.authority.name if school.authority_id else "",
            )
            for school in schools_of(listing)
        ),
    )


MATCH_FIELDS = (
    "pk",
    "skills",
    "preferred_areas",
    "preferred_phases",
    "available_times",
    "postcode",
    "eligibility",
)


def suggested_vacancies(application: Application, *, limit: int = 10) -> list:
    """Open public vacancies ranked for the applicant: (listing, match) pairs."""
    listings = {v.pk: v for v in _with_schools(_open_listings(_today()))}
    ranked = matching.rank_vacancies(
        _as_applicant(application), [_as_vacancy(v) for v in listings.values()], limit
    )
    return [(listings[m.vacancy], m) for m in ranked]


def suggested_applicants(user, listing: VacancyListing, *, limit: int = 10) -> list:
    """Open applications the user may see, ranked for the vacancy: (application, match)."""
    pool = {
        a.pk: a
        for a in applications_for_user(user)
        .exclude(stage__in=FINAL_STAGES)
        .select_related(None)
        .only(*MATCH_FIELDS, "reference", "first_name", "last_name", "stage", "listing_id")
    }
    ranked = matching.rank_applicants(
        _as_vacancy(listing), [_as_applicant(a) for a in pool.values()], limit
    )
    return [(pool[m.applicant], m) for m in ranked]


def get_listing_for_user(user, *, pk: int) -> VacancyListing:
    """A listing (open or closed) that the user may manage; 404 otherwise."""
    try:
        listing = _with_schools(VacancyListing.objects.all()).get(pk=pk)
    except VacancyListing.DoesNotExist:
        raise Http404("No vacancy found") from None
    if not services.can_manage_listing(user, listing):
        raise Http404("No vacancy found")
    return listing


# --- the funnel by ethnic group -----------------------------------------------------------------

FUNNEL_ROWS = [*ETHNIC_GROUPS, PREFER_NOT_TO_SAY, NOT_KNOWN]
FUNNEL_ROW_LABELS = {
    **ETHNIC_GROUPS,
    PREFER_NOT_TO_SAY: "Prefer not to say",
    NOT_KNOWN: "Not known",
}
FUNNEL_COLUMNS = {stage.value: f"Reached {stage.label.lower()}" for stage in PIPELINE}
FUNNEL_COLUMNS[Stage.APPLIED] = "Applied"


def _furthest_stages(applications: QuerySet) -> dict[str, tuple[str, int]]:
    """reference -> (the furthest pipeline stage reached, the year of application); an ended
    application counts at the stage it ended from. Two queries."""
    rows = list(applications.values_list("pk", "reference", "stage", "applied_on"))
    ended_from = dict(
        StageChange.objects.filter(
            application_id__in=[pk for pk, _r, stage, _d in rows if stage in ENDING_STAGES],
            to_stage__in=ENDING_STAGES,
        ).values_list("application_id", "from_stage")
    )
    return {
        reference: (
            ended_from.get(pk, Stage.APPLIED) if stage in ENDING_STAGES else stage,
            applied_on.year,
        )
        for pk, reference, stage, applied_on in rows
    }


def _groups_of(references) -> dict[str, str]:
    """reference -> high-level ethnic group (or prefer not to say / not known), for counting
    only; one query on live monitoring profiles."""
    subject = {f"governor-application:{r}": r for r in references}
    codes = dict(
        reportable_profiles("ethnicity")
        .filter(purpose=services.PURPOSE, subject_reference__in=list(subject))
        .values_list("subject_reference", "ethnicity")
    )
    found = {}
    for key, reference in subject.items():
        code = codes.get(key) or ""
        found[reference] = (
            PREFER_NOT_TO_SAY if code == PREFER_NOT_TO_SAY else CATEGORY_GROUP.get(code, NOT_KNOWN)
        )
    return found


def funnel_by_group(*, year: int):
    """People who applied in ``year`` and how far they got, by high-level ethnic group: a
    ``PublishedTable`` (rows groups, columns stages reached, shares within each column), so
    no count of 1-7 people is shown and shares come from the unrounded counts."""
    return funnel_by_year(years=[year])[year]


def funnel_by_year(*, years) -> dict:
    """``funnel_by_group`` for each year, in one pass over the applications (three queries
    whatever the number of years); each year's table is published on its own, so a year
    reads the same here as on its own."""
    years = sorted(set(years))
    furthest = _furthest_stages(Application.objects.filter(applied_on__year__in=years))
    groups = _groups_of(furthest)
    order = list(PIPELINE)
    # Count in plain dicts first: one pandas cell update per application and stage cost
    # half a second a request at large scale.
    reached = {year: {row: [0] * len(order) for row in FUNNEL_ROWS} for year in years}
    for reference, (stage, year) in furthest.items():
        at = order.index(stage) if stage in order else 0
        reached[year][groups[reference]][at] += 1
    return {year: _published_funnel(reached[year]) for year in years}


FUNNEL_CACHE_PREFIX = "governor_recruitment:funnel:"


def cached_funnel_by_year(*, years, version: str | None = None) -> dict:
    """``funnel_by_year``, from the cache when none of its inputs has changed (the source
    report's version: applications, stage changes and monitoring answers are all in it;
    one query unless the caller read it this request). Only published tables are kept."""
    years = sorted(set(years))
    return get_or_build(
        FUNNEL_CACHE_PREFIX,
        _report_choices(version, years),
        lambda: funnel_by_year(years=years),
        timeout=REPORT_CACHE_SECONDS,
    )


def _published_funnel(reached_by_group: dict[str, list[int]]):
    cells = {}
    for row, furthest_counts in reached_by_group.items():
        # Reaching a stage counts at every stage before it too.
        running, reached_at = 0, [0] * len(furthest_counts)
        for i in range(len(furthest_counts) - 1, -1, -1):
            running += furthest_counts[i]
            reached_at[i] = running
        cells[row] = reached_at
    frame = pd.DataFrame.from_dict(
        cells, orient="index", columns=[stage.value for stage in PIPELINE], dtype="int64"
    ).reindex(index=FUNNEL_ROWS, columns=list(FUNNEL_COLUMNS), fill_value=0)
    frame = frame.rename(index=FUNNEL_ROW_LABELS, columns=FUNNEL_COLUMNS)
    return publish_counts(frame, column_totals=True, shares_within="column")


TREND_YEARS = 5  # the trend tables show the latest five years of applications


@dataclass(frozen=True)
class FunnelTrend:
    """Each group's share of the people at a stage, year by year: the cells of each year's
    own published funnel table (nothing new is published)."""

    years: list[int]
    groups: list[str]
    stages: list[str]  # column labels of the funnel table, e.g. "Applied"
    tables: dict

    def cell(self, year: int, group: str, stage: str):
        return self.tables[year].cell(group, stage)

    def totals(self, stage: str) -> list:
        return [self.tables[year].cell("total", stage) for year in self.years]


def funnel_trend(*, years, tables: dict | None = None) -> FunnelTrend | None:
    """The latest years' trend; ``tables`` are funnel_by_year's, when the caller has them."""
    years = sorted(years)[-TREND_YEARS:]
    if not years:
        return None
    tables = tables if tables is not None else funnel_by_year(years=years)
    stages = [FUNNEL_COLUMNS[Stage.APPLIED], FUNNEL_COLUMNS[Stage.APPOINTED]]
    return FunnelTrend(years, list(FUNNEL_ROW_LABELS.values()), stages, tables)


def application_years() -> list[int]:
    return sorted({d.year for d in Application.objects.dates("applied_on", "year")}, reverse=True)


def governors_reports(user, *, years: list[int]) -> dict:
    """The landed representation report for the ``governors`` group, per year (applicants
    and appointments recorded by this module, against pupils and the 2021 Census): the
    relative likelihood of appointment from application with its landed conditions, and the
    board make-up table. A fixed number of queries per year (cached by representation)."""
    options = representation_services.report_options(user)
    if "governors" not in options.groups:
        return {}
    return {
        year: representation_services.representation_report(
            user=user, group="governors", year=year, scope=Scope(), options=options
        )
        for year in years
        if year in options.groups["governors"]
    }


def applications_of_applicant(user) -> QuerySet[Application]:
    """The signed-in applicant's own applications (their account's), newest first."""
    if not (user.is_authenticated and user.is_active):
        return Application.objects.none()
    return (
        Application.objects.filter(user=user)
        .select_related("listing")
        .order_by("-applied_on", "-pk")
    )


def get_own_application(user, *, pk: int) -> Application:
    try:
        return applications_of_applicant(user).get(pk=pk)
    except Application.DoesNotExist:
        raise Http404("No application found") from None


# --- the board make-up: serving governors against pupils and the community --------------------


def serving_terms_of(user) -> list:
    """The signed-in person's serving places on boards (governors.selectors.ServingGovernor)."""
    return board_selectors.serving_governors(user=user)


def has_serving_answers(user) -> bool:
    """Whether the person has given live serving-governor answers (their own; not read)."""
    return (
        user.is_authenticated
        and reportable_profiles().filter(user=user, purpose=services.SERVING_PURPOSE).exists()
    )


def board_make_up(user, *, year: int | None, scope: str = "all"):
    """The landed representation report for every governor serving in ``year`` (the latest
    snapshot year on or before it, else the latest), over one scope (all schools, a council,
    phase or area): (report or None, the scope options, the snapshot year). Every figure went
    through publish_counts; a scope the user has no schools in is refused with ValueError."""
    options = representation_services.report_options(user)
    years = options.groups.get(services.SERVING_GROUP, [])
    if not years:
        return None, options, None
    earlier = [y for y in years if year is None or y <= year]
    shown = earlier[-1] if earlier else years[-1]
    scope = Scope.parse(scope)
    report = representation_services.representation_report(
        user=user, group=services.SERVING_GROUP, year=shown, scope=scope, options=options
    )
    return report, options, shown


def get_board_to_manage(user, *, pk: int):
    """A board the user may manage (its clerk, chair, school leaders, officers); 404 alike
    for a missing board and someone else's."""
    board = board_selectors.get_board_for_user(user, pk=pk)
    if not (services.is_officer(user) or services.board_services.can_manage_board(user, board)):
        raise Http404("No board found")
    return board


@dataclass(frozen=True)
class SeatLine:
    """A category of the board's seats with a vacancy today, or with an open listing."""

    category: str
    label: str
    vacant: int  # seats, not people
    published: int  # open listings for the category

    @property
    def unpublished(self) -> int:
        return max(self.vacant - self.published, 0)


def vacant_seats(board) -> list[SeatLine]:
    """The board's vacant seats by category against its open listings (the rule
    services.publish_vacancy applies: no more open listings than vacant seats). The
    headteacher's seat is ex officio and never advertised. A fixed number of queries."""
    published = Counter(
        VacancyListing.objects.filter(board=board, closed_at__isnull=True).values_list(
            "category", flat=True
        )
    )
    return [
        SeatLine(line.category, line.label, line.vacant, published[line.category])
        for line in board_selectors.make_up(board).lines
        if line.category != Category.HEADTEACHER and (line.vacant or published[line.category])
    ]


def listings_of_board(board) -> list[VacancyListing]:
    """Every listing the board has published, open ones first, newest first."""
    return list(
        VacancyListing.objects.filter(board=board).order_by(
            F("closed_at").desc(nulls_first=True), "-published_at", "-pk"
        )
    )


def serving_on_board(board) -> list:
    return board_selectors.serving_governors(board_ids=[board.pk])
