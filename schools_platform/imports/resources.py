"""``PipelineResource``: the django-import-export ModelResource every importer builds on.

It is set up for files of tens of thousands of rows: writes in bulk batches, one query to load
every existing record the file names (composite keys too), foreign keys from a cached lookup,
no per-row diff, and model validation without the per-row queries that ``full_clean`` makes
(unique checks, foreign-key existence, check constraints). Those are covered instead by the key
loader, the lookup widgets, and ``validate_row`` for cross-field rules.
"""

import operator

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils import timezone
from import_export.fields import NOT_PROVIDED
from import_export.instance_loaders import BaseInstanceLoader
from import_export.resources import ModelResource
from import_export.results import RowResult
from import_export.widgets import ManyToManyWidget

PROGRESS_EVERY = 500
_UNSEEN = object()
_INVALID = object()
_QUERY_CHUNK = 900  # below SQLite's bound-parameter limit


class KeyedInstanceLoader(BaseInstanceLoader):
    """Loads the existing records for every key in the file up front; any number of key fields.

    A row whose key cells cannot be read is treated as new here; its own validation reports the
    bad cell. Keys seen on more than one row are kept in ``duplicates``.
    """

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.id_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
        model_meta = resource._meta.model._meta
        self.attnames = [model_meta.get_field(f.attribute).attname for f in self.id_fields]
        self.columns = [f.column_name for f in self.id_fields]
        self._raw_of = operator.itemgetter(*self.columns)
        self.keys_by_raw: dict[tuple, tuple | None] = {}
        self._parts: list[dict] = [{} for _ in self.id_fields]
        self.instances: dict[tuple, models.Model] = {}
        self.duplicates: dict[tuple, list[int]] = {}
        if dataset is None or not all(c in dataset.headers for c in self.columns):
            return
        positions = [dataset.headers.index(c) for c in self.columns]
        first_index: dict[tuple, int] = {}
        for index, values in enumerate(dataset):
            raw = tuple(values[p] for p in positions)
            key = self._key_for_raw(raw)
            if key is None:
                continue
            if key in first_index:
                self.duplicates.setdefault(key, [first_index[key]]).append(index)
            else:
                first_index[key] = index
        self._load(list(first_index))
        resource.key_loader = self

    def _key_for_raw(self, raw: tuple):
        key = self.keys_by_raw.get(raw, _UNSEEN)
        if key is _UNSEEN:
            parts = tuple(
                [
                    cache[value] if value in cache else self._part(i, value)
                    for i, (cache, value) in enumerate(zip(self._parts, raw, strict=True))
                ]
            )
            key = None if _INVALID in parts else parts
            self.keys_by_raw[raw] = key
        return key

    def _part(self, position: int, raw):
        # Cached per cell value: a file repeats its few URNs, years and codes many times.
        cache = self._parts[position]
        part = cache.get(raw, _UNSEEN)
        if part is _UNSEEN:
            field = self.id_fields[position]
            try:
                value = field.clean({field.column_name: raw})
            except (ValueError, ValidationError):
                value = None
            part = value.pk if isinstance(value, models.Model) else value
            if part in (None, ""):
                part = _INVALID
            cache[raw] = part
        return part

    def _load(self, keys: list[tuple]) -> None:
        if not keys:
            return
        value_sets = [sorted({key[i] for key in keys}) for i in range(len(self.attnames))]
        # Chunk on the most varied key part; the others narrow the query if small enough.
        widest = max(range(len(value_sets)), key=lambda i: len(value_sets[i]))
        narrow = {
            f"{name}__in": values
            for i, (name, values) in enumerate(zip(self.attnames, value_sets, strict=True))
            if i != widest and len(values) <= _QUERY_CHUNK
        }
        queryset = self.resource.get_queryset().filter(**narrow)
        column = self.attnames[widest]
        for start in range(0, len(value_sets[widest]), _QUERY_CHUNK):
            chunk = value_sets[widest][start : start + _QUERY_CHUNK]
            for instance in queryset.filter(**{f"{column}__in": chunk}):
                self.instances[tuple(getattr(instance, a) for a in self.attnames)] = instance

    def key_for_row(self, row) -> tuple | None:
        try:
            raw = self._raw_of(row)
        except KeyError:
            return None
        return self._key_for_raw(raw if len(self.columns) > 1 else (raw,))

    def get_instance(self, row):
        key = self.key_for_row(row)
        return None if key is None else self.instances.get(key)


class LeanRowResult(RowResult):
    def add_instance_info(self, instance):
        # The library keeps str(instance) per row for Django admin's log; the pipeline keeps
        # counts and row errors instead.
        self.object_id = getattr(instance, "pk", None)


class PipelineResource(ModelResource):
    """Subclass with ``Meta.model``, ``import_id_fields`` and explicit ``Field`` declarations.

    Field names must be model attribute names and ``column_name`` the header in the file.
    Override ``validate_row`` for rules that span fields.
    """

    class Meta:
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        instance_loader_class = KeyedInstanceLoader

    def __init__(self, **kwargs):
        self._import_fields = None
        self._plain_fields = self._complex_fields = None
        super().__init__(**kwargs)
        self.key_loader = None
        self.row_numbers = None
        self._snapshot = None
        self._rows_done = 0
        model_meta = self._meta.model._meta
        self._auto_now = [
            f.attname for f in model_meta.concrete_fields if getattr(f, "auto_now", False)
        ]
        self._compared = []
        self._validated_fields = []
        for field in self.get_import_fields():
            if field.attribute and "__" not in field.attribute and not field.readonly:
                model_field = model_meta.get_field(field.attribute)
                self._compared.append(model_field.attname)
                self._validated_fields.append(model_field)

    def _field_plan(self, row):
        """The plain fields whose column is in the file (the same for every row)."""
        if self._plain_fields is None:
            self._plain_fields, self._complex_fields = [], []
            for field in self.get_import_fields():
                if not field.attribute or field.readonly:
                    continue
                if "__" in field.attribute or isinstance(field.widget, ManyToManyWidget):
                    self._complex_fields.append(field)
                elif field.column_name in row:
                    self._plain_fields.append(field)
        return self._plain_fields

    def get_instance(self, instance_loader, row):
        # The key loader copes with missing key columns itself.
        return instance_loader.get_instance(row)

    def get_row_result_class(self):
        return LeanRowResult

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

    def file_row_number(self, index: int) -> int:
        """Row number in the uploaded file of the dataset row at ``index`` (0-based)."""
        if self.row_numbers is not None:
            return self.row_numbers[index]
        return index + 2

    def validate_row(self, instance) -> None:
        """Raise ValidationError({attribute: message}) for rules that span fields."""

    def notes(self) -> list[str]:
        """What the import does beyond its rows, shown with the dry run's counts."""
        return []

    # --- django-import-export hooks ---------------------------------------------------------

    def before_import(self, dataset, **kwargs):
        self.row_numbers = kwargs.get("row_numbers")
        self._rows_done = 0

    def after_init_instance(self, instance, new, row, **kwargs):
        self._snapshot = None if new else self._values(instance)

    def _values(self, instance) -> tuple:
        return tuple(getattr(instance, name) for name in self._compared)

    def import_instance(self, instance, row, **kwargs):
        # Field.save for plain attributes, without its per-cell bookkeeping (hot at 20k rows).
        errors = {}
        for field in self._field_plan(row):
            try:
                value = field.widget.clean(row[field.column_name], row=row, **kwargs)
            except ValueError as error:
                errors[field.attribute] = ValidationError(str(error), code="invalid")
                continue
            if field.default is not NOT_PROVIDED and value in field.empty_values:
                value = field.default() if callable(field.default) else field.default
            if value is not None or field.saves_null_values:
                setattr(instance, field.attribute, value)
        for field in self._complex_fields:
            if field.column_name in row:
                try:
                    self.import_field(field, instance, row, **kwargs)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        loader = self.key_loader
        if loader is not None and loader.duplicates:
            key = loader.key_for_row(row)
            if key in loader.duplicates:
                rows = ", ".join(str(self.file_row_number(i)) for i in loader.duplicates[key])
                attribute = self.fields[self.get_import_id_fields()[0]].attribute
                errors.setdefault(attribute, []).append(
                    ValidationError(f"The same record appears on rows {rows}; keep only one.")
                )
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # Counted as "unchanged". Bad rows are never skipped, so they are always reported.
        if import_validation_errors or self._snapshot is None:
            return False
        return self._values(instance) == self._snapshot

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        # Model.clean_fields for the imported fields, minus to_python (the widgets have typed
        # the values) and minus foreign keys, whose Field.validate queries for each row (the
        # lookup widgets found them).
        for model_field in self._validated_fields:
            name = model_field.name
            if name in errors:
                continue
            value = getattr(instance, model_field.attname)
            if model_field.blank and value in model_field.empty_values:
                continue
            try:
                if model_field.is_relation:
                    if value is None:
                        model_field.validate(value, instance)
                    continue
                model_field.validate(value, instance)
                model_field.run_validators(value)
            except ValidationError as error:
                errors[name] = error.error_list
        if not errors:
            try:
                instance.clean()
                self.validate_row(instance)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        # bulk_update skips Field.pre_save, so auto_now fields would keep their old time.
        if instance.pk is not None:
            for attname in self._auto_now:
                setattr(instance, attname, timezone.now())

    def get_bulk_update_fields(self):
        names = [
            f.attribute
            for f in self.get_import_fields()
            if f.attribute and "__" not in f.attribute and not f.readonly
        ]
        names = [n for n in names if n not in self.get_import_id_fields()]
        names += [
            f.name for f in self._meta.model._meta.concrete_fields if getattr(f, "auto_now", False)
        ]
        return names

    def import_row(self, row, instance_loader, **kwargs):
        row_result = super().import_row(row, instance_loader, **kwargs)
        self._rows_done += 1
        progress = kwargs.get("progress")
        if progress is not None and self._rows_done % PROGRESS_EVERY == 0:
            progress(self._rows_done)
        return row_result

    # The dry run validates every row in Python; inserting and rolling back would double its
    # cost without catching anything the key loader and validation do not already catch.
    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.create_instances.clear()
            return
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size, result)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.update_instances.clear()
            return
        super().bulk_update(using_transactions, dry_run, raise_errors, batch_size, result)

    def bulk_delete(self, using_transactions, dry_run, raise_errors, result=None):
        if dry_run:
            self.delete_instances.clear()
            return
        super().bulk_delete(using_transactions, dry_run, raise_errors, result)
