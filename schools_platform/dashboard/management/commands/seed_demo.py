"""Load realistic, plainly fictional demo data. Deterministic for a given --seed; safe to rerun."""

import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from schools_platform.core.demo import accounts, registry, site


class Command(BaseCommand):
    help = "Create a fictional combined authority with schools, people and demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(registry.SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--quiet-logins", action="store_true", help="Don't print logins.")

    def handle(self, *args, scale, seed, quiet_logins, **options):
        if not settings.DEBUG and not settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError("Demo data is for the embedded runtime only, never production.")
        rng = random.Random(seed)
        with transaction.atomic():
            authorities, schools = registry.seed_registry(rng=rng, scale=scale)
            users = accounts.seed_accounts(schools=schools)
            site.seed_site()
            extra = seed_modules(rng=rng, scale=scale, authorities=authorities, schools=schools)
        self.stdout.write(
            f"Demo data ({scale}, seed {seed}): {len(authorities)} councils, "
            f"{len(schools)} schools{extra}."
        )
        if not quiet_logins:
            self.stdout.write(f"\nDemo logins (password for all: {accounts.DEMO_PASSWORD})")
            for user, role in users:
                self.stdout.write(f"  {user.username:<11} {role.name}")
            self.stdout.write("  admin       Platform administrator (superuser)")


def seed_modules(*, rng, scale, authorities, schools) -> str:
    """Each module's own demo data. Modules add their call here; each runs once per database."""
    from schools_platform.equality.demo import seed_profiles
    from schools_platform.representation.demo import SYNTHETIC_SOURCE, seed_representation
    from schools_platform.representation.models import CommunityEthnicityCount

    if CommunityEthnicityCount.objects.filter(source=SYNTHETIC_SOURCE).exists():
        return " (module demo data already loaded)"
    open_schools = [s for s in schools if s.closed_on is None]
    # Governor applications per school and year, with outcomes: the recruitment funnel.
    counts = seed_representation(
        rng=rng, authorities=authorities, schools=open_schools, years=[2023, 2024, 2025]
    )
    # Other people's answers (panel members, learners, staff) for the data steward's list.
    others = seed_profiles(
        rng=rng, schools=open_schools, count=80 if scale == "small" else 2000, year=2025
    )
    return (
        f", {counts['memberships']} governor recruitment records, "
        f"{counts['pupil_rows']} pupil census rows, {len(others)} other monitoring answers"
    )
