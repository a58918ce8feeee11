from django.core.management.base import BaseCommand

from schools_platform.core.setup import sync_role_groups


class Command(BaseCommand):
    help = "Create or update the role groups and their permissions."

    def handle(self, *args, **options):
        groups = sync_role_groups()
        self.stdout.write(f"{len(groups)} role groups up to date.")
