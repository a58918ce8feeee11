import re

import pytest
from django.template.loader import render_to_string

from schools_platform.equality.choices import ETHNIC_GROUPS, ETHNICITY_CATEGORIES
from schools_platform.equality.forms import (
    CONSENT_WORDING,
    PRIVACY_HINT,
    EqualityMonitoringForm,
)


def bound(data, prefix="eq", **kwargs):
    return EqualityMonitoringForm(
        {f"{prefix}-{k}": v for k, v in data.items()}, prefix=prefix, **kwargs
    )


def render(form) -> str:
    return render_to_string("equality/includes/monitoring_fields.html", {"monitoring_form": form})


def test_nothing_answered_is_valid_and_needs_no_consent():
    form = bound({})
    assert form.is_valid(), form.errors
    assert form.service_kwargs() == {
        "answers": dict.fromkeys(
            ["ethnicity", "ethnicity_other", "sex", "age_band", "disability"], ""
        ),
        "consent_wording": "",
    }


def test_an_answer_without_consent_asks_for_the_tick_on_the_consent_field():
    form = bound({"sex": "female"})
    assert not form.is_valid()
    assert list(form.errors) == ["consent"]
    assert "Tick the box" in form.errors["consent"][0]


def test_prefer_not_to_say_alone_needs_no_consent():
    form = bound({"ethnicity": "prefer_not_to_say", "disability": "prefer_not_to_say"})
    assert form.is_valid(), form.errors
    assert form.service_kwargs()["consent_wording"] == ""


def test_consent_given_passes_the_exact_wording_shown():
    form = bound({"age_band": "65+", "consent": "yes"}, consent_wording="Version 3 wording")
    assert form.is_valid(), form.errors
    assert form.service_kwargs() == {
        "answers": {
            "ethnicity": "",
            "ethnicity_other": "",
            "sex": "",
            "age_band": "65+",
            "disability": "",
        },
        "consent_wording": "Version 3 wording",
    }


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"ethnicity": "klingon"}, "ethnicity", "What is your ethnic group?"),
        ({"sex": "x"}, "sex", "What is your sex?"),
        ({"age_band": "0-5"}, "age_band", "What is your age?"),
        ({"disability": "perhaps"}, "disability", "Do you consider yourself to be disabled?"),
    ],
)
def test_answers_off_the_list_are_refused_naming_the_question(data, field, words):
    form = bound({**data, "consent": "yes"})
    assert not form.is_valid()
    assert words in form.errors[field][0]


def test_only_the_write_in_under_the_chosen_option_is_kept():
    form = bound(
        {
            "ethnicity": "mixed_other",
            "ethnicity_other_mixed": "  White and Chinese ",
            "ethnicity_other_asian": "typed then changed my mind",
            "consent": "yes",
        }
    )
    assert form.is_valid(), form.errors
    answers = form.answers()
    assert (answers["ethnicity"], answers["ethnicity_other"]) == (
        "mixed_other",
        "White and Chinese",
    )


def test_a_too_long_write_in_is_refused_only_when_its_option_is_chosen():
    long_text = "x" * 201
    chosen = bound(
        {"ethnicity": "white_other", "ethnicity_other_white": long_text, "consent": "yes"}
    )
    assert not chosen.is_valid()
    assert "200 characters or fewer" in chosen.errors["ethnicity_other_white"][0]
    other = bound(
        {"ethnicity": "white_irish", "ethnicity_other_white": long_text, "consent": "yes"}
    )
    assert other.is_valid(), other.errors
    assert other.answers()["ethnicity_other"] == ""


def test_require_an_answer_refuses_an_empty_form_with_a_message():
    form = bound({}, require_an_answer=True)
    assert not form.is_valid()
    assert "Answer at least one question" in form.non_field_errors()[0]
    assert form.error_summary_items()[0][0] == "id_eq-ethnicity"


def test_renders_19_categories_under_5_group_legends_then_prefer_not_to_say_last():
    html = render(EqualityMonitoringForm(prefix="eq"))
    legends = re.findall(r'legend--s">([^<]+)</legend>', html)
    assert legends == [label.replace("'", "&#x27;") for label in ETHNIC_GROUPS.values()]
    values = re.findall(r'name="eq-ethnicity" type="radio" value="([^"]+)"', html)
    assert values == [code for code, _l, _g in ETHNICITY_CATEGORIES] + ["prefer_not_to_say"]
    # Each group's options sit inside that group's fieldset.
    for group, label in ETHNIC_GROUPS.items():
        block = html.split(f'legend--s">{label}</legend>')[1].split("</fieldset>")[0]
        codes = re.findall(r'type="radio" value="([^"]+)"', block)
        assert codes == [c for c, _l, g in ETHNICITY_CATEGORIES if g == group]


def test_each_any_other_option_is_followed_by_its_own_words_box():
    html = render(EqualityMonitoringForm(prefix="eq"))
    follows = re.findall(
        r'value="([a-z_]+)">\s*<label[^>]*>[^<]*</label>\s*</div>\s*'
        r'<div class="govuk-radios__conditional"[^>]*>\s*<div[^>]*>\s*'
        r'<label class="govuk-label" for="id_eq-(ethnicity_other_[a-z]+)">',
        html,
    )
    assert follows == [
        ("asian_other", "ethnicity_other_asian"),
        ("black_other", "ethnicity_other_black"),
        ("mixed_other", "ethnicity_other_mixed"),
        ("white_other", "ethnicity_other_white"),
        ("other_any", "ethnicity_other_any"),
    ]
    # No script-driven reveal: GOV.UK's would put aria-expanded on a radio.
    assert "aria-controls" not in html


def test_every_question_explains_why_and_who_sees_it_and_ids_are_unique():
    html = render(EqualityMonitoringForm(prefix="eq"))
    for name in ["ethnicity", "sex", "age_band", "disability"]:
        hint = re.search(rf'id="id_eq-{name}-hint" class="govuk-hint">([^<]+)<', html).group(1)
        assert "We ask so the council" in hint
        assert PRIVACY_HINT.replace("'", "&#x27;") in hint
        assert f'aria-describedby="id_eq-{name}-hint"' in html
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    for target in re.findall(r'\bfor="([^"]+)"', html):
        assert target in ids
    assert CONSENT_WORDING in html


def test_two_prefixed_forms_on_one_page_share_no_ids_or_names():
    html = render(EqualityMonitoringForm(prefix="one")) + render(
        EqualityMonitoringForm(prefix="two")
    )
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert 'name="one-ethnicity"' in html and 'name="two-ethnicity"' in html


def test_errors_are_linked_to_their_fields_for_screen_readers():
    form = bound({"sex": "female"})
    form.is_valid()
    html = render(form)
    assert 'aria-describedby="id_eq-consent-hint id_eq-consent-error"' in html
    assert 'id="id_eq-consent-error" class="govuk-error-message"' in html
    assert form.error_summary_items() == [("id_eq-consent", form.errors["consent"][0])]
    # The summary link target is the checkbox itself.
    assert 'id="id_eq-consent" name="eq-consent" type="checkbox"' in html


def test_changing_answers_shows_them_but_never_pre_ticks_consent(db):
    from schools_platform.equality.models import EqualityProfile

    profile = EqualityProfile(
        purpose="survey", ethnicity="other_any", ethnicity_other="Kurdish", sex="male"
    )
    form = EqualityMonitoringForm(prefix="eq", initial=EqualityMonitoringForm.initial_for(profile))
    html = render(form)
    assert re.search(r'value="other_any" checked', html)
    assert 'value="Kurdish"' in html
    assert re.search(r'value="male" checked', html)
    assert "checked" not in html.split('name="eq-consent"')[1].split(">")[0]
