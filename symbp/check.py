"""Answers files: what a student wrote, read and validated against a network's quantity names.

In:  a TOML or JSON answers file (quantity name -> the number as the student wrote it; optionally
     `student = "…"`, `variant = 3` and a [points] table).
Out: `Answers`: every number as `Written` (its exact value, and the decimals and significant
     digits it was written with, which the agreement rule in agreement.py needs).

Marking is in marking.py, the report in check_report.py, a whole class in grading.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from . import names
from .errors import SpecError, in_file
from .inputs import display_path, is_stdin, parse_json, parse_toml, read_text, toml_decimal
from .number_input import OutOfRange
from .numbers import MAX_DIGITS, MAX_EXPONENT, bounded_decimal, parse_exact, power_of_ten_as_e, short_repr
from .option_words import option

MAX_NUMBER_TEXT = 2 * MAX_DIGITS + 64  # characters of one number written as text
MAX_PLAIN_TEXT = 24  # characters of a written number echoed as it is (longer: m·10^e, Written.bounded_text)
MAX_KEY = 100  # characters of a quantity name in an answers file
MAX_POINTS = 1_000_000  # points of one quantity
POINTS_TABLE = "points"
STUDENT_KEY, VARIANT_KEY = "student", "variant"  # who wrote the answers, and for which variant
MAX_STUDENT_LENGTH = 200
DEFAULT_POINTS_KEY = "default"


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

    @property
    def shown_precision(self) -> int:
        return max(self.significant, self.decimals or 0)

    @property
    def bounded_text(self) -> str:
        """The text as written when it is short (0.47, -1.03, 1/3), else its significant digits as
        written times a power of ten, ASCII ("1e999", "-2.50e-30"): a student's 1e999 is echoed
        in a few characters, not as the 1000 digits of its value."""
        if len(self.text) <= MAX_PLAIN_TEXT or self.decimals is None:
            return self.text
        dec = Decimal(self.text)
        if not dec:
            return "0"
        digits = "".join(map(str, dec.as_tuple().digits)).lstrip("0")
        digits = (digits + "0" * self.significant)[:max(self.significant, 1)]
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        scientific = f"{'-' if dec < 0 else ''}{mantissa}e{dec.adjusted()}"
        return scientific if len(scientific) < len(self.text) else self.text  # 200 digits written: as written


def _from_decimal(dec: Decimal, field_name: str) -> Written:
    bounded_decimal(dec, field_name)  # finite, at most MAX_DIGITS digits, |exponent| <= MAX_EXPONENT
    sign, digits, exponent = dec.as_tuple()
    # 1.2·10^4 (1.2e4) is rounded at the thousands: −3 decimals; 12000 written out claims units
    decimals = -exponent
    significant = len(digits) - next((i for i, d in enumerate(digits) if d != 0), len(digits))
    text = format(dec, "f")
    return Written(text, Fraction(dec), decimals, significant)


# an East Asian keyboard's full-width forms (U+FF01 to U+FF5E, and its space) -> their ASCII characters
FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
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
    reports echo it.  `symbp check` and a PrairieLearn question read answers here."""
    try:
        return _parse_written(raw, field_name)
    except OutOfRange as error:
        raise OutOfRange(field_name, f"{shown_value(raw)} lies outside the range of answer numbers, "
                                     f"{ANSWER_RANGE}", large=error.large) from None


ANSWER_RANGE = f"10^-{MAX_EXPONENT} to 10^{MAX_EXPONENT} in size (or 0)"  # the number limits (number_input.py)


def _parse_written(raw, field_name: str) -> Written | None:
    if isinstance(raw, bool):
        raise SpecError(field_name, f"expected a number, got {str(raw).lower()}")
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
        text = ascii_digits(raw.translate(FULL_WIDTH)).strip().replace("\u2212", "-").replace(" ", "")  # －０．５, ٠٫٥
        if len(text) > MAX_NUMBER_TEXT:
            raise SpecError(field_name, f"a number of {len(text)} characters; at most {MAX_DIGITS} digits are accepted")
        text = power_of_ten_as_e(text)  # 4.386·10^−4, as symbp prints it
        if "," in text and "." not in text and text.count(",") == 1:
            text = text.replace(",", ".")  # a decimal comma, as in the reference document
        if "/" in text:
            value = parse_exact(text, field_name, shown=raw)
            return Written(text, value, None, 99)
        try:
            dec = Decimal(text)
        except (InvalidOperation, ValueError):
            dec = None
        if dec is not None and dec.is_infinite():  # "Infinity" written: echoed so, not as inf
            raise SpecError(field_name, f"expected a finite number, got {shown_value(raw)}")
        if dec is not None and not dec.is_nan():
            return _from_decimal(dec, field_name)
    raise SpecError(field_name, f"expected a number such as 0.47 or \"-1.03\", got {shown_value(raw)}")


def is_blank(raw) -> bool:
    """An answer left as the template gives it: "" (or only spaces), not worked out."""
    return isinstance(raw, str) and not raw.strip()


# ---- the answers file -----------------------------------------------------------------------------
NOTHING_GIVEN = 'no answers to mark: every value is blank (""); fill in the numbers you worked out'


def nothing_given(data: dict) -> bool:
    """Whether every quantity of an answers table is blank (its student, variant and points aside)."""
    return all(key in (STUDENT_KEY, VARIANT_KEY, POINTS_TABLE) or is_blank(raw) for key, raw in data.items())


def require_an_answer(data: dict, source: str) -> None:
    """A file whose every quantity is blank is no submission (exit 2, like an empty file), however
    its student and variant are filled in: marked, it would pass with 0 of N points and exit 0.
    A student or variant of the wrong type is named first (it is what the file gets wrong)."""
    for key in (STUDENT_KEY, VARIANT_KEY):
        if key in data:
            try:
                meta_text(key, data[key])
            except SpecError as error:
                raise in_file(error, source) from None
    if nothing_given(data):
        raise SpecError(source, NOTHING_GIVEN)


@dataclass
class Answers:
    values: dict[str, Written]  # canonical name -> number as written, in the file's order
    points: dict[str, Fraction]  # canonical name -> points
    default_points: Fraction | None = None  # None: 1 per quantity to work out, 0 per spec given
    source: str = "answers"
    student: str | None = None  # `student = "…"`
    variant: str | None = None  # `variant = 3`: the worksheet variant these answers are for


def read_answers_file(path: str | Path) -> dict:
    """The raw table of a TOML or JSON answers file ("-": stdin); floats kept as the Decimal text
    written.  Regular files and stdin only, within the size, nesting and number limits."""
    text = read_text(path, "a TOML or JSON answers file")
    is_json = not is_stdin(path) and Path(path).suffix.lower() == ".json"
    try:
        return parse_answers_text(text, json_format=is_json, source=display_path(path))
    except SpecError:  # a worksheet .tex given as the answers: say what it is
        from .key_sniff import refuse_other_file

        refuse_other_file(display_path(path), text, None, "answers")
        raise


def parse_answers_text(text: str, json_format: bool = False, source: str = "answers") -> dict:
    if json_format or text.lstrip().startswith("{"):
        data = parse_json(text, source, parse_float=Decimal)  # a key given twice is refused
    else:
        comma = re.search(r"=\s*[-+]?\d+,\d", text)  # 0,47 unquoted: TOML reads no decimal comma
        hint = (' (a number with a decimal comma must be quoted, e.g. "z_2^1" = "1,9")' if comma else
                ' (names with ^ or / must be quoted, e.g. "z_2^1" = 1.9)')
        data = parse_toml(text, source, parse_float=toml_decimal, hint=hint)
    if not isinstance(data, dict):
        raise SpecError(source, "expected a table of quantity names and numbers")
    if not data:
        raise SpecError(source, "empty: no answers to mark")
    return data


def _valid_names(quantities) -> list[str]:
    """The names an answer may give: a network derivation's givens and quantities, or a list of names."""
    if isinstance(quantities, (list, tuple)):
        return list(quantities)
    return list(quantities.givens) + [q.name for q in quantities.quantities]


def resolve_name(text: str, quantities, where: str) -> str:
    """The canonical name of a quantity of this exercise (`quantities`: a network's derivation,
    or the list of names); SpecError with the closest valid name."""
    candidates = _valid_names(quantities)
    name = names.canonical(text)
    if name in set(candidates):
        return name
    from difflib import get_close_matches

    from .errors import did_you_mean

    # a batch's quantity written without its sample (z_0^1 for z_0^1[1]): that one first, not b_0^1
    sampled = [c for c in candidates if name and c.startswith(name + "[")]
    close = sampled[:1] or get_close_matches(name or text.strip(), candidates, n=1, cutoff=0.5)
    what = "not a quantity of this network" if name else "not a quantity name"
    raise SpecError(f"{where}{text}", f"{what}{did_you_mean(text, (), close)}; names as in "
                                      f"{option('answers_template')}")


KEY_AS_ANSWERS = ("a worksheet's answer key, not answers to mark: pass it with --key "
                  "(`symbp check --key {key} ANSWERS`; in Python, symbp.load_key)")


def is_key(data: dict) -> bool:
    """Whether a table is a worksheet's answers.json: its key_format, or a list of variant tables."""
    variants = data.get("variants")
    return "key_format" in data or (isinstance(variants, list) and any(isinstance(v, dict) for v in variants))


def answers_from_table(data: dict, derivation, source: str = "answers", file: bool = True) -> Answers:
    """Validate a raw answers table against an exercise's quantity names (`derivation`: a
    network's derivation, or the list of names); a SpecError names the file (`source`) and the
    field, `ada.toml: a_0^1: expected a number …` (the field alone for a table given in Python,
    `file` False)."""
    try:
        if is_key(data):  # (its first field, key_format, was named as no quantity of the network)
            raise SpecError(source if file else "answers", KEY_AS_ANSWERS.format(
                key=source if file else "answers.json"))
        require_an_answer(data, source if file else "answers")
        return _answers(data, derivation, source)
    except SpecError as error:
        if file:  # a spec or derive's JSON key given as the answers: say what it is
            from .key_sniff import refuse_other_file

            refuse_other_file(source, None, data, "answers")
        raise (in_file(error, source) if file else error) from None


def _answers(data: dict, derivation, source: str) -> Answers:
    values: dict[str, Written] = {}
    spelled: dict[str, str] = {}
    points: dict[str, Fraction] = {}
    default = None
    meta = {STUDENT_KEY: None, VARIANT_KEY: None}
    for key, raw in data.items():
        _check_key(key, "")
        if key in meta:
            meta[key] = meta_text(key, raw)
            continue
        if key == POINTS_TABLE and isinstance(raw, dict):
            for pkey, praw in raw.items():
                where = f"{POINTS_TABLE}."
                _check_key(pkey, where)
                number = parse_written(praw, f"{where}{pkey}")
                if number is None or not 0 <= number.value <= MAX_POINTS:
                    raise SpecError(f"{where}{pkey}", f"expected a number of points from 0 to {MAX_POINTS:,}, "
                                                      f"got {shown_value(praw)}")
                if pkey == DEFAULT_POINTS_KEY:
                    default = number.value
                else:
                    points[resolve_name(pkey, derivation, where)] = number.value
            continue
        name = resolve_name(key, derivation, "")
        if name in spelled:
            raise SpecError(key, f"given twice (also as {short_repr(spelled[name])})")
        spelled[name] = key
        number = parse_written(raw, key)
        if number is not None:
            values[name] = number
    return Answers(values, points, default, source, meta[STUDENT_KEY], meta[VARIANT_KEY])


def meta_text(key: str, raw) -> str | None:
    """`student` (a name) or `variant` (an id such as 3 or "3"); "" means not filled in."""
    if key == VARIANT_KEY and isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    if not isinstance(raw, str) or (key == VARIANT_KEY and raw.strip() and not raw.strip().isdecimal()):
        # ("three" is no variant: against a spec it was printed as the report's variant, unchecked)
        raise SpecError(key, f"expected {'a name in quotes' if key == STUDENT_KEY else 'a whole variant number such as 3'}, "
                             f"got {shown_value(raw)}")
    hidden = next(((i, ch) for i, ch in enumerate(raw, 1) if not ch.isprintable() and not ch.isspace()), None)
    if hidden is not None:  # a zero-width space, a bidi override, an escape code: named, and where
        position, ch = hidden
        import unicodedata

        kind = _UNPRINTABLE.get(unicodedata.category(ch), "an invisible character")
        name = unicodedata.name(ch, "")
        raise SpecError(key, f"{kind} U+{ord(ch):04X}{f' ({name})' if name else ''} at position {position} of "
                             f"\"{_escaped(raw[:60])}{'…' if len(raw) > 60 else ''}\": remove it")
    text = " ".join(raw.split())
    if len(text) > MAX_STUDENT_LENGTH:
        raise SpecError(key, f"{len(text)} characters; expected at most {MAX_STUDENT_LENGTH}")
    return text or None


def _escaped(text: str) -> str:
    """A name with its invisible characters written out (Jean\\u200bDupont), as the message names them:
    raw, a zero-width space would hide in the very message that points at it."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


# why a character of a name or variant cannot be printed, by its Unicode category
_UNPRINTABLE = {"Cf": "an invisible formatting character", "Cc": "a control character",
                "Co": "a private-use character", "Cn": "an unassigned code point", "Cs": "a lone surrogate"}


def _check_key(key: str, where: str) -> None:
    """A key that cannot be a quantity name, refused before it is looked up (and shown escaped)."""
    hint = f"(names as in {option('answers_template')})"
    if len(key) > MAX_KEY:
        raise SpecError(f"{where}{display_path(key[:40])}…", f"a name of {len(key)} characters is no quantity name {hint}")
    if display_path(key) != key:  # a control character: a newline, an escape code
        raise SpecError(f"{where}{display_path(key)}", f"not a quantity name {hint}")


def load_answers(path: str | Path, derivation) -> Answers:
    return answers_from_table(read_answers_file(path), derivation, source=display_path(path))
