"""The one equality monitoring form every module embeds, and the data steward's filters.

Embed it in another page with a prefix so its names cannot clash with the host form::

    monitoring = EqualityMonitoringForm(request.POST or None, prefix="equality")
    ...
    {% include "equality/includes/monitoring_fields.html" with monitoring_form=monitoring %}

then, when both forms are valid, pass ``**monitoring.service_kwargs()`` to
``services.record_profile`` (or ``update_profile``).
"""

from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.db.models import Count, Max
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe

from schools_platform.core.forms import GovukFormMixin
from schools_platform.registry.models import School

from .choices import (
    CATEGORY_LABEL,
    ETHNIC_GROUPS,
    ETHNICITY_CATEGORIES,
    ETHNICITY_CHOICES,
    PREFER_NOT_TO_SAY,
    AgeBand,
    Disability,
    Sex,
)
from .models import EqualityProfile, discloses_anything
from .validation import OWN_WORDS_MAX_LENGTH

CONSENT_WORDING = (
    "I agree to the council keeping these answers to check that it treats people fairly. "
    "I understand that I can change or withdraw them at any time."
)
PRIVACY_HINT = (
    "Only the council's named data steward can see your answers. "
    "They are never used to decide on your application."
)
# For people who are not applying for anything (learners, survey respondents, staff).
PRIVACY_HINT_NO_APPLICATION = (
    "Only the council's named data steward can see your answers. "
    "They are never used to make decisions about you."
)


def privacy_hint_for(purpose: str | None) -> str:
    """The "who sees it" hint: application wording only where there is an application."""
    if purpose == EqualityProfile.Purpose.GOVERNOR_APPLICATION:
        return PRIVACY_HINT
    return PRIVACY_HINT_NO_APPLICATION


# Which write-in field goes with each "Any other ..." choice.
OWN_WORDS_FIELDS = {
    "asian_other": "ethnicity_other_asian",
    "black_other": "ethnicity_other_black",
    "mixed_other": "ethnicity_other_mixed",
    "white_other": "ethnicity_other_white",
    "other_any": "ethnicity_other_any",
}
OWN_WORDS_LABELS = {
    "asian_other": "Your Asian background in your own words (optional)",
    "black_other": "Your Black, Black British or Caribbean background in your own words (optional)",
    "mixed_other": "Your mixed or multiple ethnic background in your own words (optional)",
    "white_other": "Your White background in your own words (optional)",
    "other_any": "Your ethnic group in your own words (optional)",
}

WHY = {
    "ethnicity": "Choose the option that best describes your ethnic group or background. "
    "We ask so the council can check that people of every ethnic background are treated "
    "fairly and are represented.",
    "sex": "We ask so the council can check that women and men are treated fairly and are "
    "represented.",
    "age_band": "We ask so the council can check that people of every age are treated fairly "
    "and are represented.",
    "disability": "The Equality Act 2010 counts you as disabled if a physical or mental "
    "condition has a substantial, long-term effect on your normal day-to-day activities. "
    "We ask so the council can check that disabled people are treated fairly and are "
    "represented.",
}
QUESTION_LABELS = {
    "ethnicity": "What is your ethnic group?",
    "sex": "What is your sex?",
    "age_band": "What is your age?",
    "disability": "Do you consider yourself to be disabled?",
}
NO_ANSWER_ERROR = "Answer at least one question, or choose “Prefer not to say”, before you continue"
CONSENT_ERROR = (
    "Tick the box to agree to the council keeping your answers, or choose "
    "“Prefer not to say” for each question you answered"
)


def _radio(choices, name: str):
    return forms.ChoiceField(
        label=QUESTION_LABELS[name],
        choices=choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": f"Choose one of the listed answers to “{QUESTION_LABELS[name]}”"
        },
    )


class EqualityMonitoringForm(forms.Form):
    """Ethnicity (2021 Census, 19 categories in 5 groups), sex, age band, disability, consent.

    Every question is optional and offers "Prefer not to say". Consent is needed as soon as
    any answer other than "Prefer not to say" is given.
    """

    ethnicity = _radio(ETHNICITY_CHOICES, "ethnicity")
    ethnicity_other_asian = forms.CharField(required=False, max_length=OWN_WORDS_MAX_LENGTH)
    ethnicity_other_black = forms.CharField(required=False, max_length=OWN_WORDS_MAX_LENGTH)
    ethnicity_other_mixed = forms.CharField(required=False, max_length=OWN_WORDS_MAX_LENGTH)
    ethnicity_other_white = forms.CharField(required=False, max_length=OWN_WORDS_MAX_LENGTH)
    ethnicity_other_any = forms.CharField(required=False, max_length=OWN_WORDS_MAX_LENGTH)
    sex = _radio(Sex.choices, "sex")
    age_band = _radio(AgeBand.choices, "age_band")
    disability = _radio(Disability.choices, "disability")
    consent = forms.BooleanField(label="Your agreement", required=False)

    def __init__(
        self,
        *args,
        consent_wording: str = CONSENT_WORDING,
        privacy_hint: str = PRIVACY_HINT,
        require_an_answer: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.consent_wording = consent_wording
        self.privacy_hint = privacy_hint
        self.require_an_answer = require_an_answer
        for code, name in OWN_WORDS_FIELDS.items():
            field = self.fields[name]
            field.label = OWN_WORDS_LABELS[code]
            field.error_messages["max_length"] = (
                f"Your description of “{CATEGORY_LABEL[code]}” must be "
                f"{OWN_WORDS_MAX_LENGTH} characters or fewer"
            )

    @classmethod
    def initial_for(cls, profile: EqualityProfile) -> dict:
        """Initial data showing a profile's answers (consent is asked afresh, never pre-ticked)."""
        initial = {name: getattr(profile, name) for name in QUESTION_LABELS}
        if profile.ethnicity in OWN_WORDS_FIELDS:
            initial[OWN_WORDS_FIELDS[profile.ethnicity]] = profile.ethnicity_other
        return initial

    def clean(self):
        cleaned = super().clean()
        # A write-in under an option the person did not choose is hidden and ignored, so its
        # errors must not block them.
        chosen = cleaned.get("ethnicity")
        for code, name in OWN_WORDS_FIELDS.items():
            if code != chosen and name in self._errors:
                del self._errors[name]
        if self.errors:
            return cleaned
        answers = self.answers()
        if self.require_an_answer and not any(answers[name] for name in QUESTION_LABELS):
            raise forms.ValidationError(NO_ANSWER_ERROR, code="no_answer")
        if discloses_anything(answers) and not cleaned.get("consent"):
            self.add_error("consent", forms.ValidationError(CONSENT_ERROR, code="no_consent"))
        return cleaned

    # --- what the services need ---------------------------------------------------------

    def answers(self) -> dict[str, str]:
        data = self.cleaned_data
        ethnicity = data.get("ethnicity") or ""
        own_words = ""
        if ethnicity in OWN_WORDS_FIELDS:
            # Only the write-in under the chosen option counts; others were left behind.
            own_words = (data.get(OWN_WORDS_FIELDS[ethnicity]) or "").strip()
        return {
            "ethnicity": ethnicity,
            "ethnicity_other": own_words,
            "sex": data.get("sex") or "",
            "age_band": data.get("age_band") or "",
            "disability": data.get("disability") or "",
        }

    def service_kwargs(self) -> dict:
        """``answers`` and ``consent_wording`` for record_profile / update_profile."""
        given = bool(self.cleaned_data.get("consent"))
        return {"answers": self.answers(), "consent_wording": self.consent_wording if given else ""}

    # --- what the template needs --------------------------------------------------------

    def _options(self, name: str, choices) -> list[dict]:
        bound = self[name]
        current = bound.value() or ""
        base = bound.auto_id
        options = []
        for index, (value, label) in enumerate(choices):
            option = {
                # The first option carries the field's own id, so error links land on it.
                "id": base if index == 0 else f"{base}-{index}",
                "value": value,
                "label": label,
                "checked": str(current) == value,
                "own_words": None,
            }
            options.append(option)
        return options

    def ethnicity_sections(self) -> dict:
        """The 19 categories under their 5 groups, then "Prefer not to say"."""
        options = self._options(
            "ethnicity",
            [(code, label) for code, label, _group in ETHNICITY_CATEGORIES]
            + [(PREFER_NOT_TO_SAY, "Prefer not to say")],
        )
        by_code = {option["value"]: option for option in options}
        for code, name in OWN_WORDS_FIELDS.items():
            by_code[code]["own_words"] = self[name]
        groups = []
        for group, group_label in ETHNIC_GROUPS.items():
            groups.append(
                {
                    "label": group_label,
                    "options": [
                        by_code[code] for code, _label, g in ETHNICITY_CATEGORIES if g == group
                    ],
                }
            )
        return {"groups": groups, "prefer_not_to_say": by_code[PREFER_NOT_TO_SAY]}

    def radio_questions(self) -> list[dict]:
        out = []
        for name, choices in (
            ("sex", Sex.choices),
            ("age_band", AgeBand.choices),
            ("disability", Disability.choices),
        ):
            bound = self[name]
            out.append(
                {
                    "field": bound,
                    "legend": QUESTION_LABELS[name],
                    "why": WHY[name],
                    "options": self._options(name, choices),
                    "inline": len(choices) <= 3,
                }
            )
        return out

    def ethnicity_why(self) -> str:
        return WHY["ethnicity"]

    def error_summary_items(self) -> list[tuple[str, str]]:
        """(element id, message) pairs for a GOV.UK error summary, in page order."""
        items = [(self["ethnicity"].auto_id, error) for error in self.non_field_errors()]
        for name in self.fields:
            for error in self[name].errors:
                items.append((self[name].auto_id, error))
        return items


# Purposes a person may give answers for on their own; applications, surveys and the like
# embed the form in their own pages and pass their record's reference.
SELF_SERVICE_PURPOSES = [
    EqualityProfile.Purpose.SERVING_GOVERNOR,
    EqualityProfile.Purpose.PANEL_MEMBER,
    EqualityProfile.Purpose.LEARNER,
    EqualityProfile.Purpose.STAFF,
]


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(
        label="What are you giving these answers for?",
        choices=[(p.value, p.label) for p in SELF_SERVICE_PURPOSES],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what you are giving these answers for",
            "invalid_choice": "Select what you are giving these answers for from the list",
        },
    )

    def options(self):
        bound = self["purpose"]
        current = bound.value() or ""
        return [
            {
                "id": bound.auto_id if i == 0 else f"{bound.auto_id}-{i}",
                "value": value,
                "label": label,
                "checked": current == value,
            }
            for i, (value, label) in enumerate(self.fields["purpose"].choices)
        ]


STATUS_CHOICES = [
    ("", "Any"),
    ("answered", "Answers given"),
    ("withdrawn", "Withdrawn"),
]


class LongSelect(forms.Select):
    """A select built in Python, not one template per option (and per attribute).

    The HTML is the same as Django's Select gives for flat choices; rendering 600 school
    options through the form templates cost most of the steward's list page, and its other
    selects' few options, one template include each, most of what was left of its template.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        parts = [f'<select name="{escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>']
        for option_value, label in self.choices:
            option = "" if option_value is None else str(option_value)
            selected = " selected" if option in chosen else ""
            parts.append(f'<option value="{escape(option)}"{selected}>{escape(label)}</option>')
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


SCHOOL_OPTIONS_CACHE_SECONDS = 60 * 60


def school_options_html() -> tuple[list[str], list[str]]:
    """Every school's ``<option>`` (by name, "Name (URN)"), escaped, and their values.

    Cached against the schools' count and newest ``updated_at`` (one aggregate query, which
    moves with any school added, renamed or removed: the import engine sets ``updated_at`` on
    bulk updates too), instead of reading and escaping 600 rows on every page.
    """
    version = School.objects.aggregate(n=Count("pk"), newest=Max("updated_at"))
    newest = version["newest"].isoformat() if version["newest"] else ""
    key = f"equality:school-options:{version['n']}:{newest}"
    cached = cache.get(key)
    if cached is None:
        rows = School.objects.order_by("name", "pk").values_list("pk", "name", "urn")
        values = [str(pk) for pk, _, _ in rows]
        html = [f'<option value="{pk}">{escape(name)} ({urn})</option>' for pk, name, urn in rows]
        cached = (values, html)
        cache.set(key, cached, SCHOOL_OPTIONS_CACHE_SECONDS)
    return cached


class SchoolSelect(LongSelect):
    """The school filter's select: the empty choice, then every school from the cached
    options (the same HTML as LongSelect gives)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        values, options = school_options_html()
        parts = [f'<select name="{escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>']
        empty_label = getattr(self.choices, "field", None) and self.choices.field.empty_label
        if empty_label is not None:
            selected = " selected" if "" in chosen else ""
            parts.append(f'<option value=""{selected}>{escape(empty_label)}</option>')
        if chosen - {""}:
            options = [
                option.replace(">", " selected>", 1) if value in chosen else option
                for value, option in zip(values, options, strict=True)
            ]
        parts.extend(options)
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


class StewardFilterForm(GovukFormMixin, forms.Form):
    """Filters on the data steward's list and export. Bad values name the filter."""

    purpose = forms.ChoiceField(
        choices=[("", "Any purpose")] + EqualityProfile.Purpose.choices,
        widget=LongSelect,
        required=False,
        error_messages={"invalid_choice": "Select a purpose from the list"},
    )
    outcome = forms.ChoiceField(
        choices=[("", "Any outcome")] + EqualityProfile.Outcome.choices,
        widget=LongSelect,
        required=False,
        error_messages={"invalid_choice": "Select an outcome from the list"},
    )
    school = forms.ModelChoiceField(
        queryset=School.objects.order_by("name", "pk"),
        widget=SchoolSelect,
        required=False,
        empty_label="Any school",
        error_messages={"invalid_choice": "Select a school from the list"},
    )
    status = forms.ChoiceField(
        choices=STATUS_CHOICES,
        widget=LongSelect,
        required=False,
        error_messages={"invalid_choice": "Select a status from the list"},
    )

    def filters(self) -> dict:
        return {key: value for key, value in self.cleaned_data.items() if value}

    def querystring(self) -> str:
        """The current filters as a query string, for pagination and the export link."""
        if not self.is_bound or not self.is_valid():
            return ""
        pairs = []
        for key, value in self.cleaned_data.items():
            if value:
                pairs.append((key, getattr(value, "pk", value)))
        return urlencode(pairs)
