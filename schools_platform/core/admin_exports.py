"""Wagtail listing exports written by the kit's CSV and XLSX writers (core/downloads.py).

Wagtail's own list_export does not escape formulae (its security policy treats CSV as plain
data) and writes CSV without a byte order mark; officers open these files in spreadsheet
programs, so every ViewSet here uses this: the same cells, escaping and BOM as every other
download on the platform.
"""

from wagtail.admin.views.generic.models import IndexView

from . import downloads
from .search import search


class SafeSpreadsheetExportMixin:
    def _export_rows(self, queryset, export_format):
        for item in queryset:
            yield [
                self.preprocess_field_value(field, value, export_format)
                for field, value in self.to_row_dict(item).items()
            ]

    def _export_headings(self, queryset):
        return [self.get_heading(queryset, field) for field in self.list_export]

    def write_csv_response(self, queryset):
        lines = downloads.csv_lines(
            self._export_headings(queryset), self._export_rows(queryset, self.FORMAT_CSV)
        )
        return downloads.streaming_attachment_response(
            lines, f"{self.get_filename()}.csv", downloads.CSV
        )

    def write_xlsx_response(self, queryset):
        sheet = downloads.Sheet(
            "Sheet1",
            self._export_rows(queryset, self.FORMAT_XLSX),
            headers=self._export_headings(queryset),
        )
        return downloads.xlsx_response(f"{self.get_filename()}.xlsx", sheet)


class PlatformSearchMixin:
    """The listing's search box goes through the platform's one search (core.search): accents,
    case and the kind of apostrophe, quote or dash do not matter."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search(queryset, self.search_query, fields=self.search_fields or [])


class SafeExportIndexView(PlatformSearchMixin, SafeSpreadsheetExportMixin, IndexView):
    pass
