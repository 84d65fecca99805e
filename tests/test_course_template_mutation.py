"""A course's template folder may not change what it is given: no dict's or list's modifying
method is callable in the sandbox (Jinja's immutable sandbox), so a hostile template cannot
rewrite the process's built-in catalogue (`locale.messages`) or a list of the solution's data
— which later renderings in the same process (the Python API, a notebook) would print."""

from __future__ import annotations

from pathlib import Path

import pytest

import symbp
from symbp.errors import SpecError

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "tex" / "network.tex.jinja"


def _course(tmp_path, first_line: str) -> Path:
    folder = tmp_path / "course"
    (folder / "tex").mkdir(parents=True)
    (folder / "tex" / "network.tex.jinja").write_text(first_line + "\n" + TEMPLATE.read_text(encoding="utf-8"),
                                                      encoding="utf-8")
    return folder


@pytest.mark.parametrize("first_line", [
    '<% set _x = locale.messages.update({"drawing.input": "HACKED"}) %>',
    "<% set _x = locale.messages.clear() %>",
    "<% set _x = network.edges.append(1) %>",
])
def test_a_course_template_cannot_change_what_it_is_given(tmp_path, first_line):
    folder = _course(tmp_path, first_line)
    with pytest.raises(SpecError, match="network.tex.jinja"):
        symbp.derive(symbp.example("nn231"), templates=folder).to_latex()
    text = symbp.derive(symbp.example("nn231")).to_latex()  # symbp's own templates, the same process
    assert "HACKED" not in text
    assert "{input}" in text  # the built-in word of drawing.input (the drawing's first layer), still in the catalogue
