"""Reads of the panel engine, scoped: the clerk's role (who may compose rosters) sees runs;
nobody else sees any (missing and forbidden are both 404)."""

from __future__ import annotations

import pandas as pd
from django.db.models import QuerySet
from django.http import Http404

from schools_platform.disclosure.control import publish_counts

from .. import checker
from .. import selectors as pool_selectors
from ..models import Clerk, PanelMember
from .models import EngineRun

RUN_PERMISSION = "admissions.manage_rosters"


def can_run(user) -> bool:
    return pool_selectors.can_see_pool(user) and user.has_perm(RUN_PERMISSION)


def runs_for_user(user) -> QuerySet[EngineRun]:
    base = EngineRun.objects.select_related("created_by")
    return base if can_run(user) else base.none()


LIST_FIELDS = ("id", "kind", "label", "status", "gap", "created_at")


def run_list_for_user(user) -> QuerySet[EngineRun]:
    """The runs list: only the columns it shows, never the stored results (large JSON)."""
    return runs_for_user(user).select_related(None).only(*LIST_FIELDS)


def get_run_for_user(user, *, pk: int) -> EngineRun:
    try:
        return runs_for_user(user).get(pk=pk)
    except EngineRun.DoesNotExist:
        raise Http404("No engine run found") from None


def names(run: EngineRun) -> tuple[dict[str, str], dict[str, str]]:
    """Member and clerk names by key, for the run's page (two queries)."""
    members = {str(pk): n for pk, n in PanelMember.objects.values_list("pk", "full_name")}
    clerks = {str(pk): n for pk, n in Clerk.objects.values_list("pk", "full_name")}
    return members, clerks


def block_ids_by_reference(run: EngineRun) -> dict[str, int]:
    """The run's blocks' ids by reference, for the links of the run's page (one query)."""
    return dict(run.blocks.values_list("reference", "pk"))


def panel_mix(run: EngineRun):
    """Who the proposal seats, by category, chair and travel area: counts of people, through
    disclosure control. Nothing here reads equality answers."""
    seated, chairs = set(), set()
    for panel in (run.proposal or {}).values():
        if panel:
            seated |= set(panel["members"])
            chairs.add(panel["chair"])
    rows = {}
    for pk, category, area in PanelMember.objects.filter(active=True).values_list(
        "pk", "category", "travel_area"
    ):
        key = str(pk)
        label = "Lay members" if category == checker.LAY else "Members with experience in education"
        for row in (label, f"Travel area: {area or 'not given'}"):
            line = rows.setdefault(row, [0, 0])
            line[0 if key in seated else 1] += 1
        if key in chairs:
            rows.setdefault("Chairs", [0, 0])[0] += 1
    frame = pd.DataFrame.from_dict(
        rows, orient="index", columns=["Seated in the proposal", "Not seated"]
    )
    return publish_counts(frame.sort_index()) if len(frame) else None
