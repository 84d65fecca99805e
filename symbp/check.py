"""Marking a hand-worked solution, with error carried forward.

In:  a verified `Solution` and an answers file (quantity name -> the number as the student wrote it).
Out: a `Marking`: for every quantity its status, the true value, the value that follows from the
answer's own numbers (the carried-forward expectation), a diagnosis of a wrong value, and points.

    correct   agrees with the true value
    carried   differs from it, but agrees with what follows from the answer's own earlier numbers
    wrong     neither
    missing   not given

Each quantity is recomputed from the answer's own value of every quantity it depends on; where a
dependency was not written down, from the value that follows from the answer's own numbers before
it (which is the true value when nothing before it was given).  Values the spec gives (weights of
step 1, inputs, targets, alpha) may be written too: a miscopied one is wrong, and what follows
from it is carried.

A number agrees with a reference when it equals the reference rounded to as many decimals as were
written (so 0.47 agrees with 0.4712, not with 0.4751), or lies within `rel_tol` when that is set.
Rounding agreement needs a number that shows at least MIN_SHOWN significant digits or decimals:
"0" does not agree with 0.309, nor "1" with 1.1 (each agrees with itself exactly, of course).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from . import names
from .errors import SpecError
from .formula import refs
from .inputs import display_path, is_stdin, parse_json, parse_toml, read_text
from .numbers import (MAX_DIGITS, bounded_decimal, format_decimal, parse_exact, short_repr, to_decimal,
                      within_limits)

MAX_NUMBER_TEXT = 2 * MAX_DIGITS + 64  # characters of one number written as text
MAX_KEY = 100  # characters of a quantity name in an answers file
MAX_POINTS = 1_000_000  # points of one quantity
MAX_SHOWN_PLACES = 60  # significant digits of an expected value in the report

CORRECT, CARRIED, WRONG, MISSING = "correct", "carried", "wrong", "missing"
STATUSES = (WRONG, CARRIED, CORRECT, MISSING)  # the report's order
GIVEN = "given"  # the kind of a value the spec gives (w of step 1, a^0, y, alpha)
MIN_SHOWN = 2
POINTS_TABLE = "points"
DEFAULT_POINTS_KEY = "default"


# ---- numbers as written ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Written:
    """A number as the answer wrote it: its text, exact value and decimals (None for "1/3")."""

    text: str
    value: Fraction
    decimals: int | None
    significant: int = 0

    @property
    def shown_precision(self) -> int:
        return max(self.significant, self.decimals or 0)


def _from_decimal(dec: Decimal, field_name: str) -> Written:
    bounded_decimal(dec, field_name)  # finite, at most MAX_DIGITS digits, |exponent| <= MAX_EXPONENT
    sign, digits, exponent = dec.as_tuple()
    decimals = max(0, -exponent)
    significant = len(digits) - next((i for i, d in enumerate(digits) if d != 0), len(digits))
    text = format(dec, "f")
    return Written(text, Fraction(dec), decimals, significant)


def parse_written(raw, field_name: str) -> Written | None:
    """A number from an answers file, keeping the decimals written; None for "" (not answered).

    Every number is within the number limits (numbers.MAX_DIGITS, MAX_EXPONENT); anything else
    is a SpecError naming the quantity."""
    if isinstance(raw, bool):
        raise SpecError(field_name, f"expected a number, got {str(raw).lower()}")
    if isinstance(raw, int):
        parse_exact(raw, field_name)  # the digit limit, checked before any conversion
        return _from_decimal(Decimal(raw), field_name)
    if isinstance(raw, Decimal):
        return _from_decimal(raw, field_name)
    if isinstance(raw, float):  # a float from a caller that did not keep the text: its shortest repr
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise SpecError(field_name, f"expected a finite number, got {raw}")
        return _from_decimal(Decimal(repr(raw)), field_name)
    if isinstance(raw, str):
        text = raw.strip().replace("\u2212", "-").replace(" ", "")
        if not text:
            return None
        if len(text) > MAX_NUMBER_TEXT:
            raise SpecError(field_name, f"a number of {len(text)} characters; at most {MAX_DIGITS} digits are accepted")
        if "," in text and "." not in text and text.count(",") == 1:
            text = text.replace(",", ".")  # a decimal comma, as in the reference document
        if "/" in text:
            value = parse_exact(text, field_name)
            return Written(text, value, None, 99)
        try:
            dec = Decimal(text)
        except (InvalidOperation, ValueError):
            dec = None
        if dec is not None and not dec.is_nan():
            return _from_decimal(dec, field_name)
    raise SpecError(field_name, f"expected a number such as 0.47 or \"-1.03\", got {short_repr(raw)}")


def exact(value) -> Fraction:
    """A Fraction or mpf as a Fraction (mpf through its 60-digit decimal)."""
    return value if isinstance(value, Fraction) else Fraction(to_decimal(value))


def agrees(written: Written, reference, rel_tol: float | None = None) -> bool:
    """Whether a written number agrees with a reference value (see the module docstring)."""
    if reference is None or not within_limits(reference):  # e.g. exp(10^8) from a student's z: no reference
        return False
    ref = exact(reference)
    given = written.value
    if given == ref:
        return True
    if written.decimals is not None and written.shown_precision >= MIN_SHOWN:
        if abs(given - ref) <= Fraction(1, 2 * 10 ** written.decimals):
            return True
    return rel_tol is not None and abs(given - ref) <= Fraction(rel_tol) * abs(ref)


# ---- the answers file -----------------------------------------------------------------------------
@dataclass
class Answers:
    values: dict[str, Written]  # canonical name -> number as written, in the file's order
    points: dict[str, Fraction]  # canonical name -> points
    default_points: Fraction | None = None  # None: 1 per quantity to work out, 0 per spec given
    source: str = "answers"


def read_answers_file(path: str | Path) -> dict:
    """The raw table of a TOML or JSON answers file ("-": stdin); floats kept as the Decimal text
    written.  Regular files and stdin only, within the size, nesting and number limits."""
    text = read_text(path, "a TOML or JSON answers file")
    is_json = not is_stdin(path) and Path(path).suffix.lower() == ".json"
    return parse_answers_text(text, json_format=is_json, source=display_path(path))


def parse_answers_text(text: str, json_format: bool = False, source: str = "answers") -> dict:
    if json_format or text.lstrip().startswith("{"):
        data = parse_json(text, source, parse_float=Decimal)  # a key given twice is refused
    else:
        data = parse_toml(text, source, parse_float=Decimal,
                          hint=' (names with ^ or / must be quoted, e.g. "z_2^1" = 1.9)')
    if not isinstance(data, dict):
        raise SpecError(source, "expected a table of quantity names and numbers")
    return data


def _valid_names(derivation) -> list[str]:
    return list(derivation.givens) + [q.name for q in derivation.quantities]


def resolve_name(text: str, derivation, where: str) -> str:
    """The canonical name of a quantity of this network; SpecError with the closest valid name."""
    valid = set(derivation.by_name) | set(derivation.givens)
    name = names.LEARNING_RATE if text.strip() == names.LEARNING_RATE else names.canonical(text)
    if name in valid:
        return name
    from difflib import get_close_matches

    candidates = _valid_names(derivation)
    close = get_close_matches(name or text.strip(), candidates, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    what = "not a quantity of this network" if name else "not a quantity name"
    raise SpecError(f"{where}{text}", f"{what}{hint} (names as in `symbp derive SPEC --format answers-template`)")


def answers_from_table(data: dict, derivation, source: str = "answers") -> Answers:
    """Validate a raw answers table against a network's quantity names."""
    values: dict[str, Written] = {}
    spelled: dict[str, str] = {}
    points: dict[str, Fraction] = {}
    default = None
    for key, raw in data.items():
        _check_key(key, "")
        if key == POINTS_TABLE and isinstance(raw, dict):
            for pkey, praw in raw.items():
                where = f"{POINTS_TABLE}."
                _check_key(pkey, where)
                number = parse_written(praw, f"{where}{pkey}")
                if number is None or not 0 <= number.value <= MAX_POINTS:
                    raise SpecError(f"{where}{pkey}", f"expected a number of points from 0 to {MAX_POINTS:,}, "
                                                      f"got {short_repr(praw)}")
                if pkey == DEFAULT_POINTS_KEY:
                    default = number.value
                else:
                    points[resolve_name(pkey, derivation, where)] = number.value
            continue
        name = resolve_name(key, derivation, "")
        if name in spelled:
            raise SpecError(key, f"given twice (also as {spelled[name]!r})")
        spelled[name] = key
        number = parse_written(raw, key)
        if number is not None:
            values[name] = number
    return Answers(values, points, default, source)


def _check_key(key: str, where: str) -> None:
    """A key that cannot be a quantity name, refused before it is looked up (and shown escaped)."""
    hint = "(names as in `symbp derive SPEC --format answers-template`)"
    if len(key) > MAX_KEY:
        raise SpecError(f"{where}{display_path(key[:40])}…", f"a name of {len(key)} characters is no quantity name {hint}")
    if display_path(key) != key:  # a control character: a newline, an escape code
        raise SpecError(f"{where}{display_path(key)}", f"not a quantity name {hint}")


def load_answers(path: str | Path, derivation) -> Answers:
    return answers_from_table(read_answers_file(path), derivation, source=display_path(path))


# ---- marking --------------------------------------------------------------------------------------
@dataclass
class Mark:
    name: str
    kind: str  # a Quantity kind, or GIVEN
    written: Written | None
    expected: object  # the true value (Fraction or mpf)
    carried: object  # what follows from the answer's own numbers (None if it cannot be computed)
    status: str
    carried_from: tuple = ()  # wrong values upstream that this value's expectation follows from
    diagnosis: object = None  # diagnose.Diagnosis or None
    points: Fraction = Fraction(1)
    earned: Fraction = Fraction(0)
    inputs: dict = field(default_factory=dict)  # the dependencies' values it was recomputed from


@dataclass
class Marking:
    solution: object
    answers: Answers
    marks: dict[str, Mark]  # in order: written spec givens, then quantities in order of computation
    rel_tol: float | None
    carry: bool

    def by_status(self, status: str) -> list[Mark]:
        return [m for m in self.marks.values() if m.status == status]

    @property
    def counts(self) -> dict[str, int]:
        return {s: len(self.by_status(s)) for s in STATUSES}

    @property
    def earned(self) -> Fraction:
        return sum((m.earned for m in self.marks.values()), Fraction(0))

    @property
    def possible(self) -> Fraction:
        return sum((m.points for m in self.marks.values()), Fraction(0))

    @property
    def failed(self) -> bool:
        """Any wrong value (with carry off: any value that is not correct, among those given)."""
        bad = {WRONG} if self.carry else {WRONG, CARRIED}
        return any(m.status in bad for m in self.marks.values())

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def tex_marks(self) -> dict:
        """{name: {"given": text, "status": status}} for the annotated worked solution ("" when missing)."""
        return {m.name: {"given": m.written.text if m.written else "", "status": m.status}
                for m in self.marks.values()}


def _points(answers: Answers, name: str, is_given: bool) -> Fraction:
    if name in answers.points:
        return answers.points[name]
    if answers.default_points is not None and not is_given:
        return answers.default_points
    return Fraction(0) if is_given else Fraction(1)


def _earned(status: str, points: Fraction, carry: bool) -> Fraction:
    return points if status == CORRECT or (status == CARRIED and carry) else Fraction(0)


def mark(solution, answers: Answers, rel_tol: float | None = None, carry: bool = True) -> Marking:
    """Mark an answer against a verified solution (see the module docstring)."""
    from .diagnose import Case, diagnose
    from .evaluate import compile_program

    derivation = solution.derivation
    program = compile_program(derivation, solution.exact)
    domain = program.domain
    truth = {name: domain.convert(v) for name, v in solution.givens.items()}
    truth.update(solution.values)
    env: dict = {}  # the answer's own numbers, or what follows from them where none was written
    marks: dict[str, Mark] = {}
    order = {name: i for i, name in enumerate(_valid_names(derivation))}

    def upstream_errors(dependencies) -> tuple:
        found: dict[str, None] = {}
        for dep in dependencies:
            if env[dep] == truth[dep] or dep not in marks:
                continue
            m = marks[dep]
            if m.status == WRONG:
                found.setdefault(dep, None)
            elif m.status in (CARRIED, MISSING):
                found.update(dict.fromkeys(m.carried_from))
        return tuple(sorted(found, key=order.__getitem__))

    def case_for(name, quantity, written, expected, carried):
        return Case(name, quantity, written, expected, carried, env, domain, solution.spec,
                    lambda value: agrees(written, value, rel_tol))

    for name, value in solution.givens.items():
        written = answers.values.get(name)
        env[name] = domain.convert(written.value) if written else truth[name]
        if written is None:
            continue
        status = CORRECT if agrees(written, value, rel_tol) else WRONG
        points = _points(answers, name, True)
        m = Mark(name, GIVEN, written, truth[name], truth[name], status, points=points,
                 earned=_earned(status, points, carry))
        if status == WRONG:
            m.diagnosis = diagnose(case_for(name, None, written, truth[name], truth[name]))
        marks[name] = m

    for quantity, function in program.steps:
        name = quantity.name
        dependencies = refs(quantity.formula)
        inputs = {dep: env[dep] for dep in dependencies}
        try:
            carried = function(env)
        except (ArithmeticError, ZeroDivisionError, ValueError):
            carried = None  # e.g. log of a non-positive number from the answer's own values
        if carried is not None and not within_limits(carried):
            carried = None  # e.g. exp(10^8) from a typo: beyond the number limits, as undefined
        expected = truth[name]
        written = answers.values.get(name)
        sources = upstream_errors(dependencies)
        if written is None:
            status = MISSING
            env[name] = carried if carried is not None else expected
        else:
            if agrees(written, expected, rel_tol):
                status, sources = CORRECT, ()
            elif agrees(written, carried, rel_tol):
                # differing only through correctly rounded earlier values is no error at all
                status = CARRIED if sources else CORRECT
            else:
                status, sources = WRONG, ()
            env[name] = domain.convert(written.value)
        points = _points(answers, name, False)
        m = Mark(name, quantity.kind, written, expected, carried, status, sources, points=points,
                 earned=_earned(status, points, carry), inputs=inputs)
        if status == WRONG:
            m.diagnosis = diagnose(case_for(name, quantity, written, expected, carried))
        marks[name] = m
    return Marking(solution, answers, marks, rel_tol, carry)


# ---- the report's data (its prose lives in templates/*/check.*) ----------------------------------
MINUS = "\u2212"


def shown(value, digits: int) -> str:
    """A value for display: exact when it terminates briefly, else ≈ rounded to `digits`."""
    if value is None:
        return ""
    s = format_decimal(value, digits)
    return ("≈ " if s.rounded else "") + s.text.replace("-", MINUS)


def relation(value, digits: int) -> str:
    """"= 1.8" or "≈ 0.12297": a value as the end of a substitution line."""
    text = shown(value, digits)
    return text if text.startswith("≈") else "= " + text


def _substituted(node, marking: Marking, inputs: dict, digits: int) -> str:
    """A formula with the answer's own numbers (as written) and what follows from them."""
    from .render.printers import printer

    values = dict(inputs)
    values.update({name: w.value for name, w in marking.answers.values.items() if name in inputs})
    return printer("text", values=values, digits=digits).print(node)


def _symbolic(node) -> str:
    from .render.printers import printer

    return printer("text").print(node)


def _item(marking: Marking, m: Mark, digits: int) -> dict:
    derivation = marking.solution.derivation
    quantity = derivation.by_name.get(m.name)
    # as many digits as the answer shows, and one more; at most MAX_SHOWN_PLACES (1e-300 shows 300 decimals)
    places = min(max(digits, (m.written.shown_precision + 1) if m.written else 0), MAX_SHOWN_PLACES)
    carried_differs = m.carried is not None and exact(m.carried) != exact(m.expected)
    item = {
        "name": m.name,
        "status": m.status,
        "given": m.written.text.replace("-", MINUS) if m.written else None,
        "expected": shown(m.expected, places),
        "carried": shown(m.carried, places) if carried_differs else None,
        "carried_from": list(m.carried_from),
        "is_given": m.kind == GIVEN,
        "formula": None,
        "substituted": None,
        "diagnosis": None,
        "points": _fmt_points(m.points),
        "earned": _fmt_points(m.earned),
    }
    if quantity is not None:
        item["formula"] = _symbolic(quantity.formula)
        item["substituted"] = _substituted(quantity.formula, marking, m.inputs, digits)
        item["result"] = relation(m.carried if m.carried is not None else m.expected, places)
    if m.diagnosis is not None:
        d = m.diagnosis
        item["diagnosis"] = {
            "key": d.key,
            "label": d.label,
            "substituted": _substituted(d.formula, marking, m.inputs, digits) if d.formula is not None else None,
            "value": shown(d.value, places) if d.value is not None else None,
            "result": relation(d.value, places) if d.value is not None else None,
        }
    return item


def _fmt_points(value: Fraction) -> str:
    return format_decimal(value, 4).text


def report_context(marking: Marking, digits: int = 4) -> dict:
    """Everything the check templates show, as plain strings and lists."""
    spec = marking.solution.spec
    items = {status: [_item(marking, m, digits) for m in marking.by_status(status)] for status in STATUSES}
    return {
        "title": spec.title or spec.name,
        "spec_name": spec.name,
        "answers": marking.answers.source,
        "items": items,
        "counts": marking.counts,
        "given_count": sum(1 for m in marking.marks.values() if m.written is not None),
        "earned": _fmt_points(marking.earned),
        "possible": _fmt_points(marking.possible),
        "carry": marking.carry,
        "rel_tol": marking.rel_tol,
        "failed": marking.failed,
    }


def _json_number(value):
    """A float for the JSON report; null beyond float64's range (a student's 1e400: its text is
    in given_text)."""
    if value is None:
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def report_json(marking: Marking) -> dict:
    """The JSON report: {"quantities": {name: {...}}, "summary": {...}}."""
    quantities = {}
    for m in marking.marks.values():
        quantities[m.name] = {
            "given": _json_number(m.written.value) if m.written else None,
            "given_text": m.written.text if m.written else None,
            "expected": float(m.expected),
            "carried_expected": _json_number(m.carried),
            "status": m.status,
            "diagnosis": m.diagnosis.label if m.diagnosis else None,
            "diagnosis_key": m.diagnosis.key if m.diagnosis else None,
            "carried_from": list(m.carried_from),
            "points": float(m.points),
            "earned": float(m.earned),
        }
    summary = dict(marking.counts)
    summary.update({
        "given": sum(1 for m in marking.marks.values() if m.written is not None),
        "points": float(marking.earned),
        "possible": float(marking.possible),
        "carry": marking.carry,
        "rel_tol": marking.rel_tol,
        "exit_code": marking.exit_code,
    })
    return {"quantities": quantities, "summary": summary}


def render_report(marking: Marking, fmt: str = "text", digits: int = 4, templates_dir=None) -> str:
    """The report as text (template templates/text/check.txt.jinja) or JSON."""
    if fmt == "json":
        return json.dumps(report_json(marking), indent=2, ensure_ascii=False) + "\n"
    from .render.templates import render_template

    return render_template("text/check.txt.jinja", templates_dir, **report_context(marking, digits))
