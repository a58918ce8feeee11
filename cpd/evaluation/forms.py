from django import forms

from schools_platform.core.forms import GovukFormMixin

from .models import ITEMS, LIKERT


class SurveyForm(GovukFormMixin, forms.Form):
    """The self-assessment: each statement optional, answered from 1 to 5."""

    comment = forms.CharField(
        label="Anything else you would like to tell us? (optional)",
        help_text="Please do not name anyone. Comments are read without your name.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item, label in ITEMS.items():
            self.fields[item] = forms.TypedChoiceField(
                label=label,
                choices=[(str(v), text) for v, text in LIKERT],
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )

    def items(self):
        """(field, options) per statement, for the template's GOV.UK radios."""
        for item in ITEMS:
            bound = self[item]
            current = str(bound.value() or "")
            yield (
                bound,
                [
                    {
                        "id": f"id_{item}" if i == 0 else f"id_{item}-{i}",
                        "value": str(v),
                        "label": text,
                        "checked": current == str(v),
                    }
                    for i, (v, text) in enumerate(LIKERT)
                ],
            )

    def answers(self) -> dict:
        return {item: self.cleaned_data.get(item) for item in ITEMS}
