"""Every printed line follows from the printed numbers — read as a student reads the text output.

`linecheck.check_text` (independent of symbp: its own parser and evaluator) re-reads the worked
solutions of every built-in example and of a few hundred random networks (every activation and
loss, batches, several steps, exact and carried mode, --detail neuron|matrix|table|auto,
--digits 2..6) and must find no line that breaks the invariant; the Markdown and LaTeX outputs
must carry the same relation signs and numbers as the text.  Values that the tests pin are
computed here by hand or by an independent route.
"""

from __future__ import annotations

import json
import random
import re
from fractions import Fraction

import pytest

from linecheck import check_text, relation_sequence

EXAMPLES = ["nn231", "mazur", "softmax3", "batch3", "steps3", "nobias"]
DETAILS = ["neuron", "matrix", "table", "auto"]


def worked(spec, carried_digits=None, detail="auto", digits=4, formats=("text",)):
    from symbp.pipeline import derive_solution
    from symbp.render import render

    solution, report = derive_solution(spec, round_to=carried_digits, symbolic=False, detail=detail)
    return {fmt: render(fmt, solution, report, detail=detail, digits=digits) for fmt in formats}


def example(name):
    from symbp.resources import example_path
    from symbp.spec import load_spec

    return load_spec(example_path(name))


def assert_formats_agree(outputs):
    text = relation_sequence(outputs["text"], "text")
    assert len(text) > 10
    for fmt in ("md", "tex"):
        assert relation_sequence(outputs[fmt], fmt) == text, fmt


# ---- the built-in examples --------------------------------------------------------------------------
@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("detail", DETAILS)
@pytest.mark.parametrize("carried", [False, True])
def test_every_line_of_the_examples_follows_from_its_printed_numbers(name, detail, carried):
    every_format = detail in ("neuron", "matrix")
    outputs = worked(example(name), 4 if carried else None, detail, 4, ("text", "md", "tex") if every_format else ("text",))
    violations, reader = check_text(outputs["text"])
    assert violations == []
    assert reader.lines_checked > 25
    if every_format:
        assert_formats_agree(outputs)


@pytest.mark.parametrize("name, digits", [("mazur", 2), ("mazur", 6), ("batch3", 3), ("softmax3", 5), ("steps3", 2)])
def test_other_digits(name, digits):
    for carried in (None, digits):
        for detail in ("neuron", "matrix"):
            violations, _ = check_text(worked(example(name), carried, detail, digits)["text"])
            assert violations == [], (carried, detail)


# ---- random networks --------------------------------------------------------------------------------
ELEMENTWISE = ["relu", "leaky_relu", "sigmoid", "tanh", "identity", "softplus"]


def random_architecture(rng: random.Random) -> dict:
    loss = rng.choice(["half_sse", "mse", "bce", "cross_entropy"])
    if loss in ("bce", "cross_entropy"):
        output = rng.choice(["sigmoid", "softmax"])
    else:
        output = rng.choice(ELEMENTWISE + ["softmax"])
    hidden = [rng.choice([1, 2, 3, 4]) for _ in range(rng.choice([0, 1, 1, 2]))]
    if hidden and rng.random() < 0.15:
        hidden[0] = 7  # wider than the neuron-detail limit: matrix form under --detail auto
    outputs = rng.randint(2, 3) if output == "softmax" or loss == "cross_entropy" else rng.randint(1, 2)
    return {
        "widths": [rng.randint(1, 3)] + hidden + [outputs],
        "activations": [rng.choice(ELEMENTWISE) for _ in hidden] + [output],
        "bias": [rng.random() < 0.85 for _ in range(len(hidden) + 1)],
        "slope": rng.choice(["0.01", "0.1", "0.25"]),
        "loss": loss,
        "samples": rng.choice([1, 1, 2, 3]),
        "steps": rng.choice([1, 1, 2, 3]),
    }


def decimal(rng: random.Random, low: float, high: float) -> str:
    return f"{rng.uniform(low, high):.1f}"


def random_numbers(arch: dict, rng: random.Random) -> dict:
    widths = arch["widths"]

    def target():
        n = widths[-1]
        if arch["loss"] == "cross_entropy":
            if rng.random() < 0.6:
                return _one_hot(rng, n)
            shares = [rng.randint(1, 4) for _ in range(n)]
            return [f"{s}/{sum(shares)}" for s in shares]
        if arch["loss"] == "bce":
            return [rng.choice(["0", "1", "0.5", "0.2"]) for _ in range(n)]
        return [decimal(rng, -1, 2) for _ in range(n)]

    layers = []
    for l in range(1, len(widths)):
        layer = {"weights": [[decimal(rng, -1, 1) for _ in range(widths[l - 1])] for _ in range(widths[l])],
                 "activation": arch["activations"][l - 1]}
        if arch["bias"][l - 1]:
            layer["biases"] = [decimal(rng, -1, 1) for _ in range(widths[l])]
        else:
            layer["bias"] = False
        if layer["activation"] == "leaky_relu":
            layer["negative_slope"] = arch["slope"]
        layers.append(layer)
    xs = [[decimal(rng, -2, 2) for _ in range(widths[0])] for _ in range(arch["samples"])]
    ys = [target() for _ in range(arch["samples"])]
    table = {"layers": widths, "loss": arch["loss"], "steps": arch["steps"], "layer": layers,
             "learning_rate": rng.choice(["0.1", "0.5", "1", "0.25", "0.05"])}
    if arch["samples"] == 1:
        table.update(input=xs[0], target=ys[0])
    else:
        table.update(inputs=xs, targets=ys)
    return table


def _one_hot(rng: random.Random, n: int) -> list:
    hot = rng.randrange(n)
    return [1 if j == hot else 0 for j in range(n)]


ARCHITECTURES = [random_architecture(random.Random(1000 + a)) for a in range(24)]
CHUNKS = 12
PER_CHUNK = 20  # 240 random networks


def random_case(seed: int):
    rng = random.Random(seed)
    arch = ARCHITECTURES[seed % len(ARCHITECTURES)]
    return random_numbers(arch, rng), rng.choice(DETAILS), rng.randint(2, 6), rng.random() < 0.5


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_every_line_of_random_networks_follows_from_its_printed_numbers(chunk):
    from symbp.spec import spec_from_dict

    failures = {}
    for seed in range(chunk * PER_CHUNK, (chunk + 1) * PER_CHUNK):
        table, detail, digits, carried = random_case(seed)
        formats = ("text", "md", "tex") if seed % 4 == 0 else ("text",)
        outputs = worked(spec_from_dict(table), digits if carried else None, detail, digits, formats)
        violations, reader = check_text(outputs["text"])
        if violations or reader.lines_checked < 10:
            failures[seed] = violations[:3] or ["too few lines read"]
        elif len(formats) == 3:
            text = relation_sequence(outputs["text"], "text")
            if any(relation_sequence(outputs[fmt], fmt) != text for fmt in ("md", "tex")):
                failures[seed] = ["Markdown or LaTeX differ from the text"]
    assert failures == {}


def test_the_random_networks_cover_every_activation_loss_and_form():
    cases = [random_case(seed) for seed in range(CHUNKS * PER_CHUNK)]
    activations = {layer["activation"] for table, *_ in cases for layer in table["layer"]}
    assert activations == set(ELEMENTWISE) | {"softmax"}
    assert {table["loss"] for table, *_ in cases} == {"half_sse", "mse", "bce", "cross_entropy"}
    assert {detail for _, detail, _, _ in cases} == set(DETAILS)
    assert {digits for _, _, digits, _ in cases} == {2, 3, 4, 5, 6}
    assert {carried for *_, carried in cases} == {False, True}
    assert any("inputs" in table for table, *_ in cases) and any(table["steps"] == 3 for table, *_ in cases)
    assert any(7 in table["layers"] for table, *_ in cases)


# ---- the checker itself finds what it should ----------------------------------------------------------
def mazur_text():
    return worked(example("mazur"))["text"]


@pytest.mark.parametrize("before, after", [
    ("σ(0.3775) ≈ 0.59327\n", "σ(0.3775) ≈ 0.59328\n"),  # 1.0008 units off σ(0.3775) = 0.5932699… (0.59326: test_one_unit_lines)
    ("0.7514·(1 − 0.7514) ≈ 0.1868", "0.7514·(1 − 0.7514) = 0.1868"),  # "=" on a rounded value
    ("= 0.0008771\n", "≈ 0.0008771\n"),  # "≈" where the printed numbers give it exactly
    ("(0.7514 − 0.01)·0.1868", "(0.7515 − 0.01)·0.1868"),  # a number not the one printed before
    ("(by 0.0179)", "(by 0.0180)"),  # the fall is not the difference of the printed costs
])
def test_the_line_checker_finds_a_planted_error(before, after):
    text = mazur_text()
    assert before in text
    violations, _ = check_text(text.replace(before, after, 1))
    assert violations != []


def test_the_line_checker_finds_a_wrong_matrix_entry():
    text = worked(example("batch3"), detail="matrix")["text"]
    planted = text.replace("≈ [−0.2452  −0.2452]", "≈ [−0.2452  −0.2453]", 1)  # [δ]·[a] ≈ [∂L/∂W]
    assert planted != text
    assert check_text(planted)[0] != []


# ---- what the issue found, pinned by values computed here --------------------------------------------
def test_a_tiny_loss_follows_from_guard_digits():
    """steps3's cost after three updates: ½(1.5 − a)² with a ≈ 1.5059 needs a to more digits than
    4; the line must give 1.715·10^−5 from the printed a (here: an independent float run)."""
    text = worked(example("steps3"))["text"]
    line = next(l for l in text.splitlines() if l.strip().startswith("L@4 ="))
    printed_a = Fraction(re.search(r"\(1\.5 − ([\d.]+)\)²", line).group(1))
    assert line.endswith("≈ 1.715·10^−5")
    assert abs(Fraction(1, 2) * (Fraction(3, 2) - printed_a) ** 2 - Fraction(1715, 10**8)) <= Fraction(1, 10**8)
    assert abs(steps3_final_loss() - 1.715e-5) < 5e-9


def steps3_final_loss() -> float:
    """examples/steps3.toml trained here: 2-3-1 ReLU, ½ squared error, α = 0.1, three steps."""
    w1, b1 = [[0.2, -0.4], [-0.3, 0.8], [0.5, 0.7]], [0.1, -0.2, -0.1]
    w2, b2 = [-0.6, 0.9, -0.3], 0.05
    x, y, alpha = [1.0, 2.0], 1.5, 0.1
    for _ in range(3):
        z1 = [sum(w * xi for w, xi in zip(row, x)) + b for row, b in zip(w1, b1)]
        a1 = [max(z, 0.0) for z in z1]
        z2 = sum(w * a for w, a in zip(w2, a1)) + b2
        d2 = (z2 - y) * (z2 > 0)
        d1 = [w2[k] * d2 * (z1[k] > 0) for k in range(3)]
        w2 = [w - alpha * d2 * a for w, a in zip(w2, a1)]
        b2 -= alpha * d2
        w1 = [[w - alpha * d1[j] * xi for w, xi in zip(w1[j], x)] for j in range(3)]
        b1 = [b - alpha * d for b, d in zip(b1, d1)]
    z1 = [sum(w * xi for w, xi in zip(row, x)) + b for row, b in zip(w1, b1)]
    a2 = max(sum(w * max(z, 0.0) for w, z in zip(w2, z1)) + b2, 0.0)
    return 0.5 * (y - a2) ** 2


def test_rounded_values_keep_their_significant_digits():
    """Mazur: δ_1^2 = −0.0380982 and b_1^2@2 = 0.6 + 0.5·0.0380982 = 0.6190491 (published δ).
    With δ printed −0.03810 the line would give 0.61905, which rounds to 0.6191: δ gets a guard
    digit, 0.6 + 0.5·0.038098 = 0.619049, which rounds to 0.6190."""
    text = mazur_text()
    assert "≈ −0.038098\n" in text
    assert "b_1^2@2 = b_1^2 − α·∂L/∂b_1^2 = 0.6 − 0.5·(−0.038098) ≈ 0.6190\n" in text


def test_vectors_of_rounded_values_are_approximate_and_exact_ones_equal():
    text = worked(example("batch3"), detail="matrix")["text"]
    lines = text.splitlines()
    # (W^T δ) of sample 1: 0.6·(−0.84174) = −0.505044 is rounded: ≈ (with a guard digit: −0.5050·0.9151
    # = −0.46213 would not round to −0.4622, −0.50504·0.91514 = −0.462182 does to −0.46218)
    backprop = next(l for l in lines if "⊙ (0.9151" in l)
    assert backprop.strip().startswith("≈ (−0.50504, ")
    assert any(re.fullmatch(r"    id'\(z_0\^2\[1\]\) = id'\(0\.07913\d*\) = 1", l) for l in lines)  # id' is exactly 1
    assert "    z^1[1] = (0.3, 0.3)" in lines  # sample 1: 0.3·1 − 0.1·0 + 0 = 0.3 exactly


def zero_network() -> dict:
    # z_0^1 = 0.4·0.5 + 0.3·(−1) + 0.1 = 0 exactly; tanh hidden layer, softmax output
    return {"layers": [2, 2, 2], "loss": "cross_entropy", "learning_rate": "0.5", "input": ["0.5", "-1"],
            "target": [0, 1],
            "layer": [{"activation": "tanh", "weights": [["0.4", "0.3"], ["0.2", "-0.1"]], "biases": ["0.1", "0.3"]},
                      {"activation": "softmax", "weights": [["0.5", "-0.4"], ["0.3", "0.2"]], "biases": ["0", "0.1"]}]}


def test_an_exact_zero_of_a_high_precision_network_is_exact_everywhere(tmp_path):
    from helpers import cli_runner
    from symbp.cli import main

    run = lambda *args: cli_runner().invoke(main, [str(a) for a in args])
    spec = tmp_path / "zero.toml"
    spec.write_text(toml(zero_network()))
    text = run("derive", spec).stdout
    assert "    z_0^1 = w_00^1·a_0^0 + w_01^1·a_1^0 + b_0^1 = 0.4·0.5 + 0.3·(−1) + 0.1 = 0\n" in text
    assert "    a_0^1 = tanh(z_0^1) = tanh(0) = 0\n" in text
    key = json.loads(run("derive", spec, "--format", "json").stdout)
    assert (key["exact"]["z_0^1"], key["exact"]["a_0^1"], key["exact"]["dL/dw_00^2"]) == ("0", "0", "0")
    answers = tmp_path / "answers.toml"
    answers.write_text('"z_0^1" = "0"\n"a_0^1" = "0"\n"dL/dw_00^2" = "0"\n')
    marked = run("check", spec, answers, "--format", "json")
    statuses = {name: q["status"] for name, q in json.loads(marked.stdout)["quantities"].items() if q["given"] is not None}
    assert statuses == {"z_0^1": "correct", "a_0^1": "correct", "dL/dw_00^2": "correct"}


def test_softmax_of_equal_inputs_is_exactly_one_half():
    """z^2 = (0.3, 0.3): softmax gives e^0.3/(2e^0.3) = 1/2 exactly (the printed e^0.3 ≈ 1.350
    and their sum 2.700 give it too), and δ = a − y exactly."""
    from symbp.spec import spec_from_dict

    table = {"layers": [1, 2], "loss": "cross_entropy", "learning_rate": "0.5", "input": ["1"], "target": [0, 1],
             "layer": [{"activation": "softmax", "weights": [["0.2"], ["0.2"]], "biases": ["0.1", "0.1"]}]}
    text = worked(spec_from_dict(table))["text"]
    assert "e^(z_0^1) = e^(0.3) ≈ 1.350\n" in text and "= 1.350 + 1.350 = 2.700\n" in text
    assert "a_0^1 = e^(z_0^1)/(Σ_i e^(z_i^1)) = 1.350/2.700 = 0.5\n" in text
    assert "a_1^1 − y_1 = 0.5 − 1 = −0.5\n" in text


def test_the_calculator_mode_carries_the_printed_vector(tmp_path):
    """--round-intermediate --detail matrix: δ^1 is computed from the rounded (W^T δ) it shows."""
    text = worked(example("mazur"), 15, "matrix", 15)["text"]
    assert check_text(text)[0] == []
    line = next(l for l in text.splitlines() if "⊙" in l and l.strip().startswith(("=", "≈")))
    sums, derivatives, deltas = (part.split(", ") for part in re.findall(r"\(([^()]*)\)", line))
    for s, f, d in zip(sums, derivatives, deltas):
        product = Fraction(s.replace("−", "-")) * Fraction(f.replace("−", "-"))
        assert abs(product - Fraction(d.replace("−", "-"))) <= Fraction(1, 10**17)


def test_carried_lines_state_the_exact_value_where_it_differs():
    text = worked(example("mazur"), 4)["text"]
    # exact: b_1^2@2 = 0.6190491; the calculator's 0.6 + 0.5·0.0381 = 0.61905 → 0.6191
    assert "0.6 − 0.5·(−0.03810) ≈ 0.6191    (exact: ≈ 0.6190)" in text or \
        "0.6 − 0.5·(−0.0381) ≈ 0.6191    (exact: ≈ 0.6190)" in text
    violations, reader = check_text(text)
    assert violations == [] and reader.notes


# ---- answer keys -----------------------------------------------------------------------------------------
def test_a_worksheet_key_carries_what_students_write_and_follows_line_by_line():
    from symbp.render import render
    from symbp.worksheet import SheetOptions, build_worksheet

    spec = example("mazur")
    sheet = build_worksheet(spec, 3, 11, SheetOptions())
    answers = json.loads(sheet.files["answers.json"])
    assert answers["key"] == "carried"
    key_tex = sheet.files["answer-key.tex"]
    for variant, entry in zip(sheet.variants, answers["variants"]):
        assert variant.solution.carried is not None
        text = render("text", variant.solution, variant.report)
        assert check_text(text)[0] == []
        body = key_tex.split(f"% worked solution of variant {variant.id} begins")[1]
        body = body.split(f"% worked solution of variant {variant.id} ends")[0]
        assert relation_sequence(body, "tex") == relation_sequence(text, "text")
        # answers.json: exact values as before, the carried ones besides
        assert set(entry["carried"]) == set(entry["exact"])
        assert entry["exact"]["L"] != entry["carried"]["L"]
        assert abs(float(Fraction(entry["carried"]["L"])) - entry["values"]["L"]) < 1e-3


def test_an_instructor_can_ask_for_the_exact_key():
    from symbp.worksheet import SheetOptions, build_worksheet

    sheet = build_worksheet(example("mazur"), 2, 11, SheetOptions(key="exact"))
    answers = json.loads(sheet.files["answers.json"])
    assert answers["key"] == "exact" and all("carried" not in v for v in answers["variants"])
    assert all(v.solution.carried is None for v in sheet.variants)


# ---- the render-time recheck ------------------------------------------------------------------------------
@pytest.mark.parametrize("planted", ["no guard digits", "wrong sign"])
def test_a_printed_line_that_does_not_follow_stops_the_output(tmp_path, monkeypatch, planted):
    """A display plan that went wrong (planted here: guard digits skipped, or "=" for "≈") is
    caught by the render-time recheck before anything is written: exit 3, no file."""
    from helpers import cli_runner
    from symbp.cli import main
    from symbp.render import plan

    if planted == "no guard digits":
        monkeypatch.setattr(plan.DisplayPlan, "holds", lambda self, relation: True)
    else:
        real = plan.DisplayPlan.sign  # (what `approx` and the printing pass decide the sign with)
        monkeypatch.setattr(plan.DisplayPlan, "sign", lambda self, relation, result, inputs:
                            False if relation.result == "L@4" else real(self, relation, result, inputs))
    out = tmp_path / "steps3.txt"
    result = cli_runner().invoke(main, ["derive", "--example", "steps3", "-o", str(out)])
    assert result.exit_code == 3 and not out.exists()
    assert "does not follow from its printed numbers" in result.stderr


def toml(table: dict) -> str:
    lines, layers = [], table.pop("layer")
    for key, value in table.items():
        lines.append(f"{key} = {json.dumps(value)}")
    for layer in layers:
        lines.append("[[layer]]")
        lines.extend(f"{key} = {json.dumps(value)}" for key, value in layer.items())
    return "\n".join(lines) + "\n"


def test_an_exact_zero_from_printed_numbers_that_cancel_and_copies_printed_alike():
    """Softmax + cross-entropy on a 2-2-2 tanh network with momentum (a new user's): δ_0^2 = −δ_1^2
    exactly, so δ_0^1 = (0.7·δ_0^2 + 0.7·δ_1^2)·tanh'(z_0^1) = 0.  Its line printed δ_0^2 with 4
    digits and δ_1^2 (a guard digit for its softmax line) with 5, (0.7·(−0.7110) + 0.7·0.71103)·0.9901
    ≈ 0, where those numbers give 2.1·10⁻⁵; the two are now printed alike and give 0 exactly.  And
    v_b = ∂L/∂b = δ, a copy of a copy, is printed as δ everywhere (it was `δ_1^2 = 0.71103 ≈ 0.711029`)."""
    import math

    from symbp.spec import spec_from_dict

    table = {"layers": [2, 2, 2], "activation": "tanh", "loss": "cross_entropy", "learning_rate": "0.1",
             "input": [1, 2], "target": [1, 0], "optimizer": {"name": "momentum"},
             "layer": [{"weights": [["0.3", "-0.4"], ["0.5", "0.8"]], "biases": ["0.6", "-0.9"]},
                       {"activation": "softmax", "weights": [["0.7", "-0.5"], ["0.7", "0.7"]], "biases": ["-0.4", "-0.5"]}]}
    # by hand, in floats
    a1 = [math.tanh(0.3 * 1 - 0.4 * 2 + 0.6), math.tanh(0.5 * 1 + 0.8 * 2 - 0.9)]
    z2 = [0.7 * a1[0] - 0.5 * a1[1] - 0.4, 0.7 * a1[0] + 0.7 * a1[1] - 0.5]
    a2_1 = math.exp(z2[1]) / (math.exp(z2[0]) + math.exp(z2[1]))
    prime = f"{1 - a1[0] ** 2:.4f}"
    text = worked(spec_from_dict(table))["text"]
    # δ_1^2 = a_1^2 − 0 with the guard digits its lines need (0.7110…, at least 5 significant digits)
    delta = re.search(r"    δ_1\^2 = a_1\^2 − y_1 = \S+ − 0 = (0\.7110\d+)\n", text).group(1)
    assert abs(float(delta) - a2_1) <= 10 ** -(len(delta) - 2) / 2
    assert (f"δ_0^1 = (w_00^2·δ_0^2 + w_10^2·δ_1^2)·tanh'(z_0^1) = (0.7·(−{delta}) + 0.7·{delta})·{prime} = 0\n"
            in text), text
    assert f"    ∂L/∂b_1^2 = δ_1^2 = {delta}\n" in text and f"    v_b_1^2 = ∂L/∂b_1^2 = {delta}\n" in text
    assert f"    δ_0^2 = a_0^2 − y_0 = {1 - float(delta):.{len(delta) - 2}f} − 1 = −{delta}\n" in text
    assert check_text(text)[0] == []
