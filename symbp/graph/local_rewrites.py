"""Typical wrong local derivatives of a gate written as a whole (gates = "as_written"), by rewriting the true one:
each rule rewrites one part of the local derivative's tree as a student gets it wrong, one part at a time.

In:  a local derivative's tree (core.expr), e.g. ∂q/∂c = −p/(a + c)² of q = p/(a + c).
Out: the trees with one part rewritten (`rewritten`): −p/(a + c) (the square forgotten), 1/√u for 1/(2·√u) (the ½
     forgotten), 3·q³ for 3·q² (the exponent not lowered), q² (the factor 3 forgotten).

A primitive gate's wrong locals are slips.py's `_wrong_locals` (by the gate's operation); these find the same slips
inside a gate of several operations (stop 64's graph tester: they went unnamed there).
"""

from __future__ import annotations

from typing import Callable, Iterator

from ..core.expr import Call, Const


def _square_forgotten(e) -> Iterator:
    """x/y² -> x/y."""
    if e.op == "div" and isinstance(e.args[1], Call) and e.args[1].op == "pow" and e.args[1].param == 2:
        yield Call("div", (e.args[0], e.args[1].args[0]))


def _half_forgotten(e) -> Iterator:
    """c/(2·√u) -> c/√u."""
    if e.op == "div" and isinstance(e.args[1], Call) and e.args[1].op == "mul" and len(e.args[1].args) == 2:
        two, root = e.args[1].args
        if isinstance(two, Const) and two.value == 2 and isinstance(root, Call) and root.op == "sqrt":
            yield Call("div", (e.args[0], root))


def _power_rule(e) -> Iterator:
    """n·x^(n−1) -> n·x^n (the exponent not lowered) and x^(n−1) (the factor n forgotten)."""
    if e.op == "mul" and len(e.args) == 2:
        factor, power = e.args
        if isinstance(factor, Const) and isinstance(power, Call) and power.op == "pow" and power.param == factor.value - 1:
            yield Call("mul", (factor, Call("pow", power.args, factor.value)))
            yield power


RULES: tuple[Callable, ...] = (_square_forgotten, _half_forgotten, _power_rule)


def rewritten(tree) -> Iterator:
    """`tree` with one of its parts rewritten by one of RULES, for each part and rule that applies."""
    if not isinstance(tree, Call):
        return
    for rule in RULES:
        yield from rule(tree)
    for i, arg in enumerate(tree.args):
        for part in rewritten(arg):
            yield Call(tree.op, tree.args[:i] + (part,) + tree.args[i + 1:], tree.param)

