"""A number as a student wrote it: read, bounded, and kept with the digits it was written with.

In:  a raw answer (a TOML/JSON number kept as its Decimal text, a string in any script's digits, a
     full-width or Arabic decimal mark, 4.386·10^−4 as symbp prints it, a decimal comma).
Out: `Written` (its exact value, the decimals and significant digits written, which the agreement
     rule in agreement.py needs), None for a blank answer, or a SpecError naming the field.
`symbp check` (check.py) and a PrairieLearn question (export/pl_runtime.py) read answers here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from fractions import Fraction

from .errors import SpecError
from .i18n import message
from .number_input import OutOfRange
from .numbers import MAX_DIGITS, MAX_EXPONENT, bounded_decimal, parse_exact, power_of_ten_as_e, short_repr

MAX_NUMBER_TEXT = 2 * MAX_DIGITS + 64  # characters of one number written as text
# A fraction whose digits are spaced: "2 1/2" (a whole number and a proper fraction: 2.5; without the
# space it would read as 21/2) or "1 000/8" (digits grouped in thousands: 125); `_spaced_fraction`
SPACED_FRACTION = re.compile(r"([+-]?)(\d{1,9}(?: \d{1,9})*) ?/ ?(\d{1,9}(?: \d{1,9})*)")
MAX_PLAIN_TEXT = 24  # characters of a written number echoed as it is (longer: m·10^e, Written.bounded_text)


def shown_value(raw) -> str:
    """A value of an answers file or key as a message shows it: JSON's null as null."""
    return "null" if raw is None else short_repr(raw)


# ---- numbers as written ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Written:
    """A number as the answer wrote it: its text, exact value and decimals (None for "1/3")."""

    text: str
    value: Fraction
    decimals: int | None  # negative for m·10^e rounded left of the point (1.2·10^4: −3)
    significant: int = 0
    # written with its digits cut ("0.8698…", a calculator's 0.869891 copied so): the value is the digits
    # written, marked as a rounded number of those digits is, or as the span they name (`middle`)
    cut: bool = False

    @property
    def middle(self) -> Written:
        """A number written with its digits cut as the middle of the span it names, its digits' half
        unit either side (0.86985 ± 0.00005 for "0.8698…": 0.8698 up to 0.8699; −0.30415 for "−0.3041…";
        "0.000…" names no side: itself)."""
        if not self.cut or not self.value or self.decimals is None:
            return replace(self, cut=False)
        half = Fraction(1, 2) * Fraction(10) ** -self.decimals
        return replace(self, value=self.value + (half if self.value > 0 else -half), cut=False)

    @property
    def negated(self) -> Written:
        """The number with its sign turned (is it right but for its sign? graph/marking.py)."""
        return replace(self, text=self.text[1:] if self.text.startswith(("-", "−")) else "-" + self.text, value=-self.value)

    @property
    def shown_precision(self) -> int:
        return max(self.significant, self.decimals or 0)

    @property
    def bounded_text(self) -> str:
        """The text as written when it is short (0.47, -1.03, 1/3), else its significant digits as
        written times a power of ten, ASCII ("1e999", "-2.50e-30"): a student's 1e999 is echoed
        in a few characters, not as the 1000 digits of its value."""
        if self.cut:
            return self.text + "…"
        if len(self.text) <= MAX_PLAIN_TEXT or self.decimals is None:
            return self.text
        dec = Decimal(self.text)
        if not dec:
            return "0"
        digits = "".join(map(str, dec.as_tuple().digits)).lstrip("0")
        # (the digits written: more than KEPT_DIGITS are kept for marking rounded, and echoed as written)
        written = self.significant if self.significant < KEPT_DIGITS else len(digits)
        digits = (digits + "0" * written)[:max(written, 1)]
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        scientific = f"{'-' if dec < 0 else ''}{mantissa}e{dec.adjusted()}"
        return scientific if len(scientific) < len(self.text) else self.text  # 200 digits written: as written


# The significant digits of a written number kept for marking: more are judged at agreement.JUDGED_DIGITS (10)
# anyway, and a file of 1000-digit numbers took 442 s to mark, its slips diagnosed in exact arithmetic on every
# digit (the hostile-input hunter's HIGH of stop 56); the text is echoed as written.
KEPT_DIGITS = 40


def _from_decimal(dec: Decimal, field_name: str) -> Written:
    bounded_decimal(dec, field_name)  # finite, at most MAX_DIGITS digits, |exponent| <= MAX_EXPONENT
    text = format(dec, "f")
    sign, digits, exponent = dec.as_tuple()
    significant = len(digits) - next((i for i, d in enumerate(digits) if d != 0), len(digits))
    # 1.2·10^4 (1.2e4) is rounded at the thousands: −3 decimals; 12000 written out claims units
    decimals = -exponent
    if significant > KEPT_DIGITS:  # (the text as written: echoed so, `bounded_text`)
        with localcontext() as context:
            context.prec, context.rounding = KEPT_DIGITS, ROUND_HALF_UP
            dec = +dec
        decimals, significant = -dec.as_tuple().exponent, KEPT_DIGITS
    return Written(text, Fraction(dec), decimals, significant)


# an East Asian keyboard's full-width forms (U+FF01 to U+FF5E, and its space) -> their ASCII characters
FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# what a word processor or a keyboard types for a minus (the minus sign, a hyphen, Word's en dash for " - ", a
# small or figure dash) and for a space (no-break, thin, narrow no-break: "− 0,5" in French typography), read as - and " "
TYPED_AS = FULL_WIDTH | dict.fromkeys((0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xFE63), 0x2D) | \
    dict.fromkeys((0x00A0, 0x2009, 0x202F), 0x20)
ARABIC_DECIMAL_SEPARATOR = "\u066b"  # ٫, what an Arabic or Persian keyboard types for the point


def ascii_digits(text: str) -> str:
    """`text` with every decimal digit of another script (Arabic-Indic ٠٫٥, Persian ۰٫۵, Devanagari
    ०.५, …: Unicode's category Nd) written as its ASCII digit, and the Arabic decimal separator as
    a point: a number is read, and echoed, as those digits say (0.5), never as characters that
    merely pass Python's Decimal."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else "." if ch == ARABIC_DECIMAL_SEPARATOR else ch
                   for ch in text)


def parse_written(raw, field_name: str) -> Written | None:
    """A number from an answers file, keeping the decimals written; None for "" (not answered).

    Every number is within the number limits (numbers.MAX_DIGITS, MAX_EXPONENT); anything else
    is a SpecError naming the quantity (OutOfRange beyond the limits, echoing the number as
    written and the range of answer numbers: `z_0^1: -1e1001 lies outside …`).  The full-width digits,
    signs, point and comma an East Asian keyboard types (－０．５) and the digits of other scripts
    (٠٫٥, `ascii_digits`) are read as their ASCII forms, and the number keeps those (0.5), as the
    reports echo it; a relation sign copied with it from a worked line ("≈ 0.8581") is dropped.  `symbp check` and a PrairieLearn question read answers here."""
    try:
        return _parse_written(raw, field_name)
    except OutOfRange as error:
        raise OutOfRange(field_name, message("input.outside_answer_range", got=shown_value(raw),
                                             range=message("input.answer_range", max=MAX_EXPONENT)),
                         large=error.large) from None


COPIED_RELATIONS = ("≈", "=", "~", "≃", "≅")  # a relation sign copied with the number from a worked line, dropped
# what symbp's LaTeX prints in a number and a student may copy with it: the decimal comma's braces, ≈, …
LATEX_COPIED = (("{,}", ","), ("\\approx", "≈"), ("\\ldots", "…"), ("\\dots", "…"), ("\\,", ""))
TRAILING_DOTS = ("…", "...")  # a calculator's value copied with its digits cut: 0,3041… is 0.3041 and more



def _parse_written(raw, field_name: str) -> Written | None:
    if isinstance(raw, bool):
        raise SpecError(field_name, message("input.expected_number", got=str(raw).lower()))
    if isinstance(raw, int):
        parse_exact(raw, field_name)  # the digit limit, checked before any conversion
        return _from_decimal(Decimal(raw), field_name)
    if isinstance(raw, Decimal):
        return _from_decimal(raw, field_name)
    if isinstance(raw, float):  # a float from a caller that did not keep the text: its shortest repr
        if raw != raw or raw in (float("inf"), float("-inf")):
            from .numbers import not_finite

            raise SpecError(field_name, not_finite(raw))
        return _from_decimal(Decimal(repr(raw)), field_name)
    if isinstance(raw, str):
        if is_blank(raw):
            return None
        spaced = ascii_digits(raw.translate(TYPED_AS)).strip()  # －０．５, ٠٫٥, –0.5, −0.5
        for latex, plain in LATEX_COPIED:  # a number copied from symbp's LaTeX: $\approx 0{,}1973$
            spaced = spaced.replace(latex, plain)
        spaced = spaced[1:-1].strip() if len(spaced) > 2 and spaced[0] == spaced[-1] == "$" else spaced
        if spaced[:1] in COPIED_RELATIONS and len(spaced) > 1:  # "≈ 2 1/2" (the relation is dropped below too)
            spaced = spaced[1:].strip()
        if "/" in spaced and re.search(r"\d\s+\d", spaced):  # 2 1/2, 1 000/8 read; 2 100/400, 1/2 3: no sure reading
            fraction = _spaced_fraction(" ".join(spaced.split())) if len(spaced) <= MAX_NUMBER_TEXT else None
            if fraction is not None:
                return Written(spaced, parse_exact(fraction, field_name, shown=raw), None, 99)
            raise SpecError(field_name, message("input.expected_answer_number", got=shown_value(raw)))
        if len(spaced) > 2 * MAX_NUMBER_TEXT:  # (before any pattern reads it: a number's text, its spaces counted)
            raise SpecError(field_name, message("input.number_characters", n=len(spaced), max=MAX_DIGITS))
        if not _grouped(spaced):  # "0 5", "12 34.5": two numbers, or a slip, not 5 and 1234.5 (stop 67's hostile tester)
            raise SpecError(field_name, message("input.spaced_digits", got=shown_value(raw)))
        text = spaced.replace(" ", "")
        text = text[1:] if text[:1] in COPIED_RELATIONS and len(text) > 1 else text  # "≈ 0.8581" copied from a page
        if len(text) > MAX_NUMBER_TEXT:  # (first: a long text is read by no pattern below)
            raise SpecError(field_name, message("input.number_characters", n=len(text), max=MAX_DIGITS))
        cut = next((dots for dots in TRAILING_DOTS  # (after a decimal's digits only: not 1/3…, 1e5…, 4.4·10^-4…)
                    if text.endswith(dots) and re.fullmatch(r"[+-]?(?:\d*[.,])?\d+", text[:-len(dots)])), None)
        if cut:  # (a number, its dots kept for the echo: `Written.cut`)
            return replace(_parse_written(text[:-len(cut)], field_name), cut=True)
        text = power_of_ten_as_e(text)  # 4.386·10^−4, as symbp prints it
        if "," in text and "." not in text and text.count(",") == 1:
            text = text.replace(",", ".")  # a decimal comma, as in the reference document
        if "/" in text:
            value = parse_exact(text, field_name, shown=raw)
            return Written(text, value, None, 99)
        try:  # (Decimal reads "0_9" as 9, its underscores grouping digits: no number a student writes so)
            dec = Decimal(text) if "_" not in text else None
        except (InvalidOperation, ValueError):
            dec = None
            if re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+", text):  # 1e99999999999999999999: beyond
                from .number_input import _decimal  # Decimal's own exponents, said so (stop 66's hostile tester)

                _decimal(text, field_name)
        if dec is not None and dec.is_infinite():  # "Infinity" written: echoed so, not as inf
            raise SpecError(field_name, message("input.expected_finite", got=shown_value(raw)))
        if dec is not None and not dec.is_nan():
            return _from_decimal(dec, field_name)
    raise SpecError(field_name, message("input.expected_answer_number", got=shown_value(raw)))


def _spaced_fraction(text: str) -> str | None:
    """A fraction with spaces among its digits as "p/q" where it has one reading: a whole number and a
    proper fraction ("2 1/2": 5/2, "-1 3/4": -7/4) or digits grouped in thousands ("1 000/8", "12 345/100",
    "1/1 000"); None where it has none ("1/2 3") or two that differ ("2 100/400": 2.25 or 5.25)."""
    found = SPACED_FRACTION.fullmatch(text)
    if found is None:
        return None
    sign, top, bottom = found.groups()
    top_groups, bottom_groups = top.split(), bottom.split()
    readings = set()
    if _in_thousands(top_groups) and _in_thousands(bottom_groups):
        readings.add(Fraction(int("".join(top_groups)), int("".join(bottom_groups))) if int("".join(bottom_groups))
                     else None)
    if len(top_groups) == 2 and len(bottom_groups) == 1 and 0 < int(top_groups[1]) < int(bottom):
        readings.add(int(top_groups[0]) + Fraction(int(top_groups[1]), int(bottom)))
    if len(readings) != 1 or None in readings:
        return None
    value = readings.pop()
    return f"{sign}{value.numerator}/{value.denominator}"


_SPACED_DIGITS = re.compile(r"\d+(?:\s+\d+)*")  # a run of digits, with or without spaces: found in linear time
# (\d+(?:\s+\d+)+, which must find a space, took time in the square of a long run's length: 60,000 digits, 105 s —
# stop 68's hostile tester)


def _grouped(text: str) -> bool:
    """Whether every run of digits parted by spaces is grouped in threes: a whole part as thousands
    (1 000 000), a part after the decimal mark from it (0.123 45)."""
    for run in _SPACED_DIGITS.finditer(text):
        groups = run.group().split()
        if len(groups) == 1:
            continue
        if run.start() and text[run.start() - 1] in ".,":
            if not all(len(group) == 3 for group in groups[:-1]) or len(groups[-1]) > 3:
                return False
        elif not _in_thousands(groups):
            return False
    return True


def _in_thousands(groups: list[str]) -> bool:
    """Whether digits split at spaces are grouped in thousands (1 000 000; a single group too)."""
    return len(groups) == 1 or (len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:]))


def is_blank(raw) -> bool:
    """An answer left as the template gives it: "" (or only spaces), not worked out."""
    return isinstance(raw, str) and not raw.strip()
