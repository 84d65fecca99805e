"""How far a careful calculator's numbers may stray from the ones the marking carries on
(graph/marking.py): every number not on the page — a value or local derivative left out, each product
a fan-out's gradient adds up, each step inside a definition — rounded to the sheet's digits or more,
each its own way (or kept whole), and each number written standing for itself or for a value the
calculator holds that rounds to it.  The chains (chains.py) are such ways taken alike all along; this
is any mixture of them: −0.2913 · 0.47619 + 0.1134 for ∂f/∂c, 1/c kept to five digits and −x/c² to
four (the student helper's HIGH of stop 60: a careful −0.02531 was marked wrong, the chains gave
−0.02530 and −0.02532).

In:  a definition tree, the float value of each number it reads and its spread (how far that number
     may be, in such a calculator, from the one the marking carries), the sheet's digits.
Out: `reach`: a bound on how far the definition's value may then be from its value on the carried
     numbers — an operation monotone in each argument (×, ÷, powers, √, e^x, ln, σ, tanh) by its values at
     the corners of its arguments' intervals, exactly; another (a sum: exact; a long product) first order,
     each argument's spread through the float twin's partials (CURVATURE more where not linear), then each step's result rounded to the sheet's digits, one or two
     more, or not (the rounding each end of that interval gets: a number's own rounding, not half a unit
     whatever the number); None where it cannot say (a kink's side, a number out of float's range).
     `held`: the spread of a number written, given what the calculator reaches there; `shows`: whether a
     number written is one such a calculator may show.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

from ..agreement import HALF_UNIT, as_fraction, could_be_rounding, precise_enough, unit
from ..core.expr import Call, Const, Ref
from ..core.floats import FLOAT_TWINS
from .chains import identities_of

CURVATURE = 1.05  # a first-order bound widened by 5 %: the spreads are a few units of the sheet's last digit
LINEAR = {"add", "sub", "neg", "mul", "identity"}  # no curvature: first order is exact (a product's is its cross
# term of two spreads, a few units of the sheet's last digit squared)
# monotone in each argument for the others fixed (where a denominator or a power's base keeps its sign):
# the interval of the result is the least and greatest value at its arguments' corners
CORNERED = {"mul", "div", "pow", "sqrt", "exp", "ln", "sigmoid", "tanh", "softplus"}
SIGN_KEPT = {"div": -1, "pow": 0}  # the argument whose interval must not hold 0: a denominator, a power's base
MAX_CORNER_ARGUMENTS = 6  # 2^6 corners; a longer product: first order
MORE = 2  # a calculator rounds to the sheet's digits, one or two more, or not at all


def rounded(value: float, digits: int) -> float:
    """A float rounded to `digits` significant digits."""
    if value == 0 or not math.isfinite(value):
        return value
    scale = 10.0 ** (digits - 1 - math.floor(math.log10(abs(value))))
    return round(value * scale) / scale


def _rounding(value: float, low: float, high: float, digits: int) -> tuple[float, float]:
    """The offsets from a value of the numbers within [value + low, value + high] once rounded to `digits`,
    one or two more digits, or not at all: rounding is monotone, so the ends of the interval say it."""
    ends = [rounded(value + end, d) - value for end in (low, high) for d in range(digits, digits + MORE + 1)]
    return min([low] + ends), max([high] + ends)


def _reach(tree, values: dict, spreads: dict, digits: int, top: bool = True) -> tuple[float, float, float]:
    """(float value of a tree, how far below and above it a calculator's value of it may be; `top`: its
    result rounded too)."""
    if isinstance(tree, Ref):
        return (values[tree.identity], *spreads[tree.identity])
    if isinstance(tree, Const):
        return float(tree.value), 0.0, 0.0
    if not isinstance(tree, Call):
        raise ValueError("a kink's side: no spread")
    found = [_reach(arg, values, spreads, digits) for arg in tree.args]
    args = [value for value, _, _ in found]
    twin = FLOAT_TWINS[tree.op]
    value = twin.forward(args, tree.param)
    box = _corners(tree, found, twin)
    if box is not None:
        low, high = box[0] - value, box[1] - value
    else:
        moved = [(p * low, p * high) for p, (_, low, high) in zip(twin.partials(args, tree.param), found)]
        bend = 1.0 if tree.op in LINEAR else CURVATURE  # (a sum is first order exactly: no margin to ratchet up)
        low, high = bend * sum(min(pair) for pair in moved), bend * sum(max(pair) for pair in moved)
    return (value, *_rounding(value, low, high, digits)) if top else (value, low, high)


def _corners(tree, found: list, twin) -> tuple[float, float] | None:
    """The least and greatest value of an operation monotone in each argument (for the others fixed) over
    the box of its arguments' intervals: at the box's corners, exactly — no first-order margin, which grew
    by 5 % at each of a deep chain's gates (this stop's adversarial search: 3 units beyond every mixture
    after seven e^x and √ gates).  None where that does not hold (a denominator or a power's base whose
    interval holds 0, too many arguments) or a corner is undefined: first order then."""
    if tree.op not in CORNERED or len(found) > MAX_CORNER_ARGUMENTS:
        return None
    ends = [(value + low, value + high) for value, low, high in found]
    signed = SIGN_KEPT.get(tree.op)
    if signed is not None and ends[signed][0] <= 0 <= ends[signed][1]:
        return None
    try:
        images = [twin.forward(list(corner), tree.param) for corner in itertools.product(*ends)]
    except (ValueError, ZeroDivisionError, OverflowError, TypeError):
        return None
    if any(isinstance(image, complex) or not math.isfinite(image) for image in images):
        return None
    return min(images), max(images)


def reach(definition, carried, env: dict, spreads: dict, digits: int, other=None) -> tuple[tuple | None, tuple | None]:
    """How far below and above `carried`, a definition's value on the answer's numbers (`env`), a careful
    calculator's value of it may be (see the module docstring; `spreads`: the same of each number, (0, 0)
    where none is known): (with the value itself rounded too, as a number left out is carried on; without),
    in one pass; None where that cannot be said (a kink's side, undefined, out of float's range).  `other`: a
    local derivative's other form (1/(2s) for 1/(2√y), −f.4/c for −f.3/c²: chains.other_locals), which a
    calculator may take instead — the two intervals joined where they meet (where they do not, a number it
    reads is off beyond its rounding: the chains name what follows from it)."""
    if carried is None:
        return None, None
    try:
        carried = float(carried)
    except OverflowError:  # (1e309 written for a value: beyond float's range, nothing to say; stop 66's hostile tester)
        return None, None
    if not math.isfinite(carried):
        return None, None
    own = _offsets(definition, carried, env, spreads, digits)
    if own is None or other is None:
        return own or (None, None)
    found = _offsets(other, carried, env, spreads, digits)
    if found is None or any(a[1] < b[0] or b[1] < a[0] for a, b in zip(own, found)):
        return own
    return tuple((min(a[0], b[0]), max(a[1], b[1])) for a, b in zip(own, found))


def joined(spread: tuple | None, other: tuple | None) -> tuple | None:
    """Two spreads of one value (offsets below and above it) as one: the wider at each end (None: not known)."""
    if spread is None or other is None:
        return spread or other
    return min(spread[0], other[0]), max(spread[1], other[1])


def _offsets(tree, carried: float, env: dict, spreads: dict, digits: int) -> tuple[tuple, tuple] | None:
    """A tree's interval on env's numbers as offsets from `carried`, rounded at the top and not; None where
    it cannot be said."""
    references = identities_of(tree)
    try:
        values = {r: float(env[r]) for r in references}
        value, low, high = _reach(tree, values, {r: spreads.get(r, (0.0, 0.0)) for r in references}, digits, top=False)
        top = _rounding(value, low, high, digits)
    except (ValueError, ZeroDivisionError, OverflowError, KeyError, TypeError):
        return None
    shift = value - carried  # (the definition's own value: the float's error; another form's: its rounding too)
    pairs = tuple((shift + a, shift + b) for a, b in (top, (low, high)))
    return pairs if all(map(math.isfinite, pairs[0] + pairs[1])) else None


def held(written, carried, spread: tuple | None) -> tuple[float, float]:
    """How far below and above a number written the number a calculator holds may be: within half a unit
    of it (a number that claims to be exact: itself) and within `spread` of what the answer's numbers
    before it give (`carried`); (0, 0) where those do not meet (the number is taken as written)."""
    if not could_be_rounding(written) or carried is None or spread is None:
        return 0.0, 0.0
    half = unit(written) * HALF_UNIT
    low = max(written.value - half, as_fraction(carried) + Fraction(spread[0]))
    high = min(written.value + half, as_fraction(carried) + Fraction(spread[1]))
    if low > high:
        return 0.0, 0.0
    return float(min(low - written.value, Fraction(0))), float(max(high - written.value, Fraction(0)))


def shows(written, carried, spread: tuple | None, rule) -> bool:
    """Whether a number written, with the digits the rule asks, is what a careful calculator may show for a
    value: within its spread below and above `carried` and half a unit of the last digit written."""
    if carried is None or spread is None or not could_be_rounding(written) or not precise_enough(written, rule):
        return False
    half, value = unit(written) * HALF_UNIT, as_fraction(carried)
    return value + Fraction(spread[0]) - half <= written.value <= value + Fraction(spread[1]) + half
