"""`check` reports as a student reads them (review of hostile answers): a number the answer wrote is
echoed in a bounded form (1e999 as 1·10^999, not its 1000 digits) in text, LaTeX and JSON; a bad
`variant` or value is named in the file's own terms (3.5, not Decimal('3.5')); and a wrong value's
line, re-parsed and recomputed here with Fractions from the numbers it prints, gives its printed
result (the answer's own numbers as written, the other values with the digits it needs)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from fractions import Fraction

import pytest

from helpers import REPO, cli_runner, not_read

from symbp.agreement import Rule
from symbp.check import answers_from_table
from symbp.check_report import render_report
from symbp.cli import main
from symbp.marking import mark
from symbp.pipeline import derive_solution
from symbp.spec import parse_spec

NN231 = str(REPO / "examples" / "nn231.toml")


def _check(tmp_path, answers: str, *flags):
    (tmp_path / "a.toml").write_text(answers, encoding="utf-8")
    return cli_runner().invoke(main, ["check", NN231, str(tmp_path / "a.toml"), *flags])


def test_a_huge_or_tiny_answer_is_echoed_in_a_few_characters(tmp_path):
    answers = '"z_0^1" = 1e999\n"a_0^1" = 1e-999\n"z_1^1" = -2.50e-30\n"z_2^1" = 1.23e-34\n'
    text = _check(tmp_path, answers).output
    assert max(len(line) for line in text.splitlines()) < 200
    for echo in ("z_0^1 = 1·10^999", "a_0^1 = 1·10^−999", "z_1^1 = −2.50·10^−30", "z_2^1 = 1.23·10^−34"):
        assert echo in text
    tex = _check(tmp_path, answers, "--format", "tex").output
    assert "0" * 40 not in tex and "1 \\cdot 10^{999}" in tex and "-2.50 \\cdot 10^{-30}" in tex
    quantities = json.loads(_check(tmp_path, answers, "--format", "json").output)["quantities"]
    assert [quantities[n]["given_text"] for n in ("z_0^1", "a_0^1", "z_1^1")] == ["1e999", "1e-999", "-2.50e-30"]


@pytest.mark.parametrize("line,shown", [("variant = 3.5", "got 3.5"), ("variant = true", "got true"),
                                        ("variant = [1.5, 2]", "got [1.5, 2]"), ('variant = "three"', 'got "three"'),
                                        ("student = 2.5", "got 2.5")])
def test_a_bad_value_is_named_in_the_files_terms(tmp_path, line, shown):
    result = _check(tmp_path, line + "\n")
    assert result.exit_code == 2
    message = result.output.strip()
    assert shown in message and "Decimal" not in message and "Traceback" not in message
    prefix = f"symbp: {tmp_path / 'a.toml'}: "  # the file, then the field
    assert len(message.splitlines()) == 1 and message.startswith(prefix)
    assert message[len(prefix):].split(":")[0] in ("variant", "student")


@pytest.mark.parametrize("line,written", [('"z_0^1" = [0.5, 1]', "[0.5, 1]"), ('"z_0^1" = {a = 1.5}', "{a = 1.5}")])
def test_a_value_not_read_is_named_in_the_files_terms(tmp_path, line, written):
    """An array or table where a number belongs was refused (exit code 2); one unreadable number no
    longer leaves the rest of the file unmarked: the text report's NOT READ and the JSON's "not_read"
    name the field and echo the value in the file's terms (exit code 1), z_2^1 = 0.5·1 + 0.7·2 − 0.1
    = 1.8 beside it is marked correct."""
    answers = line + '\n"z_2^1" = 1.8\n'
    result = _check(tmp_path, answers)
    assert result.exit_code == 1 and "Decimal" not in result.output and "Traceback" not in result.output
    [said] = not_read(result.output)
    assert said.startswith("z_0^1: ") and said.endswith(f"got {written}"), said
    report = json.loads(_check(tmp_path, answers, "--format", "json").output)
    assert [(u["name"], u["text"]) for u in report["not_read"]] == [("z_0^1", written)]
    assert report["not_read"][0]["reason"] == said[len("z_0^1: "):]
    assert report["quantities"]["z_0^1"]["status"] == "missing" and report["quantities"]["z_2^1"]["status"] == "correct"


def _printed_lines(text: str):
    """Every substituted line of + − · over printed numbers: (its value from them, sign, result)."""
    for line in text.splitlines():
        m = re.fullmatch(r"\s+= (.*) (≈|=) (−?[\d.]+)", line)
        if m and re.fullmatch(r"[\d.()·+− ]+", m.group(1)):
            expression = re.sub(r"(\d+(?:\.\d+)?)", r"Fraction('\1')", m.group(1).replace("−", "-").replace("·", "*"))
            yield line, eval(expression, {"Fraction": Fraction}), m.group(2), m.group(3).replace("−", "-")  # noqa: S307


def test_a_wrong_values_line_follows_from_the_numbers_it_prints():
    """Mazur's network; an a_0^1 written with 7 digits, a wrong z_0^2: its line substitutes the
    written a_0^1 and a_1^1 (not written: worked out from z_1^1, 0.59688437…).  Before, a_1^1 was
    printed 0.5969 beside a result from 0.59688437… (0.4·0.0023757 + 0.45·0.5969 + 0.6 ≈ 0.8695:
    0.869555…), and a written 1.123456789 was printed 1.123."""
    spec = parse_spec((REPO / "examples" / "mazur.toml").read_text(encoding="utf-8"))
    solution, _ = derive_solution(spec, symbolic=False)
    checked = 0
    for k in range(1, 60):
        a = Decimal(k * 7919) / 10**7
        answers = answers_from_table({"a_0^1": a, "z_0^2": Decimal("1.5")}, solution.derivation, source="a")
        text = render_report(mark(solution, answers, Rule(4), carry=True), "text")
        assert f"·{a}" in text  # as written
        for line, value, sign, printed in _printed_lines(text):
            unit = Fraction(1, 10 ** -Decimal(printed).as_tuple().exponent)
            rounded = Decimal(value.numerator) / Decimal(value.denominator)
            rounded = rounded.quantize(Decimal(printed), rounding="ROUND_HALF_UP")
            assert rounded == Decimal(printed) or abs(value - Fraction(printed)) < unit / 2, line
            assert (sign == "=") == (value == Fraction(printed)), line
            checked += 1
    assert checked >= 59


def test_a_tiny_value_from_the_answer_is_not_printed_as_zero(tmp_path):
    """σ(−999) = 1/(1 + e^999) ≈ 1.380·10^−434 (mpmath here) was printed "σ(−999) = 0": an equality that
    does not hold, on the line that shows the student what their own numbers give."""
    import mpmath

    mazur = str(REPO / "examples" / "mazur.toml")
    (tmp_path / "a.toml").write_text('"z_0^1" = -999\n"a_0^1" = 0.7\n', encoding="utf-8")
    text = cli_runner().invoke(main, ["check", mazur, str(tmp_path / "a.toml")]).output
    line = next(line for line in text.splitlines() if "σ(−999)" in line)
    match = re.search(r"σ\(−999\) ≈ (\d\.\d+)·10\^−(\d+)", line)
    assert match, line
    true = 1 / (1 + mpmath.exp(mpmath.mpf(999)))
    shown = mpmath.mpf(match.group(1)) * mpmath.mpf(10) ** -int(match.group(2))
    assert abs(shown - true) <= mpmath.mpf("0.0005") * mpmath.mpf(10) ** -int(match.group(2))


def test_a_line_the_answers_numbers_leave_undefined_shows_the_true_numbers(tmp_path):
    """a = 1 written for σ(30) leaves L = −log(1 − a) undefined; the report printed
    −(0·log(1) + (1 − 0)·log(1 − 1)) ≈ 30.00.  The line now substitutes the true a with the digits
    that make it give its result: recomputed here from the printed number."""
    import math

    spec = tmp_path / "sat.toml"
    spec.write_text('layers = [1, 1]\nactivation = "sigmoid"\nloss = "bce"\nlearning_rate = 0.1\ninput = [1]\n'
                    'target = [0]\n[[layer]]\nweights = [[30]]\nbiases = [0]\n', encoding="utf-8")
    (tmp_path / "a.toml").write_text('"z_0^1" = "30"\n"a_0^1" = "1"\n"L" = "31"\n', encoding="utf-8")  # L wrong
    text = cli_runner().invoke(main, ["check", str(spec), str(tmp_path / "a.toml")]).output
    match = re.search(r"ln\(1 − ([\d.]+)\)\) ≈ ([\d.]+)", text)
    assert match, text
    a, result = Decimal(match.group(1)), Decimal(match.group(2))
    assert a < 1
    assert abs(Decimal(-math.log(float(1 - a))) - result) <= Decimal("0.005")  # its 4 digits


def test_too_few_digits_names_the_true_value_and_the_answers_own(tmp_path):
    """"0.08: 1 significant digit; the value is 0.078923645" named what the answer's own rounded a gives
    as "the value" (the true one is 0.0789190; found by a new user).  Now both, each named."""
    mazur = str(REPO / "examples" / "mazur.toml")
    (tmp_path / "a.toml").write_text('"a_0^2" = "0.75"\n"a_1^2" = "0.77"\n"L" = "0.3"\n', encoding="utf-8")
    text = cli_runner().invoke(main, ["check", mazur, str(tmp_path / "a.toml")]).output
    line = next(line for line in text.splitlines() if line.strip().startswith("L ") and "significant" in line)
    own = (Fraction("0.01") - Fraction("0.75")) ** 2 / 2 + (Fraction("0.99") - Fraction("0.77")) ** 2 / 2
    match = re.search(r"the value is ≈ ([\d.]+); from the answer's own numbers it is ([\d.]+)", line)
    assert match, line
    assert Fraction(match.group(2)) == own  # 0.298, exactly what the answer's 0.75 and 0.77 give
    assert match.group(1) == "0.2984"  # Mazur's published total error 0.298371109, to 4 digits
