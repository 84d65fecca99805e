"""A careful student's working as a program of steps, shared by every route (route_search.py).

In:  a written quantity's formulas (formula.py); where the numbers they read come from (`Routes`'s
     `source`: a number written stands for the values it may be where it is read, a given is its value,
     a value left out is worked from its own formula, all the way back); the sheet's and the rule's
     significant digits.
Out: `Routes.top(formulas, skip)`: the step of the program whose value is the written quantity's, each
     step (kind, *arguments) in `Routes.steps` in order of computation — a constant, a number written (the
     values it stands for), an operation, a function, a rounding (the digits it may be rounded to, or
     kept), a choice between ways of working one value (`select`); `step_value`: a step's value from the
     values of those it reads, exactly or in float64.  `NotSearched`: no route here (below).

A route is what a careful student does (README "Rounding on the way"): every product, partial sum,
function value and value left out, each step inside σ (e^{−z}, 1 + e^{−z}), tanh (2z, e^{±2z},
e^{2z} ∓ 1, e^{2z} + 1), softmax (each e^{z_i}, the running Σ; or z_i − max z and its e^) and softplus,
and f'(z) (through a, or from z), is rounded to the sheet's digits, to one or two more, to up to
KEPT_DIGITS more still, or kept whole, once (a one-term sum is its term; a number written or its
negative is not rounded again); a number written is any value it stands for.  Each value is one step,
read alike wherever it is read — e^{z_j} in its own a_j and in Σ, a rounded a in the next layer's z, in
f'(z) and in ∂L/∂w — and each kind of value worked more than one way (tanh, f'(z), softmax, a value's
cancelled form) is one `select` per value, its way chosen per kind (route_search.py): worked one way
all along.  No route goes through a square root (NotSearched): √ turns the rounding residue of a value
whose exact working cancels to 0 into one as large as what it divides — an Adam gradient that is exactly
0 (two δs that cancel) left as −4·10⁻⁹ by a_0^2 kept to 8 digits and a_1^2 to 7 makes m̂/(√v̂ + ε) =
g/(|g| + 10⁻⁸) ≈ −0.28, a step from nothing (tests/test_update_alone_routes.py); there the marking's
levels of intervals hold.  A program of more than MAX_STEPS steps is not made either.
"""

from __future__ import annotations

import math
import operator
from fractions import Fraction

from .carry import output_form, output_name
from .formula import EXP, LOG, Apply, Const, Neg, Ref
from .formula_values import compiled_formula
from .intervals import MORE_DIGITS
from .names import activation_derivative
from .numbers import as_fraction, round_significant, terminates, within_limits

MAX_STEPS = 6000  # steps of one answer's chains; beyond, no search
CONSTANT_DIGITS = 4  # as rounding_span.CONSTANT_DIGITS: a constant no decimal writes, typed rounded
KEPT_DIGITS = 3  # a value kept to more digits than the sheet's + MORE_DIGITS: to up to this many more (or whole)
LONG = 1 << 400  # a denominator this long: the value kept to EXACT_DIGITS (far below any digit marked)
EXACT_DIGITS = 45
FUNCTION_DIGITS = 40  # a function value's digits (as intervals.py's): far below any digit marked


class NotSearched(Exception):
    """No route is searched here: a square root on the way, more than MAX_STEPS steps (module docstring), or
    the searches' work for one answer spent (route_search.MAX_WORK)."""


class Routes:
    """The steps of the values a student's formulas read, made once and shared by every written value.

    `source(name)`: ("written", Values) for a number written (the values it stands for where it is read),
    ("given", value), ("left out", formulas) — the ways of working it (the derivation's formula, and the
    worked solution's cancelled one where there is one) — ("same", name) for a copy (∂L/∂b = δ), or None;
    `reads(formula)`: the names it reads (also through a: σ' as a(1 − a)); `order(name)`: its place in order
    of computation; `written_steps`: formula node or f'(z)'s local name -> the name of a value written on
    the way that stands for it; `digits`: the sheet's and the rule's significant digits."""

    def __init__(self, source, reads, order, written_steps: dict, digits: tuple):
        self.source, self.reads, self.order, self.written_steps = source, reads, order, written_steps
        self.rounding = tuple(range(min(digits), max(digits) + MORE_DIGITS + KEPT_DIGITS + 1))
        self.constant = tuple(range(max(min(digits), CONSTANT_DIGITS),
                                    max(max(digits), CONSTANT_DIGITS) + MORE_DIGITS + KEPT_DIGITS + 1))
        self.steps: list = []  # (kind, *arguments): the program every route runs
        self.named: dict = {}  # a name -> its step
        self.nodes: dict = {}  # (node, rounded) -> its step
        self.inner: dict = {}  # a step inside a function (its key) -> its step
        self.work = 0  # steps worked out by the searches so far (route_search.MAX_WORK)
        self.floats: dict = {}  # a constant's step -> its float64

    def top(self, formulas: tuple, skip: frozenset) -> int:
        """The step of the formulas' value (each way a formula; the top not rounded: it is written), the
        steps of what they read made first; `skip`: the written quantity's own nodes and name, not read
        as the number written for them.  Raises NotSearched (module docstring), KeyError (a name with
        no source), ArithmeticError or ValueError (a given beyond the number limits)."""
        key = ("top", formulas, skip)
        if key not in self.inner:
            self._prepare(formulas)
            ways = [_Builder(self, skip).value(f, top=True) for f in formulas]
            self.inner[key] = ways[0] if len(ways) == 1 else self._step("select", tuple(ways), key)
        return self.inner[key]

    def _step(self, *step) -> int:
        if len(self.steps) >= MAX_STEPS:
            raise NotSearched
        self.steps.append(step)
        return len(self.steps) - 1

    def _prepare(self, formulas: tuple) -> None:
        """The steps of the values left out that the formulas read, back along the chain, made in
        order of computation (no recursion along a long chain)."""
        wanted, todo = set(), [name for formula in formulas for name in self.reads(formula)]
        while todo:
            name = todo.pop()
            if name in wanted or name in self.named:
                continue
            wanted.add(name)
            if len(wanted) > MAX_STEPS:
                raise NotSearched
            found = self.source(name)
            if found is not None and found[0] == "same":
                todo.append(found[1])
            elif found is not None and found[0] == "left out":
                todo.extend(n for formula in found[1] for n in self.reads(formula))
        for name in sorted(wanted, key=lambda name: (self.order(name), name)):
            self.name(name)

    def name(self, name: str) -> int:
        found = self.named.get(name)
        if found is not None:
            return found
        source = self.source(name)
        if source is None:
            raise KeyError(name)
        kind, what = source
        if kind == "given":
            found = self._step("const", _exact_value(what))
        elif kind == "written":
            found = self._step("written", what.spans)
        elif kind == "same":
            found = self.name(what)
        else:  # left out: worked from its formula (each way), and rounded as any value on the way
            ways = [_Builder(self, frozenset()).value(f, top=True) for f in what]
            worked = ways[0] if len(ways) == 1 else self._step("select", tuple(ways), ("ways", name))
            found = self.rounded(worked)
        self.named[name] = found
        return found

    def rounded(self, step: int, digits: tuple | None = None) -> int:
        return self._step("round", step, digits or self.rounding)

class _Builder:
    """One formula's steps (dispatch by node class): each node's value a rounding step but its top's."""

    def __init__(self, routes: Routes, skip: frozenset):
        self.routes, self.skip = routes, skip

    def value(self, node, top: bool = False) -> int:
        r = self.routes
        if node not in self.skip and node in r.written_steps:
            return r.name(r.written_steps[node])
        if top or isinstance(node, (Ref, Const, Neg)):
            return self._unrounded(node)
        key = (node, True)
        if key not in r.nodes:  # (a one-term sum is its term, rounded once; a written f'(z) is not rounded again)
            step = self._unrounded(node)
            r.nodes[key] = step if r.steps[step][0] in ("round", "written", "const") else r.rounded(step)
        return r.nodes[key]

    def _unrounded(self, node) -> int:
        r = self.routes
        key = (node, False)
        if key in r.nodes and node not in self.skip:
            return r.nodes[key]
        found = getattr(self, f"_{type(node).__name__}")(node)
        if node not in self.skip:
            r.nodes[key] = found
        return found

    def _inner(self, key, make) -> int:
        """A step inside a function (made once, read by each reading), rounded or not."""
        r = self.routes
        if key not in r.inner:
            r.inner[key] = r.rounded(make())
        return r.inner[key]

    def _Ref(self, node):
        return self.routes.name(node.name)

    def _Const(self, node):
        r = self.routes
        step = r._step("const", node.value)
        return step if terminates(node.value) else r.rounded(step, r.constant)

    def _running(self, kind: str, steps: list) -> int:
        total = steps[0]
        for i, step in enumerate(steps[1:], start=2):
            total = self.routes._step(kind, total, step)
            if i < len(steps):
                total = self.routes.rounded(total)
        return total

    def _zero(self, step: int) -> bool:
        s = self.routes.steps[step]
        return s[0] == "const" and s[1] == 0 or s[0] == "written" and all(span.low == span.high == 0 for span in s[1])

    def _Add(self, node):
        return self._running("add", [self.value(t) for t in node.terms])

    def _Mul(self, node):
        factors = []
        for factor in node.factors:
            step = self.value(factor)
            if self._zero(step):  # (as rounding_span._Mul: an exact 0 factor makes the product 0)
                return self.routes._step("const", Fraction(0))
            factors.append(step)
        return self._running("mul", factors)

    def _Sub(self, node):
        return self.routes._step("sub", self.value(node.left), self.value(node.right))

    def _Div(self, node):
        numerator, denominator = self.value(node.numerator), self.value(node.denominator)
        if self._zero(numerator) and not self._zero(denominator):
            return self.routes._step("const", Fraction(0))
        return self.routes._step("div", numerator, denominator)

    def _Neg(self, node):
        return self.routes._step("neg", self.value(node.arg))

    def _Pow(self, node):
        return self.routes._step("pow", self.value(node.base), node.exponent)

    def _Apply(self, node):
        function, r = node.function, self.routes
        if function.key == "sqrt":  # (module docstring)
            raise NotSearched
        if function.is_derivative and isinstance(node.args[0], Ref):
            local = activation_derivative(node.args[0].name)
            if local not in self.skip and local in r.written_steps:  # f'(z) written down (not the one marked)
                return r.name(r.written_steps[local])
        if function.is_derivative:
            from_z = r._step("function", function, self.value(node.args[0]))
            through_a = self._through_output(node)
            return from_z if through_a is None else r._step("select", (through_a, from_z), ("f'", node))
        steps = _STEPS.get(function.key)
        if steps is not None:
            return steps(self, node)
        if len(node.args) != 1:
            raise ValueError(f"no steps for {function.key}")
        return r._step("function", function, self.value(node.args[0]))

    def _through_output(self, node) -> int | None:
        """f'(z) through a (σ' as a(1 − a)), where the activation has such a form."""
        if node.function.via_output is None or not isinstance(node.args[0], Ref):
            return None
        a_name = output_name(node.args[0].name)
        if self.routes.source(a_name) is None:
            return None
        return _Builder(self.routes, self.skip).value(output_form(node.function, a_name), top=True)

    # the steps inside a function, each rounded or not (student_steps.py's ways)

    def _sigmoid(self, node):
        """1 / (1 + e^{−z}), e^{−z} and the sum rounded or not (σ(z) off a calculator: neither rounded)."""
        r, z = self.routes, node.args[0]
        e = self._inner(("e^-z", z), lambda: r._step("function", EXP, r._step("neg", self.value(z))))
        bottom = self._inner(("1+e^-z", z), lambda: r._step("add", r._step("const", Fraction(1)), e))
        return r._step("div", r._step("const", Fraction(1)), bottom)

    def _tanh(self, node):
        """(e^{2z} − 1)/(e^{2z} + 1) or (1 − e^{−2z})/(1 + e^{−2z}), 2z, e^{±2z}, the numerator and the
        denominator rounded or not (tanh(z) off a calculator: none rounded)."""
        r, z = self.routes, node.args[0]
        one = r._step("const", Fraction(1))
        ways = []
        for factor in (2, -2):
            two = self._inner(("2z", factor, z), lambda: r._step("mul", r._step("const", Fraction(factor)), self.value(z)))
            e = self._inner(("e^2z", factor, z), lambda: r._step("function", EXP, two))
            top = self._inner(("num", factor, z), lambda: r._step("sub", e, one) if factor > 0 else r._step("sub", one, e))
            bottom = self._inner(("den", factor, z), lambda: r._step("add", e, one))
            ways.append(r._step("div", top, bottom))
        return r._step("select", tuple(ways), ("tanh", z))

    def _softplus(self, node):
        r, z = self.routes, node.args[0]
        e = self._inner(("e^z", z), lambda: r._step("function", EXP, self.value(z)))
        inside = self._inner(("1+e^z", z), lambda: r._step("add", r._step("const", Fraction(1)), e))
        return r._step("function", LOG, inside)

    def _softmax(self, node):
        """e^{z_j} / Σ_i e^{z_i}, each e^{z_i} and the running Σ rounded or not, or the same with the largest z
        subtracted first (z_i − max z rounded or not): one e^{z_i} and one Σ per layer, and one way, read by
        each of its outputs."""
        r = self.routes
        *zs, index = node.args
        j, zs = int(index.value), tuple(zs)
        steps = [self.value(z) for z in zs]
        plain = [self._inner(("e^z", z), lambda s=s: r._step("function", EXP, s)) for z, s in zip(zs, steps)]
        ways = [r._step("div", plain[j], self._inner(("Σ", zs), lambda: self._running("add", plain)))]
        for top in range(len(zs)):  # (which z is the largest: the route's values decide; each taken)
            shifted = [self._inner(("e^z-max", zs, i, top), lambda i=i: r._step("function", EXP, self._inner(
                ("z-max", zs, i, top), lambda: r._step("sub", steps[i], steps[top])))) if i != top else
                r._step("const", Fraction(1)) for i in range(len(zs))]
            total = self._inner(("Σ-max", zs, top), lambda: self._running("add", shifted))
            ways.append(r._step("div", shifted[j], total))
        return r._step("select", tuple(ways), ("softmax", zs), tuple(steps))


def step_inputs(step) -> tuple:
    """The steps a step reads."""
    kind = step[0]
    if kind in ("add", "sub", "mul", "div"):
        return step[1], step[2]
    if kind in ("neg", "pow", "round"):
        return (step[1],)
    if kind == "function":
        return (step[2],)
    if kind == "select":
        return step[1]
    return ()


_ARITHMETIC = {"add": operator.add, "sub": operator.sub, "mul": operator.mul, "div": operator.truediv,
               "neg": operator.neg, "pow": operator.pow}


def step_value(step, values: dict, exact: bool):
    """A step's value, exactly (Fractions: a long one kept to EXACT_DIGITS, a function's to FUNCTION_DIGITS)
    or in float64 (to steer); None where what it reads is."""
    kind = step[0]
    if kind == "const":
        return step[1]
    args = [values[k] for k in step_inputs(step)] + ([step[2]] if kind == "pow" else [])
    if any(a is None for a in args):
        return None
    if kind in _ARITHMETIC:
        found = _ARITHMETIC[kind](*args)
        return round_significant(found, EXACT_DIGITS) if exact and found.denominator > LONG else found
    function, x = step[1], args[0]
    if exact:
        return _exact_value(_compiled(function)({"#0": x}))
    if function is EXP:
        return math.exp(x)
    if function is LOG:
        return math.log(x)
    return float(_compiled(function)({"#0": Fraction(x)}))


def _exact_value(value) -> Fraction:
    """A number of the engine's domain as a Fraction (a function value to FUNCTION_DIGITS digits)."""
    if not within_limits(value):
        raise ArithmeticError("beyond the number limits")
    return value if type(value) is Fraction else round_significant(as_fraction(value), FUNCTION_DIGITS)


_COMPILED: dict = {}


def _compiled(function):
    found = _COMPILED.get(function)
    if found is None:
        found = _COMPILED[function] = compiled_formula(Apply(function, (Ref("#0"),)), False)
    return found


_STEPS = {"sigmoid": _Builder._sigmoid, "tanh": _Builder._tanh, "softmax": _Builder._softmax,
          "softplus": _Builder._softplus}
