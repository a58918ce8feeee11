"""One deadline for a whole engine run (issue 13).

CP-SAT keeps its own time limit, but a run is more than its searches: eligibility, the greedy
start, model building, scoring, the LPs. Each phase asks the run's ``Deadline`` how much is
left and takes no more, so the run ends near its limit however long the parts outside CP-SAT
took. The clock is injectable so tests drive the deadline without the wall clock.
"""

from __future__ import annotations

import time
from collections.abc import Callable

# Below this many seconds a search is not started: CP-SAT would spend it on presolve.
LEAST = 0.05


class Deadline:
    def __init__(self, seconds: float, *, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.started = clock()
        self.at = self.started + seconds
        # Seconds kept back for the finishing steps (the last score and the checker's verdict),
        # set by plan.run once it has timed one of each on this season.
        self.keep = 0.0

    def now(self) -> float:
        return self.clock()

    def left(self) -> float:
        """Seconds a phase may still use: to the deadline, less what the finishing steps need."""
        return self.at - self.keep - self.clock()

    def grant(self, want: float) -> float:
        """At most ``want`` seconds and never more than is left; 0 when nothing is."""
        return max(0.0, min(want, self.left()))
