"""The recheck's shortcut for formulas of rational operations: a formula tree -> a function of the
printed numbers that gives the exact value recheck.py's general rules give there, or raises
`Inexact` where an activation is not rational (recheck.py then evaluates the formula its general
way).  `compile_rational`: the same operations on the same Fractions, without wrapping each value;
`compile_pairs`: the same value as a pair of integers (numerator, denominator > 0) not reduced to
lowest terms — integer products and sums only, no gcd per operation (what recheck.py compares it
with is decided by cross-multiplying, which needs no lowest terms).  Both walk the tree alike
(`_compile_exact`), each with its own arithmetic.
"""

from __future__ import annotations

from fractions import Fraction
from operator import add, mul
from typing import Callable, NamedTuple

from .. import formula as F

RATIONAL = {  # exact for exact arguments: (forward(z, slope), derivative(z, slope)) on Fractions
    "relu": (lambda z, s: z if z > 0 else 0 * z, lambda z, s: Fraction(1 if z > 0 else 0)),
    "leaky_relu": (lambda z, s: z if z > 0 else s * z, lambda z, s: Fraction(1) if z > 0 else s),
    "identity": (lambda z, s: z, lambda z, s: Fraction(1)),
}


class Inexact(Exception):
    """A function that is not rational (or not on exact values): evaluated through _V instead."""


def folded(parts, op):
    """(env, functions) -> op(…op(op(parts[0](…), parts[1](…)), …): a sum or product, left to right."""
    first, rest = parts[0], parts[1:]

    def fold(env, functions):
        total = first(env, functions)
        for part in rest:
            total = op(total, part(env, functions))
        return total
    return fold


def _binary(op):
    return lambda parts: lambda env, functions: op(parts[0](env, functions), parts[1](env, functions))


class _Arithmetic(NamedTuple):
    """How `_compile_exact` computes: a printed number read from the env, a constant (None: not one
    this arithmetic takes), each operation, a power, a rational activation's rule."""

    ref: Callable  # name -> (env, functions) -> value
    const: Callable  # a Const's value -> value, or None
    add: Callable
    mul: Callable
    sub: Callable
    div: Callable
    neg: Callable
    power: Callable  # (value, int) -> value
    rule: Callable  # (name in RATIONAL, derivative?, z, slope) -> value


_FRACTIONS = _Arithmetic(
    ref=lambda name: lambda env, functions: env[name], const=lambda value: value,
    add=add, mul=mul, sub=lambda x, y: x - y, div=lambda x, y: x / y, neg=lambda x: Fraction(-1) * x,
    power=lambda x, exponent: x ** exponent,
    rule=lambda name, derivative, z, slope: Fraction(RATIONAL[name][1 if derivative else 0](z, slope)))


def _pair_sum(x: tuple, y: tuple) -> tuple:
    p, q = x
    r, s = y
    return (p + r, q) if q == s else (p * s + r * q, q * s)


def _pair_difference(x: tuple, y: tuple) -> tuple:
    p, q = x
    r, s = y
    return (p - r, q) if q == s else (p * s - r * q, q * s)


def _pair_quotient(x: tuple, y: tuple) -> tuple:
    p, q = x
    r, s = y
    if r == 0:
        raise ZeroDivisionError("division by a printed 0")
    return (p * s, q * r) if r > 0 else (-p * s, -q * r)


def _pair_power(x: tuple, exponent: int) -> tuple:
    p, q = x
    if exponent >= 0:
        return p ** exponent, q ** exponent
    return _pair_quotient((1, 1), (p ** -exponent, q ** -exponent))


def _pair_rule(name: str, derivative: bool, z: tuple, slope: Fraction) -> tuple:
    """RATIONAL's rules on a pair (z > 0 read from its numerator: the denominator is positive)."""
    if name == "relu":
        return (1 if z[0] > 0 else 0, 1) if derivative else (z if z[0] > 0 else (0, 1))
    if name == "leaky_relu":
        if z[0] > 0:
            return (1, 1) if derivative else z
        return (slope.numerator, slope.denominator) if derivative else (slope.numerator * z[0], slope.denominator * z[1])
    return (1, 1) if derivative else z  # identity


_PAIRS_ARITHMETIC = _Arithmetic(
    ref=lambda name: lambda env, functions: env[name].ratio,
    const=lambda value: (value.numerator, value.denominator) if isinstance(value, (Fraction, int)) else None,
    add=_pair_sum, mul=lambda x, y: (x[0] * y[0], x[1] * y[1]), sub=_pair_difference, div=_pair_quotient,
    neg=lambda x: (-x[0], x[1]), power=_pair_power, rule=_pair_rule)


def compile_rational(node, never: tuple):
    """(env, functions) -> the Fraction that `_compile(node)` gives as its exact value, or Inexact;
    None for a formula with a function that is never rational (keys in `never`: exp, log, √, …; softmax).
    (A product with a factor 0 is 0, a quotient of 0 by a non-zero number 0: as the _V rules give.)"""
    return _compile_exact(node, never, _FRACTIONS)


def compile_pairs(node, never: tuple):
    """(env, functions) -> (numerator, denominator > 0) of the value `compile_rational(node)` gives, not
    in lowest terms, or Inexact; None where `compile_rational` gives None (or the formula holds a
    constant that is not a rational).  The env holds the printed numbers themselves (numbers.Shown:
    their `ratio`, the integers of their values)."""
    return _compile_exact(node, never, _PAIRS_ARITHMETIC)


def _compile_exact(node, never: tuple, arithmetic: _Arithmetic):
    kind = type(node)
    if kind is F.Ref:
        return arithmetic.ref(node.name)
    if kind is F.Const:
        constant = arithmetic.const(node.value)
        return None if constant is None else (lambda env, functions: constant)
    children = {F.Add: lambda: node.terms, F.Mul: lambda: node.factors, F.Sub: lambda: (node.left, node.right),
                F.Div: lambda: (node.numerator, node.denominator), F.Neg: lambda: (node.arg,)}.get(kind)
    if children is not None:
        parts = [_compile_exact(child, never, arithmetic) for child in children()]
        if None in parts or not parts:
            return None
        if kind is F.Add or kind is F.Mul:
            return folded(parts, arithmetic.add if kind is F.Add else arithmetic.mul)
        if kind is F.Neg:
            neg, arg = arithmetic.neg, parts[0]
            return lambda env, functions: neg(arg(env, functions))
        return _binary(arithmetic.sub if kind is F.Sub else arithmetic.div)(parts)
    if kind is F.Pow:
        base, exponent, power = _compile_exact(node.base, never, arithmetic), node.exponent, arithmetic.power
        return None if base is None else (lambda env, functions: power(base(env, functions), exponent))
    if kind is F.Apply and not node.function.indexed and node.function.key not in never:
        function, arg, rule = node.function, _compile_exact(node.args[0], never, arithmetic), arithmetic.rule
        if arg is None:
            return None

        def activation(env, functions):
            name, derivative, slope = functions[function]
            if name not in RATIONAL:
                raise Inexact
            return rule(name, derivative, arg(env, functions), slope)
        return activation
    return None


# An exact value within half a unit of a result of at most 20 digits before its last one: the
# measure of recheck._too_far (the result to 28 digits, the value to 60) is off from the exact distance by less
# than 10^-7 of a unit, so it finds the line within one unit too; it is not worked out then.
NEAR = 10**20


def near(result: Fraction, value: Fraction, unit: Fraction) -> bool:
    """|result − value| <= unit / 2 and |result| <= unit · NEAR, in integers."""
    return near_integers((result.numerator, result.denominator), value.numerator, value.denominator, unit)


def near_integers(result: tuple, a: int, b: int, unit: Fraction) -> bool:
    """`near` of a result given as (numerator, denominator > 0) and the value a/b (b > 0, neither
    necessarily in lowest terms)."""
    (p, q), u, v = result, unit.numerator, unit.denominator
    return 2 * abs(p * b - a * q) * v <= u * q * b and abs(p) * v <= u * NEAR * q


# --- the pairs of a formula written out ----------------------------------------------------------

class _Uncovered(Exception):
    """A formula `compile_pairs` gives None for."""


class _PairSource:
    """`compile_pairs`' operations written out as the lines of one function, in its order."""

    def __init__(self, never: tuple):
        self.never, self.lines, self.count = never, [], 0
        self.scope = {"rule": _pair_rule, "RATIONAL": RATIONAL, "Inexact": Inexact}

    def fresh(self) -> tuple[str, str]:
        self.count += 1
        return f"n{self.count}", f"d{self.count}"

    def emit(self, line: str) -> tuple[str, str]:
        """The names of a new pair, set by `line` (a format of them: {n}, {d})."""
        n, d = self.fresh()
        self.lines.append(line.format(n=n, d=d))
        return n, d

    def value(self, node) -> tuple[str, str]:
        kind = type(node)
        if kind is F.Ref:  # (the name held in the scope: its text may hold braces, w_{10,0})
            key = f"K{self.count}"
            self.scope[key] = node.name
            return self.emit(f"{{n}}, {{d}} = env[{key}].ratio")
        if kind is F.Const:
            if not isinstance(node.value, (Fraction, int)):
                raise _Uncovered
            return self.emit(f"{{n}}, {{d}} = {node.value.numerator!r}, {node.value.denominator!r}")
        if kind is F.Add or kind is F.Mul:
            terms = node.terms if kind is F.Add else node.factors
            if not terms:
                raise _Uncovered
            p, q = self.value(terms[0])
            for term in terms[1:]:
                r, s = self.value(term)
                p, q = self.emit(f"{{n}}, {{d}} = ({p} + {r}, {q}) if {q} == {s} else ({p} * {s} + {r} * {q}, {q} * {s})"
                                 if kind is F.Add else f"{{n}}, {{d}} = {p} * {r}, {q} * {s}")
            return p, q
        if kind is F.Sub:
            (p, q), (r, s) = self.value(node.left), self.value(node.right)
            return self.emit(f"{{n}}, {{d}} = ({p} - {r}, {q}) if {q} == {s} else ({p} * {s} - {r} * {q}, {q} * {s})")
        if kind is F.Div:
            (p, q), (r, s) = self.value(node.numerator), self.value(node.denominator)
            return self._quotient(p, q, r, s)
        if kind is F.Neg:
            p, q = self.value(node.arg)
            return self.emit(f"{{n}}, {{d}} = -{p}, {q}")
        if kind is F.Pow:
            (p, q), exponent = self.value(node.base), node.exponent
            if exponent >= 0:
                return self.emit(f"{{n}}, {{d}} = {p} ** {exponent!r}, {q} ** {exponent!r}")
            r, s = self.emit(f"{{n}}, {{d}} = {p} ** {-exponent!r}, {q} ** {-exponent!r}")
            return self._quotient("1", "1", r, s)
        if kind is F.Apply and not node.function.indexed and node.function.key not in self.never:
            p, q = self.value(node.args[0])
            function = f"F{self.count}"
            self.scope[function] = node.function
            self.lines.append(f"name, derivative, slope = functions[{function}]")
            self.lines.append("if name not in RATIONAL: raise Inexact")
            return self.emit(f"{{n}}, {{d}} = rule(name, derivative, ({p}, {q}), slope)")
        raise _Uncovered

    def _quotient(self, p: str, q: str, r: str, s: str) -> tuple[str, str]:
        """_pair_quotient of (p, q) and (r, s)."""
        self.lines.append(f"if {r} == 0: raise ZeroDivisionError('division by a printed 0')")
        return self.emit(f"{{n}}, {{d}} = ({p} * {s}, {q} * {r}) if {r} > 0 else (-{p} * {s}, -{q} * {r})")


def generated_pairs(node, never: tuple, one_unit=None):
    """`compile_pairs(node, never)` as one generated function: the same operations on the same
    integers in the same order (and the same Inexact or ZeroDivisionError), without a closure
    call per operation.  None where `compile_pairs` gives None.  With `one_unit` (plan.ONE_UNIT):
    (that function, `check`) — `check(line, functions)` True where recheck.recheck's own rules pass
    the line by its integers alone (see `_CHECK`), False where recheck.recheck must decide."""
    source = _PairSource(never)
    try:
        n, d = source.value(node)
    except _Uncovered:
        return None
    body = "".join(f"    {line}\n" for line in source.lines)
    text = "def pairs(env, functions):\n" + body + f"    return {n}, {d}\n"
    if one_unit is not None:
        source.scope.update(NEAR=NEAR, ONE_UNIT=one_unit)
        text += _CHECK.format(body="".join(f"        {line}\n" for line in source.lines), a=n, b=d)
    exec(compile(text, "<symbp recheck pairs>", "exec"), source.scope)  # noqa: S102 (our own generated code)
    return source.scope["pairs"] if one_unit is None else (source.scope["pairs"], source.scope["check"])


# A printed line passed by its integers alone: recheck.recheck's rules for a rational line whose value
# a/b is within half a unit of its result p/q (`near`), written out after the pairs: "=" where a/b is
# p/q, "≈" where it is not and is not too far (at exactly half a unit, a/b further from zero than p/q:
# the result on that side).  Anything else ("≈" of an exact value: a given printed rounded?, a line not
# near, an error) is False: recheck.recheck's general path decides, and raises where the line fails.
_CHECK = """def check(line, functions):
    try:
        env = line.numbers
{body}        shown = line.shown
        p, q = shown.ratio
        unit = shown.unit
        pb, aq = p * {b}, {a} * q
        if pb == aq:  # (off 0: near where the result has at most NEAR units)
            return not line.approx and abs(p) * unit._denominator <= unit._numerator * NEAR * q
        approx = line.approx
        u, v = unit._numerator, unit._denominator
        off, half = 2 * abs(pb - aq) * v, u * q * {b}
        if not approx or off > half or abs(p) * v > u * NEAR * q:
            return False
        return approx == ONE_UNIT or off != half or abs(p) * {b} >= abs({a}) * q
    except Exception:  # noqa: BLE001 (Inexact, a division by 0, ...: the general path decides)
        return False
"""
