"""The network drawing: a spec's layers and numbers -> where every neuron, edge and label goes.

`network_drawing(solution, lines)` returns the data of tex/network.tex.jinja (and of the
worksheet's givens).  The layout is decided from measured widths (label widths estimated from
the font's character widths, positions in cm), never from a neuron count:

    labelled  neurons and edges; each weight sits on its own edge where no other edge, label or
              neuron comes near it; each bias inside its neuron; used when every label finds
              such a place in a drawing that fits the text width and a third of a page
    neurons   neurons and edges without numbers, the weights printed beside as matrices; used
              when labels do not fit but the edges stay apart (at most EDGES_PER_CM lines per cm
              where they cross between two layers)
    blocks    a block diagram (one box per layer), the weights printed beside as matrices

Stages: where neurons and labels go (render/network_labels.py), W^l and b^l packed into displays
that fit the text width (render/network_matrices.py: `matrix_lines`, beside a drawing without
numbers and in a worksheet's givens), and here the drawing's data and its mode.
"""

from __future__ import annotations

import math

from .. import names
from ..activations import ACTIVATIONS
from .measure import PT_CM, TEXT_WIDTH_CM, text_width_cm
from .network_labels import Frame, cm, edge_density, frame_of, place_labels
from .network_matrices import given_text, layer_givens, matrix_lines

DRAWING_WIDTH_CM = 14.5  # from the first to the last layer's centre (input values and labels outside)
DRAWING_HEIGHT_CM = 9.0  # the tallest labelled drawing: about a third of the text height
NEURONS_HEIGHT_CM = 12.0
LABEL_PT = 8.0  # \scriptsize: weights and biases
NAME_PT = 9.0  # \footnotesize: neurons' names and layers' labels
EDGES_PER_CM = 5.0  # denser edges print as a grey area: then a block diagram


# --- the drawing -------------------------------------------------------------------------------

def network_drawing(solution, lines) -> dict:
    """The drawing's data; `lines` prints numbers (`number`) and quantity names (`symbol`)."""
    spec = solution.spec
    widths = spec.widths
    givens = layer_givens(spec, lines)
    layers = []
    for l, width in enumerate(widths):
        layer_spec = spec.layers[l - 1] if l else None
        biases = givens[l - 1][1] if l else None
        layers.append({
            "l": l, "width": width,
            "activation": ACTIVATIONS[layer_spec.activation].text if layer_spec else None,
            "activation_tex": ACTIVATIONS[layer_spec.activation].latex if layer_spec else None,
            "neurons": [{
                "j": j,
                "label": lines.symbol(names.name("a", l, (j,))),
                "bias": biases[j]["text"] if biases else None,
                "bias_approx": bool(biases and biases[j].get("approx")),  # (the SVG's "b ≈ …")
                **_input(lines, spec, l, j),
            } for j in range(width)],
        })
    edges = [{"l": l, "j": j, "k": k, "weight": w["text"], "approx": bool(w.get("approx")), "from": (l - 1, k), "to": (l, j)}
             for l, (weights, _) in enumerate(givens, start=1) for j, row in enumerate(weights)
             for k, w in enumerate(row)]
    drawing = {"layers": layers, "edges": edges, "max_width": max(widths), "matrices_beside": True,
               "matrices": matrix_lines(spec, lines, givens)}
    dx = min(4.2, DRAWING_WIDTH_CM / (len(widths) - 1))
    layout = _labelled(layers, edges, dx)
    if layout is None:
        layout = _neurons(layers, edges, dx)
    if layout is None:
        layout = _blocks(layers)
    drawing.update(layout)
    drawing["edge_labels"] = drawing["mode"] == "labelled"
    return drawing


def _input(lines, spec, l: int, j: int) -> dict:
    """An input neuron's value as drawn beside it ("input"; "input_approx": a rounded given, ≈0.6667)."""
    if l or spec.batch:
        return {"input": None, "input_approx": False}
    given = given_text(lines, names.name("a", 0, (j,)), spec.inputs[0][j])
    return {"input": given["text"], "input_approx": bool(given.get("approx"))}


def _neuron_text(neuron) -> tuple[float, float]:
    """Width and height (cm) of a neuron's text: its name, and its bias below it."""
    name = text_width_cm(neuron["label"], NAME_PT)
    if neuron["bias"] is None:
        return name, 0.35
    return max(name, text_width_cm("b=" + neuron["bias"], LABEL_PT)), 0.7


def _coordinates(layers, edges, frame: Frame, radius: float, positions=None) -> None:
    """The texts of the neurons', layers' labels' and edges' coordinates; `positions`: the weight labels'
    (their texts, `place_labels`).  The layers' labels' are kept by the frame, per radius and activations."""
    centres = frame.centres
    xy = iter(frame.xy)
    for layer in layers:
        for n in layer["neurons"]:
            n["x"], n["y"] = next(xy)
    key = (radius, tuple([layer["activation_tex"] for layer in layers]))
    labels = frame.layer_labels.get(key)
    if labels is None:
        if len(frame.layer_labels) >= 256:
            frame.layer_labels.clear()
        dx = centres[(1, 0)][0] - centres[(0, 0)][0]
        split = any(text_width_cm(f"layer {layer['l']}: {layer['activation_tex']}", NAME_PT) > dx - 0.3
                    for layer in layers[1:])  # name and activation on two lines
        bottom = cm(frame.bottom - radius - (0.6 if split else 0.4))
        labels = frame.layer_labels[key] = [(frame.xy[_first_neuron(layers, layer["l"])][0], bottom, split)
                                            for layer in layers]
    for layer, (x, y, split) in zip(layers, labels):
        layer["label_x"], layer["label_y"], layer["label_split"] = x, y, split
    if frame.edge_names is None:
        frame.edge_names = [(f"n{e['from'][0]}-{e['from'][1]}", f"n{e['to'][0]}-{e['to'][1]}") for e in edges]
    for e, (from_name, to_name) in zip(edges, frame.edge_names):
        e["from_name"], e["to_name"] = from_name, to_name
    if positions is not None:
        for e, (x, y) in zip(edges, positions):
            e["label_x"], e["label_y"] = x, y


def _first_neuron(layers, l: int) -> int:
    """The index of layer l's first neuron among all the drawing's neurons (in the frame's order)."""
    return sum(layer["width"] for layer in layers[:l])


APPROX = "{\\approx}"  # before a weight label that is a rounded given (tex/network-drawing.jinja: "≈0.6667")


def _labelled(layers, edges, dx: float) -> dict | None:
    if dx < 2.4:
        return None
    texts = [_neuron_text(n) for layer in layers for n in layer["neurons"]]
    diameter = max(0.9, max(math.hypot(w + 0.12, h + 0.08) for w, h in texts))
    label_height = (LABEL_PT * 0.75 + 1.2) * PT_CM  # digits' height and depth, plus the fill's margin
    label_widths = [width + 2 * PT_CM for width in [text_width_cm(APPROX * e["approx"] + e["weight"], LABEL_PT)
                                                     for e in edges]]

    tallest = max(layer["width"] for layer in layers)
    for dy in (diameter + 0.5, diameter + 0.8, diameter + 1.1, diameter + 1.5):
        if (tallest - 1) * dy + diameter > DRAWING_HEIGHT_CM:
            break
        frame = frame_of(layers, dx, dy)
        positions = place_labels(frame, edges, diameter / 2, label_widths, label_height)
        if positions is not None:
            _coordinates(layers, edges, frame, diameter / 2, positions)
            return {"mode": "labelled", "node_size": cm(diameter), "matrices_beside": False}
    return None


def _neurons(layers, edges, dx: float) -> dict | None:
    widths = [layer["width"] for layer in layers]
    dy = min(1.2, NEURONS_HEIGHT_CM / max(max(widths) - 1, 1))
    diameter = max(text_width_cm(n["label"], NAME_PT) for layer in layers for n in layer["neurons"]) + 0.15
    if dx < 1.5 or dy < diameter + 0.15 or edge_density(widths, dy) > EDGES_PER_CM:
        return None
    _coordinates(layers, edges, frame_of(layers, dx, dy), diameter / 2)
    return {"mode": "neurons", "node_size": cm(diameter)}


BLOCK_WIDTH_CM, BLOCK_GAP_CM, BLOCK_ROW_CM = 2.1, 1.2, 2.4


def _blocks(layers) -> dict:
    """One box per layer, left to right, in rows that fit the text width."""
    per_row = max(1, int((TEXT_WIDTH_CM - 1.0 + BLOCK_GAP_CM) // (BLOCK_WIDTH_CM + BLOCK_GAP_CM)))
    blocks = []
    for i, layer in enumerate(layers):
        row, col = divmod(i, per_row)
        blocks.append({"l": layer["l"], "width": layer["width"], "activation_tex": layer["activation_tex"],
                       "x": cm(col * (BLOCK_WIDTH_CM + BLOCK_GAP_CM)), "y": cm(-row * BLOCK_ROW_CM),
                       "new_row": i > 0 and col == 0})
    return {"mode": "blocks", "blocks": blocks, "block_width": cm(BLOCK_WIDTH_CM)}


DRAWING = "tex/network-drawing.jinja"  # the picture's macro (`picture`), which tex/network.tex.jinja prints


def with_picture(network: dict, picture) -> dict:
    """The drawing with its picture's text made (`picture`: the macro of DRAWING), which
    tex/network.tex.jinja prints as it is: a worksheet prints a variant's drawing twice, in the
    worked solution and in the givens (worksheet.variant_context), from one rendering."""
    return {**network, "picture": picture(network)}


def givens_drawing(network: dict) -> dict:
    """A variant's drawing as its sheet's givens print it: no matrices beside (the givens print
    them after the given numbers)."""
    return network if not network["matrices_beside"] else dict(network, matrices_beside=False)
