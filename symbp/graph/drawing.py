"""The graph drawn left to right, as data for templates/tex/graph-drawing.tex.jinja.

In:  a GraphSolution and the printer lines of its worked solution.
Out: nodes with positions and wires with the value they carry (above) and the gradient that flows
     back along them (below).  Layered as Sugiyama does: every gate one column right of its
     rightmost argument, every input one column left of its first gate; a wire that spans
     several columns passes through a waypoint in each, and rows are ordered by the mean row of
     their neighbours, a few sweeps each way, so that wires rarely cross or run through a gate.
     A value used by several gates first runs to a junction, whose wire carries the value and the
     summed gradient; each branch then carries its own term of the sum.
"""

from __future__ import annotations

from ..core.expr import Ref

COLUMN_CM = 2.9  # at most; less for graphs with many columns, so that the drawing keeps its size
MIN_COLUMN_CM = 2.2
LINE_CM = 17.0
ROW_CM = 1.7
JUNCTION_AT = 0.4  # of a column, right of the node that fans out
SWEEPS = 4


def _columns(built) -> dict:
    graph = built.graph
    column = {i: 0 for i in built.inputs}
    for gate in built.gates:
        column[gate] = 1 + max(column[s] for s in graph[gate].inputs)
    for i in built.inputs:
        column[i] = min(column[g] for g in graph.consumers(i) if g in built.gates) - 1
    return column


def _layout(built) -> tuple[dict, dict]:
    """(item -> (column, row)) for nodes and waypoints, and (source, consumer) -> the chain of
    items a wire runs through."""
    graph, column = built.graph, _columns(built)
    chains, left, right = {}, {}, {}
    members: dict = {}
    for identity in column:
        members.setdefault(column[identity], []).append(identity)
    for consumer in built.gates:
        for source in graph[consumer].inputs:
            chain = [source] + [("via", source, consumer, c) for c in range(column[source] + 1, column[consumer])]
            chain.append(consumer)
            for item in chain[1:-1]:
                members.setdefault(item[3], []).append(item)
            for a, b in zip(chain, chain[1:]):
                right.setdefault(a, []).append(b)
                left.setdefault(b, []).append(a)
            chains[(source, consumer)] = chain
    place = {item: (c, r) for c, items in members.items() for r, item in enumerate(items)}

    def reorder(c: int, neighbours: dict) -> None:
        def centre(item):
            near = [place[n][1] for n in neighbours.get(item, [])]
            return sum(near) / len(near) if near else place[item][1]

        members[c].sort(key=centre)
        for r, item in enumerate(members[c]):
            place[item] = (c, r)

    last = max(members)
    for _ in range(SWEEPS):
        for c in range(1, last + 1):
            reorder(c, left)
        for c in range(last - 1, -1, -1):
            reorder(c, right)
    return {item: (c, r - (len(members[c]) - 1) / 2) for item, (c, r) in place.items()}, chains


def _point(place, item, shift: float = 0.0) -> dict:
    c, r = place[item]
    columns = 1 + max(column for column, _ in place.values())
    width = max(MIN_COLUMN_CM, min(COLUMN_CM, LINE_CM / (columns + 1)))
    return {"x": round((c + shift) * width, 3), "y": round(-r * ROW_CM, 3)}


def drawing(solution, lines) -> dict:
    built = solution.built
    place, chains = _layout(built)
    keys = {identity: f"n{k}" for k, identity in enumerate(i for i in place if not isinstance(i, tuple))}
    nodes, wires, junctions = [], [], []
    for identity, key in keys.items():
        is_input = identity in built.inputs
        definition = built.graph[identity].definition
        sign = None if is_input else lines.operation(identity)
        nodes.append(dict(_point(place, identity), key=key, symbol=lines.symbol(identity), is_input=is_input,
                          sign=sign, box=not is_input and solution.spec.gates != "primitive",
                          wide=not is_input and (len(sign) > 6 or any(not isinstance(a, Ref) for a in definition.args))))
    for identity, key in keys.items():
        consumers = [g for g in built.graph.consumers(identity) if g in built.gates]
        value = lines.quantity(identity)
        gradient = lines.quantity(solution.gradient(identity))
        start = key
        if len(consumers) > 1:
            start = f"{key}j"
            junctions.append(dict(_point(place, identity, JUNCTION_AT), key=start))
            wires.append({"start": key, "via": [], "end": start, "value": value, "gradient": gradient, "arrow": False})
        for consumer in consumers:
            chain = chains[(identity, consumer)]
            term = solution.contributions[(consumer, identity)]
            wires.append({"start": start, "via": [_point(place, item) for item in chain[1:-1]], "end": keys[consumer],
                          "value": value if start == key else None, "arrow": True,
                          "gradient": gradient if start == key else lines.number(term)})
    output = dict(_point(place, built.output, 0.8), start=keys[built.output], symbol=lines.symbol(built.output),
                  value=lines.quantity(built.output),
                  gradient=lines.quantity(solution.gradient(built.output)))
    return {"nodes": nodes, "wires": wires, "junctions": junctions, "output": output, "blank": False}
