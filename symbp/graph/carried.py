"""A graph worked by calculator, as its sheet tells the student: every value and local derivative
rounded to the sheet's digits and carried on.

In:  a verified `GraphSolution` and the sheet's digits.
Out: `calculator_values`: every node value and gradient as such a calculator gives it — the answer
     key prints it beside the exact value where the two differ at those digits (a grader marking
     by hand sees both, as a network's key shows its carried values).

The chain is worked here gate by gate on its own (the definition of every node, in the graph's
order, on the rounded numbers before it; a kink's side as the exact working takes it), and checked
by the marking: `symbp check` must mark every value of it right (graph/chains.CHAINS holds the
same route), else VerificationError — a key never prints a number `check` would call wrong.
"""

from __future__ import annotations

from ..core.closures import compile_tree
from ..core.identity import name
from ..core.numeric import Domain
from ..errors import VerificationError
from ..numbers import round_significant


def calculator_values(solution, digits: int) -> dict:
    """Identity -> the value a calculator that rounds everything to `digits` significant digits
    gives (a Fraction), for every node value and gradient a sheet asks for."""
    from .marking import _branches
    from .quantities import asked_names, quantities

    domain, graph = Domain(), solution.built.graph
    start = solution.gradient(solution.output)
    env: dict = {}
    for node in graph:
        identity = node.identity
        if node.definition is None or identity == start:  # an input, or d(output)/d(output) = 1
            env[identity] = solution.values[identity]
        elif node.role == "local" and _branches(node.definition):  # max's routing, ReLU': the exact side
            env[identity] = solution.values[identity]
        else:
            env[identity] = domain.number(round_significant(compile_tree(node.definition, domain)(env), digits))
    asked = set(asked_names(solution))
    values = {i: round_significant(env[i], digits) for i in quantities(solution) if name(i) in asked}
    _marked_right(solution, values, digits)
    return values


def _marked_right(solution, values: dict, digits: int) -> None:
    """`symbp check` marks every value of the chain right, written as the key prints it."""
    from ..agreement import Rule
    from ..check import Answers
    from ..numbers import format_decimal
    from ..written import parse_written
    from .marking import mark

    written = {name(i): parse_written(_printed(format_decimal(v, digits, was_rounded=True)), name(i))
               for i, v in values.items()}
    marking = mark(solution, Answers(written, {}), Rule(digits))
    wrong = [n for n, m in marking.marks.items() if n in written and m.status != "correct"]
    if wrong:
        raise VerificationError(f"the calculator's values of the graph are not marked right by check: {', '.join(wrong)}")


def _printed(shown) -> str:
    """A number as the key prints it: m·10^e where it is so written (5.623·10^67, not 56230000…: a whole number of 68
    digits, read as exact, was marked wrong — stop 68's hostile tester's graph sheet of e^(x·y) stopped with exit 3)."""
    scientific = shown.scientific()
    return shown.text if scientific is None else f"{scientific[0]}e{scientific[1]}"
