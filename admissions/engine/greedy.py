"""The greedy baseline: what a clerk does by hand. For each block in date order, the first
available eligible chair, then the first members who complete the lay and education mix, then
the first free clerk. Kept for comparison and as the solver's first solution."""

from __future__ import annotations

from collections import defaultdict

from .. import checker
from .season import PANEL_SIZE, Eligibility, Panel, Roster, Season


def compose(season: Season, elig: Eligibility, *, spare_capped: bool = False) -> Roster:
    """The clerk's method. With ``spare_capped`` (the engine's own start, not the baseline),
    members with the most season left go first, so members with a low season maximum are not
    used up by the first weeks."""
    member_booked: dict[str, set] = defaultdict(set)
    clerk_booked: dict[str, set] = defaultdict(set)
    week_count: dict[tuple, int] = defaultdict(int)
    year_count: dict[tuple, int] = defaultdict(int)
    roster: Roster = {}

    def fits(key, days, year):
        m = season.member(key)
        if member_booked[key] & days:
            return False
        if m.max_per_week:
            weeks = defaultdict(int)
            for d in days:
                weeks[d.isocalendar()[:2]] += 1
            existing = defaultdict(int)
            for d in m.other_sittings:
                existing[d.isocalendar()[:2]] += 1
            for w, n in weeks.items():
                if existing[w] + week_count[(key, w)] + n > m.max_per_week:
                    return False
        used = m.season_sittings + year_count[key, year] + len(days)
        return not (m.max_per_season and used > m.max_per_season)

    def room(key, year):
        m = season.member(key)
        if not m.max_per_season:
            return 10**6
        return m.max_per_season - m.season_sittings - year_count[key, year]

    order = sorted(season.blocks, key=lambda b: (min(b.days) if b.days else None, b.key))
    for block in order:
        days, year = set(block.days), season.academic_year.get(block.key)
        if not days:
            roster[block.key] = None
            continue
        free = [k for k in elig.members[block.key] if fits(k, days, year)]
        if spare_capped:
            free.sort(key=lambda k: -room(k, year))
        chairs = set(elig.chairs[block.key])
        chair = next((k for k in free if k in chairs), None)
        clerk = next((c for c in elig.clerks[block.key] if not clerk_booked[c] & days), None)
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
            roster[block.key] = None
            continue
        roster[block.key] = Panel(tuple(panel), chair, clerk)
        for k in panel:
            member_booked[k] |= days
            for d in days:
                week_count[(k, d.isocalendar()[:2])] += 1
            year_count[(k, year)] += len(days)
        clerk_booked[clerk] |= days
    return roster
