"""Demo data for governor recruitment: campaigns with partners, the "where did you hear"
list, published vacancies and applications whose funnel differs by source and group.

Runs after the boards (``DEMO_ORDER``), through the module's own services so every rule,
audit row, representation membership and monitoring profile is real. Idempotent.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from governors import selectors as board_selectors
from schools_platform.equality.models import EqualityProfile
from schools_platform.representation.models import GroupMembership

from . import services
from .models import (
    PIPELINE,
    Application,
    Campaign,
    HeardAboutOption,
    Stage,
    StageChange,
    VacancyListing,
)
from .selectors import schools_of

DEMO_ORDER = 70
HEARD = ["A friend or colleague", "The council's website", "My employer", "Social media"]
CAMPAIGNS = [
    # (name, partner, type, channel, code, share of applicants from under-represented groups,
    #  chance of being appointed)
    (
        "Faith leaders breakfast",
        "Central Mosque and St Anne's",
        "faith",
        "event",
        "FAITH",
        0.7,
        0.4,
    ),
    ("Employer volunteering week", "Northvale Chamber", "employer", "email", "WORK", 0.3, 0.3),
    ("Community radio spots", "Unity FM", "media", "radio", "RADIO", 0.6, 0.2),
    ("University alumni", "Northvale University", "university", "social", "UNI", 0.4, 0.25),
]
SIZES = {"small": 60, "medium": 200, "large": 600}
# Earlier years' applications, made in bulk (the services' rules are the same; writing
# 3,000 a year one service call at a time would take the demo minutes): per year.
HISTORY_PER_YEAR = {"small": 80, "medium": 600, "large": 3000}
HISTORY_YEARS = 5
GROUPS_UNDER = [
    "black_african",
    "black_caribbean",
    "asian_pakistani",
    "asian_indian",
    "mixed_other",
]
GROUPS_WHITE = ["white_british", "white_irish"]
PATH = [Stage.SCREENED, Stage.INTERVIEWED, Stage.NOMINATED, Stage.APPOINTED]
ELIGIBLE = {
    "aged_18_or_over": True,
    "registered_pupil": False,
    "la_elected_member": False,
    "paid_over_500_hours": False,
    "other_disqualification": False,
}


def _appointment(day: datetime.date) -> dict:
    return {
        "appointing_body": "appointed_by_board",
        "starts_on": day,
        "eligibility": ELIGIBLE,
        "is_school_staff": False,
    }


def _answers(ethnicity: str) -> dict:
    return {
        "answers": {
            "ethnicity": ethnicity,
            "ethnicity_other": "",
            "sex": "",
            "age_band": "",
            "disability": "",
        },
        "consent_wording": "I agree that the council may use these answers for monitoring.",
    }


def seed(context) -> list[str] | None:
    if Campaign.objects.filter(code__in=[c[4] for c in CAMPAIGNS]).exists():
        return None
    officer = get_user_model().objects.filter(username="officer").first()
    if officer is None or not services.is_officer(officer):
        return None
    rng = context.rng
    today = timezone.localdate()
    heard = [
        HeardAboutOption.objects.get_or_create(label=h, defaults={"order": i})[0]
        for i, h in enumerate(HEARD)
    ]
    campaigns = []
    for name, partner, kind, channel, code, under, success in CAMPAIGNS:
        campaign = services.create_campaign(
            actor=officer,
            name=name,
            partner_name=partner,
            partner_type=kind,
            channel=channel,
            starts_on=today - datetime.timedelta(days=300),
            code=code,
            target_areas=[],
            target_phases=["Primary", "Secondary"],
        )
        campaigns.append((campaign, under, success))
    boards = list(board_selectors.boards_for_user(officer)[:40])
    listings = []
    for make_up in board_selectors.vacancies_by_board(boards):
        line = next((ln for ln in make_up.lines if ln.category == "co_opted" and ln.vacant), None)
        if line is not None:
            listings.append(
                services.publish_vacancy(
                    actor=officer,
                    board=make_up.board,
                    category="co_opted",
                    title=f"Co-opted governor, {make_up.board.name}",
                    description="Help set the school's direction and hold its leaders to account.",
                    skills_sought=rng.sample(
                        ["finance", "safeguarding", "HR", "law", "education"], 2
                    ),
                )
            )
        if len(listings) >= 12:
            break
    made = 0
    for i in range(SIZES.get(context.scale, 60)):
        source = rng.random()
        if source < 0.6:
            campaign, under, success = rng.choice(campaigns)
        else:
            campaign, under, success = None, 0.15, 0.2
        ethnicity = rng.choice(GROUPS_UNDER if rng.random() < under else GROUPS_WHITE)
        open_listings = [v for v in listings if v.is_open]
        listing = rng.choice(open_listings) if open_listings and rng.random() < 0.7 else None
        application = services.apply(
            actor=AnonymousUser(),
            listing=listing,
            details={
                "first_name": "Demo",
                "last_name": f"Applicant {i + 1}",
                "email": f"applicant{i + 1}@example.org",
                "skills": ["finance"],
            },
            campaign=campaign,
            heard_about=None if campaign else rng.choice(heard),
            monitoring=_answers(ethnicity) if rng.random() < 0.8 else None,
            today=today - datetime.timedelta(days=rng.randint(30, 300)),
        )
        made += 1
        for stage in PATH:
            if stage == Stage.APPOINTED and (listing is None or not listing.is_open):
                break
            if rng.random() > success * 2:
                services.move_stage(actor=officer, application=application, to_stage=Stage.DECLINED)
                break
            services.move_stage(
                actor=officer,
                application=application,
                to_stage=stage,
                appointment=_appointment(today) if stage == Stage.APPOINTED else None,
            )
            if stage == Stage.APPOINTED:
                listing.refresh_from_db()
    still_open = _keep_some_open(officer, listings)
    history = _history(context, campaigns, heard, listings, today)
    answered, serving = _serving_answers(context, officer, today)
    return [
        f"{history} earlier governor applications over {HISTORY_YEARS} years",
        f"{answered} of {serving} serving governors gave monitoring answers (board make-up)",
        f"{len(campaigns)} recruitment campaigns",
        f"{VacancyListing.objects.count()} published governor vacancies ({still_open} open)",
        f"{made} governor applications",
    ]


OPEN_LISTINGS = 6
OPEN_SKILLS = ["finance", "safeguarding", "HR", "law", "education"]


def _keep_some_open(officer, listings) -> int:
    """Appointments close the listings the applications above went to: publish a few more
    co-opted vacancies (in board name order, where a vacant seat is not yet listed) so that
    the public page always has some to find and apply for. No random draw, so the rest of
    the demo is unchanged."""
    open_now = sum(1 for v in listings if v.is_open)
    boards = list(board_selectors.boards_for_user(officer))
    for make_up in board_selectors.vacancies_by_board(boards, people=False):
        if open_now >= OPEN_LISTINGS:
            break
        if not any(ln.category == "co_opted" and ln.vacant for ln in make_up.lines):
            continue
        try:
            services.publish_vacancy(
                actor=officer,
                board=make_up.board,
                category="co_opted",
                title=f"Co-opted governor, {make_up.board.name}",
                description="Help set the school's direction and hold its leaders to account.",
                skills_sought=[OPEN_SKILLS[open_now % 5], OPEN_SKILLS[(open_now + 2) % 5]],
            )
        except ValidationError:  # every vacant co-opted seat of the board is listed already
            continue
        open_now += 1
    return open_now


@transaction.atomic
def _history(context, campaigns, heard, listings, today) -> int:
    """Five earlier years of applications whose funnel differs by source and group: the
    campaigns bring more applicants from under-represented groups, and (as boards report)
    those applicants drop out more at interview unless a partner supports them through it."""
    rng = context.rng
    schools = [s for listing in listings for s in schools_of(listing)] or [None]
    per_year = HISTORY_PER_YEAR.get(context.scale, HISTORY_PER_YEAR["small"])
    order = list(PIPELINE)
    applications, profiles, memberships, ended = [], [], [], []
    number = Application.objects.count()
    for year in range(today.year - HISTORY_YEARS, today.year):
        for _ in range(per_year):
            number += 1
            if rng.random() < 0.55:
                campaign, under, success = rng.choice(campaigns)
                source = {"campaign": campaign}
            else:
                campaign, under, success = None, 0.12, 0.2
                source = {"heard_about": rng.choice(heard)}
            minority = rng.random() < under
            # Chance of passing each stage: lower for minority applicants without a partner.
            step = 0.75 if (campaign or not minority) else 0.55
            furthest = 0
            while furthest < len(order) - 1 and rng.random() < step + success / 4:
                furthest += 1
            applied_on = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
            stage = order[furthest]
            end = None
            if stage != Stage.APPOINTED:
                end = rng.choice([Stage.DECLINED, Stage.DECLINED, Stage.WITHDRAWN])
            reference = f"GA-D{number:08d}"  # 12 characters, as the field allows
            applications.append(
                Application(
                    reference=reference,
                    first_name="Demo",
                    last_name=f"Applicant {number}",
                    email=f"demo-applicant-{number}@example.org",
                    skills=rng.sample(["finance", "safeguarding", "HR", "law", "education"], 2),
                    stage=end or stage,
                    applied_on=applied_on,
                    stage_changed_on=applied_on + datetime.timedelta(days=20 * furthest + 10),
                    **source,
                )
            )
            ended.append(stage)
            if rng.random() < 0.8:
                code = rng.choice(GROUPS_UNDER if minority else GROUPS_WHITE)
                profiles.append(
                    EqualityProfile(
                        purpose=services.PURPOSE,
                        subject_reference=f"governor-application:{reference}",
                        ethnicity=code,
                        outcome="successful" if stage == Stage.APPOINTED else "unsuccessful",
                        outcome_decided_on=applied_on + datetime.timedelta(days=60),
                        consent_given_at=timezone.now(),
                        consent_wording=_answers(code)["consent_wording"],
                    )
                )
            else:
                profiles.append(None)
    Application.objects.bulk_create(applications, batch_size=1000)
    EqualityProfile.objects.bulk_create([p for p in profiles if p], batch_size=1000)
    moves = []
    for application, furthest, profile in zip(applications, ended, profiles, strict=True):
        school = rng.choice(schools)
        year = application.applied_on.year
        memberships.append(
            GroupMembership(
                group=services.GROUP, stage="applied", year=year, school=school, profile=profile
            )
        )
        if application.stage == Stage.APPOINTED:
            memberships.append(
                GroupMembership(
                    group=services.GROUP,
                    stage="appointed",
                    year=year,
                    school=school,
                    profile=profile,
                )
            )
        path = order[: order.index(furthest) + 1]
        moves += [
            StageChange(
                application=application,
                from_stage=a,
                to_stage=b,
                moved_on=application.stage_changed_on,
            )
            for a, b in zip(path, path[1:], strict=False)
        ]
        if application.stage != furthest:
            moves.append(
                StageChange(
                    application=application,
                    from_stage=furthest,
                    to_stage=application.stage,
                    moved_on=application.stage_changed_on,
                )
            )
    GroupMembership.objects.bulk_create(memberships, batch_size=1000)
    StageChange.objects.bulk_create(moves, batch_size=1000)
    return len(applications)


# Serving governors who answer the optional monitoring questions, and the groups they give
# (boards are far whiter than their pupils: shared reference governors.md §2).
SERVING_ANSWER_RATE = 0.6
SERVING_UNDER_RATE = 0.08


@transaction.atomic
def _serving_answers(context, officer, today) -> tuple[int, int]:
    """Monitoring answers for about 60% of today's serving governors (in bulk, as the
    earlier applications), then the board make-up snapshots: today's, and 1 September of
    the earlier years, so the trend has something to show."""
    rng = context.rng
    lines = board_selectors.serving_governors(day=today)
    seen, profiles = set(), []
    for line in lines:
        if line.governor_id in seen or rng.random() > SERVING_ANSWER_RATE:
            continue
        seen.add(line.governor_id)
        code = rng.choice(GROUPS_UNDER if rng.random() < SERVING_UNDER_RATE else GROUPS_WHITE)
        profiles.append(
            EqualityProfile(
                purpose=services.SERVING_PURPOSE,
                subject_reference=services.serving_subject_reference(line.governor_id),
                ethnicity=code,
                consent_given_at=timezone.now(),
                consent_wording=_answers(code)["consent_wording"],
            )
        )
    EqualityProfile.objects.bulk_create(profiles, batch_size=1000)
    _chair_serves(today)
    for year in range(today.year - 3, today.year):
        services.refresh_serving_make_up(actor=officer, on=datetime.date(year, 9, 1))
    services.refresh_serving_make_up(actor=officer, on=today)
    return len(profiles), len({line.governor_id for line in lines})


def _chair_serves(today) -> None:
    """The "chair" demo login is the governor record of a serving governor of their board
    who has no account yet, so the governor's own monitoring page has someone to show."""
    from governors.models import Governor

    chair = get_user_model().objects.filter(username="chair").first()
    if chair is None or board_selectors.serving_governors(user=chair, day=today):
        return
    boards = [b.pk for b in board_selectors.boards_for_user(chair)[:1]]
    lines = board_selectors.serving_governors(day=today, board_ids=boards)
    free = next((line for line in lines if line.user_id is None), None)
    if free is not None:
        Governor.objects.filter(pk=free.governor_id).update(user=chair)
