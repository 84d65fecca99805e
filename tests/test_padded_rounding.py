"""A value rounded to fewer digits than it is written with, a 0 put on the end (−0.01440 for −0.01443), is
named as that slip, not "a digit miscopied" (a new user's student Emil, who rounded to 3 digits on a
4-digit sheet).  Mazur's a_0^1 = σ(0.3775) = 0.5932699…: 0.5933 to 4 digits, 0.59 to 2 (0.5930, from 3
digits, lies within the reach of rounding on the way: σ worked with e^−z rounded gives 0.5931)."""

from __future__ import annotations

import re
from decimal import Decimal

from click.testing import CliRunner

from symbp.cli import main

from helpers import REPO


def _slip(key: str) -> str:
    text = (REPO / "templates" / "i18n" / "en.toml").read_text(encoding="utf-8")
    section = text[text.index("\n[slip]"):]
    return re.search(rf'^{key} = "(.*?)"', section, re.M).group(1)


def _marked(tmp_path, a01: str) -> str:
    answers = tmp_path / "a.toml"
    answers.write_text(f'"z_0^1" = "0.3775"\n"a_0^1" = "{a01}"\n', encoding="utf-8")
    return CliRunner().invoke(main, ["check", "--example", "mazur", str(answers)]).output


def test_a_value_rounded_short_and_padded_is_named_so(tmp_path):
    exact = 1 / (1 + Decimal(-0.3775).exp())  # σ(0.3775)
    padded = f"{round(exact, 2):.2f}00"  # 0.5900
    assert padded == "0.5900" and f"{round(exact, 4):.4f}" == "0.5933"
    output = _marked(tmp_path, padded)
    assert "a_0^1 = 0.5900" in output and _slip("padded_rounding") in output, output
    output = _marked(tmp_path, "0.5939")  # a digit miscopied stays so
    assert _slip("digit_miscopied") in output and _slip("padded_rounding") not in output, output
