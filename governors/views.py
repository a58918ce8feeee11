"""Member pages (a board's clerk, chair, school leaders, officers) and the public governance
page. Thin: reads come from selectors (scoped, 404 alike for missing and forbidden), writes
from services (permission, rules, audit)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from schools_platform.core.downloads import csv_response
from schools_platform.core.forms import error_summary_items as error_items
from schools_platform.core.forms import service_form_page
from schools_platform.registry.selectors import schools_for_user

from . import selectors, services
from .forms import (
    AppointForm,
    BoardRoleForm,
    CheckForm,
    CorrectTermForm,
    DeclarationForm,
    EndTermForm,
    InstrumentForm,
    TrainingForm,
    add_service_errors,
    meeting_form_class,
)
from .resources import COLUMNS as GIAS_COLUMNS


@login_required
def board_list(request):
    boards = selectors.boards_for_user(request.user)
    page = Paginator(boards, 50).get_page(request.GET.get("page"))
    summaries = selectors.vacancies_by_board(list(page.object_list), people=False)
    return render(
        request,
        "governors/board_list.html",
        {"page_obj": page, "summaries": summaries, "page_title": "Governing boards"},
    )


_PK_SENTINEL = 2_147_483_647


def _term_url(name: str):
    """A function term pk -> URL for a ``terms/<int:pk>/...`` route, reversed once a request
    rather than once a row (the board page lists every term with up to five links)."""
    pattern = reverse(f"governors:{name}", args=[_PK_SENTINEL])
    before, after = pattern.split(str(_PK_SENTINEL), 1)
    return lambda pk: f"{before}{pk}{after}"


def _term_links(terms) -> None:
    urls = {name: _term_url(name) for name in TERM_LINKS}
    for term in terms:
        term.links = {name.replace("-", "_"): url(term.pk) for name, url in urls.items()}


TERM_LINKS = ("end-term", "set-role", "correct-term", "checks", "record-declaration")


def _board_page_body(context) -> str:
    # The serving, missing-declaration and safeguarding rows are these same term objects.
    _term_links(context["terms"])
    return render_to_string("governors/board_page.html", context)


@never_cache
@login_required
def board_detail(request, pk: int):
    board = selectors.get_board_for_user(request.user, pk=pk)
    # The page's body (everything below the breadcrumbs) holds nothing of the request: it is
    # cached against a version of its inputs (services.board_page).
    body = services.board_page(viewer=request.user, board=board, render=_board_page_body)
    # Rendered text of a template that depends on nothing but the page's data: safe to mark.
    body = mark_safe(body)  # noqa: S308
    return render(
        request,
        "governors/board_detail.html",
        {"board": board, "body": body, "page_title": board.name},
    )


def _managed_board(request, pk):
    board = selectors.get_board_for_user(request.user, pk=pk)
    if not services.can_manage_board(request.user, board):
        raise PermissionDenied("You cannot change this board's records.")
    return board


def _form_page(request, form, save, *, template, title, board, term=None):
    """A member form page: the kit's service form shape, back to the board's page."""
    return service_form_page(
        request,
        form,
        save,
        template=template,
        title=title,
        success_url=reverse("governors:board-detail", args=[board.pk]),
        context={"board": board, "term": term},
        add_errors=add_service_errors,
    )


def _managed_term(request, pk):
    term = selectors.get_term_for_user(request.user, pk=pk)
    if not services.can_manage_board(request.user, term.board):
        raise PermissionDenied("You cannot change this board's records.")
    return term


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def appoint(request, pk: int):
    board = _managed_board(request, pk)

    def save(form):
        term = services.appoint_governor(actor=request.user, board=board, **form.service_kwargs())
        return f"{term.governor}: new {term.get_category_display().lower()} term recorded."

    return _form_page(
        request,
        AppointForm(request.POST or None),
        save,
        template="governors/appoint.html",
        title=f"Record a new term: {board.name}",
        board=board,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def end_term(request, pk: int):
    term = _managed_term(request, pk)

    def save(form):
        services.end_term(
            actor=request.user,
            term=term,
            ended_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["reason"],
        )
        return f"{term.governor}'s term was recorded as ended."

    return _form_page(
        request,
        EndTermForm(request.POST or None),
        save,
        template="governors/end_term.html",
        title=f"End {term.governor}'s term",
        board=term.board,
        term=term,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def new_instrument(request, pk: int):
    board = _managed_board(request, pk)
    current = selectors.instrument_on(board, selectors._today())
    initial = {s.category: (s.seats, s.term_years) for s in current.seats.all()} if current else {}

    def save(form):
        _instrument, advice = services.add_instrument_version(
            actor=request.user,
            board=board,
            effective_from=form.cleaned_data["effective_from"],
            seats=form.seats(),
            notes=form.cleaned_data["notes"],
        )
        for problem in advice:
            messages.warning(request, str(problem))
        return "The new version of the instrument of government was saved."

    return _form_page(
        request,
        InstrumentForm(request.POST or None, current=initial),
        save,
        template="governors/instrument_form.html",
        title=f"New instrument of government: {board.name}",
        board=board,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def record_meeting(request, pk: int):
    board = _managed_board(request, pk)
    serving = selectors.serving_terms(board)

    def save(form):
        services.record_meeting(actor=request.user, board=board, **form.service_kwargs())
        return "The meeting and its attendance were recorded."

    return _form_page(
        request,
        meeting_form_class(serving)(request.POST or None),
        save,
        template="governors/meeting_form.html",
        title=f"Record a meeting: {board.name}",
        board=board,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def record_declaration(request, pk: int):
    term = _managed_term(request, pk)

    def save(form):
        services.record_declaration(actor=request.user, term=term, **form.service_kwargs())
        return f"{term.governor}'s declaration of interests was recorded."

    return _form_page(
        request,
        DeclarationForm(request.POST or None),
        save,
        template="governors/declaration_form.html",
        title=f"Declaration of interests: {term.governor}",
        board=term.board,
        term=term,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def checks_and_training(request, pk: int):
    """A governor's DBS and section 128 checks and training, for the board's managers only:
    criminal offence data (UK GDPR Art. 10)."""
    term = selectors.get_term_for_user(request.user, pk=pk)
    if not services.can_manage_board(request.user, term.board):
        raise PermissionDenied("You cannot see or change this governor's checks.")
    which = request.POST.get("form") if request.method == "POST" else None
    check_form = CheckForm(request.POST if which == "check" else None, prefix="check")
    training_form = TrainingForm(request.POST if which == "training" else None, prefix="training")
    form = check_form if which == "check" else training_form
    if which in ("check", "training") and form.is_valid():
        data = form.cleaned_data
        try:
            if which == "check":
                services.record_check(actor=request.user, governor=term.governor, **data)
            else:
                services.record_training(
                    actor=request.user, governor=term.governor, source="member page", **data
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("governors:checks", term.pk)
    bound = which in ("check", "training") and form.errors
    return render(
        request,
        "governors/checks.html",
        {
            "term": term,
            "board": term.board,
            "check_form": check_form,
            "training_form": training_form,
            "error_items": error_items(form) if bound else [],
            "checks": term.governor.checks.order_by("-checked_on"),
            "training": term.governor.training.order_by("-completed_on"),
            "cpd_training": selectors.cpd_training([term.governor]).get(term.governor.pk, []),
            "page_title": (
                f"{'Error: ' if bound else ''}Checks and training: {term.governor.full_name}"
            ),
        },
        status=400 if bound else 200,
    )


def _term_form_page(request, pk, form_class, template, title, save, initial=None):
    term = _managed_term(request, pk)
    return _form_page(
        request,
        form_class(request.POST or None, initial=initial(term) if initial else None),
        lambda form: save(term, form),
        template=template,
        title=f"{title}: {term.governor}",
        board=term.board,
        term=term,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def set_role(request, pk: int):
    def save(term, form):
        holding = services.set_board_role(actor=request.user, term=term, **form.cleaned_data)
        role = holding.get_role_display().lower()
        return f"{term.governor} is {role} from {holding.starts_on:%d/%m/%Y}."

    return _term_form_page(
        request, pk, BoardRoleForm, "governors/role_form.html", "Chair or vice-chair", save
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def correct_term(request, pk: int):
    def save(term, form):
        services.correct_term(
            actor=request.user, term=term, reason=form.cleaned_data["reason"], **form.changes(term)
        )
        return f"{term.governor}'s term was corrected."

    def initial(term):
        return {
            "appointing_body": term.appointing_body,
            "starts_on": term.starts_on,
            "ends_on": term.ends_on,
        }

    return _term_form_page(
        request, pk, CorrectTermForm, "governors/correct_form.html", "Correct a term", save, initial
    )


@never_cache
@login_required
def checks_due(request):
    """DBS, section 128 checks and training missing, overdue or due soon, for the boards the
    user may change (the clerk's, the chair's, every board for an officer); ?board= narrows it
    to one. Criminal offence data: never for someone who cannot change the board's records."""
    boards = selectors.boards_user_manages(request.user)
    board = None
    if request.GET.get("board", "").isdigit():
        board = boards.filter(pk=int(request.GET["board"])).first()
        if board is None:
            raise Http404("No board found")
        boards = [board]
    items = selectors.checks_due(list(boards))
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "governors/checks_due.html",
        {
            "page_obj": page,
            "board": board,
            "overdue": sum(1 for i in items if i.overdue),
            "renewal_years": selectors.dbs_renewal_years(),
            "page_title": f"Checks and training due: {board.name}"
            if board
            else "Checks and training due",
        },
    )


@never_cache
@login_required
def reconciliation(request):
    """Platform against GIAS for the schools the user may see, one school (?urn=) or one
    council (?authority=LA code); ?format=csv gives the GIAS download columns."""
    schools = schools_for_user(request.user).order_by("name")
    urn, authority = request.GET.get("urn", "").strip(), request.GET.get("authority", "").strip()
    if urn.isdigit():
        schools = schools.filter(urn=int(urn))
    if authority:
        schools = schools.filter(authority__la_code=authority)
    if request.GET.get("format") == "csv":
        rows = selectors.gias_rows(selectors.reconcile(schools))
        return csv_response("governors-for-gias.csv", GIAS_COLUMNS, rows)
    page = Paginator(schools, 25).get_page(request.GET.get("page"))
    results = selectors.reconcile(page.object_list)
    return render(
        request,
        "governors/reconciliation.html",
        {
            "page_obj": page,
            "results": results,
            "urn": urn,
            "authority": authority,
            "page_title": "Governors on the platform and in GIAS",
        },
    )


def public_governance(request, urn: int):
    """No sign-in: what the school must publish about its board (reference §1.9)."""
    context = selectors.public_governance(urn=urn)
    context["page_title"] = f"Governance: {context['school'].name}"
    return render(request, "governors/public.html", context)
