from django import forms
from django.contrib.auth.forms import AuthenticationForm


class GovukFormMixin:
    """Gives each widget its GOV.UK class and links hints and errors to it for screen readers."""

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
            described = []
            if field.help_text:
                described.append(f"id_{name}-hint")
            if self.is_bound and name in self.errors:
                css += " govuk-input--error" if css == "govuk-input" else ""
                described.append(f"id_{name}-error")
            widget.attrs["class"] = css
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)


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
