"""The linear-programming relaxation of a CP-SAT model, as a proven lower bound (issue 13).

CP-SAT's own bound on the season-wide relaxation (relax.py) depends on which of its workers
gets the CPU and when: on the demo season it was proven in 3 s on one run and stuck 9 blocks
lower after 12 s on the next. The LP of the same model is solved once by GLOP in about a
second and is the same every time. Every lawful roster is a solution of the model, so of its
LP, so the LP's optimum is a floor for every roster; rounded up when the objective is a count.

The bound is not GLOP's word for it: it is recomputed here from GLOP's dual values by weak
duality (``_dual_bound``), which holds for *any* dual values, optimal or not, so a solver's
tolerance or a wrong status cannot make it claim more than is true. What the LP is built
from: every linear constraint, at-most-one, exactly-one and clause, and implications (an
enforced conjunction, ``e => l``, is ``e <= l``). Any other constraint is left out, which
only loosens the LP, so the bound stays valid.
"""

from __future__ import annotations

import math

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

_BIG = 2**62


def lower_bound(
    model: cp_model.CpModel, values: dict | None = None, *, time_limit: float | None = None
) -> float | None:
    """A proven lower bound of ``model``'s objective (minimised); None if there is none.
    ``values``, if given, receives the LP's solution (variable index -> value). GLOP stops
    after ``time_limit`` seconds if given (None then: a stopped LP is not relied on)."""
    if time_limit is not None and time_limit <= 0:
        return None
    proto = model.proto
    variables = []
    for v in proto.variables:
        d = list(v.domain)  # (indexing the proto's own field from the end does not work)
        variables.append((int(d[0]), int(d[-1])))
    rows: list[tuple[dict[int, float], float, float]] = []

    def row(refs, coeffs, lo, hi):
        """sum(coeff * literal) within [lo, hi]; a negated literal -r-1 is 1 - x_r."""
        acc: dict[int, float] = {}
        for r, c in zip(refs, coeffs, strict=True):
            if r >= 0:
                acc[r] = acc.get(r, 0.0) + c
            else:
                acc[-r - 1] = acc.get(-r - 1, 0.0) - c
                lo, hi = lo - c, hi - c
        rows.append((acc, lo, hi))

    for ct in proto.constraints:
        enforced = list(ct.enforcement_literal)
        if ct.has_bool_and() and len(enforced) == 1:
            for lit in ct.bool_and.literals:  # e => l: l - e >= 0
                row([lit, enforced[0]], [1, -1], 0, math.inf)
            continue
        if enforced:
            continue  # left out: a looser LP, still a valid bound
        if ct.has_linear():
            d = list(ct.linear.domain)
            lo = d[0] if d[0] > -_BIG else -math.inf
            hi = d[-1] if d[-1] < _BIG else math.inf
            row(list(ct.linear.vars), list(ct.linear.coeffs), lo, hi)
        elif ct.has_at_most_one():
            lits = list(ct.at_most_one.literals)
            row(lits, [1] * len(lits), -math.inf, 1)
        elif ct.has_exactly_one():
            lits = list(ct.exactly_one.literals)
            row(lits, [1] * len(lits), 1, 1)
        elif ct.has_bool_or():
            lits = list(ct.bool_or.literals)
            row(lits, [1] * len(lits), 1, math.inf)
    objective: dict[int, float] = {}
    constant = float(proto.objective.offset)
    for r, c in zip(list(proto.objective.vars), list(proto.objective.coeffs), strict=True):
        if r >= 0:
            objective[r] = objective.get(r, 0.0) + c
        else:
            objective[-r - 1] = objective.get(-r - 1, 0.0) - c
            constant += c
    scale = float(proto.objective.scaling_factor or 1.0)
    if scale <= 0:
        return None  # a maximisation: not what the engine builds

    lp = pywraplp.Solver.CreateSolver("GLOP")
    inf = lp.infinity()
    xs = [lp.NumVar(float(lo), float(hi), "") for lo, hi in variables]
    cts = []
    for acc, lo, hi in rows:
        ct = lp.Constraint(lo if lo > -math.inf else -inf, hi if hi < math.inf else inf)
        for i, c in acc.items():
            ct.SetCoefficient(xs[i], c)
        cts.append(ct)
    goal = lp.Objective()
    for i, c in objective.items():
        goal.SetCoefficient(xs[i], c)
    goal.SetMinimization()
    if time_limit is not None:
        lp.SetTimeLimit(max(1, int(1000 * time_limit)))
    if lp.Solve() not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None
    if values is not None:
        values.update((i, x.solution_value()) for i, x in enumerate(xs))
    duals = [ct.dual_value() for ct in cts]
    bound = _dual_bound(variables, rows, objective, duals)
    return (bound + constant) * scale


def _dual_bound(variables, rows, objective, duals) -> float:
    """Weak duality: for any multipliers y (a positive one only on a row with a lower side,
    a negative one only on a row with an upper side), c.x = (c - A'y).x + y.Ax, and over the
    rows and the variables' bounds that is at least the value returned."""
    reduced = dict(objective)
    bound = 0.0
    for (acc, lo, hi), y in zip(rows, duals, strict=True):
        if y > 0 and lo == -math.inf or y < 0 and hi == math.inf:
            y = 0.0
        if y == 0.0:
            continue
        bound += y * (lo if y > 0 else hi)
        for i, c in acc.items():
            reduced[i] = reduced.get(i, 0.0) - y * c
    for i, r in reduced.items():
        lo, hi = variables[i]
        bound += r * (lo if r >= 0 else hi)
    return bound


def count_floor(model: cp_model.CpModel, *, time_limit: float | None = None) -> int | None:
    """``lower_bound`` of a model whose objective is a whole count, rounded up (a margin of
    1e-6 for floating point); None if there is no bound."""
    bound = lower_bound(model, time_limit=time_limit)
    return None if bound is None else max(0, math.ceil(bound - 1e-6))
