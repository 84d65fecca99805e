"""A course catalogue's plural message must give every form symbp's has (stop 67's hostile tester: a table with
one only was a KeyError 'other' blamed on symbp's own words.jinja; one with an extra form was named as the
wrong key)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from symbp.cli import main


@pytest.mark.parametrize("table, got", [('{ one = "{n} a" }', "got one = …"), ('{ other = "{n} b" }', "got other = …"),
                                        ("{}", "got none"),
                                        ('{ one = "{n} a", other = "{n} b", zzz = "{n} c" }', "got one = …, other = …, zzz = …")])
def test_a_plural_message_with_other_forms_is_refused_naming_it(tmp_path, table, got):
    folder = tmp_path / "course" / "i18n"
    folder.mkdir(parents=True)
    (folder / "en.toml").write_text(f"[neurons]\nrelu = {table}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", "--example", "nn231", "--templates", str(tmp_path / "course")])
    assert result.exit_code == 2, result.output
    assert "en.toml: neurons.relu: expected a table of the forms one = …, other = …, " + got in result.output, result.output
    assert "words.jinja" not in result.output and "KeyError" not in result.output


def test_a_whole_plural_message_is_taken(tmp_path):
    folder = tmp_path / "course" / "i18n"
    folder.mkdir(parents=True)
    (folder / "en.toml").write_text('[neurons]\nrelu = { one = "{n} rectifier", other = "{n} rectifiers" }\n',
                                    encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", "--example", "nn231", "--templates", str(tmp_path / "course")])
    assert result.exit_code == 0, result.output
