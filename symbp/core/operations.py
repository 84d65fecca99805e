"""The registry of operations: every node of every exercise is built from these.

Each `Operation` is one unit, as micrograd keeps `__mul__` and its `_backward` together:
  - `rule`: its forward rule as SymPy (arguments, fixed parameter) -> expression.  Its local
    derivative is SymPy differentiating this rule (`derivative`, cached) — never written by hand;
  - `display`: how it is written (an infix operator with its precedence, a function name, …),
    and `gate`, its short sign in a drawing or table (`+`, `·`, `max`, `1/x`);
  - `rational`: rational arguments give a rational value (exact arithmetic stays exact);
  - `branch`: for the ops with kinks or branches (ReLU, leaky ReLU, max, min, |x|) which branch
    applies at given argument values, and so where the gradient goes;
  - `undefined`: why it has no value or no derivative at given argument values (division by zero,
    ln of a non-positive number, …), or None;
  - `activation`: usable as the activation of a network's layer (an elementwise op, or softmax);
  - `output_form`: the derivative written through the op's own output (σ' = σ(1 − σ)), shown
    instead of SymPy's form; `output_partial` the same for an op of a whole layer, through its
    outputs (softmax: ∂a_i/∂z_j = a_i(δ_ij − a_j)); a test checks that they agree with SymPy.

The independent float twin of each operation lives in `floats.py` (a test fails when the two
registries disagree).  Adding an operation: one entry here, one there.
"""

from __future__ import annotations

from fractions import Fraction
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from .expr import Call, Const, Ref


@dataclass(frozen=True)
class Display:
    """How an operation is written.  style: "infix" (a op b op c), "prefix" (−a), "fraction",
    "power", "exponential" (e^a, as the networks' pages write it), "root", "bars" (|a|),
    "function" (name(a, b)), "indexed" (name(a, b)_i)."""

    style: str
    latex: str
    text: str
    precedence: int = 100


@dataclass(frozen=True)
class Branch:
    """Which branch of a kinked operation applies: `case` names it for the templates ("positive",
    "negative", "kink", "routes"); `routed` is the argument the gradient goes to (max, min)."""

    case: str
    routed: int | None = None
    tie: bool = False


@dataclass(frozen=True)
class Operation:
    name: str
    rule: Callable  # (args: tuple of SymPy expressions, param) -> SymPy expression
    arity: int | None  # None: any number of arguments (at least 2; softmax at least 1)
    display: Display
    gate_latex: str  # (a power's sign is the printers' x², x^{2}: see tree_printer.Printer.gate)
    gate_text: str
    rational: bool
    branch: Callable | None = None  # (argument values, param) -> Branch
    undefined: Callable | None = None  # (argument values, param) -> reason or None
    output_form: Callable | None = None  # (output tree) -> tree of the derivative (one-argument ops)
    # (outputs: a tree per value of the parameter, param, position) -> tree of ∂op/∂argument[position]
    output_partial: Callable | None = None
    activation: bool = False


def _sp():
    import sympy

    return sympy


def _rational(value):
    sp = _sp()
    return sp.Rational(value.numerator, value.denominator)


# forward rules ------------------------------------------------------------------------------------
def _max(args, param, pick=">="):
    """The first argument that is >= (<= for min) all others: on a tie the first one wins."""
    sp = _sp()
    relation = sp.Ge if pick == ">=" else sp.Le
    branches = []
    for i, candidate in enumerate(args[:-1]):
        conditions = [relation(candidate, other) for other in args[i + 1:]]
        branches.append((candidate, sp.And(*conditions)))
    return sp.Piecewise(*branches, (args[-1], True))


def _softmax(args, index):
    """exp(z_j) / Σ_i exp(z_i), written as 1 / Σ_i exp(z_i − z_j): equal inputs then give
    exp(0) = 1 exactly (softmax(0.3, 0.3)_0 = 1/2 is exact), and large z cannot overflow."""
    sp = _sp()
    return 1 / sp.Add(*[sp.exp(a - args[index]) for a in args])


def _softmax_partial(outputs, index, position):
    """∂softmax_i/∂z_j = a_i(δ_ij − a_j)."""
    return Call("mul", (outputs[index], Call("sub", (Const(Fraction(int(index == position))), outputs[position]))))


# branches and undefined points ----------------------------------------------------------------------
def _sign_case(x) -> str:
    return "positive" if x > 0 else ("negative" if x < 0 else "kink")


def _extreme(values, param, larger=True) -> Branch:
    best = 0
    for i, v in enumerate(values):
        if (v > values[best]) if larger else (v < values[best]):
            best = i
    tie = sum(1 for v in values if v == values[best]) > 1
    return Branch("routes", best, tie)


def _division(values, param):
    return "division by zero" if values[1] == 0 else None


def _power(values, param):
    return "division by zero" if param < 0 and values[0] == 0 else None


EXP_LIMIT = 700  # exp beyond this overflows float64, so that its value could not be verified


EXP_FLOOR = -10**5  # numeric.MAX_EXP_ARGUMENT below 0 (not imported: numeric imports this module)


def _exponential(values, param):
    if values[0] < EXP_FLOOR:  # e^−10^12 (exp(x*y) of two inputs of 10^6) hung
        return f"exp of a number below {EXP_FLOOR:,} (too small to work out)".replace("-", "−")
    return f"exp of a number above {EXP_LIMIT} (too large to verify)" if values[0] > EXP_LIMIT else None


def _log(values, param):
    return "ln of a non-positive number" if values[0] <= 0 else None


def _root(values, param):
    if values[0] < 0:
        return "square root of a negative number"
    return "square root at 0 (it has no derivative there)" if values[0] == 0 else None


def _one_minus(out):
    return Call("mul", (out, Call("add", (Const(Fraction(1)), Call("neg", (out,))))))


def _one_minus_square(out):
    return Call("add", (Const(Fraction(1)), Call("neg", (Call("pow", (out,), 2),))))


def _infix(latex, text, precedence):
    return Display("infix", latex, text, precedence)


def _function(latex, text):
    return Display("function", latex, text)


OPERATIONS: dict[str, Operation] = {
    op.name: op
    for op in (
        Operation("add", lambda a, p: _sp().Add(*a), None, _infix("+", "+", 10), "+", "+", True),
        Operation("sub", lambda a, p: a[0] - a[1], 2, _infix("-", "−", 10), "-", "−", True),
        Operation("mul", lambda a, p: _sp().Mul(*a), None, _infix(r"\cdot", "·", 20), r"\times", "×", True),
        Operation("div", lambda a, p: a[0] / a[1], 2, Display("fraction", r"\frac", "/", 20), "/", "/", True,
                  undefined=_division),
        Operation("neg", lambda a, p: -a[0], 1, Display("prefix", "-", "−", 15), "-x", "−x", True),
        Operation("pow", lambda a, p: a[0] ** p, 1, Display("power", "^", "^", 30), "x^{{param}}", "x^{param}", True,
                  undefined=_power),
        Operation("sqrt", lambda a, p: _sp().sqrt(a[0]), 1, Display("root", r"\sqrt", "√"), r"\sqrt{x}", "√",
                  False, undefined=_root),
        Operation("exp", lambda a, p: _sp().exp(a[0]), 1, Display("exponential", "e", "e", 30), "e^{x}", "e^x", False,
                  undefined=_exponential, output_form=lambda out: out),
        Operation("ln", lambda a, p: _sp().log(a[0]), 1, _function(r"\ln", "ln"), r"\ln", "ln", False,
                  undefined=_log),
        Operation("abs", lambda a, p: _sp().Piecewise((-a[0], a[0] < 0), (a[0], a[0] > 0), (0, True)), 1,
                  Display("bars", "|", "|"), "|x|", "|x|", True, branch=lambda v, p: Branch(_sign_case(v[0]))),
        Operation("sign", lambda a, p: _sp().Piecewise((-1, a[0] < 0), (1, a[0] > 0), (0, True)), 1,
                  _function(r"\operatorname{sign}", "sign"), r"\mathrm{sign}", "sign", True,
                  branch=lambda v, p: Branch(_sign_case(v[0]))),
        Operation("max", lambda a, p: _max(a, p), None, _function(r"\max", "max"), r"\max", "max", True,
                  branch=lambda v, p: _extreme(v, p, larger=True)),
        Operation("min", lambda a, p: _max(a, p, "<="), None, _function(r"\min", "min"), r"\min", "min", True,
                  branch=lambda v, p: _extreme(v, p, larger=False)),
        Operation("relu", lambda a, p: _sp().Piecewise((0, a[0] <= 0), (a[0], True)), 1,
                  _function(r"\operatorname{ReLU}", "ReLU"), r"\mathrm{ReLU}", "ReLU", True,
                  branch=lambda v, p: Branch(_sign_case(v[0])), activation=True),
        Operation("leaky_relu", lambda a, p: _sp().Piecewise((_rational(p) * a[0], a[0] <= 0), (a[0], True)), 1,
                  _function(r"\operatorname{LReLU}", "LReLU"), r"\mathrm{LReLU}", "LReLU", True,
                  branch=lambda v, p: Branch(_sign_case(v[0])), activation=True),
        Operation("sigmoid", lambda a, p: 1 / (1 + _sp().exp(-a[0])), 1, _function(r"\sigma", "σ"), r"\sigma", "σ",
                  False, output_form=_one_minus, activation=True),
        Operation("tanh", lambda a, p: _sp().tanh(a[0]), 1, _function(r"\tanh", "tanh"), r"\tanh", "tanh", False,
                  output_form=_one_minus_square, activation=True),
        Operation("identity", lambda a, p: a[0], 1, _function(r"\operatorname{id}", "id"), r"\mathrm{id}", "id", True,
                  activation=True),
        Operation("softplus", lambda a, p: _sp().log(1 + _sp().exp(a[0])), 1,
                  _function(r"\operatorname{softplus}", "softplus"), r"\mathrm{softplus}", "softplus", False,
                  activation=True),
        Operation("softmax", lambda a, p: _softmax(a, p), None,
                  Display("indexed", r"\operatorname{softmax}", "softmax"), r"\mathrm{softmax}", "softmax", False,
                  output_partial=_softmax_partial, activation=True),
    )
}


def activations() -> dict[str, Operation]:
    """The operations a network's layer can apply (name -> operation)."""
    return {name: op for name, op in OPERATIONS.items() if op.activation}


@lru_cache(maxsize=None)
def placeholders(count: int) -> tuple:
    sp = _sp()
    return tuple(sp.Symbol(f"_{i}", real=True) for i in range(count))


@lru_cache(maxsize=None)
def derivative(op: str, param, count: int, position: int):
    """(argument symbols, ∂op/∂argument[position]) — SymPy differentiating the forward rule."""
    sp = _sp()
    symbols = placeholders(count)
    return symbols, sp.diff(OPERATIONS[op].rule(symbols, param), symbols[position])


def output_form_applies(definition, wrt) -> bool:
    """Whether a definition is one call of an op with an output form, on `wrt` alone."""
    return (isinstance(definition, Call) and OPERATIONS[definition.op].output_form is not None
            and definition.args == (Ref(wrt),))


def spelled_sigmoid(definition, wrt) -> bool:
    """Whether a definition is the sigmoid written out on `wrt`: 1/(1 + e^(−x)), 1/(e^(−x) + 1), (1 + e^(−x))^(−1)
    — its local derivative then has σ's output form f·(1 − f), as a student takes it (stop 67's graph tester: a gate
    written so printed 1/((1 + e^(−s))²·e^s))."""
    if not isinstance(definition, Call):
        return False
    if definition.op == "div" and definition.args[0] == Const(Fraction(1)):
        denominator = definition.args[1]
    elif definition.op == "pow" and definition.param == -1:
        denominator = definition.args[0]
    else:
        return False
    exp = Call("exp", (Call("neg", (Ref(wrt),)),))
    return isinstance(denominator, Call) and denominator.op == "add" and \
        set(denominator.args) == {Const(Fraction(1)), exp} and len(denominator.args) == 2
