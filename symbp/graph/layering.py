"""Where each node of a graph's drawing goes (drawing.py): its column and row, layered as Sugiyama does.

In:  a built graph (build.py).
Out: `layout`: (item -> (column, row)) for nodes and waypoints, rows centred on 0, and (source, consumer) -> the
     chain of items a wire runs through.  Every gate one column right of its rightmost argument, every input one
     column left of its first gate; a wire that spans several columns passes through a waypoint in each, and rows
     are ordered by the mean row of their neighbours, SWEEPS sweeps each way, so that wires rarely cross.
"""

from __future__ import annotations

SWEEPS = 4


def _columns(built) -> dict:
    graph = built.graph
    column = {i: 0 for i in built.inputs}
    for gate in built.gates:
        column[gate] = 1 + max(column[s] for s in graph[gate].inputs)
    for i in built.inputs:
        column[i] = min(column[g] for g in graph.consumers(i) if g in built.gates) - 1
    return column


def layout(built) -> tuple[dict, dict]:
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
