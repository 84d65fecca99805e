"""Keys printed alike: one value a reader sees twice is printed with the same digits both times.

In:  a plan's printed lines (relations) and the exact values of their keys (one variant's).
Out: key -> the keys printed with the same digits as it (itself included), for the keys of
     - twin lines: the same formula of equal numbers (tanh'(z_0) = 1 − 0.2913126² and tanh'(z_1) =
       1 − 0.2913126² of two neurons with equal z: one result, not 0.91514 on one line and 0.915137
       on the next);
     - a line that passes one rounded number on unchanged (δ·1, δ·1 + 0, id(z), ReLU of a positive z)
       and that number: δ·1 = 0.385153·1 = 0.385153, not ≈ 0.3852 — one printed value to carry;
     - copies (∂L/∂b = δ, plan_links.py), with either.
     `plan_grow.GuardDigits.solve` gives a guard digit to all of a group at once; where that makes a
     line unable to follow, it solves without the groups (each key its own digits, as before).
"""

from __future__ import annotations

from dataclasses import fields
from fractions import Fraction

from .. import formula as F
from ..core.numeric import domain
from ..formula_values import evaluate_formula
from ..numbers import format_decimal
from .relations import Relation

_SHAPES: dict = {}  # relation -> its formula with each input named by its place (the same for a sheet's variants)
_PROBES = (Fraction(8, 7), Fraction(14, 11))  # a line passes its input x on unchanged where it gives x at x·each


def printed_alike(relations, values: dict, copies: dict, digits: int) -> dict:
    """key -> the keys printed with its digits (a list shared by the group); only keys in a group of two or more."""
    parent: dict = {}

    def root(key):
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    def join(one, other):
        one, other = root(one), root(other)
        if one != other:
            parent[other] = one
            parent.setdefault(one, one)

    by_numbers: dict = {}  # the values of a line's inputs -> the lines of them (the formula compared where two meet)
    for relation in relations:
        try:
            numbers = tuple([_same(values[name]) for name in relation.inputs])
            result = _same(values[relation.result])
        except KeyError:
            continue
        if relation.inputs:
            by_numbers.setdefault(numbers, []).append(relation)
        passed = passed_on(relation, values, digits, numbers, result)
        if passed is not None:
            join(passed, relation.result)
    for lines in by_numbers.values():
        if len(lines) > 1:
            by_shape: dict = {}
            for relation in lines:
                twin = by_shape.setdefault(shape(relation), relation.result)
                if twin != relation.result:
                    join(twin, relation.result)
    if not parent:
        return {}
    joined = True
    while joined:  # (a copy of a copy: v = ∂L/∂b = δ)
        joined = False
        for original, results in copies.items():
            for result in results:
                if (original in parent or result in parent) and root(original) != root(result):
                    join(original, result)
                    joined = True
    groups: dict = {}
    for key in parent:
        groups.setdefault(root(key), []).append(key)
    return {key: group for group in groups.values() if len(group) > 1 for key in group}


def passed_on(relation: Relation, values: dict, digits: int, numbers: tuple, result) -> str | None:
    """The one input a line gives on unchanged (δ·1: δ), where its other inputs are printed exactly; else None.
    `numbers`, `result`: `_same` of its inputs' values and of its result's."""
    if not relation.inputs or isinstance(relation.formula, F.Ref) or result == 0:
        return None
    candidates = [name for name, number in zip(relation.inputs, numbers) if number == result]
    if len(candidates) != 1:
        return None
    passed = candidates[0]
    others = [name for name in relation.inputs if name != passed]
    if not all([type(values.get(name)) is Fraction and not format_decimal(values[name], digits).rounded for name in others]):
        return None
    env = {name: values[name] for name in others}
    result = values[relation.result]
    for probe in _PROBES:
        if type(result) is Fraction:
            moved = result * probe
        else:  # at the working precision evaluate_formula gives: a value solved with MORE_DIGITS (200), x·1 at 50 is x at 50
            moved = domain().number(result * probe.numerator / probe.denominator)
        try:
            if evaluate_formula(relation.formula, {**env, passed: moved}, exact=False) != moved:
                return None
        except (ArithmeticError, ZeroDivisionError, TypeError):
            return None
    return passed


def _same(value):
    """What tells equal values apart fast: a high-precision number by its digits (mpf's own == converts), a
    Fraction itself (an mpf 0.5 and the exact 1/2 are not taken for one number: a group fewer)."""
    digits = getattr(value, "_mpf_", None)
    return value if digits is None else digits


def shape(relation: Relation) -> F.Node:
    """The line's formula with each input named by its place in `relation.inputs` (kept per relation)."""
    found = _SHAPES.get(relation)
    if found is None:
        if len(_SHAPES) >= 1 << 15:
            _SHAPES.clear()
        found = _SHAPES[relation] = _renamed(relation.formula, {name: f"#{place}" for place, name in enumerate(relation.inputs)})
    return found


def _renamed(node, names: dict):
    if isinstance(node, F.Ref):
        return F.Ref(names.get(node.name, node.name))
    if isinstance(node, tuple):
        return tuple([_renamed(item, names) for item in node])
    if not isinstance(node, F.Node):
        return node
    return type(node)(**{field.name: _renamed(getattr(node, field.name), names) for field in fields(node)})
