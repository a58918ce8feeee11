"""manage.py check_panel FILE: judge proposed panels described in JSON or YAML, without the
database. Prints ACCEPT or each broken rule with its source for every block; exits 2 when a
block is rejected (so a script can test it) and 1 when the file does not read."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from admissions import panel_file


class Command(BaseCommand):
    help = (
        "Check proposed appeal panels in a JSON or YAML file (format: docs/modules/admissions.md)."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="The description, or - to read standard input.")

    def handle(self, *args, file, **options):
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from None
        try:
            results = panel_file.check(panel_file.load_text(text))
        except panel_file.PanelFileError as exc:
            raise CommandError(str(exc)) from None
        for line in panel_file.report_lines(results):
            self.stdout.write(line)
        if not all(r.accepted for r in results):
            sys.exit(2)
