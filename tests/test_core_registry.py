"""The operation registry and its float twins: the same operations, agreeing at random points on the
value and on every partial derivative (SymPy evaluates the registry's rules here, at 30 digits);
the conventions at kinks; exactness of the hybrid number domain."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest

from symbp.core.expr import Ref
from symbp.core.symbolic import to_sympy
from symbp.core.floats import FLOAT_TWINS
from symbp.core.identity import node
from symbp.core.closures import compile_sympy
from symbp.core.numeric import Domain
from symbp.core.operations import OPERATIONS, derivative

# (operation, parameter, number of arguments) for every operation, n-ary ones with 2 and 3
CASES = [(name, None, 1) for name, op in OPERATIONS.items() if op.arity == 1 and name not in ("pow", "leaky_relu")]
CASES += [(name, None, n) for name in ("add", "mul", "max", "min") for n in (2, 3)]
CASES += [("sub", None, 2), ("div", None, 2)]
CASES += [("pow", n, 1) for n in (-2, -1, 1, 2, 3)]
CASES += [("leaky_relu", Fraction(1, 100), 1), ("leaky_relu", Fraction(1, 5), 1)]
CASES += [("softmax", i, 3) for i in range(3)] + [("softmax", 0, 1)]


def test_the_two_registries_have_the_same_operations():
    assert sorted(OPERATIONS) == sorted(FLOAT_TWINS)


def test_every_operation_is_tested_here():
    assert {name for name, _, _ in CASES} == set(OPERATIONS)


def _point(rng: random.Random, name: str, count: int) -> list[Fraction]:
    """Random arguments away from kinks, ties and the edges of the domain."""
    while True:
        args = [Fraction(rng.randint(-300, 300), rng.choice([7, 10, 100])) for _ in range(count)]
        if name in ("ln", "sqrt"):
            args = [abs(a) + Fraction(1, 10) for a in args]
        if name == "div" and abs(args[1]) < Fraction(1, 10):
            continue
        if name == "pow" and abs(args[0]) < Fraction(1, 10):
            continue
        if min(abs(a) for a in args) > Fraction(1, 50) and len(set(args)) == count:
            return args


@pytest.mark.parametrize("name, param, count", CASES)
def test_float_twin_agrees_with_the_sympy_rule(name, param, count):
    import sympy

    rng = random.Random(hash((name, str(param), count)) % 10**6)
    symbols = sympy.symbols(f"a0:{count}", real=True)
    rule = OPERATIONS[name].rule(symbols, param)
    twin = FLOAT_TWINS[name]
    for _ in range(5):
        args = _point(rng, name, count)
        at = {s: sympy.Rational(a.numerator, a.denominator) for s, a in zip(symbols, args)}
        floats = [float(a) for a in args]
        expected = float(rule.xreplace(at).evalf(30))
        assert math.isclose(twin.forward(floats, param), expected, rel_tol=1e-12, abs_tol=1e-14)
        partials = twin.partials(floats, param)
        assert len(partials) == count
        for i, s in enumerate(symbols):
            expected_partial = float(sympy.diff(rule, s).xreplace(at).evalf(30))
            assert math.isclose(partials[i], expected_partial, rel_tol=1e-10, abs_tol=1e-12), (name, i, args)


@pytest.mark.parametrize("name, args, position, expected", [
    ("relu", [0], 0, 0), ("leaky_relu", [0], 0, Fraction(1, 100)), ("abs", [0], 0, 0),
    ("max", [2, 2], 0, 1), ("max", [2, 2], 1, 0), ("min", [-1, -1, 3], 0, 1), ("min", [-1, -1, 3], 1, 0),
])
def test_conventions_at_kinks_agree(name, args, position, expected):
    """ReLU'(0) = 0, |x|'(0) = 0, max and min route a tie to the first of the equal arguments."""
    param = Fraction(1, 100) if name == "leaky_relu" else None
    symbols, partial = derivative(name, param, len(args), position)
    exact = compile_sympy(partial, Domain())({s.name: Fraction(a) for s, a in zip(symbols, args)})
    twin = FLOAT_TWINS[name].partials([float(a) for a in args], param)[position]
    assert (exact, twin) == (expected, float(expected))


@pytest.mark.parametrize("name", [n for n, op in OPERATIONS.items() if op.output_form is not None])
def test_output_forms_are_the_derivative(name):
    """σ' = σ(1 − σ), tanh' = 1 − tanh², exp' = exp: what the worked solution shows is SymPy's derivative."""
    import sympy

    x = sympy.Symbol("x", real=True)
    output = node("out")
    forward = OPERATIONS[name].rule((x,), None)
    shown = to_sympy(OPERATIONS[name].output_form(Ref(output)), lambda identity: forward)
    assert sympy.simplify(shown - sympy.diff(forward, x)) == 0


@pytest.mark.parametrize("name, args, expected", [
    ("exp", [0], Fraction(1)), ("ln", [1], Fraction(0)), ("sqrt", [Fraction(9, 4)], Fraction(3, 2)),
    ("sigmoid", [0], Fraction(1, 2)), ("tanh", [0], Fraction(0)), ("softplus", [0], None),
    ("div", [1, 3], Fraction(1, 3)), ("relu", [Fraction(-1, 3)], Fraction(0)), ("exp", [1], None),
    ("sqrt", [2], None),
])
def test_hybrid_domain_stays_exact_where_the_value_is_rational(name, args, expected):
    value = Domain().operation(name, None, len(args))([Fraction(a) for a in args])
    if expected is None:
        assert not isinstance(value, Fraction)
    else:
        assert (type(value), value) == (Fraction, expected)


def test_high_precision_values_are_50_digits():
    import mpmath

    value = Domain().operation("exp", None, 1)([Fraction(1)])
    with mpmath.workdps(80):
        assert abs(value - mpmath.e) < mpmath.mpf(10) ** -48
