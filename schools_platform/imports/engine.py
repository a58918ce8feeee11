"""Checking and writing an importer's rows a column at a time.

The pipeline deliberately bypasses django-import-export's per-row import loop
(``Resource.import_data``). That loop builds a row dict, calls every widget, builds an instance,
validates it and keeps a RowResult for each row, and the pipeline needs it twice (the dry run,
then the confirmed import): for the 21,000-row pupil census it cost 4.5 times a plain
``bulk_create`` (bench/bench_import.py). The Resource is still the one place a module declares
its columns: its ``Field``s give the column names, model attributes, widgets and defaults,
``Meta.import_id_fields`` the key, ``Meta.batch_size`` the write batches and ``get_queryset`` the
existing records; ``PipelineResource`` adds the hooks ``prepare``, ``validate_row`` and
``notes``. Exports still go through the library.

How it is quicker without checking less:

* each column is cleaned once per distinct cell value (a census file repeats its few years,
  categories and URNs thousands of times) by the field's widget, and the model field's own
  validation (choices, null/blank, validators such as "greater than or equal to 0") runs once
  per distinct cleaned value too;
* every existing record the file names is loaded in one pass, keyed by ``import_id_fields``;
* new records are built in one pass and written with ``bulk_create``, changed ones with
  ``bulk_update``, in batches, inside the caller's transaction.

The dry run and the confirmed import run the same checks (the second time from the stored file
whose SHA-256 the job recorded), so a row that became invalid in between -- a school deleted
meanwhile -- is still reported by its row number and nothing is written. What only the database
can see (someone else adding the same record meanwhile) makes it refuse the write; the caller's
transaction then rolls everything back and ``ImportRefused`` says why.
"""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import DatabaseError, connections, models
from django.db.models import DEFERRED
from django.utils import timezone
from import_export.fields import NOT_PROVIDED
from import_export.widgets import ManyToManyWidget

from schools_platform.core.search import derived_fields

logger = logging.getLogger(__name__)

QUERY_CHUNK = 900  # below SQLite's bound-parameter limit
_KEEP = object()  # a cell whose value is not saved (Field.saves_null_values=False)


class ImportRefused(Exception):
    """The database refused the rows; the message is for the officer."""


class _CellError:
    """The result of cleaning a cell that cannot be used: the messages for the officer."""

    __slots__ = ("messages",)

    def __init__(self, messages):
        self.messages = list(messages)


def _shown(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass
class Checked:
    """What the rows of a file would do, and every problem found, by 0-based row index."""

    total: int
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    # row index -> [(model attribute, message)], in the order the rows appear
    errors: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    to_create: list = field(default_factory=list)
    # changed rows grouped by the fields that changed, so each UPDATE sets only those
    to_update: dict[tuple[str, ...], list] = field(default_factory=dict)

    @property
    def invalid(self) -> int:
        return len(self.errors)


@dataclass
class _Column:
    field: object  # import_export.fields.Field
    model_field: models.Field
    position: int  # in the file's headers
    cleaned: list = None


def _plan(resource, headers: list[str]) -> list[_Column]:
    """The resource's import fields whose column is in the file, as model fields."""
    model_meta = resource._meta.model._meta
    positions = {name: i for i, name in enumerate(headers)}
    columns = []
    for import_field in resource.get_import_fields():
        if not import_field.attribute or import_field.readonly:
            continue
        if "__" in import_field.attribute or isinstance(import_field.widget, ManyToManyWidget):
            raise ImproperlyConfigured(
                f"{type(resource).__name__}.{import_field.attribute}: the import pipeline "
                "writes the model's own fields and foreign keys only; mark it readonly."
            )
        if import_field.column_name not in positions:
            continue
        columns.append(
            _Column(
                field=import_field,
                model_field=model_meta.get_field(import_field.attribute),
                position=positions[import_field.column_name],
            )
        )
    return columns


def _clean_cell(import_field, model_field, raw, row):
    """The value of one cell for the model, or _CellError. Widget first, then the model
    field's checks (Model.clean_fields without to_python, which the widget has done)."""
    try:
        value = import_field.widget.clean(raw, row=row)
    except ValueError as error:
        return _CellError([str(error)])
    except ValidationError as error:
        return _CellError(error.messages)
    except DatabaseError:
        raise  # not the cell's fault, and the transaction may be unusable now
    except Exception as error:  # a third-party widget's own exception: still a row problem
        logger.warning("Widget for %r raised %r", import_field.column_name, error)
        return _CellError([f"'{_shown(raw)}' cannot be read ({type(error).__name__})."])
    if import_field.default is not NOT_PROVIDED and value in import_field.empty_values:
        default = import_field.default
        value = default() if callable(default) else default
    if value is None and not import_field.saves_null_values:
        return _KEEP
    if model_field.blank and value in model_field.empty_values:
        return value
    try:
        if model_field.is_relation:
            # A found object exists (the lookup widget found it); only a missing one is checked,
            # because ForeignKey.validate queries the database for each value.
            if value is None:
                model_field.validate(value, None)
        else:
            model_field.validate(value, None)
            model_field.run_validators(value)
    except ValidationError as error:
        return _CellError(error.messages)
    return value


def _clean_column(column: _Column, rows: list[list], headers: list[str]) -> None:
    import_field = column.field
    widget = import_field.widget
    position = column.position
    raw_values = [row[position] for row in rows]
    default = import_field.default
    per_row_default = default is not NOT_PROVIDED and callable(default)
    by_value = getattr(widget, "cleans_by_value", False) and not per_row_default
    if not by_value:
        # A widget that may read other cells of the row gets the row, one cell at a time.
        column.cleaned = [
            _clean_cell(import_field, column.model_field, raw, dict(zip(headers, row, strict=True)))
            for raw, row in zip(raw_values, rows, strict=True)
        ]
        return
    # One result per distinct cell, shared by the rows that repeat it (widgets return values
    # nobody mutates: text, numbers, dates, looked-up records). Cells are told apart by type
    # as well as value: True, 1 and 1.0 are equal in Python but clean differently.
    keys = [raw if raw.__class__ is str else (raw.__class__, raw) for raw in raw_values]
    distinct = dict(zip(keys, raw_values, strict=True))
    prepare = getattr(widget, "prepare", None)
    if prepare is not None:
        prepare(list(distinct.values()))
    results = {
        key: _clean_cell(import_field, column.model_field, raw, None)
        for key, raw in distinct.items()
    }
    column.cleaned = [results[key] for key in keys]


def _key_part(value):
    if value is None or value == "" or value is _KEEP or value.__class__ is _CellError:
        return None
    return value.pk if isinstance(value, models.Model) else value


def _load_existing(resource, attnames: list[str], keys) -> dict[tuple, models.Model]:
    """Every existing record with one of the keys, in a few queries whatever the row count."""
    if not keys:
        return {}
    value_sets = [sorted({key[i] for key in keys}) for i in range(len(attnames))]
    # Chunk on the most varied key part; the others narrow the query if small enough.
    widest = max(range(len(value_sets)), key=lambda i: len(value_sets[i]))
    narrow = {
        f"{name}__in": values
        for i, (name, values) in enumerate(zip(attnames, value_sets, strict=True))
        if i != widest and len(values) <= QUERY_CHUNK
    }
    queryset = resource.get_queryset().filter(**narrow)
    column = attnames[widest]
    found = {}
    for start in range(0, len(value_sets[widest]), QUERY_CHUNK):
        chunk = value_sets[widest][start : start + QUERY_CHUNK]
        for instance in queryset.filter(**{f"{column}__in": chunk}):
            found[tuple(getattr(instance, a) for a in attnames)] = instance
    return found


def _instance_builder(model, columns: list[_Column]):
    """A function from a row's cleaned values (in column order) to a new, unsaved instance.

    Positional arguments, one per concrete field, are Model.__init__'s quick path; fields that
    are not in the file get their default as Model.__init__ would (a callable one per row).
    """
    concrete = model._meta.concrete_fields
    slot_of = {f.attname: i for i, f in enumerate(concrete)}
    template, per_row_defaults = [], []
    for i, model_field in enumerate(concrete):
        if model_field.generated:
            template.append(DEFERRED)
        elif model_field.has_default() and callable(model_field.default):
            per_row_defaults.append((i, model_field.get_default))
            template.append(None)
        else:
            template.append(model_field.get_default())  # the same shared object, as Django does
    plain, related = [], []
    for j, column in enumerate(columns):
        slot = slot_of[column.model_field.attname]
        (related if column.model_field.is_relation else plain).append((slot, j))
    cache_related = [(j, columns[j].model_field) for _slot, j in related]

    def build(values):
        args = template.copy()
        for slot, default in per_row_defaults:
            args[slot] = default()
        for slot, j in plain:
            value = values[j]
            if value is not _KEEP:
                args[slot] = value
        for slot, j in related:
            value = values[j]
            if value is not _KEEP:
                args[slot] = None if value is None else value.pk
        instance = model(*args)
        for j, model_field in cache_related:
            value = values[j]
            if value is not None and value is not _KEEP:
                model_field.set_cached_value(instance, value)  # reading it costs no query
        return instance

    return build


PROGRESS_EVERY = 1000  # rows between two calls of check()'s progress callback


def check(resource, parsed, progress=None) -> Checked:
    """Every row cleaned and validated, with what it would do. Writes nothing itself.

    ``progress(rows_checked)`` is called every PROGRESS_EVERY rows of the row-by-row phase."""
    rows, headers, numbers = parsed.rows, parsed.headers, parsed.row_numbers
    checked = Checked(total=len(rows))
    columns = _plan(resource, headers)
    for column in columns:
        _clean_column(column, rows, headers)
    model = resource._meta.model
    attributes = [c.field.attribute for c in columns]
    attnames = [c.model_field.attname for c in columns]
    errors = checked.errors
    for j, column in enumerate(columns):
        for i, value in enumerate(column.cleaned):
            if value.__class__ is _CellError:
                errors.setdefault(i, []).extend((attributes[j], m) for m in value.messages)

    # The key of each row; a row whose key cells are bad is treated as new (its cells say why).
    id_fields = [resource.fields[name] for name in resource.get_import_id_fields()]
    key_attnames = [model._meta.get_field(f.attribute).attname for f in id_fields]
    key_columns = [attnames.index(a) for a in key_attnames if a in attnames]
    row_keys: list[tuple | None] = [None] * len(rows)
    if len(key_columns) == len(key_attnames):
        part_columns = [[_key_part(v) for v in columns[j].cleaned] for j in key_columns]
        first_row: dict[tuple, int] = {}
        duplicates: dict[tuple, list[int]] = {}
        for i, key in enumerate(zip(*part_columns, strict=True)):
            if None in key:
                continue
            row_keys[i] = key
            if key in first_row:
                duplicates.setdefault(key, [first_row[key]]).append(i)
            else:
                first_row[key] = i
        duplicate_attribute = id_fields[0].attribute
        for indexes in duplicates.values():
            shown = ", ".join(str(numbers[i]) for i in indexes)
            message = f"The same record appears on rows {shown}; keep only one."
            for i in indexes:
                errors.setdefault(i, []).append((duplicate_attribute, message))
        existing = _load_existing(resource, key_attnames, list(first_row))
    else:
        existing = {}

    build = _instance_builder(model, columns)
    model_clean = model.clean is not models.Model.clean  # Model.clean does nothing
    compared = list(enumerate(zip(attributes, attnames, columns, strict=True)))
    cleaned_columns = [c.cleaned for c in columns]
    for i, values in enumerate(zip(*cleaned_columns, strict=True)):
        if progress is not None and i and not i % PROGRESS_EVERY:
            progress(i)
        bad = i in errors
        if bad:
            continue  # its cell errors are its report; the rules across cells need good cells
        instance = existing.get(row_keys[i]) if row_keys[i] is not None else None
        is_new = instance is None
        changed = []
        if is_new:
            instance = build(values)
        else:
            for j, (attribute, attname, column) in compared:
                value = values[j]
                if value is _KEEP:
                    continue
                current = getattr(instance, attname)
                wanted = value.pk if column.model_field.is_relation and value is not None else value
                if current != wanted:
                    changed.append(attribute)
                    setattr(instance, attribute, value)
        try:
            if model_clean:
                instance.clean()
            resource.validate_row(instance)
        except ValidationError as error:
            for attribute, messages in error.update_error_dict({}).items():
                for message in ValidationError(messages).messages:
                    errors.setdefault(i, []).append((attribute, message))
            continue
        if is_new:
            checked.new += 1
            checked.to_create.append(instance)
        elif changed:
            checked.updated += 1
            checked.to_update.setdefault(tuple(changed), []).append(instance)
        else:
            checked.unchanged += 1
    checked.errors = dict(sorted(errors.items()))
    return checked


def write(resource, checked: Checked, progress=None) -> None:
    """Insert the new rows and update the changed ones, in batches, in the caller's transaction.

    Raises ImportRefused when the database refuses a batch; the caller rolls back everything.
    """
    model = resource._meta.model
    manager = model._default_manager
    batch = resource._meta.batch_size or 1000
    done = checked.unchanged
    try:
        for start in range(0, len(checked.to_create), batch):
            part = checked.to_create[start : start + batch]
            manager.bulk_create(part)
            done += len(part)
            if progress is not None:
                progress(done)
        # bulk_update skips Field.pre_save, so auto_now fields would keep their old time and
        # stored search copies (core.search.NormalisedTextField) their old text.
        auto_now = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        now = timezone.now()
        for changed, instances in checked.to_update.items():
            derived = derived_fields(model, changed)
            for instance in instances:
                for auto_field in auto_now:
                    setattr(instance, auto_field.attname, now)
                for derived_field in derived:
                    derived_field.pre_save(instance, add=False)
            fields = [*changed, *(f.name for f in auto_now), *(f.name for f in derived)]
            for start in range(0, len(instances), batch):
                part = instances[start : start + batch]
                _update_rows(manager, part, fields)
                done += len(part)
                if progress is not None:
                    progress(done)
    except DatabaseError as error:
        logger.warning("%s import refused by the database: %r", model.__name__, error)
        reason = (str(error).strip().splitlines() or [""])[0][:200]
        raise ImportRefused(
            f"The database refused the rows ({type(error).__name__}: {reason}). The records "
            "may have changed since the file was checked; check the file again and confirm. "
            "Nothing has been imported."
        ) from error


MAX_PARAMETERS = 30000  # per UPDATE ... FROM (VALUES ...): well below either database's limit


def _update_rows(manager, instances: list, fields: list[str]) -> None:
    """``fields`` of ``instances`` written in one ``UPDATE ... FROM (VALUES ...)`` per batch on
    PostgreSQL and SQLite (3.33 and later); elsewhere ``bulk_update``. Django's
    ``bulk_update`` builds a CASE expression with a WHEN for every row and field, which cost
    about 9 s for 3,500 staff records on a loaded machine (bench/bench_cpd_import.py); the
    values are prepared by each field as ``bulk_update`` prepares them
    (``get_db_prep_save``), and PostgreSQL casts each to its column's type."""
    connection = connections[manager.db]
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite") or (
        vendor == "sqlite" and connection.Database.sqlite_version_info < (3, 33)
    ):
        manager.bulk_update(instances, fields)
        return
    meta = manager.model._meta
    pk = meta.pk
    targets = [meta.get_field(name) for name in fields]
    qn = connection.ops.quote_name
    columns = [qn(pk.column), *(qn(f.column) for f in targets)]
    if vendor == "postgresql":
        cells = [f"CAST(%s AS {f.db_type(connection)})" for f in [pk, *targets]]
    else:
        cells = ["%s"] * len(columns)
    row = "(" + ", ".join(cells) + ")"
    assignments = ", ".join(f"{qn(f.column)} = v.{qn(f.column)}" for f in targets)
    table = qn(meta.db_table)
    # VALUES names its columns column1, column2, ... in both databases.
    named = ", ".join(f"column{i} AS {c}" for i, c in enumerate(columns, 1))
    per_statement = max(1, MAX_PARAMETERS // len(columns))
    with connection.cursor() as cursor:
        for start in range(0, len(instances), per_statement):
            part = instances[start : start + per_statement]
            params = []
            for instance in part:
                params.append(pk.get_db_prep_save(instance.pk, connection))
                params.extend(
                    f.get_db_prep_save(getattr(instance, f.attname), connection) for f in targets
                )
            # Only names from the model's meta (quoted) and placeholders are formatted in.
            values = ", ".join([row] * len(part))
            cursor.execute(
                f"UPDATE {table} SET {assignments} "  # noqa: S608
                f"FROM (SELECT {named} FROM (VALUES {values}) AS x) AS v "
                f"WHERE {table}.{columns[0]} = v.{columns[0]}",
                params,
            )


def row_errors(resource, parsed, checked: Checked) -> list[dict]:
    """The problems as the job keeps them: [{"row": 7, "column": "URN", "message": ...}]."""
    return [
        {
            "row": parsed.row_numbers[i],
            "column": resource.column_for(attribute),
            "message": message,
        }
        for i, problems in checked.errors.items()
        for attribute, message in problems
    ]
