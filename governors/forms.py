"""Member page forms (GOV.UK Frontend). They only shape input; the rules are in services."""

from django import forms
from django.core.exceptions import ValidationError

from schools_platform.core.forms import GovukFormMixin
from schools_platform.core.forms import add_service_errors as core_add_service_errors

from .choices import (
    AppointingBody,
    AttendanceStatus,
    BoardRoleKind,
    Category,
    CheckKind,
    CheckResult,
    EndReason,
    MeetingKind,
    TrainingKind,
)
from .eligibility import QUESTIONS

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATE_HINT = "For example, 1/9/2025"
YES_NO = [("", "Choose yes or no"), ("yes", "Yes"), ("no", "No")]


def _date(label, *, required=True, hint=DATE_HINT):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=hint,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"{label} must be a real date, like 1/9/2025",
        },
    )


class AppointForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label="Title (optional)", required=False, max_length=20)
    first_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter the first name"}
    )
    middle_names = forms.CharField(label="Middle names (optional)", required=False, max_length=100)
    last_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the last name"}
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        help_text="Seen only by the clerk, the chair, school leaders and council officers.",
    )
    telephone = forms.CharField(label="Telephone (optional)", required=False, max_length=40)
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "Choose a category"), *Category.choices],
        error_messages={"required": "Choose the category of governor"},
    )
    appointing_body = forms.ChoiceField(
        label="Appointing body",
        choices=[("", "Choose who appointed them"), *AppointingBody.choices],
        help_text="As the instrument of government sets it (the GIAS list).",
        error_messages={"required": "Choose the appointing body"},
    )
    starts_on = _date("Date of appointment")
    ends_on = _date(
        "Date the term ends",
        required=False,
        hint="The last day of the term. Leave empty only for the headteacher or another ex "
        "officio governor. For example, 31/8/2029",
    )
    is_school_staff = forms.ChoiceField(
        label="Is the person paid to work at the school?",
        choices=YES_NO,
        error_messages={"required": "Say whether the person is paid to work at the school"},
    )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        eligibility = {}
        for question in QUESTIONS:
            answer = data.get(f"q_{question.key}")
            if answer:
                eligibility[question.key] = answer == "yes"
        return {
            "person": {
                k: data[k]
                for k in ("title", "first_name", "middle_names", "last_name", "email", "telephone")
            },
            "category": data["category"],
            "appointing_body": data["appointing_body"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "is_school_staff": data["is_school_staff"] == "yes",
            "eligibility": eligibility,
        }


for _question in QUESTIONS:
    # Added to base_fields (not in __init__) so the GOV.UK mixin styles them like the rest.
    AppointForm.base_fields[f"q_{_question.key}"] = forms.ChoiceField(
        label=_question.text, choices=YES_NO, required=False, help_text=_question.source
    )


class EndTermForm(GovukFormMixin, forms.Form):
    ended_on = _date("Date the term ended", hint="The last day in office. For example, 31/3/2026")
    reason = forms.ChoiceField(
        label="Why did the term end?",
        choices=[("", "Choose a reason"), *EndReason.choices],
        error_messages={"required": "Choose why the term ended"},
    )


class InstrumentForm(GovukFormMixin, forms.Form):
    effective_from = _date("Date this version takes effect")
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)

    def __init__(self, *args, current=None, **kwargs):
        initial = kwargs.setdefault("initial", {})
        for category, (seats, years) in (current or {}).items():
            initial.setdefault(f"seats_{category}", seats)
            initial.setdefault(f"years_{category}", years)
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name.startswith(("seats_", "years_")):
                field.widget.attrs["class"] += " govuk-input--width-3"
                field.widget.attrs["inputmode"] = "numeric"

    def rows(self):
        for category, label in Category.choices:
            yield (
                label,
                self[f"seats_{category}"],
                (self[f"years_{category}"] if category != Category.HEADTEACHER else None),
            )

    def seats(self) -> dict:
        data = self.cleaned_data
        return {
            c: (data.get(f"seats_{c}") or 0, data.get(f"years_{c}"))
            for c in Category.values
            if data.get(f"seats_{c}")
        }

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"seats_{c}") for c in Category.values):
            raise ValidationError("Give the number of seats for at least one category")
        return cleaned


for _category, _label in Category.choices:
    InstrumentForm.base_fields[f"seats_{_category}"] = forms.IntegerField(
        label=f"{_label}: seats",
        min_value=0,
        max_value=40,
        required=False,
        error_messages={"invalid": f"{_label}: seats must be a whole number"},
    )
    if _category != Category.HEADTEACHER:
        InstrumentForm.base_fields[f"years_{_category}"] = forms.IntegerField(
            label=f"{_label}: term of office in years",
            min_value=1,
            max_value=4,
            required=False,
            help_text="From 1 to 4 years",
            error_messages={"invalid": f"{_label}: the term must be a whole number of years"},
        )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the field it names, or at the top: the kit's
    helper with this module's names (a category's seats are the ``seats_<category>`` field)."""
    aliases = {"governor": None, "eligibility": None, "__all__": None, "end_reason": "reason"}
    aliases.update({category: f"seats_{category}" for category in Category.values})
    core_add_service_errors(form, error, aliases)


class DeclarationForm(GovukFormMixin, forms.Form):
    declared_on = _date("Date of the declaration")
    nothing_to_declare = forms.ChoiceField(
        label="Has the governor anything to declare?",
        choices=[("", "Choose"), ("no", "Nothing to declare"), ("yes", "Yes, interests below")],
        error_messages={"required": "Say whether the governor has anything to declare"},
    )
    business_interests = forms.CharField(
        label="Business and pecuniary interests", required=False, widget=forms.Textarea
    )
    governance_roles_elsewhere = forms.CharField(
        label="Governance roles in other educational institutions",
        required=False,
        widget=forms.Textarea,
    )
    relationships = forms.CharField(
        label="Relationships with other governors or staff",
        required=False,
        widget=forms.Textarea,
        help_text="For example a spouse, partner or close relative.",
    )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "declared_on": data["declared_on"],
            "nothing_to_declare": data["nothing_to_declare"] == "no",
            "business_interests": data["business_interests"],
            "governance_roles_elsewhere": data["governance_roles_elsewhere"],
            "relationships": data["relationships"],
        }


class MeetingFormBase(GovukFormMixin, forms.Form):
    held_on = _date("Date of the meeting")
    kind = forms.ChoiceField(label="Kind of meeting", choices=MeetingKind.choices)
    title = forms.CharField(label="Title (optional)", required=False, max_length=200)

    terms: list = []

    def attendance_fields(self):
        return [self[f"term_{t.pk}"] for t in self.terms]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "kind": data["kind"],
            "title": data["title"],
            "attendance": {
                t.pk: data[f"term_{t.pk}"] for t in self.terms if data.get(f"term_{t.pk}")
            },
        }


def meeting_form_class(terms: list) -> type:
    """A meeting form with one attendance question per governor serving today."""
    attrs = {"terms": terms}
    for term in terms:
        attrs[f"term_{term.pk}"] = forms.ChoiceField(
            label=f"{term.governor.full_name} ({term.get_category_display().lower()})",
            choices=[("", "Choose"), *AttendanceStatus.choices],
            required=False,
        )
    return type("MeetingForm", (MeetingFormBase,), attrs)


class CheckForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Check",
        choices=[("", "Choose a check"), *CheckKind.choices],
        error_messages={"required": "Choose the check"},
    )
    checked_on = _date("Date of the certificate or check")
    certificate_number = forms.CharField(
        label="DBS certificate number (optional)",
        required=False,
        max_length=20,
        help_text="12 digits. Keep the number and date only, never a copy of the certificate.",
    )
    update_service = forms.BooleanField(label="On the DBS update service", required=False)
    result = forms.ChoiceField(
        label="Section 128 result",
        choices=[("", "Not a section 128 check"), *CheckResult.choices],
        required=False,
    )


class TrainingForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Training",
        choices=[("", "Choose the training"), *TrainingKind.choices],
        error_messages={"required": "Choose the training"},
    )
    title = forms.CharField(label="Course title (optional)", required=False, max_length=200)
    completed_on = _date("Date completed")
    expires_on = _date("Date it needs refreshing (optional)", required=False)


class BoardRoleForm(GovukFormMixin, forms.Form):
    role = forms.ChoiceField(
        label="Role",
        choices=[("", "Choose a role"), *BoardRoleKind.choices],
        error_messages={"required": "Choose chair or vice-chair"},
    )
    starts_on = _date("Date the role starts")


class CorrectTermForm(GovukFormMixin, forms.Form):
    """Only the fields given are changed; the reason is required and kept."""

    appointing_body = forms.ChoiceField(
        label="Appointing body", choices=AppointingBody.choices, required=False
    )
    starts_on = _date("Date of appointment", required=False)
    ends_on = _date("Date the term ends", required=False)
    reason = forms.CharField(
        label="Why is this being corrected?",
        widget=forms.Textarea,
        error_messages={"required": "Say why the term is being corrected"},
    )

    def changes(self, term) -> dict:
        data = self.cleaned_data
        found = {}
        for name in ("appointing_body", "starts_on", "ends_on"):
            value = data.get(name)
            if value not in (None, "") and value != getattr(term, name):
                found[name] = value
        return found
