"""Every URL pattern of the platform, with a sample URL for each (for the walks in this folder).

A pattern's sample fills each parameter from SAMPLE_VALUES by its name; a pattern with a
parameter not listed there (or no name to reverse) is reported by ``unfilled`` so a walk can
say what it left out rather than leave it out silently.
"""

import itertools
from dataclasses import dataclass

from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

# Values per parameter name, tried in turn until one fits the converter or expression.
SAMPLE_VALUES = {
    "pk": [1],
    "urn": [1],
    "answer_pk": [1],
    "membership_pk": [1],
    "page_id": [1],
    "page_view_restriction_id": [1],
    "object_id": [1],
    "content_type_id": [1],
    "id": [1],
    "token": ["no-such-token"],
    "slug": ["no-such-slug"],
    "code": ["A"],
    "importer": ["gias"],
    "fmt": ["csv", "xlsx", "json"],
    "format": ["json"],
    "what": ["notice"],
    "name": ["imports/nothing.csv"],
    "path": ["nothing/"],
    "app_label": ["core"],
    "model_name": ["user"],
}


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name
    route: str  # the pattern's text, prefixes joined
    params: tuple[str, ...]


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            params = tuple(pattern.pattern.regex.groupindex)
            name = f"{namespace}{pattern.name}" if pattern.name else ""
            yield Route(name, prefix + str(pattern.pattern), params)


def all_routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def sample_url(route: Route, **values) -> str | None:
    """A URL of the route with every parameter filled (``values`` first), or None."""
    choices = {**SAMPLE_VALUES, **{k: [v] for k, v in values.items()}}
    if not route.name or any(p not in choices for p in route.params):
        return None
    for combination in itertools.product(*(choices[p] for p in route.params)):
        try:
            return reverse(route.name, kwargs=dict(zip(route.params, combination, strict=True)))
        except NoReverseMatch:
            continue
    return None


def unfilled(routes) -> list[Route]:
    return [r for r in routes if sample_url(r) is None]
