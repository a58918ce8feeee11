from django import forms

from schools_platform.core.forms import GovukFormMixin

from .models import ITEMS, LIKERT


def _statement(item):
    return forms.TypedChoiceField(
        label=ITEMS[item],
        choices=[(str(v), text) for v, text in LIKERT],
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )


class SurveyForm(GovukFormMixin, forms.Form):
    """The self-assessment: each statement optional, answered from 1 to 5. The fields are
    declared on the class (the GOV.UK mixin reads the errors as the form is made)."""

    confidence_talking = _statement("confidence_talking")
    recognising_incidents = _statement("recognising_incidents")
    equality_duty = _statement("equality_duty")
    practice_changes = _statement("practice_changes")

    comment = forms.CharField(
        label="Anything else you would like to tell us? (optional)",
        help_text="Please do not name anyone. Comments are read without your name.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
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


class SetUpForm(GovukFormMixin, forms.Form):
    """Made by ``set_up_form`` with the programmes to choose from (the GOV.UK mixin reads
    the errors as the form is made, so the choices must be on the class)."""

    programmes: dict = {}
    follow_up_weeks = forms.IntegerField(
        label="Weeks after the programme ends for the follow-up survey",
        min_value=1,
        max_value=104,
        initial=6,
        error_messages={
            "required": "Enter the number of weeks.",
            "min_value": "Enter at least 1 week.",
            "max_value": "Enter at most 104 weeks.",
            "invalid": "Enter the number of weeks as a whole number.",
        },
    )


def set_up_form(programmes) -> type[SetUpForm]:
    programmes = list(programmes)
    return type(
        "SetUpProgrammeForm",
        (SetUpForm,),
        {
            "programmes": {p.slug: p for p in programmes},
            "programme": forms.ChoiceField(
                label="Programme",
                choices=[(p.slug, p.title) for p in programmes],
                error_messages={"required": "Choose a programme."},
            ),
        },
    )


def _target(label: str, name: str, help_text: str = "") -> forms.IntegerField:
    # Parsing only: the range is the service's rule (services.clean_targets).
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {name}.",
            "invalid": f"Enter the {name} as a whole number.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class TargetsForm(GovukFormMixin, forms.Form):
    """The lead measures' targets of a programme's evaluation."""

    attendance_target_percent = _target(
        "Attendance target (% of people enrolled)", "attendance target"
    )
    completion_target_percent = _target(
        "Completion target (% of people enrolled)", "completion target"
    )
    reflection_target_percent = _target(
        "Reflection target (% of network members)", "reflection target"
    )
    action_plan_target_percent = _target(
        "Action plans target (% of network members)",
        "action plans target",
        "Members who have written at least one action.",
    )
    case_studies_target = _target(
        "Case studies target (number published)", "case studies target", "0 for no target."
    )
