"""The SVG drawing of a network (Moodle, PrairieLearn, Jupyter) puts each weight on its own edge,
where no other edge, label, neuron or bias covers it: a label at an edge's middle, where edges
cross, showed another edge's weight (nn231's w^1_01 = −0.4 hidden under −0.3, a 3-4-2 exam's
w^2_01 = −0.9 read as −0.8).  Read back from the SVG's own coordinates, by this test's geometry."""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET

import pytest

import symbp

NS = "{http://www.w3.org/2000/svg}"


def _spec(widths, rng) -> str:
    def number():
        return rng.choice(["0.1", "-0.2", "0.35", "-0.85", "1.25", "-0.05", "2", "-1.5", "0.125", "-0.375"])

    lines = [f"layers = {list(widths)}", 'activation = "tanh"', 'loss = "half_sse"', "learning_rate = 0.1",
             f"input = [{', '.join(number() for _ in range(widths[0]))}]",
             f"target = [{', '.join(number() for _ in range(widths[-1]))}]"]
    for before, width in zip(widths, widths[1:]):
        rows = ", ".join("[" + ", ".join(number() for _ in range(before)) + "]" for _ in range(width))
        lines += ["[[layer]]", f"weights = [{rows}]", f"biases = [{', '.join(number() for _ in range(width))}]"]
    return "\n".join(lines) + "\n"


def _weights(text: str) -> list[str]:
    """The weights in the drawing's order of edges: layer by layer, row j, column k."""
    import tomllib

    return [w for layer in tomllib.loads(text)["layer"] for row in layer["weights"] for w in row]


def _parts(svg: str):
    root = ET.fromstring(svg)
    elements = list(root)
    lines = [e for e in elements if e.tag == NS + "line" and e.get("class") == "edge"]
    labels, biases = [], []
    for before, element in zip(elements, elements[1:]):
        if element.tag == NS + "text" and element.get("class") == "weight":
            assert before.tag == NS + "rect", "every weight label has its white box"
            box = (float(before.get("x")), float(before.get("y")),
                   float(before.get("x")) + float(before.get("width")), float(before.get("y")) + float(before.get("height")))
            labels.append((element.text, float(element.get("x")), float(element.get("y")) - 4, box))
        elif element.tag == NS + "text" and element.get("class") == "bias":  # its text's room: 7 px a character
            assert element.get("paint-order") == "stroke" and element.get("stroke") == "white"  # a halo, not a box
            x, y, width = float(element.get("x")), float(element.get("y")) - 4.5, 7 * len(element.text) + 6
            biases.append((element.text, x, y, (x - width / 2, y - 7.5, x + width / 2, y + 7.5)))
    circles = [(float(c.get("cx")), float(c.get("cy")), float(c.get("r"))) for c in root.iter(NS + "circle")]
    segments = [((float(l.get("x1")), float(l.get("y1"))), (float(l.get("x2")), float(l.get("y2")))) for l in lines]
    return segments, labels, biases, circles


def _distance_to_line(point, segment) -> float:
    (x1, y1), (x2, y2) = segment
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    return abs((x2 - x1) * (y1 - point[1]) - (x1 - point[0]) * (y2 - y1)) / length


def _crosses(segment, box) -> bool:
    (x1, y1), (x2, y2) = segment
    return any(box[0] < x1 + (x2 - x1) * t / 400 < box[2] and box[1] < y1 + (y2 - y1) * t / 400 < box[3]
               for t in range(401))


def _apart(a, b) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def _from_text(number: str) -> float:
    return float(number.replace("−", "-"))


def _check_drawing(text: str) -> int:
    svg = symbp.load(text)._repr_mimebundle_()["image/svg+xml"]
    segments, labels, biases, circles = _parts(svg)
    if not labels:
        return 0
    weights = _weights(text)
    assert len(labels) == len(segments) == len(weights)
    for i, ((shown, x, y, box), segment, weight) in enumerate(zip(labels, segments, weights)):
        assert _from_text(shown) == float(weight), (i, shown, weight)  # the i-th edge's own weight
        assert _distance_to_line((x, y), segment) < 1.0, (i, shown)  # on its own edge
        for o, other in enumerate(segments):
            assert o == i or not _crosses(other, box), (shown, "crossed by edge", o)
        for o, (_, _, _, other) in enumerate(labels):
            assert o == i or _apart(box, other), (shown, labels[o][0])
        for _, _, _, bias in biases:
            assert _apart(box, bias), (shown, "on a bias")
        for cx, cy, r in circles:
            nearest = (min(max(cx, box[0]), box[2]), min(max(cy, box[1]), box[3]))
            assert (nearest[0] - cx) ** 2 + (nearest[1] - cy) ** 2 > r * r, (shown, "on a neuron")
    assert not any(shown.startswith("(") for shown, *_ in labels + biases)  # −0.3, not (−0.3)
    for element in ET.fromstring(svg).iter(NS + "text"):
        if element.get("class") == "input":  # right-aligned at x: inside the picture
            assert float(element.get("x")) >= 7 * len(element.text), element.text
    return len(labels)


@pytest.mark.parametrize("name", ["nn231", "softmax3", "mazur", "batch3", "momentum2", "nobias", "steps3"])
def test_each_weight_of_an_example_shows_on_its_own_edge(name):
    from symbp.resources import example_path

    text = example_path(name).read_text(encoding="utf-8")
    assert _check_drawing(text) > 0


def test_each_weight_of_random_networks_shows_on_its_own_edge():
    rng = random.Random(53)
    labelled = 0
    for _ in range(30):
        widths = [rng.randint(1, 5) for _ in range(rng.randint(2, 4))]
        labelled += _check_drawing(_spec(widths, rng)) > 0
    assert labelled >= 20  # (22 of these 30; the rest: more than 30 edges, or no place for every label)


def test_a_long_input_value_stays_inside_the_picture():
    from symbp.resources import example_path

    text = example_path("nn231").read_text(encoding="utf-8").replace("input = [1, 2]", "input = [-0.125, -12.25]")
    assert _check_drawing(text) == 9


def test_nn231s_weights_hidden_at_the_crossing_now_show():
    from symbp.resources import example_path

    svg = symbp.load(example_path("nn231").read_text(encoding="utf-8"))._repr_mimebundle_()["image/svg+xml"]
    shown = sorted(label[0] for label in _parts(svg)[1])
    assert shown == sorted(["0.2", "−0.4", "−0.3", "0.8", "0.5", "0.7", "−0.6", "0.9", "−0.3"])


def test_a_rounded_given_is_drawn_with_approx():
    """A bias of 1/3 is drawn "b ≈ −0.3333", a weight that does not terminate "≈0.6667": "=" only where exact."""
    from symbp.resources import example_path

    text = example_path("nn231").read_text(encoding="utf-8").replace("biases = [0.1, -0.2, -0.1]", 'biases = [0.1, "-1/3", -0.1]')
    text = text.replace("[[0.2, -0.4], [-0.3, 0.8], [0.5, 0.7]]", '[[0.2, -0.4], [-0.3, 0.8], [0.5, "2/3"]]')
    svg = ET.fromstring(symbp.load(text)._repr_mimebundle_()["image/svg+xml"])
    texts = [t.text for t in svg.iter(NS + "text") if t.get("class") in ("bias", "weight")]
    assert "b ≈ −0.3333" in texts and "b = 0.1" in texts and "≈0.6667" in texts and "0.2" in texts, texts
