"""A worked solution as a Jupyter notebook (review 33: -o x.ipynb was refused, and --format md wrote
Markdown into a file Jupyter cannot open): nbformat 4 JSON, validated by nbformat itself, a
markdown cell per section whose sources are the Markdown solution's, picked by -o FILE.ipynb."""

from __future__ import annotations

import json

import pytest

from helpers import cli_runner
from symbp.cli import main
from symbp.resources import example_path

nbformat = pytest.importorskip("nbformat")


@pytest.mark.parametrize("example", ["nn231", "graph-neuron"])
def test_o_ipynb_writes_a_valid_notebook_of_the_markdown(tmp_path, example):
    out = tmp_path / "solution.ipynb"
    result = cli_runner().invoke(main, ["derive", "--example", example, "-o", str(out)])
    assert result.exit_code == 0, result.output
    notebook = nbformat.read(str(out), as_version=4)
    nbformat.validate(notebook)
    assert notebook.nbformat == 4 and len(notebook.cells) > 2
    assert {cell.cell_type for cell in notebook.cells} == {"markdown"}
    markdown = cli_runner().invoke(main, ["derive", "--example", example, "--format", "md"]).stdout
    joined = "".join(cell.source for cell in notebook.cells)
    assert joined.split() == markdown.split()  # every word of the Markdown, in order, nothing else
    headings = [line for line in markdown.splitlines() if line.startswith("#")]
    assert [cell.source.splitlines()[0] for cell in notebook.cells] == headings  # a cell per section


def test_a_heading_sign_inside_a_display_does_not_cut_a_cell():
    from symbp.render.notebook import sections

    text = "# T\n\n$$\n# not a heading\n$$\n\n## Step\nbody\n```\n# code\n```\n"
    assert [s.splitlines()[0] for s in sections(text)] == ["# T", "## Step"]


def test_format_ipynb_names_the_notebook_explicitly(tmp_path):
    result = cli_runner().invoke(main, ["derive", str(example_path("nn231")), "--format", "ipynb"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["nbformat"] == 4


def test_the_notebook_names_a_kernel_so_jupyter_opens_it_without_asking(tmp_path):
    """(the new user's LOW of stop 61: its metadata was empty)"""
    result = cli_runner().invoke(main, ["derive", "--example", "nn231", "--format", "ipynb"])
    notebook = nbformat.reads(result.stdout, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3" and notebook.metadata.language_info.name == "python"
