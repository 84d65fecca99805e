"""Independent verification of a graph's numbers, before anything is printed.

In:  a built graph, the chain rule's record, and the exact (or 50-digit) value of every node.
Out: a `Report` of what was checked; `VerificationError` (exit code 3) at the first disagreement.

Three paths that share nothing with the engine's chain rule:
  1. float64 through the operations' float twins (`core/floats.py`): every forward value, and a
     reverse-mode pass written here (each definition's partials from the twins, accumulated
     backwards) for every local derivative and every gradient;
  2. central finite differences of the float64 output for every input's gradient (skipped, and
     counted, where ±h crosses a kink of ReLU, max, min or |x|);
  3. SymPy differentiating the *whole* expression (the stages substituted into each other) with
     respect to every input, evaluated exactly (or at 50 digits) at the given numbers.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from fractions import Fraction

from ..core.expr import Call, Const, Ref
from ..core.symbolic import to_sympy
from ..core.floats import FLOAT_TWINS
from ..core.identity import name
from ..core.reader_names import reader_name
from ..core.closures import compile_sympy, compile_tree
from ..core.numeric import Domain, same
from ..errors import VerificationError
from .float_error import RoundOff

REL_TOL = 1e-9
ABS_TOL = 1e-12
FD_STEP = 1e-6
FD_TOL = 1e-5
FINE_STEPS = (Fraction(1, 10**20), Fraction(1, 10**32))  # the 50-digit difference's steps, relative to x
FINE_MORE_DIGITS = 400  # where the 50-digit difference disagrees: inputs down to 10^−100 cancel that far
FINE_TOL = 1e-9
SYMBOLIC_MAX_OPERATIONS = 3000  # larger whole expressions are not differentiated by SymPy
KINK_TOLERANCE = 1e-9
SAFETY = 2  # float_error's first-order bounds (worst cases already) times this, for their higher-order terms
AGREEMENT_DIGITS = 30  # where 50-digit arithmetic cancels (1/(√(x² + 1) − x)) its last of `same`'s 40 digits differ;
# more than any page prints (--digits and guard digits: at most 27)


@dataclass
class Report:
    quantities: int = 0  # values, local derivatives and gradients checked against float64
    near_kinks: int = 0  # gradients float64 cannot check: a kink or tie it cannot resolve lies downstream
    finite_differences: int = 0
    kinks_skipped: int = 0
    symbolic: int = 0
    symbolic_skipped: str | None = None  # why SymPy did not differentiate the whole expression


def _forward(tree, env: dict, branches: list | None = None, near_kink: list | None = None) -> float:
    if isinstance(tree, Ref):
        return env[tree.identity]
    if isinstance(tree, Const):
        return float(tree.value)
    args = [_forward(a, env, branches, near_kink) for a in tree.args]
    twin = FLOAT_TWINS[tree.op]
    if twin.branch is not None:
        if branches is not None:
            branches.append(twin.branch(args, tree.param))
        if near_kink is not None and _near_kink(tree.op, args):
            near_kink.append(tree)
    return twin.forward(args, tree.param)


def _near_kink(op: str, args: list) -> bool:
    """Whether float64 cannot tell which branch a kinked operation takes (a tie of max/min, ReLU or
    |x| at 0, up to rounding): the engine decides exactly, the float path cannot check it."""
    if op in ("max", "min"):
        ordered = sorted(args, reverse=op == "max")
        return abs(ordered[0] - ordered[1]) <= KINK_TOLERANCE * max(1.0, abs(ordered[0]), abs(ordered[1]))
    return abs(args[0]) <= KINK_TOLERANCE


def _adjoints(tree, env: dict, seed: float, into: dict) -> None:
    """∂tree/∂ref × seed added to into[ref], by reverse mode through the tree."""
    if isinstance(tree, Ref):
        into[tree.identity] = into.get(tree.identity, 0.0) + seed
        return
    if isinstance(tree, Call):
        args = [_forward(a, env) for a in tree.args]
        for arg, partial in zip(tree.args, FLOAT_TWINS[tree.op].partials(args, tree.param)):
            _adjoints(arg, env, seed * partial, into)


def float_forward(built, inputs: dict) -> tuple[dict, tuple]:
    """Every forward node's float64 value, and the branches every kinked operation took."""
    env = dict(inputs)
    branches: list = []
    for identity in built.gates:
        env[identity] = _forward(built.graph[identity].definition, env, branches)
    return env, tuple(branches)


def _check(label: str, engine, reference: float, path: str, bound=None) -> bool:
    """Whether `engine` agrees with the float64 `reference` only within float64's own round-off
    (`bound()`, float_error.py: where float64 cancels); a disagreement beyond it is refused."""
    if math.isclose(float(engine), reference, rel_tol=REL_TOL, abs_tol=ABS_TOL):
        return False
    if bound is not None and abs(float(engine) - reference) <= SAFETY * bound():
        return True
    raise VerificationError(f"verification failed: {label} = {float(engine)!r}, but {path} gives {reference!r}")


def _partials(tree, env: dict) -> dict:
    """{node: ∂tree/∂node} in float64, by reverse mode through the tree."""
    found: dict = {}
    _adjoints(tree, env, 1.0, found)
    return found


def _float_path(built, backward, values: dict, contributions: dict, report: Report) -> set:
    """The float64 checks; returns the nodes whose values agree only within float64's round-off
    (for `_symbolic` to check at 50 digits)."""
    env, _ = float_forward(built, {i: float(built.givens[i]) for i in built.inputs})
    gates = list(built.gates)
    gradients, partials = {built.output: 1.0}, {}
    for identity in reversed(gates):
        partials[identity] = _partials(built.graph[identity].definition, env)
        for source, partial in partials[identity].items():
            gradients[source] = gradients.get(source, 0.0) + gradients.get(identity, 0.0) * partial
    roundoff = RoundOff(built, env, gradients, partials)
    loose = set()
    undecided = set()  # gates with a kinked operation float64 cannot place, and all upstream of them
    for identity in gates:
        if _check(name(identity), values[identity], env[identity], "float64 arithmetic",
                  lambda: roundoff.values[identity]):
            loose.add(identity)
        report.quantities += 1
        near: list = []
        _forward(built.graph[identity].definition, env, near_kink=near)
        if near:
            undecided.add(identity)
    for identity in reversed(gates):
        if identity in undecided:
            undecided.update(built.graph[identity].inputs)
    for identity in reversed(gates):
        for source, partial in partials[identity].items():
            local_id = backward.locals.get((identity, source))
            if local_id is not None and identity not in undecided:
                _check(reader_name(local_id), values[local_id], partial, "float64 differentiation",
                       lambda: roundoff.local(identity)[source])
                _check(f"the term of {name(backward.gradients[source])} through {name(identity)}",
                       contributions[(identity, source)], gradients.get(identity, 0.0) * partial, "float64",
                       lambda: roundoff.terms[(identity, source)])
                report.quantities += 1
    for node_id, gradient_id in backward.gradients.items():
        if node_id in undecided:
            report.near_kinks += 1
            continue
        _check(name(gradient_id), values[gradient_id], gradients.get(node_id, 0.0), "a float64 backward pass",
               lambda: roundoff.gradient_bounds[node_id])
        report.quantities += 1
    return loose


def _finite_differences(built, backward, values: dict, report: Report) -> None:
    """Central differences of the float64 output; where they disagree with the engine, the step
    may be too large for the curvature there (1/x at x = 3·10^−5: h = 10^−6 is 3 % of x), so the
    difference is taken again in high precision with a step 10^−20 of the input's size before
    the gradient is refused (a wrong gradient disagrees with both)."""
    point = {i: float(built.givens[i]) for i in built.inputs}
    _, here = float_forward(built, point)
    for identity in built.inputs:
        h = FD_STEP * max(1.0, abs(point[identity]))
        gradient_id = backward.gradients[identity]
        engine = float(values[gradient_id])
        try:
            results = []
            for shift in (h, -h):
                env, branches = float_forward(built, {**point, identity: point[identity] + shift})
                results.append((env[built.output], branches))
        except (ValueError, ZeroDivisionError, OverflowError):  # x ± h leaves the domain (√, ln, 1/x near 0)
            results = None
        if results is not None:
            (up, up_branches), (down, down_branches) = results
            if up_branches != here or down_branches != here:
                report.kinks_skipped += 1
                continue
            numeric = (up - down) / (2 * h)
            roundoff = 64 * sys.float_info.epsilon * max(abs(up), abs(down), 1.0) / h
        if results is None or not math.isclose(engine, numeric, rel_tol=FD_TOL, abs_tol=FD_TOL + roundoff):
            numeric = _fine_difference(built, identity)
            if not math.isclose(engine, numeric, rel_tol=FINE_TOL, abs_tol=ABS_TOL):  # (again with more digits: a
                # difference of 10^−70 beside a value of 3 — √x + 3 at x = 10^−100 — is lost in 50; stop 66's tester)
                numeric = _fine_difference(built, identity, FINE_MORE_DIGITS)
            if not math.isclose(engine, numeric, rel_tol=FINE_TOL, abs_tol=ABS_TOL):
                raise VerificationError(f"verification failed: {name(gradient_id)} = {engine!r}, "
                                        f"but finite differences give {numeric!r}")
        report.finite_differences += 1


def _fine_difference(built, identity, digits: int | None = None) -> float:
    """The central difference of the output with respect to one input, at 50 digits with a step of
    FINE_STEPS[0] (else, where x ± h leaves the domain, FINE_STEPS[1]) times |x| (1 at x = 0): its
    error, (h/d)² where the nearest singularity or steep change is d away, stays far below FINE_TOL
    unless d is within 10^−15 of that step.  The forward values come from the operations' SymPy
    rules (closures.py), never from a derivative."""
    domain = Domain(high_precision=True) if digits is None else Domain(high_precision=True, digits=digits)
    gates = [(i, compile_tree(built.graph[i].definition, domain)) for i in built.gates]
    scale = abs(built.givens[identity]) or Fraction(1)

    def output(shift: Fraction):
        env = {i: domain.number(v + shift if i == identity else v) for i, v in built.givens.items()}
        for gate, evaluate in gates:
            env[gate] = evaluate(env)
        return env[built.output]

    for step in FINE_STEPS:
        h = step * scale
        try:
            return float(domain.div(domain.sub(output(h), output(-h)), domain.number(2 * h)))
        except (ArithmeticError, ValueError) as exc:
            error = exc
    raise VerificationError(f"cannot be verified: the finite difference with respect to {name(identity)} "
                            f"fails here ({error})") from None


_CHOICES = {"max", "min", "abs", "sign", "relu", "leaky_relu"}
SYMBOLIC_MAX_CASES = 16  # whole expressions whose choices (max, |x|, …) make more cases are not given to SymPy
_CAP = 1 << 40


def _whole_tree(built) -> tuple[int, int]:
    """The output's whole expression written out as a tree (each gate's definition with every gate it reads written
    out in its place), counted over the graph without building it, capped: (its nodes, its cases — the product of
    each choice's arguments, 2 for |x|).  A value reused in every stage makes the tree exponential in the stages
    (count_ops walked it for minutes), and SymPy folds choices into that many branches, and more (five chained |·|
    and three max of 4 ran minutes, to 856 MB); stop 66's hostile testers."""
    from ..core.expr import children

    found: dict = {}

    def count(expr) -> tuple[int, int]:
        if isinstance(expr, Ref):
            return found.get(expr.identity, (1, 1))
        size, cases = 1, max(2, len(expr.args)) if isinstance(expr, Call) and expr.op in _CHOICES else 1
        for part in children(expr):
            more, ways = count(part)
            size, cases = min(size + more, _CAP), min(cases * ways, _CAP)
        return size, cases

    for identity in built.gates:
        found[identity] = count(built.graph[identity].definition)
    return found.get(built.output, (0, 1))


def _symbolic(built, backward, values: dict, report: Report, loose: frozenset | set = frozenset()) -> None:
    """SymPy's derivative of the whole expression for every input's gradient; and the whole
    expression's value, at 50 digits, for every node float64 could check only within its round-off
    (where SymPy is skipped, that float64 check stands)."""
    import sympy

    size, cases = _whole_tree(built)
    if size > 2 * SYMBOLIC_MAX_OPERATIONS + 1 or cases > SYMBOLIC_MAX_CASES:  # (surely more operations than the
        report.symbolic_skipped = "too_large"  # limit, or too many branches: found before SymPy builds anything)
        return
    symbols = {i: sympy.Symbol(name(i), real=True) for i in built.inputs}
    whole: dict = {}
    try:
        for identity in built.gates:
            whole[identity] = to_sympy(built.graph[identity].definition, lambda i: whole.get(i, symbols.get(i)))
    except TypeError:
        # SymPy evaluates every branch of max/min/ReLU as it substitutes: a branch that is not
        # taken here may have no real value (√ of a negative number), and SymPy cannot compare it
        report.symbolic_skipped = "complex_branch"
        return
    expression = whole[built.output]
    if sympy.count_ops(expression) > SYMBOLIC_MAX_OPERATIONS:
        report.symbolic_skipped = "too_large"
        return
    domain = Domain()
    env = {symbols[i].name: domain.number(built.givens[i]) for i in built.inputs}
    for identity in [g for g in built.gates if g in loose]:
        reference = compile_sympy(whole[identity], domain)(env)
        if not _agrees(values[identity], reference):
            raise VerificationError(f"verification failed: {name(identity)} = {float(values[identity])!r}, "
                                    f"but SymPy evaluating the whole expression gives {float(reference)!r}")
    for identity in built.inputs:
        gradient_id = backward.gradients[identity]
        try:
            reference = compile_sympy(sympy.diff(expression, symbols[identity]), domain)(env)
        except (ArithmeticError, ZeroDivisionError) as exc:
            raise VerificationError(f"cannot be verified: SymPy's derivative of the whole expression "
                                    f"with respect to {name(identity)} fails here ({exc})") from None
        if not _agrees(values[gradient_id], reference):
            raise VerificationError(f"verification failed: {name(gradient_id)} = {float(values[gradient_id])!r}, "
                                    f"but SymPy differentiating the whole expression gives {float(reference)!r}")
        report.symbolic += 1


def _agrees(engine, reference) -> bool:
    """Equal (`same`; two exact values exactly), or to AGREEMENT_DIGITS significant digits."""
    if same(engine, reference):
        return True
    if isinstance(engine, Fraction) and isinstance(reference, Fraction):
        return False
    import mpmath

    def lifted(v):
        return mpmath.mpf(v.numerator) / v.denominator if isinstance(v, Fraction) else mpmath.mpf(v)

    with mpmath.workdps(AGREEMENT_DIGITS + 20):
        x, y = lifted(engine), lifted(reference)
        return abs(x - y) <= mpmath.mpf(10) ** -AGREEMENT_DIGITS * max(abs(x), abs(y))


def verify(built, backward, values: dict, contributions: dict) -> Report:
    report = Report()
    try:
        loose = _float_path(built, backward, values, contributions, report)
        _finite_differences(built, backward, values, report)
    except (ValueError, ZeroDivisionError, OverflowError) as exc:
        raise VerificationError(f"cannot be verified: plain float64 arithmetic fails on these numbers ({exc}); "
                                "use smaller inputs") from None
    _symbolic(built, backward, values, report, loose)
    return report
