"""A worksheet that asks for an optimizer's state says how the state and the parameters are updated:
the sheet asked for "its state v" with only "SGD with momentum (torch.optim.SGD, dampening 0)" given,
and a student taught u ← βu − αg wrote every v wrong (a new user, stop 53).  The givens now print the
update equations the key works with, before the first task, in every language."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from symbp.cli import main
from symbp.resources import example_path

OPTIMIZERS = {
    "momentum": ('name = "momentum"\nbeta = 0.9\n', [r"v_{p}^{\langle t\rangle} &= \beta\, v_{p}^{\langle t-1\rangle}"]),
    "adam": ('name = "adam"\nbeta1 = 0.9\nbeta2 = 0.999\neps = 1e-8\n',
             [r"m_{p}^{\langle t\rangle} &= \beta_1 m_{p}^{\langle t-1\rangle}", r"\hat{v}_{p}^{\langle t\rangle}"]),
    "rmsprop": ('name = "rmsprop"\nrho = 0.99\neps = 1e-8\n', [r"v_{p}^{\langle t\rangle} &= \rho\, v_{p}^{\langle t-1\rangle}"]),
    "adagrad": ('name = "adagrad"\neps = 1e-10\n', [r"s_{p}^{\langle t\rangle} &= s_{p}^{\langle t-1\rangle}"]),
}


def _givens(tex: str) -> str:
    start = tex.index(r"\givenitem")
    return tex[start:tex.index(r"\task{", start)]


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("locale", ["en", "de"])
def test_the_givens_state_the_update_equations(tmp_path, optimizer, locale):
    settings, equations = OPTIMIZERS[optimizer]
    spec = tmp_path / "net.toml"
    spec.write_text(example_path("nn231").read_text(encoding="utf-8").replace("[variants]", f"[optimizer]\n{settings}\n[variants]"),
                    encoding="utf-8")
    done = CliRunner().invoke(main, ["worksheet", str(spec), "-n", "1", "--seed", "3", "--locale", locale, "-o", str(tmp_path / "ws")])
    assert done.exit_code == 0, done.output
    givens = _givens((tmp_path / "ws" / "worksheet.tex").read_text(encoding="utf-8"))
    assert r"\begin{align*}" in givens
    for equation in equations:
        assert equation in givens, (equation, givens)
    assert len(re.findall(r"\\task\{", givens)) == 0


def test_plain_sgd_prints_no_update_equations(tmp_path):
    done = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "3", "-o", str(tmp_path / "ws")])
    assert done.exit_code == 0, done.output
    assert r"\begin{align*}" not in _givens((tmp_path / "ws" / "worksheet.tex").read_text(encoding="utf-8"))


def test_a_moodle_question_states_them_too(tmp_path):
    """The same equations in the Moodle question's givens (MathJax display math, & escaped for HTML)."""
    import xml.etree.ElementTree as ET

    quiz = tmp_path / "quiz.xml"
    done = CliRunner().invoke(main, ["worksheet", "--example", "momentum2", "-n", "2", "--seed", "3", "-o", str(tmp_path / "ws"),
                                     "--moodle", str(quiz)])
    assert done.exit_code == 0, done.output
    texts = [q.find("questiontext/text").text for q in ET.parse(quiz).getroot().iter("question") if q.get("type") != "category"]
    assert len(texts) == 2
    for text in texts:
        givens = text[text.index("<ul>"):text.index("</ul>")]
        assert r"\[\begin{aligned} v_{p}^{\langle t\rangle} &amp;= \beta\, v_{p}^{\langle t-1\rangle}" in givens
        assert "built-in method" not in givens
