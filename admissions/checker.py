"""The independent compliance checker: every rule a proposed roster breaks, with its source.

A pure function over plain data (no database, no solver): ``check_roster(proposal)`` returns a
list of ``Breach``; an empty list means the roster is lawful as far as the declared facts go.
Whoever proposes a roster (a clerk by hand, ``manage.py check_panel``, the engine of the next
issue) is judged by this one function. ``admissions/facts.py`` builds the data from the database.

Sources (shared/reference/admission-appeals.md §1, §5): "SI 2012/9" is the School Admissions
(Appeals Arrangements) (England) Regulations 2012; "Code 2022" the School Admission Appeals Code
2022. Paragraph numbers of the 2022 Code are not verified in the reference, so its sections are
named instead (§1 Constitution, §2 Hearings).
"""

# The rule table below keeps one rule per line, so its lines are long.
# ruff: noqa: E501
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

LAY = "lay"
EDUCATION = "education"

# Declaration kinds (the same values as admissions.models.DeclarationKind).
WORKED_IN_SCHOOL = "worked_in_school"
EDUCATION_EXPERIENCE = "education_experience"
GOVERNOR = "governor"
COUNCILLOR = "councillor"
AUTHORITY_EMPLOYEE = "authority_employee"
ADMISSION_DECISION = "admission_decision"
STAFF_CONNECTION = "staff_connection"
KNOWN_PERSON = "known_person"
OTHER_INTEREST = "other_interest"
TEACHING_ROLES = {"teacher", "teaching_assistant"}


@dataclass(frozen=True)
class Rule:
    code: str
    title: str
    source: str


RULES = {
    rule.code: rule
    for rule in [
        Rule("panel_size", "A panel has at least three members", "SI 2012/9 Schedule (minimum of three members); Code 2022 §1 Membership"),
        Rule("duplicate_member", "A member is listed once", "SI 2012/9 Schedule (three members)"),
        Rule("lay_member", "At least one lay member", "Code 2022 §1 Membership; lay member as defined in SSFA 1998 Sch. 24 para 1(4)"),
        Rule("education_member", "At least one member with experience in education", "Code 2022 §1 Membership"),
        Rule("one_chair", "Exactly one chair, who sits on the panel", "Code 2022 §1 Roles and responsibilities (the chair's casting vote)"),
        Rule("chair_trained", "The chair's chair training is current", "Code 2022 §1 Training; authority policy"),
        Rule("councillor", "No member of the authority", "SI 2012/9 Sch para 4(1)(a)"),
        Rule("governor", "No member or former member of the school's governing body", "SI 2012/9 Sch para 4(1)(b)"),
        Rule("employee", "No employee of the authority or the governing body, other than as a teacher or teaching assistant", "SI 2012/9 Sch para 4(1)(c), 4(2)"),
        Rule("connection", "No present or past connection with the authority, the school or its staff that might raise doubts about impartiality", "SI 2012/9 Sch para 4(1)(d)"),
        Rule("teacher_at_school", "No teacher or teaching assistant at the school", "SI 2012/9 Sch para 4(3)"),
        Rule("decision_maker", "No one who made the decision or gave information for it", "SI 2012/9 Sch para 4(4)"),
        Rule("appellant_connection", "No member who knows an appellant or child in the block (grouped appeals: the whole block)", "Code 2022 §2 Multiple appeals; natural justice"),
        Rule("untrained", "Every member's panel training is current on every day", "SI 2012/9 Sch para 4(1)(e); Code 2022 §1 Training"),
        Rule("appointment", "Every member is appointed on every day", "SI 2012/9 Schedule (members appointed by the authority or governing body)"),
        Rule("unavailable", "Every member is available on every day, in the block's mode", "Local rule: declared availability (reference §5.7)"),
        Rule("double_booked", "No member sits twice on one day", "Local rule: one sitting per day (reference §5.7)"),
        Rule("week_cap", "No member sits more than their weekly maximum", "Local rule: declared personal caps (reference §5.11)"),
        Rule("season_cap", "No member sits more than their season maximum", "Local rule: declared personal caps (reference §5.11)"),
        Rule("clerk_missing", "Exactly one clerk", "Code 2022 §1 Roles and responsibilities"),
        Rule("clerk_untrained", "The clerk is trained (Admissions Code, Appeals Code, equalities law)", "Code 2022 §1 Roles and responsibilities; DfE advice for clerks (Jan 2023)"),
        Rule("clerk_independent", "The clerk is independent of the school and of the authority's education functions", "Code 2022 §1 Roles and responsibilities; DfE advice for clerks (Jan 2023)"),
        Rule("clerk_double_booked", "The clerk sits once a day", "Local rule: one sitting per day (reference §5.8)"),
        Rule("clerk_unavailable", "The clerk is available on every day, in the block's mode", "Local rule: declared availability, as for members (reference §5.7, §5.8)"),
        Rule("rehearing_member", "A rehearing excludes the original panel's members", "Ombudsman remedy: a fresh appeal before a different panel (reference §1.7)"),
        Rule("rehearing_clerk", "A rehearing excludes the original clerk", "Ombudsman remedy: a different clerk (reference §1.7)"),
        Rule("no_days", "A block has at least one hearing day", "Code 2022 §2 Timetable"),
    ]
}  # fmt: skip


@dataclass(frozen=True)
class Breach:
    rule: str
    message: str
    member: str = ""  # the member's (or clerk's) key, when the breach is about one person

    @property
    def source(self) -> str:
        return RULES[self.rule].source

    @property
    def title(self) -> str:
        return RULES[self.rule].title

    def as_dict(self) -> dict:
        return {"rule": self.rule, "message": self.message, "source": self.source}

    def __str__(self):
        return f"{self.message} ({self.source})"


@dataclass(frozen=True)
class Declared:
    """One dated item of declared history (see admissions.models.Declaration)."""

    kind: str
    role: str = ""
    school: str = ""  # the school's key (URN)
    authority: str = ""  # the authority's key (LA code)
    education_function: bool = False
    person_name: str = ""
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    origin: str = ""  # "" when declared by the member; "governors register" when found there

    def active_on(self, day: dt.date) -> bool:
        return (self.started_on is None or self.started_on <= day) and (
            self.ended_on is None or day <= self.ended_on
        )

    def active_during(self, days: Iterable[dt.date]) -> bool:
        return any(self.active_on(d) for d in days)


def derive_category(declarations: Iterable[Declared]) -> str:
    """Lay unless the member has personal experience of managing or providing education in a
    school; governor and voluntary roles are disregarded (SSFA 1998 Sch. 24 para 1(4)). Any
    school role counts, so a former teaching assistant is not lay."""
    for d in declarations:
        if d.kind in (WORKED_IN_SCHOOL, EDUCATION_EXPERIENCE):
            return EDUCATION
    return LAY


@dataclass
class MemberFacts:
    key: str
    name: str
    declarations: list[Declared] = field(default_factory=list)
    panel_training: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    chair_training: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    appointed_on: dt.date | None = None
    appointment_ends_on: dt.date | None = None
    weekly: dict[int, str] = field(default_factory=dict)  # weekday -> in_person/remote/either
    exceptions: dict[dt.date, str | None] = field(default_factory=dict)  # None: unavailable
    other_sittings: list[dt.date] = field(default_factory=list)  # booked on other blocks
    max_per_week: int | None = None
    max_per_season: int | None = None
    season_sittings: int = 0  # sittings already booked this season on other blocks

    @property
    def category(self) -> str:
        return derive_category(self.declarations)


@dataclass
class ClerkFacts:
    key: str
    name: str
    trained_until: dt.date | None = None
    # (kind, school key, authority key, started_on, ended_on); kinds as ClerkEmploymentKind.
    employments: list[tuple[str, str, str, dt.date | None, dt.date | None]] = field(
        default_factory=list
    )
    other_sittings: list[dt.date] = field(default_factory=list)
    # Availability as a member's (MemberFacts.weekly, .exceptions): nothing offered, not free.
    weekly: dict[int, str] = field(default_factory=dict)
    exceptions: dict[dt.date, str | None] = field(default_factory=dict)


@dataclass
class BlockFacts:
    key: str
    school: str
    school_name: str
    authorities: set[str]  # the arranging authority and the one maintaining the school
    days: list[dt.date]
    mode: str  # in_person / remote
    appellant_names: list[str] = field(default_factory=list)  # appellants and children
    excluded_members: set[str] = field(default_factory=set)  # a rehearing's original panel
    excluded_clerk: str = ""


@dataclass
class Proposal:
    """A block and a proposed panel and clerk, with every fact the rules look at."""

    block: BlockFacts
    members: list[MemberFacts]
    chair: str | None
    clerk: ClerkFacts | None


def _fmt(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def _normal(name: str) -> str:
    return " ".join(name.casefold().split())


def _covered(periods: list[tuple[dt.date, dt.date]], day: dt.date) -> bool:
    return any(start <= day <= end for start, end in periods)


def _mode_fits(offered: str | None, mode: str) -> bool:
    return offered is not None and (offered == "either" or offered == mode)


def _offered(person: MemberFacts | ClerkFacts, day: dt.date) -> str | None:
    """How the person offers that day: a dated exception wins over the weekly pattern."""
    if day in person.exceptions:
        return person.exceptions[day]
    return person.weekly.get(day.weekday())


def _unavailable_days(person: MemberFacts | ClerkFacts, block: BlockFacts) -> list[dt.date]:
    """The block's days the person (member or clerk) does not offer in the block's mode."""
    return [day for day in block.days if not _mode_fits(_offered(person, day), block.mode)]


def _how(block: BlockFacts) -> str:
    return "remotely" if block.mode == "remote" else "in person"


def _member_breaches(m: MemberFacts, block: BlockFacts) -> list[Breach]:
    out: list[Breach] = []
    days = block.days
    school, authorities = block.school, block.authorities

    def add(rule, message):
        out.append(Breach(rule, f"{m.name}: {message}", member=m.key))

    for d in m.declarations:
        if d.kind == COUNCILLOR and d.authority in authorities:
            if d.active_during(days):
                add("councillor", "is a councillor of the authority.")
            else:
                add("connection", "is a former councillor of the authority.")
        elif d.kind == GOVERNOR and d.school == school:
            seen = f" (from the {d.origin})" if d.origin else ""
            add("governor", f"is or was a governor of {block.school_name}{seen}.")
        elif d.kind == WORKED_IN_SCHOOL and d.school == school:
            if d.active_during(days):
                if d.role in TEACHING_ROLES:
                    add(
                        "teacher_at_school",
                        f"is a {d.role.replace('_', ' ')} at {block.school_name}.",
                    )
                else:
                    add("employee", f"is employed by {block.school_name}'s governing body.")
            else:
                add("connection", f"worked at {block.school_name} in the past.")
        elif d.kind == AUTHORITY_EMPLOYEE and d.authority in authorities:
            # A teacher or teaching assistant employed by the authority is not barred (para 4(2)).
            if d.role in TEACHING_ROLES:
                continue
            if d.active_during(days):
                add(
                    "employee",
                    "is employed by the authority (not as a teacher or teaching assistant).",
                )
            else:
                add("connection", "was employed by the authority.")
        elif d.kind == ADMISSION_DECISION and (
            d.school == school or (not d.school and d.authority in authorities)
        ):
            add(
                "decision_maker",
                f"made or gave information for admission decisions for {block.school_name}.",
            )
        elif d.kind == STAFF_CONNECTION and d.school == school:
            add(
                "connection",
                f"declared a connection to {d.person_name or 'staff'} at {block.school_name}.",
            )
        elif d.kind == OTHER_INTEREST and (
            d.school == school or (d.authority and d.authority in authorities)
        ):
            add("connection", "declared an interest in the school or the authority.")
        elif d.kind == KNOWN_PERSON and d.person_name:
            known = _normal(d.person_name)
            if any(_normal(n) == known for n in block.appellant_names):
                add(
                    "appellant_connection",
                    f"knows {d.person_name}, a party to an appeal in the block.",
                )

    untrained = [day for day in days if not _covered(m.panel_training, day)]
    if untrained:
        add("untrained", f"panel training is not current on {_fmt(untrained[0])}.")
    unappointed = [
        day
        for day in days
        if (m.appointed_on and day < m.appointed_on)
        or (m.appointment_ends_on and day > m.appointment_ends_on)
    ]
    if unappointed:
        add("appointment", f"is not appointed on {_fmt(unappointed[0])}.")
    unavailable = _unavailable_days(m, block)
    if unavailable:
        add("unavailable", f"is not available {_how(block)} on {_fmt(unavailable[0])}.")
    booked = sorted(set(m.other_sittings) & set(days))
    if booked:
        add("double_booked", f"already sits on another block on {_fmt(booked[0])}.")
    if m.max_per_week:
        weeks: dict[tuple[int, int], int] = {}
        for day in set(m.other_sittings) | set(days):
            week = day.isocalendar()[:2]
            weeks[week] = weeks.get(week, 0) + 1
        over = [w for w, n in weeks.items() if n > m.max_per_week]
        if over:
            add("week_cap", f"would sit more than {m.max_per_week} time(s) in a week.")
    if m.max_per_season and m.season_sittings + len(set(days)) > m.max_per_season:
        add("season_cap", f"would sit more than {m.max_per_season} time(s) this season.")
    if m.key in block.excluded_members:
        add("rehearing_member", "sat on the original panel of the appeals being re-heard.")
    return out


def _clerk_breaches(c: ClerkFacts, block: BlockFacts) -> list[Breach]:
    out: list[Breach] = []

    def add(rule, message):
        out.append(Breach(rule, f"Clerk {c.name}: {message}", member=c.key))

    late = [day for day in block.days if c.trained_until is None or day > c.trained_until]
    if late:
        add("clerk_untrained", f"training is not current on {_fmt(late[0])}.")
    for kind, school, authority, started, ended in c.employments:
        current = Declared(kind="", started_on=started, ended_on=ended).active_during(block.days)
        if not current:
            continue
        if kind == "school" and school == block.school:
            add("clerk_independent", f"is employed by {block.school_name}.")
        elif kind == "authority_education" and authority in block.authorities:
            add("clerk_independent", "works in the authority's education functions.")
    unavailable = _unavailable_days(c, block)
    if unavailable:
        add("clerk_unavailable", f"is not available {_how(block)} on {_fmt(unavailable[0])}.")
    booked = sorted(set(c.other_sittings) & set(block.days))
    if booked:
        add("clerk_double_booked", f"already clerks another block on {_fmt(booked[0])}.")
    if block.excluded_clerk and c.key == block.excluded_clerk:
        add("rehearing_clerk", "clerked the original hearing of the appeals being re-heard.")
    return out


def check_roster(proposal: Proposal) -> list[Breach]:
    """Every rule the proposed panel and clerk break for the block; empty when none."""
    block, members = proposal.block, proposal.members
    out: list[Breach] = []
    if not block.days:
        out.append(Breach("no_days", f"Block {block.key} has no hearing days."))
    keys = [m.key for m in members]
    if len(set(keys)) != len(keys):
        out.append(Breach("duplicate_member", "A member is listed more than once."))
    unique = list({m.key: m for m in members}.values())
    if len(unique) < 3:
        out.append(
            Breach("panel_size", f"The panel has {len(unique)} member(s); it needs at least 3.")
        )
    categories = {m.category for m in unique}
    if LAY not in categories:
        out.append(Breach("lay_member", "The panel has no lay member."))
    if EDUCATION not in categories:
        out.append(
            Breach("education_member", "The panel has no member with experience in education.")
        )
    chair = next((m for m in unique if m.key == proposal.chair), None)
    if chair is None:
        out.append(Breach("one_chair", "Choose one of the panel's members as chair."))
    else:
        late = [day for day in block.days if not _covered(chair.chair_training, day)]
        if late:
            out.append(
                Breach(
                    "chair_trained",
                    f"{chair.name}: chair training is not current on {_fmt(late[0])}.",
                    member=chair.key,
                )
            )
    for m in unique:
        out.extend(_member_breaches(m, block))
    if proposal.clerk is None:
        out.append(Breach("clerk_missing", "The block has no clerk."))
    else:
        out.extend(_clerk_breaches(proposal.clerk, block))
    return out
