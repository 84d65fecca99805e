"""A network without biases is asked for no bias (the print hunter's MEDIUM of stop 56): its sheet asked
"compute every δ and the gradients ∂L/∂w and ∂L/∂b", "every weight and bias after one update", "with the
updated weights and biases" and gave "Weights and biases" — of a network that has none.  Read as a student
reads them: the sheet's tasks and givens (LaTeX), the Moodle and PrairieLearn questions (HTML) and the
Markdown solution, in en/de/fr; a network with biases in some layers only is asked for those."""
from __future__ import annotations

import re

import pytest

from helpers import cli_runner
from symbp.cli import main

NOBIAS = """layers = [2, 2, 1]
activation = "sigmoid"
loss = "bce"
learning_rate = 1
input = [0.35, 0.7]
target = [1]
{optimizer}
[[layer]]
weights = [[0.2, 0.2], [0.3, 0.3]]
bias = {hidden}
{hidden_biases}
[[layer]]
weights = [[0.3, 0.9]]
bias = {output}
{output_biases}
"""
# the words for a bias in each language (a "has no biases" note apart)
BIAS_WORDS = {"en": r"\bbias", "de": r"Bias", "fr": r"\bbiais"}
NONE_SAID = {"en": "has no biases", "de": "hat keine Bias-Werte", "fr": "pas de biais"}
ADAM = {"en": "bias correction", "de": "Bias-Korrektur", "fr": "correction du biais"}  # (Adam's, not a layer's)


def _words(text: str, locale: str) -> str:
    """`text` without the sentences that rightly name a bias: the network has none, Adam's correction."""
    text = re.sub(r"(?i)network without biases", "", text.replace(NONE_SAID[locale], "").replace(ADAM[locale], ""))
    return text


def _spec(tmp_path, hidden: bool, output: bool, optimizer: str = "") -> str:
    path = tmp_path / "net.toml"
    path.write_text(NOBIAS.format(hidden=str(hidden).lower(), output=str(output).lower(), optimizer=optimizer,
                                  hidden_biases="biases = [0.1, -0.1]" if hidden else "",
                                  output_biases="biases = [0.2]" if output else ""), encoding="utf-8")
    return str(path)


def _tasks(tex: str) -> dict[int, str]:
    return {int(m.group(1)): m.group(2) for m in re.finditer(r"\\task(?:\[[^\]]*\])?\{(\d+)\}\{(.*)\}\{[\d.]+cm\}", tex)}


@pytest.mark.parametrize("locale", ["en", "de", "fr"])
@pytest.mark.parametrize("optimizer", ["", '[optimizer]\nname = "adam"\nbeta1 = 0.9\nbeta2 = 0.999\neps = 1e-8'], ids=["sgd", "adam"])
def test_a_network_without_biases_is_asked_for_none(tmp_path, locale, optimizer):
    out = tmp_path / "ws"
    result = cli_runner().invoke(main, ["worksheet", _spec(tmp_path, False, False, optimizer), "-n", "1", "--seed", "3",
                                        "--locale", locale, "--moodle", str(out / "q.xml"), "--prairielearn",
                                        str(out / "pl"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = (out / "worksheet.tex").read_text(encoding="utf-8")
    tasks = _tasks(sheet)
    assert len(tasks) == 8, tasks
    for number, prose in tasks.items():
        assert "partial b" not in prose and not re.search(BIAS_WORDS[locale], prose), (number, prose)
    body = sheet[sheet.index("\\begin{document}"):]
    givens = body[body.index("\\givenitem"):body.index("\\task")]
    assert NONE_SAID[locale] in givens
    assert not re.search(BIAS_WORDS[locale], _words(givens, locale)), givens
    for platform in (out / "q.xml", out / "pl" / "question.html"):
        text = platform.read_text(encoding="utf-8")
        assert "partial b" not in text
    moodle = (out / "q.xml").read_text(encoding="utf-8")
    words = _words(moodle, locale)
    assert not re.search(BIAS_WORDS[locale], words), re.search(r".{80}" + BIAS_WORDS[locale] + r".{40}", words)


def test_biases_in_the_hidden_layer_only_are_asked_there(tmp_path):
    out = tmp_path / "ws"
    result = cli_runner().invoke(main, ["worksheet", _spec(tmp_path, True, False), "-n", "1", "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    tasks = _tasks((out / "worksheet.tex").read_text(encoding="utf-8"))
    assert "partial b" not in tasks[4] and "partial b^{1}" in tasks[5]
    assert "every weight and bias" in tasks[6] and "weights and biases" in tasks[7]
    assert "Weights and biases (" in (out / "worksheet.tex").read_text(encoding="utf-8")


def test_the_markdown_solution_gives_weights_only(tmp_path):
    result = cli_runner().invoke(main, ["derive", _spec(tmp_path, False, False), "--format", "md"])
    assert result.exit_code == 0, result.output
    assert "The weights (the network has no biases):" in result.stdout and "weights and biases" not in result.stdout


@pytest.mark.parametrize("locale, comma_free", [("de", "und die Ableitung"), ("fr", "et la dérivée")])
def test_the_formulas_task_has_no_comma_before_and(tmp_path, locale, comma_free):
    """(the reviewer's LOW of stop 56) '…, ∂L/∂w, und die Ableitung' without biases: no comma in German or French."""
    out = tmp_path / "ws"
    assert cli_runner().invoke(main, ["worksheet", _spec(tmp_path, False, False), "-n", "1", "--seed", "3", "--locale",
                                      locale, "--out", str(out)]).exit_code == 0
    formulas = _tasks((out / "worksheet.tex").read_text(encoding="utf-8"))[3]
    assert "w^{l}_{jk}$ " + comma_free in formulas, formulas


def test_hidden_layers_some_with_biases_are_asked_for_theirs(tmp_path):
    """(the reviewer's LOW of stop 56) layer 1 with biases, layer 2 without: ∂L/∂b^l of 'each layer that has biases'."""
    spec = tmp_path / "net.toml"
    spec.write_text('layers = [2, 2, 2, 1]\nactivation = "sigmoid"\nloss = "half_sse"\nlearning_rate = 0.5\n'
                    'input = [0.35, 0.7]\ntarget = [1]\n[[layer]]\nweights = [[0.2, 0.2], [0.3, 0.3]]\nbiases = [0.1, 0.2]\n'
                    '[[layer]]\nweights = [[0.2, 0.4], [0.3, 0.5]]\nbias = false\n[[layer]]\nweights = [[0.3, 0.9]]\n'
                    'bias = false\n', encoding="utf-8")
    out = tmp_path / "ws"
    assert cli_runner().invoke(main, ["worksheet", str(spec), "-n", "1", "--seed", "1", "--out", str(out)]).exit_code == 0
    tasks = _tasks((out / "worksheet.tex").read_text(encoding="utf-8"))
    assert "partial b" not in tasks[4]
    assert tasks[5].endswith("and $\\partial L/\\partial b^{l}_{j}$ of each layer that has biases.")
