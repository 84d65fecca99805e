"""The command line: a thin shell over the pipeline.  SymPy is imported only inside commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import SymbpError

FORMAT_NAMES = ["text", "md", "tex", "json", "answers-template"]


class State:
    """Options shared by subcommands."""

    def __init__(self):
        self.verbose = False


def fail(error: SymbpError) -> None:
    click.echo(f"symbp: {error}", err=True)
    sys.exit(error.exit_code)


def load(spec_path, example, numbers_optional: bool = False):
    from .resources import example_path
    from .spec import load_spec

    if (spec_path is None) == (example is None):
        raise click.UsageError("give a SPEC file or --example NAME (one of them)")
    return load_spec(example_path(example) if example else spec_path, numbers_optional=numbers_optional)


def pdf_request(output: Path | None, pdf: bool) -> tuple[Path | None, bool]:
    """-o FILE.pdf means: the LaTeX in FILE.tex, compiled into FILE.pdf."""
    if output is not None and output.suffix.lower() == ".pdf":
        return output.with_suffix(".tex"), True
    return output, pdf


def output_format(fmt, output, pdf: bool = False, extensions: dict | None = None) -> str:
    """The output format: --pdf needs LaTeX; else --format; else -o's extension; else text."""
    if extensions is None:
        from .render import EXTENSIONS as extensions
    if pdf:
        if fmt not in (None, "tex") or (output and Path(output).suffix.lower() not in ("", ".tex")):
            raise click.UsageError("--pdf needs the LaTeX format (-o FILE.tex or --format tex)")
        return "tex"
    if fmt:
        return fmt
    if output:
        ext = Path(output).suffix.lstrip(".").lower()
        if ext not in extensions:
            raise click.UsageError(f"cannot tell the format from {str(output)!r}; use --format")
        return extensions[ext]
    return "text"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="symbp")
@click.pass_context
def main(ctx):
    """symbp: worked, verified backpropagation solutions for small neural networks.

    \b
    Examples:
      symbp derive --example nn231              worked solution in the terminal
      symbp derive net.toml -o output/net.tex --pdf
      symbp worksheet --example nn231 --variants 30 --seed 1 --pdf
      symbp check net.toml my-answers.toml
    """
    ctx.obj = State()


@main.command()
@click.argument("spec", required=False, type=click.Path(dir_okay=True, path_type=Path))
@click.option("--example", metavar="NAME", help="Use a built-in example instead of a SPEC file.")
@click.option("--list-examples", is_flag=True, help="List the built-in examples and exit.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMAT_NAMES), help="Output format (default: from -o's extension, else text).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to FILE instead of stdout (the format follows its extension; FILE.pdf: LaTeX compiled to PDF).")
@click.option("--digits", type=click.IntRange(1, 15), default=4, show_default=True, help="Significant digits of rounded values.")
@click.option("--round-intermediate", is_flag=True, help="Round every shown value to --digits and carry the rounded value on, as with a calculator.")
@click.option("--detail", type=click.Choice(["auto", "neuron", "matrix", "table"]), default="auto", show_default=True,
              help="neuron: a line per neuron; matrix: vector form; table: later steps as a table; auto: by size.")
@click.option("--pdf", is_flag=True, help="Also compile the LaTeX into a PDF (needs latexmk or pdflatex).")
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="Folder of templates that override the built-in ones by name.")
def derive(spec, example, list_examples, fmt, output, digits, round_intermediate, detail, pdf, templates_dir):
    """Work out a network's backpropagation step by step.

    \b
    Examples:
      symbp derive examples/nn231.toml
      symbp derive --example nn231 --format json
      symbp derive net.toml -o output/net.tex --pdf
    """
    try:
        if list_examples:
            from .resources import list_examples as names

            for name in names():
                click.echo(name)
            return
        spec_obj = load(spec, example)
        output, pdf = pdf_request(output, pdf)
        fmt = output_format(fmt, output, pdf)
        from .pipeline import derive_solution

        solution, report = derive_solution(spec_obj, round_to=digits if round_intermediate else None, detail=detail)
        from .render import render

        text = render(fmt, solution, report, digits=digits, detail=detail, templates_dir=templates_dir)
        emit(text, output, pdf, Path("output") / f"{spec_obj.name}.tex")
    except SymbpError as error:
        fail(error)


def emit(text: str, output: Path | None, pdf: bool, default_tex: Path) -> None:
    """Write a rendered document: to stdout, to -o FILE (atomically), or as .tex + compiled .pdf."""
    from .output import write_atomic

    if pdf:
        from .render.pdf import compile_pdf

        target = output or default_tex
        write_atomic(target, text)  # kept, also when LaTeX fails, so the error line can be read
        pdf_path = compile_pdf(text, target.with_suffix(".pdf"))
        click.echo(f"wrote {target} and {pdf_path}", err=True)
    elif output:
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


def _register_subcommands() -> None:
    """Subcommands that live in their own modules (each imports only click at module level)."""
    from .check_cli import check
    from .worksheet_cli import worksheet

    main.add_command(check)
    main.add_command(worksheet)


_register_subcommands()
