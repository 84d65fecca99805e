"""A network drawn as SVG, straight from its data (no TeX): for Moodle, PrairieLearn and Jupyter.

In:  the network context of a worked solution (`render.network.network_drawing`: layers with their
     neurons' bias and input, edges with their weights, `edge_labels`, `max_width`), its numbers
     printed in the text format ("−0.3").
Out: an SVG document (text).  Python lays the drawing out (where each neuron, edge and label goes);
templates/svg/network.svg.jinja draws it and holds every word shown ("input", "layer 1").
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from .network_labels import Frame, place_labels

TEMPLATE = "svg/network.svg.jinja"
LAYER_GAPS = (150, 190, 240)  # px between layers: the wider where the weight labels find no place in the narrower
MARGIN = 60  # px left (input values: more for a long one) and right
TOP = 34  # px above the first neuron (bias labels)
BOTTOM = 44  # px below the last neuron (layer captions)
PX_PER_CM = 96 / 2.54  # the SVG's px, for network_labels' places (in cm)
LABEL_HEIGHT = 15  # px: a weight label's white box
MAX_LABELLED_EDGES = 30  # more edges: no weight labels (the givens list the matrices; placing them is tried no longer)
GAPS = (70, 90, 115, 140)  # px between the neurons of a layer, tried in turn until every weight label has a place


def _rows(max_width: int) -> tuple[tuple[int, ...], int]:
    """(vertical gaps between neurons to try, neuron radius): compact for wide layers."""
    return (GAPS, 20) if max_width <= 6 else ((34,), 10)


def layout(network: dict) -> dict:
    """Coordinates of every neuron, edge and label of the drawing (px; y grows downwards).  Each
    weight label sits on its own edge, clear of every other edge, label, neuron and bias
    (`network_labels.place_labels`, as in the PDF's drawing); where no gap between neurons gives
    every label such a place, the drawing has no weight labels (the givens list the matrices)."""
    gaps, radius = _rows(network["max_width"])
    # (the SVG has room the PDF's page has not: it labels where the PDF prints the matrices beside)
    labelled = radius >= 20 and len(network["edges"]) <= MAX_LABELLED_EDGES
    weights = [_number(e["weight"], e.get("approx")) if labelled else None for e in network["edges"]]
    for across in LAYER_GAPS:
        for gap in gaps:
            drawing = _drawn(network, (across, gap), radius, weights)
            if drawing is not None:
                return drawing
    return _drawn(network, (LAYER_GAPS[0], gaps[0]), radius, [None] * len(weights))


def _label_width(weight: str | None) -> int:
    return 7 * len(weight) + 6 if weight else 0


def _box(x: float, y: float, width: float) -> tuple:
    """A label's white box (left, top, width, height) round its centre (x, y)."""
    return (x - width / 2, y - LABEL_HEIGHT / 2, width, LABEL_HEIGHT)


def _label_places(network: dict, where: dict, radius: int, weights: list, biases: list) -> list | None:
    """Each weight label's centre (px), or None where some label has no place clear of the rest
    (`biases`: the biases' boxes, which the labels keep clear of too)."""
    frame = Frame({key: (x / PX_PER_CM, -y / PX_PER_CM) for key, (x, y) in where.items()})
    obstacles = tuple((x / PX_PER_CM, -(y + h) / PX_PER_CM, (x + w) / PX_PER_CM, -y / PX_PER_CM) for x, y, w, h in biases)
    places = place_labels(frame, network["edges"], radius / PX_PER_CM, [_label_width(w) / PX_PER_CM for w in weights],
                          LABEL_HEIGHT / PX_PER_CM, obstacles)
    return None if places is None else [(float(x) * PX_PER_CM, -float(y) * PX_PER_CM) for x, y in places]


def _drawn(network: dict, gaps: tuple, radius: int, weights: list) -> dict | None:
    """The drawing with the layers `gaps` = (across, down) px apart, or None where some weight label
    has no place."""
    across, gap = gaps
    height = TOP + (network["max_width"] - 1) * gap + BOTTOM + 2 * radius
    middle = TOP + radius + (network["max_width"] - 1) * gap / 2
    left = max([MARGIN] + [radius + 10 + _label_width(_number(n.get("input"), n.get("input_approx"))) for n in network["layers"][0]["neurons"]])
    where = {}
    neurons = []
    for layer in network["layers"]:
        x = left + layer["l"] * across
        for n in layer["neurons"]:
            y = middle + (n["j"] - (layer["width"] - 1) / 2) * gap
            where[(layer["l"], n["j"])] = (x, y)
            bias = _number(n.get("bias"))  # (after "b = " or "b ≈ ": bias_approx)
            room = _box(x, y - radius - 9.5, _label_width(bias) + 28) if bias else None  # (the bias's text's)
            neurons.append({"x": x, "y": y, "l": layer["l"], "j": n["j"], "bias": bias, "input": _number(n.get("input"), n.get("input_approx")),
                            "bias_relation": "≈" if n.get("bias_approx") else "=",
                            "bias_box": room})
    places = [None] * len(weights)
    if any(weights):
        places = _label_places(network, where, radius, weights, [n["bias_box"] for n in neurons if n["bias_box"]])
        if places is None:
            return None
    edges = []
    for e, weight, place in zip(network["edges"], weights, places):
        (x1, y1), (x2, y2) = where[(e["l"] - 1, e["k"])], where[(e["l"], e["j"])]
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        ux, uy = (x2 - x1) / length, (y2 - y1) / length  # edges end at the circles, not the centres
        label_x, label_y = place or ((x1 + x2) / 2, (y1 + y2) / 2)
        edges.append({"x1": x1 + ux * radius, "y1": y1 + uy * radius, "x2": x2 - ux * radius, "y2": y2 - uy * radius,
                      "label_x": label_x, "label_y": label_y, "weight": weight, "label_width": _label_width(weight)})
    layers = [{"l": layer["l"], "x": left + layer["l"] * across, "activation": _text(layer.get("activation"))}
              for layer in network["layers"]]
    width = left + MARGIN + (len(network["layers"]) - 1) * across
    return {"width": width, "height": height, "radius": radius, "caption_y": height - 12,
            "small": radius < 20, "neurons": neurons, "edges": edges, "layers": layers}


def _text(value) -> str | None:
    return None if value is None else escape(str(value))


def _number(value, approx: bool = False) -> str | None:
    """A number as a label shows it: without the parentheses a formula puts round a negative one,
    "≈" before it where it is rounded (a given of more digits than shown, 1/3)."""
    text = None if value is None else str(value)
    if text and text.startswith("(") and text.endswith(")") and "(" not in text[1:-1]:
        text = text[1:-1]
    return _text(("≈" + text) if text and approx else text)


def network_svg(network: dict, templates_dir=None) -> str:
    """The drawing of a network as a standalone SVG document."""
    from .templates import render_template

    return render_template(TEMPLATE, templates_dir, drawing=layout(network))
