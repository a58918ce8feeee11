from django import forms
from django.core.exceptions import ValidationError

from schools_platform.core.forms import GovukFormMixin

from .models import Attendance


def add_service_errors(form, error: ValidationError, default_field: str) -> None:
    """Put a service's ValidationError on the form, each message on the field it names."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else default_field
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(default_field, message)


class BookSessionForm(GovukFormMixin, forms.Form):
    session = forms.TypedChoiceField(
        label="Choose a session",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a session to book."},
    )

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sessions = {s.pk: s for s in sessions}
        self.fields["session"].choices = [(s.pk, str(s)) for s in sessions]

    def error_summary_items(self):
        first = next(iter(self.sessions), None)
        target = f"session-{first}" if first else "session"
        return [(target, e) for e in self.errors.get("session", [])]


class RegisterForm(forms.Form):
    """One group of radios per booking: ``mark-<booking id>``."""

    def __init__(self, *args, bookings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.bookings = list(bookings)
        for booking in self.bookings:
            self.fields[f"mark-{booking.pk}"] = forms.ChoiceField(
                label=booking.enrolment.learner.name,
                choices=Attendance.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=booking.attendance or None,
            )

    def marks(self) -> dict[int, str]:
        return {
            int(name.removeprefix("mark-")): value
            for name, value in self.cleaned_data.items()
            if value
        }

    def rows(self):
        for booking in self.bookings:
            yield booking, self[f"mark-{booking.pk}"]

    def error_summary_items(self):
        items = []
        for name, errors in self.errors.items():
            target = f"{name}-present" if name in self.fields else "register"
            items.extend((target, e) for e in errors)
        return items


class CheckCertificateForm(GovukFormMixin, forms.Form):
    code = forms.CharField(
        label="Verification code",
        help_text="The 12 letters and numbers printed on the certificate.",
        max_length=20,
        error_messages={"required": "Enter the verification code."},
    )


class TeamEnrolForm(GovukFormMixin, forms.Form):
    """A manager chooses a phase and the people of their team to enrol on it."""

    # Radios and checkboxes: GovukFormMixin leaves them alone, so it reads no errors before
    # the choices below are set.
    phase = forms.TypedChoiceField(
        label="Phase",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the phase to enrol them on."},
    )
    learners = forms.TypedMultipleChoiceField(
        label="People to enrol",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one person to enrol."},
    )

    def __init__(self, *args, phases=(), team=None, **kwargs):
        """``team``: the team's names by learner id."""
        super().__init__(*args, **kwargs)
        self.phases = {p.pk: p for p in phases}
        self.team = team or {}
        self.fields["phase"].choices = [(p.pk, f"{p.programme.title}: {p.name}") for p in phases]
        # A callable: the choices are only read to validate a submission (the template draws
        # the checkboxes itself), so a GET of a large team does not normalise them all.
        self.fields["learners"].choices = lambda: list(self.team.items())
        self.fields["learners"].valid_value = {str(pk) for pk in self.team}.__contains__

    def chosen(self):
        """The phase chosen and the ids of the people chosen, in the order given."""
        return self.phases[self.cleaned_data["phase"]], self.cleaned_data["learners"]

    def error_summary_items(self):
        first_phase = next(iter(self.phases), None)
        items = [(f"phase-{first_phase}", e) for e in self.errors.get("phase", [])]
        first = next(iter(self.team), None)
        target = f"learner-{first}" if first else "learners"
        items += [(target, e) for e in self.errors.get("learners", [])]
        return items


class BulkEnrolmentForm(GovukFormMixin, forms.Form):
    """The lead or a coordinator chooses whose staff to enrol, on which phase, and optionally
    the module whose next sessions to book them on."""

    organisation = forms.TypedChoiceField(
        label="Organisation",
        coerce=int,
        error_messages={"required": "Choose the organisation whose staff to enrol."},
    )
    department = forms.TypedChoiceField(
        label="Department (optional)",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Leave this as the whole organisation to enrol all its current staff.",
    )
    phase = forms.TypedChoiceField(
        label="Phase",
        coerce=int,
        error_messages={"required": "Choose the phase to enrol them on."},
    )
    module = forms.TypedChoiceField(
        label="Book them on the next sessions of (optional)",
        coerce=int,
        required=False,
        empty_value=None,
        help_text="Each person enrolled is booked on the soonest open session with a place "
        "left that they may take (prerequisites done).",
    )

    def __init__(self, *args, organisations=(), departments=(), phases=(), modules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.objects = {
            "organisation": {o.pk: o for o in organisations},
            "department": {d.pk: d for d in departments},
            "phase": {p.pk: p for p in phases},
            "module": {m.pk: m for m in modules},
        }
        self.fields["organisation"].choices = [("", "Choose an organisation")] + [
            (o.pk, o.name) for o in organisations
        ]
        self.fields["department"].choices = [("", "The whole organisation")] + [
            (d.pk, f"{d.organisation.name}: {d.name}") for d in departments
        ]
        self.fields["phase"].choices = [("", "Choose a phase")] + [
            (p.pk, f"{p.programme.title}: {p.name}") for p in phases
        ]
        self.fields["module"].choices = [("", "Do not book sessions")] + [
            (m.pk, f"{m.programme.title}: {m.title}") for m in modules
        ]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            name: self.objects[name][data[name]] if data.get(name) is not None else None
            for name in ("organisation", "department", "phase", "module")
        }


class SelfEnrolForm(GovukFormMixin, forms.Form):
    """A learner chooses a phase to enrol on (one radio per staff record and phase)."""

    option = forms.ChoiceField(
        label="Choose the training",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the training to enrol on."},
    )

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {f"{learner.pk}-{phase.pk}": (learner, phase) for learner, phase in options}
        self.fields["option"].choices = [
            (key, f"{phase.programme.title}: {phase.name}")
            for key, (_l, phase) in self.options.items()
        ]

    def chosen(self):
        return self.options[self.cleaned_data["option"]]

    def rows(self):
        """(value, learner, phase, checked) for each radio."""
        value = self["option"].value() if self.is_bound else None
        for key, (learner, phase) in self.options.items():
            yield key, learner, phase, key == value

    def error_summary_items(self):
        first = next(iter(self.options), None)
        target = f"option-{first}" if first else "option"
        return [(target, e) for e in self.errors.get("option", [])]
