"""A network where some layers have biases and some do not says which have none, on the sheet, in Moodle's
and PrairieLearn's givens and in a Markdown solution (stop 67's instructor tester: "Weights and biases" with
only b² listed, a student may think b¹ was left out)."""
from __future__ import annotations

import html

import pytest
from click.testing import CliRunner

from symbp.cli import main

_SPEC = """title = "partial bias"
layers = [2, 2, 2, 1]
activation = "tanh"
loss = "mse"
learning_rate = 0.5
input = [1, 0.5]
target = [1]
[[layer]]
weights = [[0.1, -0.2], [0.3, 0.4]]
{first}
[[layer]]
weights = [[0.5, -0.5], [0.2, 0.3]]
{second}
[[layer]]
weights = [[0.5, -0.5]]
biases = [0.1]
"""
_SAID = {"en": {1: "layer 1 has no biases", 2: "layers 1 and 2 have no biases"},
         "de": {1: "Schicht 1 hat keine Bias-Werte", 2: "die Schichten 1 und 2 haben keine Bias-Werte"},
         "fr": {1: "la couche 1 n’a pas de biais", 2: "les couches 1 et 2 n’ont pas de biais"}}


def _spec(tmp_path, unbiased: int):
    second = "bias = false" if unbiased == 2 else "biases = [0.1, 0.2]"
    path = tmp_path / f"pb{unbiased}.toml"
    path.write_text(_SPEC.format(first="bias = false", second=second), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("locale", ["en", "de", "fr"])
@pytest.mark.parametrize("unbiased", [1, 2])
def test_the_layers_without_biases_are_named_on_every_page(tmp_path, locale, unbiased):
    spec, said = _spec(tmp_path, unbiased), _SAID[locale][unbiased]
    out = tmp_path / "ws"
    result = CliRunner().invoke(main, ["worksheet", spec, "-n", "1", "--seed", "1", "--locale", locale, "--out", str(out),
                                       "--moodle", str(tmp_path / "q.xml")])
    assert result.exit_code == 0, result.output
    assert said in (out / "worksheet.tex").read_text(encoding="utf-8")
    assert said in html.unescape((tmp_path / "q.xml").read_text(encoding="utf-8"))
    result = CliRunner().invoke(main, ["derive", spec, "--format", "md", "--locale", locale])
    assert result.exit_code == 0 and f"({said})" in result.output, result.output[:800]


def test_a_network_with_every_bias_or_none_is_worded_as_before(tmp_path):
    full = tmp_path / "full.toml"
    full.write_text(_SPEC.format(first="biases = [0.1, 0.2]", second="biases = [0.1, 0.2]"), encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", str(full), "--format", "md"])
    assert "The weights and biases:" in result.output and "no biases" not in result.output
