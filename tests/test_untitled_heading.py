"""A spec without a title: its worksheet, key, answers template and exports are headed as
`symbp derive` heads its solution, never with the file's stem; its seed and Moodle category
stay those of the file, so that two untitled specs of one architecture keep their own."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpers import EXAMPLE_NN231, cli_runner

from symbp.cli import main

GRAPH = """kind = "graph"
inputs = { x = 2, y = -3 }
stages = ["f = x*y + x"]
"""


def untitled(folder: Path, name: str = "week5") -> Path:
    """nn231 without its title, saved as NAME.toml."""
    text = "\n".join(line for line in EXAMPLE_NN231.read_text(encoding="utf-8").splitlines()
                     if not line.startswith("title"))
    path = folder / f"{name}.toml"
    path.write_text(text + "\n", encoding="utf-8")
    return path


def derive_heading(spec: Path, fmt: str) -> str:
    result = cli_runner().invoke(main, ["derive", str(spec), "--format", fmt])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[0].lstrip("# ")


def sheet(spec: Path, out: Path, *options: str) -> Path:
    result = cli_runner().invoke(main, ["worksheet", str(spec), "-n", "2", "--seed", "3", "--out", str(out), *options])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def network_sheet(tmp_path_factory):
    folder = tmp_path_factory.mktemp("untitled")
    spec = untitled(folder)
    out = sheet(spec, folder / "out", "--moodle", str(folder / "quiz.xml"), "--prairielearn", str(folder / "pl"))
    return spec, out, folder


def test_network_sheet_key_template_and_exports_are_headed_as_derive_heads_it(network_sheet):
    spec, out, folder = network_sheet
    heading = derive_heading(spec, "md")  # "Backpropagation through the 2–3–1 network"
    assert spec.stem not in heading
    for name in ("worksheet.tex", "answer-key.tex"):
        assert f"{{\\Large\\bfseries {heading}}}" in (out / name).read_text(encoding="utf-8")
    assert f'Answers to "{heading}"' in (out / "answers-template.toml").read_text(encoding="utf-8")
    assert json.loads((folder / "pl" / "info.json").read_text(encoding="utf-8"))["title"] == heading
    assert f"<text>{heading} — " in (folder / "quiz.xml").read_text(encoding="utf-8")


def test_untitled_sheet_keeps_the_seed_and_the_category_of_its_file(network_sheet, tmp_path):
    """Named by its file as before: an untitled spec's default seed and its Moodle category."""
    spec, out, folder = network_sheet
    assert "$course$/top/week5</text>" in (folder / "quiz.xml").read_text(encoding="utf-8")
    from symbp.spec import load_spec
    from symbp.variants import default_seed

    result = cli_runner().invoke(main, ["worksheet", str(spec), "--out", str(tmp_path / "free")])
    assert result.exit_code == 0, result.output
    drawn = json.loads((tmp_path / "free" / "answers.json").read_text(encoding="utf-8"))["seed"]
    assert drawn == default_seed(load_spec(spec), "week5")


def test_derive_answers_template_is_headed_as_the_solution(tmp_path):
    spec = untitled(tmp_path)
    template = cli_runner().invoke(main, ["derive", str(spec), "--format", "answers-template"]).stdout
    assert f'Answers to "{derive_heading(spec, "md")}"' in template


def test_untitled_graph_sheet_is_headed_as_derive_heads_it(tmp_path):
    spec = tmp_path / "circuit.toml"
    spec.write_text(GRAPH, encoding="utf-8")
    heading = derive_heading(spec, "text")  # "Backpropagation through the graph of f"
    out = sheet(spec, tmp_path / "out")
    assert re.search(rf"\\bfseries {re.escape(heading)}\}}", (out / "worksheet.tex").read_text(encoding="utf-8"))
    assert f'"{heading}"' in (out / "answers-template.toml").read_text(encoding="utf-8").splitlines()[0]
