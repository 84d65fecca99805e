"""The graph key's summary gives a grader the whole calculator chain: beside every value whose exact form is printed
with more digits than the sheet's (r ≈ −2.2848), the value a calculator that rounds everything to the sheet's digits
gives, where it prints differently ((−2.285): f.1's (5.221) follows from it, not from −2.2848 — a new user's LOW of
stop 63).  The chain is worked here with Decimal, gate by gate, from the variant's inputs."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, getcontext

import symbp

SPEC = {"kind": "graph", "title": "exam", "inputs": {"x": 2, "y": -1, "z": 3},
        "stages": ["q = x*y + z", "r = tanh(q) * x", "f = r**2 + sqrt(z)"]}
getcontext().prec = 50


def r4(value: Decimal) -> Decimal:
    """Rounded to 4 significant digits, half away from zero."""
    if value == 0:
        return value
    return value.quantize(Decimal(1).scaleb(value.adjusted() - 3), rounding=ROUND_HALF_UP)


def tanh(q: Decimal) -> Decimal:
    e = (2 * q).exp()
    return (e - 1) / (e + 1)


def calculator(x: Decimal, y: Decimal, z: Decimal) -> dict:
    """Every value and local derivative rounded to 4 digits and carried on (tanh' worked as 1 − (r.1)², as the
    solution prints it)."""
    v = {"q.1": r4(x * y)}
    v["q"] = r4(v["q.1"] + z)
    v["r.1"] = r4(tanh(v["q"]))
    v["r"] = r4(v["r.1"] * x)
    v["f.1"] = r4(v["r"] ** 2)
    v["f.2"] = r4(z.sqrt())
    v["f"] = r4(v["f.1"] + v["f.2"])
    g = {"f.1": Decimal(1), "f.2": Decimal(1)}
    g["r"] = r4(g["f.1"] * r4(2 * v["r"]))
    g["r.1"] = r4(g["r"] * x)
    g["q"] = r4(g["r.1"] * r4(1 - v["r.1"] ** 2))
    g["q.1"] = r4(g["q"])
    g["z"] = r4(g["q"] + g["f.2"] * r4(1 / (2 * z.sqrt())))
    g["y"] = r4(g["q.1"] * x)
    g["x"] = r4(g["q.1"] * y + g["r"] * v["r.1"])
    return v, g


def number(cell: str) -> Decimal:
    return Decimal(cell.removeprefix("\\approx ").replace("{", "").replace("}", ""))


def test_the_summary_gives_every_value_a_calculator_writes():
    sheet = symbp.worksheet(symbp.spec_from_dict(SPEC), variants=3, seed=3)
    key = sheet.files["answer-key.tex"]
    tables = re.findall(r"\\begin\{tabular\}\{llrr\}(.*?)\\end\{tabular\}", key, re.S)
    variants = sheet.answers()["variants"]
    assert len(tables) == 2 * len(variants)
    shown_more = 0
    for entry, table in zip(variants, tables[::2]):  # each variant's key summary
        values, gradients = calculator(*(Decimal(entry["spec"]["inputs"][n]) for n in "xyz"))
        rows = re.findall(r"^\$(\S+)\$ & .*? & \$(.*?)\$(?: \$\((.*?)\)\$)? & \$(.*?)\$(?: \$\((.*?)\)\$)? \\\\$",
                          table, re.M)
        assert len(rows) == 10
        for symbol, value, value_calc, gradient, gradient_calc in rows:
            for cell, calc, expected in ((value, value_calc, values.get(symbol)), (gradient, gradient_calc, gradients.get(symbol))):
                if expected is None:  # an input's value, f's gradient 1
                    continue
                shown = number(calc) if calc else number(cell)
                assert shown == expected, (entry["id"], symbol, cell, calc, expected)
                shown_more += bool(calc) and r4(number(cell)) == number(calc)
    assert shown_more > 0  # the case of the LOW occurs: a value printed with more digits, its calculator's beside it


def test_the_note_on_brackets_stands_where_a_bracket_does():
    """A variant whose summary has no bracket printed the note all the same (this stop's reviewer's LOW)."""
    spec = {"kind": "graph", "title": "e", "inputs": {"x": 1, "y": 2}, "expression": "f = exp(x) * y"}
    sheet = symbp.worksheet(symbp.spec_from_dict(spec), variants=6, seed=1)
    key = sheet.files["answer-key.tex"]
    variants = key.split("\\pdfbookmark[0]")[1:]
    assert len(variants) == 6
    with_brackets = [bool(re.search(r"\\end\{tabular\}", v) and re.search(r"\$ \$\(", v.split("\\end{tabular}")[0]))
                     for v in variants]
    notes = ["In brackets" in v.split("\\end{tabular}")[1][:600] for v in variants]
    assert notes == with_brackets and any(notes) and not all(notes)
