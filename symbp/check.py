"""Answers files: what a student wrote, read and validated against a network's quantity names.

In:  a TOML or JSON answers file (quantity name -> the number as the student wrote it; optionally
     `student = "…"`, `variant = 3` and a [points] table).
Out: `Answers`: every number as `Written` (its exact value, and the decimals and significant
     digits it was written with, which the agreement rule in agreement.py needs).

Marking is in marking.py, the report in check_report.py, a whole class in grading.py.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from . import names
from .core.identity import HYPERPARAMETERS
from .errors import SpecError, in_file
from .i18n import current, message
from .inputs import JOINERS, display_path, is_stdin, parse_json, parse_toml, read_text, toml_decimal
from .numbers import short_repr
from .option_words import option
from .written import Written, is_blank, parse_written, shown_value

MAX_KEY = 100  # characters of a quantity name in an answers file
MAX_POINTS = 1_000_000  # points of one quantity
MIN_POINTS = Fraction(1, 1000)  # a quantity's points other than 0 (1e-300 printed 300 zeros in every total)
POINTS_TABLE = "points"
STUDENT_KEY, VARIANT_KEY = "student", "variant"  # who wrote the answers, and for which variant
SHEET_KEY = "sheet-id"  # the worksheet's id its answers template writes (key_seal.sheet_id), checked against the
# key; with a hyphen, which no quantity's name has (a graph may have a node called sheet)
MAX_STUDENT_LENGTH = 200
DEFAULT_POINTS_KEY = "default"


# ---- the answers file -----------------------------------------------------------------------------


def nothing_given(data: dict) -> bool:
    """Whether every quantity of an answers table is blank (its student, variant and points aside)."""
    return all(key in (STUDENT_KEY, VARIANT_KEY, SHEET_KEY, POINTS_TABLE) or is_blank(raw) for key, raw in data.items())


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
        raise SpecError(source, message("input.nothing_given"))


@dataclass
class Answers:
    values: dict[str, Written]  # canonical name -> number as written, in the file's order
    points: dict[str, Fraction]  # canonical name -> points
    default_points: Fraction | None = None  # None: 1 per quantity to work out, 0 per spec given
    source: str = "answers"
    student: str | None = None  # `student = "…"`
    variant: str | None = None  # `variant = 3`: the worksheet variant these answers are for
    # canonical name -> (the text written, why it is no number): marked as not given, and said (one number a
    # student wrote as "0,4256 (gerundet)" does not leave the rest of the file unmarked)
    unread: dict = field(default_factory=dict)


def read_answers_file(path: str | Path, alone: bool = True) -> dict:
    """The raw table of a TOML or JSON answers file ("-": stdin); floats kept as the Decimal text
    written.  Regular files and stdin only, within the size, nesting and number limits; refused
    in the current locale (what a student reads).  `alone` False: a file of a class's folder."""
    suffix = "" if is_stdin(path) else Path(path).suffix.lower()
    if suffix in _SPREADSHEETS:  # (a .csv was "not valid TOML: Expected '=' after a key": the hostile-input tester)
        raise SpecError(display_path(path), message("input.spreadsheet", suffix=suffix))
    text = read_text(path, "answers_file", alone=alone)
    is_json = suffix == ".json"
    try:
        return parse_answers_text(text, json_format=is_json, source=display_path(path))
    except SpecError:  # a worksheet .tex given as the answers: say what it is
        from .key_sniff import refuse_other_file

        refuse_other_file(display_path(path), text, None, "answers")
        raise


_SPREADSHEETS = frozenset((".csv", ".tsv", ".xlsx", ".xls", ".ods"))


def parse_answers_text(text: str, json_format: bool = False, source: str = "answers") -> dict:
    if json_format or text.lstrip().startswith("{"):
        data = parse_json(text, source, parse_float=Decimal, answers=True)  # a key given twice is refused
    else:
        data = parse_toml(text, source, parse_float=toml_decimal, hint=_toml_hint)
    if not isinstance(data, dict):
        raise SpecError(source, message("input.not_table"))
    if not data:
        raise SpecError(source, message("input.empty"))
    return data


_HINTS = (  # a broken answers file's likely cause, by what its text shows -> the hint (input.hint_…)
    (re.compile(r"=\s*[-+]?\d+,\d"), "comma"),
    (re.compile(r"^\s*[^\s\"'#\[][^=\"']*[\^/]"), "caret"),
    (re.compile(r'^[^"#]*"(?:[^"]*"[^"]*")*[^"]*$'), "quote"),
    (re.compile(r'"[^"\n]*\\'), "backslash"),
)


_TOML_ESCAPED = "\b\f\n\r\t"  # what TOML makes of \b, \f, \n, \r, \t in "…" (\beta, \frac, \nabla, \rho, \tau)


def _toml_hint(line: str) -> str:
    """The hint a TOML error gets: what the line it is on most likely shows (0,47 unquoted; a name
    with ^ left unquoted; a quote not closed), or none."""
    return next((message(f"input.hint_{hint}") for pattern, hint in _HINTS if pattern.search(line)), "")


def _valid_names(quantities) -> tuple[list[str], frozenset]:
    """The names an answer may give (a network derivation's givens and quantities, or a list of names), as a
    list and a set: made once for the exercise an answers file is read against (`_NAMES`), not per name."""
    known = _NAMES
    if known[0] is not quantities:
        listed = list(quantities) if isinstance(quantities, (list, tuple)) else \
            list(quantities.givens) + [q.name for q in quantities.quantities]
        known = _NAMES[:] = [quantities, listed, frozenset(listed)]  # (one list: a thread reads it whole)
    return known[1], known[2]


_NAMES: list = [None, [], frozenset()]  # the exercise last asked about, its names listed and as a set
# unknown names of one file given a suggestion each (difflib over every name: 0.1 s each against a
# 30-30-30 network); the others are counted, not searched — a file of 100,000 made-up names is refused at once
MAX_UNKNOWN_NAMED = 10


_BIAS = re.compile(r"(?:^|/d|_)b_\d+\^(\d+)")  # a bias or a bias's gradient, state or update (its layer)
_LAYER = re.compile(r"(?:^|/d|_)[wz]_\d+\^(\d+)")  # a weight or z (and theirs): a layer the network has
_WORDS = {"loss": "L", "cost": "L", "error": "L"}  # a quantity's word -> its name, suggested for an unknown name
# where a student finds the names (an option_words entry): a worksheet's answers are marked against its key
NAMES_FROM: ContextVar[str] = ContextVar("names_from", default="answers_template")


_LOOKALIKE_DIGITS = str.maketrans("lIoO", "1100")  # letters typed for digits


def _index_lookalikes(text: str) -> str:
    """A name with letters that look like digits read as those digits after its `_` (z_0^l: z_0^1)."""
    head, bar, tail = text.partition("_")
    return head + bar + tail.translate(_LOOKALIKE_DIGITS) if bar else text


_UNBRACED_SAMPLE = re.compile(r"^((?:∂|d)?L)(?:_([0-9]+)|_?([₀-₉]+))(?=[@⟨<^/]|$)")  # L_2, L₂, ∂L_2/∂w_00^1
_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


def _sample_loss(text: str) -> str | None:
    """A sample's loss (and its gradients) as the key prints it, L_{2}, typed without the braces (L_2,
    L₂; dL_2/dw_00^1): L[2] — where the exercise has samples (a graph's L_2 is its own label)."""
    compact = text.replace(" ", "")
    match = _UNBRACED_SAMPLE.match(compact)
    if match is None:
        return None
    digits = (match.group(2) or match.group(3)).translate(_SUBSCRIPT_DIGITS)
    return names.canonical(f"{match.group(1)}_{{{digits}}}{compact[match.end():]}")


# Cyrillic letters that look like Latin ones (а for a: the names' letters a, b, c, d, e, i, j, o, p, s, x, y, z)
_CYRILLIC_LOOKALIKES = dict(zip("аеорсухіјѕԁ", "aeopcyxijsd"))


def _odd_character(text: str, known) -> str | None:
    """The message's " (…)" for a name that holds a character that does not show (U+200B) or a Cyrillic letter
    that looks like a Latin one, naming it and, where the name without it is a quantity, that name; else None
    (the hostile-input tester of stop 65: z_0^1​ was "did you mean 'z_0^1'?" with the character unseen, а_0^1
    "did you mean 'z_0^1'?")."""
    import unicodedata

    def unseen(ch: str) -> bool:
        return unicodedata.category(ch) in ("Cc", "Cf", "Cn", "Co", "Zl", "Zp") or (ch.isspace() and ch != " ")

    for ch in text:
        hidden = unseen(ch)
        if not hidden and ch not in _CYRILLIC_LOOKALIKES:
            continue
        fixed = "".join(_CYRILLIC_LOOKALIKES.get(c, c) for c in text if not unseen(c))
        name = names.canonical(fixed)
        mean = message("input.odd_then", name=repr(name)) if name in known else ""
        code = f"U+{ord(ch):04X}"
        if hidden:
            return message("input.invisible_in_name", code=code, mean=mean)
        if mean:  # (a lookalike pasted into a name; a word in Cyrillic, Потеря, is no such slip: the second reviewer)
            return message("input.lookalike_in_name", letter=ch, code=code, latin=_CYRILLIC_LOOKALIKES[ch], mean=mean)
    return None


def resolve_name(text: str, quantities, where: str, suggest: bool = True) -> str:
    """The canonical name of a quantity of this exercise (`quantities`: a network's derivation,
    or the list of names); SpecError with the closest valid name (not searched unless `suggest`)."""
    candidates, known = _valid_names(quantities)
    name = names.canonical(text)
    if name in known:
        return name
    if (sample := _sample_loss(text)) is not None and sample in known:
        return sample  # (L_2 was refused, "did you mean 'L@2'?": another quantity)
    exercise = "graph" if isinstance(quantities, (list, tuple)) else "network"  # (a graph's names come as a list)
    odd = _odd_character(text, known)
    if odd is not None:  # a zero-width space or a Cyrillic а pasted in: said, and the field shown with its escape
        raise UnknownName(f"{where}{_escaped(text)}", message("input.not_in_" + exercise, suggestion=odd,
                                                                names_from=names_from()), odd)
    if not suggest:
        raise UnknownName(f"{where}{text}", message("input.not_in_" + exercise if name else "input.not_a_name",
                                                    suggestion="", names_from=names_from()), "")
    from difflib import get_close_matches

    # a batch's quantity written without its sample (z_0^1 for z_0^1[1]): that one first, not b_0^1
    sampled = [c for c in candidates if name and c.startswith(name + "[")]
    word, at, step = text.strip().partition("@")
    named = _WORDS.get(word.lower())  # a word for a symbol ("Loss" for L): too unlike it for difflib
    alike = names.canonical(_index_lookalikes(text))  # z_0^l for z_0^1: difflib finds z_0^2 as close
    close = sampled[:1] or ([named + at + step] if named and named + at + step in candidates else []) \
        or ([alike] if alike in candidates else []) \
        or [c for c in candidates if c.lower() == (name or text.strip()).lower()][:1] \
        or get_close_matches(name or text.strip(), candidates, n=1, cutoff=0.5)  # (df/dX: 'df/dx', not difflib's 'df/dz')
    if name and names.kind_of(name) in HYPERPARAMETERS:  # beta1, λ: the optimizer's settings, not marked
        raise SpecError(f"{where}{text}", message("input.setting_not_value"))
    bias = _BIAS.search(name) if name else None
    biased = {m[1] for m in map(_BIAS.search, candidates) if m}  # the layers with biases
    if bias and bias[1] not in biased and bias[1] in {m[1] for m in map(_LAYER.search, candidates) if m}:
        # a layer of the network without biases (not "did you mean dL/da_0^1"; b_0^5 of no layer 5: as any name)
        suggestion = message("input.no_biases_in_layer", layer=bias[1]) if biased else message("input.no_biases")
    else:
        suggestion = message("input.did_you_mean", name=repr(close[0])) if close else ""
    raise UnknownName(f"{where}{text}", message("input.not_in_" + exercise if name else "input.not_a_name",
                                                suggestion=suggestion, names_from=names_from()), suggestion)


class UnknownName(SpecError):
    """A name that is no quantity of the exercise; `suggestion` the " (did you mean …?)" it was given."""

    def __init__(self, field: str, text: str, suggestion: str):
        super().__init__(field, text)
        self.suggestion = suggestion


def names_from() -> str:
    """Where a student finds the names, as a message says it: a worksheet's answers-template.toml
    (in the run's language), or the command that prints the names (NAMES_FROM)."""
    source = NAMES_FROM.get()
    return message("input.worksheet_template") if source == "worksheet_template" else option(source)


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
            raise SpecError(source if file else "answers", message("input.key_as_answers",
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
    unread: dict[str, tuple[str, str]] = {}
    spelled: dict[str, str] = {}
    points: dict[str, Fraction] = {}
    points_spelled: dict[str, str] = {}
    default = None
    meta = {STUDENT_KEY: None, VARIANT_KEY: None}
    unknown: list = []
    twice: list = []  # (key, the other spelling's text): a quantity given twice
    # more names than the exercise has quantities (2 MB of junk names took 23 s to name each unknown):
    # the names after the first MAX_UNKNOWN_NAMED unknown ones are not looked at
    crowded = len(data) > len(_valid_names(derivation)[1]) + len(meta) + 2
    not_looked_at = 0
    for index, (key, raw) in enumerate(data.items()):
        if crowded and len(unknown) >= MAX_UNKNOWN_NAMED:
            not_looked_at = len(data) - index
            break
        _check_key(key, "")
        if key in meta:
            meta[key] = meta_text(key, raw)
            continue
        if key == SHEET_KEY:  # (compared with the key's by grading.py; against a spec it names nothing)
            sheet_text(raw)
            continue
        if key == POINTS_TABLE and isinstance(raw, dict):
            for pkey, praw in raw.items():
                where = f"{POINTS_TABLE}."
                _check_key(pkey, where)
                number = parse_written(praw, f"{where}{pkey}")
                if number is None or not (number.value == 0 or MIN_POINTS <= number.value <= MAX_POINTS):
                    raise SpecError(f"{where}{pkey}", message("input.points_range", max=current().grouped(MAX_POINTS),
                                                              least=current().number("0.001"),
                                                              got=shown_value(praw)))
                if pkey == DEFAULT_POINTS_KEY:
                    default = number.value
                    continue
                named = resolve_name(pkey, derivation, where)
                if named in points_spelled:  # (one name in two spellings: δ_0^2 and delta_0^2)
                    raise SpecError(f"{where}{pkey}", message("input.given_twice", other=short_repr(points_spelled[named])))
                points_spelled[named] = pkey
                points[named] = number.value
            continue
        try:
            name = resolve_name(key, derivation, "", suggest=len(unknown) < MAX_UNKNOWN_NAMED)
        except UnknownName as error:  # every such name of the file named at once (one resubmission, not one each)
            if isinstance(raw, dict):  # [answers] or [student1]: the numbers put in a table, not at the top
                example = short_repr(next(iter(raw), ""))[1:-1] or _valid_names(derivation)[0][-1]
                raise SpecError(key, message("input.table_of_answers", table=key, example=example)) from None
            unknown.append((key, error))
            continue
        if name in spelled:  # (every such name of the file named at once, as unknown ones: the student tester)
            twice.append((key, short_repr(spelled[name])))
            continue
        spelled[name] = key
        try:
            number = parse_written(raw, key)
        except SpecError as error:  # no number symbp reads: that value unread, the others marked
            unread[name] = (shown_value(raw), str(error)[len(error.field) + 2:] if error.field else str(error))
            continue
        if number is not None:
            values[name] = number
    doubled = [message("input.twice_also", name=k, other=o) for k, o in twice]
    if unknown:  # (and the names given twice in the same line: one resubmission for both, the student tester)
        first = unknown[0][1]
        error = _all_named(first.field, str(first)[len(first.field) + 2:], "input.also_unknown",
                           [f"{_escaped(key)}{error.suggestion}" for key, error in unknown[1:]])
        error = _all_named(error.field, str(error)[len(error.field) + 2:], "input.also_twice", doubled, whole=True)
        if not_looked_at:
            error = SpecError(error.field, str(error)[len(error.field) + 2:] + message(
                "input.names_not_looked_at", total=len(data), m=len(_valid_names(derivation)[1]), n=not_looked_at))
        raise error
    if twice:
        (key, other), rest = twice[0], doubled[1:]
        raise _all_named(key, message("input.given_twice", other=other), "input.also_twice", rest)
    return Answers(values, points, default, source, meta[STUDENT_KEY], meta[VARIANT_KEY], unread)


def _all_named(field: str, first: str, also: str, others: list, whole: bool = False) -> SpecError:
    """One line naming every such name of a file (unknown, or given twice): the first in full, then `also` (its
    catalogue key) with the next MAX_UNKNOWN_NAMED − 1 and a count of the rest (`whole`: `others` all named after
    `first`, a line of other names, so MAX_UNKNOWN_NAMED of them)."""
    if not others:
        return SpecError(field, first)
    room = MAX_UNKNOWN_NAMED - (0 if whole else 1)
    shown = message("punctuation.list_comma").join(others[:room])
    more = message("input.more_unknown", n=len(others) - room) if len(others) > room else ""
    return SpecError(field, first + message(also, names=shown + more))


def meta_text(key: str, raw) -> str | None:
    """`student` (a name) or `variant` (an id such as 3 or "3"); "" means not filled in."""
    if key == VARIANT_KEY and isinstance(raw, int) and not isinstance(raw, bool):
        if abs(raw) >= 10 ** 20:  # (a variant of 4,000 digits was echoed whole into the class listing and grades.csv:
            digits = int(abs(raw).bit_length() * 0.30103) + 1  # stop 68's hostile tester)
            raise SpecError(key, message("input.expected_variant", got=f"{str(raw)[:12] if digits < 4000 else ''}… "
                                                                         f"(~{digits} digits)"))
        return str(raw)
    if not isinstance(raw, str) or (key == VARIANT_KEY and raw.strip() and not raw.strip().isdecimal()):
        # ("three" is no variant: against a spec it was printed as the report's variant, unchecked)
        raise SpecError(key, message("input.expected_name" if key == STUDENT_KEY else "input.expected_variant",
                                     got=shown_value(raw)))
    hidden = next(((i, ch) for i, ch in enumerate(raw, 1)
                   if not ch.isprintable() and not ch.isspace() and ch not in JOINERS), None)  # (محمد‌رضا: a ZWNJ)
    if hidden is not None:  # a zero-width space, a bidi override, an escape code: named, and where
        position, ch = hidden
        import unicodedata

        kind = _UNPRINTABLE.get(unicodedata.category(ch), "invisible")
        name = unicodedata.name(ch, "")
        raise SpecError(key, message("input.unprintable", kind=message(f"input.kind_{kind}"), code=f"{ord(ch):04X}",
                                     name=f" ({name})" if name else "", position=position,
                                     text=f"{_escaped(raw[:60])}{'…' if len(raw) > 60 else ''}"))
    text = " ".join(raw.translate(_BLANK_LOOKING).split())
    if len(text) > MAX_STUDENT_LENGTH:
        raise SpecError(key, message("input.name_too_long", n=len(text), max=MAX_STUDENT_LENGTH))
    return (variant_id(text) if key == VARIANT_KEY else text) or None


def sheet_text(raw) -> str | None:
    """A file's `sheet-id = "…"` (8 hex digits as the template writes it; "" or none: not said); SpecError
    naming the field for anything else."""
    if raw == "" or raw is None:
        return None
    if not isinstance(raw, str) or not re.fullmatch(r"[0-9a-f]{8}", raw.strip().lower()):
        raise SpecError(SHEET_KEY, message("input.expected_sheet", got=shown_value(raw)))
    return raw.strip().lower()


def variant_id(text: str) -> str:
    """A variant's id as a key lists it: 3 for "03", "٣" or "３" (digits as answers read them); else as given."""
    return str(int(text)) if text.isdecimal() and len(text) <= 20 else text


def _escaped(text: str) -> str:
    """A name with its invisible characters written out (Jean\\u200bDupont), as the message names them:
    raw, a zero-width space would hide in the very message that points at it."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


# why a character of a name or variant cannot be printed, by its Unicode category
# letters and symbols that print as nothing (Hangul fillers, the blank Braille pattern): read as spaces, so that a
# name of them alone is no name (not filled in), not a blank-looking student in the class's listing
_BLANK_LOOKING = dict.fromkeys(map(ord, "\u115f\u1160\u3164\uffa0\u2800"), " ")
_UNPRINTABLE = {"Cf": "format", "Cc": "control", "Co": "private", "Cn": "unassigned", "Cs": "surrogate"}  # input.kind_…


def _check_key(key: str, where: str) -> None:
    """A key that cannot be a quantity name, refused before it is looked up (and shown escaped)."""
    if len(key) > MAX_KEY:
        raise SpecError(f"{where}{display_path(key[:40])}…", message("input.long_name", n=len(key), names_from=names_from()))
    if display_path(key) != key:  # a control character: a newline, an escape code
        escaped = any(ch in key for ch in _TOML_ESCAPED)  # "\frac{…}" in TOML: \f a form feed
        raise SpecError(f"{where}{display_path(key)}", message("input.toml_escape") if escaped
                        else message("input.not_a_name_hint", names_from=names_from()))


def load_answers(path: str | Path, derivation) -> Answers:
    return answers_from_table(read_answers_file(path), derivation, source=display_path(path))
