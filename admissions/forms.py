from django import forms

from schools_platform.core.forms import GovukFormMixin
from schools_platform.registry.models import Authority

from .models import Appeal, AvailabilityMode, Clerk, Declaration, RoundKind

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
NOT_OFFERED = ""


class RosterForm(GovukFormMixin, forms.Form):
    members = forms.MultipleChoiceField(
        label="Panel members",
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose at least three, with at least one lay member and one member with "
        "experience in education.",
    )
    chair = forms.ChoiceField(label="Chair", widget=forms.RadioSelect)
    clerk = forms.ModelChoiceField(label="Clerk", queryset=Clerk.objects.none())
    override_reason = forms.CharField(
        label="Reason for saving despite the breaches (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only if you must save a roster that breaks a rule; the reason is recorded "
        "and shown wherever the roster is.",
    )

    def __init__(self, *args, pool, clerks, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(m.pk), f"{m.full_name} ({m.get_category_display()})") for m in pool]
        self.fields["members"].choices = choices
        self.fields["chair"].choices = choices
        self.fields["clerk"].queryset = clerks
        # GovukFormMixin validated the bound form before the choices existed: validate again.
        self._errors = None
        clerk_attrs = self.fields["clerk"].widget.attrs
        clerk_attrs.pop("aria-describedby", None)
        if self.is_bound and "clerk" in self.errors:
            clerk_attrs["aria-describedby"] = "id_clerk-error"

    def clean(self):
        data = super().clean()
        if data.get("chair") and data.get("members") and data["chair"] not in data["members"]:
            self.add_error("chair", "The chair must be one of the panel members you chose.")
        return data


class AvailabilityForm(GovukFormMixin, forms.Form):
    """One select per weekday: not offered, in person, remote, either."""

    def __init__(self, *args, current: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(NOT_OFFERED, "Not available"), *AvailabilityMode.choices]
        for i, name in enumerate(WEEKDAYS):
            self.fields[f"day_{i}"] = forms.ChoiceField(
                label=name, choices=choices, required=False, initial=current.get(i, NOT_OFFERED)
            )

    def weekdays(self) -> dict[int, str]:
        return {
            i: self.cleaned_data[f"day_{i}"] for i in range(5) if self.cleaned_data.get(f"day_{i}")
        }


class ExceptionForm(GovukFormMixin, forms.Form):
    date = forms.DateField(
        label="Date",
        help_text="For example, 2027-05-17",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    available = forms.TypedChoiceField(
        label="On that day you are",
        choices=[("0", "Not available"), ("1", "Available")],
        coerce=lambda v: v == "1",
    )
    mode = forms.ChoiceField(
        label="If available, how",
        choices=AvailabilityMode.choices,
        initial=AvailabilityMode.EITHER,
    )
    note = forms.CharField(label="Note (optional)", required=False, max_length=200)

    def __init__(self, *args, own: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not own:  # the appeals clerk's role keeping a clerk's days
            self.fields["available"].label = "On that day the clerk is"


class DeclarationForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        model = Declaration
        fields = [
            "kind",
            "role",
            "school",
            "authority",
            "department",
            "person_name",
            "started_on",
            "ended_on",
            "details",
        ]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "ended_on": forms.DateInput(attrs={"type": "date"}),
            "details": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"person_name": "Name of the person (if about a person)"}


class MonitoringFilterForm(GovukFormMixin, forms.Form):
    """The level a monitoring figure is read at: year, authority, phase, round (issue 9)."""

    year = forms.TypedChoiceField(
        label="Year of entry", required=False, coerce=int, empty_value=None
    )
    authority = forms.ModelChoiceField(
        label="Authority", required=False, queryset=Authority.objects.none(), empty_label="All"
    )
    phase = forms.ChoiceField(label="Phase", required=False)
    kind = forms.ChoiceField(label="Round", required=False)

    def __init__(self, *args, years, phases, characteristic=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "All")] + [
            (y, f"{y}/{(y + 1) % 100:02d}") for y in years
        ]
        self.fields["authority"].queryset = (
            Authority.objects.filter(appeal_rounds__isnull=False).distinct().order_by("name")
        )
        self.fields["phase"].choices = [("", "All")] + [(p, p) for p in phases]
        self.fields["kind"].choices = [("", "All"), *RoundKind.choices]
        if characteristic:
            from .monitoring import CHARACTERISTICS

            self.fields = {
                "characteristic": forms.ChoiceField(
                    label="By the appellants' answers on",
                    choices=list(CHARACTERISTICS.items()),
                    required=False,
                ),
                **self.fields,
            }
            self.fields["characteristic"].widget.attrs["class"] = "govuk-select"

    def scope(self) -> dict:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return {k: data.get(k) or None for k in ("year", "authority", "phase", "kind")}

    def characteristic(self) -> str:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("characteristic") or "ethnicity"

    def querystring(self) -> str:
        from urllib.parse import urlencode

        if not (self.is_bound and self.is_valid()):
            return ""
        pairs = {}
        for name, value in self.cleaned_data.items():
            if value:
                pairs[name] = value.pk if hasattr(value, "pk") else value
        return urlencode(pairs)


class OutcomeForm(GovukFormMixin, forms.ModelForm):
    """One appeal's outcome (Code 2022 §2 Decision; Notes and records)."""

    appellant_attended = forms.TypedChoiceField(
        label="Did the appellant attend?",
        required=False,
        choices=[("", "Not recorded"), ("1", "Yes"), ("0", "No")],
        coerce=lambda v: v == "1",
        empty_value=None,
    )

    class Meta:
        model = Appeal
        fields = [
            "withdrawn_on",
            "appellant_attended",
            "stage_one_finding",
            "stage_two_finding",
            "decision",
            "votes_for",
            "votes_against",
            "reasons",
            "decided_on",
        ]
        widgets = {
            "withdrawn_on": forms.DateInput(attrs={"type": "date"}),
            "decided_on": forms.DateInput(attrs={"type": "date"}),
            "stage_one_finding": forms.Textarea(attrs={"rows": 3}),
            "stage_two_finding": forms.Textarea(attrs={"rows": 3}),
            "reasons": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "withdrawn_on": "Withdrawn on (if the appellant withdrew)",
            "stage_one_finding": "Stage 1 finding",
            "stage_two_finding": "Stage 2 finding (balancing the cases)",
            "votes_for": "Votes to uphold",
            "votes_against": "Votes to dismiss",
            "reasons": "Reasons for the decision",
        }
        help_texts = {
            "reasons": "Address the appellant's case and the school's: missing or general "
            "reasons are the Ombudsman's most common finding.",
        }

    def outcome(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class EndDeclarationForm(GovukFormMixin, forms.Form):
    ended_on = forms.DateField(
        label="When did it end?",
        help_text="For example, 2026-07-31",
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class AdvertForm(GovukFormMixin, forms.ModelForm):
    class Meta:
        from .models import PoolAdvert

        model = PoolAdvert
        fields = ["authority", "published_on", "closes_on", "where"]
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
        }
        labels = {"where": "Where it was published"}
