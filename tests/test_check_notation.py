"""`symbp check` reads answers written in symbp's own number notation (4.386·10^−4, as its keys print
them), in every locale, within the number limits; a class run names the file in every error row.

Expected values: Matt Mazur's published numbers ("A Step by Step Backpropagation Example", 2015;
examples/mazur.toml): net_h1 = 0.3775, out_h1 = 0.593269992, E_total = 0.298371109,
∂E/∂w5 = 0.082167041, ∂E/∂w6 = 0.082667628, ∂E/∂w7 = −0.022602540, ∂E/∂w1 = 0.000438568,
∂E/∂w2 = 0.000877135 (his w1, w2, w5, w6, w7 are w_00^1, w_01^1, w_00^2, w_01^2, w_10^2).
"""

from __future__ import annotations

import csv
import json
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

from helpers import cli_runner
from symbp.written import parse_written
from symbp.cli import main
from symbp.errors import SpecError
from symbp.resources import example_path

MAZUR = {  # name -> the published value written as symbp prints it, in the forms a student copies
    "z_0^1": "3.775·10^−1",
    "a_0^1": "5.933×10^-1",
    "L": "2.984 · 10^{-1}",
    "dL/dw_00^2": "8.217·10^(−2)",
    "dL/dw_01^2": "8,267·10^−2",  # decimal comma
    "dL/dw_10^2": "−0.02260",  # U+2212 minus
    "dL/dw_00^1": "4.386·10^−4",
    "dL/dw_01^1": "8.771·10⁻⁴",
}


@pytest.mark.parametrize("text, value, significant", [
    ("4.386·10^−4", "0.0004386", 4), ("4.386·10^-4", "0.0004386", 4), ("4.386×10^−4", "0.0004386", 4),
    ("4,386·10^−4", "0.0004386", 4), ("4.386 ⋅ 10^{−4}", "0.0004386", 4), ("1.715·10⁻⁵", "0.00001715", 4),
    ("−0.5", "-0.5", 1), ("−1.20·10^3", "-1200", 3), ("2*10^(2)", "200", 1),
    # typed with an x, or as the .tex pages write it (a student persona: the whole file was NOT MARKED)
    ("1.082x10^-5", "0.00001082", 4), ("1.082 X 10^-5", "0.00001082", 4), (r"1.082\cdot 10^{-5}", "0.00001082", 4),
    (r"-1.082 \times 10^{-5}", "-0.00001082", 4),
])
def test_symbps_notation_is_read_with_its_digits(text, value, significant):
    written = parse_written(text, "x")
    assert written.value == Fraction(value) and written.significant == significant


def test_a_power_of_ten_is_rounded_where_its_last_digit_is():
    from symbp.agreement import Rule, agrees

    # 2.00·10^4 is 20014 rounded to hundreds; 12000 written out claims the units
    assert agrees(parse_written("2.00·10^4", "x"), Fraction(20014), Rule(4))
    assert not agrees(parse_written("2.01·10^4", "x"), Fraction(20014), Rule(4))


@pytest.mark.parametrize("text", ["4.386·10^−1001", "1·10^1234567", "1·10^", "4..3·10^2", "1,2,3·10^2",
                                  "4.386·10^−4·10^2", "10^-4", "4.386·10^" + "9" * 3000, "1.082·10−5", "x10^2",
                                  r"1.082\cdot10", "1.082xx10^2"])
def test_notation_keeps_the_number_limits(text):
    with pytest.raises(SpecError):
        parse_written(text, "x")


@pytest.mark.parametrize("locale", ["en", "de", "fr"])
def test_check_marks_an_answers_file_in_symbps_notation(tmp_path, locale):
    answers = tmp_path / "answers.toml"
    answers.write_text("".join(f"{json.dumps(n)} = {json.dumps(v)}\n" for n, v in MAZUR.items()), encoding="utf-8")
    result = cli_runner().invoke(main, ["check", str(example_path("mazur")), str(answers), "--format", "json",
                                        "--locale", locale], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {n: report["quantities"][n]["status"] for n in MAZUR} == {n: "correct" for n in MAZUR}


def test_class_error_rows_name_the_file(tmp_path):
    out = tmp_path / "sheet"
    result = cli_runner().invoke(main, ["worksheet", "--example", "mazur", "-n", "1", "--seed", "2", "--out", str(out)],
                                 catch_exceptions=False)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "class"
    folder.mkdir()
    # refused (a bad variant; an unreadable number would be marked as not given, no error row)
    (folder / "ada.toml").write_text('variant = "three"\n"z_0^1" = 1\n', encoding="utf-8")
    (folder / "bob.toml").write_text('variant = 1\n"zz" = 1\n', encoding="utf-8")
    (folder / "eve.toml").write_text('this is not = = toml\n', encoding="utf-8")
    z = Decimal(json.loads((out / "answers.json").read_text(encoding="utf-8"))["variants"][0]["exact"]["a_0^1"])
    mantissa = z.scaleb(-z.adjusted()).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    written = f"{mantissa}·10^{z.adjusted()}".replace("-", "\u2212")  # e.g. 5.933·10^−1
    (folder / "fay.toml").write_text(f'variant = 1\n"a_0^1" = "{written}"\n', encoding="utf-8")
    result = cli_runner().invoke(main, ["check", "--key", str(out / "answers.json"), str(folder), "--out",
                                        str(tmp_path / "marked")], catch_exceptions=False)
    assert result.exit_code == 2
    rows = {r["file"]: r for r in csv.DictReader((tmp_path / "marked" / "grades.csv").open(encoding="utf-8-sig"))}
    for name in ("ada.toml", "bob.toml", "eve.toml"):
        assert rows[name]["error"].startswith(f"{folder / name}: "), rows[name]["error"]
    assert rows["fay.toml"]["error"] == "" and rows["fay.toml"]["correct"] == "1"
