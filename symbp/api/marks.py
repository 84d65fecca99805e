"""Marked answers of the public API: `CheckReport` (one answer), `ClassReport` (a folder), `AnswerKey`.

In:  a `marking.Marking` (or a class's `grading.Submission`s), the report's digits and templates.
Out: points and statuses as data, the report as text, JSON or LaTeX (`check_report.render_report`),
     files (`save`, LaTeX compiled with `render.pdf`), and in Jupyter a table coloured by status
     that also reads in black and white: every status is written out with its own sign
     (templates/html/check-report.html.jinja, templates/html/check-class.html.jinja).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import SymbpError
from ..i18n import localized

REPORT_EXTENSIONS = {"txt": "text", "text": "text", "json": "json", "tex": "tex"}
REPORT_SUFFIX = {"text": ".txt", "json": ".json", "tex": ".tex"}
SUMMARY_COLUMN = (20, 32)  # the class summary's file and student columns: at least, at most (terminal columns)


class AnswerKey:
    """A worksheet's answers.json (from `symbp.load_key`): its variants, to mark answers against."""

    def __init__(self, key):
        self._key = key

    @property
    def path(self) -> Path:
        return self._key.path

    @property
    def variant_ids(self) -> list[str]:
        return list(self._key.variants)

    @property
    def locale(self) -> str | None:
        """The worksheet's language, as answers.json records it (None: English)."""
        return self._key.locale

    def __repr__(self) -> str:
        return f"<symbp.AnswerKey {self._key.path.name!r}: variants {self._key.ids_text()}>"


class CheckReport:
    """One marked answer.  points/possible: the points earned and possible; statuses: {name:
    "correct" | "carried" | "too_few_digits" | "wrong" | "missing"}; marks: per quantity what was
    given, expected, carried forward, the diagnosis (the JSON report's "quantities")."""

    def __init__(self, marking, digits: int, templates=None, key: str | None = None, locale: str = "en",
                 title: str | None = None, fits=None, same_as=()):
        self._marking, self.digits, self.templates, self._key_name = marking, digits, templates, key
        self.locale = locale  # the language of the report (i18n.py)
        self._title = title  # the sheet's title (a key's), where not the spec's
        self._fits = fits  # variant_fit.Fit: the numbers fit another variant far better
        self.file_variant: str | None = None  # the variant the answers name, where check's `variant` marked them as another
        self.same_student_as = list(same_as)  # in a class: the other files of the same student and variant

    @property
    def fits_variant(self) -> str | None:
        """The variant the numbers fit far better than the one marked (the report says so), or None."""
        return self._fits.variant if self._fits is not None else None

    @property
    def points(self) -> float:
        return float(self._marking.earned)

    @property
    def possible(self) -> float:
        return float(self._marking.possible)

    @property
    def statuses(self) -> dict[str, str]:
        return {name: m.status for name, m in self._marking.marks.items()}

    @property
    def marks(self) -> dict[str, dict]:
        return json.loads(self.to_json())["quantities"]

    @property
    def failed(self) -> bool:
        """A value is wrong or has too few digits (with carry off: also a carried value)."""
        return self._marking.failed

    @property
    def exit_code(self) -> int:
        """`symbp check`'s exit code: 0 every given value is right or carried, 1 otherwise."""
        return self._marking.exit_code

    @localized
    def to(self, fmt: str) -> str:
        """The report as "text", "json" or "tex" (a LaTeX document)."""
        from ..check_report import REPORT_TEMPLATES, render_report
        from ..errors import SpecError

        if fmt not in (*REPORT_TEMPLATES, "json"):
            raise SpecError("format", f"unknown report format {fmt!r}; expected one of: text, json, tex")
        return render_report(self._marking, fmt, self.digits, self.templates, key=self._key_name, title=self._title,
                             fits=self._fits, same_as=self.same_student_as)

    def to_text(self) -> str:
        return self.to("text")

    def to_json(self) -> str:
        return self.to("json")

    def to_latex(self) -> str:
        return self.to("tex")

    def save(self, path: str | Path, format: str | None = None, pdf: bool = False) -> list[Path]:
        """Write the report (format from the extension: .txt, .json, .tex; "r.pdf" writes r.tex
        and compiles it into r.pdf).  Returns the paths written."""
        from .files import save

        return save(self, path, format, pdf, REPORT_EXTENSIONS)

    @localized
    def _repr_html_(self) -> str:
        from ..check_report import report_context
        from ..render.templates import render_template

        context = report_context(self._marking, self.digits, "text", self._key_name, self._title, self._fits)
        return render_template("html/check-report.html.jinja", self.templates, **context)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/html": self._repr_html_(), "text/plain": self.to_text()}

    def __repr__(self) -> str:
        return f"<symbp.CheckReport: {self.points:g} of {self.possible:g} points>"


class ClassReport:
    """A class marked against a worksheet's key: per answers file its student, variant and
    `CheckReport`, or the error that stopped it.  `save(folder)` writes grades.csv and a report
    per student; `summary()` is what `symbp check --key … FOLDER` prints."""

    def __init__(self, results, skipped: list[str], key: AnswerKey, rule, folder: Path, templates=None,
                 locale: str = "en", folders: list[str] = (), hidden: list[str] = (), own: list[str] = ()):
        self._results, self.skipped, self.key, self._rule, self.folder = results, skipped, key, rule, folder
        self.folders = list(folders)  # subfolders of the answers folder, not read (their files are not marked)
        self.hidden = list(hidden)  # hidden entries of the answers folder (.h3.toml, .hidden/), not read
        self.own = list(own)  # the worksheet's own files there (the key or a copy of it, the blank template), not marked
        self.templates = templates
        self.locale = locale  # the language of the reports, grades.csv and the summary (i18n.py)
        self.latex_failures: list = []  # the LaTeX errors of the last save(pdf=True), each naming its answers file
        self.report_failures: list = []  # the last save's reports that could not be made (ReportFailed), not written
        self.removed: list[Path] = []  # the last save's removed reports of an earlier run (of files not marked now)
        self._saved_to: Path | None = None

    @property
    def reports(self) -> dict[str, CheckReport]:
        """File name -> its report (files that could be marked)."""
        from ..grading import same_student

        return {r.path.name: CheckReport(r.marking, self._rule.digits, self.templates, key=self.key._key.shown,
                                         locale=self.locale, title=self.key._key.title, fits=r.fits, same_as=others)
                for r, others in zip(self._results, same_student(self._results)) if r.marking is not None}

    @property
    def errors(self) -> dict[str, str]:
        """File name -> why it could not be marked."""
        return {r.path.name: r.error for r in self._results if r.error}

    def rows(self) -> list[dict]:
        """A row per file: file, student, variant, points, possible, the count of each status, error."""
        from ..grading import summary_rows

        return summary_rows(self._results)

    @localized
    def grades_csv(self) -> str:
        from ..grading import grades_csv

        return grades_csv(self._results)

    @property
    def exit_code(self) -> int:
        """2 a file could not be marked; else a report's error's (5: a PDF failed); else 1 a value is
        wrong (or a number written cannot be read); else 0."""
        if self.errors:
            return 2
        failures = self.report_failures + self.latex_failures
        if failures:
            return failures[0].exit_code
        return 1 if any(r.marking.exit_code for r in self._results) else 0

    @localized
    def out_folder(self, folder: str | Path | None = None) -> Path:
        """The folder `save(folder)` writes into (default output/<answers folder>-marked)."""
        return Path(folder) if folder is not None else Path("output") / f"{self.folder.resolve().name}-marked"

    def save(self, folder: str | Path | None = None, format: str = "text", pdf: bool = False) -> list[Path]:
        """Write grades.csv (UTF-8 with a byte order mark, for Excel) and a report per marked file (format "text", "json" or "tex"; pdf:
        LaTeX reports compiled beside their .tex, two at a time) into `folder` (default
        output/<answers folder>-marked).  A PDF that fails keeps its .tex: its error is in
        `latex_failures`; a report that cannot be made is not written, its error in
        `report_failures` (each names its answers file; the other reports are written).  An earlier run's reports of a file not marked now are removed
        (`removed`: only files the folder's .symbp-reports lists, still as written); no report
        replaces an answers file, the key, or a file that record does not list (OutputError, before
        anything is written).  Returns the paths written."""
        from ..errors import SpecError
        from ..grading import GRADES_BOM, check_targets, report_names, stale_reports
        from ..output import Batch

        if pdf:
            if format not in ("text", "tex"):
                raise SpecError("format", "a PDF needs the LaTeX format (tex)")
            from .files import require_tex

            require_tex()  # without TeX, say what to install before any work is done
            format = "tex"
        if format not in REPORT_SUFFIX:
            raise SpecError("format", f"unknown report format {format!r}; expected one of: text, json, tex")
        out = self.out_folder(folder)
        names = report_names(self._results, REPORT_SUFFIX[format])
        reports = self.reports
        files = {out / "grades.csv": GRADES_BOM + self.grades_csv()}  # the file for Excel; grades_csv() the text
        self.report_failures = []  # e.g. a course's template that fails on one student's report
        for r in self._results:
            if r.marking is not None:
                try:
                    files[out / names[r.path]] = reports[r.path.name].to(format)
                except SymbpError as error:  # one student's report: named, the others written
                    self.report_failures.append(ReportFailed(r.path, error))
                    del names[r.path]
        from ..export_record import REPORTS

        pdfs = [out / Path(n).with_suffix(".pdf") for n in names.values()] if pdf else []
        check_targets(files, self.key._key, self._results, self.folder, also=[out / REPORTS, *pdfs])
        recorded, exact = _earlier_reports(out)
        _refuse_foreign(out, names, pdfs, recorded)  # a student's worksheet.toml: no report over your worksheet.tex
        self.removed = [path for path in stale_reports(out, self._results, (*REPORT_SUFFIX.values(), ".pdf"))
                        if _wrote(path, exact)]  # (a file no earlier save wrote, exactly so, stays)
        with Batch() as batch:  # all or nothing: the new files in, an unmarked file's earlier reports out
            for path, data in files.items():
                batch.stage(path, data)
            for path in self.removed:
                batch.remove(path)
            for path in pdfs:  # compiled again below: an old one must not outlive a run stopped while pdflatex runs
                if path.is_file() and not path.is_symlink() and path not in self.removed:
                    batch.remove(path)
            self._record_reports(out, batch, files, names)
            batch.commit()
        self.latex_failures = _compile_all(out, names) if pdf else []
        self._saved_to = out
        written = list(files)
        if pdf:
            written += [p for p in (out / Path(n).with_suffix(".pdf") for n in names.values()) if p.exists()]
        return written

    def _record_reports(self, out: Path, batch, files: dict, names: dict) -> None:
        """The reports an earlier save wrote into `out` (recorded in REPORTS, still the bytes it
        wrote) for an answers file that is no longer in the folder are removed with their PDFs
        and named (`removed`): left, they would pass for this run's.  The record then holds this
        save's files and the earlier reports kept (of students still there, in another format)."""
        import os

        from ..export_record import REPORTS, earlier, record_text
        from ..grading import report_bases

        written = {os.path.realpath(path) for path in files}
        going = {os.path.realpath(path) for path in self.removed}
        present = {Path(name).stem for name in names.values()} | {  # this save's names (an unmarked file's: stale_reports)
            base for r in self._results if r.marking is None for base in report_bases(r.path)}
        found, _ = earlier(out, REPORTS)
        kept = {}
        for old in found:
            where = os.path.realpath(old.path)
            if where in written or where in going:
                continue
            if len(old.parts) == 1 and old.path.name != "grades.csv" and old.path.stem not in present:
                batch.remove(old.path, expect=(out, old.parts, old.identity), then=self.removed.append)
                pdf = old.path.with_suffix(".pdf")
                if old.path.suffix == ".tex" and pdf.is_file() and not pdf.is_symlink():
                    self.removed.append(pdf)  # compiled from it beside it
                    batch.remove(pdf)
            else:
                kept[old.path] = old.path
        text = record_text(out, {**batch.staged, **kept}, REPORTS)
        if text is not None:
            batch.stage(out / REPORTS, text)

    @localized
    def summary(self, pdf: bool = False) -> str:
        """What `symbp check --key … FOLDER` prints: a line per file and where the files went."""
        from ..grading import points_summary
        from ..inputs import display_path
        from ..render.templates import render_template
        from ..text_width import column_width

        out = self._saved_to or self.out_folder()
        rows = self.rows()
        widths = {column: column_width((row[column] for row in rows), *SUMMARY_COLUMN) for column in ("file", "student")}
        return render_template("text/check-class.txt.jinja", self.templates, rows=rows, widths=widths, skipped=self.skipped,
                               folders=self.folders, hidden=self.hidden, own=self.own, folder=display_path(self.folder),
                               out_dir=display_path(out),
                               latex_failures=len(self.latex_failures), report_failures=len(self.report_failures),
                               pdf=pdf, points=points_summary(self._results))

    @localized
    def _repr_html_(self) -> str:
        from ..render.templates import render_template

        return render_template("html/check-class.html.jinja", self.templates, rows=self.rows(), skipped=self.skipped,
                               own=self.own, hidden=self.hidden, folders=self.folders, folder=str(self.folder))

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/html": self._repr_html_(), "text/plain": repr(self)}

    def __repr__(self) -> str:
        return f"<symbp.ClassReport: {len(self._results)} answers files, {len(self.errors)} not marked>"


def _earlier_reports(out: Path) -> tuple[set, set]:
    """(the real paths of the files `out`'s .symbp-reports lists that are still regular files there,
    written by an earlier save — a record this user sealed, or any where no secret seals; those of them
    still exactly as it wrote them, by a record this user sealed: what a save may remove)."""
    import os

    from ..export_record import REPORTS, earlier, sealing

    found, changed = earlier(out, REPORTS, unsealed=True)  # (where no secret seals: replaced, never removed)
    exact = {os.path.realpath(old.path) for old in found} if found and sealing() else set()
    return {os.path.realpath(path) for path in [*(old.path for old in found), *changed]}, exact


def _wrote(path: Path, recorded: set) -> bool:
    """Whether `path` is a report an earlier save wrote (its real path in `recorded`), or the PDF
    compiled beside one (pdflatex's output is not recorded: it is made after the record)."""
    import os

    return os.path.realpath(path) in recorded or (
        path.suffix == ".pdf" and os.path.realpath(path.with_suffix(".tex")) in recorded)


def _refuse_foreign(out: Path, names: dict, pdfs: list, recorded: set) -> None:
    """OutputError, before anything is written, for a report (or its PDF) whose name is taken in
    `out` by a file that is not a report an earlier save wrote there (.symbp-reports does not list
    it): a student's worksheet.toml must not have its report replace the instructor's worksheet.tex.
    (grades.csv is symbp's own name there, replaced by every save.)"""
    import os

    from ..errors import OutputError
    from ..export_record import REPORTS
    from ..inputs import display_path
    from ..option_words import option

    pdf_of = {Path(name).with_suffix(".pdf").name: answers for answers, name in names.items()}
    targets = [(out / name, answers) for answers, name in names.items()]
    targets += [(path, pdf_of[path.name]) for path in pdfs if path.name in pdf_of]
    for path, answers in targets:
        if os.path.lexists(path) and not _wrote(path, recorded):
            raise OutputError(display_path(path), f"is not a report of an earlier run ({display_path(out / REPORTS)} does not "
                                                  f"list it), and the report of {display_path(answers)} would replace it: "
                                                  f"move it away, or choose another {option('out')}")


def _compile_all(out_dir: Path, names: dict) -> list:
    """Each report's PDF next to its .tex, two at a time (`names`: answers file -> its report's
    name); the LaTeX errors, each naming the answers file (the others compile)."""
    from concurrent.futures import ThreadPoolExecutor

    from ..render.pdf import LatexError, compile_pdf

    def compile_one(item):
        answers, name = item
        tex_path = out_dir / name
        try:
            compile_pdf(tex_path.read_text(encoding="utf-8"), tex_path.with_suffix(".pdf"))
        except SymbpError as error:
            if isinstance(error, LatexError):  # an earlier run's PDF is not this .tex's
                tex_path.with_suffix(".pdf").unlink(missing_ok=True)
            return ReportFailed(answers, error, "PDF")
        return None

    with ThreadPoolExecutor(max_workers=2) as pool:
        return [e for e in pool.map(compile_one, names.items()) if e is not None]


class ReportFailed(SymbpError):
    """One student's report, or its PDF, could not be made: the message names the answers file; the
    exit code is the error's (5 for LaTeX)."""

    def __init__(self, answers: Path, error: SymbpError, what: str = "report"):
        from ..inputs import display_path

        self.answers, self.error, self.exit_code = answers, error, error.exit_code
        kept = " (its .tex is kept)" if what == "PDF" else ""
        super().__init__(f"{display_path(answers)}: its {what} was not made{kept}: {error}")
