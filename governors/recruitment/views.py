"""Public listings and the application form (no sign-in), and the decider's pages. Thin:
reads from selectors, writes from services."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from governors.choices import Category
from schools_platform.core.forms import add_service_errors, error_summary_items, service_form_page
from schools_platform.equality.forms import EqualityMonitoringForm, privacy_hint_for
from schools_platform.representation import charts, presenters

from . import exports, selectors, services
from .forms import (
    ApplicationForm,
    AppointForm,
    ListingTextForm,
    MoveForm,
    PublishForm,
    SignInLinkForm,
)
from .models import Stage

SESSION_CAMPAIGN = "governor_recruitment_campaign"
SESSION_RESUME = "governor_recruitment_resume"


def listing_list(request):
    filters = selectors.ListingFilters(
        council=request.GET.get("council", ""),
        area=request.GET.get("area", ""),
        phase=request.GET.get("phase", ""),
        category=request.GET.get("category", ""),
    )
    page = Paginator(selectors.public_listings(filters), 20).get_page(request.GET.get("page"))
    rows = [(listing, selectors.schools_of(listing)) for listing in page.object_list]
    return render(
        request,
        "governor_recruitment/listing_list.html",
        {
            "page_obj": page,
            "rows": rows,
            "filters": filters,
            "options": selectors.filter_options(),
            "categories": [c for c in Category.choices if c[0] != Category.HEADTEACHER],
            "page_title": "Become a school governor",
        },
    )


def listing_detail(request, pk: int):
    listing = selectors.get_public_listing(pk=pk)
    return render(
        request,
        "governor_recruitment/listing_detail.html",
        {
            "listing": listing,
            "schools": selectors.schools_of(listing),
            "category": Category(listing.category).label,
            "page_title": listing.title,
        },
    )


def campaign_link(request, code: str):
    """A campaign's short link: remember it for the application, then show the listings."""
    campaign = services.campaign_for_code(code)
    if campaign is not None:
        request.session[SESSION_CAMPAIGN] = campaign.pk
    return redirect("governor_recruitment:listings")


def _campaign(request):
    code = request.GET.get("c") or request.POST.get("campaign_code")
    if code:
        campaign = services.campaign_for_code(code)
        if campaign is not None:
            request.session[SESSION_CAMPAIGN] = campaign.pk
            return campaign
    pk = request.session.get(SESSION_CAMPAIGN)
    if pk:
        return services.Campaign.objects.filter(pk=pk).first()
    return None


def _resumed(request, listing):
    """The saved application this visitor came back to by its link, for this form."""
    token = request.session.get(SESSION_RESUME)
    link = services.resume_link(token) if token else None
    if link is None or link.listing_id != (listing.pk if listing else None):
        return None
    return link


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request, pk: int | None = None):
    listing = selectors.get_public_listing(pk=pk) if pk is not None else None
    campaign = _campaign(request)
    resumed = _resumed(request, listing)
    if resumed is not None and campaign is None:
        campaign = resumed.campaign
    data = request.POST if request.method == "POST" else None
    initial = resumed.draft if (resumed is not None and data is None) else None
    form = ApplicationForm(
        data,
        initial=initial,
        options=selectors.heard_about_options(),
        ask_heard_about=campaign is None,
    )
    monitoring = EqualityMonitoringForm(
        data, prefix="equality", privacy_hint=privacy_hint_for(services.PURPOSE)
    )
    if request.method == "POST" and "save" in request.POST:
        draft = {
            k: (request.POST.getlist(k) if k in form.MULTIPLE else v)
            for k, v in request.POST.items()
            if k in form.fields
        }
        try:
            services.save_for_later(
                actor=request.user,
                email=request.POST.get("email", ""),
                listing=listing,
                campaign=campaign,
                draft=draft,
            )
        except ValidationError as error:
            # Saving needs only a valid address: show that one error, not the whole form's.
            form.full_clean()
            form._errors = ErrorDict({"email": form.error_class(error.message_dict["email"])})
        else:
            return render(
                request,
                "governor_recruitment/saved.html",
                {"email": request.POST.get("email", ""), "page_title": "Application saved"},
            )
    elif request.method == "POST" and form.is_valid() and monitoring.is_valid():
        kwargs = monitoring.service_kwargs()
        answered = any(kwargs["answers"].values())
        try:
            application = services.apply(
                actor=request.user,
                listing=listing,
                details=form.details(),
                campaign=campaign,
                monitoring=kwargs if answered else None,
                resumed=resumed,
                **form.heard(),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            request.session.pop(SESSION_CAMPAIGN, None)
            request.session.pop(SESSION_RESUME, None)
            request.session["governor_recruitment_done"] = application.reference
            return redirect("governor_recruitment:applied")
    title = f"Apply: {listing.title}" if listing else "Register your interest in being a governor"
    items = error_summary_items(form, monitoring) if form.is_bound else []
    return render(
        request,
        "governor_recruitment/apply.html",
        {
            "form": form,
            "monitoring": monitoring,
            "listing": listing,
            "campaign": campaign,
            "resumed": resumed,
            "error_items": items,
            "page_title": f"Error: {title}" if items else title,
            "heading": title,
        },
    )


def resume(request, token: str):
    """A link back to a saved application: remember it, then open the form with its answers."""
    link = services.resume_link(token)
    if link is None:
        return render(
            request,
            "governor_recruitment/link_expired.html",
            {"page_title": "This link has expired"},
            status=404,
        )
    request.session[SESSION_RESUME] = token
    if link.listing_id:
        return redirect("governor_recruitment:apply", pk=link.listing_id)
    return redirect("governor_recruitment:register-interest")


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in_request(request):
    """Ask for a sign-in link to see your applications (same answer whoever you are)."""
    form = SignInLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.send_sign_in_link(email=form.cleaned_data["email"])
        return render(
            request,
            "governor_recruitment/sign_in_sent.html",
            {"email": form.cleaned_data["email"], "page_title": "Check your e-mail"},
        )
    items = error_summary_items(form)
    title = "See your governor applications"
    return render(
        request,
        "governor_recruitment/sign_in.html",
        {"form": form, "error_items": items, "page_title": f"Error: {title}" if items else title},
    )


def sign_in_with_link(request, token: str):
    user = services.use_sign_in_link(token)
    if user is None:
        return render(
            request,
            "governor_recruitment/link_expired.html",
            {"page_title": "This link has expired"},
            status=404,
        )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect("governor_recruitment:my-applications")


@login_required
def my_applications(request):
    applications = list(selectors.applications_of_applicant(request.user))
    return render(
        request,
        "governor_recruitment/my_applications.html",
        {"applications": applications, "page_title": "Your governor applications"},
    )


@login_required
@require_http_methods(["POST"])
def withdraw(request, pk: int):
    application = selectors.get_own_application(request.user, pk=pk)
    try:
        services.move_stage(actor=request.user, application=application, to_stage=Stage.WITHDRAWN)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Application {application.reference} was withdrawn.")
    return redirect("governor_recruitment:my-applications")


def applied(request):
    return render(
        request,
        "governor_recruitment/applied.html",
        {
            "reference": request.session.get("governor_recruitment_done", ""),
            "page_title": "Application sent",
        },
    )


# --- whoever decides ----------------------------------------------------------------------


def _whole_number(value: str) -> int | None:
    return int(value) if re.fullmatch(r"[0-9]{1,9}", value or "") else None


@login_required
def application_list(request):
    """The applications the user may move, optionally for one board or vacancy and at one
    stage (links from the board's vacancies page); a filter naming something the user
    cannot see simply finds nothing."""
    stage = request.GET.get("stage", "")
    filters = selectors.ApplicationFilters(
        board=_whole_number(request.GET.get("board", "")),
        listing=_whole_number(request.GET.get("listing", "")),
        stage=stage if stage in Stage.values else "",
    )
    applications = selectors.filter_applications(
        selectors.applications_for_user(request.user), filters
    )
    page = Paginator(applications, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "governor_recruitment/application_list.html",
        {
            "page_obj": page,
            "filters": filters,
            "stages": Stage.choices,
            "page_title": "Governor applications",
        },
    )


@login_required
def board_applications(request, pk: int):
    """The board page's link: the application list for this board (404 for a board the
    user may not manage)."""
    board = selectors.get_board_to_manage(request.user, pk=pk)
    return redirect(f"{reverse('governor_recruitment:application-list')}?board={board.pk}")


# --- a board's vacancies: publish and close (its clerk, chair, school leaders, officers) ---


@login_required
def board_vacancies(request, pk: int):
    board = selectors.get_board_to_manage(request.user, pk=pk)
    return render(
        request,
        "governor_recruitment/board_vacancies.html",
        {
            "board": board,
            "seats": selectors.vacant_seats(board),
            "listings": selectors.listings_of_board(board),
            "today": timezone.localdate(),
            "page_title": f"Vacancies: {board.name}",
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def publish(request, pk: int):
    board = selectors.get_board_to_manage(request.user, pk=pk)
    seats = [(s.category, s.label) for s in selectors.vacant_seats(board) if s.unpublished]
    initial = {"category": request.GET.get("category", "")}
    form = PublishForm(request.POST or None, seats=seats, initial=initial)

    def save(form):
        listing = services.publish_vacancy(
            actor=request.user,
            board=board,
            category=form.cleaned_data["category"],
            **form.listing_text(),
        )
        return f"“{listing.title}” is published: it is on the public vacancy listing now."

    return service_form_page(
        request,
        form,
        save,
        template="governor_recruitment/publish.html",
        title=f"Publish a vacancy: {board.name}",
        success_url=reverse("governor_recruitment:board-vacancies", args=[board.pk]),
        context={"board": board, "seats": seats},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def edit_listing(request, pk: int):
    listing = selectors.get_listing_for_user(request.user, pk=pk)
    if not listing.is_open:
        raise Http404("No open vacancy found")
    initial = {
        "title": listing.title,
        "description": listing.description,
        "skills": ", ".join(listing.skills_sought),
        "meeting_times": listing.meeting_times,
        "closes_on": listing.closes_on,
    }

    def save(form):
        services.update_listing(actor=request.user, listing=listing, **form.listing_text())
        return "The vacancy was changed."

    return service_form_page(
        request,
        ListingTextForm(request.POST or None, initial=initial),
        save,
        template="governor_recruitment/edit_listing.html",
        title=f"Change the vacancy: {listing.title}",
        success_url=reverse("governor_recruitment:board-vacancies", args=[listing.board_id]),
        context={"listing": listing},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def close_vacancy(request, pk: int):
    """Confirm, then close: the listing leaves the public pages; its applications stay."""
    listing = selectors.get_listing_for_user(request.user, pk=pk)
    back = reverse("governor_recruitment:board-vacancies", args=[listing.board_id])
    if request.method == "POST":
        if listing.is_open:
            services.close_listing(actor=request.user, listing=listing)
            messages.success(request, f"“{listing.title}” is closed and off the public listing.")
        else:
            messages.info(request, f"“{listing.title}” was already closed.")
        return redirect(back)
    return render(
        request,
        "governor_recruitment/close_listing.html",
        {"listing": listing, "back": back, "page_title": f"Close the vacancy: {listing.title}"},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request, pk: int):
    application = selectors.get_application_for_user(request.user, pk=pk)

    def save(form):
        services.move_stage(
            actor=request.user,
            application=application,
            to_stage=form.cleaned_data["stage"],
            note=form.cleaned_data["note"],
        )
        return "The application was moved."

    return service_form_page(
        request,
        MoveForm(request.POST or None),
        save,
        template="governor_recruitment/application_detail.html",
        title=f"Application {application.reference}",
        success_url=reverse("governor_recruitment:application-detail", args=[application.pk]),
        context={
            "application": application,
            "stage_label": Stage(application.stage).label,
            "suggestions": selectors.suggested_vacancies(application)
            if application.is_open
            else [],
        },
    )


@login_required
def listing_suggestions(request, pk: int):
    """Applicants whose skills, place, phase and times fit the vacancy (never equality
    answers: the matcher cannot read them)."""
    listing = selectors.get_listing_for_user(request.user, pk=pk)
    return render(
        request,
        "governor_recruitment/listing_suggestions.html",
        {
            "listing": listing,
            "suggestions": selectors.suggested_applicants(request.user, listing),
            "page_title": f"Suggested applicants: {listing.title}",
        },
    )


_APPOINT_ALIASES = {"eligibility": None, "appointment": None, "stage": None, "category": None}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def appoint(request, pk: int):
    """Appoint a nominated applicant: the term of office is created with the move."""
    application = selectors.get_application_for_user(request.user, pk=pk)

    def save(form):
        services.move_stage(
            actor=request.user,
            application=application,
            to_stage=Stage.APPOINTED,
            note=form.cleaned_data["note"],
            appointment=form.appointment(),
        )
        return "The applicant was appointed and the term recorded."

    title = f"Appoint {application.first_name} {application.last_name}"
    return service_form_page(
        request,
        AppointForm(request.POST or None),
        save,
        template="governor_recruitment/appoint.html",
        title=title,
        success_url=reverse("governor_recruitment:application-detail", args=[application.pk]),
        context={"application": application, "heading": title},
        add_errors=lambda form, error: add_service_errors(form, error, _APPOINT_ALIASES),
    )


def _report_year(request, default=None):
    year = request.GET.get("year", "")
    return int(year) if re.fullmatch(r"[0-9]{4}", year) else default


def _require_report(user):
    if not user.has_perm(services.REPORT_PERMISSION):
        raise PermissionDenied


@login_required
def campaign_report(request):
    """Funnel by outreach source: applicants, the share from under-represented groups,
    conversion to appointment and time to it; every count through publish_counts."""
    _require_report(request.user)
    year = _report_year(request)
    version = selectors.report_inputs_version()  # read once for the report and its trend
    lines, totals, years = selectors.cached_source_report(year=year, version=version)
    trend = selectors.cached_source_trend(version=version)
    return render(
        request,
        "governor_recruitment/campaign_report.html",
        {
            "columns": selectors.SOURCE_COLUMNS,
            "lines": lines,
            "totals": totals,
            "year": year,
            "years": years,
            "trend": trend,
            "trend_rows": [(source, trend.row(source)) for source in trend.sources]
            if trend
            else [],
            "trend_chart": _source_trend_chart(trend),
            "page_title": "Recruitment campaigns: applicants and appointments",
        },
    )


@dataclass(frozen=True)
class _Share:
    """A share worked out from published counts, in the shape the chart kit draws."""

    percent: Decimal | None
    percent_symbol: str


def _conversion_share(line) -> _Share:
    text = line.conversion
    if text.endswith("%"):
        return _Share(Decimal(text[:-1]), "")
    return _Share(None, text)


def _source_trend_chart(trend):
    """Each source's conversion to appointment year by year, from the report's own
    conversions (shown only where both counts are, for a base of at least 30)."""
    if trend is None:
        return None
    return charts.bar_chart(
        "sources-trend-chart",
        f"Appointed of applicants by source, {trend.years[0]} to {trend.years[-1]}",
        "Horizontal bars give the percentage of each source's applicants who were appointed, "
        "for each year of application; where the counts are suppressed or too small there is "
        "no bar. The table after the chart gives the same figures.",
        [
            (
                source,
                [
                    (str(year), _conversion_share(line), "app-chart__bar--trend")
                    for year, line in zip(trend.years, trend.row(source), strict=True)
                ],
            )
            for source in trend.sources
        ],
    )


@login_required
def funnel(request):
    """The funnel by high-level ethnic group for a year, the relative likelihood of being
    appointed from application by year, and the board make-up (every governor serving, with
    the answers those who gave any gave) against pupils and the community, for one scope:
    all schools, a council, phase or area (the landed representation report)."""
    _require_report(request.user)
    years = selectors.application_years()
    year = _report_year(request, years[0] if years else None)
    trend_years = sorted(years)[-selectors.TREND_YEARS :]
    # The chosen year and the trend's years are counted in one pass, and kept.
    tables = selectors.cached_funnel_by_year(years={*trend_years, *([year] if year else [])})
    table = tables.get(year)
    trend = selectors.funnel_trend(years=trend_years, tables=tables)
    reports = selectors.governors_reports(request.user, years=sorted(years)[-5:])
    scope = request.GET.get("scope") or "all"
    try:
        make_up, options, make_up_year = selectors.board_make_up(
            request.user, year=year, scope=scope
        )
    except ValueError:  # a scope that is malformed or has none of the user's schools
        scope = "all"
        make_up, options, make_up_year = selectors.board_make_up(request.user, year=year)
    chart = None
    if table is not None:
        chart = charts.bar_chart(  # bars only from published shares
            "funnel-chart",
            f"Share of each ethnic group at each stage, applications made in {year}",
            "Horizontal bars give each high-level ethnic group's share of the people who "
            "reached each stage; suppressed shares have no bar. The table after the chart "
            "gives the same figures.",
            [
                (
                    group,
                    [
                        (column, table.cell(group, column), "app-chart__bar--applied")
                        for column in table.column_labels
                    ],
                )
                for group in table.row_labels
            ],
        )
    return render(
        request,
        "governor_recruitment/funnel.html",
        {
            "year": year,
            "years": years,
            "table": table,
            "rows": [
                (row, [table.cell(row, c) for c in table.column_labels])
                for row in (table.row_labels if table else ())
            ],
            "totals": [table.cell("total", c) for c in table.column_labels] if table else [],
            "chart": chart,
            "trend": trend,
            "trend_rows": _funnel_trend_rows(trend),
            "likelihood": [(y, r.relative_likelihood) for y, r in sorted(reports.items())],
            "make_up": make_up,
            "make_up_year": make_up_year,
            "make_up_rows": presenters.report_tables(make_up)["groups"] if make_up else [],
            "scope": scope,
            "scopes": _scope_choices(options) if options else [],
            "page_title": "Governor applications: the funnel by ethnic group",
        },
    )


def _funnel_trend_rows(trend) -> list:
    """Per stage: (stage, its chart, [(year, [cell per group], total cell)])."""
    if trend is None:
        return []
    charts_by_stage = _funnel_trend_charts(trend)
    return [
        (
            stage,
            charts_by_stage[stage],
            [
                (year, [trend.cell(year, g, stage) for g in trend.groups], total)
                for year, total in zip(trend.years, trend.totals(stage), strict=True)
            ],
        )
        for stage in trend.stages
    ]


def _funnel_trend_charts(trend) -> dict:
    """stage -> a chart of each group's share year by year (bars only from published
    shares), drawn beside that stage's table."""
    if trend is None:
        return {}
    found = {}
    for number, stage in enumerate(trend.stages):
        found[stage] = charts.bar_chart(
            f"funnel-trend-chart-{number}",
            f"{stage}: share of each ethnic group, {trend.years[0]} to {trend.years[-1]}",
            "Horizontal bars give each high-level ethnic group's share of the people at this "
            "stage in each year of application; suppressed shares have no bar. The table "
            "after the chart gives the same figures.",
            [
                (
                    group,
                    [
                        (str(year), trend.cell(year, group, stage), "app-chart__bar--trend")
                        for year in trend.years
                    ],
                )
                for group in trend.groups
            ],
        )
    return found


def _scope_choices(options) -> list[tuple[str, str]]:
    """Every scope the board make-up can be shown for, one dimension at a time."""
    choices = [("all", "All schools")]
    choices += [(f"council:{code}", f"{name} council") for code, name in options.councils]
    choices += [(f"phase:{phase}", f"Phase: {phase}") for phase in options.phases]
    choices += [(f"area:{area}", f"Area: {area}") for area in options.areas]
    return choices


@login_required
def export_funnel(request, fmt: str):
    _require_report(request.user)
    years = selectors.application_years()
    year = _report_year(request, years[0] if years else timezone.localdate().year)
    headers, rows = exports.funnel_table(selectors.funnel_by_group(year=year))
    services.record_export(actor=request.user, report="funnel", fmt=fmt, year=year)
    return exports.respond(fmt, f"governor-funnel-{year}", f"Funnel {year}", headers, rows)


@login_required
def export_funnel_trend(request, fmt: str):
    _require_report(request.user)
    years = selectors.application_years()
    trend = selectors.funnel_trend(
        years=years,
        tables=selectors.cached_funnel_by_year(years=sorted(years)[-selectors.TREND_YEARS :]),
    )
    if trend is None:
        raise Http404("No applications are recorded yet")
    headers, rows = exports.funnel_trend_table(trend)
    services.record_export(actor=request.user, report="funnel-trend", fmt=fmt, year=None)
    name = f"governor-funnel-{trend.years[0]}-{trend.years[-1]}"
    return exports.respond(fmt, name, "Funnel by year", headers, rows)


@login_required
def export_sources_trend(request, fmt: str):
    _require_report(request.user)
    trend = selectors.cached_source_trend()
    if trend is None:
        raise Http404("No applications are recorded yet")
    headers, rows = exports.source_trend_table(trend)
    services.record_export(actor=request.user, report="sources-trend", fmt=fmt, year=None)
    name = f"governor-recruitment-sources-{trend.years[0]}-{trend.years[-1]}"
    return exports.respond(fmt, name, "Sources by year", headers, rows)


@login_required
def export_sources(request, fmt: str):
    _require_report(request.user)
    year = _report_year(request)
    lines, totals, _years = selectors.cached_source_report(year=year)
    headers, rows = exports.source_table(selectors.SOURCE_COLUMNS, lines, totals)
    services.record_export(actor=request.user, report="sources", fmt=fmt, year=year)
    name = f"governor-recruitment-sources-{year or 'all-years'}"
    return exports.respond(fmt, name, "Sources", headers, rows)


# --- serving governors' own monitoring answers --------------------------------------------------


def _serving_monitoring_form(request):
    return EqualityMonitoringForm(
        request.POST if request.method == "POST" else None,
        prefix="equality",
        require_an_answer=True,
        privacy_hint=privacy_hint_for(services.SERVING_PURPOSE),
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def serving_monitoring(request):
    """A serving governor gives (or gives again) their optional monitoring answers; the board
    make-up counts them. Someone who serves on no board is told so."""
    places = selectors.serving_terms_of(request.user)
    if not places:
        return render(
            request,
            "governor_recruitment/serving_monitoring.html",
            {"places": [], "page_title": "Equality monitoring for governors"},
        )

    def save(form):
        services.record_serving_monitoring(
            actor=request.user, governor_id=places[0].governor_id, monitoring=form.service_kwargs()
        )
        return "Thank you. Your answers have been saved."

    return service_form_page(
        request,
        _serving_monitoring_form(request),
        save,
        template="governor_recruitment/serving_monitoring.html",
        title="Equality monitoring for governors",
        success_url=reverse("governor_recruitment:serving-monitoring"),
        context={"places": places, "answered": selectors.has_serving_answers(request.user)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def monitoring_by_link(request, token: str):
    """The invitation e-mailed to a serving governor: the same questions, no sign-in."""
    link = services.monitoring_link(token)
    if link is None:
        return render(
            request,
            "governor_recruitment/link_expired.html",
            {"page_title": "This link has expired"},
            status=404,
        )

    def save(form):
        services.record_serving_monitoring(
            actor=request.user, link=link, monitoring=form.service_kwargs()
        )
        return "Thank you. Your answers have been saved."

    return service_form_page(
        request,
        _serving_monitoring_form(request),
        save,
        template="governor_recruitment/serving_monitoring.html",
        title="Equality monitoring for governors",
        success_url=reverse("governor_recruitment:monitoring-thanks"),
        context={"by_link": True},
    )


def monitoring_thanks(request):
    return render(
        request,
        "governor_recruitment/monitoring_thanks.html",
        {"page_title": "Your answers have been saved"},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def invite_monitoring(request, pk: int):
    """The board's clerk (chair, school leaders, officers) e-mails its serving governors an
    invitation to give their optional monitoring answers."""
    board = selectors.get_board_to_manage(request.user, pk=pk)
    if request.method == "POST":
        invited = services.invite_serving_governors(actor=request.user, board=board)
        messages.success(
            request, f"{invited} governor{'s' if invited != 1 else ''} invited by e-mail."
        )
        return redirect("governor_recruitment:invite-monitoring", pk=board.pk)
    places = selectors.serving_on_board(board)
    return render(
        request,
        "governor_recruitment/invite_monitoring.html",
        {
            "board": board,
            "with_email": sum(1 for p in places if p.email),
            "without_email": [p for p in places if not p.email],
            "page_title": f"Invite {board.name}'s governors to give monitoring answers",
        },
    )
