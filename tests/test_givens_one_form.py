"""One printed form per given number: the givens' list (and the drawing, and the matrices W^l, b^l)
print each given as the lines substitute it — "Input a^0 ≈ (0.12346, −1.988)" where the lines use
0.12346, not "(0.1235, −1.988)" (README: "Every number put into a line is the number printed for
that quantity before").

Each output is read back as a reader reads it: the numbers of the givens' list, those substituted
into the lines z_j^1 = w_j0^1·a_0^0 + w_j1^1·a_1^0 + b_j^1, and the spec's own values, written here.
"""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from linecheck_numbers import number, number_rounds

from symbp.api import derive, spec_from_dict

DECIMALS = {"title": "Many decimals", "layers": [2, 2, 1], "activation": "sigmoid", "loss": "half_sse",
            "learning_rate": 0.123456, "input": [0.123456789, -1.98765432], "target": [0.87654321],
            "layer": [{"weights": [[0.314159265, -0.271828182], [0.577215664, 0.141421356]],
                       "biases": [0.0001234567, -0.00098765]},
                      {"weights": [[1.6180339887, -0.6931471806]], "biases": [0.000000123]}]}
INPUT = [Fraction("0.123456789"), Fraction("-1.98765432")]
WEIGHTS = [[Fraction("0.314159265"), Fraction("-0.271828182")], [Fraction("0.577215664"), Fraction("0.141421356")]]
BIASES = [Fraction("0.0001234567"), Fraction("-0.00098765")]
TEX_NUMBER = r"-?\d+(?:\.\d+)?"


def _text_number(tex: str) -> str:
    return tex.replace("-", "−")


def _substituted(out: str, fmt: str, j: int) -> list[str]:
    """The numbers of the first line z_j^1 = …: [w_j0, a_0, w_j1, a_1, b_j] as printed."""
    if fmt == "text":
        line = next(x for x in out.split("\n") if x.strip().startswith(f"z_{j}^1 ="))
        numbers = line.split(" = ")[2].split(" ≈ ")[0]
        return re.findall(r"−?\d+(?:\.\d+)?(?:·10\^−?\d+)?", numbers)
    rows = out.split("\n")
    first = next(i for i, x in enumerate(rows) if x.startswith(f"z^{{1}}_{{{j}}} &="))
    line = rows[first]
    for row in rows[first + 1:]:  # the numbers may stand on the alignment's next row, " &= 0.3142 …"
        if not row.lstrip().startswith("&="):
            break
        line += row
    line = re.sub(r"\\pagemark\{[^}]*\}\{[^}]*\}", "", line.replace("\\\\*", "").replace("\\\\", "")).replace("&=", "=")
    numbers = line.split(" = ")[2].split(r"\approx")[0]
    return [_text_number(t) for t in re.findall(TEX_NUMBER, numbers)]


def _input_list(out: str, fmt: str) -> tuple[str, list[str]]:
    """(relation, numbers) of the givens' "Input a^0 … (x_0, x_1)"."""
    if fmt == "text":
        relation, numbers = re.search(r"Input a\^0 (=|≈) \(([^)]*)\)", out).groups()
        return relation, numbers.split(", ")
    relation, numbers = re.search(r"Input \$a\^\{0\} (=|\\approx) \(([^)]*)\)\$", out).groups()
    return ("≈" if relation == r"\approx" else "="), [_text_number(t) for t in numbers.split(", ")]


@pytest.mark.parametrize("fmt", ["text", "md", "tex"])
def test_the_input_is_listed_as_the_lines_use_it(fmt):
    out = derive(spec_from_dict(DECIMALS)).to(fmt)
    relation, listed = _input_list(out, fmt)
    used = _substituted(out, fmt, 0)
    assert listed == [used[1], used[3]]  # the list said 0.1235, the lines 0.12346
    assert all(number_rounds(value, text) for value, text in zip(INPUT, listed))
    assert relation == ("≈" if any(number(t) != v for t, v in zip(listed, INPUT)) else "=")


def test_the_drawing_and_the_matrices_print_the_numbers_the_lines_use():
    tex = derive(spec_from_dict(DECIMALS)).to("tex")
    nodes = re.findall(rf"\\node\[font=\\footnotesize,left=2pt of n0-(\d)\] {{\$(\{{\\approx\}})?\{{?({TEX_NUMBER})\}}?\$}}", tex)
    lines = [_substituted(tex, "tex", j) for j in range(2)]
    assert [_text_number(t) for _, _, t in sorted(nodes)] == [lines[0][1], lines[0][3]]
    # a rounded input is drawn after ≈ (stop 54), an exact one bare
    assert [bool(approx) for _, approx, _ in sorted(nodes)] == [number(_text_number(t)) != v
                                                               for (_, _, t), v in zip(sorted(nodes), INPUT)]
    md = derive(spec_from_dict(DECIMALS)).to("md")
    weights = re.search(r"W\^\{1\} (?:=|\\approx) \\begin\{bmatrix\}(.*?)\\end\{bmatrix\}", md).group(1)
    rows = [[_text_number(t.strip()) for t in row.split("&")] for row in weights.split(r"\\")]
    used = [_substituted(md, "md", j) for j in range(2)]
    assert rows == [[used[j][0], used[j][2]] for j in range(2)]
    assert all(number_rounds(WEIGHTS[j][k], rows[j][k]) for j in range(2) for k in range(2))
    biases = re.search(r"b\^\{1\} (?:=|\\approx) \\begin\{bmatrix\}(.*?)\\end\{bmatrix\}", md).group(1)
    assert [_text_number(t.strip()) for t in biases.split(r"\\")] == [used[j][4] for j in range(2)]
    assert [number(used[j][4]) for j in range(2)] == BIASES  # printed exactly, as given
