"""Small random seasons as plain data (no database), for the solver tests and quick trials.

Deterministic per seed. Not the benchmark's season: that one comes from the demo generator
at ``large`` (bench/engine.py), through the database, as a clerk's run would.
"""

from __future__ import annotations

import datetime as dt
import random

from .. import checker
from .season import Season

MONDAY = dt.date(2027, 6, 7)


def _weekdays(n: int) -> list[dt.date]:
    out, day = [], MONDAY
    while len(out) < n:
        if day.weekday() < 5:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def member(key, *, education=False, chair=False, weekly=None, **extra) -> checker.MemberFacts:
    declarations = (
        [
            checker.Declared(
                kind=checker.WORKED_IN_SCHOOL,
                role="teacher",
                school="999",
                started_on=dt.date(1990, 1, 1),
                ended_on=dt.date(2000, 1, 1),
            )
        ]
        if education
        else []
    )
    training = [(dt.date(2026, 1, 1), dt.date(2029, 1, 1))]
    return checker.MemberFacts(
        key=key,
        name=f"Member {key}",
        declarations=declarations + extra.pop("declarations", []),
        panel_training=training,
        chair_training=training if chair else [],
        appointed_on=dt.date(2025, 1, 1),
        weekly=weekly if weekly is not None else dict.fromkeys(range(5), "either"),
        **extra,
    )


def clerk(key, *, weekly=None, **extra) -> checker.ClerkFacts:
    """A trained clerk offering every weekday (as ``member``) unless ``weekly`` says."""
    return checker.ClerkFacts(
        key=key,
        name=f"Clerk {key}",
        trained_until=dt.date(2029, 1, 1),
        weekly=weekly if weekly is not None else dict.fromkeys(range(5), "either"),
        **extra,
    )


def block(key, days, *, school="100", mode="remote", **extra) -> checker.BlockFacts:
    return checker.BlockFacts(
        key=key,
        school=school,
        school_name=f"School {school}",
        authorities={"900"},
        days=list(days),
        mode=mode,
        **extra,
    )


def season(**kw) -> Season:
    s = Season(**kw)
    s.chair_capable = s.chair_capable or {m.key for m in s.members if m.chair_training}
    s.academic_year = s.academic_year or dict.fromkeys((b.key for b in s.blocks), 2026)
    return s


def random_season(seed: int, *, members=12, blocks=8, days=6, clerks=3, groups=False) -> Season:
    """Random availability, conflicts, caps and block lengths; often some block is impossible."""
    rng = random.Random(seed)
    dates = _weekdays(days)
    schools = [str(100 + i) for i in range(4)]
    pool = []
    for i in range(members):
        decls = []
        if rng.random() < 0.15:
            decls.append(checker.Declared(kind=checker.GOVERNOR, school=rng.choice(schools)))
        if rng.random() < 0.1:
            decls.append(
                checker.Declared(kind=checker.KNOWN_PERSON, person_name=f"P{rng.randrange(blocks)}")
            )
        pool.append(
            member(
                f"m{i}",
                education=rng.random() < 0.45,
                chair=rng.random() < 0.35,
                weekly={
                    d: rng.choice(["either", "remote", "in_person"])
                    for d in range(5)
                    if rng.random() < 0.7
                },
                declarations=decls,
                max_per_week=rng.choice([None, None, 2, 3]),
                max_per_season=rng.choice([None, 3, 5]),
                exceptions={rng.choice(dates): None} if rng.random() < 0.3 else {},
            )
        )
    hall = [clerk(f"c{i}") for i in range(clerks)]
    blocks_ = []
    for b in range(blocks):
        start = rng.randrange(len(dates))
        span = dates[start : start + rng.choice([1, 1, 2])]
        blocks_.append(
            block(
                f"B{b:02d}",
                span,
                school=rng.choice(schools),
                mode=rng.choice(["remote", "in_person"]),
                appellant_names=[f"P{b}"],
            )
        )
    s = season(blocks=blocks_, members=pool, clerks=hall)
    s.experienced = {m.key for m in pool if rng.random() < 0.4}
    s.new = {m.key for m in pool if m.key not in s.experienced and rng.random() < 0.3}
    s.complex_blocks = {b.key for b in blocks_ if rng.random() < 0.3}
    if groups:
        s.groups = {m.key: (rng.choice(["a", "b"]),) for m in pool if rng.random() < 0.8}
    return s
