"""Marking a class: a worksheet's answers.json as the key, one answers file per student.

In:  answers.json (from `symbp worksheet`) and a student's answers file, or a folder of them; each
     file names its variant (`variant = 3`) and may name its student (`student = "…"`).
Out: per file a `Submission` (its student, variant and `Marking`, or the error that stopped it),
     the grades CSV (a row per file: student, variant, points, a status per asked quantity) and a
     report per student.

Each variant's solution is recomputed from the spec stored in the key, verified (float64 path and
finite differences), and checked against the key (key_file.py): a key that was edited, or made by a
symbp that computes differently, is refused.  Only the quantities the sheet asked for earn
points (one each).  A bad file does not stop the class: its row in the CSV says what is wrong.
"""

from __future__ import annotations

import io
import os
import re
import stat
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from .csv_cells import EXCEL_BOM
from .errors import OutputError, SpecError, SymbpError
from .i18n import message
from .inputs import display_path
from .option_words import option
from .key_file import EXERCISES, Key, load_key  # noqa: F401  (load_key: symbp.grading's API)

SUBMISSION_SUFFIXES = (".toml", ".json")
# left out of a class folder without a word: symbp's record and lock (--out the class's folder), version
# control and the Finder's folder settings, which hold no submission; any other hidden name is named as not read
OWN_FILES = (".symbp-reports", ".symbp-lock", ".git", ".svn", ".hg", ".DS_Store")
GRADES_BOM = EXCEL_BOM  # grades.csv as a file begins with one (csv_cells.py)
CSV_SUMMARY = ("file", "student", "variant", "points", "possible", "correct", "carried", "too_few_digits",
               "wrong", "missing", "not_asked", "error", "flags")


@dataclass
class Submission:
    path: Path
    student: str | None = None
    variant: str | None = None
    marking: object = None  # marking.Marking, or None when the file could not be marked
    error: str | None = None  # why it could not be marked
    fits: object = None  # variant_fit.Fit: the numbers fit another variant far better (said, not re-marked)
    named: str | None = None  # the variant the file names, where --variant marked it as another
    unreached: bool = False  # not marked for lack of time (time_budget.share): an earlier run's reports of it stay

    @property
    def name(self) -> str:
        return self.student or self.path.stem


def mark_submission(key: Key, path: Path, rule, carry: bool = True, variant: str | None = None,
                    alone: bool = True) -> Submission:
    """Mark one student's file against the key; SpecError (exit 2) when it cannot be marked.
    `alone` False: a file of a class's folder (check.read_answers_file)."""
    from .check import read_answers_file

    return mark_table(key, read_answers_file(path, alone), path, rule, carry, variant)


def mark_table(key: Key, raw: dict, path: Path, rule, carry: bool = True, variant: str | None = None,
               file: bool = True) -> Submission:
    """Mark a student's answers table (read from `path`, named in messages; `file` False: a table
    given in Python) against the key."""
    from .check import NAMES_FROM, POINTS_TABLE, VARIANT_KEY, answers_from_table, meta_text

    if POINTS_TABLE in raw:
        raise SpecError(f"{display_path(path)}: {POINTS_TABLE}", message("input.points_own"))
    _same_sheet(raw, key, path)
    chosen = _variant(raw, variant, path)
    if chosen not in key.variants:  # (named where it came from: --variant, or the file's variant = …)
        raise SpecError(option("variant") if variant else f"{display_path(path)}: variant",
                        message("input.not_a_variant", chosen=chosen, key=key.shown, ids=key.ids_text()))
    solution = key.solution(chosen)
    exercise = EXERCISES[key.kind(chosen)]
    token = NAMES_FROM.set("worksheet_template")  # a name not found: as the student's sheet names it
    try:
        answers = answers_from_table(raw, exercise.names(solution), source=display_path(path), file=file)
    finally:
        NAMES_FROM.reset(token)
    marking = exercise.mark(solution, answers, rule, carry, asked=key.asked(chosen), variant=chosen,
                            printed=key.printed(chosen))
    from .variant_fit import better_variant

    named = raw.get(VARIANT_KEY)
    named = None if named is None or meta_text(VARIANT_KEY, named) == chosen else meta_text(VARIANT_KEY, named)

    def mark_as(vid: str):
        return EXERCISES[key.kind(vid)].mark(key.solution(vid), answers, rule, carry, asked=key.asked(vid), variant=vid,
                                             printed=key.printed(vid))

    fits = better_variant(key, chosen, answers, rule, marking, mark_as)
    return Submission(path, answers.student, chosen, marking, fits=fits, named=named)


def _same_sheet(raw: dict, key: Key, path: Path) -> None:
    """A file whose `sheet-id = "…"` is not the key's is refused before it is marked (SpecError): checked
    against another sheet's key — another seed of the same spec — a careful student was marked 16 of 48
    with slips named that were never made.  A file without it (written by hand, older) is marked."""
    from .check import SHEET_KEY, in_file, sheet_text

    try:
        sheet = sheet_text(raw.get(SHEET_KEY))
    except SpecError as error:
        raise in_file(error, display_path(path)) from None
    if sheet is not None and key.sheet is not None and sheet != key.sheet:
        raise SpecError(f"{display_path(path)}: {SHEET_KEY}", message("input.other_sheet", sheet=sheet, key=key.shown,
                                                                      key_sheet=key.sheet))


def _variant(raw: dict, requested: str | None, path: Path) -> str:
    from .check import VARIANT_KEY, in_file, is_key, meta_text

    if is_key(raw):  # (a worksheet's answers.json given as answers: that, not its variant, is what is wrong)
        raise SpecError(display_path(path), message("input.key_as_answers", key=display_path(path)))
    try:
        named = meta_text(VARIANT_KEY, raw[VARIANT_KEY]) if VARIANT_KEY in raw else None
    except SpecError as error:  # `variant = true` in one answers file: the file named too
        raise in_file(error, display_path(path)) from None
    # --variant over the file's own: the marker's word counts (a student who wrote the wrong number is
    # re-marked as the variant worked, the file left as handed in; Submission.named says so)
    chosen = requested or named
    if chosen is None:
        from .check import nothing_given

        if nothing_given(raw):  # a blank copy of the template: that, not the variant, is what is missing
            raise SpecError(display_path(path), message("input.nothing_given"))
        from .key_sniff import refuse_other_file

        refuse_other_file(display_path(path), None, raw, "answers")  # a spec, derive's JSON key: named
        raise SpecError(f"{display_path(path)}: {VARIANT_KEY}", message("input.which_variant", option=option("variant")))
    return chosen


def submission_files(folder: Path, key: Key | None = None) -> tuple[list[Path], list[Path], list[Path], list[Path],
                                                                  list[Path]]:
    """(answers files to mark, other entries skipped, folders not read, hidden entries not read, the
    worksheet's own files not marked) of a class folder, in name order; OWN_FILES are left out, and
    the key itself, a copy of the key or the sheet's blank answers-template.toml (students' files
    put into the worksheet's folder) is the sheet's own (`sheet_own`), not a file that failed.  A
    subfolder or a hidden name (.h3.toml, .hidden/, .git) is not read: its files are not marked, and
    the command says so (an instructor must not take 38 marked for 40).  A folder with no answers
    file to mark is a SpecError (exit 2, nothing written)."""
    if not folder.is_dir():
        raise SpecError(display_path(folder), "not a folder")
    from .inputs import is_stdin

    the_key = os.path.realpath(key.path) if key is not None and not is_stdin(key.path) else None
    listed = sorted((p for p in folder.iterdir() if p.name not in OWN_FILES), key=natural_order)
    key_here = [p for p in listed if the_key is not None and os.path.realpath(p) == the_key]  # (named as the sheet's)
    entries = [p for p in listed if p not in key_here]
    hidden = [p for p in entries if p.name.startswith(".")]
    entries = [p for p in entries if p not in hidden]
    folders = [p for p in entries if p.is_dir()]
    marked = [p for p in entries if p not in folders and p.suffix.lower() in SUBMISSION_SUFFIXES]  # a FIFO: its row says so
    own = [p for p in marked if sheet_own(p, key)]
    marked = [p for p in marked if p not in own]
    own = sorted(key_here + own, key=natural_order)
    if not marked:
        unread = f" (its folders are not read: {', '.join(p.name + '/' for p in folders[:5])}{', …' if len(folders) > 5 else ''})"
        raise SpecError(display_path(folder), f"no answers file (.toml or .json) to mark{unread if folders else ''}")
    return marked, [p for p in entries if p not in marked and p not in folders and p not in own], folders, hidden, own


def sheet_own(path: Path, key: Key | None) -> bool:
    """Whether an answers folder's file is the worksheet's own, not a student's: a copy of the key
    (the same JSON, saved again with other line endings or spacing too; another worksheet's key, a
    copy edited, a student's file are not), or the blank answers template under its own name (no
    student, every value "")."""
    from .check import STUDENT_KEY, meta_text, nothing_given, read_answers_file
    from .worksheet_files import FILES

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or a device is never opened here
            return False
        if path.name == FILES["template"]:
            raw = read_answers_file(path)
            return nothing_given(raw) and not meta_text(STUDENT_KEY, raw.get(STUDENT_KEY, ""))
        return key is not None and path.suffix.lower() == ".json" and _copy_of(path, key)
    except (OSError, SpecError):  # not the sheet's own: marked, and its row says what is wrong with it
        return False


def _copy_of(path: Path, key: Key) -> bool:
    """Whether a JSON file holds the key's own JSON: about as long (a copy saved again), its seal in it
    (where the key has one), and, read, the key's data — or, the key read from stdin and not at hand
    again, a key's fields with its seal (quick to refuse: a large file, one without the seal, is not read)."""
    from .inputs import is_stdin, parse_json, read_text
    from .key_file import MAX_KEY_BYTES

    if not 0.3 * key.size - 4096 <= os.path.getsize(path) <= 1.5 * key.size + 4096:  # (compact or spaced)
        return False
    text = read_text(path, "json_file", MAX_KEY_BYTES)
    if key.seal is not None and key.seal not in text:
        return False
    data = parse_json(text, str(path))
    if is_stdin(key.path):
        return key.seal is not None and isinstance(data, dict) and data.get("seal") == key.seal and "variants" in data
    return data == parse_json(read_text(key.path, "json_file", MAX_KEY_BYTES), str(key.path))


def natural_order(path: Path) -> tuple:
    """A file's place in a class listing, much as `ls -v` lists them: the name before its extension first
    (dotted.toml before dotted2.toml, answers.json before answers-template.toml), compared character by
    character, a run of digits by its value (s1, s2, s10, not s1, s10, s2; s1 before s01)."""
    def key(text: str) -> list:
        return [(ord("0"), int(run), len(run)) if run.isdecimal() else (ord(run),) for run in re.findall(r"\d+|\D", text)]

    return key(path.stem), key(path.suffix), path.name


def mark_class(key: Key, marked: list[Path], rule, carry: bool = True) -> list[Submission]:
    """Every answers file of a folder (`marked`: submission_files' first list) marked; a file that
    cannot be marked keeps its error."""
    from .i18n import current
    from .time_budget import MARKING_SHARE, ShareSpent, share

    results = []
    try:
        with share(MARKING_SHARE):  # a few slow files must not leave the class without grades
            for path in marked:
                try:
                    _inside_its_folder(path)
                except SpecError as error:  # (nothing read from it, not even its student's name)
                    results.append(Submission(path, error=_file_error(path, error)))
                    continue
                try:
                    results.append(mark_submission(key, path, rule, carry, alone=False))
                except SymbpError as error:  # bad input, or a variant whose verification failed
                    results.append(Submission(path, *_named_in(path), error=_file_error(path, error)))
    except ShareSpent as spent:  # the files not reached are listed as not marked, and why
        done = len(results)
        why = current().message("grades.not_reached", done=done, total=len(marked), seconds=f"{spent.seconds:.0f}",
                                share=f"{MARKING_SHARE * 100:.0f}")
        # (not read again: the file the time ran out on may be one that takes long to read)
        results += [Submission(path, error=f"{display_path(path)}: {why}", unreached=True) for path in marked[done:]]
    return results


def _inside_its_folder(path: Path) -> None:
    """A class folder's entry that is a link to a file elsewhere is not read (SpecError): a student's link
    to the instructor's files would be marked, and its numbers or its text quoted in a report."""
    from .nofollow import inside

    if path.is_symlink() and inside(path.parent, path) is None:
        raise SpecError(display_path(path), message("input.link_outside", target=display_path(os.path.realpath(path))))


def _file_error(path: Path, error) -> str:
    """The error of a file not marked, always beginning with the file (`class/ada.toml: z_2^1: …`),
    whether it was found reading the file or a number in it."""
    text, shown = str(error), display_path(path)
    return text if text.startswith(f"{shown}: ") else f"{shown}: {text}"


def _without_path(path: Path, error: str | None) -> str | None:
    """The reason a file was not marked, for the summary (control characters shown escaped)."""
    if error is None:
        return None
    shown = f"{display_path(path)}: "
    return display_path(error[len(shown):] if error.startswith(shown) else error)


def _named_in(path: Path) -> tuple[str | None, str | None]:
    """The `student` and the `variant` a file names, each where it can be read (for the row of a file
    not marked: a variant that is not the key's, a file with a bad number, still shows its variant)."""
    from .check import STUDENT_KEY, VARIANT_KEY, meta_text, read_answers_file

    try:
        raw = read_answers_file(path)
    except SpecError:
        return None, None

    def named(key: str) -> str | None:
        try:
            return meta_text(key, raw.get(key, "")) or None
        except SpecError:
            return None
    return named(STUDENT_KEY), named(VARIANT_KEY)


def summary_rows(results: list[Submission]) -> list[dict]:
    """A row per file for the terminal: file, student, variant, points, counts, error (and `reason`:
    the error after the file's path, which the row already names; `fits`: the variant its numbers
    fit far better, variant_fit.py; `not_read`: the names of numbers written that symbp cannot read;
    `same_as`: the other files of its student and variant; `one_number`: grading.one_number)."""
    rows = []
    for r in results:
        row = {"file": display_path(r.path.name), "student": r.student or "", "variant": r.variant or "",
               "error": r.error, "reason": _without_path(r.path, r.error),
               "fits": r.fits.variant if r.fits is not None else None,
               "not_read": list(getattr(r.marking.answers, "unread", {})) if r.marking is not None else [],
               "one_number": one_number(r.marking)}
        if r.marking is not None:
            row.update(points=_number(r.marking.earned), possible=_number(r.marking.possible), **r.marking.counts,
                       not_asked=len(r.marking.not_asked))
        rows.append(row)
    for row, others in zip(rows, same_student(results)):
        row["same_as"] = others
    return rows


def same_student(results: list[Submission]) -> list[list[str]]:
    """Per file, the other marked files of the same student (by name, case and spacing aside) and
    variant: two hand-ins of one student, or two students who gave one name, flagged in the listing."""
    def who(r):
        return (" ".join(r.student.casefold().split()), r.variant) if r.marking is not None and r.student else None

    found: dict = {}
    for r in results:
        if who(r) is not None:
            found.setdefault(who(r), []).append(display_path(r.path.name))
    return [[f for f in found[who(r)] if f != display_path(r.path.name)] if who(r) is not None else []
            for r in results]


def grades_csv(results: list[Submission]) -> str:
    """A row per file: who, which variant, points, counts, the error if any, what the listing flags
    (`flags`: the numbers fit another variant, another file of the same student and variant), a
    status per quantity (column names, flags and statuses in the current locale's words, grades.*;
    ";" and a decimal comma where the locale writes one); a cell that would begin a formula begins
    with ' (csv_cells.py)."""
    from .csv_cells import Writer
    from .i18n import current
    from .key_file import shown_places

    names: dict[str, None] = {}
    order: dict[str, int] = {}
    for r in results:
        if r.marking is not None:
            order = order or shown_places(r.marking.kind, r.marking.solution)
            names.update((m.name, None) for m in r.marking.marks.values() if m.asked and (m.points or m.written is not None))
    names = dict.fromkeys(sorted(names, key=lambda n: order.get(n, len(order))))
    locale = current()
    out = io.StringIO()
    writer = Writer(out, delimiter=locale.csv_delimiter, lineterminator="\n")  # a name =HYPERLINK(…) as text
    writer.writerow([locale.message(f"grades.{column}") for column in CSV_SUMMARY] + list(names))
    for r, others in zip(results, same_student(results)):
        row = {"file": display_path(r.path.name), "student": r.student or "", "variant": r.variant or "",
               "error": r.error or "", "flags": locale.message("grades.flag_separator").join(flags(r, others))}
        statuses = {}
        if r.marking is not None:
            m = r.marking
            row.update({"points": locale.number(_number(m.earned)), "possible": locale.number(_number(m.possible)),
                        **m.counts, "not_asked": len(m.not_asked)})
            statuses = {name: locale.message(f"grades.{mark.status}") for name, mark in m.marks.items() if mark.asked}
        writer.writerow([row.get(column, "") for column in CSV_SUMMARY] + [statuses.get(n, "") for n in names])
    return out.getvalue()


ONE_NUMBER_SHARE = Fraction(3, 4)  # of the numbers written, at least 8, one number: the file is flagged
ONE_NUMBER_LEAST = 8


def one_number(marking) -> tuple[str, int, int] | None:
    """(the number, how many times, of how many numbers written) where one number is at least
    ONE_NUMBER_SHARE of a file's at least ONE_NUMBER_LEAST numbers and the file earns carried credit:
    every box 0 earned 29 of 48 points (z = 0 makes ReLU' = 0, and all after it follows) — marked as
    the rules say, flagged for a look (stop 67's hostile tester)."""
    from collections import Counter

    values = getattr(marking.answers, "values", {}) if marking is not None else {}
    if len(values) < ONE_NUMBER_LEAST or not marking.counts.get("carried"):
        return None
    (value, times), = Counter(written.value for written in values.values()).most_common(1)
    if times < ONE_NUMBER_SHARE * len(values):
        return None
    text = next(written.text for written in values.values() if written.value == value)
    return text, times, len(values)


def flags(result: Submission, same_as: list[str]) -> list[str]:
    """What the listing flags on a marked file, in the current locale's words (grades.flag_*): its
    numbers fit another variant far better; numbers written that symbp cannot read (marked as not
    given); one number written throughout (`one_number`); other files of the same student and variant."""
    from .i18n import message

    said = [message("grades.flag_fits", fits=result.fits.variant)] if result.fits is not None else []
    unread = getattr(result.marking.answers, "unread", None) if result.marking is not None else None
    said += [message("grades.flag_not_read", names=", ".join(unread))] if unread else []
    same = one_number(result.marking)
    said += [message("grades.flag_one_number", number=same[0], times=same[1], of=same[2])] if same else []
    return said + ([message("grades.flag_same_student", files=", ".join(same_as))] if same_as else [])


def points_summary(results: list[Submission]) -> dict | None:
    """The class's points for the listing's last line: how many files were marked, the mean (its text
    and whether it is rounded: "≈" then), the median, the lowest and highest, of the points possible;
    None for fewer than two marked files or files of different points possible (no one scale)."""
    from fractions import Fraction
    from statistics import median

    from .numbers import format_decimal

    marked = [r.marking for r in results if r.marking is not None]
    if len(marked) < 2 or len({m.possible for m in marked}) != 1:
        return None
    earned = sorted(Fraction(m.earned) for m in marked)
    mean = format_decimal(sum(earned) / len(earned), 4)
    middle = format_decimal(Fraction(median(earned)), 4)
    return {"n": len(earned), "mean": mean.text, "mean_rounded": mean.rounded, "median": middle.text,
            "median_rounded": middle.rounded, "lowest": _number(earned[0]), "highest": _number(earned[-1]),
            "possible": _number(marked[0].possible)}


def _number(value) -> str:
    from .numbers import format_decimal

    return format_decimal(value, 6).text


def report_names(results: list[Submission], extension: str) -> dict:
    """A report file name per marked submission: the file's stem; its full name when two share a
    stem; and a number after it when two full names differ only in case.  Names are compared as a
    case-insensitive disk (macOS, Windows, a USB stick) compares them: ada.toml and Ada.json would
    otherwise write ada.txt and Ada.txt, one file there, one student's report lost."""
    stems = [r.path.stem.casefold() for r in results]
    taken: set = set()
    names = {}
    for r in results:
        if r.marking is None:
            continue
        base = report_bases(r.path)[0 if stems.count(r.path.stem.casefold()) == 1 else 1]
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            name = f"{base}-{n}"
        taken.add(name.casefold())
        names[r.path] = name + extension
    return names


def report_bases(path: Path) -> tuple[str, str]:
    """The two names a submission's report may have, before its extension: the file's stem, and
    its full name with '-' for '.' (when two files share a stem)."""
    return path.stem, path.name.replace(".", "-")


def check_targets(files, key: Key, results: list[Submission], folder: Path | None = None, also=()) -> None:
    """No report may be written over an answers file being marked or the key (`--out` the class's
    own folder, a student's `ada.json` and its JSON report), nor as an answers file into the
    class's `folder` (the next run would mark a JSON report as a student's), nor — it or `also`
    (the record, the PDFs) — through a link in the class's folder (a student's `ada.txt` linking to
    a file of yours would have it replaced by the report): OutputError naming it, nothing written."""
    read = {os.path.realpath(path) for path in (key.path, *(r.path for r in results))}
    marked = os.path.realpath(folder) if folder is not None else None
    for target in (*files, *also):
        parent = os.path.realpath(Path(target).parent)  # (the class's folder or one inside it: students may write there)
        if marked is not None and os.path.islink(target) and (parent == marked or parent.startswith(marked + os.sep)):
            raise OutputError(display_path(target), "is a link in the class's own folder; a report written through "
                                                    "it would replace the file it links to: remove the link, or "
                                                    f"choose another {option('out')}")
    for target in files:
        if os.path.realpath(target) in read:
            raise OutputError(display_path(target), "is an answers file or the key this run reads; the report "
                                                    f"would replace it: choose another {option('out')}")
        if (marked is not None and Path(target).suffix in SUBMISSION_SUFFIXES
                and os.path.realpath(Path(target).parent) == marked):
            raise OutputError(display_path(target), "would lie among the answers files it reports on, and the "
                                                    f"next run would mark it as a student's: choose another {option('out')}")


def stale_reports(out: Path, results: list[Submission], suffixes) -> list[Path]:
    """The reports an earlier run wrote into `out` for a file that this run could not mark (any
    format, under either name `report_names` gives): left, they would pass for this run's.  Not of
    a file the run did not reach in its time: an earlier run's marks of it are kept, not destroyed."""
    read = {os.path.realpath(r.path) for r in results}  # an answers file is never one (--out the class's folder)
    found = []
    for r in results:
        if r.marking is None and not r.unreached:  # (a file not reached in time keeps them: it was not marked wrong)
            for base in dict.fromkeys(report_bases(r.path)):
                found += [path for path in (out / (base + suffix) for suffix in suffixes)
                          if path.is_file() and not path.is_symlink() and os.path.realpath(path) not in read]
    return found
