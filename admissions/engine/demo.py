"""Demo data for the engine: one finished run over the demo season, ready for the clerk to
read and accept or discard. Bounded by a small time limit; run once."""

from django.conf import settings

from schools_platform.core.models import User

from ..models import HearingBlock
from . import services
from .models import EngineRun

DEMO_ORDER = 61  # after the appeals pool and season (admissions/demo.py)


def seed(context) -> list[str] | None:
    clerk = User.objects.filter(username="clerk").first()
    if EngineRun.objects.exists() or clerk is None or not HearingBlock.objects.exists():
        return None
    year = HearingBlock.objects.values_list("round__academic_year", flat=True).first()
    blocks = HearingBlock.objects.filter(round__academic_year=year)
    run = EngineRun.objects.create(
        label=f"Every block of {year}/{(year + 1) % 100:02d} (demo)",
        weights=services.default_weights(),
        time_limit=5 if context.scale == "small" else 15,
        blocks_total=blocks.count(),
        created_by=clerk,
    )
    run.blocks.set(blocks)
    run = services.execute_run(run.pk, workers=min(2, settings.ADMISSIONS_ENGINE_WORKERS))
    return [f"an engine run over {run.blocks_total} blocks, gap {run.gap_percent}%"]
