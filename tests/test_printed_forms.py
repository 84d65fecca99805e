"""One given, one printed form: what a reader sees of the numbers a spec gives, wherever a page
prints them (the reviewers' and new users' findings of the print23 session).

Expected texts are written out here from the spec's own numbers (0.12345678901 is printed as
0.12345678901; 10^6 as 1·10^6, networks' rule: numbers from 10^6 on as m·10^e).
"""

from __future__ import annotations

import re

import pytest

from helpers import symbp_here

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
    assert f"LReLU(z) = {SLOPE}·z if z ≤ 0; z otherwise" in section
    assert f"LReLU'(z) = {SLOPE} if z ≤ 0; 1 otherwise" in section


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
    assert "LReLU(z) = 0,01·z falls z ≤ 0; z sonst" in section
    assert "LReLU'(z) = 0,01 falls z ≤ 0; 1 sonst" in section


def test_a_slope_that_does_not_terminate_stays_an_exact_fraction():
    table = {**LEAKY, "negative_slope": "1/3"}
    section = _formulas_section(derive(spec_from_dict(table)).to("text"))
    assert "LReLU'(z) = 1/3 if z ≤ 0" in section


def test_the_answer_key_prints_the_slope_as_given(tmp_path):
    spec = tmp_path / "leaky.toml"
    spec.write_text(f'title = "Leaky"\nlayers = [2, 2, 1]\nactivation = "leaky_relu"\nnegative_slope = {SLOPE}\n'
                    'loss = "half_sse"\nlearning_rate = 0.1\n', encoding="utf-8")
    result = symbp_here("worksheet", str(spec), "-n", "1", "--seed", "3", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    key = (tmp_path / "out" / "answer-key.tex").read_text(encoding="utf-8")
    assert "100000000000" not in key
    assert r"\begin{cases} " + SLOPE + r" \cdot z & " in key


# ---- graphs ------------------------------------------------------------------------------------

def _graph(stages, inputs, title=None, fmt="text"):
    from symbp import graph

    table = {"kind": "graph", "inputs": inputs, "stages": stages, **({"title": title} if title else {})}
    return graph.render(fmt, graph.solve(graph.from_dict(table)))


def test_a_graph_constant_of_a_million_has_one_printed_form():
    text = _graph(["c = b * 1000000"], {"b": 2})
    lines = [line.strip() for line in text.splitlines()]
    assert "c = b · 1·10^6 = 2 · 1·10^6 = 2·10^6" in lines  # the forward line
    assert "local derivative of c:  ∂c/∂b = 1·10^6" in lines  # the backward line (was 1000000 = 1·10^6)
    assert "dc/db = dc/dc · ∂c/∂b = 1 · 1·10^6 = 1·10^6" in lines
    assert [line for line in lines if "1000000" in line] == []  # the stage too, in the page's notation
    assert "c = b · 1·10^6" in lines


def test_graph_decimals_are_printed_as_decimals_not_fractions():
    text = _graph(["c = x * 0.00003 + x * 0.5"], {"x": 2}, fmt="tex")
    assert r"c.1 &= x \cdot 3 \cdot 10^{-5} = 2 \cdot 3 \cdot 10^{-5}" in text.replace("c_{1}", "c.1") or \
        r"x \cdot 3 \cdot 10^{-5} = 2 \cdot 3 \cdot 10^{-5}" in text
    assert r"x \cdot 0.5 = 2 \cdot 0.5 = 1" in text
    assert r"\frac{3}{100000}" not in text and r"\frac{1}{2}" not in text


@pytest.mark.parametrize("fmt, heading", [("text", "Backpropagation through the graph of c\n" + "=" * 38 + "\n"),
                                          ("md", "# Backpropagation through the graph of $c$\n\n"),
                                          ("tex", "\\section*{\\raggedright Backpropagation through the graph of $c$}\n")])
def test_a_graph_without_a_title_is_headed_by_its_output(fmt, heading):
    text = _graph(["c = b * 3"], {"b": 2}, fmt=fmt)
    assert heading in text
    assert "\ngraph\n" not in text and "# graph\n" not in text and "{graph}" not in text


def test_a_titled_graph_keeps_its_title():
    assert _graph(["c = b * 3"], {"b": 2}, title="Scaling").startswith("Scaling\n=======\n")


@pytest.mark.parametrize("stages, inputs", [
    (["c = 1/x"], {"x": 0.00003}),
    (["c = y/x"], {"x": 0.00003, "y": 2}),
    (["c = 1/(x - 1)"], {"x": 1.00003}),  # near a singularity away from 0: the operand is small, not x
    (["c = sqrt(x)"], {"x": "1e-9"}),
    (["c = ln(x)"], {"x": "3e-7"}),
    (["c = x*y*x"], {"x": 900000, "y": 0.000001}),
    (["c = exp(x) / (1 + x*x)"], {"x": 30}),
])
def test_odd_graphs_are_verified_not_refused(stages, inputs):
    from symbp import graph

    solution = graph.solve(graph.from_dict({"kind": "graph", "inputs": inputs, "stages": stages}))
    assert solution.report.finite_differences + solution.report.kinks_skipped == len(inputs)


@pytest.mark.parametrize("inputs, factor", [({"x": 2}, 1.001), ({"x": 0.00003}, 1.001), ({"x": 0.00003}, -1),
                                            ({"x": 1.00003}, 1.0001)])
def test_finite_differences_still_refuse_a_wrong_graph_gradient(inputs, factor):
    from fractions import Fraction

    from symbp import graph
    from symbp.errors import VerificationError
    from symbp.graph import verify as V

    stages = ["c = 1/(x - 1)"] if inputs["x"] == 1.00003 else ["c = 1/x"]
    solution = graph.solve(graph.from_dict({"kind": "graph", "inputs": inputs, "stages": stages}))
    gradient = solution.gradient(next(iter(solution.built.inputs)))
    V._finite_differences(solution.built, solution.backward, dict(solution.values), V.Report())  # the true one passes
    wrong = {**solution.values, gradient: solution.values[gradient] * Fraction(factor)}
    with pytest.raises(VerificationError, match="finite differences give"):
        V._finite_differences(solution.built, solution.backward, wrong, V.Report())


# ---- the LaTeX intro ------------------------------------------------------------------------------

@pytest.mark.parametrize("example", ["nn231", "adam1", "softmax3", "batch3", "momentum2", "mazur"])
def test_the_latex_intro_is_ragged_right_and_a_sentence_a_line(example):
    from symbp.api import example as built_in

    tex = derive(built_in(example)).to("tex")
    intro = tex[tex.index("\\end{center}"):tex.index("\\subsection*")]
    assert intro.replace("\\end{center}", "", 1).lstrip().startswith("{\\raggedright")
    activations = next(line for line in intro.splitlines() if line.startswith(("Activation:", "Activations:")))
    assert activations.endswith("\\par")  # the cost sentence starts a line of its own
    cost = next(line for line in intro.splitlines() if line.startswith("The cost is"))
    assert cost.endswith("\\par")  # so does an optimizer's sentence


@pytest.mark.parametrize("example, activation", [
    ("nn231", "Activation: ReLU, ReLU(z) = max(0, z)."),
    ("adam1", "Activations: ReLU, ReLU(z) = max(0, z); the identity, id(z) = z.")])
def test_the_compiled_intro_puts_activation_and_cost_on_lines_of_their_own(requires_tex, tmp_path, example, activation):
    """Justified, the sentence's spaces were stretched so wide that pdftotext split it into pieces."""
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = symbp_here("derive", "--example", example, "-o", str(tmp_path / "s.pdf"))
    assert result.returncode == 0, result.stderr
    text = subprocess.run(["pdftotext", "-l", "1", str(tmp_path / "s.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = text.splitlines()
    assert next(line for line in lines if line.startswith("Activation")) == activation
    assert any(line.startswith("The cost is") for line in lines)
    if example == "adam1":
        assert any(line.startswith("Optimizer: Adam") for line in lines)


# ---- what "=" and "≈" mean ---------------------------------------------------------------------------

ROUNDED = {**LEAKY, "input": [0.12345678901, 2]}  # a given printed rounded: the legend is printed


@pytest.mark.parametrize("locale, sentence", [
    ("en", "“=” means the printed result follows exactly from the printed numbers beside it; "
           "“≈” means it is rounded (to the nearest; a half away from zero)."),
    ("de", "„=“ heißt, dass das gedruckte Ergebnis exakt aus den daneben gedruckten Zahlen folgt; "
           "„≈“ heißt, dass es gerundet ist (kaufmännisch: eine Hälfte wird dem Betrag nach aufgerundet)."),
    ("fr", "«\u00a0=\u00a0» signifie que le résultat imprimé découle exactement des nombres imprimés à côté ; "
           "«\u00a0≈\u00a0» signifie qu’il est arrondi (au plus proche ; une moitié s’arrondit en s’éloignant de zéro)."),
])
def test_the_legend_says_what_equals_and_approx_mean(locale, sentence):
    # (stop 55: and by which rule a tie is rounded — 0.408665 ≈ 0.40867, not Python's 0.40866)
    text = derive(spec_from_dict({**ROUNDED, "locale": locale})).to("text")
    assert sentence in text
    tex = derive(spec_from_dict({**ROUNDED, "locale": locale})).to("tex")
    assert sentence.replace("=", "$=$").replace("≈", "$\\approx$") in tex


def test_the_legend_holds_for_a_line_after_a_rounded_given():
    """a_0^1 = ReLU(z) prints "=" though z is rounded: its printed result follows from the printed
    number beside it, which is what the legend says "=" means; z's own line, using the rounded
    input directly, prints "≈"."""
    table = {**ROUNDED, "activation": "relu"}
    del table["negative_slope"]
    text = derive(spec_from_dict(table)).to("text")
    assert "“=” means the printed result follows exactly from the printed numbers beside it" in text
    lines = [line.strip() for line in text.splitlines()]
    # 0.5·0.12345678901 + 0.7·2 − 0.1 = 1.36172839…: the line uses the rounded input, so "≈"
    # (z_2^1 with a guard digit a later line needs, and a_0^0 with the ones its lines need:
    # 0.5·0.123457 + 1.3 = 1.3617285 rounds to 1.36173)
    assert "z_2^1 = w_20^1·a_0^0 + w_21^1·a_1^0 + b_2^1 = 0.5·0.123457 + 0.7·2 + (−0.1) ≈ 1.36173" in lines
    # ReLU(1.36173) is 1.36173 exactly: "=", though a_2^1's true value is 1.36172839…
    assert "a_2^1 = ReLU(z_2^1) = ReLU(1.36173) = 1.36173" in lines


@pytest.mark.parametrize("fmt, signs", [("text", "“=” means"), ("md", "“$=$” means"), ("tex", "“$=$” means")])
def test_an_exact_graph_with_a_rounded_value_says_what_the_signs_mean(fmt, signs):
    rounded = _graph(["c = x / 3"], {"x": 4}, fmt=fmt)  # 4/3 ≈ 1.333
    assert "Numbers are shown to 4 significant digits. " + signs in rounded
    assert "means" not in _graph(["c = x / 4"], {"x": 4}, fmt=fmt)  # every number exact: no legend
