"""The methodology note shown with every published table (page, export, API)."""

from .cells import SYMBOLS
from .policy import ONE_DECIMAL_BASE, DisclosurePolicy


def methodology_note(policy: DisclosurePolicy) -> list[str]:
    """Plain-English paragraphs describing exactly what the policy did to the figures."""
    threshold = policy.suppress_up_to
    lines = []
    if threshold:
        lines.append(
            f"To protect people's identities, any count from 1 to {threshold} is shown as "
            "“c”. A true zero is shown as 0."
        )
    if policy.round_to > 1:
        lines.append(
            f"All other counts, totals included, are rounded to the nearest {policy.round_to}. "
            "Totals are added up before rounding, so they may not equal the sum of the "
            "rounded figures shown."
        )
    else:
        lines.append("Counts that are not suppressed are shown exactly (no rounding).")
    lines.append(
        "Where a hidden figure could be worked out from a total and the other figures, another "
        "figure is hidden too (secondary suppression), so no hidden figure can be recovered."
    )
    lines.append(
        "Percentages are calculated from the unrounded counts. They are shown only for groups "
        f"of at least {policy.min_percentage_base} people, to whole numbers, or to one decimal "
        f"place for groups of {ONE_DECIMAL_BASE:,} or more. In a group of fewer than "
        f"{policy.min_percentage_base} people where everyone is in one category, the whole "
        "group is shown as “c”."
    )
    return lines


def symbol_key() -> list[tuple[str, str]]:
    return list(SYMBOLS.items())
