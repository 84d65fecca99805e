"""A graph spec -> a verified `GraphSolution`: every node's value, every local derivative and every
gradient, exact where the numbers allow.  Nothing is returned unverified.

In:  a `GraphSpec`.
Out: the built graph (gates in order), the chain rule's record (`core.chain.Backward`), the value
     of every quantity (by Identity, and by name through `value`), and the verification report.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.chain import Backward, backward
from ..core.expr import Call, Const, Ref, refs
from ..core.graph import solve_values
from ..core.identity import Identity, name
from ..core.identity_parse import parse
from ..core.closures import compile_tree
from ..core.numeric import Domain
from ..core.operations import OPERATIONS, Branch
from ..errors import SpecError
from ..number_input import refuse_beyond_limits
from .build import BuiltGraph, build, comparable
from .spec import GraphSpec
from .verify import Report, verify


@dataclass
class GraphSolution:
    spec: GraphSpec
    built: BuiltGraph
    backward: Backward
    values: dict  # Identity -> Fraction or 50-digit mpf, in order of computation
    contributions: dict  # (consumer, node) -> upstream × local, one term of the node's gradient
    branches: dict  # (consumer, node) -> [Taken] for the kinked operations the node flows into
    report: Report

    @property
    def exact(self) -> bool:
        from fractions import Fraction

        return all(isinstance(v, Fraction) for v in self.values.values())

    @property
    def output(self) -> Identity:
        return self.built.output

    def gradient(self, identity: Identity) -> Identity:
        """The identity of d(output)/d(node)."""
        return self.backward.gradients[identity]

    def value(self, quantity: str | Identity):
        """A value by name (`"df/dx"`) or identity."""
        identity = parse(quantity) if isinstance(quantity, str) else quantity
        return self.values[identity]

    def answer_names(self) -> list[str]:
        """The names of a complete answer: every node's value, then every gradient."""
        forward = [name(i) for i in list(self.built.inputs) + list(self.built.gates)]
        return forward + [name(g) for g in self.backward.gradients.values()]


def solve(spec: GraphSpec) -> GraphSolution:
    """Build, differentiate, evaluate and verify; raises SpecError for numbers at which the
    expression is not defined and VerificationError when an independent path disagrees."""
    built = build(spec)
    chain = backward(built.graph, built.output, built.inputs)
    try:
        values, domain = solve_values(built.graph, built.givens)
    except ArithmeticError as exc:
        raise SpecError("inputs", f"{exc}; choose other numbers") from None
    refuse_beyond_limits(values, name)  # (e^(−2400) ≈ 10^−1043: no answer could give it)
    # each branch's term by the values' own rules: an exact 0 factor gives an exact 0 (printed "0", not "≈ 0")
    contributions = {(t.consumer, node_id): domain.mul(values[t.upstream], values[t.local])
                     for node_id, gradient_id in chain.gradients.items() for t in built.graph[gradient_id].terms}
    report = verify(built, chain, values, contributions)
    return GraphSolution(spec, built, chain, values, contributions, _branches(built, chain, values), report)


@dataclass(frozen=True)
class Taken:
    """The branch a kinked operation (ReLU, max, min, |x|) took at the given numbers."""

    call: Call
    branch: Branch
    arguments: tuple  # the arguments' values where they are nodes or numbers, else None


def _branches(built: BuiltGraph, chain: Backward, values: dict) -> dict:
    domain = Domain()
    found: dict = {}
    for (consumer, source) in chain.locals:
        tree = built.graph[consumer].definition
        env = {i: values[i] for i in refs(tree)}
        taken = []
        stack = [tree]
        while stack:
            current = stack.pop()
            if not isinstance(current, Call):
                continue
            operation = OPERATIONS[current.op]
            if operation.branch is not None and source in refs(current):
                args = [compile_tree(a, domain)(env) for a in current.args]
                shown = tuple(v if isinstance(a, (Ref, Const)) else None for a, v in zip(current.args, args))
                taken.append(Taken(current, operation.branch(comparable(domain, args), current.param), shown))
            stack.extend(reversed(current.args))
        found[(consumer, source)] = taken
    return found
