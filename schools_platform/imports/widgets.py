"""Cell widgets whose errors are sentences a council officer can act on.

django-import-export's own widgets raise decimal.InvalidOperation or DoesNotExist for bad cells,
which the library reports as a crash of the row rather than as a field error, and its cached
foreign-key widget builds a namedtuple per row. Each widget here raises ValueError with a message
that names the bad value; the pipeline prefixes it with the column name.

Every widget here reads its own cell only (``cleans_by_value = True``), so the pipeline cleans
each distinct value of a column once and reuses the result for every row that repeats it.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from import_export.widgets import CharWidget, DateWidget, ForeignKeyWidget, IntegerWidget, Widget

QUERY_CHUNK = 900  # below SQLite's bound-parameter limit


def _blank(value) -> bool:
    return value is None or value == "" or (value.__class__ is str and value.isspace())


def _shown(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


class TextWidget(CharWidget):
    """Text with surrounding spaces removed; ``required`` refuses a blank cell."""

    cleans_by_value = True

    def __init__(self, *, required=False, upper=False, **kwargs):
        self.required = required
        self.upper = upper
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            if self.required:
                raise ValueError("This cell is blank, but a value is needed.")
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # e.g. an establishment number typed as a number in Excel
        if self.upper:
            return " ".join(str(value).split()).upper()
        return str(value).strip()


class WholeNumberWidget(IntegerWidget):
    cleans_by_value = True

    def __init__(self, *, required=False, **kwargs):
        self.required = required
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            if self.required:
                raise ValueError("This cell is blank, but a whole number is needed.")
            return None
        if isinstance(value, bool):
            raise ValueError(f"'{value}' is not a whole number.")
        if isinstance(value, int):
            return value
        if isinstance(value, str) and len(value) < 13 and value.isascii() and value.isdigit():
            return int(value)
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"'{_shown(value)}' is not a whole number.") from None
        if not number.is_finite() or number != number.to_integral_value():
            raise ValueError(f"'{_shown(value)}' is not a whole number.")
        if abs(number) >= 10**12:
            raise ValueError(f"'{_shown(value)}' is too large.")
        return int(number)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return "" if not kwargs.get("force_native_type") else None
        return value if kwargs.get("force_native_type") else str(value)


class DayMonthYearWidget(DateWidget):
    """Dates as dd-mm-yyyy (GIAS), dd/mm/yyyy (Excel, UK) or yyyy-mm-dd; typed cells as they are."""

    cleans_by_value = True

    def __init__(self, formats=("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"), **kwargs):
        super().__init__(**kwargs)
        self.formats = tuple(formats)  # the first is the export format

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value).strip()
        for fmt in self.formats:
            try:
                return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a date
            except ValueError:
                continue
        raise ValueError(f"'{_shown(value)}' is not a date in the form dd-mm-yyyy.")


class LookupWidget(ForeignKeyWidget):
    """A foreign key found by one field, from a dictionary filled by one query per import."""

    cleans_by_value = True

    def __init__(self, model, field, *, missing="No {model} has {field} '{value}'.", **kwargs):
        self.missing = missing
        self.required = kwargs.pop("required", False)
        super().__init__(model, field=field, **kwargs)
        self._by_key = None
        self._pending = {}

    @staticmethod
    def key(value) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def _lookup(self) -> dict:
        if self._by_key is None:
            self._by_key = {
                self.key(getattr(obj, self.field)): obj for obj in self.get_queryset(None, None)
            }
            self._by_key.update(self._pending)
        return self._by_key

    def reset(self) -> None:
        self._by_key = None
        self._pending = {}

    def add_pending(self, objects) -> None:
        """Unsaved records a dry run would create: found like stored ones, never written."""
        for obj in objects:
            self._pending[self.key(getattr(obj, self.field))] = obj
        if self._by_key is not None:
            self._by_key.update(self._pending)

    def prepare(self, values) -> None:
        """Load only the records a column names (the pipeline passes its distinct cells), in
        a few queries, rather than every record of the model."""
        model_field = self.model._meta.get_field(self.field)
        wanted = set()
        for value in values:
            if _blank(value):
                continue
            try:
                wanted.add(model_field.to_python(self.key(value)))
            except (ValueError, ValidationError):
                continue  # cannot be a stored value, so clean() reports it as not found
        wanted = sorted(wanted, key=str)
        queryset = self.get_queryset(None, None)
        self._by_key = {}
        for start in range(0, len(wanted), QUERY_CHUNK):
            chunk = wanted[start : start + QUERY_CHUNK]
            for obj in queryset.filter(**{f"{self.field}__in": chunk}):
                self._by_key[self.key(getattr(obj, self.field))] = obj
        self._by_key.update(self._pending)

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            if self.required:
                raise ValueError("This cell is blank, but a value is needed.")
            return None
        found = self._lookup().get(self.key(value))
        if found is None:
            raise ValueError(
                self.missing.format(
                    model=self.model._meta.verbose_name, field=self.field, value=_shown(value)
                )
            )
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return None if kwargs.get("force_native_type") else ""
        rendered = getattr(value, self.field)
        return rendered if kwargs.get("force_native_type") else str(rendered)


class ChoiceWidget(Widget):
    """A coded value given as its code or its label, in any letter case."""

    cleans_by_value = True

    def __init__(self, choices, *, required=True, **kwargs):
        self.labels = dict(choices)
        self.by_text = {}
        for code, label in choices:
            self.by_text[self._norm(code)] = code
            self.by_text[self._norm(label)] = code
        self.required = required
        super().__init__(**kwargs)

    @staticmethod
    def _norm(text) -> str:
        return " ".join(str(text).split()).casefold()

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            if self.required:
                raise ValueError("This cell is blank, but a value is needed.")
            return ""
        code = self.by_text.get(self._norm(value))
        if code is None:
            raise ValueError(
                f"'{_shown(value)}' is not a known code or label (for example "
                f"'{next(iter(self.labels))}' or '{next(iter(self.labels.values()))}')."
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else value
