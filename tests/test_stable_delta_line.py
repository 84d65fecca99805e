"""The output δ of a sigmoid with binary cross-entropy, read as a student reads it: every δ line of
the worked solution is re-parsed, its printed numbers recomputed with Decimal at 50 digits (a − y,
1/n·(a − y), or the stable form (1 − y) − 1/(1 + e^z) from z), and the result rounded to the printed
number's own significant digits must be the printed δ ("=" only where it is that exactly).  Before:
σ(15) ≈ 0.999999694 and δ = 0.999999694 − 1 ≈ −3.059·10^−7, where 0.999999694 − 1 = −3.060·10^−7."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest

from symbp.pipeline import derive_solution
from symbp.render.worked import render_latex, render_markdown, render_text
from symbp.spec import parse_spec

_NUMBER = re.compile(r"(−?\d+(?:\.\d+)?)(?:·10\^(−?\d+))?")


def _spec(weights: list, target: list) -> str:
    rows = ", ".join(f"[{w}]" for w in weights)
    return (f'layers = [1, {len(weights)}]\nactivation = "sigmoid"\nloss = "bce"\nlearning_rate = 0.1\n'
            f"input = [1]\ntarget = {target}\n[[layer]]\nweights = [{rows}]\nbiases = {[0] * len(weights)}\n")


def _decimal(mantissa: str, exponent: str | None) -> Decimal:
    value = Decimal(mantissa.replace("−", "-"))
    return value.scaleb(int(exponent.replace("−", "-"))) if exponent else value


def _value(substituted: str) -> Decimal:
    """The printed numbers of a δ line recomputed (a Python expression over Decimals)."""
    expression = _NUMBER.sub(lambda m: f"Decimal('{_decimal(m.group(1), m.group(2))}')", substituted)
    expression = expression.replace("·", "*").replace(" − ", " - ").replace("−", "-").replace("e^(", "_exp(")
    return eval(expression, {"Decimal": Decimal, "_exp": lambda x: x.exp()})  # noqa: S307 — our own text


def _rounded(value: Decimal, printed: str) -> Decimal:
    """`value` rounded as `printed` is: to its significant digits (at its exponent), half away from zero."""
    m = re.fullmatch(r"(−?\d+(?:\.\d+)?)(?:·10\^(−?\d+))?", printed)
    number = _decimal(m.group(1), m.group(2))
    return value.quantize(number, rounding=ROUND_HALF_UP)


def _delta_lines(text: str) -> list[str]:
    return [line for line in text.splitlines()
            if re.match(r"    δ_\d\^1(@\d)? = ", line) and "∂" not in line and line.count(" = ") + line.count(" ≈ ") >= 3]


def _check(text: str) -> int:
    checked = 0
    for line in _delta_lines(text):
        m = re.fullmatch(r".* = (.*) (=|≈) (\S+)", line)
        substituted, sign, printed = m.groups()
        if not re.search(r"\d", substituted):
            continue
        with localcontext() as ctx:
            ctx.prec = 50
            value = _value(substituted)
        shown = _decimal(*re.fullmatch(r"(−?\d+(?:\.\d+)?)(?:·10\^(−?\d+))?", printed).groups())
        assert _rounded(value, printed) == shown, (line, value)
        assert (sign == "=") == (value == shown), (line, value)
        checked += 1
    return checked


CASES = ([([z], [y]) for z in range(12, 41) for y in (0, 1)]
         + [([15, "-0.5"], [1, 1]), ([21, -17], [1, 0]), ([33, 14], [0, 1]), ([-40, 2], [0, 1]), ([40, "-0.5"], [0, 1])])


def test_every_output_delta_line_rounds_to_its_printed_delta():
    """z = 12 … 40 with y = 0 and 1, and two outputs (saturated and not, right and wrong)."""
    checked = 0
    for weights, target in CASES:
        text = render_text(*derive_solution(parse_spec(_spec(weights, target))))
        checked += _check(text)
    assert checked >= len(CASES)  # a line per output of step 1, and of step 2 where it is worked


@pytest.mark.parametrize("fmt", ["md", "tex"])
def test_the_markdown_and_latex_print_the_same_a(fmt):
    """The a of σ(15) printed with the digits that make a − y give the printed δ, in every format."""
    solution, report = derive_solution(parse_spec(_spec([15], [1])))
    out = (render_markdown if fmt == "md" else render_latex)(solution, report)
    assert "0.9999996941" in out and "0.999999694 " not in out
    assert re.search(r"3\.059 ?\\cdot ?10\^\{-7\}", out)


def test_the_note_says_delta_is_worked_from_z_only_where_it_is():
    """σ(15), y = 1: the cost is written from z, δ = a − y is not (its a has the digits it needs):
    the note says the cost only.  σ(40): δ too (and at ⑧, the new cost, the cost only)."""
    for z, deltas in ((15, 0), (40, 1)):
        text = render_text(*derive_solution(parse_spec(_spec([z], [1]))))
        notes = [line for line in text.splitlines() if line.startswith("  An output is so close")]
        from_z = [line for line in text.splitlines() if line.startswith("    δ_") and "e^(" in line]
        assert len(from_z) == deltas and [("likewise δ" in n) for n in notes] == [bool(deltas), False][:len(notes)]
