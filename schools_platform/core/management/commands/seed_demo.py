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
    """Each module's own demo data. Modules add their call here."""
    return ""
