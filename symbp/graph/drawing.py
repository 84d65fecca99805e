"""The graph drawn left to right, as data for templates/tex/graph-drawing.tex.jinja.

In:  a GraphSolution and the printer lines of its worked solution.
Out: nodes with positions and wires with the value they carry (above) and the gradient that flows
     back along them (below), each label halfway between the borders of the nodes the wire joins;
     the gap between two columns is as wide as its widest label needs (the nodes' half-widths,
     the label, a margin each side), so that no label runs into a gate.  Layered as Sugiyama does: every gate one column right of its
     rightmost argument, every input one column left of its first gate; a wire that spans
     several columns passes through a waypoint in each, and rows are ordered by the mean row of
     their neighbours, a few sweeps each way, so that wires rarely cross or run through a gate.
     A value used by several gates first runs to a junction, whose wire carries the value and the
     summed gradient; each branch then carries its own term of the sum.
"""

from __future__ import annotations

import re

from ..core.expr import Ref

MIN_GAP_CM = 1.5  # between two columns at least; more where the labels of a wire need it
ROW_CM = 1.7
JUNCTION_AT = 0.4  # of a column, right of the node that fans out
OUTPUT_AT = 0.8  # the output's arrow ends this far into the gap after the last column
SWEEPS = 4
LABEL_CHAR_CM = 0.13  # a character of a \scriptsize label (TikZ grvalue/grgradient), generously
LABEL_PAD_CM = 0.06  # their inner sep
NODE_CHAR_CM = 0.2  # a character of a \small node
GATE_CM = 0.9  # a gate's circle (minimum size=9mm)
MARGIN_CM = 0.2  # between a label and a node's border


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


def written_out(tree) -> bool:
    """Whether a gate's sign is its formula on a placeholder (worked.py): it has a number in it (x + 1,
    1/x), or takes one value twice (x · x, drawn with one wire: "×" alone would read as x times another)."""
    return any(not isinstance(a, Ref) for a in tree.args) or len(set(tree.args)) < len(tree.args)


def _visible(text: str) -> int:
    """About how many characters a printed number or symbol shows (TeX commands and braces dropped)."""
    return len(re.sub(r"\\[A-Za-z]+|[{}^_]", "", text.replace(r"\cdot", "·"))) if text else 0


def _label_cm(wire: dict) -> float:
    """The width of a wire's wider label (the gradient in brackets)."""
    chars = max(_visible(wire.get("value") or ""), _visible(wire.get("gradient") or "") + 2)
    return chars * LABEL_CHAR_CM + 2 * LABEL_PAD_CM


def _half_cm(node: dict) -> float:
    """Half the width of a node as drawn (templates/tex/graph-drawing.tex.jinja's styles)."""
    if node["is_input"] or node["box"]:
        return _visible(node["symbol"]) * NODE_CHAR_CM / 2 + 0.1
    if node["wide"]:
        return max(GATE_CM, _visible(node["sign"]) * NODE_CHAR_CM + 0.3) / 2
    return GATE_CM / 2


def _gaps(place, chains, nodes: dict, wires: list, fan_out: set, output: dict) -> list:
    """The width of every gap between two columns (and the output's), from the labels it holds:
    a wire's label sits halfway between the borders of the nodes it joins, so the gap is the two
    half-widths, the label and a margin each side; a fan-out's labels sit before its junction."""
    last = max(column for column, _ in place.values())
    need = [MIN_GAP_CM] * (last + 1)
    for (source, consumer), chain in chains.items():
        column = place[source][0]
        wire = wires[(source, consumer)]
        if source in fan_out:
            before = _half_cm(nodes[source]) + _label_cm(wires[(source, None)]) + 2 * MARGIN_CM
            after = _label_cm(wire) + 2 * MARGIN_CM + (_half_cm(nodes[consumer]) if len(chain) == 2 else 0)
            need[column] = max(need[column], before / JUNCTION_AT, after / (1 - JUNCTION_AT))
        else:
            end = _half_cm(nodes[consumer]) if len(chain) == 2 else 0  # else the label's segment ends at a waypoint
            need[column] = max(need[column], _half_cm(nodes[source]) + _label_cm(wire) + end + 2 * MARGIN_CM)
    need[last] = max(need[last], (_half_cm(output) + _label_cm(output) + 2 * MARGIN_CM) / OUTPUT_AT)
    return need


def _point(place, xs: list, item, shift: float = 0.0) -> dict:
    c, r = place[item]
    return {"x": round(xs[c] + shift * (xs[c + 1] - xs[c]), 3), "y": round(-r * ROW_CM, 3)}


def _positions(nodes: list, junctions: list) -> dict:
    """Every node's and junction's key -> its point (cm)."""
    return {n["key"]: (n["x"], n["y"]) for n in nodes} | {j["key"]: (j["x"], j["y"]) for j in junctions}


def _place_names(nodes: list, wires: list, junctions: list) -> None:
    """Each gate's name (`name_at`) beside it where no wire leaves or enters: above right, unless
    a wire leaves rising there (its value would sit on the name: "f.1 6"), then above left, unless
    a wire comes in from above there, then below right."""
    at = _positions(nodes, junctions)
    for node in nodes:
        x, y = at[node["key"]]
        rising = falling = from_above = False
        for wire in wires:
            points = [at[wire["start"]], *((p["x"], p["y"]) for p in wire["via"]), at[wire["end"]]]
            if wire["start"] == node["key"]:
                rising |= points[1][1] > y
                falling |= points[1][1] < y
            if wire["end"] == node["key"]:
                from_above |= points[-2][1] > y
        node["name_at"] = ("above right" if not rising else "above left" if not from_above
                           else "below right" if not falling else "above right")


LABEL_HEIGHT_CM = 0.3  # a \scriptsize label's box, inner sep included
LABEL_OFFSET_CM = 0.17  # from its wire to its centre (above or below: TikZ's anchors)
# along the wire's first segment, from halfway outwards: the first that is clear wins, else the one
# meeting fewest labels, then nodes, then wires
POSITIONS = (0.5, *(t for step in range(1, 9) for t in (round(0.5 + 0.04 * step, 2), round(0.5 - 0.04 * step, 2))))


def _box(centre, along, half_length: float, half_height: float) -> tuple:
    """An oriented rectangle: its centre, its unit direction and its half-sizes."""
    return centre, along, half_length, half_height


def _overlap(a: tuple, b: tuple) -> bool:
    """Whether two oriented rectangles overlap (separating axes: the two directions of each)."""
    (ca, ua, la, ha), (cb, ub, lb, hb) = a, b
    d = (cb[0] - ca[0], cb[1] - ca[1])
    for axis in (ua, (-ua[1], ua[0]), ub, (-ub[1], ub[0])):
        def reach(u, length, height):
            return length * abs(u[0] * axis[0] + u[1] * axis[1]) + height * abs(-u[1] * axis[0] + u[0] * axis[1])
        if abs(d[0] * axis[0] + d[1] * axis[1]) > reach(ua, la, ha) + reach(ub, lb, hb):
            return False
    return True


def _segment_box(p, q) -> tuple:
    """A line segment as a rectangle of no height."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = max((dx * dx + dy * dy) ** 0.5, 1e-9)
    return _box(((p[0] + q[0]) / 2, (p[1] + q[1]) / 2), (dx / length, dy / length), length / 2, 0.0)


def _place_labels(nodes: list, wires: list, junctions: list, output: dict) -> None:
    """Each wire's labels (`pos`) along its first segment where they clear every other label, every
    node and every other wire: halfway unless something is there (wires fanning out of two values
    cross, and their gradients sat on each other: "[−0.8399]" over "[0.4200]"), else the first clear
    place of POSITIONS, else the place that meets fewest other labels (then nodes, then wires): a label
    over a label cannot be read, one across a wire can."""
    at = _positions(nodes, junctions)
    half = {n["key"]: _half_cm(n) for n in nodes}
    obstacles = [_box(at[n["key"]], (1.0, 0.0), half[n["key"]], GATE_CM / 2) for n in nodes if not n["is_input"]]
    segments = []
    for index, wire in enumerate(wires):
        points = [at[wire["start"]], *((p["x"], p["y"]) for p in wire["via"]), at[wire["end"]]]
        segments += [(index, _segment_box(p, q)) for p, q in zip(points, points[1:])]
    segments.append((None, _segment_box(at[output["start"]], (output["x"], output["y"]))))
    placed = []
    for index, wire in enumerate(wires):
        wire["pos"] = 0.5
        if not (wire.get("value") or wire.get("gradient")):
            continue
        start, end = at[wire["start"]], (wire["via"][0]["x"], wire["via"][0]["y"]) if wire["via"] else at[wire["end"]]
        dx, dy = end[0] - start[0], end[1] - start[1]
        length = max((dx * dx + dy * dy) ** 0.5, 1e-9)
        u = (dx / length, dy / length)
        normal = (-u[1], u[0])  # "above" a wire drawn left to right
        trim_start, trim_end = half.get(wire["start"], 0.0), (0.0 if wire["via"] else half.get(wire["end"], 0.0))
        texts = [(wire.get("value"), 1), ((wire.get("gradient") or "") and "[" + wire["gradient"] + "]", -1)]

        def boxes(t):
            along = trim_start + t * max(length - trim_start - trim_end, 0.0)
            centre = (start[0] + u[0] * along, start[1] + u[1] * along)
            return [_box((centre[0] + side * LABEL_OFFSET_CM * normal[0], centre[1] + side * LABEL_OFFSET_CM * normal[1]), u,
                         _visible(text) * LABEL_CHAR_CM / 2 + LABEL_PAD_CM, LABEL_HEIGHT_CM / 2)
                    for text, side in texts if text]

        def met(t):  # (labels, nodes, wires) that its labels at t overlap
            mine = boxes(t)
            return tuple(sum(_overlap(a, b) for a in mine for b in others) for others in
                         (placed, obstacles, [box for owner, box in segments if owner != index]))

        wire["pos"] = next((t for t in POSITIONS if not any(met(t))), None) or min(POSITIONS, key=met)
        placed += boxes(wire["pos"])


def drawing(solution, lines) -> dict:
    built = solution.built
    place, chains = _layout(built)
    keys = {identity: f"n{k}" for k, identity in enumerate(i for i in place if not isinstance(i, tuple))}
    nodes, labels, fan_out = {}, {}, set()
    for identity, key in keys.items():
        is_input = identity in built.inputs
        definition = built.graph[identity].definition
        sign = None if is_input else lines.operation(identity)
        nodes[identity] = dict(key=key, symbol=lines.symbol(identity), is_input=is_input,
                               sign=sign, box=not is_input and solution.spec.gates != "primitive",
                               wide=not is_input and (len(sign) > 6 or written_out(definition)))
    for identity in keys:
        consumers = [g for g in built.graph.consumers(identity) if g in built.gates]
        value = lines.quantity(identity)
        gradient = lines.quantity(solution.gradient(identity))
        if len(consumers) > 1:
            fan_out.add(identity)
            labels[(identity, None)] = {"value": value, "gradient": gradient}
        for consumer in consumers:
            labels[(identity, consumer)] = ({"value": None, "gradient": lines.branch(consumer, identity)} if len(consumers) > 1
                                            else {"value": value, "gradient": gradient})
    output = dict(symbol=lines.symbol(built.output), is_input=False, box=False, wide=False, sign="",
                  value=lines.quantity(built.output), gradient=lines.quantity(solution.gradient(built.output)))
    output.update(wide=nodes[built.output]["wide"], sign=nodes[built.output]["sign"], box=nodes[built.output]["box"])
    xs = [0.0]
    for gap in _gaps(place, chains, nodes, labels, fan_out, output):
        xs.append(round(xs[-1] + gap, 3))
    wires, junctions = [], []
    for identity, key in keys.items():
        nodes[identity].update(_point(place, xs, identity))
        start = key
        if identity in fan_out:
            start = f"{key}j"
            junctions.append(dict(_point(place, xs, identity, JUNCTION_AT), key=start))
            wires.append({"start": key, "via": [], "end": start, "arrow": False, **labels[(identity, None)]})
        for consumer in (g for g in built.graph.consumers(identity) if g in built.gates):
            chain = chains[(identity, consumer)]
            wires.append({"start": start, "via": [_point(place, xs, item) for item in chain[1:-1]],
                          "end": keys[consumer], "arrow": True, **labels[(identity, consumer)]})
    out = dict(_point(place, xs, built.output, OUTPUT_AT), start=keys[built.output], symbol=output["symbol"],
               value=output["value"], gradient=output["gradient"])
    _place_names(list(nodes.values()), wires, junctions)
    _place_labels(list(nodes.values()), wires, junctions, out)
    return {"nodes": list(nodes.values()), "wires": wires, "junctions": junctions, "output": out, "blank": False}
