"""slow35: solve's per-line fallback (render/plan_reach.hold_demanding_lines) held the last line of the
chain that asked a refused result for its digits, and solved again — 32 times on the 32-wide x 6 sigmoid
net of bench_scaling, where that line was one of the 32 ∂L/∂w_j^1 lines reading δ_4^1: each hold
only let the next of them ask δ_4^1 for the same digits (the same refusal, the same chain but its last
line), 33 whole solves before `_grow_narrow` (284 s against 26 s).  It now stops at the first hold that
does not move the demand.  Here a stand-in plan whose `grow` refuses as that net did."""
from __future__ import annotations

from collections import namedtuple

import pytest

from symbp.errors import VerificationError
from symbp.render.plan_reach import MAX_HELD, demand_chain, hold_demanding_lines

Line = namedtuple("Line", "result")


class Siblings:
    """`width` lines w_j read d (d's line reads z): z refused while any w_j is not held."""

    def __init__(self, width: int):
        self.users, self.core = [Line(f"w_{j}") for j in range(width)], Line("d")
        self.raised_by, self.fallbacks, self.precision, self._shown, self.refused = {}, {}, {}, {}, None
        self.grows = 0

    def grow(self):
        self.grows += 1
        asking = next((line for line in self.users if line not in self.fallbacks), None)
        if asking is None:
            return
        self.raised_by.update({"d": asking, "z": self.core})
        self.refused = "z"
        raise VerificationError("z out of reach")


def test_a_hold_that_does_not_move_the_demand_ends_the_fallback():
    plan = Siblings(MAX_HELD)
    with pytest.raises(VerificationError):
        hold_demanding_lines(plan, plan.grow, {}, {}, {})
    assert demand_chain(plan, "z", {}) == [plan.core, plan.users[1]]  # the second sibling took the first's place
    assert list(plan.fallbacks) == plan.users[:1] and plan.grows == 2


def test_a_hold_that_moves_the_demand_is_solved_again():
    plan = Siblings(1)
    hold_demanding_lines(plan, plan.grow, {}, {}, {})
    assert list(plan.fallbacks) == plan.users and plan.grows == 2
