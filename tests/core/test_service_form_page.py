"""The kit's service form page: valid → the service → message and redirect; the service's
ValidationError → on its field, the error summary, "Error:" title, status 400."""

from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from schools_platform.core import forms as kit


class NameForm(forms.Form):
    name = forms.CharField()


def _request(data=None):
    request = RequestFactory().post("/x/", data) if data is not None else RequestFactory().get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _page(request, save, captured):
    def render(request, template, context, status):
        captured.update(context, status=status)
        return status

    original = kit.render
    kit.render = render
    try:
        return kit.service_form_page(
            request,
            NameForm(request.POST or None),
            save,
            template="unused.html",
            title="Name the thing",
            success_url="/done/",
            context={"extra": 1},
        )
    finally:
        kit.render = original


def test_success_redirects_with_the_services_message():
    request = _request({"name": "Ada"})
    response = _page(request, lambda form: f"Saved {form.cleaned_data['name']}.", {})
    assert response.status_code == 302 and response.url == "/done/"
    assert [str(m) for m in request._messages] == ["Saved Ada."]


def test_a_service_refusal_goes_on_its_field_with_status_400():
    def save(form):
        raise ValidationError({"name": "That name is taken.", "other": "At the top."})

    captured = {}
    assert _page(_request({"name": "Ada"}), save, captured) == 400
    assert captured["page_title"] == "Error: Name the thing" and captured["extra"] == 1
    assert captured["form"].errors == {"name": ["That name is taken."], "__all__": ["At the top."]}
    assert [message for _id, message in captured["error_items"]] == [
        "At the top.",
        "That name is taken.",
    ]


def test_an_empty_page_is_200_without_errors():
    captured = {}
    assert _page(_request(), lambda form: None, captured) == 200
    assert captured["error_items"] == [] and captured["page_title"] == "Name the thing"


def test_aliases_move_a_services_name_to_the_forms_field():
    form = NameForm({"name": "x"})
    form.is_valid()
    kit.add_service_errors(
        form, ValidationError({"full_name": "Too short."}), {"full_name": "name"}
    )
    kit.add_service_errors(form, ValidationError("Plain message."))
    assert form.errors == {"name": ["Too short."], "__all__": ["Plain message."]}
