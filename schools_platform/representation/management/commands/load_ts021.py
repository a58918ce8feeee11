"""manage.py load_ts021 PATH --authority LA_CODE: load Census 2021 community figures."""

from django.core.management.base import BaseCommand, CommandError

from schools_platform.registry.models import Authority
from schools_platform.representation.ts021 import DEFAULT_SOURCE, Ts021Error, load_ts021


class Command(BaseCommand):
    help = "Load an ONS Census 2021 TS021 CSV (ethnic group) for one authority's areas."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV as downloaded from ONS.")
        parser.add_argument("--authority", required=True, help="The authority's LA code.")
        parser.add_argument("--source", default=DEFAULT_SOURCE, help="Where the figures are from.")
        parser.add_argument("--year", type=int, default=2021)

    def handle(self, *args, path, authority, source, year, **options):
        try:
            council = Authority.objects.get(la_code=authority)
        except Authority.DoesNotExist:
            raise CommandError(f"No authority with LA code {authority!r}.") from None
        try:
            # ONS files are UTF-8, sometimes with a byte-order mark.
            with open(path, encoding="utf-8-sig", newline="") as handle:
                result = load_ts021(
                    actor=None, lines=handle, authority=council, source=source, year=year
                )
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not UTF-8 text; is it the ONS CSV?") from None
        except Ts021Error as error:
            raise CommandError(
                "Nothing was loaded. Fix these and try again:\n  " + "\n  ".join(error.errors)
            ) from None
        names = ", ".join(f"{name} ({code})" for code, name in result.areas)
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {result.rows} rows for {council.name}: {names}.")
        )
