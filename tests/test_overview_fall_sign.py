"""The answer key's class overview heads the fall of the cost with one symbol for all its rows.  An
instructor's sheet with `require_loss_decrease = false` had variants whose cost rose: the column,
headed L − L^(2) after the first variant, showed their rise (L^(2) − L, positive) under it.  Where
the variants' costs change unlike, every row now gives L − L^(2), negative where the cost rose.
A 1-1 identity network with α = 0.5: L = ½(wx + b − y)², one step on w and b, worked out here."""

from __future__ import annotations

import re
from fractions import Fraction

import symbp

SPEC = """layers = [1, 1]
activation = "identity"
loss = "half_sse"
learning_rate = 0.5

[variants]
inputs = { range = [1, 2], decimals = 0, nonzero = true }
targets = { range = [-1, 1], decimals = 1 }
weights = { range = [-1, 1], decimals = 1, nonzero = true }
biases = { range = [-1, 1], decimals = 1 }
require_loss_decrease = false
"""


def _fall(spec: dict) -> Fraction:
    """L − L^(2) of a variant's 1-1 network, by hand."""
    x, y, alpha = (Fraction(str(v)) for v in (spec["input"][0], spec["target"][0], spec["learning_rate"]))
    layer = spec["layer"][0]
    w, b = Fraction(str(layer["weights"][0][0])), Fraction(str(layer["biases"][0]))
    error = w * x + b - y
    w2, b2 = w - alpha * error * x, b - alpha * error
    return error ** 2 / 2 - (w2 * x + b2 - y) ** 2 / 2


def test_every_row_of_the_fall_column_is_true_under_its_header():
    sheet = symbp.worksheet(symbp.load(SPEC), variants=6, seed=1)
    falls = {str(v["id"]): _fall(v["spec"]) for v in sheet.answers()["variants"]}
    assert any(f > 0 for f in falls.values()) and any(f < 0 for f in falls.values())  # the case in question
    key = sheet.files["answer-key.tex"]
    overview = key[key.index(r"\pdfbookmark[0]{Class overview}"):key.index(r"\pdfbookmark[0]{Variant 1}")]
    header = next(line for line in overview.splitlines() if line.startswith(" & $"))
    titles = [cell.strip(" $") for cell in header.removesuffix(r" \\ \hline").split("&")]
    column = titles.index(r"L - L^{\langle 2\rangle}")  # the cost after step 2 (a step's mark, ⟨2⟩)
    rows = re.findall(r"^\\hyperlink\{summary-(\d+)\}\{\d+\}(.*) \\\\$", overview, re.M)
    assert sorted(vid for vid, _ in rows) == sorted(falls)
    for vid, cells in rows:
        assert Fraction(cells.split("&")[column].strip(" $")) == falls[vid], vid


def test_a_change_below_the_printed_digits_keeps_its_sign_in_a_signed_column():
    """A fall and a rise too small for the printed costs (written "> 0" under each summary's own
    L − L^(2) and L^(2) − L) are "> 0" and "< 0" under L − L^(2); a carried key's exact note below
    the rise (its L^(2) − L, here negative: the printed costs fell) turns its sign too."""
    from symbp.render.sheet import _signed, overview

    def fall(symbol: str, exact=None) -> dict:
        entry = {"name": "fall", "symbol": symbol, "headline": False, "asked": False, "text": "0", "approx": False,
                 "exact": exact, "relation": ">"}
        return {**entry, "signed": _signed(entry, "L - L^{(2)}")}

    note = {"text": "-6.1 \\cdot 10^{-104}", "approx": True}
    table = overview([[{"entries": [fall("L - L^{(2)}")]}], [{"entries": [fall("L^{(2)} - L", note)]}]], [1, 2])
    (column,) = table["blocks"][0]
    assert column["symbol"] == "L - L^{(2)}"
    assert [(cell["relation"], cell["text"]) for cell in column["cells"]] == [(">", "0"), ("<", "0")]
    assert column["cells"][1]["exact"] == {"text": "6.1 \\cdot 10^{-104}", "approx": True}
