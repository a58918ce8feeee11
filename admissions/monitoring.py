"""Monitoring figures for the appeals service: the DfE appeals statistics (lodged, withdrawn,
heard, upheld, by phase; reference §2.1) and the make-up of the panel pool by the members'
voluntary equality answers. Every count of people goes through ``disclosure.publish_counts``.

Equality answers are read here for pool-level monitoring only: never per member, never by the
checker, the roster editor or the hearing papers (docs/modules/admissions.md).
"""

from __future__ import annotations

import pandas as pd
from django.db.models import Count, Q

from schools_platform.disclosure import PublishedTable, publish_counts
from schools_platform.equality.choices import CATEGORY_GROUP, ETHNIC_GROUPS
from schools_platform.equality.models import EqualityProfile
from schools_platform.equality.selectors import reportable_profiles

from .models import Appeal, AppealDecision

DFE_COLUMNS = ("Lodged", "Withdrawn", "Heard", "Upheld")
NOT_GIVEN = "Phase not recorded"
PREFER_NOT = "Prefer not to say"


def dfe_counts(appeals=None) -> pd.DataFrame:
    """Appeals lodged, withdrawn, heard (decided) and upheld, by the school's phase."""
    appeals = Appeal.objects.all() if appeals is None else appeals
    rows = (
        appeals.values("block__round__school__phase")
        .annotate(
            lodged=Count("pk"),
            withdrawn=Count("pk", filter=Q(withdrawn_on__isnull=False)),
            heard=Count("pk", filter=~Q(decision="")),
            upheld=Count("pk", filter=Q(decision=AppealDecision.UPHELD)),
        )
        .order_by("block__round__school__phase")
    )
    data = {
        (r["block__round__school__phase"] or NOT_GIVEN): [
            r["lodged"], r["withdrawn"], r["heard"], r["upheld"]
        ]
        for r in rows
    }  # fmt: skip
    return pd.DataFrame.from_dict(data, orient="index", columns=list(DFE_COLUMNS), dtype="int64")


def dfe_statistics(appeals=None) -> PublishedTable | None:
    frame = dfe_counts(appeals)
    if frame.empty:
        return None
    return publish_counts(frame, column_totals=True)


def pool_make_up() -> PublishedTable | None:
    """Active pool members by ethnic group, from the answers they chose to give (purpose
    "panel member"); the share of the pool that answered is the column total."""
    profiles = reportable_profiles("ethnicity").filter(
        purpose=EqualityProfile.Purpose.PANEL_MEMBER,
        user__panel_member__active=True,
    )
    counts = dict.fromkeys(ETHNIC_GROUPS.values(), 0) | {PREFER_NOT: 0}
    for code, n in (
        profiles.values("ethnicity").annotate(n=Count("pk")).values_list("ethnicity", "n")
    ):
        group = CATEGORY_GROUP.get(code)
        counts[ETHNIC_GROUPS.get(group, PREFER_NOT)] += n
    if not any(counts.values()):
        return None
    frame = pd.DataFrame({"Panel pool": counts}, dtype="int64")
    return publish_counts(frame, column_totals=True, shares_within="column")


def table_rows(table: PublishedTable) -> list[list]:
    """Rows for a page or a CSV: the label, then each published figure or its symbol."""
    out = []
    for label, cells in zip(table.row_labels, table.cells, strict=True):
        out.append([label] + [c.symbol if c.count is None else c.count for c in cells])
    if table.column_totals:
        out.append(
            ["Total"] + [c.symbol if c.count is None else c.count for c in table.column_totals]
        )
    return out
