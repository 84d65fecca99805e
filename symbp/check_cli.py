"""`symbp check SPEC ANSWERS`: mark a hand-worked solution (issue 5).  Only click at module level."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_types import FiniteFloatRange

CHECK_FORMATS = ["text", "json", "tex"]
_BY_EXTENSION = {"txt": "text", "text": "text", "json": "json", "tex": "tex"}


def _annotated_latex(solution, report, marking, digits, templates_dir) -> str:
    """The worked solution in LaTeX, each line marked with the answer's number and its status."""
    from .render import render

    return render("tex", solution, report, digits=digits, templates_dir=templates_dir, marks=marking.tex_marks())


@click.command()
@click.argument("spec", type=click.Path(path_type=Path))
@click.argument("answers", type=click.Path(path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(CHECK_FORMATS),
              help="text: report for the terminal (default); json: per-quantity marks; "
                   "tex: the worked solution annotated with the answer's numbers.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to FILE instead of stdout (format from its extension).")
@click.option("--rel-tol", type=FiniteFloatRange(0, 1, min_open=True), metavar="X",
              help="Also accept a number within this relative tolerance of the expected value "
                   "(e.g. 0.01 for 1%).")
@click.option("--no-carry", is_flag=True,
              help="No credit for values carried forward from an earlier wrong value (they count as errors).")
@click.option("--digits", type=click.IntRange(1, 15), default=4, show_default=True,
              help="Significant digits of expected values that do not terminate.")
@click.option("--pdf", is_flag=True, help="Compile the annotated LaTeX into a PDF (needs latexmk or pdflatex).")
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder of templates that override the built-in ones by name.")
@click.pass_context
def check(ctx, spec, answers, fmt, output, rel_tol, no_carry, digits, pdf, templates_dir):
    """Mark a hand-worked solution, with error carried forward.

    ANSWERS is a TOML (or JSON) file of quantity names and the numbers worked out, e.g.
    "z_2^1" = 1.9 (an optional [points] table gives points per quantity, default 1).
    `symbp derive SPEC --format answers-template` prints a blank one.  Each value is
    correct, carried (follows from the answer's own earlier numbers), wrong, or missing;
    a number agrees when it equals the expected value rounded to the decimals written.

    Exit code: 0 when every given value is correct or carried, 1 when any is wrong,
    2 for bad input.

    \b
    Examples:
      symbp derive examples/nn231.toml --format answers-template > my-answers.toml
      symbp check examples/nn231.toml examples/nn231-reference-answers.toml
      symbp check net.toml answers.toml --format json --rel-tol 0.01
    """
    from .errors import SymbpError

    try:
        from .cli import output_format, pdf_request

        output, pdf = pdf_request(output, pdf)
        fmt = output_format(fmt, output, pdf, _BY_EXTENSION)
        from .check import load_answers, mark, render_report
        from .pipeline import derive_solution
        from .spec import load_spec

        spec_obj = load_spec(spec)
        solution, report = derive_solution(spec_obj)
        marking = mark(solution, load_answers(answers, solution.derivation), rel_tol=rel_tol, carry=not no_carry)
        if fmt == "tex":
            text = _annotated_latex(solution, report, marking, digits, templates_dir)
        else:
            text = render_report(marking, fmt, digits=digits, templates_dir=templates_dir)
        from .cli import emit

        emit(text, output, pdf, Path("output") / f"{spec_obj.name}-checked.tex")
    except SymbpError as error:
        from .cli import fail

        fail(error)
    ctx.exit(marking.exit_code)
