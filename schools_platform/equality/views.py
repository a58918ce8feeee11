"""Equality monitoring pages: a person's own answers, and the data steward's screens.

Thin: the rules, permission checks and audit rows live in services.py. Every page here is
person-level, so none may be cached.
"""

import functools

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from schools_platform.core.downloads import csv_response
from schools_platform.core.forms import error_summary_items

from . import services
from .forms import (
    SELF_SERVICE_PURPOSES,
    EqualityMonitoringForm,
    PurposeForm,
    StewardFilterForm,
    privacy_hint_for,
)
from .models import EqualityProfile
from .selectors import get_own_profile, live_profile_for_steward, profiles_for_person
from .tables import steward_rows_html


def _add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the field it names, or at the top."""
    for field, messages_ in error.message_dict.items():
        target = field if field in form.fields else None
        for message in messages_:
            form.add_error(target, message)


def _title(title: str, error_items) -> str:
    # GOV.UK pattern: a page with errors says so first in its title.
    return f"Error: {title}" if error_items else title


# --- the person's own answers ---------------------------------------------------------------


@never_cache
@login_required
def my_answers(request):
    return render(
        request,
        "equality/my_answers.html",
        {
            "page_title": "Your equality monitoring answers",
            "profiles": list(profiles_for_person(request.user)),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def give_answers(request):
    data = request.POST if request.method == "POST" else None
    initial = {}
    if request.GET.get("purpose") in {p.value for p in SELF_SERVICE_PURPOSES}:
        initial["purpose"] = request.GET["purpose"]
    purpose_form = PurposeForm(data, initial=initial)
    form = EqualityMonitoringForm(
        data,
        prefix="equality",
        require_an_answer=True,
        privacy_hint=privacy_hint_for(None),
    )
    if data is not None:
        purpose_ok = purpose_form.is_valid()
        answers_ok = form.is_valid()
        if purpose_ok and answers_ok:
            try:
                services.record_profile(
                    actor=request.user,
                    user=request.user,
                    purpose=purpose_form.cleaned_data["purpose"],
                    **form.service_kwargs(),
                )
            except ValidationError as error:
                _add_service_errors(purpose_form, error)
            else:
                messages.success(request, "Thank you. Your answers have been saved.")
                return redirect("equality-my-answers")
    error_items = error_summary_items(purpose_form, form)
    return render(
        request,
        "equality/give.html",
        {
            "page_title": _title("Give equality monitoring answers", error_items),
            "purpose_form": purpose_form,
            "form": form,
            "error_items": error_items,
        },
        status=400 if data is not None else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def change_answers(request, pk: int):
    profile = get_own_profile(request.user, pk=pk, active_only=True)
    kwargs = {"privacy_hint": privacy_hint_for(profile.purpose)}
    if request.method == "POST":
        form = EqualityMonitoringForm(request.POST, prefix="equality", **kwargs)
        if form.is_valid():
            try:
                services.update_profile(
                    actor=request.user, profile=profile, **form.service_kwargs()
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(request, "Your answers have been updated.")
                return redirect("equality-my-answers")
    else:
        form = EqualityMonitoringForm(
            prefix="equality", initial=EqualityMonitoringForm.initial_for(profile), **kwargs
        )
    error_items = error_summary_items(form)
    return render(
        request,
        "equality/change.html",
        {
            "page_title": _title("Change your equality monitoring answers", error_items),
            "profile": profile,
            "form": form,
            "error_items": error_items,
        },
        status=400 if form.is_bound else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def withdraw_answers(request, pk: int):
    profile = get_own_profile(request.user, pk=pk, active_only=True)
    if request.method == "POST":
        services.withdraw_profile(actor=request.user, profile=profile)
        messages.success(
            request, "Your answers have been deleted. They will not be counted from now on."
        )
        return redirect("equality-my-answers")
    return render(
        request,
        "equality/withdraw_confirm.html",
        {
            "page_title": "Withdraw your equality monitoring answers",
            "profile": profile,
            "cancel_url": reverse("equality-my-answers"),
            "by_steward": False,
        },
    )


# --- the data steward -----------------------------------------------------------------------


def steward_required(view):
    """Sign in first; then anyone but the data steward is refused (403)."""

    @functools.wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not services.is_data_steward(request.user):
            raise PermissionDenied("Only the data steward can see these pages.")
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


def _render_steward_list(request, filter_form, page):
    error_items = error_summary_items(filter_form) if filter_form.is_bound else []
    return render(
        request,
        "equality/steward_list.html",
        {
            "page_title": _title("Equality monitoring answers", error_items),
            "filter_form": filter_form,
            "page_obj": page,
            "rows": steward_rows_html(page.object_list) if page is not None else "",
            "querystring": filter_form.querystring(),
            "error_items": error_items,
        },
        status=400 if page is None else 200,
    )


@steward_required
def steward_list(request):
    filter_form = StewardFilterForm(request.GET or None)
    page = None
    if not filter_form.is_bound or filter_form.is_valid():
        page = services.steward_list_profiles(
            actor=request.user,
            filters=filter_form.filters() if filter_form.is_bound else {},
            page_number=request.GET.get("page"),
        )
    return _render_steward_list(request, filter_form, page)


@steward_required
def steward_detail(request, pk: int):
    try:
        profile = services.steward_view_profile(actor=request.user, profile_id=pk)
    except EqualityProfile.DoesNotExist:
        raise Http404("No equality profile found") from None
    return render(
        request,
        "equality/steward_detail.html",
        {"page_title": f"Equality monitoring answers: profile {profile.pk}", "profile": profile},
    )


@steward_required
def steward_export(request):
    filter_form = StewardFilterForm(request.GET or None)
    if filter_form.is_bound and not filter_form.is_valid():
        return _render_steward_list(request, filter_form, None)
    rows = services.steward_export_profiles(
        actor=request.user, filters=filter_form.filters() if filter_form.is_bound else {}
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return csv_response(f"equality-profiles-{stamp}.csv", rows[0], rows[1:])


@steward_required
@require_http_methods(["GET", "POST"])
def steward_withdraw(request, pk: int):
    """Withdraw on the person's written request to stop (DPA 2018 Sch. 1 para 8(5))."""
    profile = live_profile_for_steward(request.user, pk=pk)
    if request.method == "POST":
        services.withdraw_profile(actor=request.user, profile=profile)
        messages.success(request, f"The answers on profile {profile.pk} have been deleted.")
        return redirect("equality-steward-detail", pk=profile.pk)
    return render(
        request,
        "equality/withdraw_confirm.html",
        {
            "page_title": f"Withdraw the answers on profile {profile.pk}",
            "profile": profile,
            "cancel_url": reverse("equality-steward-detail", args=[profile.pk]),
            "by_steward": True,
        },
    )
