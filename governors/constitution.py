"""The constitution rules an instrument of government must meet. Pure: no database, no I/O.

The one place these rules live; ``InstrumentOfGovernment.clean_seats`` (and so every service
that adds a version) and the compliance figures call ``check_constitution``. Sources are the
shared reference notes ``shared/reference/governors.md``:

- maintained boards: School Governance (Constitution) (England) Regulations 2012
  (SI 2012/1034) reg 13 (size and required categories, the one-third rule) and reg 14
  (foundation and partnership governors), reference §1.2; terms of 1 to 4 years, reg 18,
  reference §1.4;
- academy boards: the DfE model articles as summarised in reference §1.11 (at least 3
  trustees, employees no more than one third, terms of at most 4 years); a local governing
  body's make-up is set by the trust's scheme of delegation, so only the term rule applies.

Rules the reference marks **[unverified]** (reg 14 for voluntary aided and voluntary
controlled schools) and the model-articles parent trustee rule (which depends on the trust's
local governing bodies) are *advice*: they are reported but never refuse a version.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from .choices import (
    CATEGORY_LABELS,
    CATEGORY_VALUES,
    COUNTED_CATEGORIES,
    EX_OFFICIO_CATEGORIES,
    BoardKind,
    Category,
    FoundationRule,
)

REG_13 = "School Governance (Constitution) (England) Regulations 2012, reg 13"
REG_14 = "School Governance (Constitution) (England) Regulations 2012, reg 14"
REG_18 = "School Governance (Constitution) (England) Regulations 2012, reg 18"
ARTICLES = "Academy trust model articles (reference §1.11)"
MIN_TERM_YEARS = 1
MAX_TERM_YEARS = 4


@dataclass(frozen=True)
class Problem:
    field: str  # the category the problem is about, or "__all__"
    message: str
    source: str
    refuses: bool = True

    def __str__(self):
        return f"{self.message} ({self.source})"


def _label(category: str) -> str:
    return CATEGORY_LABELS[category].lower()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def counted_total(seats: Mapping[str, int]) -> int:
    return sum(seats.get(c, 0) for c in COUNTED_CATEGORIES)


def check_constitution(
    *,
    kind: str,
    foundation_rule: str,
    seats: Mapping[str, int],
    term_years: Mapping[str, int | None],
    school_count: int = 1,
) -> list[Problem]:
    """Every problem with a proposed make-up; refusing ones first. Empty means it is valid."""
    problems = _term_problems(kind, seats, term_years)
    if kind == BoardKind.MAINTAINED:
        problems += _maintained_problems(foundation_rule, seats, max(school_count, 1))
    elif kind == BoardKind.TRUST_BOARD:
        problems += _trust_problems(seats)
    return sorted(problems, key=lambda p: not p.refuses)


def _term_problems(kind, seats, term_years) -> list[Problem]:
    source = REG_18 if kind == BoardKind.MAINTAINED else ARTICLES
    problems = []
    for category in CATEGORY_VALUES:
        if seats.get(category, 0) < 0:
            problems.append(
                Problem(category, f"{CATEGORY_LABELS[category]}: seats cannot be negative.", source)
            )
        if not seats.get(category, 0):
            continue
        years = term_years.get(category)
        if category in EX_OFFICIO_CATEGORIES:
            if years:
                problems.append(
                    Problem(
                        category,
                        "The headteacher is a governor ex officio, for as long as they hold "
                        "the post: leave the term length empty.",
                        source,
                    )
                )
            continue
        if category == Category.ASSOCIATE and not years:
            continue  # associate members' terms are set by the board (SI 2013/1624 reg 11)
        if years is None:
            problems.append(
                Problem(
                    category, f"Give the term of office for {_label(category)} governors.", source
                )
            )
        elif not MIN_TERM_YEARS <= years <= MAX_TERM_YEARS:
            problems.append(
                Problem(
                    category,
                    f"The term of office for {_label(category)} governors must be from "
                    f"{MIN_TERM_YEARS} to {MAX_TERM_YEARS} years, not {years}.",
                    source,
                )
            )
    return problems


def _maintained_problems(rule, seats, school_count) -> list[Problem]:
    n = {c: seats.get(c, 0) for c in CATEGORY_VALUES}
    total = counted_total(seats)
    problems = []
    if total < 7:
        problems.append(
            Problem(
                "__all__",
                f"A maintained school's board must have at least 7 governors; this has {total}.",
                REG_13,
            )
        )
    if n[Category.PARENT] < 2:
        problems.append(
            Problem(
                Category.PARENT,
                f"A maintained school's board must have at least 2 parent governors; this has "
                f"{n[Category.PARENT]}.",
                REG_13,
            )
        )
    if school_count == 1 and n[Category.HEADTEACHER] != 1:
        problems.append(
            Problem(
                Category.HEADTEACHER,
                "A maintained school's board includes the headteacher: give exactly 1 "
                f"headteacher seat, not {n[Category.HEADTEACHER]}.",
                REG_13,
            )
        )
    elif school_count > 1 and not 1 <= n[Category.HEADTEACHER] <= school_count:
        problems.append(
            Problem(
                Category.HEADTEACHER,
                f"A federation of {school_count} schools has from 1 to {school_count} "
                f"headteacher seats, not {n[Category.HEADTEACHER]}.",
                REG_13,
            )
        )
    for category in (Category.STAFF, Category.LOCAL_AUTHORITY):
        if n[category] != 1:
            problems.append(
                Problem(
                    category,
                    f"A maintained school's board has exactly 1 {_label(category)} governor, "
                    f"not {n[category]}.",
                    REG_13,
                )
            )
    staff_side = n[Category.HEADTEACHER] + n[Category.STAFF]
    if total and Fraction(staff_side, total) > Fraction(1, 3):
        problems.append(
            Problem(
                Category.STAFF,
                f"The headteacher and staff governors may be no more than one third of the "
                f"board: {staff_side} of {total} is more.",
                REG_13,
            )
        )
    problems += _foundation_problems(rule, n, total)
    return problems


def _foundation_problems(rule, n, total) -> list[Problem]:
    foundation, partnership = n[Category.FOUNDATION], n[Category.PARTNERSHIP]
    others = total - foundation
    problems = []
    takes_foundation = rule in (
        FoundationRule.FOUNDATION_WITH_FOUNDATION,
        FoundationRule.QUALIFYING_FOUNDATION,
        FoundationRule.VOLUNTARY_AIDED,
        FoundationRule.VOLUNTARY_CONTROLLED,
    )
    if foundation and not takes_foundation:
        problems.append(
            Problem(
                Category.FOUNDATION,
                "Only a school with a foundation has foundation governors; this school has none.",
                REG_14,
            )
        )
    if partnership and rule != FoundationRule.FOUNDATION_WITHOUT_FOUNDATION:
        problems.append(
            Problem(
                Category.PARTNERSHIP,
                "Partnership governors are only for a foundation or foundation special school "
                "without a foundation.",
                REG_14,
            )
        )
    if rule == FoundationRule.FOUNDATION_WITHOUT_FOUNDATION:
        if partnership < 2:
            problems.append(
                Problem(
                    Category.PARTNERSHIP,
                    "A foundation school without a foundation must have at least 2 partnership "
                    f"governors; this has {partnership}.",
                    REG_14,
                )
            )
        if total and Fraction(partnership, total) > Fraction(1, 4):
            problems.append(
                Problem(
                    Category.PARTNERSHIP,
                    "Partnership governors may be no more than one quarter of the board: "
                    f"{partnership} of {total} is more.",
                    REG_14,
                )
            )
    elif rule == FoundationRule.FOUNDATION_WITH_FOUNDATION:
        if foundation < 2:
            problems.append(
                Problem(
                    Category.FOUNDATION,
                    "A foundation school with a foundation must have at least 2 foundation "
                    f"governors; this has {foundation}.",
                    REG_14,
                )
            )
        if total and Fraction(foundation, total) > Fraction(45, 100):
            problems.append(
                Problem(
                    Category.FOUNDATION,
                    "Foundation governors may be no more than 45% of the board: "
                    f"{foundation} of {total} is more.",
                    REG_14,
                )
            )
    elif rule == FoundationRule.QUALIFYING_FOUNDATION:
        if not 1 <= foundation - others <= 2:
            problems.append(
                Problem(
                    Category.FOUNDATION,
                    "In a qualifying foundation school the foundation governors outnumber all "
                    f"the others by one or two; here {foundation} foundation governors face "
                    f"{others} others.",
                    REG_14,
                )
            )
    elif rule == FoundationRule.VOLUNTARY_AIDED:
        if foundation - others != 2:
            problems.append(
                Problem(
                    Category.FOUNDATION,
                    "In a voluntary aided school the foundation governors are usually expected "
                    f"to outnumber all the others by 2; here {foundation} face {others} others.",
                    f"{REG_14} (not verified: check reg 14 before relying on it)",
                    refuses=False,
                )
            )
    elif rule == FoundationRule.VOLUNTARY_CONTROLLED and (
        foundation < 2 or (total and Fraction(foundation, total) > Fraction(1, 4))
    ):
        problems.append(
            Problem(
                Category.FOUNDATION,
                "A voluntary controlled school is usually expected to have at least 2 "
                f"foundation governors and no more than a quarter; this has {foundation} "
                f"of {total}.",
                f"{REG_14} (not verified: check reg 14 before relying on it)",
                refuses=False,
            )
        )
    return problems


def _trust_problems(seats) -> list[Problem]:
    total = counted_total(seats)
    problems = []
    if total < 3:
        problems.append(
            Problem(
                "__all__", f"A trust board has at least 3 trustees; this has {total}.", ARTICLES
            )
        )
    employees = seats.get(Category.HEADTEACHER, 0) + seats.get(Category.STAFF, 0)
    if total and Fraction(employees, total) > Fraction(1, 3):
        problems.append(
            Problem(
                Category.STAFF,
                "Employees, including the principal, may be no more than one third of the "
                f"trustees: {employees} of {total} is more.",
                ARTICLES,
            )
        )
    if seats.get(Category.PARENT, 0) < 2:
        problems.append(
            Problem(
                Category.PARENT,
                "The model articles ask for at least 2 parent trustees unless the trust has "
                "parent local governors.",
                ARTICLES,
                refuses=False,
            )
        )
    return problems
