"""Reads of governor recruitment.

- Public listings: open, published vacancies only, no sign-in; filters by council, area,
  phase and category; a fixed number of queries whatever the number of listings.
- Applications: an officer sees every one; a board's managers those for its own listings;
  missing and forbidden alike are 404. Nothing here reads equality answers.
- The campaign effectiveness report: counts of people, through ``disclosure.publish_counts``
  only.
"""

import datetime
from dataclasses import dataclass

import pandas as pd
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from governors import selectors as board_selectors
from schools_platform.disclosure.control import publish_counts
from schools_platform.equality.choices import ETHNICITY_CATEGORIES
from schools_platform.equality.selectors import reportable_profiles
from schools_platform.registry.models import Authority, School

from . import matching, services
from .models import FINAL_STAGES, Application, Campaign, HeardAboutOption, Stage, VacancyListing

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


def get_application_for_user(user, *, pk: int) -> Application:
    try:
        return applications_for_user(user).prefetch_related("moves__moved_by").get(pk=pk)
    except Application.DoesNotExist:
        raise Http404("No application found") from None


def heard_about_options() -> list[HeardAboutOption]:
    return list(HeardAboutOption.objects.filter(active=True))


# --- the campaign effectiveness report ----------------------------------------------------------

NO_CAMPAIGN = "No campaign (told us where they heard)"


def _under_represented(reference_to_group: dict, reference: str) -> bool:
    return reference_to_group.get(reference) in UNDER_REPRESENTED


def campaign_report(*, year: int | None = None):
    """Per campaign (and "no campaign"): applicants, appointed, and applicants and appointed
    from under-represented groups (those who gave an ethnic group other than White), as a
    disclosure-controlled ``PublishedTable``: no count of 1-7 people is ever shown."""
    applications = Application.objects.all()
    if year:
        applications = applications.filter(applied_on__year=year)
    rows = list(applications.values_list("reference", "campaign_id", "stage"))
    references = [f"governor-application:{r}" for r, _c, _s in rows]
    ethnicity = dict(
        reportable_profiles("ethnicity")
        .filter(purpose=services.PURPOSE, subject_reference__in=references)
        .values_list("subject_reference", "ethnicity")
    )
    names = dict(Campaign.objects.values_list("pk", "name"))
    columns = [
        "Applicants",
        "Appointed",
        "Applicants from under-represented groups",
        "Appointed from under-represented groups",
    ]
    counts: dict[str, list[int]] = {name: [0, 0, 0, 0] for name in names.values()}
    counts[NO_CAMPAIGN] = [0, 0, 0, 0]
    for reference, campaign_id, stage in rows:
        line = counts[names[campaign_id]] if campaign_id else counts[NO_CAMPAIGN]
        under = _under_represented(ethnicity, f"governor-application:{reference}")
        appointed = stage == Stage.APPOINTED
        line[0] += 1
        line[1] += appointed
        line[2] += bool(under)
        line[3] += bool(under and appointed)
    frame = pd.DataFrame.from_dict(counts, orient="index", columns=columns)
    return publish_counts(frame, column_totals=True)


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
