"""A graph of named nodes, and its values.

In:  nodes added in order of computation by a builder: givens (`given`) and nodes defined by a
     local definition over earlier nodes (`define`, a tree of `expr.py`).  Each node has an
     `Identity` (its name comes from `identity.name`) and a `role`, the builder's word for what it
     is ("value", "local", "gradient", "mean", "update", …).
Out: the nodes in order, who consumes whom, and (`evaluate`) the value of every node from the
     givens' values, exact where exact arithmetic allows (`numeric.Domain`).

Because a definition can only refer to nodes already in the graph, a graph has no cycle.
"""

from __future__ import annotations

from dataclasses import dataclass

from .expr import Expr, Ref, refs
from .identity import Identity, name
from .reader_names import reader_name
from .closures import compile_tree
from .numeric import MAX_EXACT_BITS, Domain, TooLong, check_size

GIVEN = "given"


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a chain rule: upstream gradient (of the consumer) × local derivative."""

    consumer: Identity
    upstream: Identity
    local: Identity


@dataclass(frozen=True, slots=True)
class Node:
    identity: Identity
    definition: Expr | None  # None for a given value
    role: str
    terms: tuple[Term, ...] = ()  # a gradient: the chain rule's terms, in the order of its formula

    @property
    def name(self) -> str:
        return name(self.identity)

    @property
    def inputs(self) -> list[Identity]:
        return refs(self.definition) if self.definition is not None else []


class Graph:
    __slots__ = ("nodes", "_links")

    def __init__(self):
        self.nodes: dict[Identity, Node] = {}
        self._links: dict[Identity, tuple] = {}  # node -> (position, [consumer], [input])

    def __iter__(self):
        return iter(self.nodes.values())

    def __getitem__(self, identity: Identity) -> Node:
        return self.nodes[identity]

    def __contains__(self, identity: Identity) -> bool:
        return identity in self.nodes

    def __len__(self) -> int:
        return len(self.nodes)

    def _add(self, node: Node, inputs: list | None = None) -> Ref:
        identity, nodes, links = node.identity, self.nodes, self._links
        if identity in nodes:
            raise ValueError(f"{node.name} is defined twice")
        if inputs is None:
            inputs = node.inputs
        nodes[identity] = node
        links[identity] = (len(links), [], inputs)
        try:
            for source in inputs:
                links[source][1].append(identity)
        except KeyError:
            missing = next(source for source in inputs if source not in nodes)
            raise ValueError(f"{node.name} refers to {name(missing)}, which is not defined before it") from None
        return Ref(identity)

    def given(self, identity: Identity) -> Ref:
        if identity in self.nodes and self.nodes[identity].role == GIVEN:
            return Ref(identity)
        return self._add(Node(identity, None, GIVEN))

    def define(self, identity: Identity, definition: Expr, role: str = "value", terms: tuple = (),
               inputs: list | None = None) -> Ref:
        """`inputs`: the definition's references in order (`Node.inputs`), when the caller knows them."""
        return self._add(Node(identity, definition, role, tuple(terms)), inputs)

    def inputs(self, identity: Identity) -> list[Identity]:
        """The nodes a node's definition refers to, in order of first appearance (`Node.inputs`, kept)."""
        return self._links[identity][2]

    def consumers(self, identity: Identity) -> list[Identity]:
        """The nodes whose definitions refer to this one, in order."""
        return self._links[identity][1]

    def position(self, identity: Identity) -> int:
        """Where a node stands in the order of computation (0 for the first)."""
        return self._links[identity][0]

    def givens(self) -> list[Identity]:
        return [n.identity for n in self if n.role == GIVEN]

    def seal(self) -> None:
        """No node is added any more: the links (`position`, `consumers`, `inputs`), which only adding
        nodes and the chain rule read, let go; the nodes stay (a 64x12 network's ~60 MB, issue 16)."""
        self._links = _Sealed()


class _Sealed:
    """A sealed graph's links: reading or adding one says so."""

    def __getitem__(self, identity):
        raise RuntimeError("the graph is sealed: its links are gone (Graph.seal)")

    __setitem__ = __getitem__


def compile_graph(graph: Graph, domain: Domain) -> list:
    """[(identity, closure env -> value)] for the defined nodes, in order: compile once, run often."""
    return [(n.identity, compile_tree(n.definition, domain)) for n in graph if n.definition is not None]


def evaluate(graph: Graph, givens: dict, domain: Domain | None = None, max_bits: int | None = None,
             program: list | None = None) -> dict:
    """The value of every node (Identity -> value), in order.  `givens`: Identity -> Fraction.

    With `max_bits`, an exact value that outgrows it raises `TooLong` (see `solve_values`).
    `program`: the graph compiled for `domain` by `compile_graph`, when the caller has it."""
    domain = domain or Domain()
    env = {identity: domain.number(value) for identity, value in givens.items()}
    missing = [n.name for n in graph if n.definition is None and n.identity not in env]
    if missing:
        raise KeyError(f"no value given for {', '.join(missing)}")
    for identity, closure in program if program is not None else compile_graph(graph, domain):
        try:
            value = closure(env)
        except TooLong:
            raise
        except (ArithmeticError, ZeroDivisionError) as exc:
            raise ArithmeticError(f"{reader_name(identity)} cannot be computed ({exc})") from None
        check_size(value, max_bits)
        env[identity] = value
    return {n.identity: env[n.identity] for n in graph}


def solve_values(graph: Graph, givens: dict) -> tuple[dict, Domain]:
    """Values in the hybrid domain while exact numbers stay below MAX_EXACT_BITS, else every
    value in high precision (as a long SGD run's exact numbers grow)."""
    try:
        domain = Domain()
        return evaluate(graph, givens, domain, MAX_EXACT_BITS), domain
    except TooLong:
        domain = Domain(high_precision=True)
        return evaluate(graph, givens, domain), domain
