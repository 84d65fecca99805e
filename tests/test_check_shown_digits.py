"""Beside a wrong number, check shows the expected value and the one from the answer's own numbers
with the same significant digits, so that a student compares them digit by digit.  A student read
"expected ≈ 0.75137; from the answer's own numbers ≈ 0.7513": the second had a digit fewer (each
value took the digits it alone needed).  Mazur's network (a 2-2-2 sigmoid net); the values here
are worked out with Decimal at 40 digits, and rounded half away from zero."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

import pytest

import symbp

D = Decimal


def _sigmoid(z: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 40
        return 1 / (1 + (-z).exp())


def _true_a0_2() -> tuple[Decimal, Decimal]:
    """Mazur's z_0^2 and a_0^2 with the true hidden activations."""
    with localcontext() as ctx:
        ctx.prec = 40
        h0 = _sigmoid(D("0.15") * D("0.05") + D("0.2") * D("0.1") + D("0.35"))
        h1 = _sigmoid(D("0.25") * D("0.05") + D("0.3") * D("0.1") + D("0.35"))
        z = D("0.4") * h0 + D("0.45") * h1 + D("0.6")
        return z, _sigmoid(z)


def _rounded(value: Decimal, digits: int) -> str:
    return str(value.quantize(D(1).scaleb(value.adjusted() - digits + 1), rounding=ROUND_HALF_UP))


def _digits(text: str) -> int:
    return len(text.lstrip("-").replace(".", "").lstrip("0"))


# the student's a_0^1 is wrong (0.5922 for ≈ 0.5933); z_0^2 follows from it; then a_0^2, 0.75138, is wrong
# against both the true ≈ 0.751365 and σ(1.105485) ≈ 0.751286 from the answer's own z
WRONG_A = {"a_0^1": "0.5922", "a_1^1": "0.5969", "z_0^2": "1.105485", "a_0^2": "0.75138"}
# z_0^2 written 1.105916 for ≈ 1.1059060: from the answer's own numbers it is exactly 1.105485 (7 digits)
WRONG_Z = {"a_0^1": "0.5922", "a_1^1": "0.5969", "z_0^2": "1.105916"}


@pytest.fixture(scope="module")
def reports():
    net = symbp.example("mazur")
    return {case: symbp.check(net, answers) for case, answers in (("a", WRONG_A), ("z", WRONG_Z))}


def _pair(text: str, expected: str, own: str) -> tuple[str, str]:
    match = re.search(rf"{expected}\s*(?:\$\\approx |≈ )?([0-9.]+)\$?; {own}\s*(?:\$\\approx |≈ )?([0-9.]+)", text)
    assert match, text
    return match.group(1), match.group(2)


def test_both_rounded_values_have_the_same_digits(reports):
    _, true = _true_a0_2()
    own = _sigmoid(D("1.105485"))
    expected_text, own_text = _pair(reports["a"].to_text(), "expected", "from the answer's own numbers")
    n = _digits(expected_text)
    assert _digits(own_text) == n >= 4
    assert expected_text == _rounded(true, n) and own_text == _rounded(own, n)
    assert _rounded(true, n) != _rounded(D("0.75138"), n)  # the written number looks otherwise
    assert _pair(reports["a"].to_latex(), "Expected", "from your own numbers") == (expected_text, own_text)


def test_an_exact_value_beside_a_rounded_one_sets_their_digits(reports):
    z, _ = _true_a0_2()
    own = D("0.4") * D("0.5922") + D("0.45") * D("0.5969") + D("0.6")
    expected_text, own_text = _pair(reports["z"].to_text(), "expected", "from the answer's own numbers")
    assert own_text == str(own) and _digits(own_text) == 7  # exact: shown as it is
    assert expected_text == _rounded(z, 7)  # ≈ 1.105906, not ≈ 1.10591


def test_jupyters_table_shows_the_same_pair(reports):
    html = reports["a"]._repr_html_()
    row = html[html.index("<code>a_0^2</code>"):].split("</tr>")[0]
    cells = re.findall(r"<td>([^<]*)</td>", row)
    expected_text, own_text = _pair(reports["a"].to_text(), "expected", "from the answer's own numbers")
    assert f"≈ {expected_text}" in cells and f"≈ {own_text}" in cells
