"""symbp.numbers: exact values in (what the user wrote), rounded decimals out (once, at display)."""

from __future__ import annotations

import math
from fractions import Fraction

import mpmath
import pytest

from symbp.errors import SpecError
from symbp.numbers import MAX_EXACT_SIGNIFICANT, Shown, exact_string, format_decimal, parse_exact, round_significant


def high_precision(numerator: int, denominator: int):
    """A value as the engine holds non-rational results: an mpmath number of 50 digits."""
    context = mpmath.mp.clone()
    context.dps = 50
    return context.mpf(numerator) / denominator


# ---- parse_exact ------------------------------------------------------------------------------

@pytest.mark.parametrize("written, exact", [
    (0, Fraction(0)),
    (3, Fraction(3)),
    (-7, Fraction(-7)),
    (0.1, Fraction(1, 10)),  # the decimal written, not the binary float 0.1000000000000000055…
    (0.3, Fraction(3, 10)),
    (-0.4, Fraction(-2, 5)),
    (1e-3, Fraction(1, 1000)),
    (2.5e3, Fraction(2500)),
    (0.006272, Fraction(6272, 1000000)),
])
def test_parse_exact_reads_numbers_as_written(written, exact):
    assert parse_exact(written, "x") == exact


@pytest.mark.parametrize("written, exact", [
    ("1/3", Fraction(1, 3)),
    ("-2/7", Fraction(-2, 7)),
    (" 3 / 4 ", Fraction(3, 4)),
    ("0.5", Fraction(1, 2)),
    ("-0.5", Fraction(-1, 2)),
    ("\u22120.5", Fraction(-1, 2)),  # the typographic minus sign, as in "−0.5"
    ("1.5/3", Fraction(1, 2)),
    ("2.5e-1", Fraction(1, 4)),
    ("7", Fraction(7)),
])
def test_parse_exact_reads_strings(written, exact):
    assert parse_exact(written, "x") == exact


def test_parse_exact_result_is_a_fraction():
    assert type(parse_exact(0.1, "x")) is Fraction


@pytest.mark.parametrize("bad", ["1/0", "0/0", "abc", "", "1/3/4", "0x10", "1,5", "nan", "inf"])
def test_parse_exact_rejects_bad_strings(bad):
    with pytest.raises(SpecError):
        parse_exact(bad, "layer[1].weights[0][1]")


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, True, False, None, [1], {"a": 1}])
def test_parse_exact_rejects_non_numbers(bad):
    with pytest.raises(SpecError):
        parse_exact(bad, "input[0]")


@pytest.mark.parametrize("bad", ["1/0", "abc", math.nan, math.inf, True])
def test_parse_exact_error_names_the_field(bad):
    with pytest.raises(SpecError) as caught:
        parse_exact(bad, "layer[2].biases[0]")
    assert (caught.value.field, str(caught.value).startswith("layer[2].biases[0]: ")) == ("layer[2].biases[0]", True)


def test_parse_exact_error_for_a_boolean_says_a_number_was_expected():
    with pytest.raises(SpecError, match="expected a number"):
        parse_exact(True, "learning_rate")


# ---- format_decimal ---------------------------------------------------------------------------

@pytest.mark.parametrize("value, text", [
    (Fraction(1, 5), "0.2"),
    (Fraction(-927, 1000), "-0.927"),
    (Fraction(0), "0"),
    (Fraction(-1), "-1"),
    (Fraction(12345), "12345"),
    (Fraction(6272, 1000000), "0.006272"),
    (Fraction(-21, 100), "-0.21"),
    (Fraction(161, 100), "1.61"),
])
def test_format_decimal_shows_terminating_values_exactly(value, text):
    assert format_decimal(value, 4) == Shown(text, False)


def test_format_decimal_does_not_round_a_terminating_value_to_digits():
    """0.123456 has 6 significant digits; with digits=2 it is still shown as it is, exactly."""
    assert format_decimal(Fraction(123456, 1000000), 2) == Shown("0.123456", False)


@pytest.mark.parametrize("value, digits, text", [
    (Fraction(1, 3), 4, "0.3333"),
    (Fraction(2, 3), 4, "0.6667"),
    (Fraction(-2, 3), 4, "-0.6667"),
    (Fraction(1, 3), 2, "0.33"),
    (Fraction(1, 3), 6, "0.333333"),
    (Fraction(2, 3), 1, "0.7"),
    (Fraction(100, 3), 3, "33.3"),
    (Fraction(1, 7000), 3, "0.000143"),
    (Fraction(200000, 3), 2, "67000"),
])
def test_format_decimal_rounds_non_terminating_values_to_digits(value, digits, text):
    assert format_decimal(value, digits) == Shown(text, True)


def test_format_decimal_default_is_four_significant_digits():
    assert format_decimal(Fraction(1, 3)).text == "0.3333"


@pytest.mark.parametrize("value, digits, text, rounded", [
    (high_precision(1, 3), 4, "0.3333", True),
    (high_precision(-2, 3), 3, "-0.667", True),
    # symbp keeps exact values Fractions (evaluate.py), so a high-precision value is always a
    # rounded one, shown with all its significant digits
    (high_precision(1, 2), 4, "0.5000", True),
])
def test_format_decimal_of_high_precision_values(value, digits, text, rounded):
    assert format_decimal(value, digits) == Shown(text, rounded)


def test_format_decimal_of_a_sigmoid_value():
    """σ(0.5) = 1/(1 + e^−0.5) = 0.622459331… (computed here with mpmath)."""
    context = mpmath.mp.clone()
    context.dps = 50
    value = 1 / (1 + context.exp(-context.mpf(1) / 2))
    assert format_decimal(value, 4) == Shown("0.6225", True)


def test_format_decimal_rounds_very_long_terminating_values():
    """A terminating value with more significant digits than MAX_EXACT_SIGNIFICANT is rounded."""
    value = Fraction(1, 2**20)  # 0.00000095367431640625: 17 significant digits
    assert (MAX_EXACT_SIGNIFICANT < 17, format_decimal(value, 4)) == (True, Shown("0.0000009537", True))


def test_format_decimal_uses_no_exponent_notation():
    assert "e" not in format_decimal(Fraction(1, 3 * 10**8), 4).text.lower()


def test_shown_knows_its_sign():
    assert (format_decimal(Fraction(-1, 2)).negative, format_decimal(Fraction(1, 2)).negative) == (True, False)


# ---- round_significant ------------------------------------------------------------------------

@pytest.mark.parametrize("value, digits, rounded", [
    (Fraction(5, 2), 1, Fraction(3)),  # half away from zero (banker's rounding would give 2)
    (Fraction(-5, 2), 1, Fraction(-3)),
    (Fraction(45, 100), 1, Fraction(5, 10)),  # (banker's: 0.4)
    (Fraction(-45, 100), 1, Fraction(-5, 10)),
    (Fraction(125, 1000), 2, Fraction(13, 100)),
    (Fraction(-125, 1000), 2, Fraction(-13, 100)),
    (Fraction(35, 10), 1, Fraction(4)),
    (Fraction(1, 3), 4, Fraction(3333, 10000)),
    (Fraction(2, 3), 4, Fraction(6667, 10000)),
    (Fraction(-2, 3), 2, Fraction(-67, 100)),
    (Fraction(12345), 2, Fraction(12000)),
    (Fraction(1, 7000), 2, Fraction(14, 100000)),
    (Fraction(0), 3, Fraction(0)),
    (Fraction(1, 5), 4, Fraction(1, 5)),
])
def test_round_significant_half_away_from_zero(value, digits, rounded):
    assert round_significant(value, digits) == rounded


def test_round_significant_returns_an_exact_fraction():
    assert type(round_significant(Fraction(1, 3), 4)) is Fraction


def test_round_significant_of_a_high_precision_value():
    assert round_significant(high_precision(2, 3), 5) == Fraction(66667, 100000)


# ---- exact_string -----------------------------------------------------------------------------

@pytest.mark.parametrize("value, text", [
    (Fraction(-21, 100), "-0.21"),
    (Fraction(1, 3), "1/3"),
    (Fraction(-2, 7), "-2/7"),
    (Fraction(5), "5"),
    (Fraction(0), "0"),
    (Fraction(-1), "-1"),
    (Fraction(6272, 1000000), "0.006272"),
    (Fraction(1, 2**20), "0.00000095367431640625"),  # terminating: every digit, never rounded
])
def test_exact_string(value, text):
    assert exact_string(value) == text


def test_exact_string_round_trips_through_parse_exact():
    values = [Fraction(-21, 100), Fraction(1, 3), Fraction(-2, 7), Fraction(1, 2**20), Fraction(0)]
    assert [parse_exact(exact_string(v), "x") for v in values] == values


def test_exact_string_of_a_high_precision_value_has_30_significant_digits():
    assert exact_string(high_precision(1, 3)) == "0." + "3" * 30


# ---- numbers as a careful person writes them ---------------------------------------------------
@pytest.mark.parametrize("value, digits, text", [
    (Fraction(6190491, 10**7) + Fraction(1, 3 * 10**8), 4, "0.6190"),  # a rounded value keeps its zero
    (Fraction(-380982, 10**7) - Fraction(1, 3 * 10**8), 4, "-0.03810"),
    (Fraction(24999, 10**5) + Fraction(1, 3 * 10**6), 4, "0.2500"),  # 0.24999…: ≈ 0.2500, not 0.25
    (Fraction(99996, 10**4) + Fraction(1, 3 * 10**6), 4, "10.00"),  # rounding up adds a digit: still 4
])
def test_a_rounded_value_shows_all_its_significant_digits(value, digits, text):
    assert format_decimal(value, digits) == Shown(text, True)


@pytest.mark.parametrize("value, digits, scientific", [
    (Fraction(1715, 10**8), 4, ("1.715", -5)),  # exact, below 10^-4
    (Fraction(1, 3 * 10**5), 4, ("3.333", -6)),  # rounded, below 10^-4
    (Fraction(5, 10**5), 4, ("5", -5)),
    (Fraction(1, 10**4), 4, None),  # 0.0001 is written plainly
    (Fraction(4386, 10**7), 4, None),  # 0.0004386
    (Fraction(10**6), 4, ("1", 6)),  # from 10^6 on
    (Fraction(999999), 4, None),  # an exact integer below 10^6
    (Fraction(200000, 3), 2, ("6.7", 4)),  # 67000 to 2 digits: the zeros would not be significant
    (Fraction(12345678, 1000), 4, None),  # 12345.678 is exact (8 digits)
    (Fraction(123456789, 10**4) + Fraction(1, 3 * 10**5), 4, ("1.235", 4)),
])
def test_very_large_and_very_small_values_are_written_with_a_power_of_ten(value, digits, scientific):
    assert format_decimal(value, digits).scientific() == scientific


def test_a_carried_value_that_was_rounded_keeps_its_digits():
    """The calculator mode's 0.5 from rounding 0.49996 is written 0.5000; an exact 0.5 is 0.5."""
    assert format_decimal(Fraction(1, 2), 4, was_rounded=True) == Shown("0.5000", True)
    assert format_decimal(Fraction(1, 2), 4) == Shown("0.5", False)


def test_one_unit_of_the_last_printed_digit():
    assert format_decimal(Fraction(1, 3), 4).unit == Fraction(1, 10**4)
    assert format_decimal(Fraction(200000, 3), 2).unit == Fraction(1000)
    assert format_decimal(Fraction(6272, 10**6), 4).unit == Fraction(1, 10**6)


def test_the_printers_write_powers_of_ten_the_same_way():
    from symbp.render.printers import LatexPrinter, TextPrinter

    value = Fraction(1715, 10**8)
    assert TextPrinter().number(-value) == "(−1.715·10^−5)"
    assert LatexPrinter().number(-value, parenthesize_negative=False) == r"-1.715 \cdot 10^{-5}"


# ---- the hybrid number domain: exact while exact ------------------------------------------------
def test_the_hybrid_domain_keeps_exact_values_exact():
    import sympy

    from symbp.core.closures import compile_sympy
    from symbp.core.numeric import Domain

    domain = Domain()
    z = sympy.Symbol("z", real=True)
    sigmoid = compile_sympy(1 / (1 + sympy.exp(-z)), domain)
    assert sigmoid({"z": Fraction(0)}) == Fraction(1, 2) and type(sigmoid({"z": Fraction(0)})) is Fraction
    assert compile_sympy(1 - sympy.tanh(z) ** 2, domain)({"z": Fraction(0)}) == Fraction(1)
    assert type(compile_sympy(sympy.log(z), domain)({"z": Fraction(1)})) is Fraction
    tiny = sigmoid({"z": Fraction(3, 10)})
    assert type(tiny) is not Fraction  # σ(0.3) is irrational
    assert domain.mul(tiny, Fraction(0)) == 0 and type(domain.mul(tiny, Fraction(0))) is Fraction
    assert type(domain.sub(tiny, tiny)) is Fraction  # cancelled in every digit: 0
    assert type(domain.add(Fraction(1, 10), Fraction(2, 10))) is Fraction


@pytest.mark.parametrize("digits", [28, 29, 30, 45, 60])
def test_a_small_value_shown_with_more_digits_than_decimals_default_precision(digits):
    """check shows an expected value with one digit more than the answer wrote (up to 60): a value
    below 10^-4 written with 30 digits (answers.json's exact strings) crashed with
    InvalidOperation in the scientific form (Decimal's context keeps 28 digits)."""
    mantissa, exponent = Shown(format_decimal(Fraction(1, 3) / 10**6, digits).text, True, digits).scientific()
    assert (mantissa, exponent) == ("3." + "3" * (digits - 1), -7)


def test_check_marks_a_30_digit_answer_of_a_small_value(tmp_path):
    """The crash as a student met it: `symbp check` with a value below 10^-4 written to 30 digits
    (σ(−10) = 1/(1 + e^10) ≈ 4.5398·10^−5, written here from mpmath)."""
    from helpers import cli_runner
    from symbp.cli import main

    spec = tmp_path / "tiny.toml"
    spec.write_text('layers = [1, 1]\nactivation = "sigmoid"\nloss = "half_sse"\nlearning_rate = 0.5\n'
                    'input = [1]\ntarget = [0]\n[[layer]]\nweights = [[-10]]\nbiases = [0]\n', encoding="utf-8")
    with mpmath.workdps(40):
        a = mpmath.nstr(1 / (1 + mpmath.e ** 10), 30, min_fixed=-100, max_fixed=100)
    answers = tmp_path / "answers.toml"
    answers.write_text(f'"a_0^1" = {a}\n', encoding="utf-8")
    result = cli_runner().invoke(main, ["check", str(spec), str(answers)])
    assert result.exit_code == 0 and "internal error" not in result.output, result.output


def test_exact_strings_of_terminating_decimals_as_decimal_writes_them():
    """exact_string's short path (digits written without Decimal) and terminating_digits' counting
    of 2s and 5s against the plain way: divide them out one by one, divide in Decimal at 200 digits."""
    import random
    from decimal import Decimal, localcontext

    from symbp.numbers import terminating_digits

    def places(value):
        den, twos, fives = value.denominator, 0, 0
        while den % 2 == 0:
            den, twos = den // 2, twos + 1
        while den % 5 == 0:
            den, fives = den // 5, fives + 1
        return max(twos, fives) if den == 1 else None

    def plain(value):
        if places(value) is None:
            return f"{value.numerator}/{value.denominator}"
        with localcontext() as context:
            context.prec = 200
            text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
        text = text.rstrip("0").rstrip(".") if "." in text else text
        return "0" if text in ("-0", "") else text

    rng = random.Random(7)
    values = [Fraction(0), Fraction(-3), Fraction(1200), Fraction(-5, 2), Fraction(1, 3), Fraction(1, 2**400)]
    for _ in range(3000):
        numerator = rng.randint(-10 ** rng.randint(0, 130), 10 ** rng.randint(0, 130))
        values.append(Fraction(numerator, 2 ** rng.randint(0, 400) * 5 ** rng.randint(0, 200) * rng.choice((1, 1, 3, 7))))
    for value in values:
        assert terminating_digits(value) == places(value), value
        assert exact_string(value) == plain(value), value


def test_same_rounded_agrees_with_rounding_each_through_decimal():
    """numbers.same_rounded (two rounded integers compared) against the two values rounded half away
    from zero by the decimal module here: ties, carries into a new digit (9.9996 and 10.00), signs."""
    import random
    from decimal import ROUND_HALF_UP, Decimal, localcontext
    from fractions import Fraction

    from symbp.numbers import same_rounded

    def rounded(x: Fraction, digits: int) -> Decimal:
        with localcontext() as ctx:
            ctx.prec = 300
            d = Decimal(x.numerator) / Decimal(x.denominator)
            return d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1), rounding=ROUND_HALF_UP) if d else d

    rng = random.Random(16)
    pairs = [(Fraction(99996, 10000), Fraction(10)), (Fraction(-99996, 10000), Fraction(-10)),
             (Fraction(12345, 100000), Fraction(1235, 10000)), (Fraction(0), Fraction(1, 10**9)),
             (Fraction(1, 3), Fraction(3333, 10000)), (Fraction(-5, 100000), Fraction(5, 100000))]
    for _ in range(3000):
        a = Fraction(rng.randint(-10**6, 10**6), rng.choice([1, 3, 7, 10, 1000, 10**5, 2**20]))
        b = a + Fraction(rng.randint(-50, 50), rng.choice([10**3, 10**5, 10**7, 9, 10**9]))
        pairs.append((a, b))
    for a, b in pairs:
        for digits in (1, 3, 4, 6):
            assert same_rounded(a, b, digits) == (rounded(a, digits) == rounded(b, digits)), (a, b, digits)
