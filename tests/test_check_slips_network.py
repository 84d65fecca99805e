"""Slips of the forward and backward pass that `check` names (network_slips.py): the activation
applied twice or to the layer's input, a batch's gradients summed instead of averaged, half the
squared error averaged over the outputs, and the weight gradient's indices swapped.

The students here work by hand in floats (independently of symbp's engine), write 4 significant
digits and go on with what they wrote; one of them makes the slip.  The slip must be named, in the
text report and in JSON, and what follows from it must be carried; the same student without the
slip gets no slip named at all.
"""
from __future__ import annotations

import json
import math
from fractions import Fraction

import pytest

from habit_student import text
from helpers import REPO, cli_runner
from symbp.cli import main

SIGMOID_221 = """layers = [2, 2, 2]
activation = "sigmoid"
loss = "half_sse"
learning_rate = 0.5
input = [0.5, -1]
target = [0.8, 0.1]
[[layer]]
weights = [[0.4, 0.3], [-0.2, 0.6]]
biases = [0.1, -0.1]
[[layer]]
weights = [[0.7, -0.5], [0.3, 0.9]]
biases = [0.2, -0.4]
"""
W = [[[0.4, 0.3], [-0.2, 0.6]], [[0.7, -0.5], [0.3, 0.9]]]
B = [[0.1, -0.1], [0.2, -0.4]]
X, Y, ALPHA = [0.5, -1.0], [0.8, 0.1], 0.5


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def four(value: float) -> tuple[str, float]:
    written = text(Fraction(round(value, 12)), 4)  # 0.2 − 0.3 + 0.1 is 0, not 5.6e-17
    return written, float(written)


class Student:
    """The 2-2-2 sigmoid network by hand; `slips` maps a name to the value written instead (a
    function of the student's own numbers so far)."""

    def __init__(self, slips: dict | None = None, x: list | None = None):
        self.slips, self.answers, self.own, self.x = slips or {}, {}, {}, x or X

    def write(self, name: str, value: float) -> float:
        if name in self.slips:
            value = self.slips[name](self.own)
        self.answers[name], self.own[name] = four(value)
        return self.own[name]

    def work(self) -> dict:
        a = [self.x]
        for l in (1, 2):
            zs = [self.write(f"z_{j}^{l}", sum(w * x for w, x in zip(W[l - 1][j], a[-1])) + B[l - 1][j]) for j in range(2)]
            a.append([self.write(f"a_{j}^{l}", sigmoid(z)) for j, z in enumerate(zs)])
        self.write("L", sum((y - o) ** 2 for y, o in zip(Y, a[2])) / 2)
        d2 = [self.write(f"delta_{j}^2", (o - y) * o * (1 - o)) for j, (o, y) in enumerate(zip(a[2], Y))]
        d1 = [self.write(f"delta_{k}^1", sum(W[1][j][k] * d2[j] for j in range(2)) * a[1][k] * (1 - a[1][k]))
              for k in range(2)]
        for l, deltas in ((2, d2), (1, d1)):
            for j in range(2):
                for k in range(2):
                    g = self.write(f"dL/dw_{j}{k}^{l}", deltas[j] * a[l - 1][k])
                    self.write(f"w_{j}{k}^{l}@2", W[l - 1][j][k] - ALPHA * g)
        return self.answers


def marked(tmp_path, spec: str, answers: dict) -> tuple[dict, str]:
    path, answers_path = tmp_path / "net.toml", tmp_path / "answers.toml"
    path.write_text(spec, encoding="utf-8")
    answers_path.write_text("".join(f'"{k}" = "{v}"\n' for k, v in answers.items()), encoding="utf-8")
    as_json = cli_runner().invoke(main, ["check", str(path), str(answers_path), "--format", "json"])
    as_text = cli_runner().invoke(main, ["check", str(path), str(answers_path)])
    assert as_json.exit_code in (0, 1) and as_text.exit_code == as_json.exit_code, as_text.output
    return json.loads(as_json.stdout)["quantities"], as_text.stdout


def slip_label(key: str) -> str:
    import tomllib

    label = tomllib.loads((REPO / "templates" / "i18n" / "en.toml").read_text(encoding="utf-8"))["slip"][key]
    return label.replace("{delta}", "δ")


def assert_named(q: dict, report: str, name: str, key: str, carried: tuple):
    assert q[name]["status"] == "wrong", q[name]
    assert q[name]["diagnosis_key"] == key
    assert f"likely slip: {slip_label(key)}" in report
    for after in carried:
        assert q[after]["status"] == "carried", (after, q[after])
        assert name in q[after]["carried_from"]
    assert {n for n, m in q.items() if m["status"] == "wrong"} == {name}


def test_the_right_student_gets_no_slip_named(tmp_path):
    q, _ = marked(tmp_path, SIGMOID_221, Student().work())
    assert {m["status"] for m in q.values() if m["given"] is not None} == {"correct"}
    assert all(m["diagnosis_key"] is None for m in q.values())


def test_the_activation_applied_twice(tmp_path):
    student = Student({"a_1^1": lambda own: sigmoid(sigmoid(own["z_1^1"]))})
    q, report = marked(tmp_path, SIGMOID_221, student.work())
    assert_named(q, report, "a_1^1", "activation_applied_twice", ("z_0^2", "z_1^2", "dL/dw_01^2"))


def test_the_layer_before_put_through_its_activation_again(tmp_path):
    """z_0^2 worked from σ(a^1): the hidden outputs activated once more."""
    student = Student({"z_0^2": lambda own: sum(w * sigmoid(own[f"a_{k}^1"]) for k, w in enumerate(W[1][0])) + B[1][0]})
    q, report = marked(tmp_path, SIGMOID_221, student.work())
    assert_named(q, report, "z_0^2", "activation_applied_twice", ("a_0^2", "delta_0^2"))


def test_the_activation_applied_to_the_layers_input(tmp_path):
    """a_1^2 = σ(a_1^1), the neuron's own index in the layer before, for σ(z_1^2)."""
    student = Student({"a_1^2": lambda own: sigmoid(own["a_1^1"])})
    q, report = marked(tmp_path, SIGMOID_221, student.work())
    assert_named(q, report, "a_1^2", "activation_of_input", ("L", "delta_1^2"))


def test_the_gradient_transposed(tmp_path):
    """∂L/∂w_01^1 written as δ_1^1·a_0^0 (∂L/∂w_10^1's value); the update from it carried."""
    student = Student({"dL/dw_01^1": lambda own: own["delta_1^1"] * X[0]})
    q, report = marked(tmp_path, SIGMOID_221, student.work())
    assert_named(q, report, "dL/dw_01^1", "gradient_transposed", ("w_01^1@2",))


def test_the_gradient_transposed_inside_the_update(tmp_path):
    student = Student({"w_10^2@2": lambda own: W[1][1][0] - ALPHA * own["delta_0^2"] * own["a_1^1"]})
    answers = student.work()
    del answers["dL/dw_10^2"]
    q, report = marked(tmp_path, SIGMOID_221, answers)
    assert_named(q, report, "w_10^2@2", "gradient_transposed", ())


@pytest.mark.parametrize("name, slip, symbols", [
    # the input beside it (a row's two gradients swapped), shown with its symbol: the report names it
    ("dL/dw_00^1", lambda own: own["delta_0^1"] * X[1], "δ_0^1·a_1^0 = "),
    ("dL/dw_10^1", lambda own: own["delta_0^1"] * X[0], "δ_0^1·a_0^0 = "),
    ("dL/dw_11^2", lambda own: own["delta_0^2"] * own["a_1^1"], "δ_0^2·a_1^1 = "),
])
def test_a_gradient_worked_with_another_neurons_number(tmp_path, name, slip, symbols):
    """∂L/∂w_jk^l worked with a neighbouring neuron's input or δ (an index off); the update after it
    carried; the slip's line says which number it took."""
    student = Student({name: slip})
    q, report = marked(tmp_path, SIGMOID_221, student.work())
    assert_named(q, report, name, "other_neuron", (f"w_{name[6:8]}^{name[-1]}@2",))
    line = next(line for line in report.splitlines() if "likely slip" in line)
    assert symbols in line, line
    delta = symbols.split("·")[0].replace("δ", "delta")  # the δ as the student wrote it, not re-rounded
    assert student.answers[delta].lstrip("-") in line, (student.answers[delta], line)


def test_the_weight_matrix_transposed_backward(tmp_path):
    """δ_0^1 = (w_01^2·δ_0^2 + w_11^2·δ_1^2)·σ' — W^2 where (W^2)^T belongs; what follows carried."""
    student = Student({"delta_0^1": lambda own: (W[1][0][0] * own["delta_0^2"] + W[1][0][1] * own["delta_1^2"])
                       * own["a_0^1"] * (1 - own["a_0^1"])})
    q, report = marked(tmp_path, SIGMOID_221, student.work())
    assert_named(q, report, "delta_0^1", "weights_transposed", ("dL/dw_00^1", "dL/dw_01^1"))
    assert "w_00^2·δ_0^2 + w_01^2·δ_1^2" in next(line for line in report.splitlines() if "likely slip" in line)


def test_the_weight_matrix_transposed_forward(tmp_path):
    """z_1^2 = w_01^2·a_0^1 + w_11^2·a_1^1 + b_1^2: the forward pass with W^T."""
    student = Student({"z_1^2": lambda own: W[1][0][1] * own["a_0^1"] + W[1][1][1] * own["a_1^1"] + B[1][1]})
    q, report = marked(tmp_path, SIGMOID_221, student.work())
    assert_named(q, report, "z_1^2", "weights_transposed", ("a_1^2", "delta_1^2"))


@pytest.mark.parametrize("x, written", [([0.5, 0], lambda own: 0.0), ([0.5, 1], lambda own: own["delta_0^1"])])
def test_no_other_neuron_named_where_its_number_is_0_or_1(tmp_path, x, written):
    """A gradient written as 0 (the neighbour's input is 0) or as δ alone (it is 1) has likelier causes
    (a switched-off neuron, the input left out) than another neuron's number."""
    student = Student({"dL/dw_00^1": written}, x=x)
    q, _ = marked(tmp_path, SIGMOID_221.replace("input = [0.5, -1]", f"input = {x}"), student.work())
    assert q["dL/dw_00^1"]["status"] == "wrong", q["dL/dw_00^1"]
    assert q["dL/dw_00^1"]["diagnosis_key"] != "other_neuron", q["dL/dw_00^1"]


def test_half_the_squared_error_averaged_over_the_outputs(tmp_path):
    student = Student({"L": lambda own: sum((y - own[f"a_{j}^2"]) ** 2 for j, y in enumerate(Y)) / 4})
    q, report = marked(tmp_path, SIGMOID_221, student.work())
    assert_named(q, report, "L", "mean_for_sum", ())


# ---- a batch: the mean of the samples' gradients ---------------------------------------------------
BATCH = (REPO / "examples" / "batch3.toml").read_text(encoding="utf-8")  # tanh 2-2-1, identity output, mse


def units_off(text: str, units: int) -> str:
    """A written number `units` units of its last digit away (−0.2452 → −0.2450 for −2... +2)."""
    from decimal import Decimal

    value = Decimal(text)
    return str(value + units * Decimal(1).scaleb(value.as_tuple().exponent))


def batch_student(summed: str | None = None, spec_text: str = BATCH, pen: dict | None = None,
                  careless: dict | None = None, output_gradients: bool = False) -> dict:
    """examples/batch3.toml (or `spec_text`) by hand; `summed`: the batch gradient written as the samples'
    sum; `pen`: name -> the text written for the text meant (the number meant carried on); `careless`:
    name -> the text written for the right one, carried on; `output_gradients`: ∂L/∂w_0k^2[s] written too."""
    import tomllib

    spec = tomllib.loads(spec_text)
    w1, b1 = spec["layer"][0]["weights"], spec["layer"][0]["biases"]
    w2, b2 = spec["layer"][1]["weights"], spec["layer"][1]["biases"]
    answers, own, n = {}, {}, len(spec["inputs"])
    pen, careless = pen or {}, careless or {}

    def write(name, value):
        answers[name], own[name] = four(value)
        if name in careless:
            answers[name] = careless[name](answers[name])
            own[name] = float(answers[name])
        if name in pen:
            answers[name] = pen[name](answers[name])
        return own[name]

    grads = {}
    for s, (x, y) in enumerate(zip(spec["inputs"], spec["targets"]), start=1):
        a1 = [write(f"a_{j}^1[{s}]", math.tanh(write(f"z_{j}^1[{s}]", sum(w * v for w, v in zip(w1[j], x)) + b1[j])))
              for j in range(2)]
        out = write(f"a_0^2[{s}]", write(f"z_0^2[{s}]", sum(w * v for w, v in zip(w2[0], a1)) + b2[0]))
        d2 = write(f"delta_0^2[{s}]", 2 * (out - y[0]))
        for k in range(2) if output_gradients else ():
            write(f"dL/dw_0{k}^2[{s}]", d2 * a1[k])
        for k in range(2):
            d1 = write(f"delta_{k}^1[{s}]", w2[0][k] * d2 * (1 - a1[k] ** 2))
            grads.setdefault(f"dL/dw_{k}0^1", []).append(write(f"dL/dw_{k}0^1[{s}]", d1 * x[0]))
    for name, parts in grads.items():
        total = sum(parts)
        g = write(name, total if name == summed else total / n)
        j = int(name[6])
        write(f"w_{j}0^1@2", w1[j][0] - spec["learning_rate"] * g)
    return answers


def test_a_number_one_unit_off_is_no_neighbours_whose_number_is_the_same(tmp_path):
    """Sample 1 of batch3 gives both hidden neurons the same a (0.2913): δ·a of the other neuron is the
    right value, and a ∂L/∂w one unit off names no slip (the review of edc348e: it named other_neuron)."""
    answers = batch_student(output_gradients=True, careless={"dL/dw_00^2[1]": lambda t: units_off(t, -1)})
    assert answers["a_0^1[1]"] == answers["a_1^1[1]"]
    q, _ = marked(tmp_path, BATCH, answers)
    assert q["dL/dw_00^2[1]"]["status"] == "wrong"
    assert q["dL/dw_00^2[1]"]["diagnosis_key"] is None, q["dL/dw_00^2[1]"]


def test_a_pen_slip_beats_another_neurons_number(tmp_path):
    """Inputs 0.1 and 1: ∂L/∂w_00^1[1] with its point moved is also δ·a_1^0 — the pen slip is named and
    the number meant carried on, so the batch mean after a careless number stays CARRIED."""
    spec = BATCH.replace("inputs = [[1, 0], [0, 1], [1, 1]]", "inputs = [[0.1, 1], [0.5, 0.2], [1, 0.3]]")
    assert spec != BATCH
    answers = batch_student(spec_text=spec, pen={"dL/dw_00^1[1]": lambda t: f"{float(t) * 10:.4f}"},
                            careless={"dL/dw_00^1[2]": lambda t: units_off(t, -50)})
    q, _ = marked(tmp_path, spec, answers)
    assert q["dL/dw_00^1[1]"]["diagnosis_key"] == "decimal_point_moved", q["dL/dw_00^1[1]"]
    assert q["dL/dw_00^1[2]"]["status"] == "wrong"
    assert q["dL/dw_00^1"]["status"] == "carried", q["dL/dw_00^1"]


def test_a_batch_mean_of_another_parameters_gradients(tmp_path):
    """∂L/∂w_00^1 and ∂L/∂w_10^1 written in each other's places: each the mean of the other weight's
    sample gradients (the review of edc348e: no slip was named in a batch)."""
    answers = batch_student()
    answers["dL/dw_00^1"], answers["dL/dw_10^1"] = answers["dL/dw_10^1"], answers["dL/dw_00^1"]
    q, report = marked(tmp_path, BATCH, answers)
    for name, other in (("dL/dw_00^1", "dL/dw_10^1"), ("dL/dw_10^1", "dL/dw_00^1")):
        assert (q[name]["status"], q[name]["diagnosis_key"]) == ("wrong", "other_neuron"), q[name]
        assert q[name]["diagnosis_uses"] == [f"{other}[{s}]" for s in (1, 2, 3)]
    assert "1/3·(∂L/∂w_10^1[1] + ∂L/∂w_10^1[2] + ∂L/∂w_10^1[3]) = 1/3·(" in report


def test_a_right_batch_gets_no_slip_named(tmp_path):
    q, _ = marked(tmp_path, BATCH, batch_student())
    assert {m["status"] for m in q.values() if m["given"] is not None} == {"correct"}


@pytest.mark.parametrize("name", ["dL/dw_00^1", "dL/dw_10^1"])
def test_a_batch_gradient_summed_not_averaged(tmp_path, name):
    q, report = marked(tmp_path, BATCH, batch_student(summed=name))
    assert_named(q, report, name, "batch_sum_for_mean", (f"w_{name[6]}0^1@2",))
