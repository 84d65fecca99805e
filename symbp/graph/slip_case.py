"""What a graph slip works on and gives (slips.py's registry): the `Case` of a wrong number, a slip's
`Alternative` formulas, the `Diagnosis`, and a gradient's terms as trees."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..core.expr import Call, Ref
from ..core.identity import Identity


@dataclass
class Case:
    identity: Identity
    written: object  # the student's number (Fraction)
    env: dict  # Identity -> the student's number, or the value carried from them, for what precedes
    solution: object  # the GraphSolution
    agrees: Callable[[object], bool]  # does the written number agree with this value?
    unit: object = None  # one unit of the written number's last digit (None: a fraction such as 1/3)
    kept: frozenset = frozenset()  # the local derivatives the answer wrote right: not taken as replaced

    @property
    def node(self):
        return self.solution.built.graph[self.identity]


@dataclass(frozen=True)
class Alternative:
    formula: object


@dataclass(frozen=True)
class Diagnosis:
    key: str  # what it is called: templates/text/check-names.jinja (and tex/check.tex.jinja)
    value: object
    formula: object
    inputs: dict | None = None  # the numbers it takes (name -> value) where not the value's own inputs
    own_inputs: bool = False  # `inputs` are the answer's own numbers (shown as written)
    as_decimal: object = None  # exact_claimed: the number as the rounded decimal that is right (agreement.decimal_reading)


@dataclass(frozen=True)
class Slip:
    key: str
    alternatives: Callable[[Case], Iterable[Alternative]]


def product(term) -> Call:
    return Call("mul", (Ref(term.upstream), Ref(term.local)))


def gradient_terms(case: Case):
    return case.node.terms if case.node.role == "gradient" else ()


def sum_with(terms, replaced: dict) -> object:
    parts = tuple(replaced.get(i, product(t)) for i, t in enumerate(terms))
    return parts[0] if len(parts) == 1 else Call("add", parts)
