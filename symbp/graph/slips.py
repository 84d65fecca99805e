"""The typical slips of a computational-graph exercise, for `symbp check` (a registry, as diagnose.py
is for networks).

In:  a `Case` — a wrong number a student wrote for one quantity (a node's value or a gradient),
     and the student's own numbers for everything before it (`carried`: error carried forward).
Out: a `Diagnosis` (the slip, the value it gives, the slipped formula) or None.  What a slip is
     called in a report lives in templates/text/check-names.jinja, keyed by the slip's key.

Each slip is one small unit: the alternative formulas it produces for a quantity, evaluated on
the student's own numbers; the first slip with an alternative that agrees with the written number
is the diagnosis.  The more specific slips come first:
  fan_out_sum_forgotten       a value feeding several gates, only one branch's term kept (`routed_away`,
                              slip_charges.py: the branch of a max the answer routed to another argument is max_not_routed)
  fan_out_branch_left_out     one branch of three or more left out of the sum
  max_not_routed              max/min's gradient kept from the argument it picked (gone to another)
  max_routed_to_both          max/min's gradient passed to the argument it did not pick
  upstream_left_out           the local derivative alone for the gradient, the upstream gradient left out
  forward_value_for_gradient  the forward value used where the (upstream) gradient belongs
  local_sign_forgotten        a gate's local derivative with its minus sign forgotten (a/x², +1 for a − x or −x,
                              a negative local's sign dropped)
  wrong_local_derivative      a gate's local derivative replaced by a typical wrong one (by the gate's operation, or a
                              part rewritten inside a gate written as a whole: local_rewrites.py)
  function_swapped            a node's value worked with e^x for ln x or ln x for e^x
  sign_flipped                the whole value negated, or one term of the sum
"""

from __future__ import annotations

from fractions import Fraction

from ..agreement import as_fraction
from ..core.expr import Call, Cases, Compare, Const, Ref, children, rebuild
from ..core.identity import Identity
from ..core.closures import compile_tree
from ..core.numeric import Domain
from .local_rewrites import rewritten
from .slip_case import Alternative, Case, Diagnosis, Slip, gradient_terms, product, sum_with

__all__ = ["Case", "Diagnosis", "REGISTRY", "carried", "diagnose"]


def fan_out_sum_forgotten(case: Case):
    terms = gradient_terms(case)
    if len(terms) > 1:
        for term in terms:
            yield Alternative(product(term))


def fan_out_branch_left_out(case: Case):
    """One branch of a fan-out of three or more left out of the sum (stop 64's graph tester)."""
    terms = gradient_terms(case)
    if len(terms) > 2:
        for i in range(len(terms)):
            yield Alternative(Call("add", tuple(product(t) for k, t in enumerate(terms) if k != i)))


def upstream_left_out(case: Case):
    """The local derivative alone taken for the gradient, the upstream gradient it is multiplied by left out
    (df/dx = 2x for df/df.1·2x; stop 66's graph tester: named a decimal point moved where the upstream was 0.1,
    the forward value used where a value was 1, or nothing)."""
    terms = gradient_terms(case)
    graph = case.solution.built.graph
    for i, term in enumerate(terms):
        upstream = case.env.get(term.upstream)  # (df/df = 1: nothing to leave out; −1: a sign flipped, the reviewer)
        if graph[term.upstream].definition is not None and upstream is not None and abs(upstream) != 1:
            yield Alternative(sum_with(terms, {i: Ref(term.local)}))


def forward_value_for_gradient(case: Case):
    terms = gradient_terms(case)
    if not terms:
        return
    yield Alternative(Ref(case.identity.wrt))  # the node's own value written as its gradient
    forward = {Ref(t.upstream): Ref(t.consumer) for t in terms}
    yield Alternative(rebuild(case.node.definition, lambda r: forward.get(r, r)))


def _through_max(solution, term, picked: bool) -> bool:
    """Whether a gradient's term comes through a max or min that picked (`picked`) or did not pick the node (its
    local derivative 1 or 0): a gate, or a choice [q < b] inside a gate written as a whole (stop 64's tester)."""
    return _choice_factor(solution, term) is not None and (solution.values[term.local] != 0) == picked


def _choice_factor(solution, term):
    """What a max or min passes on to the node where it picks it, as a tree: 1 for a gate, c where a gate written
    as a whole takes c·max(…) (its local a choice of c or 0: 2·max(x, y); z·max(x, y): z, the stop-65 graph tester's
    MEDIUM); None where the term comes through no max or min."""
    graph = solution.built.graph
    consumer, local = graph[term.consumer].definition, graph[term.local].definition
    if isinstance(consumer, Call) and consumer.op in ("max", "min"):
        return _ONE
    scale = _ONE
    if isinstance(local, Call) and local.op == "mul" and [type(arg) for arg in local.args].count(Cases) == 1:
        rest = tuple(arg for arg in local.args if not isinstance(arg, Cases))  # (2·[x < y], z·[x < y], z·w·[x < y])
        scale, local = rest[0] if len(rest) == 1 else Call("mul", rest), next(a for a in local.args if isinstance(a, Cases))
    if isinstance(local, Cases) and all(isinstance(value, Const) for value, _ in local.branches) \
            and not isinstance(scale, (Cases, Compare)):
        factors = {value.value for value, _ in local.branches} - {0}
        if len(factors) == 1 and _chooses(consumer, local):
            factor = factors.pop()
            return Const(scale.value * factor) if isinstance(scale, Const) else \
                scale if factor == 1 else Call("mul", (scale, Const(factor)))
    return None


_ONE = Const(1)


def _chooses(expr, local: Cases) -> bool:
    """Whether a 0/1 choice compares the two arguments of a max or min inside `expr` (not a ReLU's z > 0: the stop-64
    reviewer's MEDIUM)."""
    compared = {frozenset((c.left, c.right)) for _, c in local.branches if isinstance(c, Compare)}
    stack = [expr]
    while stack:
        e = stack.pop()
        if isinstance(e, Call) and e.op in ("max", "min") and frozenset(e.args) in compared:
            return True
        stack.extend(children(e))
    return False


def max_routed_to_both(case: Case):
    terms = gradient_terms(case)
    for i, term in enumerate(terms):
        if _through_max(case.solution, term, picked=False):
            factor = _choice_factor(case.solution, term)
            passed = Ref(term.upstream) if factor == _ONE else Call("mul", (Ref(term.upstream), factor))
            yield Alternative(sum_with(terms, {i: passed}))


def max_not_routed(case: Case):
    """The gradient of the argument a max or min picked left without it (it went to another argument)."""
    terms = gradient_terms(case)
    for i, term in enumerate(terms):
        if _through_max(case.solution, term, picked=True):
            yield Alternative(sum_with(terms, {i: Const(0)}))


def _wrong_locals(consumer: Call, wrt: Identity, output: Identity, local=None):
    """Typical wrong local derivatives of one gate with respect to one of its arguments (its own: `local`; inside a
    gate written as a whole, its parts rewritten: local_rewrites.py)."""
    x, out, one = Ref(wrt), Ref(output), Const(1)
    yield one
    yield out  # the gate's value instead of its derivative
    op = consumer.op
    if op == "mul":
        yield x  # its own value instead of the other factor
    elif op == "div" and consumer.args[1] == x:  # (its minus sign forgotten: _sign_forgotten_locals)
        yield Call("neg", (Call("div", (consumer.args[0], x)),))  # the square forgotten
    elif op in ("exp", "ln"):
        yield x  # exp'(x) = x, ln'(x) = x
        if op == "exp":  # the logarithm's derivative, or the logarithm itself (stop 60, a student helper's MEDIUM)
            yield Call("div", (one, x))
            yield Call("ln", (x,))
            yield Call("mul", (x, Call("exp", (Call("sub", (x, one)),))))  # the power rule: x·e^(x−1) (stop 64)
        else:  # ln's derivative taken as e^x (this stop's student tester)
            yield Call("exp", (x,))
    elif op == "sqrt":
        yield Call("div", (one, Call("sqrt", (x,))))  # the factor ½ forgotten
    elif op == "sigmoid":
        yield Call("mul", (x, Call("sub", (one, x))))  # x(1 − x): the input instead of the output
    elif op == "tanh":
        yield Call("sub", (one, Call("pow", (x,), 2)))  # 1 − x²: the input instead of the output
    elif op == "pow":
        yield Call("mul", (Const(consumer.param), Call("pow", (x,), consumer.param)))  # exponent not lowered
        lowered = consumer.param - 1  # the factor n forgotten: x^(n−1), x for x² (not x^1), 1 for x
        yield one if lowered == 0 else x if lowered == 1 else Call("pow", (x,), lowered)
    if local is not None:  # (last: a primitive gate's own slips above name it first)
        yield from rewritten(local)


def _sign_forgotten_locals(consumer: Call, wrt: Identity, output: Identity, local=None):
    """A gate's local derivative with its minus sign forgotten: a/x² for ∂(a/x)/∂x, +1 for ∂(a − x)/∂x
    (a student helper's LOW of stop 60: it was named a wrong local derivative)."""
    x = Ref(wrt)
    if consumer.op == "div" and consumer.args[1] == x:
        yield Call("div", (consumer.args[0], Call("pow", (x,), 2)))
    elif consumer.op == "sub" and consumer.args[1] == x and consumer.args[0] != x or consumer.op == "neg":
        yield Const(1)  # (+1 for ∂(−x)/∂x: the stop-62 reviewer's LOW)


def _with_locals(case: Case, wrongs):
    """The alternatives of a local derivative replaced by each of `wrongs` (consumer, wrt, output): in the
    gradient it is worked into, or written on its own (`local:df.1/dx`: e^x's taken as 1/x; the stop-61
    reviewer's MEDIUM)."""
    graph = case.solution.built.graph
    if case.node.role == "local":
        consumer = graph[case.identity.of].definition
        if isinstance(consumer, Call):
            yield from map(Alternative, wrongs(consumer, case.identity.wrt, case.identity.of, case.node.definition))
        return
    terms = gradient_terms(case)
    for i, term in enumerate(terms):
        consumer = graph[term.consumer].definition
        if not isinstance(consumer, Call) or term.local in case.kept:
            continue
        for wrong in wrongs(consumer, term.local.wrt, term.consumer, graph[term.local].definition):
            yield Alternative(sum_with(terms, {i: Call("mul", (Ref(term.upstream), wrong))}))


def local_sign_forgotten(case: Case):
    yield from _with_locals(case, _sign_forgotten_locals)
    yield from _negative_locals_negated(case)


def _negative_locals_negated(case: Case):
    """Any local derivative that is negative — from the answer's own numbers — taken with its sign dropped: +1
    for ∂(x·y)/∂x at y = −1 (a new user's LOW of stop 63: it was "a wrong local derivative", the gate's 1); a
    local the answer's numbers make positive, negated, is a minus sign added: a sign flipped (the reviewer)."""
    if case.node.role == "local":
        if _negative(case.node.definition, case.env):  # (its sign dropped: |−0.7|, not −(−0.7))
            yield Alternative(Call("abs", (case.node.definition,)))
        return
    terms = gradient_terms(case)
    graph = case.solution.built.graph
    for i, term in enumerate(terms):
        definition = graph[term.local].definition
        if term.local not in case.kept and _negative(definition, case.env):
            # a piecewise local (|x|'s sign) between the bars as its value: 1.000 · |−1|, not |{−1 if … < 0; …}|
            local = Const(Fraction(compile_tree(definition, Domain())(case.env))) if isinstance(definition, Cases) \
                else Ref(term.local)
            yield Alternative(sum_with(terms, {i: Call("mul", (Ref(term.upstream), Call("abs", (local,))))}))


def _negative(definition, env) -> bool:
    try:
        return compile_tree(definition, Domain())(env) < 0
    except (ArithmeticError, ZeroDivisionError, KeyError, ValueError, TypeError):
        return False


def wrong_local_derivative(case: Case):
    yield from _with_locals(case, _wrong_locals)


_SWAPPED = {"exp": "ln", "ln": "exp"}  # functions a student mixes up


def function_swapped(case: Case):
    """A node's value worked with the function it is mixed up with (ln for e^x)."""
    definition = case.node.definition
    if case.node.role == "value" and isinstance(definition, Call) and definition.op in _SWAPPED:
        yield Alternative(Call(_SWAPPED[definition.op], definition.args, definition.param))


def sign_flipped(case: Case):
    yield Alternative(Call("neg", (case.node.definition,)))
    terms = gradient_terms(case)
    if len(terms) > 1:
        for i, term in enumerate(terms):
            yield Alternative(sum_with(terms, {i: Call("neg", (product(term),))}))


REGISTRY: dict[str, Slip] = {
    s.key: s
    for s in (
        Slip("fan_out_sum_forgotten", fan_out_sum_forgotten),  # (a max's branch: see `routed_away`)
        Slip("max_not_routed", max_not_routed),
        Slip("max_routed_to_both", max_routed_to_both),
        Slip("fan_out_branch_left_out", fan_out_branch_left_out),  # (after max's: a max's branch left out is its slip)
        Slip("upstream_left_out", upstream_left_out),
        Slip("forward_value_for_gradient", forward_value_for_gradient),
        Slip("local_sign_forgotten", local_sign_forgotten),
        Slip("wrong_local_derivative", wrong_local_derivative),
        Slip("function_swapped", function_swapped),
        Slip("sign_flipped", sign_flipped),
    )
}


def carried(solution, answers: dict) -> dict:
    """Identity -> the number to carry on: the student's where given, else what follows from theirs."""
    domain = Domain()
    env = {}
    for node in solution.built.graph:
        if node.definition is None:
            env[node.identity] = answers.get(node.identity, solution.values[node.identity])
            continue
        if node.identity in answers:
            env[node.identity] = answers[node.identity]
            continue
        try:
            env[node.identity] = compile_tree(node.definition, domain)(env)
        except (ArithmeticError, ZeroDivisionError):
            env[node.identity] = solution.values[node.identity]
    return env


SLIP_UNITS = 2  # a slip named moves the value more than this many units of the number written's last digit


def _moves(value, reference, unit) -> bool:
    """Whether a slip changes the value more than rounding on the way could: flipping the sign of a term of
    −0.000093 moves 0.2555 to 0.2557, which a 0.2558 written for 0.2555 agrees with by coincidence.  A move by
    more than a quarter of the value is no rounding either, however few digits are written (0.2 for √25's
    1/(2·5) = 0.1, the ½ forgotten; stop 66's graph tester)."""
    if reference is None or unit is None:
        return True
    moved, reference = abs(as_fraction(value) - as_fraction(reference)), abs(as_fraction(reference))
    return moved > SLIP_UNITS * unit or moved * 4 > reference


def diagnose(case: Case) -> Diagnosis | None:
    """The first slip whose alternative, worked out on the student's numbers, gives the written one (the local
    derivatives in `case.kept` not taken as replaced: the marker tries them last, after every other slip on
    the exact numbers and by calculator — a local written −1 and the gradient's sign flipped is a sign
    flipped, not the local's minus sign forgotten: the stop-62 reviewer's LOW)."""
    if case.node.definition is None:  # a given number: nothing to diagnose
        return None
    domain = Domain()
    try:
        reference = compile_tree(case.node.definition, domain)(case.env)
    except (ArithmeticError, ZeroDivisionError, KeyError, ValueError):  # e^(10^6) from a student's numbers
        reference = None
    for slip in REGISTRY.values():
        for alternative in slip.alternatives(case):
            try:
                value = compile_tree(alternative.formula, domain)(case.env)
            except (ArithmeticError, ZeroDivisionError, KeyError, ValueError):
                continue
            if value != reference and case.agrees(value) and _moves(value, reference, case.unit):
                return Diagnosis(slip.key, value, alternative.formula)
    return None
