"""The graph's TikZ drawing leaves room for its labels: between the borders of two gates a wire
is at least as long as its wider label (value above, [gradient] below) plus a margin each side,
so that no label runs through or touches a gate (the reviewer's "[0.000006144]" and "[−0.1966]"
at the gates +, −, exp).  Widths estimated here from the template's styles: a \\scriptsize
character at most 0.12 cm, a gate's circle 9 mm."""

from __future__ import annotations

import re

import pytest

from symbp import graph
from symbp.graph.worked import drawing_data

from helpers import REPO

CHAR_CM = 0.12
GATE_CM = 0.9
MARGIN_CM = 0.15


def _chars(text) -> int:
    return len(re.sub(r"\\[A-Za-z]+|[{}^_]", "", text or ""))


def _spec(inputs: str):
    text = (REPO / "examples" / "graph-neuron.toml").read_text()
    return graph.loads(re.sub(r"^inputs = .*$", f"inputs = {inputs}", text, flags=re.M))


@pytest.mark.parametrize("inputs", ["{ w0 = 2, x0 = -1, w1 = -3, x1 = -2, w2 = -3 }",   # the example
                                    "{ w0 = 2, x0 = 5, w1 = -3, x1 = -2, w2 = -6 }"])  # s = 10: 0.00004540
def test_wires_between_gates_are_longer_than_their_labels(inputs):
    solution = graph.solve(_spec(inputs))
    data = drawing_data(solution, "tex")
    at = {n["key"]: n for n in data["nodes"]}
    checked = 0
    for wire in data["wires"]:
        start, end = at.get(wire["start"]), at.get(wire["end"])
        if start is None or end is None or start["is_input"] or wire["via"] or start["y"] != end["y"]:
            continue  # gate to gate, straight: the wires the labels crowded
        label = max(_chars(wire["value"]), _chars(wire["gradient"]) + 2) * CHAR_CM
        free = end["x"] - start["x"] - GATE_CM  # between the borders (a wide gate is wider still)
        assert free >= label + 2 * MARGIN_CM, (wire, free, label)
        checked += 1
    assert checked >= 4
    output = data["output"]
    last = at[output["start"]]
    assert output["x"] - last["x"] - GATE_CM / 2 >= max(_chars(output["value"]), _chars(output["gradient"]) + 2) * CHAR_CM


def test_labels_sit_halfway_along_their_wire():
    template = (REPO / "templates" / "tex" / "graph-drawing.tex.jinja").read_text()
    assert "above,sloped,pos=0.5" in template and "below,sloped,pos=0.5" in template


FAN_OUT_OF_FOUR = {"kind": "graph", "inputs": {"x": 2, "y": -3, "w": -4},
                   "stages": ["u = x*y", "v = x*x", "p = sigmoid(x + w)", "q = tanh(x*0.5)", "f = u + v*p + q*w"]}


def _label_boxes(data) -> list:
    """Every label as a box on the page, from the drawing's own geometry (points in cm; the compiled
    PDF of FAN_OUT_OF_FOUR was looked at: the boxes are where the labels print)."""
    from symbp.graph.drawing import LABEL_CHAR_CM, LABEL_HEIGHT_CM, LABEL_OFFSET_CM, LABEL_PAD_CM, _half_cm, _visible

    at = {n["key"]: (n["x"], n["y"]) for n in data["nodes"]} | {j["key"]: (j["x"], j["y"]) for j in data["junctions"]}
    half = {n["key"]: _half_cm(n) for n in data["nodes"]}
    boxes = []
    for wire in data["wires"]:
        start = at[wire["start"]]
        end = (wire["via"][0]["x"], wire["via"][0]["y"]) if wire["via"] else at[wire["end"]]
        length = ((end[0] - start[0]) ** 2 + (end[1] - start[1]) ** 2) ** 0.5
        u = ((end[0] - start[0]) / length, (end[1] - start[1]) / length)
        trim_end = 0.0 if wire["via"] else half.get(wire["end"], 0.0)
        along = half.get(wire["start"], 0.0) + wire.get("pos", 0.5) * (length - half.get(wire["start"], 0.0) - trim_end)
        for text, side in ((wire["value"], 1), (wire["gradient"] and f"[{wire['gradient']}]", -1)):
            if text:
                centre = (start[0] + u[0] * along - side * LABEL_OFFSET_CM * u[1], start[1] + u[1] * along + side * LABEL_OFFSET_CM * u[0])
                boxes.append((text, centre, u, _visible(text) * LABEL_CHAR_CM / 2 + LABEL_PAD_CM, LABEL_HEIGHT_CM / 2))
    return boxes


# the README-only new user's (stop 48): no place along x's wire to c.1 is clear of every wire, and the
# fallback, halfway, put "[0.2700]" on y's "[1.5]"
FAN_OUT_CROSSING = {"kind": "graph", "inputs": {"x": 1.5, "y": 0.5, "z": 0.2},
                    "stages": ["a = x * x", "b = x * y", "c = exp(x * z)", "d = max(x, y)", "f = a + b + c + d"]}


@pytest.mark.parametrize("spec", [FAN_OUT_OF_FOUR, FAN_OUT_CROSSING])
def test_labels_of_crossing_fan_outs_do_not_sit_on_each_other(spec):
    """x feeds four gates and w two: the wires cross, and the key printed "[−0.8399]" over "[0.4200]"
    (an instructor persona's MEDIUM, stop 48).  A label now moves along its wire to the first place clear
    of the others (halfway where that is clear); where none is clear of everything, to the one that
    meets fewest labels (a label may cross a wire, not sit on another label)."""
    from symbp.graph.drawing import _overlap

    data = drawing_data(graph.solve(graph.from_dict(spec)), "tex")
    boxes = _label_boxes(data)
    assert len(boxes) >= 15
    clashes = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if _overlap(a[1:], b[1:])]
    assert clashes == []
    assert sum(w.get("pos", 0.5) != 0.5 for w in data["wires"]) <= 3  # most stay halfway


def test_the_caption_says_where_a_fanned_out_value_is_written():
    """A value feeding several gates is written once, before its wire branches, with the branches' summed
    gradient; the branches carry no value: the caption said "Above each wire the value it carries forward"
    (this stop's new user looked for the values on the branches).  Said where there is such a value only."""
    import symbp
    from symbp.i18n import get

    for code in ("en", "de", "fr"):
        sentence = get(code).message("graph.drawing_caption_fan_out")
        fanned = symbp.derive(symbp.spec_from_dict(FAN_OUT_CROSSING), locale=code).to_latex()
        assert sentence in fanned, code
        assert sentence not in symbp.derive(symbp.example("graph-neuron"), locale=code).to_latex()


def test_a_value_fanning_out_to_several_gates_lists_them_as_a_sentence_does():
    """"x fans out to a and b and c.1 and d" (German "p und q und r und f.3", this stop's new user): a list
    reads "a, b, c.1 and d" — in every output format and language."""
    import re

    import symbp
    from symbp.i18n import get

    for code in ("en", "de", "fr"):
        words = get(code)
        comma, conjunction = words.message("punctuation.list_comma"), words.message("task.and")
        derived = symbp.derive(symbp.spec_from_dict(FAN_OUT_CROSSING), locale=code)
        for text in (derived.to_text(), derived.to_markdown(), derived.to_latex()):
            plain = re.sub(r"\$", "", text)
            assert f"a{comma}b{comma}c.1{conjunction}d" in plain, (code, plain[:300])
