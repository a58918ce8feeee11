"""Load realistic, plainly fictional demo data. Deterministic for a given --seed; safe to rerun.

Each app's ``demo`` module adds its own part (schools_platform.core.demo says how).
"""

import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from schools_platform.core.demo import SCALES, DemoContext, run_demo


class Command(BaseCommand):
    help = "Create a fictional combined authority with schools, people and demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--quiet-logins", action="store_true", help="Don't print logins.")

    def handle(self, *args, scale, seed, quiet_logins, **options):
        if not settings.DEBUG and not settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError("Demo data is for the embedded runtime only, never production.")
        context = DemoContext(rng=random.Random(seed), scale=scale)
        with transaction.atomic():
            phrases, skipped = run_demo(context)
        extra = " (module demo data already loaded)" if skipped else ""
        self.stdout.write(f"Demo data ({scale}, seed {seed}): {', '.join(phrases)}{extra}.")
        if not quiet_logins and context.logins:
            self.stdout.write(f"\nDemo logins (password for all: {context.password})")
            for username, role_name in context.logins:
                self.stdout.write(f"  {username:<11} {role_name}")
            self.stdout.write("  admin       Platform administrator (superuser)")
