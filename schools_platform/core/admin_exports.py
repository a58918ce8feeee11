"""Wagtail listing exports with every text cell made spreadsheet-safe.

Wagtail's own list_export does not escape formulae (its security policy treats CSV as plain
data); officers open these files in spreadsheet programs, so every ViewSet here uses this.
"""

from wagtail.admin.views.generic.models import IndexView

from .search import search
from .spreadsheets import safe_cell


class SafeSpreadsheetExportMixin:
    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(super().preprocess_field_value(field, value, export_format))


class PlatformSearchMixin:
    """The listing's search box goes through the platform's one search (core.search): accents,
    case and the kind of apostrophe, quote or dash do not matter."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search(queryset, self.search_query, fields=self.search_fields or [])


class SafeExportIndexView(PlatformSearchMixin, SafeSpreadsheetExportMixin, IndexView):
    pass
