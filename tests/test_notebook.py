"""The tutorial notebook (examples/tutorial.ipynb) run in a real Jupyter kernel (nbclient +
ipykernel), and what it displayed: the worked solution as Markdown with the reference network's
numbers, the network as valid SVG with one circle per neuron, the check report as an HTML table.

The expected numbers are the reference document's (nn231, worked by hand: z_2^1 = 0.5·1 + 0.7·2 −
0.1 = 1.8, L = ½(1.5 − 0.5)² = 0.5, L@2 = ½(1.5 − 1.612)² = 0.006272) and its slip (the bias of
z_2^1 dropped: 1.9, carried on into a_2^1 = ReLU(1.9) = 1.9)."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from helpers import REPO

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = REPO / "examples" / "tutorial.ipynb"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """The notebook executed in a fresh kernel whose working folder is empty (the worksheet lands there)."""
    folder = tmp_path_factory.mktemp("notebook")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    previous = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(REPO)] + ([previous] if previous else []))
    try:
        nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(folder)}}).execute()
    finally:
        if previous is None:
            os.environ.pop("PYTHONPATH")
        else:
            os.environ["PYTHONPATH"] = previous
    return notebook, folder


def outputs(notebook, source_start: str) -> list[dict]:
    """The display data of the code cell whose source starts with `source_start`."""
    cell = next(c for c in notebook.cells if c.cell_type == "code" and c.source.startswith(source_start))
    return [o for o in cell.outputs if o.output_type in ("display_data", "execute_result")]


def data(notebook, source_start: str, mime: str) -> str:
    found = [o["data"][mime] for o in outputs(notebook, source_start) if mime in o["data"]]
    assert found, f"no {mime} from the cell {source_start!r}"
    return found[0]


def test_the_committed_notebook_has_no_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)


def test_the_network_displays_as_svg_with_a_circle_per_neuron(executed):
    notebook, _ = executed
    svg = ET.fromstring(data(notebook, "import symbp", "image/svg+xml"))
    assert svg.tag == SVG + "svg"
    assert len([c for c in svg.iter(SVG + "circle") if c.get("class") == "neuron"]) == 2 + 3 + 1


def test_the_solution_displays_as_markdown_with_the_reference_numbers(executed):
    notebook, _ = executed
    markdown = data(notebook, "sol = symbp.derive", "text/markdown")
    assert re.search(r"z\^\{1\}_\{2\}", markdown) and "$$" in markdown  # math for MathJax/KaTeX
    for number in ("1.8", "0.5", "0.006272", "-0.9"):
        assert re.search(rf"(?<![\d.]){re.escape(number)}(?![\d])", markdown), number


def test_the_values_are_the_reference_network_s(executed):
    notebook, _ = executed
    assert data(notebook, "sol.values", "text/plain") == "(1.8, '0.5', '0.006272', -0.9)"


def test_a_changed_weight_is_derived_again(executed):
    notebook, _ = executed
    # z_2^1 = 0.4·1 + 0.7·2 − 0.1 = 1.7; a_0^2 = 0.9·1.1 − 0.3·1.7 + 0.05 = 0.53; L = ½(1.5 − 0.53)² = 0.47045
    assert data(notebook, "net2 = ", "text/plain") == "('1.7', '0.47045')"


class _Rows(HTMLParser):
    """The table rows of an HTML report: (the row's class, its cells' text)."""

    def __init__(self):
        super().__init__()
        self.rows, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append((dict(attrs).get("class"), []))
        elif tag == "td":
            self._cell = ""

    def handle_data(self, text):
        if self._cell is not None:
            self._cell += text

    def handle_endtag(self, tag):
        if tag == "td" and self.rows:
            self.rows[-1][1].append(self._cell.strip())
            self._cell = None


def test_the_check_report_displays_as_a_table_that_reads_without_colour(executed):
    notebook, _ = executed
    parser = _Rows()
    parser.feed(data(notebook, "report = symbp.check", "text/html"))
    by_name = {cells[0]: (status, cells[1]) for status, cells in parser.rows if cells}
    assert by_name["z_2^1"][0] == "wrong" and "wrong" in by_name["z_2^1"][1]
    assert by_name["a_2^1"][0] == "carried" and "carried" in by_name["a_2^1"][1]
    assert by_name["z_1^1"][0] == "correct" and "correct" in by_name["z_1^1"][1]
    assert data(notebook, "report.points", "text/plain") == "(5.0, 'wrong', 'carried')"


def test_the_worksheet_is_shown_and_saved(executed):
    notebook, folder = executed
    assert "seed 1" in data(notebook, "ws = symbp.worksheet", "text/markdown")
    assert sorted(p.name for p in (folder / "week5").iterdir()) == [
        "answer-key.tex", "answers-template.toml", "answers.json", "worksheet.tex"]


def test_the_graph_solution_shows_its_drawing_and_cs231n_s_gradients(executed):
    notebook, _ = executed
    markdown = data(notebook, "neuron = ", "text/markdown")
    assert 'src="data:image/svg+xml;base64,' in markdown
    # CS231n: df/dw ≈ (−0.2, −0.39, 0.2), df/dx ≈ (0.39, −0.59)
    for number in ("-0.1966", "-0.3932", "0.1966", "0.3932", "-0.5898"):
        assert number in markdown, number
