"""A line out of reach, and the one line that put it there held to one unit: `DisplayPlan.solve`'s
per-line fallback.

In:  a plan whose guard-digit pass (`_grow`) stops at a line that cannot follow even to one unit:
     its result took guard digits for a later line (which took them for a later one, ...) beyond what
     its own inputs, at their cap, can reach.  `plan.raised_by` says which line last gave each key
     a guard digit.
Out: the plan solved again with one line of that demand held to one unit ("≈†"), which asks its inputs
     for fewer digits; repeated while a line is out of reach.  Which line: the nearest the line out of
     reach whose result carries HELD_GUARD_DIGITS guard digits or more (`wide_first`: one unit off in a
     digit no reader checks: Adam's v_w_00^1 = (1 − 0.999)·(−4.875474487·10^−5)² ≈† 2.37702514733·10^−12
     rather than z_0^2@4 = (−1.35)·0.21 + … + (−0.035) ≈† −0.24 three steps on, test_guard_rule.py's seed 159);
     where that fails or holds a line with fewer, the last line of the chain, whose own result no line
     asked digits of (`last_first`, as before), and the plan that holds fewer such lines kept.  Every
     other line keeps its guard digits to half a unit.  VerificationError where no line is left to hold,
     or where the line held last did not move the demand (the same result refused, asked by the same
     chain with another line in its place: one of the many ∂L/∂w lines reading one δ), and solve falls
     back to fewer guard digits everywhere.  Each held line keeps the demand it was held for
     (`plan.held_for`): where the line out of reach has a stable form (σ' = a(1 − a) of a saturated a),
     worked.py writes it so and solves again rather than print the held line "≈†".

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
HELD_GUARD_DIGITS = 8  # hold_demanding_lines holds first the nearest line with this many guard digits or more (`wide_first`)
MAX_SIBLINGS = 8  # `wide_first`: lines held in a row in place of one another (the users of one result) at most
MAX_PINNED = 64  # digits taken off results out of reach at most (pin_out_of_reach) before exit 3


def hold_demanding_lines(plan, grow, before: dict, fallbacks: dict, source: dict) -> None:
    """Run `grow` (the plan's guard-digit pass); where it refuses a line, hold a line that asked its result
    for the digits to one unit and run it again from `before` and `fallbacks` (where solve started): the
    nearest the line out of reach with HELD_GUARD_DIGITS guard digits or more (`wide_first`).  Where that
    fails or holds a line with fewer, again holding the last of each chain (`last_first`): its plan kept
    where it holds fewer such lines, its VerificationError raised where it fails (solve's later tries: fewer
    or more guard digits everywhere, which may leave only lines with many held)."""
    start = _state(plan)
    try:
        few = _held_with_few_digits(plan, _hold(plan, grow, before, fallbacks, source, wide_first, MAX_SIBLINGS))
        if not few:
            return
        kept = _state(plan)
    except VerificationError:
        kept = None
    _restore(plan, start)
    fewer = _held_with_few_digits(plan, _hold(plan, grow, before, fallbacks, source, last_first, 1))
    if kept is not None and few <= fewer:
        _restore(plan, kept)


def _state(plan) -> tuple:
    return dict(plan.precision), dict(plan.fallbacks), dict(plan.raised_by), dict(plan.held_for), plan.refused


def _restore(plan, state: tuple) -> None:
    plan.precision, plan.fallbacks, plan.raised_by, plan.held_for = [dict(part) for part in state[:4]]
    plan.refused = state[4]
    plan._shown.clear()


def _hold(plan, grow, before: dict, fallbacks: dict, source: dict, pick, siblings: int) -> dict:
    """`hold_demanding_lines` with one way to `pick` the line of a demand chain to hold: the lines held; VerificationError
    where none is left, or where `siblings` lines in a row did not move the demand (the same result refused,
    asked by the same chain with another line in the held one's place: one of the many ∂L/∂w lines reading
    one δ, or of the ∂L/∂a lines reading it)."""
    raised_by, held, last, repeats = dict(plan.raised_by), {}, None, 0
    for _ in range(MAX_HELD):
        try:
            grow()
            return held
        except VerificationError:
            demand = demand_chain(plan, plan.refused, source)
            line = pick(plan, demand)
            if line is None:
                raise
            again = (plan.refused, demand[:demand.index(line)])
            repeats = repeats + 1 if again == last else 0
            if repeats >= siblings:
                raise
            last = again
        held[line] = None
        plan.held_for[line] = (plan.refused, _asked(plan, demand, source))  # (worked.py: a stable form for the refused line first)
        plan.precision, plan.fallbacks, plan.refused = dict(before), {**fallbacks, **held}, None
        plan.raised_by = dict(raised_by)
        plan._shown.clear()
    grow()
    return held


def _asked(plan, demand: list, source: dict) -> dict:
    """The entries of `plan.raised_by` that `demand_chain` read for `demand` (the chain of `plan.refused`)."""
    asked = {}
    for key in [plan.refused, *[line.result for line in demand[:-1]]]:
        while key in source:
            key = source[key]
        asked[key] = plan.raised_by[key]
    return asked


def last_first(plan, demand: list):
    """The line of a demand chain to hold first: the last not held yet, whose own result no line asked digits
    of (None: all are held)."""
    return next((line for line in reversed(demand) if line not in plan.fallbacks), None)


def wide_first(plan, demand: list):
    """The line of a demand chain to hold first: the nearest the line out of reach, not held yet, whose result
    carries HELD_GUARD_DIGITS guard digits or more (one unit off in a digit no reader checks); else `last_first`."""
    wide = plan.digits + HELD_GUARD_DIGITS
    return next((line for line in demand if line not in plan.fallbacks and plan.precision.get(line.result, plan.digits) >= wide),
                None) or last_first(plan, demand)


def _held_with_few_digits(plan, held: dict) -> int:
    """How many of the lines `held` to one unit carry fewer than HELD_GUARD_DIGITS guard digits on their result."""
    wide = plan.digits + HELD_GUARD_DIGITS
    return sum([plan.precision.get(line.result, plan.digits) < wide for line in held])


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
