import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from schools_platform.core.forms import GovukFormMixin
from schools_platform.registry.models import School

from ..models import AppealRound
from .models import WEEKDAYS, Mode
from .solver import DEFAULT_WEIGHTS

WEIGHT_LABELS = {
    "unstaffed": "A block left without a panel",
    "max_load": "The most sittings any member has",
    "below_minimum": "Each sitting a member falls short of the minimum",
    "minimum_sittings": "Minimum sittings per member (a number of sittings, not a weight)",
    "same_school": "Each sitting beyond two with the same school in a year",
    "repeated_trio": "A panel that repeats a trio from the last year",
    "inexperienced_chair": "A complex block chaired by someone not yet experienced",
    "new_unpaired": "A new member with no experienced member beside them",
    "travel": "An in-person seat outside the member's travel area",
    "clerk_continuity": "Each clerk a school's blocks use",
    "preference": "Each member's wish a seat goes against (their preferences page)",
    "diversity": "A panel alike in travel area (off when 0)",
    "change": "Re-planning: each seat changed from the saved roster",
}


class PlainSelect(forms.Select):
    """A select whose options are written in one pass, not a template each: a large
    authority's scope list has hundreds of rounds. The same markup as Django's Select."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (v, mark_safe(" selected") if str(v) in chosen else "", label)
                for v, label in self.choices
            ),
        )
        final = self.build_attrs(self.attrs, attrs) | {"name": name}
        return format_html("<select{}>{}</select>", flatatt(final), options)


class RunForm(forms.Form):
    scope = forms.ChoiceField(
        label="What to staff",
        widget=PlainSelect(attrs={"class": "govuk-select"}),
        help_text="A whole season, or one school's round.",
    )
    time_limit = forms.IntegerField(
        label="Time limit in seconds",
        min_value=1,
        max_value=600,
        initial=60,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
    )

    def __init__(self, *args, defaults=None, time_limit=60, **kwargs):
        super().__init__(*args, **kwargs)
        rounds = AppealRound.objects.select_related("school").order_by(
            "-academic_year", "school__name"
        )
        rounds = rounds.only("academic_year", "year_group", "kind", "school__name")
        years = sorted({r.academic_year for r in rounds}, reverse=True)
        self.fields["scope"].choices = [
            (f"season:{y}", f"Every block of {y}/{(y + 1) % 100:02d}") for y in years
        ] + [(f"round:{r.pk}", str(r)) for r in rounds]
        self.fields["time_limit"].initial = time_limit
        defaults = defaults or DEFAULT_WEIGHTS
        for key in DEFAULT_WEIGHTS:
            self.fields[f"w_{key}"] = forms.IntegerField(
                label=WEIGHT_LABELS[key],
                min_value=0,
                initial=defaults[key],
                required=False,
                widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-5"}),
            )

    def weight_fields(self):
        return [self[f"w_{k}"] for k in DEFAULT_WEIGHTS]

    def weights(self) -> dict:
        return {
            k: self.cleaned_data[f"w_{k}"]
            for k in DEFAULT_WEIGHTS
            if self.cleaned_data.get(f"w_{k}") is not None
        }


class WithdrawForm(forms.Form):
    member = forms.ChoiceField(
        label="Member who withdraws", widget=forms.Select(attrs={"class": "govuk-select"})
    )
    reason = forms.CharField(
        label="Reason", widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"})
    )
    mid_hearing = forms.BooleanField(
        label="The block was part-way through its hearings (re-hear with a new panel)",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "govuk-checkboxes__input"}),
    )

    def __init__(self, *args, seated=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "Choose a member")] + [
            (str(m.pk), m.full_name) for m in seated
        ]


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes. The day box takes the field's id,
    so the error summary's link lands on it; the page wraps it in a fieldset with a legend
    (includes/date_field.html)."""

    PARTS = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs=None):
        super().__init__({part: forms.TextInput() for part, _, _ in self.PARTS}, attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]

    def render(self, name, value, attrs=None, renderer=None):
        attrs = attrs or {}
        base = attrs.get("id") or f"id_{name}"
        values = value if isinstance(value, list | tuple) else self.decompress(value)
        error = " govuk-input--error" if attrs.get("aria-invalid") else ""
        items = format_html_join(
            "",
            '<div class="govuk-date-input__item"><div class="govuk-form-group">'
            '<label class="govuk-label govuk-date-input__label" for="{}">{}</label>'
            '<input class="govuk-input govuk-date-input__input govuk-input--width-{}{}" '
            'id="{}" name="{}_{}" type="text" inputmode="numeric" value="{}"></div></div>',
            (
                (ident, label, width, error, ident, name, part, "" if v is None else v)
                for (part, label, width), v in zip(self.PARTS, values, strict=False)
                for ident in [base if part == "day" else f"{base}-{part}"]
            ),
        )
        return format_html('<div class="govuk-date-input" id="{}-date">{}</div>', base, items)


class DateFromParts(forms.Field):
    """A date typed in the GOV.UK date input, with GOV.UK's messages naming the field."""

    widget = GovukDateInput

    def __init__(self, *, label, required=True, **kwargs):
        kwargs.setdefault("help_text", "For example, 17 5 2027")
        super().__init__(
            label=label,
            required=required,
            error_messages={"required": f"Enter the {label.lower()}"},
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, dt.date):
            return value
        parts = [str(v or "").strip() for v in (value or ())]
        if not any(parts):
            return None
        missing = [n for n, p in zip(("day", "month", "year"), parts, strict=False) if not p]
        if missing or len(parts) != 3:
            raise ValidationError(f"{self.label} must include a {(missing or ['year'])[0]}")
        try:
            day, month, year = (int(p) for p in parts)
            if year < 1000:
                raise ValueError(year)
            return dt.date(year, month, day)
        except ValueError:
            raise ValidationError(f"{self.label} must be a real date") from None


ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth"]


class MoveForm(GovukFormMixin, forms.Form):
    """The block's new hearing days: the first is needed, the others only for a block of
    more than one day (shown filled in with the block's days now)."""

    reason = forms.CharField(label="Why the block moves", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, days=(), **kwargs):
        super().__init__(*args, **kwargs)
        days = sorted(days)
        reason = self.fields.pop("reason")
        for i in range(min(len(ORDINALS), max(3, len(days)))):
            self.fields[f"day_{i + 1}"] = DateFromParts(
                label=f"{ORDINALS[i]} day" + ("" if i == 0 else " (if the block has one)"),
                required=i == 0,
                initial=days[i] if i < len(days) else None,
            )
        self.fields["reason"] = reason

    def day_fields(self):
        return [self[name] for name in self.fields if name.startswith("day_")]

    def dates(self) -> list:
        return [v for k, v in self.cleaned_data.items() if k.startswith("day_") and v]


class LateAppealForm(GovukFormMixin, forms.Form):
    reference = forms.CharField(label="Appeal reference", max_length=40)
    appellant_name = forms.CharField(label="Appellant's full name", max_length=200)
    child_name = forms.CharField(label="Child's full name", max_length=200)
    lodged_on = DateFromParts(label="Date the appeal was lodged")


class PreferenceForm(forms.Form):
    """A member's own sitting preferences (soft wishes the engine weighs)."""

    avoid_weekdays = forms.TypedMultipleChoiceField(
        label="Weekdays you would rather not sit",
        choices=list(enumerate(WEEKDAYS)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only days you are available on but would rather keep free. "
        "Days you cannot sit at all belong in your availability.",
    )
    avoid_schools = forms.ModelMultipleChoiceField(
        label="Schools you would rather not hear appeals for",
        queryset=School.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For example a school near your home. A connection you must declare "
        "belongs in your declarations, which the checker enforces.",
    )
    mode = forms.ChoiceField(
        label="How you would rather sit",
        choices=Mode.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["avoid_schools"].queryset = (
            schools if schools is not None else School.objects.none()
        )
