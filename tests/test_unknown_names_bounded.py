"""An answers file of made-up names is refused naming a few, not searched name by name: a suggestion is
looked for (difflib over every name of the exercise: 0.1–0.2 s each against a 30-30-30 network) for the
first ten only, and the refusal counts the rest (a hostile tester's 2 MB file of such names held a class's
whole time budget, and its one refusal line ran to 1.4 MB)."""

from __future__ import annotations

import re

from click.testing import CliRunner

from symbp.cli import main

from helpers import REPO


def _catalogue(key: str) -> str:
    text = (REPO / "templates" / "i18n" / "en.toml").read_text(encoding="utf-8")
    section = text[text.index("\n[input]"):]
    return re.search(rf'^{key} = "(.*)"$', section, re.M).group(1)


def test_a_file_of_made_up_names_is_refused_naming_ten_and_counting_the_rest(tmp_path):
    answers = tmp_path / "made-up.toml"
    answers.write_text("".join(f'"z_{i}^9" = "0.{i}"\n' for i in range(2000)), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--example", "nn231", str(answers)])
    assert result.exit_code == 2, result.output[:500]
    line = result.output.strip()
    assert line.count("did you mean") == 10, line
    # (stop 67: a file of more names than the exercise has quantities stops looking after ten unknown ones)
    assert line.endswith(_catalogue("names_not_looked_at").format(total=2000, m=72, n=1990)), line[-200:]
    assert len(line) < 2000, len(line)


def test_a_few_misspelled_names_each_keep_their_suggestion(tmp_path):
    answers = tmp_path / "typos.toml"
    answers.write_text('"z_0^l" = "0.1"\n"a_1^l" = "0.2"\n"z_0^1" = "-0.5"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--example", "nn231", str(answers)])
    assert result.exit_code == 2
    assert "z_0^l: not a quantity name (did you mean 'z_0^1'?)" in result.output, result.output
    assert "a_1^l (did you mean 'a_1^1'?)" in result.output and "more" not in result.output, result.output
