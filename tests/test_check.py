"""`symbp check` (issue 5): marking with error carried forward, diagnoses, points, exit codes.

Expected values come from hand arithmetic written here, from the issue's own list of nn231's true
values, or from symbp.verify.float_solution (the plain float64 path, independent of the exact
engine that `check` uses) — never from `symbp check`'s own output.
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import EXAMPLE_NN231, REPO, not_read, run_symbp
from symbp.written import Written, parse_written
from symbp.cli import main
from symbp.errors import SpecError
from symbp.spec import load_spec
from symbp.verify import float_solution

REFERENCE_ANSWERS = REPO / "examples" / "nn231-reference-answers.toml"


# ---- helpers --------------------------------------------------------------------------------------
def write_answers(path: Path, values: dict, points: dict | None = None) -> Path:
    """A TOML answers file; values are numbers as text, written exactly as given."""
    lines = [f'"{name}" = {text}' for name, text in values.items()]
    if points:
        lines.append("[points]")
        lines += [f'"{name}" = {text}' for name, text in points.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def fixed(value: float, decimals: int = 6) -> str:
    return f"{value:.{decimals}f}"


def check(spec, answers, *options):
    """(exit code, JSON report or None, stdout+stderr) of `symbp check` run in-process."""
    result = CliRunner().invoke(main, ["check", str(spec), str(answers), "--format", "json", *options])
    report = json.loads(result.output) if result.exit_code in (0, 1) else None
    return result.exit_code, report, result.output


def status(report, name):
    return report["quantities"][name]["status"]


def diagnosis(report, name):
    return report["quantities"][name]["diagnosis_key"]


def write_spec(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


SIGMOID_SPEC = """
layers = [2, 2, 1]
activation = "sigmoid"
loss = "half_sse"
learning_rate = 0.5
input = [1, 0.5]
target = [1]
[[layer]]
weights = [[0.1, 0.2], [0.3, -0.1]]
biases = [0.1, -0.2]
[[layer]]
weights = [[0.4, -0.6]]
biases = [0.05]
"""

BATCH_SPEC = """
layers = [2, 2, 1]
loss = "half_sse"
learning_rate = 0.1
inputs = [[1, 2], [2, -1], [0.5, 1]]
targets = [[1], [0], [2]]
[[layer]]
activation = "relu"
weights = [[0.5, -0.2], [0.3, 0.4]]
biases = [0.1, -0.1]
[[layer]]
activation = "identity"
weights = [[0.6, -0.7]]
biases = [0.2]
"""


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


# ---- reading numbers (the agreement rule itself: test_check_agreement.py) -----------------------
def test_decimal_comma_and_unicode_minus_are_read():
    assert parse_written("\u22120,2073", "x") == Written("-0.2073", Fraction("-0.2073"), 4, 4)


def test_empty_string_is_not_an_answer_and_words_are_errors():
    assert parse_written("", "x") is None
    with pytest.raises(SpecError):
        parse_written("abc", "x")
    with pytest.raises(SpecError):
        parse_written(True, "x")


# ---- the reference document, checked --------------------------------------------------------------
@pytest.fixture(scope="module")
def reference_report():
    completed = run_symbp("check", EXAMPLE_NN231, REFERENCE_ANSWERS, "--format", "json")
    assert completed.returncode == 1, completed.stderr  # it has wrong values
    return json.loads(completed.stdout)


def test_reference_slips_are_wrong_and_nothing_else(reference_report):
    # By hand: z_2^1 = 0.5·1 + 0.7·2 + (−0.1) = 1.8, not 1.9.  Step ⑥ from the document's own
    # gradients: w_10^1@2 = −0.3 − 0.1·(−0.927) = −0.2073 (it wrote 0.2073);
    # w_11^1@2 = 0.8 − 0.1·(−1.854) = 0.9854 (it wrote 0.9857);
    # b_2^1@2 = −0.1 − 0.1·0.309 = −0.1309 (it wrote −0.0309);
    # w_01^2@2 = 0.9 − 0.1·(−1.133) = 1.0133 (it wrote 0.7867 = 0.9 + 0.1·(−1.133)).
    wrong = {n for n, q in reference_report["quantities"].items() if q["status"] == "wrong"}
    assert wrong == {"z_2^1", "w_10^1@2", "w_11^1@2", "b_2^1@2", "w_01^2@2"}


def test_reference_diagnoses(reference_report):
    assert reference_report["quantities"]["z_2^1"]["diagnosis"] == "bias left out"
    assert diagnosis(reference_report, "w_10^1@2") == "sign_flipped"
    assert diagnosis(reference_report, "w_01^2@2") == "update_with_plus"
    assert diagnosis(reference_report, "b_2^1@2") == "old_value_left_out"


def test_reference_true_values_are_the_issues(reference_report):
    q = reference_report["quantities"]
    # issue 2's acceptance list
    for name, value in {"z_2^1": 1.8, "z_0^2": 0.5, "L": 0.5, "delta_0^2": -1, "w_10^1@2": -0.21,
                        "w_01^2@2": 1.01, "b_2^1@2": -0.13, "z_1^1@2": 1.64, "L@2": 0.006272}.items():
        assert q[name]["expected"] == pytest.approx(value, abs=1e-12), name


def test_reference_carried_values_follow_from_its_own_numbers(reference_report):
    q = reference_report["quantities"]
    own = {
        "a_2^1": 1.9,
        "z_0^2": -0.6 * 0 + 0.9 * 1.1 + (-0.3) * 1.9 + 0.05,  # 0.47
        "L": (1.5 - 0.47) ** 2 / 2,  # 0.53045
        "delta_0^2": 0.47 - 1.5,
        "dL/dw_01^2": -1.03 * 1.1,
        "dL/dw_02^2": -1.03 * 1.9,
        "delta_1^1": 0.9 * -1.03,
        "delta_2^1": -0.3 * -1.03,
        "dL/dw_11^1": -0.927 * 2,
        "b_1^1@2": -0.2 - 0.1 * -0.927,
        "w_20^1@2": 0.5 - 0.1 * 0.309,
        "w_02^2@2": -0.3 - 0.1 * -1.957,
        "b_0^2@2": 0.05 - 0.1 * -1.03,
        "z_1^1@2": 0.2073 * 1 + 0.9857 * 2 + (-0.1073),  # from its wrong w_10^1@2, w_11^1@2
        "z_2^1@2": 0.4691 * 1 + 0.6382 * 2 + (-0.0309),  # from its wrong b_2^1@2
        "z_0^2@2": -0.6 * 0 + 0.7867 * 2.0714 + (-0.1043) * 1.7146 + 0.153,
        "L@2": (1.5 - 1.6037376) ** 2 / 2,
    }
    for name, value in own.items():
        assert q[name]["status"] == "carried", name
        assert q[name]["carried_expected"] == pytest.approx(value, rel=1e-12), name


def test_reference_carried_values_name_their_origin(reference_report):
    q = reference_report["quantities"]
    assert q["L"]["carried_from"] == ["z_2^1"]
    assert set(q["z_1^1@2"]["carried_from"]) == {"z_2^1", "w_10^1@2", "w_11^1@2"}


def test_reference_correct_values(reference_report):
    for name in ("z_0^1", "z_1^1", "a_0^1", "dL/dw_00^2", "delta_0^1", "w_00^1@2", "b_0^1@2", "z_0^1@2"):
        assert status(reference_report, name) == "correct", name


def test_reference_points_and_summary(reference_report):
    counts = {s: 0 for s in ("correct", "carried", "wrong", "missing")}
    for q in reference_report["quantities"].values():
        counts[q["status"]] += 1
    summary = reference_report["summary"]
    assert {s: summary[s] for s in counts} == counts
    assert summary["wrong"] == 5 and summary["missing"] == 0
    assert summary["possible"] == 48  # every quantity of nn231 (one SGD step and step 2's forward pass)
    assert summary["points"] == 48 - 5


def test_reference_text_report_lists_wrong_values_first_with_formula_and_diagnosis():
    result = CliRunner().invoke(main, ["check", str(EXAMPLE_NN231), str(REFERENCE_ANSWERS)])
    assert result.exit_code == 1
    text = result.output
    assert text.index("z_2^1 = 1.9") < text.index("a_2^1")  # wrong ones come before the rest
    assert "0.5·1 + 0.7·2 + (−0.1) = 1.8" in text  # the formula with the numbers substituted
    assert "bias left out" in text
    assert "−0.3 − 0.1·(−0.927) = −0.2073" in text  # the carried expectation of w_10^1@2
    assert "43 of 48" in text


def test_no_carry_gives_no_points_for_carried_values(tmp_path):
    code, report, _ = check(EXAMPLE_NN231, REFERENCE_ANSWERS, "--no-carry")
    assert code == 1
    assert report["summary"]["points"] == report["summary"]["correct"] == 15


# Matt Mazur's published numbers ("A Step by Step Backpropagation Example", 2015), as printed there;
# his w1..w8 are w_00^1, w_01^1, w_10^1, w_11^1, w_00^2, w_01^2, w_10^2, w_11^2 (examples/mazur.toml).
MAZUR_PUBLISHED = {
    "z_0^1": "0.3775", "a_0^1": "0.593269992", "a_1^1": "0.596884378", "z_0^2": "1.105905967",
    "a_0^2": "0.75136507", "a_1^2": "0.772928465", "L": "0.298371109", "dL/dw_00^2": "0.082167041",
    "w_00^2@2": "0.35891648", "w_01^2@2": "0.408666186", "w_10^2@2": "0.511301270", "w_11^2@2": "0.561370121",
    "w_00^1@2": "0.149780716", "w_01^1@2": "0.19956143", "w_10^1@2": "0.24975114", "w_11^1@2": "0.29950229",
}


def test_a_published_worked_example_is_all_correct(tmp_path):
    answers = write_answers(tmp_path / "mazur.toml", MAZUR_PUBLISHED)
    code, report, _ = check(REPO / "examples" / "mazur.toml", answers)
    assert code == 0
    assert report["summary"]["correct"] == len(MAZUR_PUBLISHED)


def test_a_published_number_with_its_last_digit_changed_is_wrong(tmp_path):
    answers = write_answers(tmp_path / "mazur.toml", dict(MAZUR_PUBLISHED, **{"w_00^2@2": "0.35891649"}))
    code, report, _ = check(REPO / "examples" / "mazur.toml", answers)
    assert code == 1 and status(report, "w_00^2@2") == "wrong"


# ---- exit codes, points, carried chains -----------------------------------------------------------
def test_only_correct_and_carried_values_exit_0(tmp_path):
    # z_0^2 written from a wrong z_2^1 the answer does not show: still a slip → exit 1;
    # but the carried value alone, after a correct start, exits 0.
    answers = write_answers(tmp_path / "a.toml", {"z_0^1": "-0.5", "z_1^1": "1.1", "L": "0.5"})
    code, report, _ = check(EXAMPLE_NN231, answers)
    assert code == 0
    assert report["summary"]["correct"] == 3
    assert status(report, "delta_0^2") == "missing"


def test_carried_through_a_value_not_written_down(tmp_path):
    # a_2^1 is not given: it follows from the answer's own z_2^1 = 1.9, so z_0^2 = 0.47 is carried.
    answers = write_answers(tmp_path / "a.toml", {"z_2^1": "1.9", "z_0^2": "0.47"})
    code, report, _ = check(EXAMPLE_NN231, answers)
    assert code == 1
    assert status(report, "z_0^2") == "carried"
    assert report["quantities"]["z_0^2"]["carried_from"] == ["z_2^1"]


def test_points_table(tmp_path):
    answers = write_answers(tmp_path / "a.toml", {"z_2^1": "1.9", "L": "0.53045"},
                            points={"default": "0", "L": "5", "z_2^1": "2"})
    code, report, _ = check(EXAMPLE_NN231, answers)
    assert report["summary"]["possible"] == 7
    assert report["summary"]["points"] == 5  # L carried earns its 5; z_2^1 wrong earns 0
    _, strict, _ = check(EXAMPLE_NN231, answers, "--no-carry")
    assert strict["summary"]["points"] == 0


def test_a_miscopied_given_is_wrong_and_what_follows_is_carried(tmp_path):
    # w_10^1 is -0.3 in the spec; with 0.3: z_1^1 = 0.3·1 + 0.8·2 + (−0.2) = 1.7
    answers = write_answers(tmp_path / "a.toml", {"w_10^1": "0.3", "z_1^1": "1.7"})
    code, report, _ = check(EXAMPLE_NN231, answers)
    assert code == 1
    assert status(report, "w_10^1") == "wrong"
    assert diagnosis(report, "w_10^1") == "sign_flipped"
    assert status(report, "z_1^1") == "carried"


def test_json_answers_keep_the_decimals_written(tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text('{"z_2^1": 1.80, "L": 0.50}', encoding="utf-8")
    code, report, _ = check(EXAMPLE_NN231, answers)
    assert code == 0
    assert report["quantities"]["z_2^1"]["given_text"] == "1.80"


def test_rel_tol_option(tmp_path):
    answers = write_answers(tmp_path / "a.toml", {"L@2": "0.0064"})  # true 0.006272: 2.04% off
    code, report, _ = check(EXAMPLE_NN231, answers)
    assert code == 1
    code, report, _ = check(EXAMPLE_NN231, answers, "--rel-tol", "0.01")
    assert code == 1
    code, report, _ = check(EXAMPLE_NN231, answers, "--rel-tol", "0.03")
    assert code == 0 and status(report, "L@2") == "correct"


# ---- deliberate slips: nn231 (ReLU) ---------------------------------------------------------------
@pytest.fixture(scope="module")
def nn231_true():
    return float_solution(load_spec(EXAMPLE_NN231))[0]


def test_nn231_learning_rate_forgotten(tmp_path, nn231_true):
    # w_11^1@2 = 0.8 − (−1.8) = 2.6 instead of 0.8 − 0.1·(−1.8) = 0.98
    answers = write_answers(tmp_path / "a.toml", {"dL/dw_11^1": fixed(nn231_true["dL/dw_11^1"]), "w_11^1@2": "2.6"})
    _, report, _ = check(EXAMPLE_NN231, answers)
    assert status(report, "w_11^1@2") == "wrong"
    assert diagnosis(report, "w_11^1@2") == "learning_rate_forgotten"


def test_nn231_parameter_not_updated(tmp_path, nn231_true):
    # b_0^2@2 written as the old b_0^2 = 0.05; the true update is 0.05 − 0.1·(−1) = 0.15
    assert nn231_true["b_0^2@2"] == pytest.approx(0.15)
    answers = write_answers(tmp_path / "a.toml", {"b_0^2@2": "0.05"})
    _, report, _ = check(EXAMPLE_NN231, answers)
    assert status(report, "b_0^2@2") == "wrong"
    assert diagnosis(report, "b_0^2@2") == "not_updated"


def test_nn231_digits_transposed(tmp_path, nn231_true):
    assert nn231_true["z_1^1@2"] == pytest.approx(1.64)
    answers = write_answers(tmp_path / "a.toml", {"z_1^1@2": "1.46", "a_1^1@2": "1.46"})
    _, report, _ = check(EXAMPLE_NN231, answers)
    assert status(report, "z_1^1@2") == "wrong"
    assert diagnosis(report, "z_1^1@2") == "digits_transposed"
    assert status(report, "a_1^1@2") == "carried"  # ReLU(1.46)


def test_nn231_half_dropped(tmp_path, nn231_true):
    # L = (1.5 − 0.5)² = 1 instead of ½·(1.5 − 0.5)² = 0.5
    answers = write_answers(tmp_path / "a.toml", {"a_0^2": "0.5", "L": "1"})
    _, report, _ = check(EXAMPLE_NN231, answers)
    assert status(report, "L") == "wrong"
    assert diagnosis(report, "L") == "half_dropped"


# ---- deliberate slips: a sigmoid network ----------------------------------------------------------
@pytest.fixture(scope="module")
def sigmoid_net(tmp_path_factory):
    spec_path = write_spec(tmp_path_factory.mktemp("sigmoid") / "sig.toml", SIGMOID_SPEC)
    return spec_path, float_solution(load_spec(spec_path))[0]


def test_sigmoid_true_values_are_all_correct(tmp_path, sigmoid_net):
    spec_path, true = sigmoid_net
    answers = write_answers(tmp_path / "a.toml", {name: fixed(value) for name, value in true.items()})
    code, report, _ = check(spec_path, answers)
    assert code == 0
    assert report["summary"]["correct"] == len(true) and report["summary"]["missing"] == 0


def test_sigmoid_bias_left_out_and_carried_activation(tmp_path, sigmoid_net):
    spec_path, true = sigmoid_net
    z = 0.3 * 1 + (-0.1) * 0.5  # b_1^1 = −0.2 left out
    a = sigmoid(round(z, 4))
    answers = write_answers(tmp_path / "a.toml", {"z_1^1": fixed(z, 4), "a_1^1": fixed(a, 4),
                                                  "z_0^1": fixed(true["z_0^1"])})
    code, report, _ = check(spec_path, answers)
    assert code == 1
    assert diagnosis(report, "z_1^1") == "bias_left_out"
    assert status(report, "a_1^1") == "carried"
    assert status(report, "z_0^1") == "correct"


def test_sigmoid_activation_instead_of_its_derivative(tmp_path, sigmoid_net):
    spec_path, true = sigmoid_net
    a = float(fixed(true["a_0^2"]))
    delta = (a - 1) * a  # σ(z) used where σ'(z) = σ(z)(1 − σ(z)) belongs
    written_delta = float(fixed(delta, 4))
    answers = write_answers(tmp_path / "a.toml", {
        "z_0^2": fixed(true["z_0^2"]), "a_0^2": fixed(a), "delta_0^2": fixed(delta, 4),
        "dL/dw_00^2": fixed(written_delta * float(fixed(true["a_0^1"])), 4), "a_0^1": fixed(true["a_0^1"]),
    })
    _, report, _ = check(spec_path, answers)
    assert status(report, "delta_0^2") == "wrong"
    assert diagnosis(report, "delta_0^2") == "wrong_activation_derivative"
    assert status(report, "dL/dw_00^2") == "carried"


def test_sigmoid_derivative_taken_of_z_instead_of_a(tmp_path, sigmoid_net):
    spec_path, true = sigmoid_net
    z = float(fixed(true["z_1^1"]))
    delta2 = float(fixed(true["delta_0^2"]))
    delta = (-0.6) * delta2 * z * (1 - z)  # σ'(z) written as z(1 − z) instead of a(1 − a)
    answers = write_answers(tmp_path / "a.toml", {"z_1^1": fixed(z), "delta_0^2": fixed(delta2),
                                                  "delta_1^1": fixed(delta, 5)})
    _, report, _ = check(spec_path, answers)
    assert status(report, "delta_1^1") == "wrong"
    assert diagnosis(report, "delta_1^1") == "wrong_activation_derivative"


def test_sigmoid_half_dropped(tmp_path, sigmoid_net):
    spec_path, true = sigmoid_net
    a = float(fixed(true["a_0^2"]))
    answers = write_answers(tmp_path / "a.toml", {"a_0^2": fixed(a), "L": fixed((1 - a) ** 2, 5)})
    _, report, _ = check(spec_path, answers)
    assert diagnosis(report, "L") == "half_dropped"


# ---- deliberate slips: a batch of three samples ---------------------------------------------------
@pytest.fixture(scope="module")
def batch_net(tmp_path_factory):
    spec_path = write_spec(tmp_path_factory.mktemp("batch") / "batch.toml", BATCH_SPEC)
    return spec_path, float_solution(load_spec(spec_path))[0]


def test_batch_sign_flipped_in_one_sample_and_carried_into_the_mean(tmp_path, batch_net):
    spec_path, true = batch_net
    d2 = -true["dL/db_0^2[2]"]  # sample 2's δ with the sign flipped
    assert d2 != 0
    mean = (true["dL/db_0^2[1]"] + d2 + true["dL/db_0^2[3]"]) / 3
    answers = write_answers(tmp_path / "a.toml", {
        "delta_0^2[2]": fixed(d2), "dL/db_0^2[2]": fixed(d2), "dL/db_0^2": fixed(mean),
        "dL/db_0^2[1]": fixed(true["dL/db_0^2[1]"]),
    })
    code, report, _ = check(spec_path, answers)
    assert code == 1
    assert status(report, "delta_0^2[2]") == "wrong"
    assert diagnosis(report, "delta_0^2[2]") == "sign_flipped"
    assert status(report, "dL/db_0^2[2]") == "carried"
    assert status(report, "dL/db_0^2") == "carried"
    assert status(report, "dL/db_0^2[1]") == "correct"


def test_batch_half_dropped_in_a_sample_loss_carried_into_the_batch_loss(tmp_path, batch_net):
    spec_path, true = batch_net
    l1 = 2 * true["L[1]"]
    answers = write_answers(tmp_path / "a.toml", {
        "a_0^2[1]": fixed(true["a_0^2[1]"]), "L[1]": fixed(l1),
        "L": fixed((l1 + true["L[2]"] + true["L[3]"]) / 3),
    })
    _, report, _ = check(spec_path, answers)
    assert diagnosis(report, "L[1]") == "half_dropped"
    assert status(report, "L") == "carried"


def test_batch_bias_left_out_in_sample_3(tmp_path, batch_net):
    spec_path, true = batch_net
    z = 0.3 * 0.5 + 0.4 * 1  # z_1^1[3] without b_1^1 = −0.1
    answers = write_answers(tmp_path / "a.toml", {"z_1^1[3]": fixed(z, 4), "a_1^1[3]": fixed(z, 4),
                                                  "z_1^1[1]": fixed(true["z_1^1[1]"])})
    _, report, _ = check(spec_path, answers)
    assert diagnosis(report, "z_1^1[3]") == "bias_left_out"
    assert status(report, "a_1^1[3]") == "carried"
    assert status(report, "z_1^1[1]") == "correct"


# ---- deliberate slips: two training steps ---------------------------------------------------------
@pytest.fixture(scope="module")
def two_steps(tmp_path_factory):
    text = EXAMPLE_NN231.read_text(encoding="utf-8").replace("target = [1.5]", "target = [1.5]\nsteps = 2")
    spec_path = write_spec(tmp_path_factory.mktemp("steps") / "nn231-2.toml", text)
    return spec_path, float_solution(load_spec(spec_path))[0]


def test_two_steps_learning_rate_forgotten_then_carried_into_step_2(tmp_path, two_steps):
    spec_path, true = two_steps
    # b_0^2@2 = 0.05 − (−1) = 1.05 instead of 0.05 − 0.1·(−1) = 0.15; then step 2's output
    # z_0^2@2 = −0.6·0 + 1.01·1.64 + (−0.12)·1.62 + 1.05, from the true step-2 activations
    z = -0.6 * 0 + 1.01 * 1.64 + (-0.12) * 1.62 + 1.05
    answers = write_answers(tmp_path / "a.toml", {"b_0^2@2": "1.05", "z_0^2@2": fixed(z)})
    _, report, _ = check(spec_path, answers)
    assert diagnosis(report, "b_0^2@2") == "learning_rate_forgotten"
    assert status(report, "z_0^2@2") == "carried"
    assert report["quantities"]["z_0^2@2"]["expected"] == pytest.approx(true["z_0^2@2"])


def test_two_steps_update_with_plus_at_step_2(tmp_path, two_steps):
    spec_path, true = two_steps
    w, g = true["w_01^2@2"], true["dL/dw_01^2@2"]
    slipped = w + 0.1 * g  # + instead of −
    answers = write_answers(tmp_path / "a.toml", {"w_01^2@2": fixed(w), "dL/dw_01^2@2": fixed(g),
                                                  "w_01^2@3": fixed(slipped)})
    code, report, _ = check(spec_path, answers)
    assert code == 1
    assert status(report, "w_01^2@2") == "correct"
    assert diagnosis(report, "w_01^2@3") == "update_with_plus"


# ---- bad input --------------------------------------------------------------------------------------
@pytest.mark.parametrize("content, field", [
    ('"z_3^1" = 1.0\n', "z_3^1"),
    ('"delta_0^3" = 1.0\n', "delta_0^3"),
    ('"zz_0^1" = 1.0\n', "zz_0^1"),
])
def test_unknown_name_suggests_the_closest(tmp_path, content, field):
    answers = tmp_path / "a.toml"
    answers.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(EXAMPLE_NN231), str(answers)])
    assert result.exit_code == 2
    assert field in result.output and "did you mean" in result.output
    assert "Traceback" not in result.output


def test_a_batch_quantity_without_its_sample_suggests_it_with_the_first(tmp_path, batch_net):
    """A student wrote z_0^1 in a batch (user32b): the suggestion was 'b_0^1'; the quantity meant is
    z_0^1 of a sample, a name the batch's answers template lists."""
    answers = tmp_path / "a.toml"
    answers.write_text('"z_0^1" = "0.1"\n', encoding="utf-8")
    spec = str(batch_net[0])
    result = CliRunner().invoke(main, ["check", spec, str(answers)])
    assert result.exit_code == 2
    template = CliRunner().invoke(main, ["derive", spec, "--format", "answers-template"]).output
    first = re.search(r'"(z_0\^1\[\d+\])"', template).group(1)
    assert f"did you mean '{first}'?" in result.output, result.output


@pytest.mark.parametrize("content", [
    'z_0^1 = 1\n',  # unquoted: not TOML
    '"z_0^1" = -0.5\n"z_{0}^1" = -0.5\n',  # the same quantity twice
    '[points]\n"L" = -1\n',
])
def test_bad_answers_exit_2(tmp_path, content):
    answers = tmp_path / "a.toml"
    answers.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(EXAMPLE_NN231), str(answers)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("symbp: ") and "Traceback" not in result.output


@pytest.mark.parametrize("value, said", [
    ('"abc"', 'expected a number such as 0.47, "-1.03" or "4.4·10^-5", got "abc"'),
    ("true", "expected a number, got true"),
    ("[1, 2]", 'expected a number such as 0.47, "-1.03" or "4.4·10^-5", got [1, 2]'),
    ("nan", "expected a number, got nan"),
])
def test_an_unreadable_value_is_not_read_and_the_rest_is_marked_exit_1(tmp_path, value, said):
    """Such a value was bad input (exit code 2, nothing marked); one unreadable number no longer leaves
    the rest of the file unmarked: it is named under NOT READ and marked as not given, exit code 1, and
    z_2^1 = 0.5·1 + 0.7·2 − 0.1 = 1.8 beside it is marked correct."""
    answers = write_answers(tmp_path / "a.toml", {"L": value, "z_2^1": "1.8"})
    result = CliRunner().invoke(main, ["check", str(EXAMPLE_NN231), str(answers)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert not_read(result.output) == [f"L: {said}"]
    assert "\nCORRECT (1)\n  z_2^1\n" in result.output


def test_bad_spec_and_missing_files_exit_2(tmp_path):
    bad_spec = write_spec(tmp_path / "bad.toml", "layers = [2, 1\n")
    assert CliRunner().invoke(main, ["check", str(bad_spec), str(REFERENCE_ANSWERS)]).exit_code == 2
    assert CliRunner().invoke(main, ["check", str(EXAMPLE_NN231), str(tmp_path / "none.toml")]).exit_code == 2


def test_no_output_file_on_bad_input(tmp_path):
    answers = write_answers(tmp_path / "a.toml", {"L": "0.5", "z_9^1": "1"})  # no such quantity: refused
    target = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["check", str(EXAMPLE_NN231), str(answers), "-o", str(target)])
    assert result.exit_code == 2 and not target.exists()


def test_report_written_to_a_file(tmp_path):
    target = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["check", str(EXAMPLE_NN231), str(REFERENCE_ANSWERS), "-o", str(target)])
    assert result.exit_code == 1
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["wrong"] == 5


# ---- the blank answers file -----------------------------------------------------------------------
def test_answers_template_lists_every_quantity_in_order(tmp_path):
    runner = CliRunner()
    key = json.loads(runner.invoke(main, ["derive", str(EXAMPLE_NN231), "--format", "json"]).output)
    template = runner.invoke(main, ["derive", str(EXAMPLE_NN231), "--format", "answers-template"]).output
    table = tomllib.loads(template)
    assert table.pop("student") == ""
    assert sorted(table) == sorted(key["values"])  # in the worked solution's order: test_worksheet_key.py
    assert all(value == "" for value in table.values())
    for heading in ("① Forward pass", "② Cost", "④ Output layer", "⑤ Hidden layer", "⑥ Update",
                    "⑦ Forward pass", "⑧ New cost"):
        assert heading in template
    # one value filled in (the issue's z_0^1 = −0.5), the rest left blank: marked, not a blank copy
    answered = tmp_path / "answered.toml"
    answered.write_text(template.replace('"z_0^1" = ""', '"z_0^1" = -0.5'), encoding="utf-8")
    code, report, _ = check(EXAMPLE_NN231, answered)
    # 47 quantities to work out are missing; f'(z) of its 4 neurons and the 3 back-propagated sums
    # (W^T δ)_k, worked out on the way, are optional: not given, they are not missing
    assert code == 0 and (report["summary"]["missing"], len(key["values"])) == (47, 48 + 4 + 3)


def test_check_help_has_an_example():
    result = CliRunner().invoke(main, ["check", "--help"])
    assert result.exit_code == 0 and "symbp check examples/nn231.toml" in result.output


# ---- the annotated worked solution ----------------------------------------------------------------
def test_tex_format_is_the_report_with_the_diagnosis_under_the_wrong_line(tmp_path):
    target = tmp_path / "checked.tex"
    result = CliRunner().invoke(main, ["check", str(EXAMPLE_NN231), str(REFERENCE_ANSWERS), "-o", str(target)])
    assert result.exit_code == 1, result.output
    tex = target.read_text(encoding="utf-8")
    assert "\\documentclass" in tex and "Score: 43 of 48 points." in tex and "Legend." in tex
    wrong = tex.index("$z^{1}_{2} = 1.9$")
    assert tex.index("0.5 \\cdot 1 + 0.7 \\cdot 2 + (-0.1) = 1.8", wrong) < tex.index("Likely slip: bias left out", wrong)
    assert "$z^{2}_{0} = 0.47$}{carried forward" in tex


def test_pdf_of_the_checked_reference_compiles(tmp_path, requires_tex):
    target = tmp_path / "checked.tex"
    result = CliRunner().invoke(main, ["check", str(EXAMPLE_NN231), str(REFERENCE_ANSWERS), "--pdf", "-o", str(target)])
    assert result.exit_code == 1, result.output
    assert target.with_suffix(".pdf").stat().st_size > 0


# ---- mse's mean taken as a sum (user31: 2·(a − y)·σ' for δ^L of two outputs got no diagnosis) ------
@pytest.mark.parametrize("name", ["delta_0^4", "delta_1^4", "L"])
def test_mse_mean_dropped(tmp_path, name):
    spec_path = REPO / "tests" / "golden" / "specs" / "deep.toml"  # mse, two outputs
    true = float_solution(load_spec(spec_path))[0]
    answers = write_answers(tmp_path / "a.toml", {name: fixed(2 * true[name], 5)})  # n = 2 times the value
    code, report, _ = check(spec_path, answers)
    assert code == 1 and status(report, name) == "wrong"
    assert diagnosis(report, name) == "mean_dropped"


def test_mse_right_values_get_no_mean_dropped(tmp_path):
    spec_path = REPO / "tests" / "golden" / "specs" / "deep.toml"
    true = float_solution(load_spec(spec_path))[0]
    answers = write_answers(tmp_path / "a.toml", {"delta_0^4": fixed(true["delta_0^4"], 8), "L": fixed(true["L"], 8)})
    code, report, _ = check(spec_path, answers)
    assert code == 0 and status(report, "L") == "correct"
