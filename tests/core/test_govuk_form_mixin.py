"""The GOV.UK form mixin styles fields without validating the form early."""

from django import forms

from schools_platform.core.forms import GovukFormMixin


class SchoolChoiceForm(GovukFormMixin, forms.Form):
    school = forms.ChoiceField(help_text="The school this is about")
    note = forms.CharField()

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Choices known only once the view passes them in, after the mixin ran.
        self.fields["school"].choices = [(str(urn), name) for urn, name in schools]


def test_a_bound_form_is_checked_against_the_choices_set_after_init():
    form = SchoolChoiceForm({"school": "100001", "note": ""}, schools=[(100001, "Abbey")])
    assert not form.is_valid()
    # The school was valid once its choices were set; only the empty note is an error.
    assert list(form.errors) == ["note"]


def test_error_styling_and_descriptions_follow_validation():
    form = SchoolChoiceForm({"school": "999", "note": ""}, schools=[(100001, "Abbey")])
    school, note = form.fields["school"].widget, form.fields["note"].widget
    assert school.attrs == {"class": "govuk-select", "aria-describedby": "id_school-hint"}
    assert form.errors  # validation happens on first use, not in __init__
    assert school.attrs["aria-describedby"] == "id_school-hint id_school-error"
    assert note.attrs == {
        "class": "govuk-input govuk-input--error",
        "aria-describedby": "id_note-error",
    }
    html = str(form["note"])
    assert 'class="govuk-input govuk-input--error"' in html
    assert 'aria-describedby="id_note-error"' in html
