"""The one text search of the platform: every search box filters through ``search``.

A query matches when each of its words is in one of the fields, compared after
``core.text.normalise`` on both sides: accents, case and the kind of apostrophe, quote or dash
do not matter ("Therese" finds "Thérèse", "O'Reilly" finds "O’Reilly"). A query of digits also
matches a number field (a URN) that starts with it.

A field is compared through its stored normalised copy when it is a ``NormalisedTextField``
(kept by the model: ``pre_save`` sets it on save() and bulk_create; the import engine also
refreshes it on bulk_update), otherwise through ``Normalised``, the same normalisation in SQL:
a Python function registered on each SQLite connection, built-in string functions on
PostgreSQL. Large tables that are searched often should have a stored copy.
"""

from django.db import models
from django.db.backends.signals import connection_created
from django.db.models import F, Q
from django.db.models.lookups import Contains

from .text import APOSTROPHES, DASHES, QUOTES, normalise

SQLITE_FUNCTION = "platform_normalise"


class NormalisedTextField(models.TextField):
    """``normalise`` of ``source_fields`` joined by spaces; not edited, set on every save."""

    def __init__(self, *args, source_fields=(), **kwargs):
        self.source_fields = tuple(source_fields)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source_fields"] = self.source_fields
        for key, value in (("editable", False), ("blank", True), ("default", "")):
            if kwargs.get(key, value) == value:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def value_for(self, instance) -> str:
        return normalise(" ".join(str(getattr(instance, f) or "") for f in self.source_fields))

    def pre_save(self, instance, add):
        value = self.value_for(instance)
        setattr(instance, self.attname, value)
        return value


def derived_fields(model, changed) -> list[NormalisedTextField]:
    """The stored search copies on ``model`` that depend on any of the ``changed`` field names;
    for bulk_update, which skips pre_save."""
    changed = set(changed)
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, NormalisedTextField) and changed.intersection(f.source_fields)
    ]


_COMBINING = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
_FOLD_FROM = APOSTROPHES + QUOTES + DASHES
_FOLD_TO = "'" * len(APOSTROPHES) + '"' * len(QUOTES) + "-" * len(DASHES)


class Normalised(models.Func):
    """``normalise(expression)`` computed by the database, for fields with no stored copy.

    On PostgreSQL runs of whitespace are kept (search terms have none), so it equals
    ``normalise`` up to whitespace. There it costs about 4 ms per 1,000 ASCII values and 30 ms
    per 1,000 others: a table searched often at scale wants a stored copy."""

    function = SQLITE_FUNCTION
    output_field = models.TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        # Printable ASCII (most names) only needs lower case and ` as '; anything else: fold
        # punctuation, lower case, NFKD, drop combining marks (seven times slower). Runs of
        # whitespace are kept: a query's words never contain any.
        text = f"COALESCE(({sql})::text, '')"
        template = (
            f"(CASE WHEN {text} ~ '^[ -~]*$' THEN translate(lower({text}), '`', %s) "
            f"ELSE regexp_replace(normalize(replace(lower(translate({text}, %s, %s)), "
            f"'ß', 'ss'), NFKD), %s, '', 'g') END)"
        )
        return template, [*params, *params, "'", *params, _FOLD_FROM, _FOLD_TO, _COMBINING]


def _register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, normalise, deterministic=True)


connection_created.connect(_register_sqlite_function, dispatch_uid="core.search.normalise")

_NUMBER_TYPES = (models.IntegerField, models.AutoField, models.DecimalField)


def _field(model, path: str):
    for part in path.split("__")[:-1]:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(path.split("__")[-1])


def search(queryset, query: str, *, fields) -> models.QuerySet:
    """The rows of ``queryset`` that match ``query`` (see the module docstring); all of them
    when the query is blank. ``fields`` are field names, relations followed with ``__``."""
    terms = normalise(query).split()
    if not terms:
        return queryset
    digits = str(query).strip()
    text_columns, number_fields = [], []
    for name in fields:
        field = _field(queryset.model, name)
        if isinstance(field, _NUMBER_TYPES):
            number_fields.append(name)
        elif isinstance(field, NormalisedTextField):
            text_columns.append(F(name))
        else:
            text_columns.append(Normalised(F(name)))
    condition = Q(pk__in=[])  # nothing, until a field can match
    if text_columns:
        condition = Q()
        for term in terms:
            any_field = Q()
            for column in text_columns:
                any_field |= Q(Contains(column, term))
            condition &= any_field
    if digits.isdigit():
        for name in number_fields:
            condition |= Q(**{f"{name}__startswith": digits})
    return queryset.filter(condition)
