"""answers.json "carried" holds the carried values as the key prints them, and `check` marks them right.

The README says "carried" holds the calculator mode's values as printed: a rounded value keeps its
significant zeros (≈ 0.3000, not 0.3, which `check` would call too coarse).  Each value is compared
with the number the answer key's summary prints for it (digits and significance, read from the
LaTeX), and a submission made of the "carried" strings is marked by `symbp check --key`: every
asked value correct.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from helpers import cli_runner
from symbp.cli import main
from symbp.render.printers import printer
from test_export_carried import ADAM

SHEETS = {"adam": ["SPEC", "-n", "2", "--seed", "3"], "mazur": ["--example", "mazur", "-n", "2", "--seed", "8"]}
# \summaryexact: the same entry with the exact value below it (a fourth argument)
ENTRY = re.compile(r"^\\summary(?:entry|exact)\{(.*)\}\{(=|\\approx)\}\{([^{}]*(?:\{[^{}]*\})?)\}(?:\{.*\})?$", re.M)


@pytest.fixture(scope="module", params=list(SHEETS))
def sheet(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param)
    (out / "spec.toml").write_text(ADAM, encoding="utf-8")
    args = [str(out / "spec.toml") if a == "SPEC" else a for a in SHEETS[request.param]]
    result = cli_runner().invoke(main, ["worksheet", *args, "--out", str(out / "ws")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out, json.loads((out / "ws" / "answers.json").read_text(encoding="utf-8"))


def _printed(tex: str) -> Decimal:
    """A number of the key's LaTeX (-0.4377, 1.099 \\cdot 10^{-5}) with the digits it shows."""
    match = re.fullmatch(r"(-?[0-9.]+)(?: \\cdot 10\^\{(-?[0-9]+)\})?", tex.strip())
    assert match, tex
    return Decimal(match.group(1)).scaleb(int(match.group(2) or 0))


def test_carried_values_are_the_numbers_the_key_prints(sheet):
    out, key = sheet
    tex = printer("tex")
    text = (out / "ws" / "answer-key.tex").read_text(encoding="utf-8")
    summaries = re.split(r"\\hypertarget\{summary-", text)[1:]
    assert len(summaries) == len(key["variants"])
    zeros = 0
    for summary, variant in zip(summaries, key["variants"]):
        by_symbol = {tex.symbol(name): name for name in variant["carried"]}
        compared = 0
        for symbol, _, number in ENTRY.findall(summary.split("\\hypertarget{solution-")[0]):
            if symbol not in by_symbol:
                continue  # the fall of the loss
            stored = variant["carried"][by_symbol[symbol]]
            assert Decimal(stored).as_tuple() == _printed(number).as_tuple(), (variant["id"], symbol, stored, number)
            zeros += stored.endswith("0") and "." in stored
            compared += 1
        assert compared >= len(variant["asked"]) - 2
    assert zeros > 0  # significant trailing zeros occur, and are kept


def test_check_marks_the_keys_carried_values_correct(sheet):
    out, key = sheet
    for variant in key["variants"]:
        lines = [f"variant = {variant['id']}"] + [f"{json.dumps(n)} = {json.dumps(variant['carried'][n])}"
                                                  for n in variant["asked"]]
        answers = out / f"carried-{variant['id']}.toml"
        answers.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = cli_runner().invoke(main, ["check", "--key", str(out / "ws" / "answers.json"), str(answers),
                                            "--format", "json"], catch_exceptions=False)
        report = json.loads(result.output)
        statuses = {name: q["status"] for name, q in report["quantities"].items()}
        assert {n for n, s in statuses.items() if s != "correct"} == set(), variant["id"]
        assert result.exit_code == 0
