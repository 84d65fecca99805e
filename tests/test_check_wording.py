"""check's report says what actually happened.  A reviewer's student, only short of digits
(z = 0.38 for 0.3775 on a 4-digit sheet, then a = σ(0.38) to 4 digits), read "CARRIED FORWARD:
wrong only because earlier values were" — no earlier value was wrong.  The heading over carried
values names what they follow from (values written with too few digits, wrong ones, or both),
and "at least 1 significant digit" is singular.  Values here are worked out with math.exp."""

from __future__ import annotations

import math

from helpers import cli_runner
from symbp.cli import main


def _sigmoid(z: float) -> str:
    return f"{1 / (1 + math.exp(-z)):.4f}"


def _report(tmp_path, values: dict, *options) -> str:
    answers = tmp_path / "answers.toml"
    answers.write_text("".join(f'"{name}" = "{value}"\n' for name, value in values.items()), encoding="utf-8")
    return cli_runner().invoke(main, ["check", "--example", "mazur", str(answers), *options]).stdout


def _carried_heading(report: str) -> str:
    return next(line for line in report.splitlines() if line.startswith("CARRIED FORWARD"))


def test_short_of_digits_only_is_not_called_wrong(tmp_path):
    # mazur: z_0^1 = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775; 0.38 is right at 2 digits, too few for 4
    report = _report(tmp_path, {"z_0^1": "0.38", "a_0^1": _sigmoid(0.38)})
    heading = _carried_heading(report)
    assert "too few significant digits" in heading and "wrong" not in heading, heading


def test_a_wrong_earlier_value_is_still_named_wrong(tmp_path):
    report = _report(tmp_path, {"z_0^1": "0.4775", "a_0^1": _sigmoid(0.4775)})  # 0.1 off: wrong
    assert "wrong only because earlier values were" in _carried_heading(report)


def test_both_causes_are_named(tmp_path):
    report = _report(tmp_path, {"z_0^1": "0.38", "a_0^1": _sigmoid(0.38),
                                "z_1^1": "0.4925", "a_1^1": _sigmoid(0.4925)})  # 0.3925 + 0.1: wrong
    heading = _carried_heading(report)
    assert "wrong or written with too few significant digits" in heading, heading


def test_one_significant_digit_is_singular(tmp_path):
    # at --digits 2 the minimum is 1 digit; 0.0 for δ_0^1 ≈ 0.0088 shows none
    report = _report(tmp_path, {"delta_0^1": "0.0"}, "--digits", "2")
    heading = next(line for line in report.splitlines() if line.startswith("TOO FEW"))
    assert heading.endswith("at least 1 significant digit"), heading
