"""∂L/∂W^l = δ^l (a^{l−1})^T written with its factors' numbers (render/gradient_matrix.py), --detail matrix.

Before, `∂L/∂W^1 = δ^1·(a^0)^T = [matrix]` printed no numbers to follow it from.  Now δ (a column) and
a^{l−1} (a row) stand beside it, [δ]·[a] = [∂L/∂W], laid out as the update of step ⑥ is; the reader
of the printed text works the product out and compares every printed factor with its name's value:
a fault planted in δ, in a or in the result stops the run with exit 3 and nothing written.  The
factors a worksheet key prints are the key's own values of δ and a (answers.json).

nn231 by hand: δ^1 = (0, −0.9, 0.3), a^0 = (1, 2): δ^1 (a^0)^T = ((0, 0), (−0.9, −1.8), (0.3, 0.6)).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from helpers import cli_runner
from test_readback import fresh  # noqa: F401  (the fixture: caches set aside)
from test_readback_entries import _planting
from test_readback_matrix_update import HIDDEN_1, _planting_fields, _set, refused

from symbp.cli import main

M = "−"
ROW = r"\begin{bmatrix}%s\end{bmatrix}"


def _run(*argv):
    return cli_runner().invoke(main, [str(a) for a in argv])


TYPESET_FAULTS = [  # (old, new) in the rows of ∂L/∂W^1 (nn231)
    (ROW % r"0 \\ -0.9 \\ 0.3", ROW % r"0 \\ -0.8 \\ 0.3"),  # δ: a digit
    (ROW % r"0 \\ -0.9 \\ 0.3", ROW % r"0 \\ 0.9 \\ 0.3"),  # δ: a minus dropped
    (ROW % "1 & 2", ROW % "2 & 1"),  # a^0: swapped
    ("-0.9 & -1.8", "-0.9 & -1.9"),  # the result: a digit
    (r"-0.9 \\ 0.3\end{bmatrix} \begin{bmatrix}1 & 2\end{bmatrix} = \begin{bmatrix}0 & 0 \\ -0.9 & -1.8",  # δ_1 and its
     r"-0.8 \\ 0.3\end{bmatrix} \begin{bmatrix}1 & 2\end{bmatrix} = \begin{bmatrix}0 & 0 \\ -0.8 & -1.6"),  # row: agreeing
]


@pytest.mark.parametrize("fmt", ["md", "tex"])
@pytest.mark.parametrize("old,new", TYPESET_FAULTS)
def test_a_fault_planted_in_a_typeset_outer_product_stops_the_run(fresh, tmp_path, fmt, old, new):  # noqa: F811
    refused(tmp_path, fmt, _planting(fresh, r"\frac{\partial L}{\partial W^{1}}", "body", old, new))


GRADIENT_1 = lambda c: HIDDEN_1(c)["gradient_matrix"]  # noqa: E731  (nn231's ∂L/∂W^1)

TEXT_FAULTS = {  # name -> [(the field, the change), …]
    "δ digit": [("delta_column", _set(1, 0, f"{M}0.8"))],
    "δ minus": [("delta_column", _set(1, 0, "0.9"))],
    "a digit": [("inputs_row", _set(0, 1, "3"))],
    "result digit": [("weights", _set(1, 1, f"{M}1.9"))],
    "δ and its row agreeing": [("delta_column", _set(1, 0, f"{M}0.8")), ("weights", _set(1, 0, f"{M}0.8")),
                               ("weights", _set(1, 1, f"{M}1.6"))],
}


@pytest.mark.parametrize("name", list(TEXT_FAULTS))
def test_a_fault_planted_in_a_plain_text_outer_product_stops_the_run(fresh, tmp_path, name):  # noqa: F811
    refused(tmp_path, "text", [_planting_fields(fresh, GRADIENT_1, field, change) for field, change in TEXT_FAULTS[name]])


def _bmatrix(text: str) -> list[list[str]]:
    return [row.split(" & ") for row in text.split(r" \\ ")]


def _near(printed: str, value) -> bool:
    """The printed number is `value` rounded to the printed number's last digit."""
    number = Decimal(printed)
    return abs(number - Decimal(repr(float(value)))) <= Decimal(1).scaleb(number.as_tuple().exponent) / 2


def test_the_factors_a_worksheet_key_prints_are_the_keys_values(tmp_path):
    """nn231 × 2 variants, --detail matrix: in answer-key.tex each ∂L/∂W^l's [δ^l] [a^{l−1}] = [∂L/∂W^l]
    holds the key's δ_j^l, a_k^{l−1} (a^0: the variant's input) and dL/dw_jk^l (answers.json), each
    printed rounded to its own last digit."""
    result = _run("worksheet", "--example", "nn231", "-n", 2, "--seed", 1, "--detail", "matrix", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    variants = json.loads((tmp_path / "answers.json").read_text())["variants"]
    pattern = r"^\\frac\{\\partial L\}\{\\partial W\^\{(\d)\}\} &= \\delta\^\{\d\} \\left\(a\^\{\d\}\\right\)\^\{T\} = (.*) \\\\$"
    found = re.findall(pattern, (tmp_path / "answer-key.tex").read_text(), re.M)
    assert len(found) == 2 * len(variants)  # (each layer's product on one row: side by side)
    for n, (l, body) in enumerate(found):
        values, l = variants[n // 2]["values"], int(l)
        inputs = variants[n // 2]["spec"]["input"]
        delta, a, gradient = [_bmatrix(m) for m in re.findall(r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}", body)]
        assert len(delta) == len(gradient) and len(a[0]) == len(gradient[0])
        for j, (d,) in enumerate(delta):
            assert _near(d, values[f"delta_{j}^{l}"])
        for k, x in enumerate(a[0]):
            assert _near(x, inputs[k] if l == 1 else values[f"a_{k}^{l - 1}"])
        for j, row in enumerate(gradient):
            for k, g in enumerate(row):
                assert _near(g, values[f"dL/dw_{j}{k}^{l}"])


def test_without_factors_the_gradient_prints_alone(fresh):  # noqa: F811
    """Where an entry is not δ_j·a_k (`_factors` None), ∂L/∂W^l = δ^l·(a^{l−1})^T = [matrix] as before
    (and is read back)."""
    import symbp.render.gradient_matrix as gradient_matrix

    fresh.setattr(gradient_matrix, "_factors", lambda weights: None)
    for fmt in ("text", "tex"):
        result = _run("derive", "--example", "nn231", "--detail", "matrix", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert "0 & -1.1 & -1.8" in result.output if fmt == "tex" else "[0  −1.1  −1.8]" in result.output
        assert r"\begin{bmatrix}1 & 2\end{bmatrix}" not in result.output and "·[1  2]" not in result.output
