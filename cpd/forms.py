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
