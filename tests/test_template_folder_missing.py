"""A course's templates folder that does not exist is refused (exit 2 at the command line, SpecError
in the Python API) — never replaced silently by symbp's own templates."""

from __future__ import annotations

import pytest

import symbp
from symbp.errors import SpecError


def test_the_api_refuses_a_missing_templates_folder(tmp_path):
    missing = tmp_path / "no-such-folder"
    with pytest.raises(SpecError) as refused:  # by derive() itself (tests/test_api.py: worksheet(), check())
        symbp.derive(symbp.example("nn231"), templates=missing)
    assert "templates" in str(refused.value) and "no-such-folder" in str(refused.value)


def test_an_existing_empty_folder_still_renders_the_built_in_templates(tmp_path):
    own = symbp.derive(symbp.example("nn231")).to("text")
    assert symbp.derive(symbp.example("nn231"), templates=tmp_path).to("text") == own


def test_the_delimiters_are_as_the_readme_states(tmp_path):
    """README, Templates: `<%= %>` prints, `<% %>` is a statement, `<# #>` a comment (its line left
    behind with no newline), and Jinja's usual `{{ … }}` and `{% … %}` are printed as they are."""
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "solution.txt.jinja").write_text(
        "<% set word = 'printed' %>\n<%= word %> {{ word }} {% if word %}<# gone #>\n<% if word %>yes<% endif %>\n",
        encoding="utf-8")
    text = symbp.derive(symbp.example("mazur"), templates=tmp_path).to("text")
    assert text == "printed {{ word }} {% if word %}yes"  # (trim_blocks: a newline after a tag goes)
