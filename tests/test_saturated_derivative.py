"""A hidden sigmoid/tanh/softplus unit driven far into saturation by a large input (z ≈ 50 from
input 100): σ'(z) = a(1 − a) ≈ 10^−22 cannot follow from a printed a ≈ 1.000… (1 − a gives 0 from
any printed digits), so the derivation used to stop with exit 3.  Such a line is now written at the
printed z, σ'(z) = σ'(49.3), as f' of an activation without an output form is; every line of the
text is then read back by `linecheck.check_text` (its own parser and mpmath evaluator), and the
Markdown and LaTeX outputs carry the same relation signs and numbers.  In the calculator mode the
carried a is 1.000, so σ' = 1.000·(1 − 1.000) = 0 is what a student gets: that is printed, with
the exact value beside it.  An input too large to be worked at all (10^99) is refused with the
field named (exit 2)."""

from __future__ import annotations

import re

import pytest

from linecheck import check_text, relation_sequence


def _spec(activation: str, x, loss: str = "half_sse") -> str:
    return (f'layers = [2, 3, 1]\nactivation = "{activation}"\nloss = "{loss}"\nlearning_rate = 0.1\n'
            f"input = [{x}, 2]\ntarget = [0.5]\n"
            "[[layer]]\nweights = [[0.5, -0.4], [-0.3, 0.8], [0.5, 0.7]]\nbiases = [0.1, -0.2, -0.1]\n"
            "[[layer]]\nweights = [[-0.6, 0.9, -0.3]]\nbiases = [0.05]\n")


def _outputs(activation, x, carried, detail):
    from symbp.pipeline import derive_solution
    from symbp.render import render
    from symbp.spec import parse_spec

    solution, report = derive_solution(parse_spec(_spec(activation, x)), round_to=4 if carried else None,
                                       symbolic=False, detail=detail)
    return {fmt: render(fmt, solution, report, detail=detail, digits=4) for fmt in ("text", "md", "tex")}


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "softplus"])
@pytest.mark.parametrize("x", [10, 30, 50, 100, 300])
@pytest.mark.parametrize("carried", [False, True])
def test_a_saturating_input_gives_a_solution_whose_every_line_follows(activation, x, carried):
    for detail in ("auto", "neuron", "matrix"):
        outputs = _outputs(activation, x, carried, detail)
        violations, reader = check_text(outputs["text"])
        assert violations == [], (detail, violations[:3])
        assert reader.lines_checked > 25
        text = relation_sequence(outputs["text"], "text")
        for fmt in ("md", "tex"):
            assert relation_sequence(outputs[fmt], fmt) == text, (detail, fmt)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_a_saturated_derivative_is_written_at_z_with_its_true_value(activation):
    import mpmath

    text = _outputs(activation, 100, False, "neuron")["text"]
    line = re.search(rf"    {activation[0]}\S*'\(z_0\^1\) = \S+'\((\S+)\) ≈ (\S+)", text.replace("σ", "s"))
    assert line is not None
    z = mpmath.mpf(line.group(1))
    mpmath.mp.dps = 60
    true = mpmath.exp(-z) / (1 + mpmath.exp(-z)) ** 2 if activation == "sigmoid" else 1 / mpmath.cosh(z) ** 2
    mantissa, _, exponent = line.group(2).partition("·10^")
    printed = float(mantissa) * 10 ** int(exponent.replace("−", "-"))
    assert abs(printed - float(true)) <= 1e-3 * float(true)


def test_calculator_mode_prints_the_zero_a_student_gets_and_the_exact_value():
    text = _outputs("sigmoid", 100, True, "neuron")["text"]
    line = next(line for line in text.splitlines() if line.startswith("    σ'(z_0^1) = "))
    assert "= 1.000·(1 − 1.000) = 0" in line and "(exact: ≈ " in line


@pytest.mark.parametrize("activation, x", [("sigmoid", "1e99"), ("tanh", "1e99"), ("softplus", "1e99"),
                                           ("sigmoid", "1e4"), ("tanh", "1e4")])  # (softplus(5000) = 5000: fine)
def test_an_input_too_large_to_work_is_refused_naming_it(tmp_path, activation, x):
    from helpers import cli_runner

    from symbp.cli import main
    from symbp.spec import parse_spec

    spec_file, out = tmp_path / "big.toml", tmp_path / "out.txt"
    spec_file.write_text(_spec(activation, x), encoding="utf-8")
    result = cli_runner().invoke(main, ["derive", str(spec_file), "-o", str(out)])
    assert result.exit_code == 2
    message = result.output.strip().splitlines()[-1]
    assert message.split(": ", 2)[2].startswith("input[0]: ")
    # the pre-activation it names, with its value worked out here from the spec: z_j^1 = Σ_k w_jk·x_k + b_j
    m = re.search(r"gives (z_(\d)\^1) = (−?\d)·10\^(\d+), too large", message)
    assert m is not None, message
    layer = parse_spec(_spec(activation, x)).layers[0]
    row = int(m.group(2))
    z = sum(w * v for w, v in zip(layer.weights[row], (float(x), 2))) + layer.biases[row]
    assert float(m.group(3).replace("−", "-")) * 10 ** int(m.group(4)) == pytest.approx(float(z), rel=0.1)
    assert "sensible size" in message
    assert not out.exists()


def test_a_large_weight_of_a_later_layer_is_named():
    from symbp.errors import SpecError
    from symbp.pipeline import derive_solution
    from symbp.spec import parse_spec

    spec = _spec("sigmoid", 1).replace("[[-0.6, 0.9, -0.3]]", "[[-6e99, 0.9, -0.3]]")
    with pytest.raises(SpecError) as raised:
        derive_solution(parse_spec(spec), symbolic=False)
    assert raised.value.field == "the 2nd [[layer]] table (layer 2): weights[0][0]"
    assert "z_0^2" in str(raised.value)


# RMSprop at learning rate 2 drives the hidden tanh to z ≈ −90.5 at step 2 (survey_softmax_mse.py, seed 292):
# tanh'(z) = 1 − tanh(z)² of the printed (rounded) z cancels in all 50 digits the plan worked it with, so no
# digits of z could make its line follow (exit 3); worked with more digits, tanh'(−90.5361) ≈ 9.192·10⁻⁷⁹ follows.
SURVEY_292 = {"layers": [3, 1, 2], "loss": "mse", "steps": 3, "learning_rate": "2", "input": ["1.6", "-1.1", "2.0"],
              "target": ["1.1", "1.0"], "optimizer": {"name": "rmsprop"},
              "layer": [{"weights": [["0.7", "-0.6", "0.8"]], "activation": "tanh", "bias": False},
                        {"weights": [["-0.4"], ["-0.6"]], "activation": "softmax", "biases": ["0.5", "-1.0"]}]}


def test_a_tanh_saturated_by_training_is_written_at_its_rounded_z_and_follows():
    import mpmath

    from symbp import api

    text = api.derive(api.spec_from_dict(SURVEY_292), 3).to("text")
    violations, reader = check_text(text)
    assert violations == [] and reader.lines_checked > 100
    line = next(line for line in text.splitlines() if line.strip().startswith("tanh'(z_0^1@2) = tanh'("))
    z, mantissa, exponent = re.fullmatch(r".*tanh'\((−?[\d.]+)\) ≈ ([\d.]+)·10\^−(\d+)", line).groups()
    with mpmath.workdps(60):
        expected = mpmath.sech(mpmath.mpf(z.replace("−", "-"))) ** 2
    assert abs(mpmath.mpf(mantissa) * mpmath.mpf(10) ** -int(exponent) / expected - 1) < mpmath.mpf("1e-3")
