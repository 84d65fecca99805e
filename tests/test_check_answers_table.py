"""Answers written in a table ([answers], [student1]) were refused as "answers: not a quantity of this graph"
— true, but no help to a student who only has to move the lines up: the message says so, with the table's own
first name, in the report's language; exit 2, no traceback, nothing written."""

from __future__ import annotations

import pytest

from helpers import run_symbp


@pytest.mark.parametrize("locale, words", [("en", "at the top of the file"), ("de", "an den Anfang der Datei"),
                                           ("fr", "en tête du fichier")])
def test_answers_in_a_table_say_to_write_them_at_the_top(tmp_path, locale, words):
    answers = tmp_path / "a.toml"
    answers.write_text('student = "Ada"\n\n[answers]\n"z_0^1" = 0.4\n"a_0^1" = 0.4\n', encoding="utf-8")
    result = run_symbp("check", "--example", "nn231", str(answers), "--locale", locale, "-o", str(tmp_path / "r.txt"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"symbp: {answers}: answers: ") and words in result.stderr, result.stderr
    assert '"z_0^1"' in result.stderr or "« z_0^1 »" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not (tmp_path / "r.txt").exists()


def test_the_points_table_is_still_read(tmp_path):
    answers = tmp_path / "a.toml"
    answers.write_text('"z_0^1" = 0.4\n\n[points]\n"z_0^1" = 2\n', encoding="utf-8")
    result = run_symbp("check", "--example", "nn231", str(answers), "-f", "json")
    assert result.returncode in (0, 1) and "table" not in result.stderr, result.stderr
