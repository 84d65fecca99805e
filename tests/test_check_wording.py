"""check's report says what actually happened.  A reviewer's student, only short of digits
(z = 0.38 for 0.3775 on a 4-digit sheet, then a = σ(0.38) to 4 digits), read "CARRIED FORWARD:
wrong only because earlier values were" — no earlier value was wrong.  The heading over carried
values names what they follow from (values written with too few digits, wrong ones, or both),
and "at least 1 significant digit" is singular.  Values here are worked out with math.exp."""

from __future__ import annotations

import math

import pytest

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
    assert heading.endswith("at least 1 significant digit is asked for"), heading  # (no sheet: not "the sheet asks")


# ---- the expected value as the key shows it ---------------------------------------------------------
def _round(text: str, digits: int) -> str:
    """A decimal text rounded half away from zero to `digits` significant digits, as a key prints it."""
    from decimal import ROUND_HALF_UP, Decimal

    value = Decimal(text)
    return str(value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1), rounding=ROUND_HALF_UP))


def test_expected_is_the_keys_value_first(tmp_path):
    """The key prints the carried value first ("≈ 1.964", the exact "≈ 1.963" below it): the
    report's "expected" must too, or a student comparing the two thinks one of them wrong."""
    import json

    import symbp

    folder = tmp_path / "sheet"
    symbp.worksheet(symbp.example("nn231"), variants=3, seed=1).save(folder)
    key = json.loads((folder / "answers.json").read_text(encoding="utf-8"))
    variant, name = next((v, n) for v in key["variants"] for n in v["asked"]
                         if n in v["carried"] and not v["carried"][n].startswith("-")
                         and _round(v["carried"][n], key["digits"]) != _round(v["exact"][n], key["digits"]))
    carried, exact = variant["carried"][name], _round(variant["exact"][name], key["digits"])
    wrong = f"{float(carried) + 0.5:.4g}"  # far from both: wrong
    answers = tmp_path / "ada.toml"
    answers.write_text(f'variant = {variant["id"]}\n"{name}" = "{wrong}"\n', encoding="utf-8")
    run = [str(a) for a in ("check", "--key", folder / "answers.json", answers)]
    text = cli_runner().invoke(main, run).stdout
    assert f"expected ≈ {carried} (the key's value; exact ≈ {exact})" in text, text
    report = json.loads(cli_runner().invoke(main, run + ["--format", "json"]).stdout)["quantities"][name]
    assert (report["key_value"], report["expected"]) == (float(carried), float(variant["exact"][name]))
    tex = cli_runner().invoke(main, run + ["--format", "tex"]).stdout
    assert f"Expected $\\approx {carried}$ (the key's value; exact $\\approx {exact}$)" in tex


def test_without_a_key_expected_stays_the_exact_value(tmp_path):
    report = _report(tmp_path, {"z_0^1": "0.4775"}, "--format", "json")
    import json

    assert json.loads(report)["quantities"]["z_0^1"]["key_value"] is None


def test_the_keys_value_is_shown_as_the_key_prints_it_beside_fewer_digits(tmp_path):
    """A new user's sigmoid sheet: a_1^1 = 0.524 and L = 0.067 written with 3 and 2 digits.  The key
    prints 0.5250 and 0.06650; the report said "≈ 0.525 (the key's value; exact ≈ 0.5250)" — two
    numbers that look different and are not — and "≈ 0.0665" for the key's 0.06650."""
    import json

    import symbp

    spec = tmp_path / "sig.toml"
    spec.write_text('title = "Sigmoid 2-2-1"\nlayers = [2, 2, 1]\nactivation = "sigmoid"\nloss = "half_sse"\n'
                    'learning_rate = 0.5\n', encoding="utf-8")
    folder = tmp_path / "sheet"
    symbp.worksheet(symbp.load(spec), variants=1, seed=11).save(folder)
    variant = json.loads((folder / "answers.json").read_text(encoding="utf-8"))["variants"][0]
    texts = {}
    for name in ("a_1^1", "L"):
        carried, exact = variant["carried"][name], variant["exact"][name]
        answers = tmp_path / f"{name[0]}.toml"
        written = f"{float(carried):.2g}" if name == "L" else f"{float(carried) - 0.001:.3g}"
        answers.write_text(f'variant = {variant["id"]}\n"{name}" = "{written}"\n', encoding="utf-8")
        texts[name] = (carried, _round(exact, 4), cli_runner().invoke(main, ["check", "--key", str(folder / "answers.json"),
                                                                               str(answers)]).stdout)
    carried, exact, text = texts["a_1^1"]
    if carried == exact:  # the key and the exact value alike: no note of the key's value
        assert "the key's value" not in text and f"expected ≈ {exact}\n" in text, text
    carried, exact, text = texts["L"]
    if carried != exact and carried.endswith("0"):  # its zero at the end kept, as the key prints it
        assert f"≈ {carried} (the key's value; exact ≈ {exact})" in text, text
    assert any(c == e for c, e, _ in texts.values()) and any(c != e and c.endswith("0") for c, e, _ in texts.values())


@pytest.mark.parametrize("value, fmt, text", [
    ("0.00000748", "text", "7.480·10^−6"), ("-0.00000748", "text", "−7.480·10^−6"),
    ("0.00000748", "tex", "7.480 \\cdot 10^{-6}"), ("0.0748", "text", "0.07480"),
])
def test_the_keys_zeros_at_the_end_are_kept_in_powers_of_ten_too(value, fmt, text):
    """The reviewer's note 43: beside a key that prints 7.480·10^−6 the report said ≈ 7.48·10^−6 (its
    zero dropped when the padded 0.000007480 was written as a power of ten).  An exact integer's zeros
    are no written digits: 7480000 stays 7.48·10^6."""
    from fractions import Fraction
    from types import SimpleNamespace

    from symbp.check_numbers import shown

    exact = Fraction(value)
    lead = len(str(int(1 / abs(exact)))) if abs(exact) < 1 else 0  # 0.00000748: its first digit at 10^−6
    as_key = SimpleNamespace(significant=4, decimals=4 - 1 + lead)  # the key's 4 significant digits
    assert shown(exact, 4, fmt, as_key) == text
    assert shown(Fraction(7480000), 4, "text", None) == "7.48·10^6"
