"""A verified GraphSolution -> the number printed for every quantity and the sign of every line,
by the networks' planner and recheck (render/plan.py, render/recheck.py), not a second copy.

In:  a GraphSolution and --digits.
Out: a `GraphPlan`: `shown(identity)` (the same `Shown` wherever the quantity is printed: rounded
     to --digits, with guard digits where what a line's rounded inputs give would not round
     (half away from zero) to its printed result, 1/1.368 ≈ 0.7311 becoming 1/1.36788 ≈ 0.7311;
     within one unit where no guard digits can (a true value on a rounding tie: `plan.fallbacks`)),
     `approx(identity)` (its line's sign: "=" only where the printed numbers give the result
     exactly), and `recheck(printed)`: the printed lines re-evaluated independently (exit 3).

Every local definition (a tree of core/expr.py) becomes a formula of formula.py over the
quantities' names.  A line that no number of digits the planner may give (up to GUARD_DIGITS more)
makes hold even to one unit — 1 − tanh(26)², where 1 − 1.0000000000000000² gives 0, not 1.044·10^−22 — is printed
without its numbers (`bare`): symbol = formula ≈ result, a claim the reader need not work out.  A kinked operation becomes the branch it took at the exact values: max(x, z)
the argument it routes, a piecewise derivative ([x ≥ z]) its value's branch; the numbers of every
comparison get the guard digits that show that branch (max(0.7615942, 0.761595), not max(0.7616, …)).
"""

from __future__ import annotations

from fractions import Fraction
from types import SimpleNamespace

from .. import formula as F
from ..activations import forward_function
from ..core.closures import compile_tree
from ..core.expr import Call, Cases, Const, Ref, refs
from ..core.identity import name
from ..core.numeric import Domain
from ..core.operations import OPERATIONS
from ..formula_values import evaluate_formula
from ..numbers import as_fraction, format_decimal, with_digits
from ..render.plan import GUARD_DIGITS, DisplayPlan, tolerance
from ..render.recheck import PrintedLine, recheck
from .build import comparable

_NARY = {"add": lambda args: F.Add(tuple(args)), "mul": lambda args: F.Mul(tuple(args))}
_BINARY = {"sub": F.Sub, "div": F.Div}
_FUNCTIONS = {"exp": F.EXP, "ln": F.LOG, "sqrt": F.SQRT, "abs": F.ABS, "sign": F.SIGN}
_ACTIVATIONS = {"sigmoid", "tanh", "relu", "leaky_relu", "identity", "softplus"}
_NO_SLOPE = Fraction(0)


def _slope(call: Call) -> Fraction:
    return Fraction(call.param) if call.op == "leaky_relu" else _NO_SLOPE


class _Formulas:
    """Core trees -> formula.py trees, kinked operations resolved at the exact values `env`."""

    def __init__(self, env: dict):
        self.env, self.domain = env, Domain()
        self.activations: dict = {}  # (op, slope): the activations met, for the recheck

    def _value(self, tree):
        return compile_tree(tree, self.domain)(self.env)

    def convert(self, tree) -> F.Node:
        if isinstance(tree, Ref):
            return F.Ref(name(tree.identity))
        if isinstance(tree, Const):
            return F.Const(tree.value)
        if isinstance(tree, Cases):
            for value, condition in tree.branches:
                if condition is None or self._value(condition):
                    return self.convert(value)
            raise ArithmeticError("no branch of a piecewise derivative applies")
        if not isinstance(tree, Call):
            raise TypeError(f"cannot plan {tree!r}")
        op, args = tree.op, tree.args
        if op in ("max", "min"):
            values = comparable(self.domain, [self._value(a) for a in args])
            return self.convert(args[OPERATIONS[op].branch(values, tree.param).routed])
        converted = [self.convert(a) for a in args]
        if op in _NARY:
            return _NARY[op](converted)
        if op in _BINARY:
            return _BINARY[op](*converted)
        if op == "neg":
            return F.Neg(converted[0])
        if op == "pow":
            return F.Pow(converted[0], int(tree.param))
        if op in _FUNCTIONS:
            return F.Apply(_FUNCTIONS[op], tuple(converted))
        if op in _ACTIVATIONS:
            self.activations[(op, _slope(tree))] = None
            return F.Apply(forward_function(op, _slope(tree)), tuple(converted))
        raise TypeError(f"cannot plan the operation {op}")


def key(identity) -> str:
    """The plan's key of a quantity (its name), or of a branch term: (consumer, node), the gradient
    flowing back from `consumer` to a `node` that feeds several gates (upstream × local, one term of its sum)."""
    if isinstance(identity, tuple):
        consumer, node = identity
        return f"{name(node)}<-{name(consumer)}"
    return name(identity)


def _branch_terms(solution) -> dict:
    """(consumer, node) -> upstream · local for every branch of a value that fans out: the wires'
    gradients (worked.py's table, the drawing) follow from the numbers printed in the sum."""
    graph, found = solution.built.graph, {}
    for node, gradient in solution.backward.gradients.items():
        terms = graph[gradient].terms
        if len(terms) > 1:
            for term in terms:
                found[(term.consumer, node)] = F.Mul((F.Ref(name(term.upstream)), F.Ref(name(term.local))))
    return found


def _comparisons(tree) -> list:
    """The comparisons a definition's line prints: max/min calls and the conditions of its cases."""
    found = []
    if isinstance(tree, Call):
        if tree.op in ("max", "min"):
            found.append(tree)
        for arg in tree.args:
            found += _comparisons(arg)
    elif isinstance(tree, Cases):
        for value, condition in tree.branches:
            found += _comparisons(value) + ([condition] if condition is not None else [])
    return found


def _outcome(comparison, env: dict):
    """What a comparison decides at these values: the argument max/min routes to, or the truth of
    a condition."""
    domain = Domain()
    if isinstance(comparison, Call):
        values = comparable(domain, [compile_tree(a, domain)(env) for a in comparison.args])
        return OPERATIONS[comparison.op].branch(values, comparison.param).routed
    return bool(compile_tree(comparison, domain)(env))


class GraphPlan:
    """The printed numbers and signs of a graph's worked solution (see the module docstring)."""

    def __init__(self, solution, digits: int):
        self.solution, self.digits = solution, digits
        graph = solution.built.graph
        formulas = _Formulas(solution.values)
        converted = {identity: formulas.convert(graph[identity].definition)
                     for identity in solution.values if identity not in solution.built.givens}
        converted.update(_branch_terms(solution))
        self.plan = self._new_plan()
        self.bare = {identity for identity, formula in converted.items() if not self._can_hold(identity, formula)}
        self.activations = list(formulas.activations)
        self._solve(converted)
        self._decide_comparisons([c for identity in converted if identity in graph for c in _comparisons(graph[identity].definition)])
        self.padded: set = set()  # keys of exact values printed with their digits (1.000): _pad_near_results
        self._pad_near_results()
        self.printed: list[PrintedLine] = []

    def _pad_near_results(self) -> None:
        """A result that its line's printed numbers give only nearly is printed with its digits
        (0.3333 · 3 ≈ 1.000, not ≈ 1), and so wherever it appears, as the networks' (lines.Lines._pad)."""
        plan = self.plan
        for relation in plan.relations:
            shown = plan.shown(relation.result)
            if shown.rounded or not plan.approx(relation) or with_digits(shown, self.digits) is shown:
                continue
            self.padded.update(plan.pad_exact(relation.result, self.digits))

    def exact(self, identity) -> bool:
        """Whether the printed number is the value itself (1.000 for an exact 1 too): "=" where it
        is stated without numbers (the summary, the gradients at the end)."""
        return not self.shown(identity).rounded or key(identity) in self.padded

    def _new_plan(self) -> DisplayPlan:
        values = {name(i): v for i, v in self.solution.values.items()}
        values.update({key(term): self.solution.contributions[term] for term in _branch_terms(self.solution)})
        plan = DisplayPlan(values, self.digits)
        plan.givens = frozenset(map(name, self.solution.built.givens))  # a rounded one makes its lines "≈"
        plan.last_try = False  # a line out of reach is printed bare (_solve), as before
        return plan

    def _solve(self, converted: dict) -> None:
        """The plan solved for every line not `bare`; a line that holds at the most digits alone but
        not once a later line has given its inputs their digits (f.2 = f.1 − 1 with f.1 = e^(10^−9):
        the gradient needs f.2 to 13 digits, so f.1 to 22) is printed bare too, and the rest solved
        again — never the refusal "try --round-intermediate", which a graph does not have."""
        from ..errors import VerificationError

        by_name = {key(identity): identity for identity in converted}
        while True:
            self.relations = {identity: self.plan.relate(key(identity), formula)
                              for identity, formula in converted.items() if identity not in self.bare}
            try:
                self.plan.solve()
                return
            except VerificationError:
                refused = by_name.get(self.plan.refused)
                if refused is None or refused in self.bare:
                    raise
                self.bare.add(refused)
                self.plan = self._new_plan()

    def _decide_comparisons(self, comparisons: list) -> None:
        """Print the numbers of every comparison (max/min's routing, a kink's [x ≥ z]) with the
        digits that decide it as the exact values do: tanh(−5.8·10^−5) = −5.800·10^−5 beside
        −5.8·10^−5 would read as a tie; its operands get guard digits until it shows the order."""
        exact = self.solution.values
        for attempt in range(GUARD_DIGITS + 1):
            printed = {i: self.shown(i).value for i in exact}
            undecided = [c for c in comparisons if _outcome(c, printed) != _outcome(c, exact)]
            if not undecided:
                return
            if attempt == GUARD_DIGITS:  # operands closer than the most digits can show: a printed
                from ..errors import VerificationError  # bracket or routing would be false on its numbers

                raise VerificationError(
                    f"cannot print the comparison {' and '.join(map(name, refs(undecided[0])))} so that its "
                    f"order follows from the printed numbers with up to {self.digits + GUARD_DIGITS} significant digits")
            for comparison in undecided:
                for key in map(name, refs(comparison)):
                    if self.plan.shown(key).rounded and self.plan.precision.get(key, self.digits) < self.digits + GUARD_DIGITS:
                        self.plan.precision[key] = self.plan.precision.get(key, self.digits) + 1
                        self.plan._shown.pop(key, None)  # shown again with its new digits
            self.plan.solve()

    def _can_hold(self, identity, formula) -> bool:
        """Whether the line can follow from its inputs printed with the most digits allowed."""
        most = self.digits + GUARD_DIGITS
        inputs = {key: format_decimal(self.plan.values[key], most).value for key in F.refs(formula)}
        try:
            value = as_fraction(evaluate_formula(formula, inputs, exact=False))
        except (ArithmeticError, ZeroDivisionError):
            return False
        result = format_decimal(self.plan.values[key(identity)], self.digits)
        return abs(value - result.value) <= tolerance(result, self.digits)

    def shown(self, identity):
        """The printed number of a quantity, or of a branch term (consumer, node) of a value fanning out."""
        return self.plan.shown(key(identity))

    def approx(self, identity, numbers_shown: bool = True) -> bool:
        """The sign of the line of `identity`: from its printed numbers when it shows them (and
        the line is then kept for the recheck), else whether its result is rounded."""
        if not numbers_shown or identity in self.bare:
            return self.shown(identity).rounded
        relation = self.relations[identity]
        approx = self.plan.approx(relation)
        self.printed.append(PrintedLine(relation.result, relation.formula,
                                        {k: self.plan.shown(k) for k in relation.inputs},
                                        self.plan.shown(relation.result), approx))
        return approx

    def recheck(self) -> int:
        """The printed lines re-evaluated by render/recheck.py (VerificationError, exit 3, on a
        line that does not follow from its printed numbers)."""
        layers = [SimpleNamespace(activation=op, negative_slope=slope) for op, slope in self.activations]
        givens = {name(i): self.solution.values[i] for i in self.solution.built.givens}
        return recheck(self.printed, SimpleNamespace(layers=layers, given_values=givens))
