"""Marking in the public API: `symbp.check`, `symbp.load_key`, `symbp.check_class`.

In:  a network spec (or a worksheet's answers.json as an `AnswerKey`), a student's answers (a
     table {name: number} or an answers file), the agreement rule's options as `symbp check` takes
     them.
Out: a `CheckReport` (one answer) or a `ClassReport` (a folder of answers files), marked with
     error carried forward (marking.py, grading.py).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from ..errors import SpecError
from ..i18n import choose, use

if TYPE_CHECKING:  # pragma: no cover
    from .marks import AnswerKey, CheckReport, ClassReport


def _carry(carry) -> bool:
    from . import _flag

    return _flag(carry, "carry")


def _rule(digits, min_digits, rel_tol, default_digits: int, key=None):
    """The agreement rule of the options; `key`: the key whose digits are the default (named when
    min_digits exceeds them)."""
    from ..agreement import Rule
    from . import _bounded_int

    whose = "digits" if digits is not None or key is None or key.digits is None else f"the digits of {key.shown}"
    digits = _bounded_int(digits, "digits", 1, 15) if digits is not None else default_digits
    if min_digits is not None:
        min_digits = _bounded_int(min_digits, "min_digits", 1, 15)
        if min_digits > digits:  # the rule would ask for more digits than the sheet does, and contradict itself
            raise SpecError("min_digits", f"{min_digits} exceeds {whose} ({digits}): a rounded value cannot be required "
                                          "to show more significant digits than the sheet asks for")
    if rel_tol is not None:
        if isinstance(rel_tol, bool) or not isinstance(rel_tol, (int, float, Fraction)) or not 0 < rel_tol <= 1:
            raise SpecError("rel_tol", f"expected a number above 0 and at most 1 (0.01 for 1%), got {rel_tol!r}")
        rel_tol = Fraction(str(rel_tol)) if isinstance(rel_tol, float) else Fraction(rel_tol)
    return Rule(digits, min_digits, rel_tol)


def _answers_table(answers) -> tuple[dict, Path]:
    """(the raw table, what messages call it) of a mapping or an answers file."""
    from ..check import read_answers_file
    from ..inputs import check_nesting, display_path

    if isinstance(answers, Mapping):
        table = dict(answers)
        check_nesting(table, "answers")
        return table, Path("answers")
    if isinstance(answers, (str, Path)):
        return read_answers_file(answers), Path(display_path(answers))
    raise SpecError("answers", f"expected a table {{name: number}} or an answers file, got {type(answers).__name__}")


def check(spec, answers, *, variant: str | int | None = None, digits: int | None = None,
          min_digits: int | None = None, rel_tol: float | None = None, carry: bool = True,
          templates: str | Path | None = None, locale: str | None = None) -> CheckReport:
    """Mark a hand-worked answer, with error carried forward.

    spec     a Network or Graph (symbp.load …), or a worksheet's key (symbp.load_key("week5/answers.json"))
    answers  {quantity name: number as written}, e.g. {"z_2^1": 1.9, "a_2^1": "1.90"}; or an answers
             file (TOML or JSON, as `symbp derive SPEC --format answers-template` prints a blank one)
    variant  with a key: the variant answered (if the answers do not say `variant = 3`; over theirs: a student
             who wrote the wrong number is marked as the variant worked, `report.file_variant` is theirs)
    digits   significant digits the sheet asks for (default: the key's, else 4); min_digits, the
             fewest a rounded value must show (default digits − 1, at least 1); rel_tol, also accept a number
             within this relative tolerance; carry False: no credit for carried values
    locale   the language of the report, "en", "de" or "fr" (default: the key's or the spec's
             locale, else English); answers may be written with a decimal comma ("0,47") in any

        report = symbp.check(net, {"z_0^1": -0.5, "z_2^1": 1.9})
        report.points, report.statuses["z_2^1"]         # 1.0, "wrong"

    Returns a CheckReport; raises SpecError for answers that cannot be marked (unknown names, a name
    given twice).  A value that is no number symbp can read ("abc", true, 1e1001) is marked as not
    given and named with why (the report's NOT READ, its JSON's "not_read"; exit_code 1)."""
    from ..render.templates import templates_folder
    from .marks import AnswerKey

    templates_folder(templates)  # refused here, not when the report is first printed
    if not isinstance(spec, AnswerKey):
        from . import _spec_of

        spec = _spec_of(spec, "check")  # (before the language: the spec's own is one)
    language = choose(("locale", locale), ("locale", spec.locale))
    with use(language):  # a file that cannot be read or a number that is none is said in the report's language
        return _check(spec, answers, variant, digits, min_digits, rel_tol, carry, templates, language)


def _check(spec, answers, variant, digits, min_digits, rel_tol, carry, templates, language):
    from .marks import AnswerKey, CheckReport

    raw, source = _answers_table(answers)
    if isinstance(spec, AnswerKey):
        from ..check import variant_id
        from ..grading import mark_table

        rule = _rule(digits, min_digits, rel_tol, spec._key.digits or 4, spec._key)
        chosen = variant_id(str(variant).strip()) if variant is not None else None  # (--variant ٣ is 3)
        marked = mark_table(spec._key, raw, source, rule, _carry(carry), chosen, file=not isinstance(answers, Mapping))
        report = CheckReport(marked.marking, rule.digits, templates, key=spec._key.shown, locale=language,
                             title=spec._key.title, fits=marked.fits)
        report.file_variant = marked.named  # the file's own variant where `variant` marked it as another
        return report
    if variant is not None:
        raise SpecError("variant", "is for marking against a worksheet's key (symbp.load_key)")
    from . import derive
    from ..check import SHEET_KEY, answers_from_table, sheet_text

    sheet = sheet_text(raw.get(SHEET_KEY)) if isinstance(raw, Mapping) else None
    if sheet is not None:  # a worksheet's answers, not the spec's (marked against the spec's numbers: 37 of 67 right
        from ..i18n import message  # values wrong)

        raise SpecError(f"{source}: {SHEET_KEY}", message("input.sheet_not_spec", sheet=sheet))

    if spec.kind == "network":
        from ..spec_limits import check_markable

        check_markable(spec._spec)
    solution = derive(spec)._internal
    rule = _rule(digits, min_digits, rel_tol, 4)
    names, mark = MARKERS[spec.kind]()
    table = answers_from_table(raw, names(solution), source=str(source), file=not isinstance(answers, Mapping))
    marking = mark(solution, table, rule, _carry(carry))
    return CheckReport(marking, rule.digits, templates, locale=language)


def _network_marker():
    from ..marking import mark

    return (lambda solution: solution.derivation), mark


def _graph_marker():
    from ..graph.marking import mark
    from ..graph.quantities import written_names

    return written_names, mark


# kind -> (the names an answer may give, of a solution; mark(solution, answers, rule, carry))
MARKERS = {"network": _network_marker, "graph": _graph_marker}


def load_key(path: str | Path) -> AnswerKey:
    """A worksheet's answers.json, to mark answers against (`check`, `check_class`)."""
    from ..grading import load_key as read_key
    from .marks import AnswerKey

    return AnswerKey(read_key(path))


def check_class(key, folder: str | Path, *, digits: int | None = None, min_digits: int | None = None,
                rel_tol: float | None = None, carry: bool = True, templates: str | Path | None = None,
                locale: str | None = None) -> ClassReport:
    """Mark every answers file (.toml, .json) of a folder against a worksheet's key; each file
    names its variant (`variant = 3`); subfolders are not read (the report's `folders` names
    them).  A file that cannot be marked keeps its error and does not stop the others.  Returns a
    ClassReport (`save(folder)` writes grades.csv and a report each), in `locale` (default: the
    worksheet's, as answers.json records it, else English).

        marked = symbp.check_class(symbp.load_key("week5/answers.json"), "submissions/")
        marked.save("marked/"); print(marked.summary())
    """
    from ..grading import mark_class, submission_files
    from ..i18n import use
    from ..inputs import display_path
    from .marks import AnswerKey, ClassReport

    if not isinstance(key, AnswerKey):
        raise SpecError("key", f"expected a worksheet's key from symbp.load_key, got {type(key).__name__}")
    from ..render.templates import templates_folder

    templates_folder(templates)
    rule = _rule(digits, min_digits, rel_tol, key._key.digits or 4, key._key)
    folder = Path(folder)
    marked, skipped, folders, hidden, own = submission_files(folder, key._key)  # nothing to mark: SpecError
    language = choose(("locale", locale), ("locale", key.locale))
    with use(language):  # (a file not marked says why in the report's language)
        results = mark_class(key._key, marked, rule, _carry(carry))
    return ClassReport(results, [display_path(p.name) for p in skipped], key, rule, folder, templates, language,
                       folders=[display_path(p.name) for p in folders],
                       hidden=[display_path(p.name) + ("/" if p.is_dir() else "") for p in hidden],
                       own=[display_path(p.name) for p in own])
