"""The network's member-facing forms (GOV.UK patterns). Rules live in services; these only
parse input and name the field each message belongs to."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from schools_platform.core.forms import GovukFormMixin

from .models import Audience, LeaderRole, SchoolPhase, Theme


def add_service_errors(form, error: ValidationError, default_field: str) -> None:
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else default_field
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(default_field, message)


class PlainSelect(forms.Select):
    """A single select whose options are joined in Python, not rendered by one template
    each: the search's checklist item filter lists every published item on every request.
    Same markup as Django's select (name, attributes, the chosen option ``selected``)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, mark_safe(" selected") if str(key) in chosen else "", label)  # noqa: S308
                for key, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(attrs), options)


def _choices(rows, blank: str):
    return [("", blank)] + [(row.pk, str(row)) for row in rows]


class _ChoicesForm(GovukFormMixin, forms.Form):
    """A form whose choices come from the view. They are set while Django builds the fields
    (``order_fields`` runs inside ``Form.__init__``), before the GOV.UK mixin reads the errors,
    so a bound form is never validated against empty choices."""

    def dynamic_choices(self) -> dict:
        return {}

    def order_fields(self, field_order):
        super().order_fields(field_order)
        for name, choices in self.dynamic_choices().items():
            self.fields[name].choices = choices


class ApplyForm(_ChoicesForm):
    programme = forms.TypedChoiceField(
        label="Which network do you want to join?",
        coerce=int,
        error_messages={"required": "Choose a network."},
    )
    role = forms.ChoiceField(
        label="Your role",
        choices=[("", "Choose your role"), *LeaderRole.choices],
        error_messages={"required": "Choose your role."},
    )
    school = forms.TypedChoiceField(
        label="Your school", coerce=int, error_messages={"required": "Choose your school."}
    )
    why = forms.CharField(
        label="Why do you want to join?",
        help_text="What you hope to learn and to share, in a few sentences.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=3000,
        error_messages={"required": "Tell us why you want to join."},
    )

    def __init__(self, *args, programmes=(), schools=(), **kwargs):
        self.programmes = {p.pk: p for p in programmes}
        self.schools = {s.pk: s for s in schools}
        super().__init__(*args, **kwargs)

    def dynamic_choices(self):
        return {
            "programme": _choices(self.programmes.values(), "Choose a network"),
            "school": _choices(self.schools.values(), "Choose your school"),
        }

    def order_fields(self, field_order):
        super().order_fields(field_order)
        self.fields["school"].required = bool(self.schools)


class DecisionForm(_ChoicesForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("", "Choose"), ("approve", "Approve"), ("decline", "Decline")],
        error_messages={"required": "Choose approve or decline."},
    )
    cohort = forms.TypedChoiceField(label="Cohort", coerce=int, required=False, empty_value=None)
    learning_set = forms.TypedChoiceField(
        label="Action learning set", coerce=int, required=False, empty_value=None
    )
    message = forms.CharField(
        label="Message to the applicant",
        help_text="Needed when you decline. It is sent to them by e-mail.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, cohorts=(), learning_sets=(), **kwargs):
        self.cohorts = {c.pk: c for c in cohorts}
        self.learning_sets = {s.pk: s for s in learning_sets}
        super().__init__(*args, **kwargs)

    def dynamic_choices(self):
        return {
            "cohort": _choices(self.cohorts.values(), "None yet"),
            "learning_set": [("", "None yet")]
            + [(s.pk, f"{s.cohort.name}: {s.name}") for s in self.learning_sets.values()],
        }


class ActionForm(GovukFormMixin, forms.Form):
    description = forms.CharField(
        label="Your action",
        max_length=300,
        error_messages={"required": "Describe the action."},
    )
    due_on = forms.DateField(
        label="Do it by",
        help_text="For example, 27 3 2027 written as 2027-03-27.",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the date as a real date, like 2027-03-27."},
    )


class ReflectionForm(_ChoicesForm):
    written_on = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the date of the reflection.",
            "invalid": "Enter the date as a real date, like 2027-03-27.",
        },
    )
    title = forms.CharField(
        label="Title", max_length=200, error_messages={"required": "Give the reflection a title."}
    )
    body = forms.CharField(
        label="Your reflection",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Write your reflection."},
    )
    session = forms.TypedChoiceField(
        label="Linked session (optional)", coerce=int, required=False, empty_value=None
    )
    checklist_item = forms.TypedChoiceField(
        label="Linked checklist item (optional)", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, sessions=(), items=(), **kwargs):
        self.sessions = {s.pk: s for s in sessions}
        self.items = {i.pk: i for i in items}
        super().__init__(*args, **kwargs)

    def dynamic_choices(self):
        return {
            "session": _choices(self.sessions.values(), "No session"),
            "checklist_item": _choices(self.items.values(), "No checklist item"),
        }


def _section(label: str, help_text: str, required: str) -> forms.CharField:
    """One of a case study's written sections (the fixed structure, models.CaseStudyPage)."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": required},
    )


class CaseStudyForm(_ChoicesForm):
    title = forms.CharField(
        label="Title", max_length=255, error_messages={"required": "Enter the title."}
    )
    school_name = forms.CharField(
        label="School (optional)",
        help_text="Leave blank to publish without naming the school.",
        required=False,
        max_length=200,
    )
    phase = forms.ChoiceField(
        label="Phase",
        choices=[("", "Choose a phase"), *SchoolPhase.choices],
        error_messages={"required": "Choose the phase."},
    )
    theme = forms.ChoiceField(
        label="Theme",
        choices=[("", "Choose a theme"), *Theme.choices],
        error_messages={"required": "Choose the theme."},
    )
    context = _section(
        "Context", "Your school and the problem you set out to address.", "Enter the context."
    )
    what_we_did = _section(
        "What we did",
        "The approach, who was involved and over what time.",
        "Enter what you did.",
    )
    impact = _section(
        "Impact and evidence",
        "What changed, and how you know (lead and lag measures).",
        "Enter the impact and evidence.",
    )
    learned = _section(
        "What we learned",
        "What you would do differently, and what comes next.",
        "Enter what you learned.",
    )
    contact = forms.CharField(
        label="Contact",
        help_text="How another school can reach you, for example a role and a work e-mail.",
        max_length=300,
        error_messages={"required": "Enter a contact."},
    )
    checklist_items = forms.TypedMultipleChoiceField(
        label="Policy checklist items it addresses",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    audience = forms.ChoiceField(
        label="Who may read it once published",
        choices=Audience.choices,
        widget=forms.RadioSelect,
        initial=Audience.MEMBERS,
        error_messages={"required": "Choose who may read it."},
    )

    def __init__(self, *args, items=(), **kwargs):
        self.items = {i.pk: i for i in items}
        super().__init__(*args, **kwargs)

    def dynamic_choices(self):
        return {"checklist_items": [(i.pk, str(i)) for i in self.items.values()]}

    def error_summary_items(self):
        items = []
        for name in self.fields:
            target = self[name].auto_id
            if name == "audience":
                target = "id_audience_0"
            if name == "checklist_items":
                target = "id_checklist_items_0"
            items.extend((target, e) for e in self[name].errors)
        return items


class ModerateCaseStudyForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            ("", "Choose"),
            ("approve", "Approve and publish"),
            ("changes", "Request changes"),
            ("reject", "Reject"),
        ],
        error_messages={"required": "Choose a decision."},
    )
    audience = forms.ChoiceField(
        label="Who may read it",
        choices=[("", "As the author chose"), *Audience.choices],
        required=False,
    )
    comment = forms.CharField(
        label="Comment to the author",
        help_text="Needed when you request changes or reject.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=3000,
    )


class CaseStudySearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    phase = forms.ChoiceField(
        label="Phase", choices=[("", "Any phase"), *SchoolPhase.choices], required=False
    )
    theme = forms.ChoiceField(
        label="Theme", choices=[("", "Any theme"), *Theme.choices], required=False
    )
    item = forms.TypedChoiceField(
        label="Checklist item", coerce=int, required=False, empty_value=None, widget=PlainSelect
    )

    def __init__(self, *args, items=(), **kwargs):
        self.items = {i.pk: i for i in items}
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = _choices(items, "Any item")
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "govuk-select" if isinstance(field.widget, forms.Select) else "govuk-input"
            )


class CommentForm(GovukFormMixin, forms.Form):
    body = forms.CharField(
        label="Add a comment",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Enter your comment."},
    )


class ReportForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="What is wrong with this comment?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Say what is wrong with the comment."},
    )


class ModerateCommentForm(GovukFormMixin, forms.Form):
    action = forms.ChoiceField(
        label="Action",
        choices=[("", "Choose"), ("hide", "Hide"), ("restore", "Restore"), ("remove", "Remove")],
        error_messages={"required": "Choose hide, restore or remove."},
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Kept in the audit log.",
        max_length=1000,
        error_messages={"required": "Give the reason."},
    )
