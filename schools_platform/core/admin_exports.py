"""Wagtail listing exports with every text cell made spreadsheet-safe.

Wagtail's own list_export does not escape formulae (its security policy treats CSV as plain
data); officers open these files in spreadsheet programs, so every ViewSet here uses this.
"""

from wagtail.admin.views.generic.models import IndexView

from .spreadsheets import safe_cell


class SafeSpreadsheetExportMixin:
    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(super().preprocess_field_value(field, value, export_format))


class SafeExportIndexView(SafeSpreadsheetExportMixin, IndexView):
    pass
