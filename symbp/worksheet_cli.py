"""`symbp worksheet`: a thin shell over `symbp.worksheet` and `Worksheet.save` (imports only click at
module level)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .cli_types import GivenPath, OutputFile, SymbpCommand, WholeNumberRange, locale_option

MAX_VARIANTS = 1000  # worksheet.MAX_VARIANT_NUMBER (not imported: this module imports only click at start)


@click.command(cls=SymbpCommand)
@click.argument("spec", required=False, type=GivenPath("spec file"))
@click.option("--example", metavar="NAME", help="Use a built-in example instead of a SPEC file.")
@click.option("-n", "--variants", "count", type=WholeNumberRange(1, MAX_VARIANTS), default=1, show_default=True,
              help="How many variants (one per student).")
@click.option("--first-variant", "first_variant", type=WholeNumberRange(1, MAX_VARIANTS), default=1, metavar="K",
              help="Number the variants from K on, with the numbers those variants have on the sheet from 1 "
                   "(same seed): -n 15 --first-variant 16 makes variants 16-30, e.g. for a second language.")
@click.option("--seed", type=WholeNumberRange(0, 2**63 - 1), default=None,
              help="Seed of the draws (default: derived from the spec and the title, so that different "
                   "specs get different numbers); printed on every page. The same seed gives the same files.")
@click.option("-o", "--out", "out_dir", type=GivenPath(file_okay=False),
              help="Folder for the files (default: output/<spec name>/).")
@click.option("--pdf", is_flag=True, help="Also compile worksheet.pdf and answer-key.pdf (needs latexmk or pdflatex).")
@click.option("--title", help="Title of the sheet (default: the spec's title).")
@click.option("--course", help="Course name printed in the header.")
@click.option("--date", help="Date printed in the header (nothing by default, so that files are reproducible).")
@click.option("--instructions", help="Instructions printed under the header.")
@click.option("--templates", "templates_dir", type=GivenPath(file_okay=False, exists=True),
              help="Folder of templates that override the built-in ones by name.")
@click.option("--digits", type=WholeNumberRange(1, 15), default=4, show_default=True,
              help="Significant digits of rounded values in the answer key.")
@click.option("--detail", type=click.Choice(["auto", "neuron", "matrix", "table"]), default="auto", show_default=True,
              help="Detail of the worked solutions in the answer key (as for `symbp derive`).")
@click.option("--moodle", "moodle_file", type=OutputFile(dir_okay=False),
              help="Also write a Moodle XML file: a question category and one Cloze question per variant.")
@click.option("--prairielearn", "prairielearn_dir", type=GivenPath(file_okay=False),
              help="Also write a PrairieLearn question folder that draws and marks variants (error carried forward).")
@click.option("--csv", "csv_file", type=OutputFile(dir_okay=False),
              help="Also write a CSV of every variant's givens and answers, with tolerances.")
@click.option("--exact-key", is_flag=True,
              help="Answer key with exact values (default: every written value rounded to --digits and carried on, "
                   "as the sheet tells students to).")
@click.option("-v", "--verbose", is_flag=True, help="Report the draws and why draws were rejected.")
@click.option("--time-limit", type=WholeNumberRange(1, 86_400), metavar="SECONDS",
              help="Stop when the whole run (draws, verification, PDFs) takes longer (default: 600).")
@locale_option("the sheets, the key and the exports", "the spec's [variants] locale, then its locale key")
def worksheet(spec, example, count, first_variant, seed, out_dir, pdf, title, course, date, instructions, templates_dir, digits,
              detail, moodle_file, prairielearn_dir, csv_file, exact_key, verbose, time_limit, locale):
    """Randomized, verified exercise variants: a student sheet and its answer key.

    Every variant keeps the spec's architecture, activations, loss, learning rate and steps and
    draws its own weights, biases, inputs and targets (configurable in the spec's [variants]
    table).  Writes worksheet.tex, answer-key.tex, answers.json and answers-template.toml (the
    blank file a student fills in for `symbp check --key answers.json`), and the PDFs with --pdf,
    into the folder all at once: the files of an earlier run there are replaced (its PDFs, and
    the exports it wrote inside the folder, are removed when this run makes none), other files
    are left alone.  With --moodle, --prairielearn, --csv also the variants for a course platform.

    \b
    Examples:
      symbp worksheet --example nn231 --variants 30 --seed 1 --pdf
      symbp worksheet net.toml -n 8 --seed 7 --out sheets/ --course "ML 101" --date 2025-05-01
      symbp worksheet net.toml -n 30 --moodle quiz.xml --csv variants.csv --prairielearn pl/backprop1
      symbp worksheet --example nn231 -n 5 --seed 1 --locale de --moodle quiz.xml
    """
    from .cli import set_time_budget
    from .cli_shared import fail, load
    from .errors import SymbpError

    started = time.perf_counter()
    if time_limit is not None:
        set_time_budget(time_limit)
    try:
        spec_obj = load(spec, example)  # every variant draws its own numbers: they may be left out
        from .cli_shared import own_files, run_files, templates_input
        from .output import check_writable
        from .staging import refuse_input
        from .worksheet_files import OWNED_FILES

        folder = out_dir or Path("output") / spec_obj.name
        # no file written over an input of the run (the spec, a --templates folder's files): refused before any work
        with run_files([(spec, "the spec"), *templates_input(templates_dir), *own_files()],
                       [("--out", folder, True), ("--moodle", moodle_file), ("--csv", csv_file),
                        ("--prairielearn", prairielearn_dir, True)]):
            for name in OWNED_FILES:  # the sheet's set replaces these in the folder
                refuse_input(folder / name)
            # every destination is tried before the variants are drawn (a temporary file beside it, removed again)
            check_writable([folder / "answers.json", *filter(None, (moodle_file, csv_file)),
                            *([prairielearn_dir / "info.json"] if prairielearn_dir else [])])
            _worksheet(spec, spec_obj, count, first_variant, seed, folder, pdf, title, course, date, instructions,
                       templates_dir, digits, detail, moodle_file, prairielearn_dir, csv_file, exact_key, verbose, locale,
                       started)
    except SymbpError as error:
        fail(error)


def _worksheet(spec, spec_obj, count, first_variant, seed, folder, pdf, title, course, date, instructions, templates_dir,
               digits, detail, moodle_file, prairielearn_dir, csv_file, exact_key, verbose, locale, started):
    from . import api
    from .cli_shared import echo_made, echo_removed, echo_written, warn_unconfined_tex
    from .export_record import collect_removed
    from .i18n import message, number, use
    from .inputs import in_spec_file
    from .staging import missing_folders

    if pdf:
        from .api.files import require_tex

        require_tex()  # without TeX, say what to install before any work is done
    from .api.sheets import sheet_locale

    language = sheet_locale(spec_obj, locale)
    warn_unconfined_tex(templates_dir, pdf, language)  # in the sheet's language
    if title is not None and not title.strip():  # (a blank --title was kept silently: note 45)
        from .worksheet import SheetOptions, sheet_metadata

        kept = sheet_metadata(spec_obj._spec, SheetOptions(templates_dir=templates_dir, locale=language))["title"]
        with use(language):
            click.echo(f"symbp: {message('progress.blank_title', title=kept)}", err=True)
    # a sheet text no option gave is the spec's own (its [variants] table's): a refusal of it names the spec file
    from_spec = {field for field, given in (("title", title), ("course", course), ("date", date),
                                            ("instructions", instructions)) if given is None}
    options = dict(title=title, course=course, date=date, instructions=instructions, digits=digits, detail=detail,
                   templates=templates_dir, exact_key=exact_key, locale=language, first_variant=first_variant)
    from .sympy_cache import of_spec

    # SymPy's work for this architecture from the cache, as for derive: a warm run imports no SymPy
    with of_spec(spec_obj._spec):
        if sys.stderr.isatty():
            with use(language):
                label = message("progress.variants")
            with click.progressbar(length=count, label=label, file=sys.stderr) as bar:
                sheet = in_spec_file(spec, lambda: api.worksheet(spec_obj, count, seed, progress=bar.update, **options),
                                     from_spec=from_spec)
        else:
            progress = _progress_lines(count, language) if verbose else None
            sheet = in_spec_file(spec, lambda: api.worksheet(spec_obj, count, seed, progress=progress, **options),
                                 from_spec=from_spec)
    with use(language):
        if verbose:
            _report_draws(sheet, time.perf_counter() - started)
        if pdf and sys.stderr.isatty():
            click.echo(message("progress.compiling"), err=True)
    # the folders made: those named (-o, --prairielearn), those of the files named, and those above them
    missing = [made for path, itself in ((folder, True), (prairielearn_dir, True), (moodle_file, False), (csv_file, False))
               if path for made in missing_folders(path, itself)]
    with collect_removed() as removed:
        written = sheet.save(folder, pdf=pdf, moodle=moodle_file,
                             prairielearn=prairielearn_dir, csv=csv_file)
    echo_made(missing, language)  # made before the files written into them
    echo_written(written, language, ", ")
    echo_removed(removed, language)
    with use(language):
        for line in sheet.replaced:  # an earlier key in the folder with other numbers, or more variants
            click.echo(message("progress.warning", text=line), err=True)
    if verbose:
        with use(language):
            click.echo(message("progress.done", seconds=number(f"{time.perf_counter() - started:.2f}")), err=True)


PROGRESS_LINES = 10  # --verbose without a terminal: about this many "variant n of N" lines


def _progress_lines(count: int, language: str):
    """--verbose without a terminal (a log, CI): "variant n of N" every count/PROGRESS_LINES
    variants and at the last; called with 1 after each variant."""
    from .i18n import message, use

    every = max(1, -(-count // PROGRESS_LINES))
    done = 0

    def report(step: int) -> None:
        nonlocal done
        done += step
        if done % every == 0 or done == count:
            with use(language):
                click.echo(message("progress.variant_of", n=done, count=count), err=True)

    return report


def _report_draws(sheet, seconds: float) -> None:
    """--verbose: the draws and why draws were rejected (draws.* of the catalogue)."""
    from .i18n import message, number
    from .variants import REDRAWN_UNITS, REJECTION_REASONS

    if sheet.spec.kind == "graph":
        from .graph.variants import REJECTION_REASONS
    rejected = sum(sheet.rejections.get(reason, 0) for reason in REJECTION_REASONS)
    click.echo(message("draws.summary", seed=sheet.seed, n=len(sheet.variants), draws=sheet.draws, rejected=rejected,
                       seconds=number(f"{seconds:.2f}")), err=True)
    prefix = "draws." if sheet.spec.kind == "network" else f"draws.{sheet.spec.kind}."
    for reason in REJECTION_REASONS:
        click.echo(f"  {sheet.rejections.get(reason, 0):6d}  {reason:<14} {message(prefix + reason)}", err=True)
    if sheet.spec.kind == "network":
        click.echo(f"  {sheet.rejections.get(REDRAWN_UNITS, 0):6d}  {message('draws.' + REDRAWN_UNITS)}", err=True)
