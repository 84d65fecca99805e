"""One notation on every page (the print28 session's leftovers): graphs write e^(…) as networks do,
text formulas write ≤ and ², LaTeX puts a fraction or a negative number in parentheses before a
power.  Expected texts are written out here from the notation the README and the text format use
(e^(…), ln, ≤, ², ·); the numbers in them computed here (math.exp), never read from symbp.
"""

from __future__ import annotations

import math
import re
import tomllib
from fractions import Fraction

import pytest

from helpers import EXAMPLE_NN231

from symbp import formula as F
from symbp import graph
from symbp.api import derive, spec_from_dict
from symbp.core.display import printer as core_printer
from symbp.core.expr import Call, Const
from symbp.render.printers import printer

NEURON = graph.loads("""
kind = "graph"
title = "A sigmoid neuron"
inputs = { w0 = 2, x0 = -1, w1 = -3, x1 = -2, w2 = -3 }
output = "f"
stages = ["s = w0*x0 + w1*x1 + w2", "f = 1 / (1 + exp(-s))"]
gates = "primitive"
""")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def test_a_graph_in_text_writes_e_to_the_power_as_the_networks_do():
    text = graph.render("text", graph.solve(NEURON))
    # s = 2·(−1) + (−3)·(−2) − 3 = 1, f.1 = −1; e^−1 with its guard digits, if any
    shown = re.search(r"^  f\.2 = e\^\(f\.1\) = e\^\(−1\) ≈ (0\.\d+)$", text, re.M).group(1)
    assert float(shown) == round(math.exp(-1), len(shown) - 2)
    assert "f = 1/(1 + e^(−s))" in _lines(text)  # the stage, in the page's notation too
    assert re.search(r"\bexp\b", text) is None


@pytest.mark.parametrize("fmt", ["md", "tex"])
def test_a_graph_in_latex_writes_e_to_the_power_as_the_networks_do(fmt):
    text = graph.render(fmt, graph.solve(NEURON))
    assert re.search(r"e\^\{f\.1\} = e\^\{-1\} \\approx 0\.(3679|36788) ", text)  # e^−1, or with a guard digit
    assert r"\frac{1}{1 + e^{-s}}" in text
    assert re.search(r"\\exp(?![a-z])", text) is None and "exp(" not in text


def test_a_graph_gate_of_e_is_named_as_the_other_gates_are():
    text = graph.render("text", graph.solve(NEURON))
    summary = _lines(text[text.index("④"):text.index("⑤")])
    assert next(line for line in summary if line.startswith("f.2 ")).split()[:2] == ["f.2", "e^u"]  # (u: x0, x1 are inputs)


LEAKY_TANH_SIGMOID = {
    "layers": [2, 2, 2, 1], "loss": "bce", "learning_rate": 0.1, "input": [1, 2], "target": [1],
    "layer": [{"activation": "leaky_relu", "weights": [[0.2, -0.4], [-0.3, 0.8]], "biases": [0.1, -0.2]},
              {"activation": "tanh", "weights": [[0.5, 0.7], [-0.6, 0.9]], "biases": [0.05, 0.1]},
              {"activation": "sigmoid", "weights": [[-0.6, 0.9]], "biases": [0.05]}]}


def test_text_formulas_write_le_and_superscript_powers():
    text = derive(spec_from_dict(LEAKY_TANH_SIGMOID)).to("text")
    formulas = _lines(text[text.index("③"):text.index("④")])
    assert "LReLU(z) = 0.01·z if z ≤ 0; z otherwise" in formulas  # the default slope 0.01
    assert "LReLU'(z) = 0.01 if z ≤ 0; 1 otherwise" in formulas
    assert "tanh'(z) = 1 − tanh(z)²" in formulas
    assert "σ'(z) = e^(−z)/(1 + e^(−z))² = σ(z)·(1 − σ(z))" in formulas
    assert not any(sign in text for sign in ("<=", ">=", "**", ")^2"))


def test_text_formulas_in_german_write_le_too():
    text = derive(spec_from_dict({**LEAKY_TANH_SIGMOID, "locale": "de"})).to("text")
    assert "LReLU'(z) = 0,01 falls z ≤ 0; 1 sonst" in _lines(text)


def test_the_forms_as_now_printed_read_back_from_the_cache():
    from symbp.render.worked_formulas import _read_forms

    forms = {"rule": "0.01·z if z ≤ 0; z otherwise", "derivative": "1 − tanh(z)²", "output_form": None}
    assert _read_forms(forms) == forms


@pytest.mark.parametrize("base, tex, text", [
    (Fraction(7, 4), r"\left(\frac{7}{4}\right)^{-1}", "(7/4)^−1"),
    (Fraction(-7, 4), r"\left(-\frac{7}{4}\right)^{-1}", "(−7/4)^−1"),
    (Fraction(-3), "(-3)^{-1}", "(−3)^−1"),
    (Fraction(3), "3^{-1}", "3^−1"),
])
def test_a_power_of_a_fraction_or_negative_number_has_its_base_in_parentheses(base, tex, text):
    power = F.Pow(F.Const(base), -1)
    assert printer("tex").print(power) == tex
    assert printer("text").print(power) == text


@pytest.mark.parametrize("base, tex", [
    (Const(Fraction(7, 4)), "1.75^{-1}"),  # a graph's constant is printed as its decimal where it ends
    (Const(Fraction(1, 3)), r"\left(\frac{1}{3}\right)^{-1}"),
    (Const(Fraction(-1, 3)), r"\left(-\frac{1}{3}\right)^{-1}"),
    (Const(Fraction(-3)), "(-3)^{-1}"),
    (Call("div", (Const(Fraction(1)), Const(Fraction(3)))), r"\left(\frac{1}{3}\right)^{-1}"),
    (Call("add", (Const(Fraction(1)), Const(Fraction(3)))), "(1 + 3)^{-1}"),
    (Call("exp", (Const(Fraction(1)),)), "(e^{1})^{-1}"),
])
def test_a_graph_power_of_a_fraction_sum_or_negative_number_has_its_base_in_parentheses(base, tex):
    assert core_printer("tex").print(Call("pow", (base,), -1)) == tex


def test_a_graph_with_powers_of_fractions_prints_them_in_parentheses():
    spec = graph.loads('kind = "graph"\ninputs = { x = 2, y = -3 }\nexpression = "f = (x/y)**2 + (1/(x + y))**-1"\n')
    solution = graph.solve(spec)
    assert r"\left(\frac{x}{y}\right)^{2}" in graph.render("md", solution)
    assert "(x/y)² + (1/(x + y))^−1" in graph.render("text", solution)


# δ = (w·x + b) − y = 2.5·10^−41 · 3·10^40 + 10^−30 − 10^−30 = 0.75 exactly; its line's printed numbers
# (a = z ≈ 0.7500, y = 1·10^−30) give it only nearly, so the line reads "≈ 0.7500"
NEARLY_THREE_QUARTERS = {"layers": [1, 1], "activation": "identity", "loss": "half_sse", "learning_rate": 1e-12,
                         "input": [3e40], "target": [1e-30], "layer": [{"weights": [[2.5e-41]], "biases": [1e-30]}]}


def test_the_exact_value_shown_nearly_by_its_line_has_one_printed_form_wherever_it_appears():
    delta = Fraction("2.5e-41") * Fraction("3e40") + Fraction("1e-30") - Fraction("1e-30")
    assert delta == Fraction(3, 4)
    text = derive(spec_from_dict(NEARLY_THREE_QUARTERS)).to("text")
    lines = _lines(text)
    assert "δ_0^1 = (a_0^1 − y_0)·id'(z_0^1) = (0.7500 − 1·10^−30)·1 ≈ 0.7500" in lines
    assert "∂L/∂w_00^1 = δ_0^1·a_0^0 = 0.7500·3·10^40 = 2.25·10^40" in lines  # 0.75 · 3·10^40, exactly
    assert "∂L/∂b_0^1 = δ_0^1 = 0.7500" in lines  # a copy of δ, printed as δ
    assert "b_0^1@2 = b_0^1 − α·∂L/∂b_0^1 = 1·10^−30 − 1·10^−12·0.7500 ≈ −7.500·10^−13" in lines
    assert re.search(r"(?<![\d.])0\.75(?!\d)", text) is None  # nowhere the shorter form


@pytest.mark.parametrize("fmt", ["md", "tex"])
def test_the_exact_value_shown_nearly_has_one_printed_form_in_latex_too(fmt):
    text = derive(spec_from_dict(NEARLY_THREE_QUARTERS)).to(fmt)
    assert "0.7500" in text and re.search(r"(?<![\d.])0\.75(?!\d)", text) is None


UNTITLED_TOML = EXAMPLE_NN231.read_text(encoding="utf-8").replace('title = "Neural Network 1: 231"\n', "")
UNTITLED = tomllib.loads(UNTITLED_TOML)


@pytest.mark.parametrize("locale, heading", [
    ("en", "Backpropagation through the 2-3-1 network"),
    ("de", "Backpropagation durch das 2-3-1-Netz"),
    ("fr", "Rétropropagation dans le réseau 2-3-1"),
])
def test_an_untitled_network_is_headed_by_its_architecture_not_its_file_name(tmp_path, locale, heading):
    from helpers import cli_runner

    from symbp.cli import main

    spec = tmp_path / "week5_spec.toml"
    spec.write_text(UNTITLED_TOML, encoding="utf-8")
    result = cli_runner().invoke(main, ["derive", str(spec), "--locale", locale])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [heading, "=" * len(heading)]
    assert "week5_spec" not in result.stdout


@pytest.mark.parametrize("fmt, heading", [("md", "# Backpropagation through the 2–3–1 network"),
                                          ("tex", r"\section*{\raggedright Backpropagation through the 2--3--1 network}")])
def test_an_untitled_network_is_headed_by_its_architecture_in_latex_too(fmt, heading):
    assert heading in derive(spec_from_dict(UNTITLED)).to(fmt).splitlines()


# √(x² + 1) − x at x = 10^6: float64 keeps only 5 of its 16 digits (7.6·10^−6 off), the exact value is right
CANCELLING = 'kind = "graph"\ninputs = { x = 1000000 }\nexpression = "f = sqrt(x**2 + 1) - x"\n'


def _high_precision_f(x: int):
    import mpmath

    with mpmath.workdps(60):
        return 1 / (mpmath.sqrt(mpmath.mpf(x) ** 2 + 1) + x)  # the same number, rationalized: no cancellation


def test_a_right_value_where_float64_cancels_is_not_called_wrong():
    import mpmath

    solution = graph.solve(graph.loads(CANCELLING))  # was exit 3: "float64 arithmetic gives 5.00003807246685e-07"
    expected = _high_precision_f(10**6)
    with mpmath.workdps(60):  # 50 digits of √(10^12 + 1) ≈ 10^6 hold f to about 10^−44; df/dx = −f/√(x² + 1)
        assert abs(mpmath.mpf(solution.value("f")) - expected) < mpmath.mpf(10) ** -42
        gradient = -expected / mpmath.sqrt(mpmath.mpf(10) ** 12 + 1)
        assert abs(mpmath.mpf(solution.value("df/dx")) - gradient) < mpmath.mpf(10) ** -48


def _engine(spec_text: str):
    """What graph.solve gives the verification: the built graph, the chain rule's record, every value."""
    from symbp.core.chain import backward
    from symbp.core.graph import solve_values
    from symbp.graph.build import build

    built = build(graph.loads(spec_text))
    chain = backward(built.graph, built.output, built.inputs)
    values, _ = solve_values(built.graph, built.givens)
    return built, chain, values


def _contributions(built, chain, values) -> dict:
    return {(t.consumer, node): values[t.upstream] * values[t.local]
            for node, gradient in chain.gradients.items() for t in built.graph[gradient].terms}


@pytest.mark.parametrize("planted, message", [
    ("local:df.3/df.2", "float64 differentiation"),  # √'s derivative without its 1/2
    ("df/df.2", "float64"),  # an inner gradient twice its size
    ("f", "SymPy evaluating the whole expression"),  # the value 0.01 % off: within float64's round-off here
    ("df/dx", "SymPy differentiating the whole expression"),  # −5·10^−13 twice: below float64's reach
])
def test_a_planted_wrong_number_where_float64_cancels_is_still_caught(planted, message):
    from symbp.core.identity_parse import parse
    from symbp.errors import VerificationError
    from symbp.graph.verify import verify

    built, chain, values = _engine(CANCELLING)
    identity = parse(planted)
    values[identity] = values[identity] * (Fraction(10001, 10000) if planted == "f" else 2)
    with pytest.raises(VerificationError, match=message):
        verify(built, chain, values, _contributions(built, chain, values))


def test_the_untouched_numbers_where_float64_cancels_pass_the_same_verification():
    from symbp.graph.verify import verify

    built, chain, values = _engine(CANCELLING)
    assert verify(built, chain, values, _contributions(built, chain, values)).symbolic == 1


def test_a_planted_wrong_local_derivative_of_a_whole_stage_where_float64_cancels_is_caught():
    """∂f/∂y of f = (√(x² + 1) − x)·y, one gate: √(x² + 1) − x, float64 7.6·10^−6 off; planted 1 % off."""
    from symbp.core.identity_parse import parse
    from symbp.errors import VerificationError
    from symbp.graph.verify import verify

    text = 'kind = "graph"\ninputs = { x = 1000000, y = 3 }\nexpression = "f = (sqrt(x**2 + 1) - x) * y"\ngates = "as_written"\n'
    built, chain, values = _engine(text)
    assert verify(built, chain, values, _contributions(built, chain, values)).symbolic == 2  # right: passes
    values[parse("local:df/dy")] *= Fraction(101, 100)
    with pytest.raises(VerificationError, match="∂f/∂y"):  # as the worked solution names it, not its key
        verify(built, chain, values, _contributions(built, chain, values))


def test_a_graph_gate_of_a_power_is_named_as_the_formulas_write_it():
    solution = graph.solve(graph.loads(CANCELLING))
    text = graph.render("text", solution)
    summary = _lines(text[text.index("④"):text.index("⑤")])
    assert next(line for line in summary if line.startswith("f.1 ")).split()[:2] == ["f.1", "x²"]
    assert re.search(r"\| \$f\.1\$ \| \$x\^\{2\}\$ \|", graph.render("md", solution))


def test_a_graph_value_its_line_gives_only_nearly_has_one_printed_form_too():
    """f.2 = (1/3)·3 = 1 exactly, from 0.3333 · 3 = 0.9999 only nearly: 1.000 wherever it is printed;
    df/dx = 0.75 exactly, from 2.25 · 0.3333(3) = 0.749925 (0.7499925) only nearly: 0.7500."""
    text = graph.render("text", graph.solve(graph.loads(
        'kind = "graph"\ninputs = { x = 1, y = 0.75 }\nexpression = "f = (x/3*3 + y/3*3) * y"\n')))
    lines = _lines(text)
    assert "f.2 = f.1 · 3 = 0.3333 · 3 ≈ 1.000" in lines
    assert "f.5 = f.2 + f.4 = 1.000 + 0.75 = 1.75" in lines
    assert re.search(r"^df/dx = df/df\.1 · ∂f\.1/∂x = 2\.25 · 0\.3333+ ≈ 0\.7500$", text.replace("\n    ", "\n"), re.M)
    assert "df/dx = 0.7500" in lines  # the gradients at the end: 0.7500 is 0.75
    assert "x → f.1:  value 1,  gradient 0.7500" in lines  # the wires
    assert re.search(r"(?<![\d.])0\.75(?!\d)", text[text.index("⑤"):]) is None


def test_one_input_gradient_is_counted_in_the_singular():
    text = graph.render("text", graph.solve(graph.loads(CANCELLING)))
    assert "1 input gradient with central finite differences;" in text.replace("\n", " ")
