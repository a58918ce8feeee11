"""The greedy baseline: what a clerk does by hand. For each block in date order, the first
available eligible chair, then the first members who complete the lay and education mix, then
the first free clerk. Kept for comparison and as the solver's first solution.

``guided`` is the engine's own variant: the same method, led by the season-wide relaxation's
plan (relax.py): the blocks the plan staffs first, with its chair and clerk and the members it
has sitting those days, then the rest."""

from __future__ import annotations

from collections import defaultdict

from .. import checker
from .season import PANEL_SIZE, Eligibility, Panel, Roster, Season


class _Bookings:
    """What the blocks composed so far take from each member and clerk."""

    def __init__(self, season: Season):
        self.season = season
        self.member_booked: dict[str, set] = defaultdict(set)
        self.clerk_booked: dict[str, set] = defaultdict(set)
        self.week_count: dict[tuple, int] = defaultdict(int)
        self.year_count: dict[tuple, int] = defaultdict(int)

    def fits(self, key, days, year) -> bool:
        m = self.season.member(key)
        if self.member_booked[key] & days:
            return False
        if m.max_per_week:
            weeks = defaultdict(int)
            for d in days:
                weeks[d.isocalendar()[:2]] += 1
            existing = defaultdict(int)
            for d in m.other_sittings:
                existing[d.isocalendar()[:2]] += 1
            for w, n in weeks.items():
                if existing[w] + self.week_count[(key, w)] + n > m.max_per_week:
                    return False
        used = m.season_sittings + self.year_count[key, year] + len(days)
        return not (m.max_per_season and used > m.max_per_season)

    def room(self, key, year) -> int:
        m = self.season.member(key)
        if not m.max_per_season:
            return 10**6
        return m.max_per_season - m.season_sittings - self.year_count[key, year]

    def clerk_free(self, key, days) -> bool:
        return not self.clerk_booked[key] & days

    def take(self, panel: Panel, days, year) -> None:
        for k in panel.members:
            self.member_booked[k] |= days
            for d in days:
                self.week_count[(k, d.isocalendar()[:2])] += 1
            self.year_count[(k, year)] += len(days)
        self.clerk_booked[panel.clerk] |= days


def _panel(season: Season, free: list[str], chairs, clerk) -> Panel | None:
    """A chair, then members completing the lay and education mix, then any, in ``free``'s
    order; None when no lawful panel of three comes out."""
    chair = next((k for k in free if k in chairs), None)
    panel = [chair] if chair else []
    for needed in (checker.LAY, checker.EDUCATION):
        if not any(season.member(k).category == needed for k in panel):
            pick = next(
                (k for k in free if k not in panel and season.member(k).category == needed),
                None,
            )
            if pick:
                panel.append(pick)
    for k in free:
        if len(panel) >= PANEL_SIZE:
            break
        if k not in panel:
            panel.append(k)
    cats = {season.member(k).category for k in panel}
    if chair is None or clerk is None or len(panel) < PANEL_SIZE or len(cats) < 2:
        return None
    return Panel(tuple(panel), chair, clerk)


def _date_order(season: Season):
    return sorted(season.blocks, key=lambda b: (min(b.days) if b.days else None, b.key))


def compose(season: Season, elig: Eligibility, *, spare_capped: bool = False) -> Roster:
    """The clerk's method. With ``spare_capped`` (the engine's own start, not the baseline),
    members with the most season left go first, so members with a low season maximum are not
    used up by the first weeks."""
    book = _Bookings(season)
    roster: Roster = {}
    for block in _date_order(season):
        days, year = set(block.days), season.academic_year.get(block.key)
        if not days:
            roster[block.key] = None
            continue
        free = [k for k in elig.members[block.key] if book.fits(k, days, year)]
        if spare_capped:
            free.sort(key=lambda k: -book.room(k, year))
        clerk = next((c for c in elig.clerks[block.key] if book.clerk_free(c, days)), None)
        panel = _panel(season, free, set(elig.chairs[block.key]), clerk)
        roster[block.key] = panel
        if panel:
            book.take(panel, days, year)
    return roster


def guided(season: Season, elig: Eligibility, plan) -> Roster:
    """The clerk's method led by a ``relax.Plan``: first the blocks the plan staffs, in date
    order, each with the plan's chair and clerk when they are free and the members the plan
    has sitting on all its days before others (members without a season maximum next, then
    those with the most season left); then every other block, sparing capped members. Every
    seat is checked against the caps and bookings as the clerk's method does, so the roster
    is lawful whatever the plan says (the checker still judges it)."""
    book = _Bookings(season)
    roster: Roster = {b.key: None for b in season.blocks}
    order = _date_order(season)
    planned = [b for b in order if b.key in plan.staffed]
    rest = [b for b in order if b.key not in plan.staffed]
    for led, blocks in ((True, planned), (False, rest)):
        for block in blocks:
            days, year = set(block.days), season.academic_year.get(block.key)
            if not days or roster[block.key]:
                continue
            free = [k for k in elig.members[block.key] if book.fits(k, days, year)]
            chairs = set(elig.chairs[block.key])
            clerks = [c for c in elig.clerks[block.key] if book.clerk_free(c, days)]
            if led:
                sits = plan.sits

                def rank(k, days=days, year=year, sits=sits):
                    capped = bool(season.member(k).max_per_season)
                    return (not days <= sits.get(k, set()), capped, -book.room(k, year))

                free.sort(key=rank)
                chair = plan.chairs.get(block.key)
                if chair in free:
                    free.remove(chair)
                    free.insert(0, chair)
                mine = plan.clerks.get(block.key)
                if mine in clerks:
                    clerks.remove(mine)
                    clerks.insert(0, mine)
            else:
                free.sort(key=lambda k, year=year: -book.room(k, year))
            panel = _panel(season, free, chairs, clerks[0] if clerks else None)
            roster[block.key] = panel
            if panel:
                book.take(panel, days, year)
    return roster
