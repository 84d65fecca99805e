"""Given numbers as a reader sees them: "=" only before a given printed exactly, "≈" before one
printed rounded; a line that uses a given printed rounded does not claim "=" for a rounded result.

Each output is read back as a student reads it (the text parsed here, the lines by
tests/linecheck.py) and each stated number compared with the spec's own value, written out in
the test (the reviewer's reproducers: a slope, β, λ, an input, a weight of 11 digits).
"""

from __future__ import annotations

import re
from fractions import Fraction

from linecheck import check_text
from linecheck_numbers import number, number_rounds

from symbp.api import derive, spec_from_dict

LONG = "0.12345678901"  # more digits than a terminating value is printed with (8)
BASE = {"title": "Leaky", "layers": [2, 3, 2], "activation": "leaky_relu", "negative_slope": 0.0123456,
        "loss": "half_sse", "learning_rate": 0.123456, "input": [1, -2], "target": [1.5, -0.25],
        "layer": [{"weights": [[0.2, -0.4], [-0.3, 0.8], [0.5, 0.7]], "biases": [0.1, -0.2, -0.1]},
                  {"weights": [[-0.6, 0.9, -0.3], [0.25, -0.75, 0.4]], "biases": [0.05, -0.3]}]}
TRAINING = {"layers": [2, 2, 1], "activation": "relu", "loss": "half_sse", "learning_rate": 0.1, "steps": 2,
            "input": [1, 2], "target": [1],
            "layer": [{"weights": [[0.5, -0.25], [0.25, 0.5]], "biases": [0.1, -0.1]},
                      {"weights": [[1, -0.5]], "biases": [0.2], "activation": "identity"}]}


def _out(table: dict, fmt: str = "text", digits: int = 2) -> str:
    return derive(spec_from_dict(table), digits=digits).to(fmt)


def _stated(text: str, symbol: str) -> list[tuple[str, str]]:
    """(relation, number text) of every "symbol = x" / "symbol ≈ x" a text states."""
    return re.findall(rf"(?<![\w^]){re.escape(symbol)} (=|≈) (−?[\d.]+(?:·10\^−?\d+)?)", text)


def _honest(pairs, value: Fraction) -> None:
    assert pairs
    for relation, text in pairs:
        if relation == "=":
            assert number(text) == value, f"= {text}, but the spec gives {value}"
        else:
            assert number(text) != value and number_rounds(value, text), f"≈ {text} for {value}"


def test_a_long_leaky_slope_is_stated_exactly_as_the_lines_use_it():
    text = _out(dict(BASE, negative_slope=LONG))
    slope = re.search(r"LReLU\(z\) = z for z > 0, else (\S+)·z\.", text).group(1)
    assert number(slope) == Fraction(LONG)  # it said 0.12 while LReLU(−2.1) ≈ −0.26 used the true slope
    assert check_text(text)[0] == []
    for fmt in ("md", "tex"):
        assert rf"else ${LONG}\cdot z$" in _out(dict(BASE, negative_slope=LONG), fmt)


def test_two_slopes_printed_alike_are_still_two_slopes():
    table = dict(BASE, negative_slope=LONG, layer=[BASE["layer"][0], {**BASE["layer"][1], "negative_slope": "0.12345678902"}])
    text = _out(table)
    slopes = re.search(r"else the slope of its layer times z \((.*)\)\.", text).group(1)
    assert slopes == f"{LONG} in layer 1; 0.12345678902 in layer 2"
    same = dict(BASE, layer=[BASE["layer"][0], {**BASE["layer"][1], "negative_slope": 0.0123456}])
    assert "else 0.0123456·z." in _out(same)  # one value in two layers: one slope


def test_optimizer_settings_and_lambda_say_approx_where_rounded():
    momentum = _out(dict(TRAINING, optimizer={"name": "momentum", "beta": LONG}))
    _honest(_stated(momentum.split("①")[0], "β"), Fraction(LONG))
    adam = _out(dict(TRAINING, weight_decay="0.01234567891", optimizer={"name": "adam", "beta1": LONG, "beta2": 0.999,
                                                                          "eps": 1e-8}))
    head = adam.split("①")[0]
    _honest(_stated(head, "β1"), Fraction(LONG))
    _honest(_stated(head, "β2"), Fraction("0.999"))
    _honest(_stated(head, "λ"), Fraction("0.01234567891"))
    _honest(_stated(head, "α"), Fraction("0.1"))
    tex = _out(dict(TRAINING, optimizer={"name": "momentum", "beta": LONG}), "tex")
    assert r"\beta \approx 0.12" in tex and r"\beta = 0.12" not in tex


def test_a_long_input_is_stated_with_approx_in_every_format():
    table = dict(BASE, input=["1.0000000001", -2])
    text = _out(table, digits=4)
    assert "Input a^0 ≈ (1.000, −2), target y = (1.5, −0.25)" in text
    assert r"$a^{0} \approx (1.000, -2)$" in _out(table, "md", 4)
    assert r"$a^{0} \approx (1.000, -2)$" in _out(table, "tex", 4)
    assert "Input a^0 = (1, −2)" in _out(BASE)


def test_a_line_with_a_weight_printed_rounded_is_approx_and_rechecks():
    weights = [[LONG, -0.4], [-0.3, 0.8], [0.5, 0.7]]
    table = dict(BASE, layer=[{**BASE["layer"][0], "weights": weights}, BASE["layer"][1]])
    givens = {"w_00^1": Fraction(LONG), "a_0^0": Fraction(1), "a_1^0": Fraction(-2)}
    for digits in (2, 4):
        text = _out(table, digits=digits)
        line = next(x for x in text.split("\n") if x.strip().startswith("z_0^1 ="))
        relation, result = re.search(r" (=|≈) (\S+)$", line).groups()
        # z_0^1 = 0.12345678901·1 + (−0.4)·(−2) + 0.1 = 1.02345678901 (by hand): printed rounded
        assert number(result) != Fraction("1.02345678901") and relation == "≈", line
        assert check_text(text, givens)[0] == []  # every other line still follows from its numbers
    md = _out(table, "md", 2)
    assert r"W^{1} \approx \begin{bmatrix}0.12" in md and r"W^{2} = \begin{bmatrix}" in md


def test_the_worksheet_states_the_slope_exactly():
    from symbp.worksheet import activations_table

    from symbp.spec import spec_from_dict as spec_of_table

    table = activations_table(spec_of_table(dict(BASE, negative_slope=LONG)))
    assert [row["slope"] for row in table] == [LONG] and table[0]["every"]  # the sheet's "s = 0.1235" was rounded
    # (one run of both layers: "LReLU with s = … in every layer", a05492e2)
