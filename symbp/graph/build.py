"""A graph spec -> the core's graph of gates, checked at the given numbers.

In:  a `GraphSpec`.
Out: a `BuiltGraph`: the inputs as givens, then one node per gate, in order of computation.

Gates (`gates = "primitive"`, as CS231n splits an expression): every operation of a stage is a
gate of its own, computed after its arguments, left to right; binary operators as written
(`a + b + c` is (a + b) + c, two + gates), a function call is one gate (sigmoid(s) is the σ gate;
written out, 1/(1 + exp(−s)) is the gates −, exp, +1 and 1/x).  Numbers are not nodes: `x + 1`
is one "+1" gate, and an operation on numbers alone stays inside the gate that uses it.  The
last gate of a stage carries the stage's name; the others are named `<stage>.1`, `<stage>.2`, …
in the order computed (`f = 1/(1 + exp(-s))` gives f.1 = −s, f.2 = exp(f.1), f.3 = 1 + f.2,
f = 1/f.3).  A stage that is a bare name (`f = s`) is an identity gate.
With `gates = "as_written"` every stage is one node, its definition the stage's whole expression.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.expr import Call, Const, Ref, refs
from ..core.graph import Graph
from ..core.identity import Identity, gate
from ..core.numeric import MAX_EXACT_BITS, Domain, TooLong, check_size
from ..core.operations import OPERATIONS
from ..errors import SpecError
from .parse import Stage, identity_of
from .spec import GraphSpec


@dataclass(frozen=True)
class Gate:
    identity: Identity
    stage: Stage
    path: tuple  # where its operation sits in the stage's tree (the whole stage when as written)


@dataclass
class BuiltGraph:
    graph: Graph
    givens: dict  # Identity -> Fraction
    inputs: list  # identities of the inputs, in the spec's order
    output: Identity
    gates: dict  # Identity -> Gate, in order of computation


def comparable(domain: Domain, values: list) -> list:
    """Values that can be compared with each other (mpmath numbers do not compare with Fractions)."""
    if all(domain.is_exact(v) for v in values):
        return values
    return [domain.lift(v) for v in values]


def _problem(stage: Stage, path: tuple, tree: Call, arguments: list, reason: str) -> SpecError:
    from ..core.display import TextPrinter

    shown = TextPrinter().print(tree)
    numbers = ", ".join(TextPrinter().number(v) for v in arguments)
    return SpecError(stage.field, f"{stage.where(path)}: {reason} in {shown} (its arguments are {numbers})")


def _value_at(stage: Stage, tree, path: tuple, env: dict, domain: Domain):
    if isinstance(tree, Ref):
        return env[tree.identity]
    if isinstance(tree, Const):
        return domain.number(tree.value)
    arguments = [_value_at(stage, a, path + (i,), env, domain) for i, a in enumerate(tree.args)]
    operation = OPERATIONS[tree.op]
    if operation.undefined is not None:
        reason = operation.undefined(comparable(domain, arguments), tree.param)
        if reason:
            raise _problem(stage, path, tree, arguments, reason)
    try:
        value = domain.operation(tree.op, tree.param, len(arguments))(arguments)
    except TooLong:
        raise
    except (ArithmeticError, ZeroDivisionError, ValueError) as exc:
        raise _problem(stage, path, tree, arguments, str(exc) or "cannot be computed") from None
    try:
        check_size(value, MAX_EXACT_BITS)
    except TooLong:
        raise _problem(stage, path, tree, arguments, TOO_LONG) from None
    return value


# An exact value beyond MAX_EXACT_BITS (√(10^−300) = 10^−150, 0.5^512): its lines could not be printed so
# that "=" and "≈" tell the truth (the whole graph would be followed at 50 digits, every line "≈", while its
# printed numbers give some results exactly) — refused, as a worksheet's draw of it is ("out_of_range").
EXACT_DIGITS = int(MAX_EXACT_BITS * 0.30103)  # (decimal digits of MAX_EXACT_BITS bits: 120)
TOO_LONG = f"an exact value of more than {EXACT_DIGITS} digits (beyond what a worked solution carries exactly; " \
           "choose numbers nearer 1)"


def check_point(spec: GraphSpec) -> None:
    """Every operation of every stage is defined (and differentiable) at the given numbers, and
    every exact value short enough to be worked out exactly (TOO_LONG)."""
    for label, value in spec.inputs:
        if max(value.numerator.bit_length(), value.denominator.bit_length()) > MAX_EXACT_BITS:
            raise SpecError(f"inputs.{label}", f"a number of more than {EXACT_DIGITS} digits exactly (beyond what a "
                                               "worked solution carries exactly; choose a number nearer 1)")
    domain = Domain()
    env = {identity_of(label): domain.number(value) for label, value in spec.inputs}
    for stage in spec.stages:
        env[identity_of(stage.name)] = _value_at(stage, stage.tree, (), env, domain)


class _Splitter:
    def __init__(self, graph: Graph, gates: dict):
        self.graph, self.gates = graph, gates

    def stage(self, stage: Stage, primitive: bool) -> None:
        identity = identity_of(stage.name)
        tree = stage.tree
        if isinstance(tree, (Ref, Const)) or not primitive:
            definition = Call("identity", (tree,)) if isinstance(tree, (Ref, Const)) else tree
            self.graph.define(identity, definition)
            self.gates[identity] = Gate(identity, stage, ())
            return
        self.count = 0
        self.split(stage, tree, (), identity)

    def split(self, stage: Stage, tree, path: tuple, root: Identity):
        if isinstance(tree, (Ref, Const)) or not refs(tree):
            return tree
        args = tuple(self.split(stage, a, path + (i,), root) for i, a in enumerate(tree.args))
        if path:
            self.count += 1
            identity = gate(stage.name, self.count)
        else:
            identity = root
        reference = self.graph.define(identity, Call(tree.op, args, tree.param))
        self.gates[identity] = Gate(identity, stage, path)
        return reference


def build(spec: GraphSpec) -> BuiltGraph:
    check_point(spec)
    graph = Graph()
    givens = {}
    inputs = []
    for label, value in spec.inputs:
        identity = identity_of(label)
        graph.given(identity)
        givens[identity] = value
        inputs.append(identity)
    gates: dict = {}
    splitter = _Splitter(graph, gates)
    for stage in spec.stages:
        splitter.stage(stage, spec.gates == "primitive")
    return BuiltGraph(graph, givens, inputs, identity_of(spec.output), gates)
