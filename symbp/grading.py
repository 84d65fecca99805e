"""Marking a class: a worksheet's answers.json as the key, one answers file per student.

In:  answers.json (from `symbp worksheet`) and a student's answers file, or a folder of them; each
     file names its variant (`variant = 3`) and may name its student (`student = "…"`).
Out: per file a `Submission` (its student, variant and `Marking`, or the error that stopped it),
     the grades CSV (a row per file: student, variant, points, a status per asked quantity) and a
     report per student.

Each variant's solution is recomputed from the spec stored in the key, verified (float64 path and
finite differences), and compared with the key's own exact values: a key that was edited, or made
by a symbp that computes differently, is refused.  Only the quantities the sheet asked for earn
points (one each).  A bad file does not stop the class: its row in the CSV says what is wrong.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SpecError

MAX_KEY_BYTES = 64 * 1024 * 1024
SUBMISSION_SUFFIXES = (".toml", ".json")
KEY_AGREES_TO = 1e-20  # relative: the key's 30-digit exact values against the recomputed ones
CSV_SUMMARY = ("file", "student", "variant", "points", "possible", "correct", "carried", "too_few_digits",
               "wrong", "missing", "not_asked", "error")


@dataclass
class Key:
    """A worksheet's answers.json: its variants by id, and their verified solutions once needed."""

    path: Path
    spec_name: str
    digits: int | None
    variants: dict  # id (str) -> the variant's entry of answers.json
    locale: str | None = None  # the sheet's language (answers.json "locale"; None: English)
    _solutions: dict = field(default_factory=dict)

    def ids_text(self) -> str:
        ids = list(self.variants)
        return ", ".join(ids) if len(ids) <= 8 else f"{ids[0]} to {ids[-1]}"

    def entry(self, variant: str) -> dict:
        if variant not in self.variants:
            raise SpecError("variant", f"{variant} is not a variant of {self.path.name} (it has {self.ids_text()})")
        return self.variants[variant]

    def kind(self, variant: str) -> str:
        """The kind of exercise of a variant ("network" or "graph")."""
        spec = self.entry(variant).get("spec")
        return spec.get("kind", "network") if isinstance(spec, dict) else "network"

    def asked(self, variant: str) -> list | None:
        asked = self.entry(variant).get("asked")
        return list(asked) if isinstance(asked, list) else None

    def solution(self, variant: str):
        """The variant's verified solution, checked against the key's own exact values."""
        if variant not in self._solutions:
            entry = self.entry(variant)
            where = f"{self.path.name}, variant {variant}"
            if not isinstance(entry.get("spec"), dict):
                raise SpecError(where, "has no spec")
            if self.kind(variant) not in EXERCISES:
                raise SpecError(where, f"its spec is of an unknown kind {self.kind(variant)!r}")
            solution, values = EXERCISES[self.kind(variant)].solve(entry["spec"], f"{self.spec_name}-variant-{variant}")
            _compare(values, entry.get("exact"), where)
            self._solutions[variant] = solution
        return self._solutions[variant]


class _Network:
    @staticmethod
    def solve(table: dict, name: str):
        """(the verified solution, its values by name) of a network spec's table."""
        from .pipeline import derive_solution
        from .spec import spec_from_dict

        solution, _ = derive_solution(spec_from_dict(table, name=name), symbolic=False)
        return solution, solution.values

    @staticmethod
    def names(solution):
        return solution.derivation

    @staticmethod
    def mark(*args, **options):
        from .marking import mark

        return mark(*args, **options)


class _Graph:
    @staticmethod
    def solve(table: dict, name: str):
        from .graph import from_dict, solve
        from .graph.marking import answer_names

        solution = solve(from_dict(table, name))
        inputs = {label for label, _ in solution.spec.inputs}
        return solution, {n: solution.value(n) for n in answer_names(solution) if n not in inputs}

    @staticmethod
    def names(solution):
        from .graph.marking import answer_names

        return answer_names(solution)

    @staticmethod
    def mark(*args, **options):
        from .graph.marking import mark

        return mark(*args, **options)


EXERCISES = {"network": _Network, "graph": _Graph}  # a spec's kind -> how its key's variants are solved and marked


def _compare(values: dict, exact, where: str) -> None:
    """The key's exact values must be the recomputed ones (to 20 digits)."""
    from .agreement import as_fraction
    from .numbers import parse_exact

    if not isinstance(exact, dict) or set(exact) != set(values):
        raise SpecError(where, "its exact values do not list this exercise's quantities; was the key edited?")
    for name, value in values.items():
        ours = as_fraction(value)
        theirs = parse_exact(exact[name], f"{where}: exact.{name}")
        if abs(theirs - ours) > KEY_AGREES_TO * max(1, abs(ours)):
            raise SpecError(where, f"the key's {name} = {exact[name]} is not what its spec gives "
                                   f"({float(ours)!r}); was the key edited, or made by another symbp version?")


def load_key(path: str | Path) -> Key:
    from .inputs import parse_json, read_text

    path = Path(path)
    data = parse_json(read_text(path, "the answers.json of `symbp worksheet`", MAX_KEY_BYTES), str(path))
    variants = data.get("variants") if isinstance(data, dict) else None
    if not isinstance(variants, list) or not variants or not all(isinstance(v, dict) and "id" in v for v in variants):
        raise SpecError(str(path), "expected the answers.json of `symbp worksheet` (a list of variants with ids)")
    seen: set[str] = set()
    for variant in variants:
        if str(variant["id"]) in seen:
            raise SpecError(str(path), f"the variant id {str(variant['id'])[:60]!r} is given twice")
        seen.add(str(variant["id"]))
    digits = data.get("digits")
    from .i18n import code_of

    return Key(path, str(data.get("spec_name") or path.stem),
               digits if isinstance(digits, int) and not isinstance(digits, bool) and 1 <= digits <= 15 else None,
               {str(v["id"]): v for v in variants}, code_of(data.get("locale"), f"{path}: locale"))


@dataclass
class Submission:
    path: Path
    student: str | None = None
    variant: str | None = None
    marking: object = None  # marking.Marking, or None when the file could not be marked
    error: str | None = None  # why it could not be marked

    @property
    def name(self) -> str:
        return self.student or self.path.stem


def mark_submission(key: Key, path: Path, rule, carry: bool = True, variant: str | None = None) -> Submission:
    """Mark one student's file against the key; SpecError (exit 2) when it cannot be marked."""
    from .check import read_answers_file

    return mark_table(key, read_answers_file(path), path, rule, carry, variant)


def mark_table(key: Key, raw: dict, path: Path, rule, carry: bool = True, variant: str | None = None) -> Submission:
    """Mark a student's answers table (read from `path`, named in messages) against the key."""
    from .check import POINTS_TABLE, answers_from_table

    if POINTS_TABLE in raw:
        raise SpecError(f"{path}: {POINTS_TABLE}", "a submission cannot set its own points; they come from the key")
    chosen = _variant(raw, variant, path)
    if chosen not in key.variants:
        raise SpecError(f"{path}: variant", f"{chosen} is not a variant of {key.path.name} (it has {key.ids_text()})")
    solution = key.solution(chosen)
    exercise = EXERCISES[key.kind(chosen)]
    answers = answers_from_table(raw, exercise.names(solution), source=str(path))
    marking = exercise.mark(solution, answers, rule, carry, asked=key.asked(chosen), variant=chosen)
    return Submission(path, answers.student, chosen, marking)


def _variant(raw: dict, requested: str | None, path: Path) -> str:
    from .check import VARIANT_KEY, meta_text

    named = meta_text(VARIANT_KEY, raw[VARIANT_KEY]) if VARIANT_KEY in raw else None
    if requested is not None and named is not None and named != requested:
        raise SpecError(f"{path}: {VARIANT_KEY}", f"the file names variant {named}, --variant says {requested}")
    chosen = requested or named
    if chosen is None:
        raise SpecError(f"{path}: {VARIANT_KEY}", "which variant? write e.g. variant = 3 in the file, or use --variant")
    return chosen


def submission_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """(answers files to mark, other files skipped) of a class folder, in name order."""
    if not folder.is_dir():
        raise SpecError(str(folder), "not a folder")
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    marked = [p for p in files if p.suffix.lower() in SUBMISSION_SUFFIXES]
    return marked, [p for p in files if p not in marked]


def mark_class(key: Key, folder: Path, rule, carry: bool = True) -> list[Submission]:
    """Every answers file of a folder marked; a file that cannot be marked keeps its error."""
    from .errors import SymbpError

    marked, _ = submission_files(folder)
    results = []
    for path in marked:
        try:
            results.append(mark_submission(key, path, rule, carry))
        except SymbpError as error:  # bad input, or a variant whose verification failed
            results.append(Submission(path, _student_of(path), error=_file_error(path, error)))
    return results


def _file_error(path: Path, error) -> str:
    """The error of a file not marked, always beginning with the file (`class/ada.toml: z_2^1: …`),
    whether it was found reading the file or a number in it."""
    text = str(error)
    return text if text.startswith(f"{path}: ") else f"{path}: {text}"


def _student_of(path: Path) -> str | None:
    """The `student` a file names, if it can be read at all (for the row of a file not marked)."""
    from .check import STUDENT_KEY, meta_text, read_answers_file

    try:
        return meta_text(STUDENT_KEY, read_answers_file(path).get(STUDENT_KEY, ""))
    except SpecError:
        return None


def summary_rows(results: list[Submission]) -> list[dict]:
    """A row per file for the terminal: file, student, variant, points, counts, error."""
    rows = []
    for r in results:
        row = {"file": r.path.name, "student": r.student or "", "variant": r.variant or "", "error": r.error}
        if r.marking is not None:
            row.update(points=_number(r.marking.earned), possible=_number(r.marking.possible), **r.marking.counts,
                       not_asked=len(r.marking.not_asked))
        rows.append(row)
    return rows


def grades_csv(results: list[Submission]) -> str:
    """A row per file: who, which variant, points, counts, the error if any, a status per quantity
    (column names and statuses in the current locale's words, grades.*; ";" and a decimal comma
    where the locale writes one)."""
    from .i18n import current

    names: dict[str, None] = {}
    order: dict[str, int] = {}
    for r in results:
        if r.marking is not None:
            derivation = r.marking.solution.derivation
            order = order or {n: i for i, n in enumerate(list(derivation.givens) + list(derivation.by_name))}
            names.update((m.name, None) for m in r.marking.marks.values() if m.asked and (m.points or m.written is not None))
    names = dict.fromkeys(sorted(names, key=lambda n: order.get(n, len(order))))
    locale = current()
    out = io.StringIO()
    writer = csv.writer(out, delimiter=locale.csv_delimiter, lineterminator="\n")
    writer.writerow([locale.message(f"grades.{column}") for column in CSV_SUMMARY] + list(names))
    for r in results:
        row = {"file": r.path.name, "student": r.student or "", "variant": r.variant or "", "error": r.error or ""}
        statuses = {}
        if r.marking is not None:
            m = r.marking
            row.update({"points": locale.number(_number(m.earned)), "possible": locale.number(_number(m.possible)),
                        **m.counts, "not_asked": len(m.not_asked)})
            statuses = {name: locale.message(f"grades.{mark.status}") for name, mark in m.marks.items() if mark.asked}
        writer.writerow([row.get(column, "") for column in CSV_SUMMARY] + [statuses.get(n, "") for n in names])
    return out.getvalue()


def _number(value) -> str:
    from .numbers import format_decimal

    return format_decimal(value, 6).text


def report_names(results: list[Submission], extension: str) -> dict:
    """A report file name per marked submission: the file's stem (its full name when two share one)."""
    stems = [r.path.stem for r in results]
    return {r.path: (r.path.stem if stems.count(r.path.stem) == 1 else r.path.name.replace(".", "-")) + extension
            for r in results if r.marking is not None}
