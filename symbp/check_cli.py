"""`symbp check`: mark one hand-worked solution, or a whole class.  Only click at module level."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_types import FiniteFloatRange

CHECK_FORMATS = ["text", "json", "tex"]
_BY_EXTENSION = {"txt": "text", "text": "text", "json": "json", "tex": "tex"}
REPORT_EXTENSIONS = {"text": ".txt", "json": ".json", "tex": ".tex"}


@click.command()
@click.argument("paths", nargs=-1, metavar="[SPEC] ANSWERS|FOLDER", type=click.Path(path_type=Path))
@click.option("--key", "key_path", type=click.Path(dir_okay=False, path_type=Path),
              help="A worksheet's answers.json to mark against (instead of a SPEC): each answers file "
                   "names its variant with `variant = 3`.")
@click.option("--variant", metavar="ID", help="With --key and one answers file: the variant it answers "
                                              "(if the file does not say).")
@click.option("-f", "--format", "fmt", type=click.Choice(CHECK_FORMATS),
              help="text: report for the terminal (default); json: per-quantity marks; "
                   "tex: the report as a LaTeX document.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE instead of stdout (format from its extension; FILE.pdf compiles it).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Marking a FOLDER: where grades.csv and the reports go (default: output/<FOLDER>-marked).")
@click.option("--digits", type=click.IntRange(1, 15),
              help="Significant digits the sheet asks for (default: the key's, else 4); also the digits "
                   "of expected values shown.")
@click.option("--min-digits", type=click.IntRange(0, 15),
              help="Significant digits a rounded value must show to count as right (default: --digits − 1).")
@click.option("--rel-tol", type=FiniteFloatRange(0, 1, min_open=True), metavar="X",
              help="Also accept a number within this relative tolerance of the expected value "
                   "(e.g. 0.01 for 1%).")
@click.option("--no-carry", is_flag=True,
              help="No credit for values carried forward from an earlier wrong value (they count as errors).")
@click.option("--pdf", is_flag=True, help="Compile the LaTeX report into a PDF (needs pdflatex).")
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder of templates that override the built-in ones by name.")
@click.pass_context
def check(ctx, paths, key_path, variant, fmt, output, out_dir, digits, min_digits, rel_tol, no_carry, pdf,
          templates_dir):
    """Mark hand-worked solutions, with error carried forward.

    \b
      symbp check SPEC ANSWERS                          one answers file against a spec
      symbp check --key answers.json [--variant ID] ANSWERS   one file against a worksheet's key
      symbp check --key answers.json FOLDER             a whole class: grades.csv + a report each

    ANSWERS is a TOML (or JSON) file of quantity names and the numbers worked out, e.g.
    "z_2^1" = 1.9, optionally with student = "…" and variant = 3 (a [points] table gives points
    per quantity, default 1; not in a class's files).  `symbp derive SPEC --format
    answers-template` prints a blank one, `symbp worksheet` writes answers-template.toml.

    A number is right when it is exactly the value, or the value rounded at the precision it is
    written with and showing at least --min-digits significant digits (0.298 and 0.2984 for
    0.29837, not 0.3); a value worked out from the answer's own earlier numbers may be one unit
    of its last digit off.  Each value is correct, carried (follows from the answer's own earlier
    wrong numbers), too_few_digits (no points), wrong, or missing.

    Exit code: 0 every given value is correct or carried; 1 a value is wrong or has too few
    digits (in a class: in any file); 2 bad input (in a class: a file could not be marked, the
    others are); 4 pdflatex is missing; 5 LaTeX failed (the .tex is kept).

    \b
    Examples:
      symbp derive examples/nn231.toml --format answers-template > my-answers.toml
      symbp check examples/nn231.toml examples/nn231-reference-answers.toml
      symbp check net.toml answers.toml --format json --rel-tol 0.01
      symbp check --key week5/answers.json --variant 3 ada.toml --pdf -o ada.pdf
      symbp check --key week5/answers.json submissions/ --out marked/
    """
    from .errors import SymbpError

    try:
        code = _check(paths, key_path, variant, fmt, output, out_dir, digits, min_digits, rel_tol, no_carry, pdf,
                      templates_dir)
    except SymbpError as error:
        from .cli import fail

        fail(error)
    ctx.exit(code)


def _rule(digits, min_digits, rel_tol):
    from fractions import Fraction

    from .agreement import Rule

    return Rule(digits, min_digits, Fraction(str(rel_tol)) if rel_tol is not None else None)


def _check(paths, key_path, variant, fmt, output, out_dir, digits, min_digits, rel_tol, no_carry, pdf,
           templates_dir) -> int:
    from .cli import emit, output_format, pdf_request

    expected = 1 if key_path else 2
    if len(paths) != expected:
        raise click.UsageError("give SPEC and ANSWERS, or --key answers.json and ANSWERS or FOLDER")
    if key_path is None and variant is not None:
        raise click.UsageError("--variant needs --key")
    if key_path is not None and paths[0].is_dir():
        if output is not None or variant is not None:
            raise click.UsageError("marking a FOLDER: use --out DIR (not -o) and no --variant")
        return _check_class(paths[0], key_path, fmt, out_dir, digits, min_digits, rel_tol, no_carry, pdf,
                            templates_dir)
    if out_dir is not None:
        raise click.UsageError("--out is for marking a FOLDER; use -o FILE for one report")
    output, pdf = pdf_request(output, pdf)
    fmt = output_format(fmt, output, pdf, _BY_EXTENSION)
    from .check_report import render_report

    if key_path is not None:
        from .grading import load_key, mark_submission

        key = load_key(key_path)
        rule = _rule(digits or key.digits or 4, min_digits, rel_tol)
        marking = mark_submission(key, paths[0], rule, not no_carry, variant).marking
        default_tex = Path("output") / f"{paths[0].stem}-checked.tex"
    else:
        from .check import load_answers
        from .marking import mark
        from .pipeline import derive_solution
        from .spec import load_spec

        spec = load_spec(paths[0])
        solution, _ = derive_solution(spec)
        rule = _rule(digits or 4, min_digits, rel_tol)
        marking = mark(solution, load_answers(paths[1], solution.derivation), rule, not no_carry)
        default_tex = Path("output") / f"{spec.name}-checked.tex"
    text = render_report(marking, fmt, rule.digits, templates_dir, key=str(key_path) if key_path else None)
    emit(text, output, pdf, default_tex)
    return marking.exit_code


def _check_class(folder, key_path, fmt, out_dir, digits, min_digits, rel_tol, no_carry, pdf, templates_dir) -> int:
    from .check_report import render_report
    from .grading import grades_csv, load_key, mark_class, report_names, submission_files, summary_rows
    from .output import write_all_atomic
    from .render.templates import render_template

    if pdf:
        if fmt not in (None, "tex"):
            raise click.UsageError("--pdf needs the LaTeX format (--format tex)")
        from .render.pdf import find_tex

        find_tex()  # without TeX, say what to install before any work is done
    fmt = "tex" if pdf else (fmt or "text")
    key = load_key(key_path)
    rule = _rule(digits or key.digits or 4, min_digits, rel_tol)
    out_dir = out_dir or Path("output") / f"{folder.resolve().name}-marked"
    results = mark_class(key, folder, rule, not no_carry)
    names = report_names(results, REPORT_EXTENSIONS[fmt])
    files = {out_dir / "grades.csv": grades_csv(results)}
    for r in results:
        if r.marking is not None:
            files[out_dir / names[r.path]] = render_report(r.marking, fmt, rule.digits, templates_dir, key=str(key_path))
    write_all_atomic(files)
    latex_failures = _compile_all(out_dir, names.values()) if pdf else []
    _, skipped = submission_files(folder)
    click.echo(render_template("text/check-class.txt.jinja", templates_dir, rows=summary_rows(results),
                               skipped=[p.name for p in skipped], out_dir=str(out_dir),
                               latex_failures=len(latex_failures), pdf=pdf), nl=False)
    for r in results:
        if r.error:
            click.echo(f"symbp: {r.error}", err=True)
    for failure in latex_failures:
        click.echo(f"symbp: {failure}", err=True)
    if any(r.error for r in results):
        return 2
    if latex_failures:
        return latex_failures[0].exit_code
    return 1 if any(r.marking.failed for r in results) else 0


def _compile_all(out_dir: Path, report_files) -> list:
    """Each report's PDF next to its .tex, two at a time; the LaTeX errors (the others compile)."""
    from concurrent.futures import ThreadPoolExecutor

    from .errors import SymbpError
    from .render.pdf import compile_pdf

    def compile_one(name):
        tex_path = out_dir / name
        try:
            compile_pdf(tex_path.read_text(encoding="utf-8"), tex_path.with_suffix(".pdf"))
        except SymbpError as error:
            return error
        return None

    with ThreadPoolExecutor(max_workers=2) as pool:
        return [e for e in pool.map(compile_one, report_files) if e is not None]
