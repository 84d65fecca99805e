"""`symbp check`: mark one hand-worked solution, or a whole class: a thin shell over `symbp.check`,
`symbp.load_key` and `symbp.check_class`.  Only click at module level."""

from __future__ import annotations

import os
from pathlib import Path

import click

from .cli_types import FiniteFloatRange, GivenPath, OutputFile, SymbpCommand, WholeNumberRange, locale_option

CHECK_FORMATS = ["text", "json", "tex"]
_BY_EXTENSION = {"txt": "text", "text": "text", "json": "json", "tex": "tex"}


@click.command(cls=SymbpCommand)
@click.argument("paths", nargs=-1, metavar="[SPEC] ANSWERS|FOLDER", type=GivenPath("file", path_type=None))  # as typed: FOLDER/
@click.option("--key", "key_path", type=GivenPath("file"),  # a folder: load_key's one-line message
              help="A worksheet's answers.json to mark against (instead of a SPEC): each answers file "
                   "names its variant with `variant = 3`.")
@click.option("--example", metavar="NAME", help="Use a built-in example instead of a SPEC file "
                                                   "(`symbp derive --list-examples`).")
@click.option("--variant", metavar="ID", help="With --key and one answers file: the variant it answers "
                                              "(over the file's own `variant = …`: a student who wrote the "
                                              "wrong number is marked as the variant worked).")
@click.option("-f", "--format", "fmt", type=click.Choice(CHECK_FORMATS),
              help="text: report for the terminal (default); json: per-quantity marks; "
                   "tex: the report as a LaTeX document.")
@click.option("-o", "--output", type=OutputFile(dir_okay=False),  # a folder: one line naming -o (cli.py)
              help="Write the report to FILE instead of stdout (format from its extension; FILE.pdf compiles it).")
@click.option("--out", "out_dir", type=GivenPath(),  # a file: one line when the reports are written
              help="Marking a FOLDER: where grades.csv and the reports go (default: output/<FOLDER>-marked).")
@click.option("--digits", type=WholeNumberRange(1, 15),
              help="Significant digits the sheet asks for (default: the key's, else 4); also the digits "
                   "of expected values shown.  A value the key prints is right with any digits.")
@click.option("--min-digits", type=WholeNumberRange(1, 15),
              help="Significant digits a rounded value must show to count as right: 1 to --digits (the key's digits "
                   "with --key; default: --digits − 1, at least 1).")
@click.option("--rel-tol", type=FiniteFloatRange(0, 1, min_open=True), metavar="X",
              help="Also accept a number within this relative tolerance of the expected value "
                   "(e.g. 0.01 for 1%).")
@click.option("--no-carry", is_flag=True,
              help="No credit for values carried forward from an earlier wrong value (they count as errors).")
@click.option("--pdf", is_flag=True, help="Compile the LaTeX report into a PDF (needs pdflatex).")
@click.option("--templates", "templates_dir", type=GivenPath(),  # checked in _check_targets
              help="Folder of templates that override the built-in ones by name.")
@locale_option("the report (answers may use a decimal comma in any)",
               "the key's language with --key, else the spec's locale key")
@click.pass_context
def check(ctx, paths, key_path, example, variant, fmt, output, out_dir, digits, min_digits, rel_tol, no_carry, pdf,
          templates_dir, locale):
    """Mark hand-worked solutions, with error carried forward.

    \b
      symbp check SPEC ANSWERS                          one answers file against a spec
      symbp check --example NAME ANSWERS                against a built-in example
      symbp check --key answers.json [--variant ID] ANSWERS   one file against a worksheet's key
      symbp check --key answers.json FOLDER             a whole class: grades.csv + a report each
                                                        (its own files: subfolders are named, not read)

    ANSWERS is a TOML (or JSON) file of quantity names and the numbers worked out, e.g.
    "z_2^1" = 1.9, optionally with student = "…" and variant = 3 (a [points] table gives points
    per quantity, default 1; not in a class's files).  `symbp derive SPEC --format
    answers-template` prints a blank one, `symbp worksheet` writes answers-template.toml.
    Names mark a sample [i] and a step @t ("z_0^1[2]@3"), as they always have; a step may also
    be typed as the typeset sheets mark it, "w_00^1⟨2⟩" or "w_00^1<2>" (read as w_00^1@2).

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
      symbp check --example mazur my-answers.toml
      symbp check net.toml answers.toml --format json --rel-tol 0.01
      symbp check --key week5/answers.json --variant 3 ada.toml --pdf -o ada.pdf
      symbp check --key week5/answers.json submissions/ --out marked/
    """
    from .errors import SymbpError

    try:
        paths = _as_paths(paths)
        code = _check(paths, key_path, example, variant, fmt, output, out_dir, digits, min_digits, rel_tol, no_carry, pdf,
                      templates_dir, locale)
    except SymbpError as error:
        from .cli_shared import fail
        from .errors import SpecError

        if isinstance(error, SpecError) and error.field in _OPTIONS:  # the API's parameter, as the command line names it
            error = SpecError(_OPTIONS[error.field], str(error)[len(error.field) + 2:])
        fail(error)
    ctx.exit(code)


MAX_NOT_MARKED_NAMED = 50  # files named in the stderr line of those not marked (the listing names every one)
_OPTIONS = {"digits": "--digits", "min_digits": "--min-digits", "rel_tol": "--rel-tol"}


def _check(paths, key_path, example, variant, fmt, output, out_dir, digits, min_digits, rel_tol, no_carry, pdf,
           templates_dir, locale) -> int:
    from . import api

    if key_path is not None and example is not None:
        raise click.UsageError("--key and --example exclude each other: mark against a worksheet's key or an example")
    expected = 1 if key_path or example else 2
    if len(paths) != expected:
        raise click.UsageError("give SPEC and ANSWERS, --example NAME and ANSWERS, or --key answers.json and "
                               "ANSWERS or FOLDER")
    if key_path is None and variant is not None:
        raise click.UsageError("--variant needs --key")
    if variant is not None:
        from .check import variant_id

        variant = variant_id(variant.strip())  # (--variant ٣ or 03: variant 3, as the file's own is read)
        if not variant:
            raise click.BadParameter("expected a variant's number such as 3, got ''", param_hint="'--variant'")
    _one_stdin(key_path if key_path is not None else (paths[0] if example is None else None), paths[-1])
    rule = {"digits": digits, "min_digits": min_digits, "rel_tol": rel_tol, "carry": not no_carry,
            "templates": templates_dir, "locale": locale}
    from .cli_shared import (class_reports_withdrawn, output_targets, own_files, run_files, source_of, templates_input,
                             withdraw_class_reports)
    from .errors import SymbpError
    from .key_fields import EDITED

    inputs = [(key_path, "the key"), *templates_input(templates_dir), *own_files()]
    marking_a_class = key_path is not None and paths[0].is_dir()
    if marking_a_class:  # (its answers files: grading.check_targets; a report over a file no earlier run wrote: ClassReport.save)
        outputs, source = [("--out", out_dir if out_dir is not None else
                            Path("output") / f"{paths[0].resolve().name}-marked", True)], None
    else:  # a failed run removes its earlier -o report of this answers file
        inputs += [(paths[0] if key_path is None and example is None else None, "the spec"), (paths[-1], "the answers file")]
        outputs, source = output_targets(output, pdf), source_of("check", paths[-1])
    with run_files(inputs, outputs, source, "report"):  # no report over an input: refused before any work
        _check_rule(digits, min_digits, key_path)  # (refused here: an earlier run's report goes, as after a usage error)
        _check_targets(output, out_dir, templates_dir)
        if marking_a_class:
            if output is not None or variant is not None:
                raise click.UsageError("marking a FOLDER: use --out DIR (not -o) and no --variant")
            try:
                key = api.load_key(key_path)
            except SymbpError as error:  # a key refused for its content, edited since: the earlier marks are of
                if EDITED.rstrip("?") in str(error):  # another key (a key path mistyped, a template given: they stand)
                    withdraw_class_reports(outputs[0][1])
                raise
            with class_reports_withdrawn(outputs[0][1]):  # (a folder with no answers file: the earlier marks go)
                return _check_class(key, paths[0], fmt, out_dir, pdf, rule)
        if out_dir is not None:
            raise click.UsageError("--out is for marking a FOLDER; use -o FILE for one report")
        return _check_one(paths, key_path, example, variant, fmt, output, pdf, templates_dir, locale, rule)


def _check_rule(digits, min_digits, key_path) -> None:
    if min_digits is not None and min_digits > (digits or 4) and (digits is not None or key_path is None):
        from .errors import SpecError

        raise SpecError("--min-digits", f"{min_digits} exceeds --digits ({digits or 4}): min-digits cannot exceed "
                                        "digits (a rounded value cannot be required to show more digits than asked for)")


def _check_one(paths, key_path, example, variant, fmt, output, pdf, templates_dir, locale, rule) -> int:
    from . import api
    from .cli_shared import emit, output_format, pdf_request, warn_unconfined_tex

    output, pdf = pdf_request(output, pdf)
    fmt = output_format(fmt, output, pdf, _BY_EXTENSION)
    warn_unconfined_tex(templates_dir, pdf, locale)
    if key_path is not None:
        report = api.check(api.load_key(key_path), paths[0], variant=variant, **rule)
        if report.file_variant is not None:  # --variant over the file's own
            from .i18n import message, use
            from .inputs import display_path

            with use(report.locale):  # (the report's language: a French key's run said it in English)
                click.echo("symbp: " + message("progress.variant_overridden", file=display_path(paths[0]),
                                               named=report.file_variant, variant=variant, option="--variant"), err=True)
        default_tex = Path("output") / f"{paths[0].stem}-checked.tex"
    else:
        spec = api.example(example) if example else _load_spec(paths[0])
        report = api.check(spec, paths[-1], **rule) if example else _in_spec_file(
            paths[0], lambda: api.check(spec, paths[-1], **rule), paths[-1])
        from .inputs import is_stdin  # (the answers file's name, as the README says and as with --key: two students
        # checking against one example in one folder overwrote each other's report; the README-only new user)
        default_tex = Path("output") / f"{spec.name if is_stdin(paths[-1]) else paths[-1].stem}-checked.tex"
    emit(report, fmt, output, pdf, default_tex)
    return report.exit_code


def _load_spec(path):
    """The spec of `check SPEC ANSWERS`; a worksheet's answers.json, an answers file, derive's JSON
    key given there is named for what it is (key_sniff.py), not refused for its first field."""
    from . import api
    from .key_sniff import loaded_or_named

    return loaded_or_named(path, "spec", lambda: _in_spec_file(path, lambda: api.load(path)))


def _in_spec_file(spec_path, work, answers_path=None):
    """`work()`, its SpecError naming the spec file as given (`symbp: net.toml: learning_rate: …`):
    `check SPEC ANSWERS` reads two files, and a field alone does not say which.  An error of the
    answers file, or of an option, already says what it is about."""
    from .inputs import display_path, in_spec_file

    def of_the_answers(error) -> bool:
        return answers_path is not None and str(error).startswith(f"{display_path(answers_path)}: ")

    return in_spec_file(spec_path, work, of_the_answers)


def _as_paths(typed) -> tuple:
    """The paths as given; ANSWERS|FOLDER typed as a folder (`submissions/`) where nothing of that
    name exists is named as typed, a folder (click's Path drops the slash: it would be "no such file")."""
    from .errors import SpecError
    from .inputs import display_path

    last = typed[-1] if typed else ""
    if last.endswith(("/", os.sep)) and not os.path.exists(last.rstrip("/" + os.sep) or last):
        raise SpecError(display_path(last), "no such folder (expected a folder of answers files)")
    return tuple(Path(path) for path in typed)


def _one_stdin(first, answers) -> None:
    """`symbp check - -` (or --key - -): one line, exit 2, before stdin is read for either."""
    from .errors import SpecError
    from .inputs import is_stdin

    if first is not None and is_stdin(first) and is_stdin(answers):
        raise SpecError("", "the spec (or key) and the answers cannot both come from stdin (-): give one of them as a file")


def _check_targets(output, out_dir, templates_dir=None) -> None:
    """A folder given as -o FILE, a file as --out FOLDER, a --templates folder that is none: one
    line naming it (exit 2), before any work."""
    from .errors import OutputError, SpecError
    from .inputs import display_path
    from .output import check_writable

    if templates_dir is not None and not templates_dir.is_dir():
        raise SpecError(display_path(templates_dir), "is a file (expected a folder of templates for --templates)"
                        if templates_dir.exists() else "no such folder (expected a folder of templates for --templates)")

    if output is not None:
        check_writable([output])
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise OutputError(display_path(out_dir), "is a file (expected a folder for grades.csv and the reports)")


def _check_class(key, folder, fmt, out_dir, pdf, rule) -> int:
    from . import api

    if pdf:
        from .api.files import require_tex
        from .cli_shared import warn_unconfined_tex

        require_tex()  # without TeX, say what to install before any work is done
        warn_unconfined_tex(rule["templates"], pdf, rule["locale"])
    report = api.check_class(key, folder, **rule)
    from .cli_shared import echo_made, one_message
    from .i18n import message, use
    from .inputs import display_path
    from .staging import missing_folders

    missing = missing_folders(report.out_folder(out_dir), itself=True)
    report.save(out_dir, format="tex" if pdf else (fmt or "text"), pdf=pdf)
    echo_made(missing, report.locale)
    click.echo(report.summary(pdf=pdf), nl=False)

    with use(report.locale):
        lines = [message("progress.class_folder_not_read", folder=display_path(folder / name), parent=display_path(folder))
                 for name in report.folders]  # not read: said where a script's log keeps it, too
        lines += [message("progress.class_hidden_not_read",  # a hidden name: not read either, and said so
                          name=display_path(folder / name.rstrip("/")) + ("/" if name.endswith("/") else ""))
                  for name in report.hidden]
        if report.errors:  # why each was not marked is said once, in the listing: here only which (exit code 2)
            named = list(report.errors)[:MAX_NOT_MARKED_NAMED]  # (10,000 empty files: one line of 109 KB)
            more = len(report.errors) - len(named)
            lines.append(message("progress.class_not_marked", parent=display_path(folder),
                                 files=", ".join(map(display_path, named))
                                 + (message("input.more_unknown", n=more) if more else "")))
        lines += [message("progress.class_report_removed", file=display_path(path))  # an earlier run's report of a
                  for path in report.removed]                                      # file not marked now
    for line in lines:
        click.echo(f"symbp: {line}", err=True)
    for failure in report.report_failures + report.latex_failures:  # each names its answers file
        click.echo(f"symbp: {one_message(str(failure))}", err=True)
    return report.exit_code
