"""The givens of a Moodle or PrairieLearn question say what n is in L = (1/n)Σ… for mse and bce, as the PDF
does (stop 67's instructor tester's HIGH: with two outputs, n = 1 doubles L and every δ), and word the loss
as the PDF does (French: "; ln est le logarithme népérien, pour chaque exemple, moyennée sur le lot.")."""
from __future__ import annotations

import html
import importlib.util
import re

import pytest
from click.testing import CliRunner

from symbp.cli import main

_SPEC = """title = "t"
layers = [2, 2, {outputs}]
activation = "sigmoid"
loss = "{loss}"
learning_rate = 0.5
input = [1, 0.5]
target = {target}
{batch}
[[layer]]
weights = [[0.1, -0.2], [0.3, 0.4]]
biases = [0.1, 0.2]
[[layer]]
weights = {weights}
biases = {biases}
"""


def _spec(tmp_path, loss: str, outputs: int, batch: bool = False) -> str:
    target = {1: "[1]", 2: "[1, 0]", 3: "[0, 1, 0]"}[outputs]
    weights = {1: "[[0.5, -0.5]]", 2: "[[0.5, -0.5], [0.2, 0.3]]", 3: "[[0.5, -0.5], [0.2, 0.3], [0.1, 0.1]]"}[outputs]
    biases = {1: "[0.1]", 2: "[0.1, 0.2]", 3: "[0.1, 0.2, 0.3]"}[outputs]
    text = _SPEC.format(outputs=outputs, loss=loss, target=target, weights=weights, biases=biases, batch="")
    if batch:
        text = text.replace("input = [1, 0.5]\n", "inputs = [[1, 0.5], [0.5, 1]]\n").replace(
            f"target = {target}\n", f"targets = [{target}, {target}]\n")
    path = tmp_path / f"{loss}{outputs}{'b' if batch else ''}.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _moodle_givens(tmp_path, spec: str, locale: str) -> str:
    out = tmp_path / f"ws-{locale}-{abs(hash(spec))}"
    result = CliRunner().invoke(main, ["worksheet", spec, "-n", "1", "--seed", "3", "--locale", locale, "--out", str(out),
                                       "--moodle", str(out) + ".xml"])
    assert result.exit_code == 0, result.output
    return html.unescape((tmp_path / f"{out.name}.xml").read_text(encoding="utf-8"))


_LOSS_WORD = {"en": "Cost", "de": "Verlustfunktion", "fr": "Perte"}


def _loss_item(text: str, locale: str) -> str:
    found = re.search(_LOSS_WORD[locale] + r"\s?: \\\(L = .*?</li>", text)
    assert found, text[:2000]
    return found.group()


@pytest.mark.parametrize("loss", ["mse", "bce"])
@pytest.mark.parametrize("locale", ["en", "de", "fr"])
def test_the_loss_item_says_how_many_outputs_n_counts(tmp_path, loss, locale):
    for outputs in (1, 2, 3):
        item = _loss_item(_moodle_givens(tmp_path, _spec(tmp_path, loss, outputs), locale), locale)
        assert f"\\(n = {outputs}\\)" in item, item
        assert item.endswith(".</li>"), item


def test_a_batch_s_loss_is_worded_as_the_pdf_words_it(tmp_path):
    item = _loss_item(_moodle_givens(tmp_path, _spec(tmp_path, "bce", 2, batch=True), "fr"), "fr")
    assert item.endswith("\\(\\ln\\) est le logarithme népérien, pour chaque exemple, moyennée sur le lot.</li>"), item
    item = _loss_item(_moodle_givens(tmp_path, _spec(tmp_path, "half_sse", 2, batch=True), "en"), "en")
    assert item.endswith(", per sample, averaged over the batch.</li>") and "n = " not in item, item


def test_prairielearn_s_givens_say_it_too(tmp_path):
    folder = tmp_path / "pl"
    result = CliRunner().invoke(main, ["worksheet", _spec(tmp_path, "mse", 2), "-n", "1", "--seed", "3", "--out",
                                       str(tmp_path / "ws"), "--prairielearn", str(folder)])
    assert result.exit_code == 0, result.output
    spec = importlib.util.spec_from_file_location("server", folder / "server.py")
    server = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(server)
    data = {"params": {}, "correct_answers": {}, "variant_seed": "a1", "options": {"question_path": str(folder)}}
    server.generate(data)
    assert "\\(n = 2\\)" in _loss_item(html.unescape(data["params"]["givens_html"]), "en")
