"""The public application form (GOV.UK patterns) and the decider's move form."""

import copy

from django import forms

from governors.choices import AppointingBody, Category
from governors.eligibility import QUESTIONS
from schools_platform.core.forms import GovukFormMixin

from .models import (
    APPLICANT_ELIGIBILITY,
    PHASES,
    Application,
    MeetingTime,
    Stage,
    VacancyListing,
)

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
YES_NO = [("", "Choose yes or no"), ("yes", "Yes"), ("no", "No")]


def _list(text: str) -> list[str]:
    return [part.strip() for part in (text or "").replace("\n", ",").split(",") if part.strip()]


class _ApplicationFields(forms.Form):
    first_name = forms.CharField(
        max_length=100, error_messages={"required": "Enter your first name"}
    )
    last_name = forms.CharField(max_length=100, error_messages={"required": "Enter your last name"})
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    telephone = forms.CharField(label="Telephone (optional)", max_length=40, required=False)
    skills = forms.CharField(
        label="Skills (optional)",
        required=False,
        help_text="Separate them with commas, for example: finance, safeguarding, HR",
    )
    experience = forms.CharField(
        label="Experience (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    availability = forms.CharField(
        label="When are you available? (optional)",
        required=False,
        help_text="For example: weekday evenings",
    )
    available_times = forms.MultipleChoiceField(
        label="When could you go to meetings? (optional)",
        required=False,
        choices=MeetingTime.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_areas = forms.CharField(
        label="Areas you would like to serve in (optional)",
        required=False,
        help_text="Towns, districts or wards; separate them with commas",
    )
    postcode = forms.CharField(
        label="Your postcode (optional)",
        required=False,
        max_length=10,
        help_text="Used only to suggest schools near you",
    )
    preferred_phases = forms.MultipleChoiceField(
        label="Kinds of school (optional)",
        required=False,
        choices=[(p, p) for p in PHASES],
        widget=forms.CheckboxSelectMultiple,
    )
    heard_about = forms.ChoiceField(
        label="Where did you hear about this role?", required=False, choices=()
    )
    heard_about_other = forms.CharField(
        label="Somewhere else (tell us where)", max_length=200, required=False
    )

    def __init__(self, *args, options=(), ask_heard_about=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {str(o.pk): o for o in options}
        self.ask_heard_about = ask_heard_about
        self.fields["heard_about"].choices = [("", "Choose an answer")] + [
            (str(o.pk), o.label) for o in options
        ]
        if not ask_heard_about:
            del self.fields["heard_about"]
            del self.fields["heard_about_other"]

    def clean(self):
        cleaned = super().clean()
        if self.ask_heard_about and "heard_about" in self.fields and not self.errors:
            chosen, other = cleaned.get("heard_about"), (cleaned.get("heard_about_other") or "")
            if not chosen and not other.strip():
                self.add_error("heard_about", "Tell us where you heard about the role")
            elif chosen and other.strip():
                self.add_error(
                    "heard_about_other",
                    "Choose an answer from the list or write your own, not both",
                )
        return cleaned

    def details(self) -> dict:
        data = self.cleaned_data
        return {
            "first_name": data["first_name"].strip(),
            "last_name": data["last_name"].strip(),
            "email": data["email"],
            "telephone": data.get("telephone", "").strip(),
            "skills": _list(data.get("skills")),
            "experience": data.get("experience", "").strip(),
            "availability": data.get("availability", "").strip(),
            "preferred_areas": _list(data.get("preferred_areas")),
            "preferred_phases": list(data.get("preferred_phases") or []),
            "available_times": list(data.get("available_times") or []),
            "postcode": (data.get("postcode") or "").strip().upper(),
            "eligibility": {
                key: data[f"e_{key}"] == "yes"
                for key in APPLICANT_ELIGIBILITY
                if data.get(f"e_{key}")
            },
        }

    def heard(self) -> dict:
        if not self.ask_heard_about:
            return {}
        return {
            "heard_about": self.options.get(self.cleaned_data.get("heard_about") or ""),
            "heard_about_other": self.cleaned_data.get("heard_about_other", ""),
        }


for _key, _text in APPLICANT_ELIGIBILITY.items():
    _ApplicationFields.base_fields[f"e_{_key}"] = forms.ChoiceField(
        label=f"{_text} (optional)", choices=YES_NO, required=False
    )


class ApplicationForm(GovukFormMixin, _ApplicationFields):
    """Contact details, skills and availability, and where they heard (unless they came by a
    campaign's link). The fields are set up before GOV.UK styling reads their errors."""

    MULTIPLE = ("available_times", "preferred_phases")


class SignInLinkForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="The address you applied with. We will e-mail you a link to sign in.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class MoveForm(GovukFormMixin, forms.Form):
    # Appointing has its own form (the term of office), so it is not offered here.
    stage = forms.ChoiceField(
        label="Move to",
        choices=[c for c in Stage.choices if c[0] != Stage.APPOINTED],
        error_messages={"required": "Choose a stage"},
    )
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def _date(label, *, required=True, hint="For example, 1/9/2025"):
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
    """The term of office an appointment creates (governors.services.appoint_governor checks
    it); the person's name and contact details come from the application."""

    appointing_body = forms.ChoiceField(
        label="Appointing body",
        choices=[("", "Choose who appointed them"), *AppointingBody.choices],
        error_messages={"required": "Choose the appointing body"},
    )
    starts_on = _date("Date of appointment")
    ends_on = _date(
        "Date the term ends",
        required=False,
        hint="The last day of the term. Leave it blank for the full term the instrument of "
        "government sets. For example, 31/8/2029",
    )
    is_school_staff = forms.ChoiceField(
        label="Is the person paid to work at the school?",
        choices=YES_NO,
        error_messages={"required": "Say whether the person is paid to work at the school"},
    )
    note = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def appointment(self) -> dict:
        data = self.cleaned_data
        return {
            "appointing_body": data["appointing_body"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "is_school_staff": data["is_school_staff"] == "yes",
            "eligibility": {
                q.key: data[f"q_{q.key}"] == "yes" for q in QUESTIONS if data.get(f"q_{q.key}")
            },
        }


for _question in QUESTIONS:
    # On base_fields so the GOV.UK mixin styles them like the rest.
    AppointForm.base_fields[f"q_{_question.key}"] = forms.ChoiceField(
        label=_question.text, choices=YES_NO, required=False, help_text=_question.source
    )


class ListingTextForm(GovukFormMixin, forms.Form):
    """What a public listing says (services.publish_vacancy and update_listing check it)."""

    title = forms.CharField(
        max_length=200,
        help_text="For example: Co-opted governor with finance experience",
        error_messages={"required": "Enter a title for the vacancy"},
    )
    description = forms.CharField(
        label="About the role",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the board does, what it asks of a governor and why it needs them",
        error_messages={"required": "Enter a description of the role"},
    )
    skills = forms.CharField(
        label="Skills sought (optional)",
        required=False,
        help_text="Separate them with commas, for example: finance, safeguarding, HR",
    )
    meeting_times = forms.MultipleChoiceField(
        label="When the board meets (optional)",
        required=False,
        choices=MeetingTime.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    closes_on = forms.DateField(
        label="Closing date (optional)",
        required=False,
        input_formats=DATE_FORMATS,
        help_text="Leave it blank to keep the vacancy open until it is filled or closed. "
        "For example, 31/3/2027",
        error_messages={"invalid": "Closing date must be a real date, like 31/3/2027"},
    )

    def listing_text(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "skills_sought": _list(data["skills"]),
            "meeting_times": list(data["meeting_times"]),
            "closes_on": data["closes_on"],
        }


class PublishForm(ListingTextForm):
    """Publish one of the board's vacant seats: only categories with a seat not yet
    published are offered (the service checks again)."""

    category = forms.ChoiceField(
        label="Which seat",
        error_messages={
            "required": "Choose the seat to publish",
            "invalid_choice": "Choose one of the board's vacant seats",
        },
    )
    field_order = ["category", "title", "description", "skills", "meeting_times", "closes_on"]

    def __init__(self, *args, seats: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "Choose a vacant seat"), *seats]
        self.order_fields(self.field_order)


class AdminPublishForm(forms.ModelForm):
    """The officer's "publish a vacancy" in the Wagtail admin: any board they see, any seat
    category but the headteacher's (ex officio); services.publish_vacancy checks the seat is
    vacant and not already published."""

    category = forms.ChoiceField(
        label="Seat category",
        choices=[("", "---------"), *[c for c in Category.choices if c[0] != Category.HEADTEACHER]],
    )
    skills = forms.CharField(
        label="Skills sought",
        required=False,
        help_text="Separate them with commas, for example: finance, safeguarding, HR",
    )
    meeting_times = forms.MultipleChoiceField(
        label="When the board meets",
        required=False,
        choices=MeetingTime.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = VacancyListing
        fields = ["board", "category", "title", "description", "closes_on"]

    def listing_text(self) -> dict:
        return {
            **ListingTextForm.listing_text(self),
            "skills_sought": _list(self.cleaned_data["skills"]),
        }


class AdminListingForm(forms.ModelForm):
    """Change what an open listing says (services.update_listing)."""

    skills = forms.CharField(label="Skills sought", required=False)
    meeting_times = forms.MultipleChoiceField(
        label="When the board meets",
        required=False,
        choices=MeetingTime.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = VacancyListing
        fields = ["title", "description", "closes_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["skills"] = ", ".join(self.instance.skills_sought)
            self.initial["meeting_times"] = self.instance.meeting_times

    def listing_text(self) -> dict:
        return ListingTextForm.listing_text(self)


class AdminMoveForm(forms.ModelForm):
    """Move an application one stage in the Wagtail admin (services.move_stage). Only the
    moves the pipeline allows from its stage are offered; appointing asks for the term of
    office as the member pages' appoint form does (the same fields)."""

    stage = forms.ChoiceField(label="Move to", error_messages={"required": "Choose a stage"})
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = Application
        fields = []

    APPOINTMENT_REQUIRED = ("appointing_body", "starts_on", "is_school_staff")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from . import services

        stages = services.next_stages(self.instance)
        self.fields["stage"].choices = [("", "Choose a stage")] + [
            (stage, Stage(stage).label) for stage in stages
        ]
        for name, field in AppointForm.base_fields.items():
            if name != "note":
                copied = copy.deepcopy(field)
                copied.required = False
                copied.label = f"Appointment: {copied.label}"
                self.fields[name] = copied

    def clean(self):
        data = super().clean()
        if data.get("stage") == Stage.APPOINTED:
            for name in self.APPOINTMENT_REQUIRED:
                if not data.get(name):
                    self.add_error(name, AppointForm.base_fields[name].error_messages["required"])
        return data

    def appointment(self) -> dict | None:
        if self.cleaned_data["stage"] != Stage.APPOINTED:
            return None
        return AppointForm.appointment(self)
