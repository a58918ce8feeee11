"""Checking panels from outside: a JSON or YAML description of blocks, members and clerks, read
into the checker's plain facts and judged by ``checker.check_roster`` without the database.

Used by ``manage.py check_panel FILE`` and ``POST /appeals/api/check-panel/``; the format is
documented with an example in docs/modules/admissions.md ("Checking a panel from outside").
Bad input raises ``PanelFileError`` naming the field (``blocks[0].days[1]``); nothing is judged
until the whole description reads.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import yaml

from . import checker

WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4}
MODES = {"in_person", "remote", "either"}
DECLARATION_KINDS = {
    checker.WORKED_IN_SCHOOL,
    checker.EDUCATION_EXPERIENCE,
    checker.GOVERNOR,
    checker.COUNCILLOR,
    checker.AUTHORITY_EMPLOYEE,
    checker.ADMISSION_DECISION,
    checker.STAFF_CONNECTION,
    checker.KNOWN_PERSON,
    checker.OTHER_INTEREST,
}
ROLES = {"", "teacher", "teaching_assistant", "head", "other"}
CLERK_EMPLOYMENTS = {"school", "authority_education", "authority_other", "other"}


class PanelFileError(ValueError):
    """The description does not read; the message names the field."""


@dataclass
class BlockResult:
    reference: str
    breaches: list[checker.Breach]

    @property
    def accepted(self) -> bool:
        return not self.breaches

    def as_dict(self) -> dict:
        return {
            "block": self.reference,
            "result": "ACCEPT" if self.accepted else "REJECT",
            "breaches": [b.as_dict() for b in self.breaches],
        }


def load_text(text: str) -> dict:
    """JSON or YAML (JSON is YAML, but JSON's own parser gives the clearer message)."""
    try:
        data = json.loads(text)
    except ValueError:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise PanelFileError(f"The file is neither JSON nor YAML: {exc}") from None
    if not isinstance(data, dict):
        raise PanelFileError("The file must describe an object with blocks, members and clerks.")
    return data


def _get(obj: dict, key: str, where: str, kind=str, *, required=True, default=None):
    if not isinstance(obj, dict):
        raise PanelFileError(f"{where}: must be an object.")
    if key not in obj or obj[key] is None:
        if required:
            raise PanelFileError(f"{where}.{key}: is required.")
        return default
    value = obj[key]
    if kind is str and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # a URN or LA code written as a number
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        names = {str: "text", int: "a whole number", list: "a list", dict: "an object"}
        raise PanelFileError(f"{where}.{key}: must be {names.get(kind, kind.__name__)}.")
    return value


def _date(value, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise PanelFileError(f"{where}: {value!r} is not a date (YYYY-MM-DD).") from None


def _opt_date(obj: dict, key: str, where: str) -> dt.date | None:
    value = obj.get(key) if isinstance(obj, dict) else None
    return None if value in (None, "") else _date(value, f"{where}.{key}")


def _dates(values, where: str) -> list[dt.date]:
    if not isinstance(values, list):
        raise PanelFileError(f"{where}: must be a list of dates.")
    return [_date(v, f"{where}[{i}]") for i, v in enumerate(values)]


def _periods(values, where: str) -> list[tuple[dt.date, dt.date]]:
    if not isinstance(values, list):
        raise PanelFileError(f"{where}: must be a list of {{from, until}} periods.")
    out = []
    for i, p in enumerate(values):
        here = f"{where}[{i}]"
        start = _date(_get(p, "from", here, object), f"{here}.from")
        end = _date(_get(p, "until", here, object), f"{here}.until")
        if end < start:
            raise PanelFileError(f"{here}.until: is before its start.")
        out.append((start, end))
    return out


def _choice(value: str, allowed: set[str], where: str) -> str:
    if value not in allowed:
        raise PanelFileError(f"{where}: {value!r} is not one of {', '.join(sorted(allowed))}.")
    return value


def _availability(raw: dict, where: str) -> tuple[dict, dict]:
    """A member's or clerk's ``availability``: the weekly pattern and the dated exceptions.
    Nothing given means never available, for a clerk as for a member."""
    availability = _get(raw, "availability", where, dict, required=False, default={})
    weekly = {}
    for day, mode in _get(
        availability, "weekly", f"{where}.availability", dict, required=False, default={}
    ).items():
        here = f"{where}.availability.weekly.{day}"
        weekly[WEEKDAYS[_choice(str(day).lower()[:3], set(WEEKDAYS), here)]] = _choice(
            mode, MODES, here
        )
    exceptions = {}
    for day, mode in _get(
        availability, "exceptions", f"{where}.availability", dict, required=False, default={}
    ).items():
        here = f"{where}.availability.exceptions.{day}"
        exceptions[_date(day, here)] = (
            None if mode == "unavailable" else _choice(mode, MODES | {"unavailable"}, here)
        )
    return weekly, exceptions


def _member(raw: dict, where: str) -> checker.MemberFacts:
    key = _get(raw, "id", where)
    history = []
    for i, d in enumerate(_get(raw, "history", where, list, required=False, default=[])):
        here = f"{where}.history[{i}]"
        history.append(
            checker.Declared(
                kind=_choice(_get(d, "kind", here), DECLARATION_KINDS, f"{here}.kind"),
                role=_choice(_get(d, "role", here, required=False, default=""), ROLES, here),
                school=_get(d, "school", here, required=False, default=""),
                authority=_get(d, "authority", here, required=False, default=""),
                person_name=_get(d, "person", here, required=False, default=""),
                started_on=_opt_date(d, "from", here),
                ended_on=_opt_date(d, "until", here),
            )
        )
    training = _get(raw, "training", where, dict, required=False, default={})
    weekly, exceptions = _availability(raw, where)
    caps = _get(raw, "caps", where, dict, required=False, default={})
    return checker.MemberFacts(
        key=key,
        name=_get(raw, "name", where),
        declarations=history,
        panel_training=_periods(training.get("panel", []), f"{where}.training.panel"),
        chair_training=_periods(training.get("chair", []), f"{where}.training.chair"),
        appointed_on=_opt_date(raw, "appointed_from", where),
        appointment_ends_on=_opt_date(raw, "appointed_until", where),
        weekly=weekly,
        exceptions=exceptions,
        other_sittings=_dates(raw.get("other_sittings") or [], f"{where}.other_sittings"),
        max_per_week=_get(caps, "week", f"{where}.caps", int, required=False),
        max_per_season=_get(caps, "season", f"{where}.caps", int, required=False),
        season_sittings=_get(raw, "season_sittings", where, int, required=False, default=0),
    )


def _clerk(raw: dict, where: str) -> checker.ClerkFacts:
    employments = []
    for i, e in enumerate(_get(raw, "employments", where, list, required=False, default=[])):
        here = f"{where}.employments[{i}]"
        employments.append(
            (
                _choice(_get(e, "kind", here), CLERK_EMPLOYMENTS, f"{here}.kind"),
                _get(e, "school", here, required=False, default=""),
                _get(e, "authority", here, required=False, default=""),
                _opt_date(e, "from", here),
                _opt_date(e, "until", here),
            )
        )
    weekly, exceptions = _availability(raw, where)
    return checker.ClerkFacts(
        key=_get(raw, "id", where),
        name=_get(raw, "name", where),
        trained_until=_opt_date(raw, "trained_until", where),
        employments=employments,
        other_sittings=_dates(raw.get("other_sittings") or [], f"{where}.other_sittings"),
        weekly=weekly,
        exceptions=exceptions,
    )


def _keyed(items, where: str, read) -> dict:
    out = {}
    for i, raw in enumerate(items):
        facts = read(raw, f"{where}[{i}]")
        if facts.key in out:
            raise PanelFileError(f"{where}[{i}].id: {facts.key!r} is given twice.")
        out[facts.key] = facts
    return out


def read(data: dict) -> list[checker.Proposal]:
    """The proposals the description sets out, one per block, in its order.

    Members and clerks are described once and may sit on several blocks: a panel proposed for
    one block in the file counts as an other booking for the others (one sitting a day, caps)."""
    members = _keyed(
        _get(data, "members", "file", list, required=False, default=[]), "members", _member
    )
    clerks = _keyed(
        _get(data, "clerks", "file", list, required=False, default=[]), "clerks", _clerk
    )
    raw_blocks = _get(data, "blocks", "file", list)
    if not raw_blocks:
        raise PanelFileError("file.blocks: describe at least one block.")
    parsed = []
    for i, raw in enumerate(raw_blocks):
        where = f"blocks[{i}]"
        school = _get(raw, "school", where, dict)
        authorities = _get(raw, "authorities", where, list)
        rehearing = _get(raw, "rehearing_of", where, dict, required=False, default={})
        block = checker.BlockFacts(
            key=_get(raw, "reference", where),
            school=_get(school, "urn", f"{where}.school"),
            school_name=_get(school, "name", f"{where}.school"),
            authorities={str(a) for a in authorities},
            days=sorted(set(_dates(_get(raw, "days", where, list), f"{where}.days"))),
            mode=_choice(_get(raw, "mode", where), {"in_person", "remote"}, f"{where}.mode"),
            appellant_names=[str(n) for n in raw.get("appellants") or []],
            excluded_members={str(k) for k in rehearing.get("members") or []},
            excluded_clerk=str(rehearing.get("clerk") or ""),
        )
        panel = [str(k) for k in _get(raw, "panel", where, list)]
        for j, key in enumerate(panel):
            if key not in members:
                raise PanelFileError(f"{where}.panel[{j}]: no member with id {key!r}.")
        chair = _get(raw, "chair", where, required=False)
        clerk_key = _get(raw, "clerk", where, required=False)
        if clerk_key is not None and clerk_key not in clerks:
            raise PanelFileError(f"{where}.clerk: no clerk with id {clerk_key!r}.")
        parsed.append((block, panel, chair, clerk_key))
    proposals = []
    for block, panel, chair, clerk_key in parsed:
        others = [p for p in parsed if p[0] is not block]
        proposals.append(
            checker.Proposal(
                block=block,
                members=[_with_file_bookings(members[k], others) for k in panel],
                chair=chair,
                clerk=_with_clerk_bookings(clerks[clerk_key], others) if clerk_key else None,
            )
        )
    return proposals


def _with_file_bookings(m: checker.MemberFacts, others) -> checker.MemberFacts:
    extra = [d for block, panel, _, _ in others if m.key in panel for d in block.days]
    if not extra:
        return m
    return checker.MemberFacts(
        **{
            **m.__dict__,
            "other_sittings": m.other_sittings + extra,
            "season_sittings": m.season_sittings + len(extra),
        }
    )


def _with_clerk_bookings(c: checker.ClerkFacts, others) -> checker.ClerkFacts:
    extra = [d for block, _, _, key in others if key == c.key for d in block.days]
    if not extra:
        return c
    return checker.ClerkFacts(**{**c.__dict__, "other_sittings": c.other_sittings + extra})


def check(data: dict) -> list[BlockResult]:
    """Judge every block of the description with the one checker."""
    return [BlockResult(p.block.key, checker.check_roster(p)) for p in read(data)]


def report_lines(results: list[BlockResult]) -> list[str]:
    lines = []
    for r in results:
        lines.append(f"{r.reference}: {'ACCEPT' if r.accepted else 'REJECT'}")
        lines += [f"  - {b.rule}: {b.message} ({b.source})" for b in r.breaches]
    return lines
