"""Diagnosing a wrong value: which typical slip explains it.

In:  a `Case` — a wrong value as written, its quantity, and the answer's own numbers for what it
     depends on.
Out: a `Diagnosis` (the slip's key, the value the slip gives and its formula) or None.  What a
     slip is called in a report lives in the catalogues templates/i18n/<code>.toml (slip.<key>).

Each slip in REGISTRY is one small unit: which quantities it can happen to, and the alternative
formulas (or values) that the slip produces.  An alternative is evaluated with the student's own
inputs; the first slip with an alternative that agrees with the written number is the diagnosis.
Adding a slip means adding one entry; nothing else changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Callable, Iterable

from . import names
from .derivation_quantities import LOSS, OUTPUT_DELTA, PRE_ACTIVATION, SAMPLE_LOSS
from .formula import Add, Const, Mul, Neg, Node, Ref, Sub, refs
from .network_slips import SLIPS as NETWORK_SLIPS
from .network_slips import replaced
from .optimizer_slips import SLIPS as OPTIMIZER_SLIPS

UPDATES = ("weight_update", "bias_update")


@dataclass
class Case:
    """A wrong value and what it was computed from."""

    name: str
    quantity: object  # derivation_quantities.Quantity, or None for a value the spec gives
    written: object  # written.Written
    expected: object  # the true value
    carried: object  # the value that follows from the answer's own numbers (None if undefined)
    env: dict  # the answer's own numbers (and what follows from them) for every name before it
    domain: object  # evaluate's number domain (exact or high precision)
    spec: object
    agrees: Callable[[object], bool]  # does the written number agree with this value?
    # whether the written number is more than ROUNDING_UNITS units from every value accepted as
    # right (marking.py: the whole reach of rounding on the way); None: from `reference` alone
    beyond_rounding: bool | None = None
    written_names: frozenset = frozenset()  # the names the answer writes a number for
    kept: bool = False  # env holds the values a calculator kept for numbers written rounded (the report shows them)
    # does a slip's formula give the written number with rounding on the way (student_spans.explains_formula)?
    # Tried only where no slip's value agrees as a carried value does (`diagnose`)
    agrees_rounded: Callable[[object], bool] | None = None
    # the numbers the answer writes (name -> value): a slip that uses one written later than this value, the
    # updated weights in a backward pass (network_slips.updated_weights), is worked with it (env's own numbers first)
    later: dict | None = None

    @property
    def kind(self) -> str | None:
        return self.quantity.kind if self.quantity is not None else None

    @property
    def reference(self):
        return self.carried if self.carried is not None else self.expected


@dataclass(frozen=True)
class Alternative:
    """What a slip produces: a formula evaluated on the student's inputs, or a bare value."""

    formula: Node | None = None
    value: object = None
    env: dict | None = None  # the numbers the formula is worked out with, where not the answer's own


@dataclass(frozen=True)
class Diagnosis:
    key: str
    value: object  # the value the slip gives
    formula: Node | None  # the slipped formula (None for digit slips)
    inputs: dict | None = None  # the numbers it takes where not the answer's own (name -> value)
    meant: object = None  # a slip of the pen undone (pen_slips.py): the number written.Written before the slip
    own_inputs: bool = False  # `inputs` are the answer's own numbers (shown as written), not a calculator's kept ones
    as_decimal: object = None  # exact_claimed: the number as the rounded decimal that is right (written.Written)


@dataclass(frozen=True)
class Slip:
    key: str
    alternatives: Callable[[Case], Iterable[Alternative]]
    # A slip of the pen (a digit changed) explains only a number that is further from the correct
    # one than rounding could take it: more than ROUNDING_UNITS units of its last digit.
    of_the_pen: bool = False


ROUNDING_UNITS = 2


# ---- evaluating formula trees on the student's numbers --------------------------------------------
def evaluate(node: Node, env: dict, domain):
    """The value of a formula tree with the numbers in `env` (name -> domain number)."""
    from .formula_values import compiled_formula

    return compiled_formula(node, domain.exact)(env)


# ---- the slips ------------------------------------------------------------------------------------
def _is_bias(node) -> bool:
    return isinstance(node, Ref) and names.kind_of(node.name) == names.BIAS


def bias_left_out(case: Case):
    formula = case.quantity.formula if case.kind == PRE_ACTIVATION else None
    if isinstance(formula, Add) and any(_is_bias(t) for t in formula.terms):
        rest = tuple(t for t in formula.terms if not _is_bias(t))
        yield Alternative(Add(rest) if len(rest) > 1 else rest[0])


def _update_step(case: Case):
    """(parameter, step) of an update p − step, whatever the step (α·g, or Adam's α·m̂/(√v̂ + ε))."""
    formula = case.quantity.formula if case.kind in UPDATES else None
    return (formula.left, formula.right) if isinstance(formula, Sub) else None


def _update_parts(case: Case):
    """(parameter, alpha, gradient) of an update p − α·g."""
    parts = _update_step(case)
    if parts and isinstance(parts[1], Mul) and len(parts[1].factors) == 2:
        return parts[0], *parts[1].factors
    return None


def update_with_plus(case: Case):
    parts = _update_step(case)
    if parts:
        parameter, step = parts
        yield Alternative(Add((parameter, step)))


def learning_rate_forgotten(case: Case):
    parts = _update_parts(case)
    if parts:
        parameter, _, gradient = parts
        yield Alternative(Sub(parameter, gradient))
        yield Alternative(Add((parameter, gradient)))


def not_updated(case: Case):
    parts = _update_step(case)
    if parts:
        parameter, _ = parts
        yield Alternative(parameter)


def old_value_left_out(case: Case):
    parts = _update_step(case)
    if parts:
        _, step = parts
        yield Alternative(Neg(step))


def half_dropped(case: Case):
    """L = (y − a)² without the ½ (and δ^L = 2(a − y)·σ' that follows from it)."""
    if case.spec.loss != "half_sse" or case.quantity is None:
        return
    formula = case.quantity.formula
    per_sample_loss = case.kind == SAMPLE_LOSS or (case.kind == LOSS and not case.spec.batch)
    if per_sample_loss and isinstance(formula, Mul) and formula.factors[0] == Const(Fraction(1, 2)):
        rest = formula.factors[1:]
        yield Alternative(Mul(rest) if len(rest) > 1 else rest[0])
    if case.kind == OUTPUT_DELTA:
        yield Alternative(Mul((Const(Fraction(2)), formula)))


def mean_dropped(case: Case):
    """mse's mean taken as a sum: L = Σ(y − a)² without the 1/n of n outputs, and δ^L = 2(a − y)·σ'
    without its /n (n times the value, whatever the key prints for 2/n)."""
    n = case.spec.widths[-1]
    if case.spec.loss != "mse" or n < 2 or case.quantity is None:
        return
    if case.kind in (OUTPUT_DELTA, SAMPLE_LOSS) or case.kind == LOSS and not case.spec.batch:
        yield Alternative(Mul((Const(Fraction(n)), case.quantity.formula)))


def two_dropped(case: Case):
    """mse's δ^L = 2/n·(a − y)·f' without its 2, the squared error's derivative (half the value); the slip the
    half_sse loss has the other way round (its ½ kept in δ^L is the same 2 dropped: named half_dropped there)."""
    if case.spec.loss == "mse" and case.kind == OUTPUT_DELTA and case.quantity is not None:
        yield Alternative(Mul((Const(Fraction(1, 2)), case.quantity.formula)))


def _sums(node: Node):
    """Add nodes at the top of a formula or inside its top-level product."""
    if isinstance(node, Add):
        yield node
    elif isinstance(node, Mul):
        for factor in node.factors:
            if isinstance(factor, Add):
                yield factor


def sign_flipped(case: Case):
    """The whole value negated, or one term of a sum taken with the wrong sign."""
    if case.quantity is None:
        yield Alternative(value=-case.domain.number(case.expected))
        return
    formula = case.quantity.formula
    yield Alternative(Neg(formula))
    for total in _sums(formula):
        for i, term in enumerate(total.terms):
            flipped = Add(total.terms[:i] + (Neg(term),) + total.terms[i + 1:])
            yield Alternative(replaced(formula, total, flipped))


def inputs_rounded(case: Case):
    """The quantity's own formula worked out from the earlier numbers rounded to fewer significant
    digits than the number is written with (six written, four carried on the calculator): those the
    answer writes (one it leaves out was written with no digits: the slip's words would not hold)."""
    from .numbers import round_significant

    if case.quantity is None or not case.written.significant:
        return
    inputs = [name for name in dict.fromkeys(refs(case.quantity.formula))
              if name in case.env and name in case.written_names]
    if not inputs:
        return
    for digits in range(case.written.significant - 1, 2, -1):
        try:
            rounded = {name: case.domain.number(round_significant(case.env[name], digits)) for name in inputs}
        except (ArithmeticError, ValueError, TypeError):  # an input with no digits to round (None, ∞)
            return
        yield Alternative(case.quantity.formula, env={**case.env, **rounded})


def _rounded_digits(case: Case) -> tuple[str, int] | None:
    """The reference rounded to the written decimals, as (sign + digits, decimals)."""
    decimals = case.written.decimals
    if decimals is None:
        return None
    from .agreement import as_fraction
    from .numbers import to_decimal

    dec = to_decimal(as_fraction(case.reference)).quantize(Decimal(1).scaleb(-decimals), rounding="ROUND_HALF_UP")
    return format(dec, "f"), decimals


def _as_value(text: str, case: Case):
    return case.domain.number(Fraction(Decimal(text)))


def _nonzero_reference(case: Case) -> Fraction | None:
    """The (carried) expected value as a Fraction, for a slip that needs its digits; None when it is
    0 or has none (None, ∞)."""
    from .agreement import as_fraction

    if case.reference is None:
        return None
    try:
        reference = as_fraction(case.reference)
    except (ArithmeticError, ValueError, TypeError):
        return None
    return reference or None


def padded_rounding(case: Case):
    """The (carried) expected value rounded to fewer significant digits than written, the rest written as
    zeros (−0.01440 for −0.01443: rounded to 3 digits, a 0 put on the end), not a digit miscopied."""
    from .numbers import round_significant

    reference = _nonzero_reference(case)
    if case.written.significant is None or case.written.significant < 2 or reference is None:
        return
    for digits in range(case.written.significant - 1, max(1, case.written.significant - 3), -1):  # (one or two fewer)
        yield Alternative(value=case.domain.number(round_significant(reference, digits)))


def decimal_point_moved(case: Case):
    """The (carried) expected value with its decimal point one to three places off (1.443 or 0.01443
    for 0.1443), rounded to the digits written."""
    from .numbers import round_significant

    reference = _nonzero_reference(case)
    if not case.written.significant or reference is None:
        return
    for places in (1, -1, 2, -2, 3, -3):
        yield Alternative(value=case.domain.number(round_significant(reference * Fraction(10) ** places,
                                                                     case.written.significant)))


def digits_transposed(case: Case):
    """Two neighbouring digits of the (carried) expected value swapped."""
    rounded = _rounded_digits(case)
    if rounded is None:
        return
    text, _ = rounded
    chars = list(text)
    positions = [i for i, ch in enumerate(chars) if ch.isdigit()]
    for a, b in zip(positions, positions[1:]):
        if chars[a] != chars[b]:
            swapped = chars.copy()
            swapped[a], swapped[b] = chars[b], chars[a]
            yield Alternative(value=_as_value("".join(swapped), case))


def digit_miscopied(case: Case):
    """One digit of the (carried) expected value miscopied (numbers of three digits or more)."""
    rounded = _rounded_digits(case)
    if rounded is None or case.written.significant < 3:
        return
    text, _ = rounded
    for i, ch in enumerate(text):
        if ch.isdigit():
            for other in "0123456789":
                if other != ch:
                    yield Alternative(value=_as_value(text[:i] + other + text[i + 1:], case))


def _optimizer_slip(slip):
    """An optimizer's or the regularization's slip (optimizer_slips.py) as alternatives."""
    return lambda case: (Alternative(f) for f in slip(case.quantity)) if case.quantity is not None else ()


def _network_slip(slip):
    """A slip of the forward or backward pass (network_slips.py) as alternatives."""
    return lambda case: (Alternative(f) for f in slip(case)) if case.quantity is not None else ()


REGISTERED_EARLIER = ("wrong_activation_derivative", "extra_activation_derivative")  # before the ½ and 1/n
# Last, after the slips of the pen: a neighbour's number explains many a number (δ·a_1 is −δ·a_0 where
# a_1 = −a_0, ten times it where a_1 = 10·a_0), and a flipped sign or a moved point is the likelier slip;
# marking.py lets a pen slip undone on the number as written (pen_slips.py) name it instead.
REGISTERED_LATER = ("weights_transposed", "other_neuron")
# worked with numbers the answer writes later (Case.later), with the answer's own numbers before it
WITH_LATER = ("updated_weights",)


def _later_slip(slip):
    """A network slip that reads numbers written later (the updated weights) as alternatives with those numbers."""
    return lambda case: (Alternative(f, env={**(case.later or {}), **case.env}) for f in slip(case)) \
        if case.quantity is not None else ()

# The slips a fraction or whole number claiming an exact value is named by rather than these (a rounding's):
# 1/8 for 0.1245 is "as a rounded decimal the number is right: 0.125" (agreement.decimal_reading), not the earlier
# numbers rounded to fewer digits; a copied old weight 1 for 1.00106 stays "parameter not updated".
BEFORE_EXACT_CLAIMED = ("inputs_rounded", "padded_rounding")
# First match wins: slips of the method before slips of the pen.
REGISTRY: dict[str, Slip] = {
    s.key: s
    for s in (
        Slip("bias_left_out", bias_left_out),
        Slip("update_with_plus", update_with_plus),
        Slip("learning_rate_forgotten", learning_rate_forgotten),
        Slip("old_value_left_out", old_value_left_out),
        Slip("not_updated", not_updated),
        *(Slip(key, _network_slip(NETWORK_SLIPS[key])) for key in REGISTERED_EARLIER),
        Slip("half_dropped", half_dropped),
        Slip("mean_dropped", mean_dropped),
        Slip("two_dropped", two_dropped),
        *(Slip(key, _network_slip(slip)) for key, slip in NETWORK_SLIPS.items()
          if key not in REGISTERED_EARLIER + REGISTERED_LATER + WITH_LATER),
        *(Slip(key, _later_slip(NETWORK_SLIPS[key])) for key in WITH_LATER),
        *(Slip(key, _optimizer_slip(slip)) for key, slip in OPTIMIZER_SLIPS.items()),
        Slip("sign_flipped", sign_flipped),
        Slip("inputs_rounded", inputs_rounded),
        Slip("padded_rounding", padded_rounding, of_the_pen=True),
        Slip("decimal_point_moved", decimal_point_moved, of_the_pen=True),
        Slip("digits_transposed", digits_transposed, of_the_pen=True),
        Slip("digit_miscopied", digit_miscopied, of_the_pen=True),
        *(Slip(key, _network_slip(NETWORK_SLIPS[key])) for key in REGISTERED_LATER),
    )
}


def _beyond_rounding(case: Case) -> bool:
    from .agreement import within

    if case.beyond_rounding is not None:
        return case.beyond_rounding
    return not within(case.written, case.reference, ROUNDING_UNITS)


def _new_refs(formula, case: Case) -> bool:
    """Whether a slip's formula takes a number its quantity's does not (another neuron's a_k'): the
    report then needs those numbers (the answer's own) beside the formula, not the quantity's inputs."""
    if formula is None or case.quantity is None:
        return False
    return not set(refs(formula)) <= set(refs(case.quantity.formula))


def _nearer(case: Case, value) -> bool:
    """Whether the number written lies nearer a slip's value than the values accepted as right (the true one, the
    one the answer's own numbers give): 0.61 for 0.61905 is no copied 0.6 (stop 64's student tester)."""
    from .agreement import as_fraction

    try:
        off = abs(case.written.value - as_fraction(value))
        return all(off < abs(case.written.value - as_fraction(right))
                   for right in (case.expected, case.carried) if right is not None)
    except (ArithmeticError, ValueError, TypeError):  # (a value without digits: ∞, None)
        return True


def diagnose(case: Case, only: frozenset | None = None) -> Diagnosis | None:
    """The first slip whose alternative explains the written number, or None.

    A formula's alternative is evaluated on the answer's own numbers and explains the number when
    it agrees as a carried value does (`Case.agrees`); a bare alternative value (a digit changed,
    a given's sign) must be exactly the number written.  `only`: the keys of the slips tried (all: None)."""
    found = _diagnose(case, only, rounded=False)
    if found is None and case.agrees_rounded is not None and not case.kept:
        found = _diagnose(case, only, rounded=True)
    return found


def _diagnose(case: Case, only: frozenset | None, rounded: bool) -> Diagnosis | None:
    """`diagnose`'s pass over the slips: `rounded`, a slip's formula explains the number written when
    rounding on the way reaches it from the answer's own numbers (slips of the pen and bare values aside)."""
    from .agreement import as_fraction

    reference = case.reference
    for slip in REGISTRY.values():
        if only is not None and slip.key not in only:  # (only these slips: a given number copied, marking.py)
            continue
        if slip.of_the_pen and (rounded or case.kept or not _beyond_rounding(case)):  # (a pen's slip: the number written)
            continue
        try:
            for alternative in slip.alternatives(case):
                if alternative.formula is not None:
                    if rounded and alternative.env is not None:  # (worked with numbers not the answer's own)
                        continue
                    try:
                        env = alternative.env if alternative.env is not None else case.env
                        value = evaluate(alternative.formula, env, case.domain)
                    except (ArithmeticError, ZeroDivisionError, ValueError, KeyError):
                        continue
                    explains = value is not None and value != reference and \
                        (case.agrees_rounded(alternative.formula) if rounded else case.agrees(value)) and \
                        _nearer(case, value)
                elif rounded:
                    continue
                else:
                    value = alternative.value
                    explains = value is not None and value != reference and as_fraction(value) == case.written.value
                if explains:
                    own = alternative.env is None and not case.kept and _new_refs(alternative.formula, case)
                    used = alternative.env if alternative.env is not None else case.env if case.kept or own else None
                    inputs = None if used is None else \
                        {name: used[name] for name in refs(alternative.formula) if name in used}
                    return Diagnosis(slip.key, value, alternative.formula, inputs, own_inputs=own)
        except ArithmeticError:  # decimal.InvalidOperation: a number of 29 decimals has no digit slip to name
            continue
    return None
