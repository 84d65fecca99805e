"""Every printed line re-evaluated, independently, before anything is written.

In:  the lines a rendering printed — a formula, the numbers printed for its inputs, the printed
     result and its relation sign — and the spec (for the activations' parameters).
Out: nothing, or a VerificationError (exit 3) naming the first line whose printed numbers do not
     round (half away from zero) to its printed result — for a line printed marked as held to one
     unit (sign plan.ONE_UNIT, "≈†": a plan's fallback), are not within one unit of its last
     printed digit — or whose sign is wrong
     ("=" where they do not give it exactly, "≈" where they do — unless a given number is printed
     rounded in the line and its result is rounded: the spec's value is not the printed one).

The arithmetic here is its own: Python's Fraction where the operations are rational, the decimal
module at PRECISION digits for exp/log/tanh, and the activations written out from their textbook
definitions — not the engine's SymPy rules, not mpmath.  A value is exact only where a rational
computation or one of the special points (exp(0) = 1, log(1) = 0, tanh(0) = 0, σ(0) = 1/2,
softmax of equal inputs = 1/n) makes it so.
"""

from __future__ import annotations

from typing import NamedTuple
from decimal import Decimal, localcontext
from fractions import Fraction

from .. import formula as F
from ..activations import derivative_function, forward_function
from ..errors import VerificationError
from .plan import ONE_UNIT
from .recheck_exact import Inexact, compile_pairs, compile_rational, generated_pairs
from .recheck_exact import NEAR
from .recheck_lines import kept_program, learn_program
from .recheck_values import MAX_PRECISION, PRECISION, _NEVER, _V, _compile  # noqa: F401 (_compile: tests)

class Evaluator:
    """Formula trees over printed numbers, evaluated as described in the module docstring."""

    def __init__(self, spec):
        self.functions = _functions(spec.layers)  # Function -> (activation name, derivative?, slope)

    def value(self, node, env: dict, digits: int = PRECISION, compiled: list | None = None) -> _V:
        """The value of `node` on the printed numbers' values in `env` (`compiled`: its `_compiled`, if known)."""
        compiled = compiled or _compiled(node)
        rational = _part(compiled, _RATIONAL_PART, node)
        if rational is not None:  # the same operations on the exact values alone, where all are rational
            try:
                return _V(None, rational(env, self.functions))
            except Inexact:
                pass
        with localcontext() as ctx:
            ctx.prec = digits
            return _part(compiled, _GENERAL_PART, node)(env, self.functions)

    def pair(self, node, numbers: dict, compiled: list | None = None) -> tuple | None:
        """`value(node, env).exact` as (numerator, denominator > 0), not in lowest terms, where the
        formula is rational on these printed numbers (name -> numbers.Shown; recheck_exact.compile_pairs);
        else None."""
        pairs = (compiled or _compiled(node))[_PAIRS_PART]
        if pairs is None:
            return None
        try:
            return pairs(numbers, self.functions)
        except Inexact:
            return None


def _functions(layers) -> dict:
    """Function -> (activation name, derivative?, slope) of the layers' activations, kept by their names
    and slopes' integers (a worksheet's variants share them; a Fraction's own hash takes a modular
    inverse, and the activations' functions are found through it).  Read only (do not change it)."""
    key = tuple([(layer.activation, *_integers(layer.negative_slope)) for layer in layers])
    functions = _FUNCTIONS.get(key)
    if functions is None:
        functions = {}
        for layer in layers:
            functions[forward_function(layer.activation, layer.negative_slope)] = (
                layer.activation, False, layer.negative_slope)
            if layer.activation != "softmax":
                functions[derivative_function(layer.activation, layer.negative_slope)] = (
                    layer.activation, True, layer.negative_slope)
        if len(_FUNCTIONS) >= 256:
            _FUNCTIONS.clear()
        _FUNCTIONS[key] = functions
    return functions


def _integers(slope) -> tuple:
    """A slope as its type and integers (None: no slope)."""
    return (None,) if slope is None else (type(slope), slope.numerator, slope.denominator)


_FUNCTIONS: dict = {}  # the layers' (activation, slope's type and integers) -> `_functions`'


# A formula tree is turned into nested closures that do what a walk of the tree does — the same
# operations on the same values in the same order (`_compile`).  Kept per formula object (the formula
# kept with it, so that its id stays its own) once it is printed a second time — a worksheet's variants
# print the same formulas; one derivation prints each once, and keeps none of its closures (a 64×12
# network's would be ~200 MB): a formula printed for the first time is only noted (`_SEEN`).
_COMPILED: dict = {}
_RATIONAL_PART, _GENERAL_PART, _PAIRS_PART, _CHECK_PART = range(4)
_LATER = object()  # a part compiled when first read (`_part`): a rational line's pairs need no other
_SEEN = object()  # a formula printed once: compiled for that line, its closures not kept


def _compiled(node) -> list:
    """[`compile_rational` of node or None, `_compile` of node, its pairs or None, its check or None] —
    the first two made when first read (`_part`); the pairs `compile_pairs`' closures the first time a
    formula is printed, else (kept) `generated_pairs` (the same operations written out as one function:
    fewer calls) and its check (a line passed by `recheck`'s own rules on its integers alone, else False)."""
    entry = _COMPILED.get(id(node))
    if entry is not None and entry[0] is node:
        if type(entry[1]) is list:
            return entry[1]
        written = generated_pairs(node, _NEVER, ONE_UNIT)
        compiled = [_LATER, _LATER, *(written or (None, None))]
        _COMPILED[id(node)] = (node, compiled)
        return compiled
    if len(_COMPILED) >= 1 << 14:
        _COMPILED.clear()
    _COMPILED[id(node)] = (node, _SEEN)
    return [_LATER, _LATER, compile_pairs(node, _NEVER), None]


def _part(compiled: list, index: int, node):
    """compiled[index], compiled now if it is not yet (`_compiled`)."""
    part = compiled[index]
    if part is _LATER:
        part = compiled[index] = _compile(node) if index == _GENERAL_PART else compile_rational(node, _NEVER)
    return part


def _too_far(value: _V, result: Fraction, unit: Fraction, digits: int, fallback: bool) -> tuple[bool, int | None]:
    """Whether the printed result is more than half a unit (and the slack of a `digits`-digit
    evaluation, 10^(8 − digits)·max(1, |value|)) from the value — for a `fallback` line, more than
    one unit; and, where it is that far and only the slack could excuse it, the digits at which
    the slack is a hundredth of a unit."""
    with localcontext() as ctx:
        ctx.prec = digits
        size = max(Decimal(1), abs(value.approx))
        slack = (_SLACK if digits == PRECISION else Decimal(10) ** (8 - digits)) * size
        signed = value.approx - Decimal(result.numerator) / Decimal(result.denominator)
        unit = Decimal(unit.numerator) / Decimal(unit.denominator)
        reach = unit if fallback else unit / 2
        # (at exactly half a unit the printed numbers round away from zero: the result on that side)
        off = abs(signed) + (slack if abs(signed) == unit / 2 and (signed > 0) == (value.approx > 0) else 0)
        needed = 10 + size.adjusted() - unit.adjusted()
        return off > reach + slack, (min(needed, MAX_PRECISION) if off > reach and needed > digits else None)


class PrintedLine(NamedTuple):
    """A line as printed: its result key, formula over input keys, the printed numbers, its sign
    (a tuple: made for every printed line of every variant)."""

    result: str
    formula: F.Node
    numbers: dict  # key -> Shown, the inputs' printed numbers
    shown: object  # the result's Shown
    approx: bool | int  # False "=", True "≈", plan.ONE_UNIT "≈" marked as held to one unit


_SLACK = Decimal(10) ** (8 - PRECISION)


def _given_values(spec) -> dict:
    """The spec's given numbers by key, from the spec itself (a graph's plan hands over its own)."""
    if hasattr(spec, "given_values"):
        return spec.given_values
    if not hasattr(spec, "inputs"):
        return {}
    from ..givens import given_values

    return given_values(spec)


def recheck(lines, spec) -> int:
    """Raise VerificationError at the first printed line that breaks the invariant; else the count.
    Half a unit for every line but those printed marked as held to one unit (ONE_UNIT).  A line of a
    formula printed before goes through its check (recheck_exact._CHECK: these rules where its integers
    alone pass it), a list of lines of formulas rechecked before through one program calling them
    (recheck_lines.py); every other line, and every line they do not pass, through `_general`."""
    evaluator = Evaluator(spec)
    givens: list = []  # the spec's given numbers by key, read when a line needs them
    functions = evaluator.functions
    program = kept_program(lines)
    if program is not None:
        program(lines, functions, lambda line: _general(line, evaluator, spec, givens))
        return len(lines)
    compiled_get, checks = _COMPILED.get, []
    for line in lines:
        node = line.formula
        entry = compiled_get(id(node))  # (a formula printed before: _compiled's kept entry, read at once)
        if not (entry is not None and entry[0] is node and type(compiled := entry[1]) is list):
            compiled = _compiled(node)
        quick = compiled[_CHECK_PART]  # (the rules below on a rational line near its result, written out)
        checks.append(quick)
        if quick is None or quick(line, functions) is not True:
            _general(line, evaluator, spec, givens, compiled)
    learn_program(lines, checks)
    return len(lines)


def _general(line, evaluator: Evaluator, spec, givens: list, compiled: list | None = None) -> None:
    """`recheck` of one line by the general rules (the module docstring); `givens` holds the spec's
    given numbers once read."""
    node = line.formula
    if compiled is None:
        entry = _COMPILED.get(id(node))
        compiled = entry[1] if entry is not None and entry[0] is node and type(entry[1]) is list else _compiled(node)
    env = None  # the printed numbers' values by name (where the line is not worked out in integers)
    try:  # a rational line's exact value as integers (Evaluator.pair), else the value's _V
        pair = evaluator.pair(node, line.numbers, compiled)
        if pair is None:
            env = {name: shown.value for name, shown in line.numbers.items()}
            value = evaluator.value(node, env, compiled=compiled)
        else:
            value = None
    except ArithmeticError as exc:  # log 0, overflow: the printed numbers give no value
        raise VerificationError(f"verification failed: the printed line {line.result} cannot be worked out "
                                f"from its printed numbers ({type(exc).__name__})") from None
    unit = line.shown.unit
    approx = line.approx
    fallback = approx == ONE_UNIT
    approx = bool(approx)
    near = False
    if pair is not None:  # the result p/q and the value a/b: |p/q − a/b| <= unit/2 (recheck_exact.near_integers)
        (p, q), (a, b), u, v = line.shown.ratio, pair, unit._numerator, unit._denominator  # (the properties' slots)
        off, half = 2 * abs(p * b - a * q) * v, u * q * b
        near = off <= half and abs(p) * v <= u * NEAR * q
    if near:
        # within half a unit exactly (see recheck_exact.NEAR); at exactly half, the value a/b rounds
        # away from zero, not to p/q, where it is further from zero than p/q
        too_far = not fallback and off == half and abs(p) * b < abs(a) * q
        exact = a * q == p * b
    else:
        result = line.shown.value
        if value is None:
            value = _V(None, Fraction(*pair))
        too_far, digits = _too_far(value, result, unit, PRECISION, fallback)
        if digits is not None:  # 1 + e^−200 is 1 at 60 digits: L ≈ 1.4·10⁻⁸⁷ within a slack of 10⁻⁵²
            if env is None:
                env = {name: shown.value for name, shown in line.numbers.items()}
            value = evaluator.value(line.formula, env, digits, compiled)  # with the digits that tell half a unit
            too_far, _ = _too_far(value, result, unit, digits, fallback)
        exact = value.exact is not None and value.exact == result
    if exact and approx and not too_far:  # "≈" though they give it: a given printed rounded?
        if not givens:
            givens.append(_given_values(spec))
        exact = not (line.shown.rounded and any(name in givens[0] and givens[0][name] != shown.value
                                                for name, shown in line.numbers.items()))
    if too_far or exact == approx:
        sign = ("≈†" if fallback else "≈") if approx else "="
        if value is None:
            value = _V(None, Fraction(*pair))
        raise VerificationError(
            f"verification failed: the printed line {line.result} {sign} {float(line.shown.value):.6g} does not follow "
            f"from its printed numbers (they give {value.exact if value.exact is not None else value.approx})")
