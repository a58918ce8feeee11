from django import forms

from schools_platform.core.forms import GovukFormMixin

from .models import EqualityPublication, PolicyKind


class _StartReviewFields(forms.Form):
    school = forms.ModelChoiceField(queryset=None, label="School", empty_label=None)
    version = forms.ModelChoiceField(queryset=None, label="Checklist", empty_label=None)
    kind = forms.ChoiceField(
        choices=PolicyKind.choices,
        label="What are you reviewing?",
        help_text="A single policy, or the whole school against every section.",
    )

    def __init__(self, *args, schools, versions, **kwargs):
        super().__init__(*args, **kwargs)
        # Before GovukFormMixin reads the errors (it runs after this returns).
        self.fields["school"].queryset = schools
        self.fields["version"].queryset = versions


class StartReviewForm(GovukFormMixin, _StartReviewFields):
    pass


class EvidenceForm(GovukFormMixin, forms.Form):
    file = forms.FileField(
        label="Upload a document",
        help_text="PDF, DOCX, XLSX, PNG or JPEG, up to 10 MB.",
    )


class CommentForm(GovukFormMixin, forms.Form):
    body = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(GovukFormMixin, forms.Form):
    message = forms.CharField(
        label="Message to the school",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when you return it, unless you have commented on items.",
    )


class PublicationForm(GovukFormMixin, forms.ModelForm):
    url = forms.URLField(label="Web address", required=False, assume_scheme="https")

    class Meta:
        model = EqualityPublication
        fields = ["kind", "published_on", "url"]
        labels = {
            "kind": "What was published",
            "published_on": "Date published",
            "url": "Web address",
        }
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"})}


class SendBackForm(forms.Form):
    """The reason a second officer gives when sending a checklist version back to draft (the
    Wagtail workflow's 'request changes' form, made required)."""

    comment = forms.CharField(
        label="What needs to change",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=True,
        error_messages={"required": "Say what needs to change."},
    )


class InviteForm(GovukFormMixin, forms.Form):
    email = forms.EmailField(
        label="Your colleague's e-mail address",
        help_text="The address of their account on this site. Only that account can accept.",
        error_messages={
            "required": "Enter your colleague's e-mail address.",
            "invalid": "Enter an e-mail address, like name@school.org.uk.",
        },
    )
