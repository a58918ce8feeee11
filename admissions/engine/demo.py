"""Demo data for the engine: members' sitting preferences (about one member in three states
some), then one finished run over the demo season, ready for the clerk to read and accept or
discard. Bounded by a small time limit; run once."""

from django.conf import settings

from schools_platform.core.models import User

from ..models import AppealRound, HearingBlock, PanelMember
from . import services
from .models import EngineRun, Mode, SittingPreference

DEMO_ORDER = 61  # after the appeals pool and season (admissions/demo.py)


def seed(context) -> list[str] | None:
    clerk = User.objects.filter(username="clerk").first()
    if EngineRun.objects.exists() or clerk is None or not HearingBlock.objects.exists():
        return None
    stated = _preferences(context)
    year, blocks = demo_season()
    run = EngineRun.objects.create(
        label=f"Every block of {year}/{(year + 1) % 100:02d} (demo)",
        weights=services.default_weights(),
        time_limit=5 if context.scale == "small" else 15,
        blocks_total=blocks.count(),
        created_by=clerk,
    )
    run.blocks.set(blocks)
    run = services.execute_run(run.pk, workers=min(2, settings.ADMISSIONS_ENGINE_WORKERS))
    return [
        f"{stated} members' sitting preferences",
        f"an engine run over {run.blocks_total} blocks, gap {run.gap_percent}%",
    ]


def demo_season():
    """The demo season: the academic year of the first hearing block and its blocks (other
    demos add past-season and in-year blocks; the engine's demo run and bench/engine.py plan
    this one season, so their figures stay comparable)."""
    first = HearingBlock.objects.order_by("pk")
    year = first.values_list("round__academic_year", flat=True).first()
    return year, HearingBlock.objects.filter(round__academic_year=year)


def _preferences(context) -> int:
    """What a third of the members would rather: a weekday kept free, a school near home not
    heard, remote or in-person sittings (stated by them in life; made up here)."""
    if SittingPreference.objects.exists():
        return 0
    rng = context.rng
    schools = list(
        AppealRound.objects.values_list("school_id", flat=True).distinct().order_by("school_id")
    )
    made = []
    for member in PanelMember.objects.filter(active=True).order_by("pk"):
        if rng.random() >= 1 / 3:
            continue
        pref = SittingPreference(
            member=member,
            avoid_weekdays=sorted(rng.sample(range(5), rng.choice([0, 1, 1, 2]))),
            mode=rng.choice([Mode.EITHER, Mode.EITHER, Mode.REMOTE, Mode.IN_PERSON]),
        )
        made.append((pref, [rng.choice(schools)] if schools and rng.random() < 0.4 else []))
    SittingPreference.objects.bulk_create([p for p, _ in made])
    through = SittingPreference.avoid_schools.through
    through.objects.bulk_create(
        [
            through(sittingpreference_id=p.pk, school_id=school)
            for p, chosen in made
            for school in chosen
        ]
    )
    return len(made)
