"""What a user wrote, as an exact number within the limits.

`parse_exact` turns a TOML number or a string such as "1/3" (or symbp's own m·10^e notation, after
`power_of_ten_as_e`) into an exact `Fraction`: the decimal the user wrote, not the binary float,
refused with a SpecError naming the field beyond the number limits (MAX_DIGITS, MAX_EXPONENT).
`within_limits` applies the same limits to a computed value; `short_repr` writes a value back as
its file wrote it, cut short, for one-line error messages (-1e200, not -1e+200; true, not True;
inf, not Infinity; a TOML 1e9 as 1e9, kept by `spelled`; "abc" in TOML's quotes), and `number_text` an exact number read, unrounded.  numbers.py re-exports these names.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction

from .errors import SpecError
from .i18n import message

_FRACTION = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\s*/\s*([+-]?\d+(?:\.\d+)?)\s*$")
_DECIMAL = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$")

# The number limits (README "Limits and exit codes"): every number symbp reads — specs, answers
# files, [variants] — has at most MAX_DIGITS digits and a leading digit in the decimal place
# 10^e with |e| <= MAX_EXPONENT (or is 0).  Beyond them a number is refused before it is built:
# 1e999999999 as an exact Fraction is an integer of a billion digits.
MAX_DIGITS = 1000
MAX_EXPONENT = 1000
_MAX_TEXT = 2 * MAX_DIGITS + 64  # characters of a number written as text (digits, sign, point, exponent, spaces)


class OutOfRange(SpecError):
    """A number beyond the number limits: `large` True for one too large in size (10^1001), False for
    one too close to 0 (10^-1001) or with too many digits.  A SpecError like any other (exit 2); a
    PrairieLearn question says which (export/pl_runtime.py)."""

    def __init__(self, field: str, message: str, large: bool = False):
        super().__init__(field, message)
        self.large = large


def _too_long(text: str, field: str) -> SpecError:
    return SpecError(field, message("input.number_characters", n=len(text), max=MAX_DIGITS))


def not_finite(value) -> str:
    """What is wrong with a float or Decimal that is no finite number (a TOML inf or nan, a Python
    float("inf"); a TOML 1e500 is read as its Decimal, inputs.toml_float), as one wording for both."""
    if value != value:
        return message("input.expected_number", got="nan")
    return message("input.expected_finite", got=short_repr(value))


def bounded_decimal(dec: Decimal, field: str) -> Decimal:
    """`dec` itself when it is finite and within the number limits; else a SpecError naming `field`."""
    if not dec.is_finite():
        raise SpecError(field, not_finite(dec))
    _, digit_tuple, exponent = dec.as_tuple()
    digits = len(digit_tuple)
    if digits > MAX_DIGITS:
        raise SpecError(field, message("input.number_digits", n=digits, max=MAX_DIGITS))
    if not dec and not -MAX_EXPONENT <= exponent <= MAX_EXPONENT:  # 0e-999999999: a billion decimals of 0
        raise SpecError(field, message("input.zero_exponent", exponent=exponent, max=MAX_EXPONENT))
    if dec and (abs(dec.adjusted()) > MAX_EXPONENT or abs(dec) > _LARGEST_DECIMAL):  # (7e1000: beyond 10^1000 too)
        raise OutOfRange(field, message("input.magnitude", exponent=dec.adjusted(), max=MAX_EXPONENT),
                         large=dec.adjusted() > 0)
    return dec


_LIMIT_BITS = int(MAX_EXPONENT * 3.3219280948873626) + 1  # 10^MAX_EXPONENT in bits
_MAX_EXACT_BITS = 4 * _LIMIT_BITS  # numerator or denominator of a value computed from limited numbers


def within_limits(value) -> bool:
    """Whether a computed value (Fraction, int, mpf, Decimal) stays within the number limits:
    0 or 10^-MAX_EXPONENT <= |value| <= 10^MAX_EXPONENT, and an exact one of bounded size.
    Values computed from a student's numbers (exp of 10^8) may leave them; such a value is
    treated as undefined rather than written out with millions of digits."""
    if isinstance(value, Fraction):
        top, bottom = value.numerator.bit_length(), value.denominator.bit_length()
        return value == 0 or (abs(top - bottom) <= _LIMIT_BITS and max(top, bottom) <= _MAX_EXACT_BITS)
    if isinstance(value, int):
        return value.bit_length() <= _LIMIT_BITS
    if isinstance(value, Decimal):
        return value.is_finite() and (not value or abs(value.adjusted()) <= MAX_EXPONENT)
    import mpmath

    if not mpmath.isfinite(value):
        return False
    return value == 0 or abs(mpmath.mag(value)) <= _LIMIT_BITS


def refuse_beyond_limits(values: dict, shown) -> None:
    """A SpecError naming the first of a solution's values (key -> value; `shown(key)` its name) beyond the number
    limits, with the power of ten of its magnitude: a value no answer can give (σ(−2400) ≈ 10^−1043) nor a report
    write — `check` failed on it with an internal error (stop 69's hostile tester).  Networks (pipeline.py) and
    graphs (graph/solution.py)."""
    for key, value in values.items():
        if not within_limits(value):
            raise SpecError(shown(key), message("input.value_magnitude", exponent=_power_of_ten(value), max=MAX_EXPONENT))


def _power_of_ten(value) -> int:
    if isinstance(value, Fraction):
        return round((abs(value.numerator).bit_length() - value.denominator.bit_length()) * 0.30103)
    if isinstance(value, int):
        return len(str(abs(value))) - 1
    if isinstance(value, Decimal):
        return value.adjusted()
    import mpmath

    return int(mpmath.floor(mpmath.log10(abs(value)))) if mpmath.isfinite(value) and value else MAX_EXPONENT + 1


def _decimal(text: str, field: str) -> Decimal:
    """A Decimal from number text, within the limits (SpecError otherwise)."""
    if len(text) > _MAX_TEXT:
        raise _too_long(text, field)
    try:
        dec = Decimal(text)
    except (InvalidOperation, ValueError):  # an exponent beyond Decimal's own range
        raise OutOfRange(field, message("input.magnitude_beyond", max=MAX_EXPONENT, got=short_repr(text, 40)),
                         large="e-" not in text.lower()) from None
    return bounded_decimal(dec, field)


# symbp's own notation for a power of ten, as its keys and reports print it (1.715·10^−5): the
# mantissa, a times sign (· ⋅ ∙ × *, x as typed, \cdot or \times as its LaTeX writes it), 10, and the exponent after ^ (bare, in braces or in
# parentheses) or in superscript digits.  The minus sign is U+2212 or -, the mantissa may have a
# decimal comma; the exponent has at most EXPONENT_DIGITS digits (its size is bounded later, with
# every other number's, by bounded_decimal).
EXPONENT_DIGITS = 30  # (5·10^99999999999 is out of range, said so; a longer one is no number)
_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_POWER_OF_TEN = re.compile(r"^([+-]?(?:\d+[.,]?\d*|[.,]\d+))(?:[·⋅∙×*xX]|\\cdot|\\times)10(?:\^(?:\{([+-]?\d{1,%d})\}|\(([+-]?\d{1,%d})\)|([+-]?\d{1,%d}))"
                           r"|([⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,%d}))$" % ((EXPONENT_DIGITS,) * 4))


def power_of_ten_as_e(text: str) -> str:
    """symbp's m·10^e notation as Python's m e-notation ("4.386·10^−4" -> "4.386e-4", also with
    ×, *, x, \\cdot, \\times, 10^{-4}, 10^(-4), 10⁻⁴); any other text unchanged.  Spaces and U+2212 minus signs are
    taken out first."""
    compact = re.sub(r"[\s\u00a0\u2009\u202f]", "", text).replace("\u2212", "-")
    match = _POWER_OF_TEN.match(compact)
    if not match:
        return text
    exponent = next(g for g in match.groups()[1:] if g is not None).translate(_SUPERSCRIPT)
    return f"{match.group(1)}e{exponent}"


_LARGEST = 10 ** MAX_EXPONENT
_LARGEST_DECIMAL = Decimal(_LARGEST)


def _in_range(value: Fraction, field: str) -> Fraction:
    """A fraction written ("1e1000/0.1", "1e-1000/10") when 10^-MAX_EXPONENT <= |value| <= 10^MAX_EXPONENT
    or it is 0, as its parts are (bounded_decimal), else OutOfRange."""
    size, unit = abs(value.numerator), value.denominator
    if size and (size > _LARGEST * unit or size * _LARGEST < unit):
        raise OutOfRange(field, message("input.fraction_range", max=MAX_EXPONENT), large=size > unit)
    return value


_DECIMAL_COMMA_TEXT = re.compile(r"[+-]?\d*,\d+")


def parse_exact(value, field: str, shown=None) -> Fraction:
    """An exact rational from a TOML value: int, float (read as the decimal written) or string,
    within the number limits (MAX_DIGITS, MAX_EXPONENT); a refusal echoes `shown` (the value as
    its file wrote it, where `value` is a text made from it), else `value`."""
    if isinstance(value, bool):
        raise SpecError(field, message("input.expected_number", got=str(value).lower()))
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        # bit_length first: str() of a huge int is itself slow (and refused beyond 4300 digits)
        if value.bit_length() > 4 * MAX_DIGITS or len(str(abs(value))) > MAX_DIGITS:
            raise SpecError(field, message("input.whole_digits", n=int(value.bit_length() * 0.30103) + 1, max=MAX_DIGITS))
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise SpecError(field, not_finite(value))
        # repr() is the shortest decimal that reads back as this float: the decimal the user wrote.
        return Fraction(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return Fraction(bounded_decimal(value, field))
    if isinstance(value, str):
        text = value.strip().replace("\u2212", "-")
        if len(text) > _MAX_TEXT:
            raise _too_long(text, field)
        match = _FRACTION.match(text)
        if match:
            num, den = Fraction(_decimal(match.group(1), field)), Fraction(_decimal(match.group(2), field))
            if den == 0:
                raise SpecError(field, message("input.division_by_zero", got=short_repr(shown or value)))
            return _in_range(num / den, field)
        if _DECIMAL.match(text):
            return Fraction(_decimal(text, field))
        comma = _DECIMAL_COMMA_TEXT.fullmatch(text)  # "0,2": a decimal comma, quoted
        raise SpecError(field, message("input.expected_exact_number", got=short_repr(shown or value))
                        + (message("input.spec_decimal_comma", point=text.replace(",", ".")) if comma else ""))
    raise SpecError(field, message("input.expected_number_type", type=type(value).__name__, got=short_repr(value)))


class Spelled(float):
    """A TOML float whose text says more than its shortest repr (1e9 is 1000000000.0, -1E3 -1000.0,
    0.50 0.5): the float itself in every use, and the text the file wrote, which messages echo."""

    __slots__ = ("text",)

    def __new__(cls, value: float, text: str):
        made = super().__new__(cls, value)
        made.text = text
        return made

    def __reduce__(self):  # (a spec's table crosses to worker processes)
        return Spelled, (float(self), self.text)


class _Written:
    """A value that keeps the text its file wrote (`text`), which messages echo; the value itself in every use."""

    def __new__(cls, value, text: str):
        made = super().__new__(cls, value)
        made.text = text
        return made

    def __reduce__(self):  # (a spec's table crosses to worker processes)
        return type(self), (type(self).__bases__[-1](self), self.text)


class SpelledInt(_Written, int):
    """A TOML integer written otherwise than its decimal (0x10, 1_000, +5) (toml_read.py)."""


class SpelledStr(_Written, str):
    """A TOML string written otherwise than JSON quotes it ('x y', a literal string) (toml_read.py)."""


def spelled(value: float, text: str) -> float:
    """`value` as a float that remembers `text` where its repr would echo it otherwise (`Spelled`)."""
    if text == _e_notation(repr(value)):  # (as short_repr writes a plain float)
        return value
    return Spelled(value, text)


def short_repr(value, limit: int = 60) -> str:
    """A value as its file wrote it, cut to `limit` characters: error messages stay one short line.
    Numbers, true/false, lists and tables in the file's own terms (a TOML 3.5, read as a Decimal, is
    3.5, not Decimal('3.5'); a TOML float as its text, `Spelled`); a string in TOML's double quotes."""
    text = _as_written(value, limit + 1)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def number_text(value: Fraction) -> str:
    """An exact number as a message writes it: its decimal (1e-20 and -1e200 in e-notation, where
    shorter), p/q where it has none — never rounded (a bce target 1.0000001 is not "1")."""
    rest = value.denominator
    for factor in (2, 5):
        while rest % factor == 0:
            rest //= factor
    if rest != 1:
        return f"{value.numerator}/{value.denominator}"
    with localcontext() as ctx:
        ctx.prec = 3 * MAX_DIGITS  # (exact: a number read has at most MAX_DIGITS digits)
        dec = (Decimal(value.numerator) / Decimal(value.denominator)).normalize()
    plain = format(dec, "f")
    return plain if len(plain) <= 16 else _e_notation(format(dec, "e"))


def _e_notation(text: str) -> str:
    """Python's e-notation as a user writes it: -1e+200 as -1e200, 1e-07 as 1e-7."""
    mantissa, _, exponent = text.lower().partition("e")
    if not exponent:
        return text
    sign = "-" if exponent.startswith("-") else ""
    return f"{mantissa}e{sign}{exponent.lstrip('+-').lstrip('0') or '0'}"


def _not_finite_text(value) -> str:
    """inf, -inf or nan, as TOML writes them (Python's repr and Decimal say Infinity, NaN)."""
    return "nan" if value != value else "inf" if value > 0 else "-inf"


def _as_written(value, room: int) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if type(value) in _SPELLED:
        return _escaped(value.text[:room])
    if isinstance(value, float):
        return _e_notation(repr(value))[:room] if math.isfinite(value) else _not_finite_text(value)
    if isinstance(value, Decimal):
        return _e_notation(str(value))[:room] if value.is_finite() else _not_finite_text(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_items((_as_written(v, room) for v in value), room)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(_items((f"{_as_written(k, room) if not isinstance(k, str) else _escaped(k)} = "
                                       f"{_as_written(v, room)}" for k, v in value.items()), room)) + "}"
    if isinstance(value, str):  # as TOML and JSON quote it ("abc", not Python's 'abc')
        return _escaped(json.dumps(value, ensure_ascii=False)[:room])
    if isinstance(value, int):
        return repr(value)[:room]
    if hasattr(value, "isoformat"):  # a TOML date or time (1979-05-27), never a number
        return value.isoformat()[:room]
    return type(value).__name__


_SPELLED = (Spelled, SpelledInt, SpelledStr)
_UNSHOWN = {"Cc", "Cf", "Cs", "Cn", "Zl", "Zp"}  # controls (C1 too: 0x9b is a CSI), bidi and zero-width, unassigned


def _escaped(text: str) -> str:
    """A text as echoed: every character that would act on a terminal or reorder a line instead of
    showing (a student's U+009B CSI, U+202E RLO in an answers file) written as its backslash-u escape."""
    import unicodedata

    if text.isascii() and text.isprintable():
        return text
    return "".join(ch if unicodedata.category(ch) not in _UNSHOWN else f"\\u{ord(ch):04x}" for ch in text)


def _items(texts, room: int) -> list[str]:
    """As many items as fill `room` characters (a list of a million numbers is not written out)."""
    out, used = [], 0
    for text in texts:
        out.append(text)
        used += len(text) + 2
        if used > room:
            break
    return out
