"""``PipelineResource``: the django-import-export ModelResource every importer builds on.

The resource declares a module's columns: ``Field``s (column name in the file, model attribute,
widget), ``Meta.import_id_fields`` (the key an import updates by) and ``get_queryset`` (the
records a file is matched against). The pipeline reads those declarations but does not run the
library's per-row ``import_data`` loop: ``engine`` checks and writes whole columns at a time,
which is what makes a 21,000-row file affordable (see engine.py). Exports do use the library
(``Resource.export``).
"""

from django.core.exceptions import NON_FIELD_ERRORS
from import_export.resources import ModelResource


class PipelineResource(ModelResource):
    """Subclass with ``Meta.model``, ``import_id_fields`` and explicit ``Field`` declarations.

    Field names must be model attribute names and ``column_name`` the header in the file; a
    field that follows a relation (``authority__name``) must be ``readonly``. Override
    ``validate_row`` for rules that span fields and ``prepare``/``notes`` for work beyond the
    rows. Widgets with ``cleans_by_value = True`` (all of widgets.py) are called once per
    distinct cell value rather than once per row.
    """

    class Meta:
        batch_size = 1000  # rows per INSERT/UPDATE batch of the confirmed import

    # Set by the pipeline before ``prepare``: a dry run runs outside any transaction and may
    # not write (pipeline.read_only refuses it), so ``prepare`` plans its records instead.
    dry_run = False

    def __init__(self, **kwargs):
        self._import_fields = None
        super().__init__(**kwargs)

    def get_import_fields(self):
        # The library rebuilds this list for every row; it cannot change during an import.
        if self._import_fields is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    # --- what the pipeline asks of every resource ------------------------------------------

    def column_for(self, attribute: str) -> str:
        """The file's column for a model attribute, for error messages."""
        if attribute == NON_FIELD_ERRORS:
            return ""
        for field in self.fields.values():
            if field.attribute == attribute:
                return field.column_name
        return attribute

    def required_columns(self) -> list[str]:
        required = [self.fields[name].column_name for name in self.get_import_id_fields()]
        for field in self.get_import_fields():
            if getattr(field.widget, "required", False) and field.column_name not in required:
                required.append(field.column_name)
        return required

    def prepare(self, parsed) -> None:
        """Called once before the rows are checked; e.g. create the records the rows will
        point at. ``parsed`` is a files.ParsedFile. In a dry run (``self.dry_run``) nothing may
        be written: build the records unsaved and hand them to the lookup widget
        (``LookupWidget.add_pending``) so the rows that name them check as valid."""

    def validate_row(self, instance) -> None:
        """Raise ValidationError({attribute: message}) for rules that span fields.

        Called for each row whose cells are all valid, with the new or updated (unsaved)
        instance; its foreign keys are already loaded, so reading them costs no query.
        """

    def notes(self) -> list[str]:
        """What the import does beyond its rows, shown with the dry run's counts."""
        return []

    def import_data(self, *args, **kwargs):
        # One import path: the pipeline's (engine.py), with its row numbers, duplicate-key
        # checks and all-or-nothing writes. The library's loop would apply none of them.
        raise NotImplementedError(
            "Import through schools_platform.imports.services (upload, then confirm)."
        )
