"""The last new user's findings of stop 56: check's --min-digits above --digits (refused in the command,
not by click) left an earlier run's report; derive naming a spec and an example left the spec's earlier
file; "1 gradients agree"; ∂L/∂b of a network without biases was told "did you mean dL/da"; ③ stated
z = Σ w·a + b for every layer where only some have biases; a French key note's grammar."""
from __future__ import annotations

import pytest

import test_hostile_stop56 as stop56
from helpers import REPO, cli_runner
from symbp.cli import main

ONE_WEIGHT = """title = "one weight"
layers = [1, 1]
activation = "sigmoid"
loss = "half_sse"
learning_rate = 0.5
input = [1]
target = [1]
[[layer]]
weights = [[0.5]]
bias = false
"""
FIRST_BIAS = ONE_WEIGHT.replace("layers = [1, 1]", "layers = [1, 1, 1]").replace(
    "bias = false", "biases = [0.1]\n[[layer]]\nweights = [[0.5]]\nbias = false")


def test_min_digits_above_digits_withdraws_the_earlier_report(tmp_path):
    stop56.test_a_usage_error_withdraws_the_earlier_runs_output(tmp_path, "check", ["--digits", "3", "--min-digits", "4"])


def test_a_spec_and_an_example_withdraw_either_earlier_file(tmp_path):
    spec = tmp_path / "net.toml"
    spec.write_text((REPO / "examples" / "nn231.toml").read_text(encoding="utf-8"), encoding="utf-8")
    for made in (["derive", str(spec)], ["derive", "--example", "nn231"]):
        out = tmp_path / "out.txt"
        assert cli_runner().invoke(main, [*made, "-o", str(out)]).exit_code == 0 and out.is_file()
        both = cli_runner().invoke(main, ["derive", str(spec), "--example", "nn231", "-o", str(out)])
        assert both.exit_code == 2 and not out.exists() and f"removed {out}" in both.stderr, both.stderr


@pytest.mark.parametrize("locale, one, many", [
    ("en", "; 1 gradient agrees with central finite differences of L", "; 13 gradients agree"),
    ("de", "; 1 Gradient stimmt mit zentralen Differenzenquotienten von L überein", "; 13 Gradienten stimmen"),
    ("fr", " ; 1 gradient concorde avec les différences finies centrées de L", " ; 13 gradients concordent"),
])
def test_one_gradient_is_one(tmp_path, locale, one, many):
    spec = tmp_path / "one.toml"
    spec.write_text(ONE_WEIGHT, encoding="utf-8")  # one weight, no bias: one gradient
    text = cli_runner().invoke(main, ["derive", str(spec), "--locale", locale]).stdout
    assert one in text, text[-600:]
    nn231 = cli_runner().invoke(main, ["derive", "--example", "nn231", "--locale", locale]).stdout
    assert many in nn231  # 2-3-1: 6 + 3 weights, 3 + 1 biases: 13 gradients


def test_a_bias_of_a_network_without_one_is_named_so(tmp_path):
    spec = tmp_path / "one.toml"
    spec.write_text(ONE_WEIGHT, encoding="utf-8")
    first = tmp_path / "first.toml"
    first.write_text(FIRST_BIAS, encoding="utf-8")
    for net, name, said in ((spec, "dL/db_0^1", "(the network has no biases)"),
                            (spec, "b_0^1@2", "(the network has no biases)"),
                            (first, "dL/db_0^2", "(layer 2 of the network has no biases)"),
                            (first, "dL/db_1^1", "(did you mean 'dL/db_0^1'?)"),
                            # no such layer: as any unknown name (the review of 7336393: "layer 5 … has no biases")
                            (first, "b_0^5", "(did you mean"), (spec, "dL/db_0^0", "(did you mean")):
        answers = tmp_path / "a.toml"
        answers.write_text(f'"{name}" = "0.1"\n', encoding="utf-8")
        run = cli_runner().invoke(main, ["check", str(net), str(answers)])
        assert run.exit_code == 2 and f"{name}: not a quantity of this network {said}" in run.stderr, run.stderr


def test_the_pre_activation_formula_says_which_layers_have_a_bias(tmp_path):
    first = tmp_path / "first.toml"
    first.write_text(FIRST_BIAS, encoding="utf-8")
    text = cli_runner().invoke(main, ["derive", str(first)]).stdout
    assert "z_j^l = Σ_k w_jk^l·a_k^(l−1) + b_j^l   (b_j^l only in the layers with a bias)\n    a_j^l = f(z_j^l)" in text
    german = cli_runner().invoke(main, ["derive", str(first), "--format", "md", "--locale", "de"]).stdout
    # (no $…$ inside \text{}: MathJax 3 shows it raw, stop 63)
    assert r"+ b^{l}_{j} \quad\text{(}b^{l}_{j}\text{ nur in den Schichten mit Bias)} \\" + "\n" + r"a^{l}_{j} &= f(z^{l}_{j})" \
        in german
    every = cli_runner().invoke(main, ["derive", "--example", "nn231"]).stdout
    assert "z_j^l = Σ_k w_jk^l·a_k^(l−1) + b_j^l\n" in every  # (every layer has biases: no note)


def test_the_french_key_note_is_a_sentence():
    french = (REPO / "templates" / "i18n" / "fr.toml").read_text(encoding="utf-8")
    assert "qui garde tous les chiffres l’écrit" not in french
    assert "(l’étudiant qui garde tous les chiffres écrit celle-ci ; les deux sont justes)" in french
