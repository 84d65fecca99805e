"""No wire runs through a label of the graph drawing, and no label sits on another (a reviewer's MEDIUM:
x fanned out to four gates, and "[0.07302]" — the gradient on y's branch to p — was crossed by x's
wire to max, "[1]" sat against "[−0.7926]" where three wires cross, "[−0.3680]" and "[0.3680]" were
crossed by wires, so a student could not tell which wire a gradient belongs to).

Checked on the LaTeX as written: the test reads the TikZ picture (nodes, junctions, each wire's points
and its labels' `pos`) and works out the geometry itself — where TikZ ends a wire at a node's border,
where a `sloped` label sits along its segment, the label's ink as TeX sets it in \\scriptsize at 11 pt
(widths measured with TeX: a digit 4.25 pt, "." 2.36 pt, "−" 6.61 pt, a bracket 2.39 pt; brackets
reach 1.5 pt to 9.5 pt off the wire) — and samples every wire segment against every label's turned box.
The SVG drawing is read the same way: its labels sit at the same place along the same segment."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from symbp import graph
from symbp.graph.svg import graph_svg

PT = 2.54 / 72.27  # cm
INK_WIDTH_PT = {".": 2.36, ",": 2.36, "[": 2.39, "]": 2.39, "-": 6.61, "+": 6.61}  # any other character: a digit's 4.25
INK_FROM, INK_TO = 1.5 * PT, 9.5 * PT  # a label's ink, off its wire
GATE_RADIUS = 0.45 + 0.4 * PT  # grgate: minimum size 9 mm, a thick line
WIDE_HALF_HEIGHT = 0.4  # grwide, grstage: minimum size 8 mm
SMALL_CHAR = 0.19  # a \small letter or sign, about (cm)
SLACK = 0.01  # cm: a wire grazing a box's edge is not through it

CASE4 = """kind = "graph"
title = "Review case 4: fan-out through sigmoid, tanh and a root"
inputs = { x = 0.7, y = -1.3, z = 0.25 }
stages = ["p = x*y", "q = p + x", "r = sigmoid(q)", "s = tanh(x - z)", "f = r*s + sqrt(y*y + 1) + max(x, z)"]
"""

# more fan-outs: a value to five gates with long crossing wires; three values to three gates each;
# a value feeding gates two and three columns on
FAN_OUT_OF_FIVE = {"kind": "graph", "inputs": {"a": 0.5, "b": -1.2, "c": 2.0, "d": 0.3},
                   "stages": ["u = a*b", "v = a + c", "w = exp(a*d)", "k = tanh(a - b)", "m = max(a, c)",
                              "f = u*v + w + k*m + c*d"]}
THREE_BY_THREE = {"kind": "graph", "inputs": {"x": 0.9, "y": -0.6, "z": 1.4},
                  "stages": ["a = x*y", "b = y*z", "c = x + z", "d = sigmoid(a + b)", "e = tanh(c*x)",
                             "f = d*e + y*c + z*a"]}
LONG_WIRES = {"kind": "graph", "inputs": {"x": 1.2, "y": -0.4},
              "stages": ["a = x*y", "b = sigmoid(a)", "c = b*x", "d = tanh(c)", "e = d + x", "f = e*y + sqrt(x*x + 1)"]}


def _ink_cm(text: str) -> float:
    shown = re.sub(r"\\[A-Za-z]+|[{}^_ $]", "", text)
    return sum(INK_WIDTH_PT.get(c, 4.25) for c in shown) * PT


def _picture(tex: str) -> dict:
    """Nodes (centre, outline), coordinates, and wires (the names or points they pass, their labels)."""
    body = tex[tex.index(r"\begin{tikzpicture}"):tex.index(r"\end{tikzpicture}")]
    nodes, points = {}, {}
    for style, key, x, y, text in re.findall(r"\\node\[(gr\w+)\] \((\w+)\) at \(([-\d.]+),([-\d.]+)\) \{(.*)\};", body):
        centre = (float(x), float(y))
        if style in ("grgate", "grword"):  # (grword: a gate's circle with an operator's name, \tanh, smaller)
            outline = ("circle", GATE_RADIUS)
        elif style == "grinput":
            outline = ("box", len(re.sub(r"\\[A-Za-z]+|[{}^_$]", "", text)) * SMALL_CHAR / 2 + 2 * PT, 0.2)
        else:
            outline = ("box", max(0.4, len(re.sub(r"\\[A-Za-z]+|[{}^_ $]", "", text)) * SMALL_CHAR / 2 + 3 * PT),
                       WIDE_HALF_HEIGHT)
        nodes[key] = (centre, outline)
    for key, x, y in re.findall(r"\\coordinate \((\w+)\) at \(([-\d.]+),([-\d.]+)\);", body):
        points[key] = (float(x), float(y))
    wires = []
    for line in re.findall(r"\\draw(?:\[->\])? (\(.*);", body):
        labels = [(style, float(pos) if pos else 0.5, text)
                  for style, pos, text in re.findall(r"node\[(grvalue|grgradient)(?:,pos=([\d.]+))?\] \{\$(.*?)\$\}", line)]
        stops = re.findall(r"\((\w+|[-\d.]+,[-\d.]+)\)", re.sub(r"node\[[^]]*\] \{\$.*?\$\}", "", line))
        wires.append({"stops": stops, "labels": labels})
    return {"nodes": nodes, "points": points, "wires": wires}


def _border(centre, towards, outline):
    dx, dy = towards[0] - centre[0], towards[1] - centre[1]
    length = math.hypot(dx, dy)
    if outline[0] == "circle":
        reach = outline[1]
    else:
        reach = min(outline[1] * length / abs(dx) if dx else math.inf, outline[2] * length / abs(dy) if dy else math.inf)
    return centre[0] + dx / length * reach, centre[1] + dy / length * reach


def _polyline(picture, stops) -> list:
    """A wire's points as TikZ draws them: from a node's border, not its centre."""
    def where(stop):
        if stop in picture["nodes"]:
            return picture["nodes"][stop][0]
        if stop in picture["points"]:
            return picture["points"][stop]
        return tuple(float(v) for v in stop.split(","))

    line = [where(s) for s in stops]
    if stops[0] in picture["nodes"]:
        line[0] = _border(line[0], line[1], picture["nodes"][stops[0]][1])
    if stops[-1] in picture["nodes"]:
        line[-1] = _border(line[-1], line[-2], picture["nodes"][stops[-1]][1])
    return line


def _label_boxes(picture) -> list:
    """(text, wire index, corner points) of every label's ink: turned with its segment, above or below it."""
    boxes = []
    for index, wire in enumerate(picture["wires"]):
        line = _polyline(picture, wire["stops"])
        (x1, y1), (x2, y2) = line[0], line[1]
        length = math.hypot(x2 - x1, y2 - y1)
        u = ((x2 - x1) / length, (y2 - y1) / length)
        n = (-u[1], u[0])  # above, for a wire drawn left to right
        for style, pos, text in wire["labels"]:
            at = (x1 + (x2 - x1) * pos, y1 + (y2 - y1) * pos)
            near, far = (INK_FROM, INK_TO) if style == "grvalue" else (-INK_TO, -INK_FROM)
            half = _ink_cm(text) / 2
            corners = [(at[0] + a * half * u[0] + b * n[0], at[1] + a * half * u[1] + b * n[1])
                       for a, b in ((-1, near), (1, near), (1, far), (-1, far))]
            boxes.append((text, index, corners))
    return boxes


def _inside(point, corners, slack=SLACK) -> bool:
    """Whether a point lies inside a convex quadrilateral, more than `slack` from its edges."""
    for (ax, ay), (bx, by) in zip(corners, corners[1:] + corners[:1]):
        edge = math.hypot(bx - ax, by - ay)
        if ((bx - ax) * (point[1] - ay) - (by - ay) * (point[0] - ax)) / edge < slack:
            return False
    return True


def _orient(corners):
    """Corners in counter-clockwise order (a label below its wire is listed clockwise)."""
    area = sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(corners, corners[1:] + corners[:1]))
    return corners if area > 0 else corners[::-1]


def crossings(tex: str) -> list:
    """(label, the wire through it) for every wire segment sampled every 0.01 cm inside a label's ink."""
    picture = _picture(tex)
    found = []
    lines = [_polyline(picture, w["stops"]) for w in picture["wires"]]
    for text, index, corners in _label_boxes(picture):
        corners = _orient(corners)
        for other, line in enumerate(lines):
            for k, (p, q) in enumerate(zip(line, line[1:])):
                if other == index and k == 0:
                    continue  # its own segment, which it sits beside
                steps = max(1, int(math.hypot(q[0] - p[0], q[1] - p[1]) / 0.01))
                if any(_inside((p[0] + (q[0] - p[0]) * s / steps, p[1] + (q[1] - p[1]) * s / steps), corners)
                       for s in range(steps + 1)):
                    found.append((text, " -- ".join(picture["wires"][other]["stops"])))
                    break
    return found


def clashes(tex: str) -> list:
    """Pairs of labels whose ink overlaps (separating axes of two convex quadrilaterals)."""
    boxes = _label_boxes(_picture(tex))

    def apart(a, b):
        for corners in (a, b):
            for (ax, ay), (bx, by) in zip(corners, corners[1:] + corners[:1]):
                axis = (ay - by, bx - ax)
                pa = [x * axis[0] + y * axis[1] for x, y in a]
                pb = [x * axis[0] + y * axis[1] for x, y in b]
                if max(pa) <= min(pb) or max(pb) <= min(pa):
                    return True
        return False

    return [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if not apart(a[2], b[2])]


def _tex(spec) -> str:
    solution = graph.solve(graph.loads(spec) if isinstance(spec, str) else graph.from_dict(spec))
    return graph.render("tex", solution)


def test_the_reviewers_fan_out_has_no_label_crossed_by_a_wire():
    tex = _tex(CASE4)
    assert len(_label_boxes(_picture(tex))) >= 30  # every label read
    assert crossings(tex) == []


def test_the_reviewers_fan_out_has_no_label_on_another():
    assert clashes(_tex(CASE4)) == []


@pytest.mark.parametrize("spec", [FAN_OUT_OF_FIVE, THREE_BY_THREE, LONG_WIRES], ids=["five", "three-by-three", "long"])
def test_other_fan_outs_have_their_labels_clear(spec):
    tex = _tex(spec)
    assert crossings(tex) == []
    assert clashes(tex) == []


def test_the_reading_of_the_drawing_finds_a_crossed_label():
    """The checks can fail: a gradient put back halfway on y's branch to p, which x's wires cross there."""
    tex = _tex(CASE4)
    halfway = re.sub(r"node\[grgradient,pos=[\d.]+\] \{\$\[0\.07302\]\$\}", "node[grgradient] {$[0.07302]$}", tex)
    assert halfway != tex
    assert "[0.07302]" in [label for label, _ in crossings(halfway)]


@pytest.mark.parametrize("name", ["graph-circuit", "graph-neuron"])
def test_drawings_that_were_clear_keep_their_labels_halfway(name):
    """Nothing crosses these labels at halfway: they stay there, the picture as before."""
    import symbp

    tex = symbp.derive(symbp.example(name)).to_latex()
    assert {pos for wire in _picture(tex)["wires"] for _, pos, _ in wire["labels"]} == {0.5}
    assert crossings(tex) == [] and clashes(tex) == []


def test_the_svg_puts_each_label_where_the_tikz_does():
    """The SVG (Jupyter) draws the same labels at the same `pos` along the same segment, turned with it."""
    solution = graph.solve(graph.loads(CASE4))
    picture = _picture(graph.render("tex", solution))
    root = ET.fromstring(graph_svg(solution))
    ns = "{http://www.w3.org/2000/svg}"
    polylines = [[tuple(map(float, p.split(","))) for p in line.get("points").split()]
                 for line in root.iter(ns + "polyline")]
    gradients = [t for t in root.iter(ns + "text") if t.get("class") == "gradient"]
    assert len(polylines) == len(picture["wires"]) == len(gradients)
    for wire, line, text in zip(picture["wires"], polylines, gradients):
        pos = next(p for style, p, _ in wire["labels"] if style == "grgradient")
        (x1, y1), (x2, y2) = line[0], line[1]
        turn = re.fullmatch(r"rotate\(([-\d.]+) ([-\d.]+) ([-\d.]+)\)", text.get("transform") or "rotate(0 0 0)")
        at = (float(turn.group(2)), float(turn.group(3))) if text.get("transform") else (float(text.get("x")), float(text.get("y")) - 15)
        along = ((at[0] - x1) * (x2 - x1) + (at[1] - y1) * (y2 - y1)) / ((x2 - x1) ** 2 + (y2 - y1) ** 2)
        assert along == pytest.approx(pos, abs=0.01), (wire, along)
        assert float(turn.group(1)) == pytest.approx(math.degrees(math.atan2(y2 - y1, x2 - x1)), abs=0.2)
