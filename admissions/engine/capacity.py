"""The capacity check run before solving: per day, who is free and eligible against what the
day's blocks need, in plain words. A shortfall here proves some block that day cannot be
staffed, whatever the solver does (reference §4.4: without it, one impossible day left the
solver with nothing after 60 s)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .. import checker
from .season import PANEL_SIZE, Eligibility, Season


@dataclass
class DayCapacity:
    date: object
    blocks: int
    chairs: int
    lay: int
    education: int
    members: int
    clerks: int
    shortfalls: list[str]

    @property
    def label(self) -> str:
        return f"{self.date:%-d %B %Y}"

    def as_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "label": self.label,
            "blocks": self.blocks,
            "chairs": self.chairs,
            "lay": self.lay,
            "education": self.education,
            "members": self.members,
            "clerks": self.clerks,
            "shortfalls": self.shortfalls,
        }


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def by_day(season: Season, elig: Eligibility) -> list[DayCapacity]:
    """One line per hearing day of the run, with the shortfalls that day in plain words."""
    blocks_on = defaultdict(list)
    for block in season.blocks:
        for day in set(block.days):
            blocks_on[day].append(block.key)
    out = []
    for day in sorted(blocks_on):
        keys = blocks_on[day]
        members = set().union(*(elig.members[k] for k in keys))
        chairs = set().union(*(elig.chairs[k] for k in keys))
        clerks = set().union(*(elig.clerks[k] for k in keys))
        lay = {m for m in members if season.member(m).category == checker.LAY}
        edu = members - lay
        n = len(keys)
        label = f"{day:%-d %B %Y}"
        needs = _plural(n, "block needs", "blocks need")
        shortfalls = []
        if len(chairs) < n:
            shortfalls.append(
                f"{label}: {needs} a chair, "
                f"{_plural(len(chairs), 'chair-capable member is', 'chair-capable members are')}"
                " free."
            )
        if len(lay) < n:
            shortfalls.append(
                f"{label}: {needs} a lay member, "
                f"{_plural(len(lay), 'lay member is', 'lay members are')} free."
            )
        if len(edu) < n:
            shortfalls.append(
                f"{label}: {needs} a member with experience in education, "
                f"{_plural(len(edu), 'such member is', 'such members are')} free."
            )
        if len(members) < PANEL_SIZE * n:
            shortfalls.append(
                f"{label}: {_plural(n, 'block needs', 'blocks need')} {PANEL_SIZE * n} members "
                f"in all, {_plural(len(members), 'member is', 'members are')} free."
            )
        if len(clerks) < n:
            shortfalls.append(
                f"{label}: {needs} a clerk, {_plural(len(clerks), 'clerk is', 'clerks are')} free."
            )
        out.append(
            DayCapacity(
                day, n, len(chairs), len(lay), len(edu), len(members), len(clerks), shortfalls
            )
        )
    return out


def unstaffed_reasons(season: Season, elig: Eligibility, days: list[DayCapacity], key: str):
    """Why a block the engine left unstaffed could not be staffed, in plain words."""
    block = season.block(key)
    own = [f"{key}: {r}." for r in elig.reasons[key]]
    if own:
        return own
    short = [s for d in days if d.date in set(block.days) for s in d.shortfalls]
    if short:
        return short
    return [
        f"{key}: every panel that could sit would break a member's weekly or season maximum, "
        "or take the last free member from another block that day."
    ]
