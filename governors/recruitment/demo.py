"""Demo data for governor recruitment: campaigns with partners, the "where did you hear"
list, published vacancies and applications whose funnel differs by source and group.

Runs after the boards (``DEMO_ORDER``), through the module's own services so every rule,
audit row, representation membership and monitoring profile is real. Idempotent.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from governors import selectors as board_selectors

from . import services
from .models import Campaign, HeardAboutOption, Stage, VacancyListing

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
        "ends_on": day.replace(year=day.year + 4) - datetime.timedelta(days=1),
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
    return [
        f"{len(campaigns)} recruitment campaigns",
        f"{VacancyListing.objects.count()} published governor vacancies",
        f"{made} governor applications",
    ]
