from django import forms

from schools_platform.core.forms import GovukFormMixin

from .models import AvailabilityMode, Clerk, Declaration

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
    note = forms.CharField(label="Note (optional)", required=False, max_length=200)


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
