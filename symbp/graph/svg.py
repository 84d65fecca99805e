"""A computational graph drawn as SVG, straight from its data (no TeX): for Jupyter.

In:  a verified GraphSolution; the drawing's data from `worked.drawing_data` (positions in cm from
     drawing.py, numbers and symbols printed in the text format).
Out: an SVG document (text).  Python places every node, wire and label in px; the template
     templates/svg/graph.svg.jinja draws them and holds every word shown.  As in the LaTeX
     drawing: each wire carries its value above and, in brackets, the gradient below, turned with
     the wire, where drawing.py placed them along it (`pos`).
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

TEMPLATE = "svg/graph.svg.jinja"
PX_PER_CM = 58
MARGIN = 34  # px around the drawing
CAPTION = 30  # px below it for the legend
RADIUS = 17  # px: a gate's circle
CHAR_PX = 7.4  # px: the width of a character at 13 px (estimated)
CAPTION_PX = 660  # px: the legend's width at 12 px
LABEL_AT = 0.5  # of the visible part of a wire's first segment, unless drawing.py moved its labels (`pos`)


def _extent(node) -> tuple[float, float]:
    """Half width and half height of a node's shape (px)."""
    if node["shape"] == "input":
        return CHAR_PX * len(node["text"]) / 2 + 4, 10
    if node["shape"] == "circle":
        return RADIUS, RADIUS
    return max(RADIUS, CHAR_PX * len(node["text"]) / 2 + 9), RADIUS - 2


def _trim(point, towards, extent) -> tuple[float, float]:
    """Where the segment from `point` (a node's centre) to `towards` leaves the node's shape."""
    hw, hh = extent
    dx, dy = towards[0] - point[0], towards[1] - point[1]
    length = math.hypot(dx, dy)
    if length == 0 or (hw == 0 and hh == 0):
        return point
    t = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
    return point[0] + dx * min(t, 0.45), point[1] + dy * min(t, 0.45)


def layout(data: dict) -> dict:
    xs = [n["x"] for n in data["nodes"]] + [data["output"]["x"]]
    ys = [n["y"] for n in data["nodes"]] + [p["y"] for w in data["wires"] for p in w["via"]]  # a wire may bend above every node
    top = max(ys)

    def px(p):
        return (MARGIN + 20 + (p["x"] - min(xs)) * PX_PER_CM, MARGIN + (top - p["y"]) * PX_PER_CM)

    nodes, where = [], {}
    for n in data["nodes"]:
        shape = "input" if n["is_input"] else ("box" if n["box"] or n["wide"] else "circle")
        text = n["symbol"] if n["is_input"] or n["box"] else n["sign"]
        node = {"shape": shape, "text": escape(text), "name": None if n["is_input"] or n["box"] else escape(n["symbol"])}
        node["x"], node["y"] = px(n)
        node["hw"], node["hh"] = _extent({"shape": shape, "text": text})
        nodes.append(node)
        where[n["key"]] = node
    for j in data["junctions"]:
        where[j["key"]] = {"shape": "junction", "hw": 0, "hh": 0, "x": px(j)[0], "y": px(j)[1]}
    out = data["output"]
    end = {"shape": "junction", "hw": 0, "hh": 0, "x": px(out)[0], "y": px(out)[1]}
    wires = [_wire(where[w["start"]], [px(p) for p in w["via"]], where[w["end"]], w["value"], w["gradient"], w["arrow"],
                   w.get("pos", LABEL_AT)) for w in data["wires"]]
    wires.append(_wire(where[out["start"]], [], end, out["value"], out["gradient"], True, at=0.5))
    width = max(end["x"] + CHAR_PX * len(out["symbol"]) + 8 + MARGIN, CAPTION_PX)
    height = MARGIN * 2 + (top - min(ys)) * PX_PER_CM + CAPTION
    return {"width": round(width, 1), "height": round(height, 1), "nodes": nodes, "wires": wires,
            "junctions": [where[j["key"]] for j in data["junctions"]], "radius": RADIUS,
            "output": {"x": end["x"] + 4, "y": end["y"], "symbol": escape(out["symbol"])},
            "caption_y": round(height - 12, 1)}


def _wire(start, via, end, value, gradient, arrow, at: float = LABEL_AT) -> dict:
    points = [(start["x"], start["y"]), *via, (end["x"], end["y"])]
    points[0] = _trim(points[0], points[1], (start["hw"], start["hh"]))
    points[-1] = _trim(points[-1], points[-2], (end["hw"] + (2 if arrow else 0), end["hh"] + (2 if arrow else 0)))
    (x1, y1), (x2, y2) = points[0], points[1]
    lx, ly = x1 + (x2 - x1) * at, y1 + (y2 - y1) * at
    return {"points": " ".join(f"{x:.1f},{y:.1f}" for x, y in points), "arrow": arrow,
            "value": escape(value) if value else None, "gradient": escape(f"[{gradient}]"),
            "label_x": round(lx, 1), "label_y": round(ly, 1),
            "angle": round(math.degrees(math.atan2(y2 - y1, x2 - x1)), 1)}  # the labels turn with the wire, as TikZ's `sloped`


def graph_svg(solution, digits: int = 4, templates_dir=None) -> str:
    """The graph of a verified solution as a standalone SVG document."""
    from ..render.templates import render_template
    from .worked import drawing_data

    return render_template(TEMPLATE, templates_dir, drawing=layout(drawing_data(solution, "text", digits)),
                           output=escape(solution.spec.output))
