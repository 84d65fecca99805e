"""What a formula reads, and what a number a student writes stands for where a formula reads it:
the helpers of student_spans.py.

In:  a formula tree (formula.py), a written number and the sheet's minimum digits.
Out: `read_as` (every value that rounds to a written number), `within_outputs` (those within an
     activation's range), `formula_names` / `read_twice` / `formula_parts` (the numbers a formula
     reads, those it reads more than once, its nodes with each f'(z) also by its local name).
"""

from __future__ import annotations

from functools import lru_cache

from .derivation_quantities import ACTIVATION
from .intervals import Span, Values


def read_as(written, minimum: int) -> Values:
    """The values a written number stands for where what follows uses it: every value that rounds
    to it at the digits written ([w − h, w + h]), when it is written with a decimal point and at
    least `minimum` significant digits, or is a whole number of at least `minimum` significant
    digits and two (1619 for δ = 1618.5, as the key prints a rounded value "≈ 1619"; a placeholder
    zero read as one, 378100 for 378138, where that still leaves those digits: agreement.readings);
    else exactly itself (0, 12 and a fraction claim exact values; a number with too few digits is
    marked so, and what follows from it is judged as before)."""
    from .agreement import PLACEHOLDER_DIGITS, could_be_rounding, readings, unit

    step = unit(written)
    if step is None or written.significant < minimum:
        return Values.of(written.value)
    if not could_be_rounding(written):  # a whole number of 2 digits or more: its coarsest reading that keeps them
        least = max(minimum, PLACEHOLDER_DIGITS)  # ("1" at --min-digits 1 claims 1, not [0.5, 1.5])
        kept = [reading for reading in readings(written) if reading.significant >= least]
        if not kept:
            return Values.of(written.value)
        step = unit(kept[-1])
    half = step / 2
    return Values((Span(written.value - half, written.value + half),))


def within_outputs(values: Values, q, spec) -> Values:
    """The values a written activation output stands for, within the activation's range (σ and softmax
    [0, 1], tanh [−1, 1]): a σ written 1.000 stands for [0.9995, 1], not for a value above 1 that would
    make −ln a a negative loss or a − y a positive δ.  A number wholly outside the range keeps its
    values (a wrong a is carried forward as written)."""
    from .activations import ACTIVATIONS

    layers = getattr(spec, "layers", None)
    if q.kind != ACTIVATION or not layers or not q.layer or q.layer > len(layers):
        return values
    bounds = ACTIVATIONS[layers[q.layer - 1].activation].output_range
    if bounds is None:
        return values
    low, high = bounds
    spans = tuple(Span(max(s.low, low), min(s.high, high)) for s in values.spans if s.high >= low and s.low <= high)
    return Values(spans) if spans else values


@lru_cache(maxsize=1 << 12)
def formula_names(node) -> tuple:
    """The numbers a formula reads, also through a (σ' as a(1 − a))."""
    from .carry import taught
    from .formula import refs

    return tuple(dict.fromkeys(refs(node) + refs(taught(node))))


@lru_cache(maxsize=1 << 12)
def read_twice(node) -> tuple:
    """The numbers a formula reads more than once, as written or taught (a in (a − y)·a(1 − a); a
    softmax's z_j, in e^{z_j} and in Σ_i e^{z_i}): a number that may be an interval is then split so
    that each piece is taken alike everywhere."""
    from collections import Counter

    from .carry import taught
    from .formula import Apply, Ref

    def count(n, found: Counter) -> Counter:
        if isinstance(n, Ref):
            found[n.name] += 1
        if isinstance(n, Apply) and n.function.key == "softmax":  # (its Refs counted once more)
            found.update(a.name for a in n.args if isinstance(a, Ref))
        for child in children(n):
            count(child, found)
        return found

    return tuple(name for form in (node, taught(node)) for name, k in count(form, Counter()).items() if k > 1)


DERIVATIVE = "f'"  # in a formula's parts: it has an f'(z), worked out through a or from z


@lru_cache(maxsize=1 << 12)
def formula_parts(node) -> frozenset:
    """Every node of a formula, each f'(z) also as its local derivative's name and the taught
    form of the formula's f'(z)s, and DERIVATIVE when it has one."""
    from .carry import taught
    from .formula import Apply, Ref
    from .names import activation_derivative

    found, todo = set(), [node, taught(node)]
    while todo:
        n = todo.pop()
        if n in found:
            continue
        found.add(n)
        if isinstance(n, Apply) and n.function.is_derivative:
            found.add(DERIVATIVE)
            if isinstance(n.args[0], Ref):
                found.add(activation_derivative(n.args[0].name))
        todo.extend(children(n))
    return frozenset(found)


def children(node) -> list:
    """The formula nodes directly below `node` (its fields that are nodes, one by one in a tuple;
    not its Function)."""
    return [child for key in node.__dataclass_fields__ for value in (getattr(node, key),)
            for child in (value if isinstance(value, tuple) else (value,))
            if hasattr(child, "__dataclass_fields__") and not hasattr(child, "sympy_rule")]
