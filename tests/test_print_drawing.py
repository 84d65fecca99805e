"""The network drawing: every weight label on its own edge and clear of every other edge and
label, biases inside their neurons, and the layout chosen by size (labelled drawing, drawing
without numbers, block diagram).  Checked here from the coordinates the template receives, with
this test's own geometry (points sampled along the edges) and its own label sizes."""

from __future__ import annotations

import math

import pytest

from symbp.pipeline import derive_solution
from symbp.render.worked import solution_context
from symbp.resources import example_path
from symbp.spec import load_spec, parse_spec
from symbp.variants import draw_numbers, settings_from_spec

CHAR_CM = 0.15  # a digit of \scriptsize (8 pt) is 4 pt ≈ 0.14 cm; the minus sign is wider, "." narrower
LABEL_HEIGHT_CM = 0.22


def network_of(spec):
    solution, report = derive_solution(spec, symbolic=False)
    return solution_context(solution, report)["network"]


def drawn(architecture: str, seed: int = 0):
    spec = parse_spec(architecture, numbers_optional=True)
    return draw_numbers(spec, settings_from_spec(spec), __import__("random").Random(seed))


def label_box(edge):
    width = CHAR_CM * len(edge["weight"].replace("-", "--"))  # the minus sign counts double
    x, y = float(edge["label_x"]), float(edge["label_y"])
    return x - width / 2, y - LABEL_HEIGHT_CM / 2, x + width / 2, y + LABEL_HEIGHT_CM / 2


def segment(network, edge):
    where = {(layer["l"], n["j"]): (float(n["x"]), float(n["y"])) for layer in network["layers"] for n in layer["neurons"]}
    (x0, y0), (x1, y1) = where[tuple(edge["from"])], where[tuple(edge["to"])]
    r = float(network["node_size"]) / 2
    length = math.hypot(x1 - x0, y1 - y0)
    ux, uy = (x1 - x0) / length, (y1 - y0) / length
    return (x0 + r * ux, y0 + r * uy), (x1 - r * ux, y1 - r * uy)


def points(seg, n=400):
    (x0, y0), (x1, y1) = seg
    return [(x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n) for i in range(n + 1)]


def inside(point, box):
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


LABELLED = {
    "nn231": lambda: load_spec(example_path("nn231")),
    "mazur": lambda: load_spec(example_path("mazur")),
    "softmax3": lambda: load_spec(example_path("softmax3")),
    "2-2-2 drawn": lambda: drawn('layers = [2, 2, 2]\nloss = "half_sse"\nlearning_rate = 0.1\n', 3),
    "3-3-1 drawn": lambda: drawn('layers = [3, 3, 1]\nloss = "half_sse"\nlearning_rate = 0.1\n', 8),
}


@pytest.mark.parametrize("name", LABELLED)
def test_every_weight_sits_on_its_own_edge_clear_of_the_others(name):
    network = network_of(LABELLED[name]())
    assert network["mode"] == "labelled"
    edges = network["edges"]
    segments = [segment(network, e) for e in edges]
    boxes = [label_box(e) for e in edges]
    for i, (edge, box) in enumerate(zip(edges, boxes)):
        assert any(inside(p, box) for p in points(segments[i])), f"label {edge['weight']} is off its edge"
        for j, other in enumerate(segments):
            if j != i:
                hit = [p for p in points(other) if inside(p, box)]
                assert not hit, f"edge {edges[j]['weight']} runs through label {edge['weight']} ({name})"
        for j, other_box in enumerate(boxes[:i]):
            apart = box[2] < other_box[0] or other_box[2] < box[0] or box[3] < other_box[1] or other_box[3] < box[1]
            assert apart, f"labels {edge['weight']} and {edges[j]['weight']} overlap"


def test_the_reference_drawing_keeps_crossing_labels_apart():
    """nn231: "0.5" and "−0.4" used to sit on the crossing of their edges next to "0.2"."""
    network = network_of(load_spec(example_path("nn231")))
    by_weight = {e["weight"]: e for e in network["edges"]}
    crossing = segment(network, by_weight["-0.4"]), segment(network, by_weight["0.5"])
    (a, b), (c, d) = crossing
    # where the two edges cross (they do: a_1^0 -> a_0^1 rises, a_0^0 -> a_2^1 falls)
    denominator = (b[0] - a[0]) * (d[1] - c[1]) - (b[1] - a[1]) * (d[0] - c[0])
    t = ((c[0] - a[0]) * (d[1] - c[1]) - (c[1] - a[1]) * (d[0] - c[0])) / denominator
    cross = (a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]))
    for weight in ("-0.4", "0.5", "0.2"):
        box = label_box(by_weight[weight])
        assert math.hypot(cross[0] - (box[0] + box[2]) / 2, cross[1] - (box[1] + box[3]) / 2) > 0.3


def test_biases_are_inside_their_neurons_and_layer_labels_close():
    from symbp.render.templates import render_template

    network = network_of(load_spec(example_path("nn231")))
    tex = render_template("tex/network.tex.jinja", network=network)
    assert r"(n1-0) at (" in tex and r"\\[-1pt]{\scriptsize $b{=}{0.1}$}" in tex  # b_0^1 = 0.1 in a_0^1's node
    lowest = min(float(n["y"]) for layer in network["layers"] for n in layer["neurons"])
    label_y = float(network["layers"][0]["label_y"])
    assert 0 < lowest - label_y < float(network["node_size"]) / 2 + 0.8  # within 8 mm under the lowest neuron


@pytest.mark.parametrize("architecture, mode", [
    ('layers = [3, 5, 4, 2]\nactivation = "sigmoid"\nloss = "mse"\nlearning_rate = 0.5\n', "neurons"),
    ('layers = [4, 16, 16, 3]\nactivation = "tanh"\nloss = "half_sse"\nlearning_rate = 0.1\n', "blocks"),
    ('layers = [2] + [3] * 12\nloss = "half_sse"\nlearning_rate = 0.1\n'.replace("[2] + [3] * 12", str([2] + [3] * 12)), "blocks"),
])
def test_bigger_networks_are_drawn_without_numbers_and_give_matrices(architecture, mode):
    network = network_of(drawn(architecture))
    assert network["mode"] == mode
    assert network["matrices_beside"]
    pieces = [piece for line in network["matrices"] for piece in line]
    weights = {piece["l"] for piece in pieces if piece["kind"] == "W"}
    assert weights == set(range(1, len(network["layers"])))
    for line in network["matrices"]:  # every W^l row of every column block, each entry printed
        for piece in line:
            assert all(len(row) == len(piece["rows"][0]) for row in piece["rows"])
