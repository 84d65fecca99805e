"""A network drawn as SVG, straight from its data (no TeX): for Moodle, PrairieLearn and Jupyter.

In:  the network context of a worked solution (`render.network.network_drawing`: layers with their
     neurons' bias and input, edges with their weights, `edge_labels`, `max_width`), its numbers
     printed in the text format ("−0.3").
Out: an SVG document (text).  Python lays the drawing out (where each neuron, edge and label goes);
templates/svg/network.svg.jinja draws it and holds every word shown ("input", "layer 1").
"""

from __future__ import annotations

from xml.sax.saxutils import escape

TEMPLATE = "svg/network.svg.jinja"
LAYER_GAP = 150  # px between layers
MARGIN = 60  # px left (input values) and right
TOP = 34  # px above the first neuron (bias labels)
BOTTOM = 44  # px below the last neuron (layer captions)


def _rows(max_width: int) -> tuple[int, int]:
    """(vertical gap between neurons, neuron radius): compact for wide layers."""
    return (70, 20) if max_width <= 6 else (34, 10)


def layout(network: dict) -> dict:
    """Coordinates of every neuron, edge and label of the drawing (px; y grows downwards)."""
    gap, radius = _rows(network["max_width"])
    height = TOP + (network["max_width"] - 1) * gap + BOTTOM + 2 * radius
    middle = TOP + radius + (network["max_width"] - 1) * gap / 2
    where = {}
    neurons = []
    for layer in network["layers"]:
        x = MARGIN + layer["l"] * LAYER_GAP
        for n in layer["neurons"]:
            y = middle + (n["j"] - (layer["width"] - 1) / 2) * gap
            where[(layer["l"], n["j"])] = (x, y)
            neurons.append({"x": x, "y": y, "l": layer["l"], "j": n["j"],
                            "bias": _text(n.get("bias")), "input": _text(n.get("input"))})
    edges = []
    for e in network["edges"]:
        (x1, y1), (x2, y2) = where[(e["l"] - 1, e["k"])], where[(e["l"], e["j"])]
        length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
        ux, uy = (x2 - x1) / length, (y2 - y1) / length  # edges end at the circles, not the centres
        at = e.get("label_at", 0.5)
        # wide layers: no weight labels (they would pile up; the givens list the matrices)
        weight = _text(e["weight"]) if network.get("edge_labels", True) and radius >= 20 else None
        edges.append({"x1": x1 + ux * radius, "y1": y1 + uy * radius, "x2": x2 - ux * radius, "y2": y2 - uy * radius,
                      "label_x": x1 + (x2 - x1) * at, "label_y": y1 + (y2 - y1) * at,
                      "weight": weight, "label_width": 7 * len(weight) + 6 if weight else 0})
    layers = [{"l": layer["l"], "x": MARGIN + layer["l"] * LAYER_GAP, "activation": _text(layer.get("activation"))}
              for layer in network["layers"]]
    width = 2 * MARGIN + (len(network["layers"]) - 1) * LAYER_GAP
    return {"width": width, "height": height, "radius": radius, "caption_y": height - 12,
            "small": radius < 20, "neurons": neurons, "edges": edges, "layers": layers}


def _text(value) -> str | None:
    return None if value is None else escape(str(value))


def network_svg(network: dict, templates_dir=None) -> str:
    """The drawing of a network as a standalone SVG document."""
    from .templates import render_template

    return render_template(TEMPLATE, templates_dir, drawing=layout(network))
