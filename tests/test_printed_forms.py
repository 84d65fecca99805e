"""One given, one printed form: what a reader sees of the numbers a spec gives, wherever a page
prints them (the reviewers' and new users' findings of the print23 session).

Expected texts are written out here from the spec's own numbers (0.12345678901 is printed as
0.12345678901; 10^6 as 1·10^6, networks' rule: numbers from 10^6 on as m·10^e).
"""

from __future__ import annotations

import re

import pytest

from helpers import run_symbp

from symbp.api import derive, spec_from_dict

SLOPE = "0.12345678901"
LEAKY = {"title": "Leaky", "layers": [2, 3, 1], "activation": "leaky_relu", "negative_slope": float(SLOPE),
         "loss": "half_sse", "learning_rate": 0.1, "input": [1, 2], "target": [1.5],
         "layer": [{"weights": [[0.2, -0.4], [-0.3, 0.8], [0.5, 0.7]], "biases": [0.1, -0.2, -0.1]},
                   {"weights": [[-0.6, 0.9, -0.3]], "biases": [0.05]}]}


def _formulas_section(text: str) -> str:
    return text[text.index("③"):text.index("④")]


def test_a_long_leaky_slope_is_printed_as_given_in_the_text_formulas():
    section = _formulas_section(derive(spec_from_dict(LEAKY)).to("text"))
    assert f"LReLU(z) = {SLOPE}·z if z <= 0; z otherwise" in section
    assert f"LReLU'(z) = {SLOPE} if z <= 0; 1 otherwise" in section


@pytest.mark.parametrize("fmt", ["md", "tex"])
def test_a_long_leaky_slope_is_printed_as_given_in_the_latex_formulas(fmt):
    text = derive(spec_from_dict(LEAKY)).to(fmt)
    assert "100000000000" not in text  # the slope as a fraction: 12345678901/100000000000
    rule = re.search(r"\\operatorname\{LReLU\}\(z\) &= \\begin\{cases\} (.*?) & ", text).group(1)
    derivative = re.search(r"\\operatorname\{LReLU\}'\(z\) = \\begin\{cases\} (.*?) & ", text).group(1)
    assert (rule, derivative) == (SLOPE + r" \cdot z", SLOPE)


def test_the_default_slope_is_a_decimal_in_german_too():
    table = {**LEAKY, "negative_slope": 0.01, "locale": "de"}
    section = _formulas_section(derive(spec_from_dict(table)).to("text"))
    assert "LReLU(z) = 0,01·z falls z <= 0; z sonst" in section
    assert "LReLU'(z) = 0,01 falls z <= 0; 1 sonst" in section


def test_a_slope_that_does_not_terminate_stays_an_exact_fraction():
    table = {**LEAKY, "negative_slope": "1/3"}
    section = _formulas_section(derive(spec_from_dict(table)).to("text"))
    assert "LReLU'(z) = 1/3 if z <= 0" in section


def test_the_answer_key_prints_the_slope_as_given(tmp_path):
    spec = tmp_path / "leaky.toml"
    spec.write_text(f'title = "Leaky"\nlayers = [2, 2, 1]\nactivation = "leaky_relu"\nnegative_slope = {SLOPE}\n'
                    'loss = "half_sse"\nlearning_rate = 0.1\n', encoding="utf-8")
    result = run_symbp("worksheet", str(spec), "-n", "1", "--seed", "3", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    key = (tmp_path / "out" / "answer-key.tex").read_text(encoding="utf-8")
    assert "100000000000" not in key
    assert r"\begin{cases} " + SLOPE + r" \cdot z & " in key
