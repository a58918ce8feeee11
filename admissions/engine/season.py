"""A season to staff, as plain data, and the two uses of the checker the engine makes.

No database and no solver here. ``Season`` holds the checker's facts for the chosen blocks,
members and clerks (their bookings outside the run already in ``other_sittings``) plus what
the soft objectives look at. Eligibility is computed by asking ``checker.check_roster`` about
one person and one block, so a hard rule lives once, in the checker; ``judge`` asks it again
about each proposed panel with the run's other bookings added, before anything is shown.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from .. import checker

PANEL_SIZE = 3  # SI 2012/9 Schedule: at least three; the engine seats exactly three
_CLERK_RULES = {
    "clerk_untrained",
    "clerk_independent",
    "clerk_double_booked",
    "clerk_unavailable",
    "rehearing_clerk",
}


@dataclass(frozen=True)
class Panel:
    members: tuple[str, ...]
    chair: str
    clerk: str


Roster = dict[str, Panel | None]  # block key -> panel, None when unstaffed


@dataclass(frozen=True)
class Preference:
    """What a member stated on their own preferences page (a soft wish, never a hard rule,
    never equality data): weekdays they would rather not sit, schools they would rather not
    hear, and the way they would rather sit ("" for either)."""

    avoid_weekdays: frozenset[int] = frozenset()
    avoid_schools: frozenset[str] = frozenset()  # school keys (URNs)
    mode: str = ""  # "remote" / "in_person" / ""

    def cost(self, block: checker.BlockFacts) -> int:
        """Seats-worth of wishes a sitting on the block goes against: one per day on an
        avoided weekday, one for an avoided school, one when the block's mode is not theirs."""
        days = set(block.days)
        return (
            sum(1 for d in days if d.weekday() in self.avoid_weekdays)
            + (block.school in self.avoid_schools)
            + bool(self.mode and block.mode != self.mode)
        )


@dataclass
class Season:
    blocks: list[checker.BlockFacts]
    members: list[checker.MemberFacts]
    clerks: list[checker.ClerkFacts]
    chair_capable: set[str] = field(default_factory=set)  # members the authority lets chair
    experienced: set[str] = field(default_factory=set)  # sat often enough to guide others
    new: set[str] = field(default_factory=set)  # not yet sat
    complex_blocks: set[str] = field(default_factory=set)  # many appellants, rehearings
    academic_year: dict[str, int] = field(default_factory=dict)  # block -> year (season caps)
    member_area: dict[str, str] = field(default_factory=dict)
    block_area: dict[str, str] = field(default_factory=dict)  # in-person venues only
    # Rotation history from saved rosters outside the run (rolling year).
    school_history: dict[tuple[str, str], int] = field(default_factory=dict)  # (member, school)
    past_trios: set[frozenset[str]] = field(default_factory=set)
    # Diversity labels per member, one per characteristic; empty unless the objective is on.
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)
    current: Roster = field(default_factory=dict)  # the saved roster, for minimal change
    excluded: dict[str, set[str]] = field(default_factory=dict)  # block -> members kept off
    preferences: dict[str, Preference] = field(default_factory=dict)  # member -> their wishes
    # Decomposition (decompose.py): a part of a season is solved with the rest of the roster
    # fixed; these carry what the fixed blocks already give each member and clerk.
    load_offset: dict[str, int] = field(default_factory=dict)  # member -> sittings elsewhere
    clerk_schools: set[tuple[str, str]] = field(default_factory=set)  # (clerk, school) in use

    def member(self, key: str) -> checker.MemberFacts:
        return self._members[key]

    def block(self, key: str) -> checker.BlockFacts:
        return self._blocks[key]

    def clerk(self, key: str) -> checker.ClerkFacts:
        return self._clerks[key]

    def __post_init__(self):
        self._members = {m.key: m for m in self.members}
        self._blocks = {b.key: b for b in self.blocks}
        self._clerks = {c.key: c for c in self.clerks}


@dataclass
class Eligibility:
    members: dict[str, list[str]]  # block -> members who may sit on it (pool order)
    chairs: dict[str, list[str]]  # block -> members who may chair it
    clerks: dict[str, list[str]]  # block -> clerks who may clerk it
    reasons: dict[str, list[str]]  # block -> why it cannot be staffed at all (plain words)


def eligibility(season: Season) -> Eligibility:
    """Who may sit on, chair and clerk each block, by the checker's own rules."""
    members, chairs, clerks, reasons = {}, {}, {}, {}
    for block in season.blocks:
        excluded = season.excluded.get(block.key, set())
        ok, can_chair = [], []
        for m in season.members:
            if m.key in excluded:
                continue
            found = checker.check_roster(
                checker.Proposal(block=block, members=[m], chair=m.key, clerk=None)
            )
            own = [b for b in found if b.member == m.key and b.rule not in _CLERK_RULES]
            if any(b.rule != "chair_trained" for b in own):
                continue
            ok.append(m.key)
            if not own and m.key in season.chair_capable:
                can_chair.append(m.key)
        free_clerks = []
        for c in season.clerks:
            found = checker.check_roster(
                checker.Proposal(block=block, members=[], chair=None, clerk=c)
            )
            if not any(b.rule in _CLERK_RULES for b in found):
                free_clerks.append(c.key)
        members[block.key], chairs[block.key], clerks[block.key] = ok, can_chair, free_clerks
        reasons[block.key] = _block_reasons(season, block, ok, can_chair, free_clerks)
    return Eligibility(members, chairs, clerks, reasons)


def _block_reasons(season, block, ok, can_chair, free_clerks) -> list[str]:
    out = []
    if not block.days:
        out.append("it has no hearing days")
    if not can_chair:
        out.append("no chair-capable member is free and eligible")
    lay = [k for k in ok if season.member(k).category == checker.LAY]
    edu = [k for k in ok if season.member(k).category == checker.EDUCATION]
    if not lay:
        out.append("no lay member is free and eligible")
    if not edu:
        out.append("no member with experience in education is free and eligible")
    if len(ok) < PANEL_SIZE:
        out.append(f"only {len(ok)} member(s) are free and eligible; a panel needs {PANEL_SIZE}")
    if not free_clerks:
        out.append("no clerk is available, free, trained and independent of the school")
    return out


def season_load(season: Season, roster: Roster) -> dict[str, int]:
    """Sittings (days) per member in the proposed roster; every member listed."""
    load = dict.fromkeys(season._members, 0)
    for key, panel in roster.items():
        if panel:
            for m in panel.members:
                load[m] += len(set(season.block(key).days))
    return load


def judge(season: Season, roster: Roster) -> dict[str, list[checker.Breach]]:
    """The checker's verdict on every staffed block, each panel seen with the run's other
    bookings, so caps and double bookings across the run are judged too."""
    days_of = {k: set(season.block(k).days) for k in roster}
    member_days: dict[str, list[tuple[str, dt.date]]] = defaultdict(list)
    clerk_days: dict[str, list[tuple[str, dt.date]]] = defaultdict(list)
    for key, panel in roster.items():
        if panel:
            for m in panel.members:
                member_days[m] += [(key, d) for d in days_of[key]]
            clerk_days[panel.clerk] += [(key, d) for d in days_of[key]]
    out = {}
    for key, panel in roster.items():
        if not panel:
            continue
        block = season.block(key)
        year = season.academic_year.get(key)
        members = []
        for m in panel.members:
            facts = season.member(m)
            elsewhere = [d for other, d in member_days[m] if other != key]
            same_year = {
                (other, d)
                for other, d in member_days[m]
                if other != key and season.academic_year.get(other) == year
            }
            members.append(
                dataclasses.replace(
                    facts,
                    other_sittings=list(facts.other_sittings) + elsewhere,
                    season_sittings=facts.season_sittings + len(same_year),
                )
            )
        clerk = season.clerk(panel.clerk)
        clerk = dataclasses.replace(
            clerk,
            other_sittings=list(clerk.other_sittings)
            + [d for other, d in clerk_days[panel.clerk] if other != key],
        )
        out[key] = checker.check_roster(
            checker.Proposal(block=block, members=members, chair=panel.chair, clerk=clerk)
        )
    return out


def seats_changed(before: Roster, after: Roster, *, outside: set[str] = frozenset()) -> int:
    """Booked seats (members and clerk) taken from someone between two rosters, skipping
    ``outside`` blocks. Seats on a block that had no panel before are not counted: nobody
    loses a booking (``blocks_newly_staffed`` counts those)."""
    changed = 0
    for key in set(before) | set(after):
        if key in outside:
            continue
        a, b = before.get(key), after.get(key)
        old = set(a.members) | {f"clerk:{a.clerk}"} if a else set()
        new = set(b.members) | {f"clerk:{b.clerk}"} if b else set()
        changed += len(old - new)
    return changed


def blocks_newly_staffed(before: Roster, after: Roster) -> int:
    return sum(1 for k, p in after.items() if p and not before.get(k))


def roster_as_json(roster: Roster) -> dict:
    return {
        k: ({"members": list(p.members), "chair": p.chair, "clerk": p.clerk} if p else None)
        for k, p in roster.items()
    }


def roster_from_json(data: dict) -> Roster:
    return {
        k: (Panel(tuple(v["members"]), v["chair"], v["clerk"]) if v else None)
        for k, v in (data or {}).items()
    }
