"""`symbp derive`: a thin shell over `symbp.derive` and `Solution.save` (imports only click at module
level; the domain code inside the command)."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_types import GivenPath, HintedChoice, OutputFile, SymbpCommand, WholeNumberRange, locale_option

FORMAT_NAMES = ["text", "md", "tex", "json", "answers-template", "ipynb"]
FORMAT_HINTS = {"pdf": "a PDF is made by -o FILE.pdf, or --pdf beside -o FILE.tex"}  # not a format of its own
LARGE = 20_000  # quantities: a solution this large is left to the operating system to free at exit


@click.command(cls=SymbpCommand)
@click.argument("spec", required=False, type=GivenPath("spec file"))
@click.option("--example", metavar="NAME", help="Use a built-in example instead of a SPEC file.")
@click.option("--list-examples", is_flag=True, help="List the built-in examples and exit.")
@click.option("-f", "--format", "fmt", type=HintedChoice(FORMAT_NAMES, FORMAT_HINTS), help="Output format (default: from -o's extension, else text).")
@click.option("-o", "--output", type=OutputFile(dir_okay=False), help="Write to FILE instead of stdout (the format follows its extension; FILE.pdf: LaTeX compiled to PDF).")
@click.option("--digits", type=WholeNumberRange(1, 15), default=4, show_default=True, help="Significant digits of rounded values.  Values are exact and rounded only when shown: a value a "
                   "later line is worked from shows guard digits where needed, so each line can be checked by hand "
                   "(with --round-intermediate, every value has exactly these digits and is carried on rounded).")
@click.option("--round-intermediate", is_flag=True, help="Round every shown value to --digits and carry the rounded value on, as with a calculator.")
@click.option("--detail", type=click.Choice(["auto", "neuron", "matrix", "table"]), default="auto", show_default=True,
              help="neuron: a line per neuron; matrix: vector form; table: later steps as a table; auto: by size.")
@click.option("--pdf", is_flag=True, help="Also compile the LaTeX into a PDF (needs latexmk or pdflatex).")
@click.option("--templates", "templates_dir", type=GivenPath(file_okay=False, exists=True),
              help="Folder of templates that override the built-in ones by name.")
@locale_option("the worked solution")
def derive(spec, example, list_examples, fmt, output, digits, round_intermediate, detail, pdf, templates_dir, locale):
    """Work out a network's (or a computational graph's) backpropagation step by step.

    \b
    Examples:
      symbp derive examples/nn231.toml
      symbp derive --example nn231 --format json
      symbp derive net.toml -o output/net.tex --pdf
      symbp derive --example graph-neuron --format md
      symbp derive --example nn231 --locale de -o output/nn231-de.pdf
    """
    from . import api
    from .cli_shared import fail
    from .errors import SymbpError

    try:
        if list_examples:
            for name in api.list_examples():
                click.echo(name)
            return
        from .cli_shared import output_targets, own_files, run_files, source_of, templates_input

        # no output over an input (refused before any work); a failed run removes its earlier -o file of this spec
        with run_files([(spec, "the spec"), *templates_input(templates_dir), *own_files()], output_targets(output, pdf),
                       source_of("derive", spec) if example is None else f"derive example {example}", "worked solution"):
            _derive(spec, example, fmt, output, digits, round_intermediate, detail, pdf, templates_dir, locale)
    except SymbpError as error:
        fail(error)


def _derive(spec, example, fmt, output, digits, round_intermediate, detail, pdf, templates_dir, locale):
    from . import api
    from .cli_shared import emit, load, output_format, pdf_request, warn_unconfined_tex

    spec_obj = load(spec, example)
    output, pdf = pdf_request(output, pdf)
    fmt = output_format(fmt, output, pdf)  # a bad combination of options is refused before any work
    warn_unconfined_tex(templates_dir, pdf, locale)
    if output is not None:  # a file that cannot be written is refused before the derivation, too
        from .output import check_writable

        from .api.files import pdf_beside

        check_writable([output, *([pdf_beside(output)] if pdf else [])])
    from .collector import paused
    from .inputs import in_spec_file
    from .sympy_cache import of_spec

    # a large network's millions of objects, never scanned for cycles (the process ends soon); SymPy's work for this
    # architecture from the cache (a network's: a graph's is worked out every time)
    with paused(final=True), of_spec(spec_obj._spec):
        solution = in_spec_file(spec, lambda: api.derive(spec_obj, digits, round_intermediate=round_intermediate,
                                                         detail=detail, templates=templates_dir, locale=locale))
        in_spec_file(spec, lambda: emit(solution, fmt, output, pdf, Path("output") / f"{spec_obj.name}.tex"),
                     not_the_spec=lambda error: error.field != "title",  # (a line that cannot follow names the spec)
                     from_spec={"title"})  # (derive has no --title: a title LaTeX cannot typeset is the spec's)
    if len(getattr(solution._internal, "values", ())) > LARGE:
        from . import evaluate
        from .collector import outlive

        outlive(solution, evaluate._PROGRAMS)  # the process ends soon: not freed one by one
