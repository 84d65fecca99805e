"""How far the float64 path's own numbers may be off: bounds on its round-off, so that verify.py
never calls a right value wrong where float64 cancels (√(x² + 1) − x at x = 10^6 keeps 5 of its
16 digits: its float64 value is 7.6·10^−6 off, relatively, while the exact one is right).

In:  the built graph, the float64 value of every node (verify.float_forward) and the float64
     gradients of the reverse pass.
Out: a bound on the error of each float64 value, local derivative, term and gradient — first-order
     running error analysis: the errors of a node's inputs carried through the float twins'
     partials (for a local derivative: how far it moves when each input moves by its bound), plus
     each operation's own rounding.  Worked out only where a check fails its usual tolerance.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cached_property

from ..core.expr import Call, Const, Ref
from ..core.floats import FLOAT_TWINS

UNIT = 2.0 ** -53  # float64's unit round-off
ROUNDING = 4  # the own error of an operation computed by several roundings or by libm (exp, ln, pow, σ), in UNIT
CORRECTLY_ROUNDED = {"add", "sub", "mul", "div", "neg", "sqrt", "abs", "sign", "max", "min", "relu", "identity"}


def _finite(bound: float) -> float:
    """A bound that is no number (∞ · 0) bounds nothing: the check falls back to its usual tolerance."""
    return bound if math.isfinite(bound) else 0.0


def bounded(tree, env: dict, bounds: dict) -> tuple[float, float]:
    """(float64 value of a tree, a bound on its error) from its nodes' values and error bounds."""
    if isinstance(tree, Ref):
        return env[tree.identity], bounds[tree.identity]
    if isinstance(tree, Const):
        value = float(tree.value)
        return value, 0.0 if Fraction(value) == tree.value else abs(value) * UNIT
    pairs = [bounded(a, env, bounds) for a in tree.args]
    args = [value for value, _ in pairs]
    twin = FLOAT_TWINS[tree.op]
    value = twin.forward(args, tree.param)
    partials = twin.partials(args, tree.param)
    carried = sum(abs(p) * bound for p, (_, bound) in zip(partials, pairs))
    return value, _finite(carried + _own(tree.op, value, args))


def _own(op: str, value: float, args: list) -> float:
    """A bound on the error an operation adds itself: half a unit in the last place where IEEE
    rounds it once (a sum of n terms: n − 1 roundings of partial sums), a few where it takes several."""
    if op in ("add", "mul") and len(args) > 2:
        return (len(args) - 1) * UNIT * (sum(abs(a) for a in args) if op == "add" else abs(value))
    return (1 if op in CORRECTLY_ROUNDED else ROUNDING) * UNIT * abs(value)


def _partial_bounds(twin, args: list, bounds: list, param) -> list[float]:
    """A bound on the error of each float64 partial of one operation: how far it moves when each
    argument moves by its own error bound (either way), plus its own rounding."""
    partials = twin.partials(args, param)
    found = [ROUNDING * UNIT * abs(p) for p in partials]
    for j, bound in enumerate(bounds):
        for shift in (bound, -bound):
            try:
                moved = twin.partials(args[:j] + [args[j] + shift] + args[j + 1:], param)
            except (ValueError, ZeroDivisionError, OverflowError):  # moved out of the domain: no bound from it
                continue
            found = [f + abs(m - p) / 2 for f, m, p in zip(found, moved, partials)]
    return found


def adjoint_bounds(tree, env: dict, bounds: dict, seed: float, seed_bound: float, into: dict) -> None:
    """Bounds on the errors of ∂tree/∂node × seed (reverse mode, as verify._adjoints), added to into[node]."""
    if isinstance(tree, Ref):
        into[tree.identity] = into.get(tree.identity, 0.0) + seed_bound
        return
    if isinstance(tree, Call):
        pairs = [bounded(a, env, bounds) for a in tree.args]
        args, arg_bounds = [v for v, _ in pairs], [b for _, b in pairs]
        twin = FLOAT_TWINS[tree.op]
        for arg, partial, bound in zip(tree.args, twin.partials(args, tree.param),
                                       _partial_bounds(twin, args, arg_bounds, tree.param)):
            carried = seed_bound * abs(partial) + abs(seed) * bound + UNIT * abs(seed * partial)
            adjoint_bounds(arg, env, bounds, seed * partial, _finite(carried), into)


class RoundOff:
    """Error bounds of one float64 pass (see the module docstring); `partials`: each gate's float64
    partials ({gate: {source: ∂definition/∂source}}), as verify.py computed them."""

    def __init__(self, built, env: dict, gradients: dict, partials: dict):
        self.built, self.env, self.gradients, self.partials = built, env, gradients, partials
        self._locals: dict = {}

    @cached_property
    def values(self) -> dict:
        """identity -> a bound on the error of its float64 value (an input: its conversion)."""
        givens = self.built.givens  # a given float64 holds exactly (10^6) has no error
        bounds = {i: 0.0 if Fraction(self.env[i]) == givens[i] else abs(self.env[i]) * UNIT for i in self.built.inputs}
        for identity in self.built.gates:
            bounds[identity] = bounded(self.built.graph[identity].definition, self.env, bounds)[1]
        return bounds

    def local(self, identity) -> dict:
        """source -> a bound on the error of the float64 ∂identity/∂source."""
        found = self._locals.get(identity)
        if found is None:
            found = {}
            adjoint_bounds(self.built.graph[identity].definition, self.env, self.values, 1.0, 0.0, found)
            found = self._locals[identity] = {s: _finite(b) for s, b in found.items()}
        return found

    @cached_property
    def terms(self) -> dict:
        """(consumer, source) -> a bound on the error of upstream × local, the float64 term."""
        return self._backward[0]

    @cached_property
    def gradient_bounds(self) -> dict:
        """node -> a bound on the error of its float64 gradient."""
        return self._backward[1]

    @cached_property
    def _backward(self) -> tuple[dict, dict]:
        terms, bounds = {}, {self.built.output: 0.0}
        for identity in reversed(list(self.built.gates)):
            upstream, upstream_bound = self.gradients.get(identity, 0.0), bounds.get(identity, 0.0)
            local_bounds = self.local(identity)
            for source, partial in self.partials[identity].items():
                term = upstream_bound * abs(partial) + abs(upstream) * local_bounds[source] + \
                    UNIT * abs(upstream * partial)
                terms[(identity, source)] = _finite(term)
                bounds[source] = _finite(bounds.get(source, 0.0) + term + UNIT * abs(self.gradients.get(source, 0.0)))
        return terms, bounds
