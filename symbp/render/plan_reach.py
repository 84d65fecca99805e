"""A line out of reach, and the one line that put it there held to one unit: `DisplayPlan.solve`'s
per-line fallback.

In:  a plan whose guard-digit pass (`_grow`) stops at a line that cannot follow even to one unit:
     its result took guard digits for a later line (which took them for a later one, ...) beyond what
     its own inputs, at their cap, can reach.  `plan.raised_by` says which line last gave each key
     a guard digit.
Out: the plan solved again with the line at the start of that demand — the last line of the chain,
     whose own result no line asked digits of — held to one unit ("≈†"), which asks its inputs for
     fewer digits; repeated while a line is out of reach (the next line up the chain where the last
     is held already).  Every other line keeps its guard digits to half a unit.  VerificationError
     where no line is left to hold, or where the line held last did not move the demand (the same
     result refused, asked by the same chain with another line at its end: one of the many ∂L/∂w
     lines reading one δ took its place), and solve falls back to fewer guard digits everywhere.

     Where that fails too (`pin_out_of_reach`, solve's last try): the result of the line out of reach
     — asked by a later line for more digits than its own inputs, at the cap, give it (δ = Σ (a − y)·a·(1 − a)
     of a softmax saturated to 1 − 8·10⁻¹⁴: 1 − a from a 16-digit a has three digits) — is limited to
     one digit fewer than it had, and the plan solved again: a line that asked it for them gets its
     guard digits from its other inputs, or is held to one unit ("≈†", within one unit as every such
     line).  Repeated down to the digits it started with; VerificationError (exit 3) only where the
     line is out of reach even there, or where a line asking it is out of reach even to one unit.
"""

from __future__ import annotations

from ..errors import VerificationError

MAX_HELD = 32  # lines held to one unit at most before solve falls back to fewer guard digits everywhere
MAX_PINNED = 64  # digits taken off results out of reach at most (pin_out_of_reach) before exit 3


def hold_demanding_lines(plan, grow, before: dict, fallbacks: dict, source: dict) -> None:
    """Run `grow` (the plan's guard-digit pass); where it refuses a line, hold the line that asked its
    result for the digits to one unit and run it again from `before` and `fallbacks` (where solve started)."""
    raised_by, held, last = dict(plan.raised_by), {}, None
    for _ in range(MAX_HELD):
        try:
            grow()
            return
        except VerificationError:
            demand = demand_chain(plan, plan.refused, source)
            line = next((line for line in reversed(demand) if line not in plan.fallbacks), None)
            if line is None:
                raise
            # the line held last did not move the demand: another line asking the same result took its place
            again = (plan.refused, demand[:demand.index(line)])
            if again == last:
                raise
            last = again
        held[line] = None
        plan.precision, plan.fallbacks, plan.refused = dict(before), {**fallbacks, **held}, None
        plan.raised_by = dict(raised_by)
        plan._shown.clear()
    grow()


def demand_chain(plan, result: str, source: dict) -> list:
    """The lines that asked `result` for its guard digits, in order: the line that last gave it one,
    the line that last gave that line's result one, ... (empty: its digits are --digits)."""
    chain, seen = [], set()
    key = result
    while True:
        while key in source:  # a copy (∂L/∂b = δ) gets its digits with its original
            key = source[key]
        line = plan.raised_by.get(key)
        if line is None or line in seen:
            return chain
        chain.append(line)
        seen.add(line)
        key = line.result


def pin_out_of_reach(plan, grow, before: dict, fallbacks: dict, source: dict, copies: dict) -> None:
    """Run `grow` from `before` and `fallbacks`; where it refuses a line whose result has guard digits,
    no line may give that result (and its copies) that many again (`before` included: a re-solve after
    `reopen` starts from the digits the last solve gave): solved anew."""
    from .plan_links import all_copies

    limits = plan.limits
    for _ in range(MAX_PINNED):
        plan.precision = {key: min(digits, limits.get(key, digits)) for key, digits in before.items()}
        plan.fallbacks, plan.refused = dict(fallbacks), None
        plan._shown.clear()
        try:
            grow()
            return
        except VerificationError:
            key = plan.refused
            while key in source:
                key = source[key]
            digits = plan.precision.get(key, plan.digits)
            if key is None or digits <= plan.digits:
                raise
        for copy in [key, *all_copies(key, copies)]:
            limits[copy] = digits - 1  # (a key grows while its digits are below its limit)
    grow()
