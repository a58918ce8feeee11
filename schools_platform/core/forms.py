from django import forms
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render


class GovukFormMixin:
    """Gives each widget its GOV.UK class and links hints and errors to it for screen readers.

    Error styling is added after validation (``full_clean``), never in ``__init__``: reading
    ``errors`` there would validate a bound form before a subclass has set its choices."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.Select):
                css = "govuk-select"
            elif isinstance(widget, forms.Textarea):
                css = "govuk-textarea"
            elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
                css = "govuk-file-upload"
            elif isinstance(widget, forms.CheckboxInput):
                css = "govuk-checkboxes__input"
            else:
                css = "govuk-input"
            widget.attrs["class"] = css
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}-hint"

    def full_clean(self):
        super().full_clean()
        for name in self._errors or {}:
            field = self.fields.get(name)
            if field is None or isinstance(
                field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple
            ):
                continue
            attrs = field.widget.attrs
            if attrs.get("class") == "govuk-input":
                attrs["class"] = "govuk-input govuk-input--error"
            described = attrs.get("aria-describedby", "").split()
            if f"id_{name}-error" not in described:
                attrs["aria-describedby"] = " ".join([*described, f"id_{name}-error"])


def error_summary_items(*forms_) -> list[tuple[str, str]]:
    """Every error of the forms as (element id, message) pairs, in page order.

    The one source of the GOV.UK error summary (templates/includes/error_summary.html): each
    message links to the field it names; a form-wide error links to the form's first field. A
    form with its own ``error_summary_items()`` (e.g. grouped radios) says where its errors go.
    """
    items = []
    for form in forms_:
        if not form.is_bound:
            continue
        if hasattr(form, "error_summary_items"):
            items.extend(form.error_summary_items())
            continue
        for error in form.non_field_errors():
            items.append((form[next(iter(form.fields))].auto_id, error))
        for name in form.fields:
            items.extend((form[name].auto_id, error) for error in form[name].errors)
    return items


class SignInForm(GovukFormMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # GOV.UK pattern: no autofocus, so the first Tab reaches the skip link; when there are
        # errors the error summary takes focus (govuk-frontend's ErrorSummary).
        self.fields["username"].widget.attrs.pop("autofocus", None)


def add_service_errors(form: forms.Form, error: ValidationError, aliases=None) -> None:
    """Show a service's ValidationError on the field it names (``aliases`` maps a service's
    name to the form's, or to None for the top of the form); anything else goes at the top."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, messages_ in error.message_dict.items():
        target = aliases.get(name, name)
        for message in messages_:
            form.add_error(target if target in form.fields else None, message)


def service_form_page(
    request,
    form: forms.Form,
    save,
    *,
    template: str,
    title: str,
    success_url: str,
    context: dict | None = None,
    add_errors=add_service_errors,
) -> HttpResponse:
    """The one shape of a page whose form is written by a service.

    On a valid POST, ``save(form)`` calls the service and returns the success message (or
    None); a ``ValidationError`` it raises is shown on the fields it names (``add_errors``),
    so nothing is half-written and the page says why. Success: the message, then a redirect
    to ``success_url``. Otherwise the page, with the error summary (``error_items``), the
    title prefixed "Error: " and status 400 when the form has errors."""
    if request.method == "POST" and form.is_valid():
        try:
            message = save(form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if message:
                messages.success(request, message)
            return redirect(success_url)
    failed = form.is_bound and bool(form.errors)
    return render(
        request,
        template,
        {
            **(context or {}),
            "form": form,
            "error_items": error_summary_items(form) if form.is_bound else [],
            "page_title": f"Error: {title}" if failed else title,
        },
        status=400 if failed else 200,
    )
