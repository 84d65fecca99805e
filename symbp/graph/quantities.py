"""The quantities of a graph an answer names (in: a verified GraphSolution): its inputs, node values and gradients
in the graph's order, the local derivatives an answer may write down, what a sheet asks for, and the kind of each
(the marking's and the key's: graph/marking.py, sheets.py, report_view.py, key_file.py)."""

from __future__ import annotations

from ..core.identity import Identity, name
from ..marks import GIVEN

VALUE, GRADIENT, LOCAL = "node_value", "gradient", "local"  # the kinds of a graph's quantities
START = "start"  # the gradient of the output with respect to itself (1): given, never asked


def quantities(solution) -> list[Identity]:
    """The nodes an answer names, in the graph's order: the inputs, every node's value, then every
    gradient (the output's own first)."""
    graph = solution.built.graph
    gradients = set(solution.backward.gradients.values())
    return [n.identity for n in graph if n.definition is None or n.role == "value" or n.identity in gradients]


def answer_names(solution) -> list[str]:
    return [name(i) for i in quantities(solution)]


def local_derivatives(solution) -> list[Identity]:
    """The local derivatives (`local:df.3/df.2`): never asked, marked where an answer writes one down
    (what follows is then worked from the number written, as a network's f'(z))."""
    return [n.identity for n in solution.built.graph if n.role == LOCAL]


def written_names(solution) -> list[str]:
    """The names an answer may give: `answer_names`, and the local derivatives."""
    return answer_names(solution) + [name(i) for i in local_derivatives(solution)]


def asked_names(solution) -> list[str]:
    """What a sheet asks for: every node's value and every gradient but the output's own."""
    start = solution.gradient(solution.output)
    return [name(i) for i in quantities(solution) if solution.built.graph[i].definition is not None and i != start]


def kind_of(solution, identity: Identity) -> str:
    node = solution.built.graph[identity]
    if node.definition is None:
        return GIVEN
    if identity == solution.gradient(solution.output):
        return START
    return GRADIENT if node.role == GRADIENT else LOCAL if node.role == LOCAL else VALUE
