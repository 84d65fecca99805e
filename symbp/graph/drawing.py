"""The graph drawn left to right, as data for templates/tex/graph-drawing.tex.jinja.

In:  a GraphSolution and the printer lines of its worked solution.
Out: nodes with positions and wires with the value they carry (above) and the gradient that flows
     back along them (below), each label halfway between the borders of the nodes the wire joins;
     the gap between two columns is as wide as its widest label needs (the nodes' half-widths,
     the label, a margin each side), so that no label runs into a gate.  Layered as Sugiyama does (layering.py).
     Where upright it would shrink below 70 % and turned less, it is drawn on a page of its own, turned (`turned`).
     A value used by several gates first runs to a junction, whose wire carries the value and the
     summed gradient; each branch then carries its own term of the sum.
     Each wire's labels then move along it to where no other wire, label, gate or name is, and
     where each is plainly nearer its own wire than any other (label_place.py: two branches of a
     fan-out leave their junction close together); where wires cross too densely for that (a value
     fanning out to four gates), the gap is widened, a quarter at a time, up to three times.
"""

from __future__ import annotations

import re

from ..core.expr import Ref
from . import label_place
from .layering import layout as _layout

MIN_GAP_CM = 1.5  # between two columns at least; more where the labels of a wire need it
ROW_CM = 1.7
JUNCTION_AT = 0.4  # of a column, right of the node that fans out
OUTPUT_AT = 0.8  # the output's arrow ends this far into the gap after the last column
WIDEN, WIDEN_TRIES = 1.25, 3  # a gap where a label finds no clear place is widened so, at most so often
COVERED = label_place.CLEAR  # what a label may cover and still count as clear
LABEL_CHAR_CM = 0.13  # a character of a \scriptsize label (TikZ grvalue/grgradient), generously
LABEL_PAD_CM = 0.06  # their inner sep
NODE_CHAR_CM = 0.2  # a character of a \small node
GATE_CM = 0.9  # a gate's circle (minimum size=9mm)
MARGIN_CM = 0.2  # between a label and a node's border
EDGE_CM = 1.0  # an input's name left of its node, the output's right of its arrow
# a drawing shrunk below 70 % to fit the page upright (a 14-column graph at 44 %, its labels 3.5 pt: stop 67's graph
# tester) is drawn on a page of its own, turned (landscape), where it then shrinks less: 25.7 cm wide, at most
TURNED_HEIGHT_CM = 13.0  # what a turned page holds of the drawing's height (its caption below it); the template says so


def written_out(tree) -> bool:
    """Whether a gate's sign is its formula on a placeholder (worked.py): it has a number in it (x + 1,
    1/x), or takes one value twice (x · x, drawn with one wire: "×" alone would read as x times another)."""
    return any(not isinstance(a, Ref) for a in tree.args) or len(set(tree.args)) < len(tree.args)


def _visible(text: str) -> int:
    """About how many characters a printed number or symbol shows (TeX commands and braces dropped)."""
    return len(re.sub(r"\\[A-Za-z]+|[{}^_]", "", text.replace(r"\cdot", "·"))) if text else 0


_OPERATOR_NAMES = frozenset("tanh sinh cosh coth arcsin arccos arctan log exp max min sin cos tan ln det".split())  # TeX's, as letters


def _operator_letters(sign: str | None) -> int:
    r"""How many letters a gate's sign prints when it is one of TeX's operator names (\tanh: 4), else 0."""
    match = re.fullmatch(r"\\([A-Za-z]+)", sign or "")
    return len(match.group(1)) if match and match.group(1) in _OPERATOR_NAMES else 0


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
# the box a label is kept clear in (label_place.py): its ink measured in TeX (brackets reach from
# 0.05 to 0.34 cm off the wire; a digit is 0.15 cm wide, "−" 0.23, "." and brackets 0.08), and a hair more
CLEAR_OFFSET_CM, CLEAR_HALF_HEIGHT_CM, CLEAR_MARGIN_CM = 0.185, 0.17, 0.02
CHAR_CM = {".": 0.083, ",": 0.083, "[": 0.084, "]": 0.084, "(": 0.11, ")": 0.11, "-": 0.233, "−": 0.233,
           "+": 0.233, "·": 0.25, "\\cdot": 0.25, "\\,": 0.06, "{": 0.0, "}": 0.0, "^": 0.0, "_": 0.0, " ": 0.0}
NAME_SHIFT_CM = (0.0, 0.0)  # the template's "0pt and 0pt of" a gate: the name outside its circle (tucked 3pt in, its white fill cut the circle)
OUTER_CM = 0.014  # half a thick line: where TikZ's node borders are
CIRCLE_AS_SQUARE = 0.886  # a gate's circle kept clear as the square of its area: a label may graze its corner


def _overlap(a: tuple, b: tuple) -> bool:
    """Whether two oriented rectangles (centre, unit direction, half length, half height) overlap
    (separating axes: the two directions of each; tests/test_graph_drawing.py checks labels with it)."""
    (ca, ua, la, ha), (cb, ub, lb, hb) = a, b
    d = (cb[0] - ca[0], cb[1] - ca[1])
    for axis in (ua, (-ua[1], ua[0]), ub, (-ub[1], ub[0])):
        def reach(u, length, height):
            return length * abs(u[0] * axis[0] + u[1] * axis[1]) + height * abs(-u[1] * axis[0] + u[0] * axis[1])
        if abs(d[0] * axis[0] + d[1] * axis[1]) > reach(ua, la, ha) + reach(ub, lb, hb):
            return False
    return True


def _clear_half_cm(text: str) -> float:
    """Half the length of the box a label is kept clear in: the wider of _label_cm's estimate and
    one by characters (digits are wider than LABEL_CHAR_CM, brackets and points narrower)."""
    by_char = sum(CHAR_CM.get(token, 0.15) for token in re.findall(r"\\[A-Za-z]+|\\.|.", text))
    return max(_visible(text) * LABEL_CHAR_CM, by_char) / 2 + LABEL_PAD_CM + CLEAR_MARGIN_CM


def _shape(node: dict) -> tuple[str, float, float]:
    """A node's outline as drawn: ("circle", radius, radius) or ("rectangle", half width, half height)."""
    if node["is_input"]:
        return "rectangle", _half_cm(node), 0.2
    if node["box"] or node["wide"]:
        return "rectangle", _half_cm(node), 0.4
    return "circle", GATE_CM / 2 + OUTER_CM, GATE_CM / 2 + OUTER_CM


def _border(centre, towards, shape) -> tuple:
    """Where the line from a node's centre towards a point leaves its outline (TikZ's border anchor)."""
    kind, hw, hh = shape
    dx, dy = towards[0] - centre[0], towards[1] - centre[1]
    length = (dx * dx + dy * dy) ** 0.5
    if length < 1e-9:
        return centre
    if kind == "circle":
        reach = hw
    else:
        reach = min(hw / abs(dx) * length if dx else float("inf"), hh / abs(dy) * length if dy else float("inf"))
    reach = min(reach, length)
    return centre[0] + dx / length * reach, centre[1] + dy / length * reach


def _name_box(node: dict, centre) -> tuple:
    """The box of a gate's name beside it (`name_at`, templates/tex/graph-drawing.tex.jinja)."""
    kind, hw, hh = _shape(node)
    if kind == "circle":
        hw = hh = hw * 0.5 ** 0.5  # its north east anchor
    half = _clear_half_cm(node["symbol"]) - CLEAR_MARGIN_CM - LABEL_PAD_CM + 0.035, LABEL_HEIGHT_CM / 2
    dx, dy = NAME_SHIFT_CM
    x = {"above right": centre[0] + hw - dx + half[0], "above left": centre[0] - hw + dx - half[0],
         "below right": centre[0] + hw - dx + half[0]}[node["name_at"]]
    y = centre[1] - hh + dy - half[1] if node["name_at"] == "below right" else centre[1] + hh - dy + half[1]
    return label_place.rect((x, y), (1.0, 0.0), *half)


def _place_labels(nodes: list, wires: list, junctions: list, output: dict) -> list:
    """Each wire's labels (`pos`) along its first segment where they are clear of every other label,
    wire, node and gate name and plainly their own wire's, not a neighbour's (label_place.py): halfway
    where that is clear and not beside a crossing, else the clear place nearest halfway, else the one
    that covers least (wires fanning out of three values cross in front of their gates, and their
    gradients sat on crossings: "[0.07302]" under the wire x → max).  What each wire's labels still
    cover, in label_place.py's measure."""
    at = _positions(nodes, junctions)
    shapes = {n["key"]: _shape(n) for n in nodes}
    drawn = []
    for wire in wires:
        points = [at[wire["start"]], *((p["x"], p["y"]) for p in wire["via"]), at[wire["end"]]]
        if wire["start"] in shapes:
            points[0] = _border(points[0], points[1], shapes[wire["start"]])
        if wire["end"] in shapes:
            points[-1] = _border(points[-1], points[-2], shapes[wire["end"]])
        texts = [(wire.get("value"), 1), ((wire.get("gradient") or "") and "[" + wire["gradient"] + "]", -1)]
        names = [wire["start"], *(None for _ in wire["via"]), wire["end"]]
        drawn.append({"segments": list(zip(points, points[1:])), "joins": list(zip(names, names[1:])),
                      "labels": [(_clear_half_cm(text), side) for text, side in texts if text]})
    start = at[output["start"]]
    end = (output["x"], output["y"])
    first = (_border(start, end, shapes[output["start"]]), end)
    drawn.append({"segments": [first], "joins": [(output["start"], None)], "labels": []})
    middle = ((first[0][0] + end[0]) / 2, (first[0][1] + end[1]) / 2)
    texts = ((output.get("value"), 1), (output.get("gradient") and f"[{output['gradient']}]", -1))
    fixed = [label_place.rect((middle[0], middle[1] + side * CLEAR_OFFSET_CM), (1.0, 0.0), _clear_half_cm(text),
                              CLEAR_HALF_HEIGHT_CM) for text, side in texts if text]
    outlines = []
    for node in nodes:
        kind, hw, hh = shapes[node["key"]]
        centre = at[node["key"]]
        shrink = CIRCLE_AS_SQUARE if kind == "circle" else 1.0
        outlines.append(label_place.rect(centre, (1.0, 0.0), hw * shrink, hh * shrink))
        if not (node["is_input"] or node["box"]):
            outlines.append(_name_box(node, centre))
    places, covers = label_place.place(drawn, outlines, fixed, CLEAR_OFFSET_CM, CLEAR_HALF_HEIGHT_CM)
    for wire, t in zip(wires, places):
        wire["pos"] = t
    return covers[:len(wires)]


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
                               wide=not is_input and (len(sign) > 6 or written_out(definition)),
                               small=not is_input and _operator_letters(sign) >= 4)  # \tanh: smaller, clear of its circle
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
    gaps = _gaps(place, chains, nodes, labels, fan_out, output)
    first = list(gaps)
    best = None
    for attempt in range(WIDEN_TRIES + 1):
        xs = [0.0]
        for gap in gaps:
            xs.append(round(xs[-1] + gap, 3))
        junction_at = [JUNCTION_AT * before / gap for before, gap in zip(first, gaps)]  # a widened gap lengthens the branches
        drawn = _drawn(built, place, chains, keys, nodes, labels, fan_out, output, xs, junction_at)
        covered = _place_labels(drawn["nodes"], drawn["wires"], drawn["junctions"], drawn["output"])
        columns = {column for column, cover in zip(drawn.pop("columns"), covered) if cover > COVERED}
        if best is None or sum(covered) < best[0] - COVERED:
            best = sum(covered), drawn
        if not columns:
            break
        for column in columns:  # wires cross too densely there for their labels: spread them
            gaps[column] = round(gaps[column] * WIDEN, 3)
    drawn = best[1]
    xs, ys = [n["x"] for n in drawn["nodes"]] + [drawn["output"]["x"]], [n["y"] for n in drawn["nodes"]]
    width, height = max(xs) - min(xs) + 2 * EDGE_CM, max(ys) - min(ys) + 2 * EDGE_CM
    drawn["width_cm"], drawn["height_cm"] = round(width, 2), round(height, 2)
    upright, turned = min(1.0, 17.0 / width), min(1.0, 25.7 / width, TURNED_HEIGHT_CM / height)
    # turned where upright it would shrink below 70 % and turned it shrinks less (a tall drawing: not at all — the
    # stop-68 reviewer's 8-input neuron overflowed three turned pages)
    drawn["turned"] = upright < 0.7 and turned > upright * 1.25  # (a quarter larger at least: worth a page)
    return drawn


def _drawn(built, place, chains, keys, nodes, labels, fan_out, output, xs, junction_at) -> dict:
    """The drawing with its columns at `xs` and each column's junctions that far into its gap, labels
    not yet placed; "columns": where each wire's first segment starts."""
    nodes = {identity: dict(node, **_point(place, xs, identity)) for identity, node in nodes.items()}
    wires, junctions, columns = [], [], []
    for identity, key in keys.items():
        start = key
        if identity in fan_out:
            start = f"{key}j"
            junctions.append(dict(_point(place, xs, identity, junction_at[place[identity][0]]), key=start))
            wires.append({"start": key, "via": [], "end": start, "arrow": False, **labels[(identity, None)]})
            columns.append(place[identity][0])
        for consumer in (g for g in built.graph.consumers(identity) if g in built.gates):
            chain = chains[(identity, consumer)]
            wires.append({"start": start, "via": [_point(place, xs, item) for item in chain[1:-1]],
                          "end": keys[consumer], "arrow": True, **labels[(identity, consumer)]})
            columns.append(place[identity][0])
    out = dict(_point(place, xs, built.output, OUTPUT_AT), start=keys[built.output], symbol=output["symbol"],
               value=output["value"], gradient=output["gradient"])
    _place_names(list(nodes.values()), wires, junctions)
    return {"nodes": list(nodes.values()), "wires": wires, "junctions": junctions, "output": out, "blank": False,
            "columns": columns}
