"""The answer key's summary links to the worked solution with words that read as a link in each
language: German said "… folgt im Anschluss (dorthin)", French "(y aller)" (a new user's finding)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from symbp.cli import main


@pytest.mark.parametrize("locale, sentence", [
    ("de", "die Musterlösung folgt im Anschluss (LINK{zur Lösung springen})."),
    ("fr", "la solution détaillée suit ce résumé (LINK{aller à la solution})."),
    ("en", "the worked solution follows it (LINK{go there})."),
])
def test_the_summary_links_to_the_solution_in_words(tmp_path, locale, sentence):
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "1",
                                       "--locale", locale, "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    key = (tmp_path / "answer-key.tex").read_text(encoding="utf-8")
    key = re.sub(r"\\hyperlink\{solution-[^}]*\}", "LINK", key)
    assert sentence in key
    assert "dorthin" not in key and "y aller" not in key
