"""Recomputing a value from a student's own numbers, the ways a careful student computes it.

In:  a quantity's formula tree, the student's numbers (name -> number of the engine's domain) and
     the sheet's significant digits.
Out: the value the formula gives, one per way in WAYS (None where it is undefined, e.g. log 0).

The worked solution teaches f'(z) through the neuron's own output: σ'(z) = a(1 − a) and
tanh'(z) = 1 − a², from the a the student wrote; f'(z) from the student's z is as good.  It shows
f'(z) (and, in matrix form, (Wᵀδ)) as a number rounded to the sheet's digits and carries that
number on.  So a student's value is accepted when it follows, within rounding, from one of:

    through_output     f'(z) through the student's a (the taught form), nothing rounded in between
    as_derived         f'(z) from the student's z
    shown_rounded      through a, every function value (f', log, exp, softmax) rounded to the
                       sheet's digits, as the worked solution shows and carries it
    shown_rounded_z    the same from z
    stepwise           through a, every intermediate result rounded to the sheet's digits
    stepwise_z         the same from z

The first way is the one a report shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import names
from .formula import Add, Apply, Const, Div, Mul, Neg, Node, Pow, Ref, Sub, from_sympy

NOTHING, FUNCTIONS, STEPS, OPERATIONS = "nothing", "functions", "steps", "operations"  # what is rounded in between


@dataclass(frozen=True)
class Way:
    key: str
    through_output: bool  # f'(z) from the student's a where the activation has such a form
    rounds: str  # NOTHING, FUNCTIONS, STEPS or OPERATIONS (EVERY_OPERATION's: a running sum or product too)


WAYS = (
    Way("through_output", True, NOTHING),
    Way("as_derived", False, NOTHING),
    Way("shown_rounded", True, FUNCTIONS),
    Way("shown_rounded_z", False, FUNCTIONS),
    Way("stepwise", True, STEPS),
    Way("stepwise_z", False, STEPS),
)
TAUGHT = WAYS[0]
# every operation rounded, a running sum or product too (a calculator cleared after each key): not a way
# of one value (stepwise is), the chain a value read after values left out may come from (marking.py)
EVERY_OPERATION = Way("every_operation", True, OPERATIONS)


def output_name(z_name: str) -> str:
    """a_j^l… for z_j^l… (same indices, sample and step)."""
    return names.activation_of(z_name)


def _is_output_form(node: Node) -> bool:
    return (isinstance(node, Apply) and node.function.is_derivative and node.function.via_output is not None
            and len(node.args) == 1 and isinstance(node.args[0], Ref) and names.kind_of(node.args[0].name) == names.PRE_ACTIVATION)


@lru_cache(maxsize=None)
def output_form(function, a_name: str) -> Node:
    """f'(z) written through a (σ': a·(1 − a)) as a formula tree."""
    import sympy

    return from_sympy(function.via_output(sympy.Symbol(a_name, real=True)))


@lru_cache(maxsize=1 << 14)
def taught(node: Node) -> Node:
    """The formula as the worked solution teaches it: each f'(z) written through a."""
    if _is_output_form(node):
        return output_form(node.function, output_name(node.args[0].name))
    rebuild = _REBUILD_WITH.get(type(node))
    return rebuild(node, taught) if rebuild else node


def stepped(node: Node, steps: dict, derivatives=frozenset()) -> Node:
    """The tree with each subtree that `steps` names (node -> the name of a value worked out on the way:
    Σ_k w·δ) and each f'(z) whose local name is in `derivatives` read as that value, a Ref: a chain that
    rounds those values carries them rounded."""
    name = steps.get(node)
    if name is None and _is_output_form(node):
        local = names.activation_derivative(node.args[0].name)
        name = local if local in derivatives else None
    if name is not None:
        return Ref(name)
    rebuild = _REBUILD_WITH.get(type(node))
    return rebuild(node, lambda child: stepped(child, steps, derivatives)) if rebuild else node


# a node rebuilt from its children, each mapped by f (taught, stepped)
_REBUILD_WITH = {
    Add: lambda n, f: Add(tuple(f(t) for t in n.terms)),
    Mul: lambda n, f: Mul(tuple(f(x) for x in n.factors)),
    Sub: lambda n, f: Sub(f(n.left), f(n.right)),
    Div: lambda n, f: Div(f(n.numerator), f(n.denominator)),
    Neg: lambda n, f: Neg(f(n.arg)),
    Pow: lambda n, f: Pow(f(n.base), n.exponent),
    Apply: lambda n, f: Apply(n.function, tuple(f(a) for a in n.args)),
}


class _Recomputation:
    """One way of evaluating a formula tree on the student's numbers (dispatch by node class)."""

    def __init__(self, env: dict, domain, way: Way, digits: int, keep_result: bool = False):
        self.env, self.domain, self.way, self.digits = env, domain, way, digits
        self.keep_result, self.top = keep_result, None  # keep_result: the formula's own value not rounded

    def value(self, node: Node, inner: bool = False):
        if self.top is None:
            self.top = node
        result = getattr(self, f"_{type(node).__name__}")(node)
        if inner and self.way.rounds in (STEPS, OPERATIONS) and not isinstance(node, (Ref, Const)):
            result = self.rounded(result)
        return result

    def rounded(self, value):
        from .numbers import round_significant, within_limits

        if not within_limits(value):  # e^(4·10^16) on the way to a late line: undefined, not 10^16 digits to round
            raise OverflowError("a step's value is beyond the number limits")
        return self.domain.number(round_significant(value, self.digits))

    def _Ref(self, node):
        return self.env[node.name]

    def _Const(self, node):
        return self.domain.number(node.value)

    def _Add(self, node):
        total = self.value(node.terms[0], True)
        for term in node.terms[1:]:
            total = self.running(self.domain.add(total, self.value(term, True)), term is not node.terms[-1])
        return total

    def running(self, value, more: bool):
        """A running sum or product: rounded where every operation is (but the last: its node is)."""
        return self.rounded(value) if more and self.way.rounds == OPERATIONS else value

    def _Mul(self, node):
        product = self.value(node.factors[0], True)
        for factor in node.factors[1:]:
            product = self.running(self.domain.mul(product, self.value(factor, True)), factor is not node.factors[-1])
        return product

    def _Sub(self, node):
        return self.domain.sub(self.value(node.left, True), self.value(node.right, True))

    def _Div(self, node):
        return self.domain.div(self.value(node.numerator, True), self.value(node.denominator, True))

    def _Neg(self, node):
        return -self.value(node.arg, True)

    def _Pow(self, node):
        return self.value(node.base, True) ** node.exponent

    def _Apply(self, node):
        from .formula_values import compiled_formula

        a_name = output_name(node.args[0].name) if _is_output_form(node) else None
        in_steps = _IN_STEPS.get(node.function.key) if self.way.rounds == OPERATIONS else None
        if in_steps is not None and not node.function.is_derivative:
            result = in_steps(self, [self.value(arg, True) for arg in node.args])
            return result if self.keep_result and node is self.top else self.rounded(result)
        if self.way.through_output and a_name in self.env:
            result = compiled_formula(output_form(node.function, "a"), self.domain.exact)({"a": self.env[a_name]})
        else:
            slots = tuple(arg if isinstance(arg, Const) else Ref(f"#{i}") for i, arg in enumerate(node.args))
            values = {slot.name: self.value(arg, True) for slot, arg in zip(slots, node.args) if isinstance(slot, Ref)}
            result = compiled_formula(Apply(node.function, slots), self.domain.exact)(values)
        if self.way.rounds == NOTHING or (self.keep_result and node is self.top):
            return result
        return self.rounded(result)


def recompute(node: Node, env: dict, domain, way: Way, digits: int, keep_result: bool = False):
    """The value of a formula on the student's numbers, computed `way`; None where undefined.
    `keep_result`: the formula's own last function value not rounded (as a calculator shows it)."""
    from .numbers import within_limits

    try:
        value = _Recomputation(env, domain, way, digits, keep_result).value(node)
    except (ArithmeticError, ZeroDivisionError, ValueError, KeyError):
        return None
    return value if within_limits(value) else None  # e^(10^8) from a typo: as undefined, not 43 million digits


def rounded_at_the_end(node: Node, env: dict, domain, way: Way, digits: int, value) -> bool:
    """Whether `value`, recomputed `way`, is its formula's own function value rounded (σ(20) ≈
    1 − 2·10^−9 shown as 1.000): a rounded number, not an exact one, however short.  Arithmetic on
    rounded numbers is exact (½·(0 − 1.000)² = 0.5, 1.000·(1 − 1.000) = 0, as the worked solution
    prints them with "=")."""
    if way.rounds == NOTHING or not isinstance(node, Apply):
        return False
    from fractions import Fraction

    try:
        unrounded = _Recomputation(env, domain, way, digits, keep_result=True).value(node)
    except (ArithmeticError, ZeroDivisionError, ValueError, KeyError):
        return True
    return not isinstance(unrounded, Fraction) or unrounded != value  # σ(10^300) is computed as 1, but is not


def ways_for(node: Node) -> tuple[Way, ...]:
    """The ways that can differ for this formula: only the taught one when it has no f', no
    function and no intermediate result worth rounding (a z = Σ w·a + b, a ReLU)."""
    if _has_functions(node):
        return WAYS
    return tuple(w for w in WAYS if w.through_output and w.rounds != FUNCTIONS)


def _has_functions(node: Node) -> bool:
    if isinstance(node, Apply):
        return True
    children = {Add: "terms", Mul: "factors"}.get(type(node))
    if children:
        return any(_has_functions(c) for c in getattr(node, children))
    parts = {Sub: ("left", "right"), Div: ("numerator", "denominator"), Neg: ("arg",), Pow: ("base",)}.get(type(node), ())
    return any(_has_functions(getattr(node, p)) for p in parts)


def _function(recomputation: _Recomputation, function, value):
    from .formula_values import compiled_formula

    return compiled_formula(Apply(function, (Ref("#0"),)), recomputation.domain.exact)({"#0": value})


def _sigmoid_in_steps(r: _Recomputation, args):
    """σ(z) = 1 / (1 + e^{−z}), e^{−z} and the sum each rounded (`OPERATIONS`)."""
    from .formula import EXP

    bottom = r.rounded(r.domain.add(r.domain.number(1), r.rounded(_function(r, EXP, -args[0]))))
    return r.domain.div(r.domain.number(1), bottom)


def _tanh_in_steps(r: _Recomputation, args):
    """tanh(z) = (e^{2z} − 1) / (e^{2z} + 1), 2z, e^{2z}, the numerator and the denominator each rounded."""
    from .formula import EXP

    one = r.domain.number(1)
    e = r.rounded(_function(r, EXP, r.rounded(r.domain.mul(r.domain.number(2), args[0]))))
    return r.domain.div(r.rounded(r.domain.sub(e, one)), r.rounded(r.domain.add(e, one)))


def _softmax_in_steps(r: _Recomputation, args):
    """softmax(z…)_j = e^{z_j} / Σ_i e^{z_i}, each e^{z_i} and the running sum rounded."""
    from .formula import EXP

    *zs, index = args
    exps = [r.rounded(_function(r, EXP, z)) for z in zs]
    total = exps[0]
    for e in exps[1:]:
        total = r.rounded(r.domain.add(total, e))
    return r.domain.div(exps[int(index)], total)


def _softplus_in_steps(r: _Recomputation, args):
    """softplus(z) = ln(1 + e^z), e^z and the sum each rounded."""
    from .formula import EXP, LOG

    return _function(r, LOG, r.rounded(r.domain.add(r.domain.number(1), r.rounded(_function(r, EXP, args[0])))))


# the functions a student works out in steps when every operation is rounded (student_steps.py: the same
# steps as intervals)
_IN_STEPS = {"sigmoid": _sigmoid_in_steps, "tanh": _tanh_in_steps, "softmax": _softmax_in_steps,
             "softplus": _softplus_in_steps}
