"""core.text.normalise and its SQL twin core.search.Normalised give the same text."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schools_platform.core.models import AuditEvent
from schools_platform.core.search import Normalised
from schools_platform.core.text import normalise

SAMPLES = {
    "St Thérèse": "st therese",
    "FAÇADE": "facade",
    "O’Reilly": "o'reilly",  # noqa: RUF001
    "‘Quoted’ and “double”": "'quoted' and \"double\"",  # noqa: RUF001
    "Nursery – Infant — Upper ‑ Lower − x": "nursery - infant - upper - lower - x",  # noqa: RUF001
    "  Straße\u00a0\u00a0Ørsted\tÉcole  ": "strasse ørsted ecole",
    "Ysgol Gymraeg Ffordd-y-Môr": "ysgol gymraeg ffordd-y-mor",
    "Plain ASCII `quoted`  Text": "plain ascii 'quoted' text",
    "": "",
}


@pytest.mark.parametrize(("text", "expected"), SAMPLES.items())
def test_normalise(text, expected):
    assert normalise(text) == expected


@settings(max_examples=50, deadline=None, database=None)
@given(st.text(max_size=30))
def test_normalise_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)


@pytest.mark.django_db
def test_the_database_normalises_as_python_does():
    for n, text in enumerate(SAMPLES):
        AuditEvent.objects.create(actor_label="x", verb=f"v{n}", target_label=text)
    rows = AuditEvent.objects.annotate(n=Normalised("target_label")).values_list(
        "target_label", "n"
    )
    # PostgreSQL keeps runs of whitespace (search terms never contain any).
    assert {label: " ".join(n.split()) for label, n in rows} == {t: normalise(t) for t in SAMPLES}
