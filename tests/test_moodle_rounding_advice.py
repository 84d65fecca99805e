"""A Moodle question says how to round on the way where its gaps follow the key's carried values
(the course-platform hunter's MEDIUM, stop 55): a gap accepts a band about the exact value and
about the value the key carries; a careful student who also rounded inside a formula (1 + e^−z of
σ) landed outside it several steps on.  The question now tells students the rounding its gaps
follow; an exact key's question does not (its gaps follow the exact value alone)."""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

import pytest

from helpers import cli_runner
from symbp.cli import main


def question_text(tmp_path, *options) -> str:
    quiz = tmp_path / "quiz.xml"
    result = cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "3", "--out",
                                        str(tmp_path / "ws"), "--moodle", str(quiz), *options])
    assert result.exit_code == 0, result.output
    node = ET.parse(quiz).getroot().find("question[@type='cloze']/questiontext/text")
    return re.sub(r"<[^>]+>", " ", html.unescape(node.text))


@pytest.mark.parametrize("options, advice", [((), True), (("--exact-key",), False),
                                             (("--locale", "de"), True)])
def test_the_question_says_how_to_round_where_its_gaps_follow_the_carried_key(tmp_path, options, advice):
    text = question_text(tmp_path, *options)
    said = {"en": "round each value you work out (an f′(z) too) to 4 significant digits and work on "
                  "with it, and round nothing else on the way",
            "de": "Runden Sie jeden Wert, den Sie ausrechnen (auch ein f′(z)), auf 4 signifikante Stellen und "
                  "rechnen Sie mit ihm weiter; runden Sie sonst nichts auf dem Weg"}["de" if "de" in options else "en"]
    assert (said in text) == advice, text[:2000]
    assert "{" + "{" not in text  # (the catalogue's LaTeX braces written once)


def test_the_question_defines_its_activations_and_ln_as_the_sheet_does(tmp_path):
    """(the new user's LOW, stop 55) the Moodle text named "layer 1: σ" without saying what σ is, and a
    cross-entropy's ln without "natural"; the printed sheet says both."""
    spec = tmp_path / "net.toml"
    spec.write_text('layers = [2, 2, 2]\nactivation = "sigmoid"\nloss = "cross_entropy"\nlearning_rate = 0.5\n'
                    'input = [1, 2]\ntarget = [0, 1]\n[[layer]]\nweights = [[0.1, 0.2], [0.3, 0.4]]\nbiases = [0, 0]\n'
                    '[[layer]]\nactivation = "softmax"\nweights = [[0.5, -0.5], [0.2, 0.1]]\nbiases = [0, 0]\n',
                    encoding="utf-8")
    quiz = tmp_path / "quiz.xml"
    result = cli_runner().invoke(main, ["worksheet", str(spec), "-n", "1", "--seed", "2", "--out", str(tmp_path / "ws"),
                                        "--moodle", str(quiz)])
    assert result.exit_code == 0, result.output
    node = ET.parse(quiz).getroot().find("question[@type='cloze']/questiontext/text")
    text = html.unescape(node.text)
    assert r"\(\sigma(z) = 1/(1 + e^{-z})\), the logistic sigmoid" in text
    assert r"e^{z_{j}} / \sum_{i} e^{z_{i}}\), over the layer's neurons" in text
    assert r"\(\ln\) is the natural logarithm" in text


@pytest.mark.parametrize("example, locale, said", [
    ("softmax3", "en", r"Keep each \(e^{z_j}\) of the softmax layer and their sum unrounded"),
    ("softmax3", "de", r"Behalten Sie jedes \(e^{z_j}\) der Softmax-Schicht und ihre Summe ungerundet"),
    ("nn231", "en", None)])
def test_a_softmax_question_says_to_keep_its_exponentials_unrounded(tmp_path, example, locale, said):
    """(the new user's MEDIUM, stop 59) the printed sheet lets students round each e^{z_j} and their sum,
    which check and PrairieLearn follow; a Moodle gap's band does not (a 40-variant softmax exam: students
    who rounded only those lost up to 23 of 145 gaps), and its question did not say so."""
    quiz = tmp_path / "quiz.xml"
    result = cli_runner().invoke(main, ["worksheet", "--example", example, "-n", "1", "--seed", "3", "--out",
                                        str(tmp_path / "ws"), "--moodle", str(quiz), "--locale", locale])
    assert result.exit_code == 0, result.output
    text = html.unescape(ET.parse(quiz).getroot().find("question[@type='cloze']/questiontext/text").text)
    if said is None:
        assert "softmax" not in text.lower()
    else:
        assert said in text, text[:3000]
