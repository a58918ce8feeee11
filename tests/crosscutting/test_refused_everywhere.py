"""Refused everywhere: every URL pattern of the platform (its own pages, APIs and downloads,
Wagtail's admin and Django's admin), fetched by an anonymous visitor, is refused (sent to
sign in, 401, 403, 404, or 405 for a POST-only view) unless it is one of the public pages
below; and every school-scoped page with a school, board or policy review in its URL answers
another school's user 404, as if the thing did not exist, while its own school's user is let
in (so the 404 means "not yours", not "no such page").

One URL per pattern, with a sample for each parameter (tests/crosscutting/urls.py; a real
school's URN for ``urn``). The cross-school half uses real objects, so its 404 is the scope
check, not a missing row.
"""

import pytest
from django.urls import reverse

from schools_platform.core import roles
from schools_platform.home.demo import ensure_wagtail_roots
from tests.factories import make_user
from tests.governors.conftest import make_board
from tests.policies.conftest import build_version

from .urls import all_routes, sample_url, unfilled

pytestmark = pytest.mark.django_db

# Public on purpose, with why. Everything else must refuse an anonymous visitor.
PUBLIC = {
    "login": "the sign-in page",
    "wagtailadmin_login": "the admin's sign-in page",
    "admin:login": "Django admin's sign-in page (superusers)",
    "wagtailcore_login": "Wagtail's page-privacy sign-in",
    "wagtailadmin_password_reset": "password reset: asks for an address, shows nothing",
    "wagtailadmin_password_reset_done": "password reset: a fixed message",
    "wagtailadmin_password_reset_complete": "password reset: a fixed message",
    "wagtailadmin_sprite": "the admin's icon sprite",
    "wagtailadmin_javascript_catalog": "the admin's translations",
    "accessibility-statement": "the accessibility statement",
    "api-schema": "the API's OpenAPI schema (no data)",
    "api-reference": "the API reference page (no data)",
    "admissions-appellant-thanks": "a fixed thank-you page",
    "admissions-appellant-withdrawn": "a fixed page: the appellant's answers are withdrawn",
    "governor_recruitment:listings": "the public list of governor vacancies",
    "governor_recruitment:register-interest": "the public register-interest form",
    "governor_recruitment:applied": "a fixed thank-you page",
    "governor_recruitment:sign-in": "applicants ask for a sign-in link",
    "governor_recruitment:monitoring-thanks": "a fixed thank-you page",
    "governor_recruitment:campaign-link": "a campaign's public link: on to the vacancies",
    "admin:logout": "Django admin's sign-out: an anonymous visitor has nothing to end",
    "governors:public": "what a school must publish about its board (reference §1.9)",
    "cpd:check": "anyone may check a certificate's reference",
    "cpd_network:case-studies": "the network's public case studies",
    "cpd_network:checklist-item": "a checklist item with its public case studies",
    "cpd_network:report-comment": "anyone reading a public case study may report a comment",
    "cpd_network:resource-file": "a public resource's document (members-only ones refused)",
    "wagtail_serve": "the public site's pages",
}
# Patterns with parameters no sample fills: Wagtail and Django admin internals (every one
# behind the admin's own sign-in), Wagtail's public documents (their own privacy settings),
# the public site's catch-all page route and the API's catch-all 404 routes (no name).
UNFILLED_PREFIXES = ("admin/", "django-admin/", "documents/", "^((?:")
REFUSED = {302, 401, 403, 404, 405}


def _refused(response) -> bool:
    if response.status_code != 302:
        return response.status_code in REFUSED
    where = response["Location"]
    return "login" in where or "sign-in" in where


def test_an_anonymous_visitor_is_refused_every_page_but_the_public_ones(client, settings, school_a):
    settings.DEBUG = False
    ensure_wagtail_roots()
    routes = all_routes()
    left_out = [r for r in unfilled(routes) if r.name and not r.route.startswith(UNFILLED_PREFIXES)]
    assert left_out == [], f"no sample URL for {left_out}: add its parameter to SAMPLE_VALUES"
    walked, open_pages, seen = 0, [], set()
    for route in routes:
        url = sample_url(route, urn=school_a.urn)
        if url is None or url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        walked += 1
        assert response.status_code < 500, (route.name, url, response.status_code)
        if route.name in PUBLIC:
            continue
        if not _refused(response):
            open_pages.append((route.name, url, response.status_code))
    assert open_pages == [], f"answered an anonymous visitor: {open_pages}"
    assert walked > 600


def _school_scoped_urls(**ids):
    """Every route whose URL names a school (urn), a board or a policy review, filled with
    the given ids."""
    for route in all_routes():
        text = route.route
        if "urn" in route.params:
            kind = "urn"
        elif "pk" in route.params and "boards" in text and "governors" in text:
            kind = "board"
        elif "pk" in route.params and "reviews" in text and "policies" in text:
            kind = "review"
        else:
            continue
        params = {"urn": ids["urn"]} if kind == "urn" else {"pk": ids[kind]}
        if "code" in route.params:
            params["code"] = "A"
        if "answer_pk" in route.params:
            params["answer_pk"] = ids["answer"]
        url = sample_url(route, **params)
        if url is not None:
            yield route.name, url


# Public or council-wide pages with a school in their URL (not a school user's page).
NOT_SCHOOL_SCOPED = {"governors:public"}


def test_another_schools_user_gets_404_for_every_school_scoped_page(
    client, officer, school_a, school_b, leader_a, leader_b
):
    from policies import services as policy_services

    board = make_board(officer, [school_a])
    make_board(officer, [school_b])
    version = build_version(
        make_user(roles.RACE_EQUALITIES_OFFICER), make_user(roles.RACE_EQUALITIES_OFFICER)
    )
    review = policy_services.start_review(
        actor=leader_a, school=school_a, version=version, kind="behaviour"
    )
    answer = review.answers.first()
    ids = {"urn": school_a.urn, "board": board.pk, "review": review.pk, "answer": answer.pk}
    urls = dict(_school_scoped_urls(**ids))
    assert len(urls) >= 15, urls
    checked, not_404, owner_refused = [], [], []
    for name, url in sorted(urls.items()):
        if name in NOT_SCHOOL_SCOPED:
            continue
        client.force_login(leader_a)
        own = client.get(url)
        if own.status_code != 200:
            # Not a leader's page (the clerk's, an officer's admin screen: both leaders are
            # sent away alike), or POST only: a GET proves nothing about its scope.
            owner_refused.append((name, url, own.status_code))
            continue
        client.force_login(leader_b)
        other = client.get(url)
        checked.append(name)
        if other.status_code != 404:
            not_404.append((name, url, other.status_code))
    assert not_404 == [], f"another school's user was not told 404: {not_404}"
    # A school leader uses most of these pages; the rest are for the board's clerk or an
    # officer, and are refused to both leaders alike.
    assert len(checked) >= 10, (checked, owner_refused)
    assert {"school-detail", "governors:board-detail", "policies-review"} <= set(checked)


def test_the_sample_urls_cover_the_platforms_own_pages():
    names = {route.name for route in all_routes() if sample_url(route)}
    for name in ("school-detail", "governors:board-detail", "policies-review", "cpd:report"):
        assert name in names
    assert reverse("school-detail", args=[1]) == sample_url(
        next(r for r in all_routes() if r.name == "school-detail")
    )
