"""Your data (subject access) and the data steward's erasure screens. Thin: the rules and the
audit rows are in core/personal_data.py."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import personal_data
from .downloads import attachment_response
from .forms import GovukFormMixin, error_summary_items

User = get_user_model()


@never_cache
@login_required
def my_data(request):
    return render(
        request,
        "core/personal_data/my_data.html",
        {
            "page_title": "Your data",
            "holdings": [
                (source, len(rows)) for source, rows in personal_data.holdings(request.user)
            ],
        },
    )


@never_cache
@login_required
def my_data_download(request, fmt: str):
    content, filename, content_type = personal_data.subject_access(
        actor=request.user, person=request.user, fmt=fmt
    )
    return attachment_response(content, filename, content_type)


def _require_steward(user) -> None:
    # The screens do not exist for anyone else (404, as for a missing person).
    if not user.has_perm(personal_data.ERASE_PERMISSION):
        raise Http404("No such page")


class FindPersonForm(GovukFormMixin, forms.Form):
    who = forms.CharField(
        label="Username or e-mail address",
        max_length=254,
        help_text="The exact username or e-mail address of the person who asked.",
        error_messages={"required": "Enter the person's username or e-mail address"},
    )

    def clean_who(self):
        who = self.cleaned_data["who"].strip()
        matches = list(User.objects.filter(Q(username__iexact=who) | Q(email__iexact=who))[:2])
        if not matches:
            raise ValidationError("No account has that username or e-mail address")
        if len(matches) > 1:
            raise ValidationError("Several accounts have that e-mail address: use the username")
        return matches[0]


class ConfirmErasureForm(GovukFormMixin, forms.Form):
    confirm = forms.BooleanField(
        label="I have checked the request and that the law allows this erasure",
        error_messages={"required": "Confirm that you have checked the request"},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def erasure_find(request):
    _require_steward(request.user)
    # POST, so the person's e-mail address never sits in a URL or an access log.
    form = FindPersonForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        return redirect("personal-data-erase", pk=form.cleaned_data["who"].pk)
    items = error_summary_items(form)
    return render(
        request,
        "core/personal_data/erasure_find.html",
        {
            "page_title": ("Error: " if items else "") + "Erase a person's data",
            "form": form,
        },
        status=400 if items else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def erasure_confirm(request, pk: int):
    _require_steward(request.user)
    person = get_object_or_404(User, pk=pk)
    form = ConfirmErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            personal_data.erase_person(actor=request.user, person=person)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, f"The data of account {person.pk} has been erased.")
            return redirect("personal-data-erase-find")
    items = error_summary_items(form)
    return render(
        request,
        "core/personal_data/erasure_confirm.html",
        {
            "page_title": ("Error: " if items else "") + f"Erase the data of {person}",
            "person": person,
            "plan": personal_data.erasure_plan(person),
            "form": form,
            "cancel_url": reverse("personal-data-erase-find"),
        },
        status=400 if items else 200,
    )
