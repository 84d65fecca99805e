"""The calculator mode (--round-intermediate, the worksheet keys' default) carries values worked out
exactly from the rounded numbers it wrote down, by the one rounding rule (half away from zero).

A new user's finding (rep_sat: 3-2-2, tanh then sigmoid, learning rate 1000): the sigmoid saturates
and step 2's gradients are 10^−96..10^−191.  A carried value that short decimal's denominator made
longer than MAX_EXACT_BITS (8.968·10^−191) was lifted to a 50-digit number, the mean
1/2·(8.968·10^−191 + (−4.735·10^−96)) lost its small term and its tie −2.3675·10^−96 rounded away
from zero: −2.368·10^−96 carried (and stored in the JSON), where the printed numbers give
−2.36749…·10^−96 ≈ −2.367·10^−96; the read-back refused the line (exit 3).  And a Fraction beyond
`numbers.round_ratio`'s table was rounded through a 200-digit Decimal, which turns a near-tie."""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from functools import lru_cache

from linecheck import check_text
from symbp import api
from symbp.numbers import round_significant

SATURATING = {"layers": [3, 2, 2], "loss": "half_sse", "learning_rate": 1000, "steps": 2,
              "inputs": [[1, 2, 2], [2, -1, 2]], "targets": [[0, "0.8"], ["0.5", "0.8"]],
              "layer": [{"activation": "tanh", "weights": [["-0.9", 1, "0.6"], ["0.5", "0.3", "0.7"]],
                         "biases": ["-0.2", "0.1"]},
                        {"activation": "sigmoid", "weights": [["0.4", "-0.6"], ["0.4", "0.1"]], "biases": [1, -1]}]}


def rounded(value: Fraction, digits: int) -> Fraction:
    """`value` to `digits` significant digits, half away from zero, through a 2000-digit Decimal
    (its values here lie beyond 10^−300 of every tie, relatively)."""
    with localcontext() as ctx:
        ctx.prec = 2000
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return Fraction(exact.quantize(Decimal(1).scaleb(exact.adjusted() - digits + 1), rounding=ROUND_HALF_UP))


@lru_cache(maxsize=1)
def saturated():
    return api.derive(api.spec_from_dict(SATURATING), 4, round_intermediate=True)


def test_a_saturated_carried_run_follows_from_its_printed_numbers():
    solution = saturated()
    carried = {name: Fraction(value) for name, value in json.loads(solution.to_json())["carried"].items()}
    means = [name for name in carried if name.startswith("dL/d") and "[" not in name]
    assert len(means) == 2 * (3 * 2 + 2 + 2 * 2 + 2)  # every parameter's mean gradient at both steps
    for name in means:  # the batch's mean, 1/2·(g[1] + g[2]), of the printed per-sample gradients
        at = name.index("@") if "@" in name else len(name)
        samples = [carried[name[:at] + f"[{k}]" + name[at:]] for k in (1, 2)]
        assert carried[name] == rounded(sum(samples) / 2, 4), name
    assert carried["dL/db_0^2@2"] == Fraction("-2.367e-96")
    violations, reader = check_text(solution.to("text"))  # (the printed text, read back: exit 3 on main)
    assert violations == [] and reader.lines_checked > 100


def test_a_long_fraction_near_a_tie_is_rounded_exactly():
    below = Fraction(23675, 10**4) - Fraction(1, 10**250)  # beyond round_ratio's 300 bits, and a 200-digit Decimal
    for value, digits in ((below, 4), (-below, 4), (below + Fraction(2, 10**250), 4), (Fraction(1, 3 * 10**400), 3)):
        assert round_significant(value, digits) == rounded(value, digits), value


def test_a_carried_value_that_is_not_the_exact_one_keeps_its_digits():
    """−0.6 − 1000·0.07410 gives −74.7 exactly, but from a rounded number: a calculator's value,
    printed −74.70 with the sheet's 4 digits wherever it appears (on main −74.7, a value of 3
    digits to a reader, in the key's JSON too), its line still "=" (the numbers give it exactly)."""
    solution = saturated()
    data = json.loads(solution.to_json())
    carried, exact = data["carried"], data["exact"]
    padded = 0
    for name, text in carried.items():
        if Fraction(text) not in (0, Fraction(exact[name])):
            assert len(text.lstrip("-").replace(".", "").lstrip("0")) >= 4, (name, text)  # trailing zeros count
            padded += text.endswith("0")
    assert padded
    printed = solution.to("text")
    for name in ("w_01^2@2", "L@2"):  # an update and a cost whose lines give a short value exactly
        written = carried[name].replace("-", "−")
        assert written.endswith("0")
        assert re.search(re.escape(written.rstrip("0")) + r"(?![0-9])", printed) is None, name  # never shorter
        assert f"= {written}\n" in printed  # its own line: "=", the number as every later line uses it



def test_a_key_made_before_the_padding_still_reads():
    """A key made before a carried value that is not the exact one kept its digits ("-74.7"):
    its carried values are the printed ones but for those zeros, and still its own; another value,
    or another digits' zeros, is not."""
    from symbp.key_file import _padded

    printed = {"w": "-74.70", "L": "0.08250", "a": "0.5"}
    assert _padded(printed, {"w": "-74.7", "L": "0.0825", "a": "0.5"})
    for edited in ({"w": "-74.8"}, {"w": "-74.700"}, {"a": "0.50"}, {"w": "-74"}):
        assert not _padded(printed, {**printed, **edited}), edited
    assert not _padded(printed, {"w": "-74.7", "L": "0.0825"})


def test_an_edited_carried_text_that_is_no_number_is_refused_not_a_crash():
    """A hostile key whose carried value is the start of the printed one but no number ("-" of
    "-74.70", "" or "." of ".5") is an edited key, not an internal error."""
    from symbp.key_file import _padded

    printed = {"w": "-74.70", "a": ".5"}
    for edited in ({"w": "-"}, {"w": ""}, {"a": "."}):
        assert not _padded(printed, {**printed, **edited}), edited
