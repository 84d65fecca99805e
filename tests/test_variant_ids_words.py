"""A key's variants named as a range in the report's language ("1 bis 9" in German: "1 to 9" was English there;
the stop-65 README-only new user)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from symbp.cli import main


@pytest.mark.parametrize("locale,says", [("en", "(it has 1 to 9)"), ("de", "(Varianten: 1 bis 9)"),
                                         ("fr", "1 à 9")])
def test_the_range_of_variants_in_the_language(tmp_path, locale, says):
    done = CliRunner().invoke(main, ["worksheet", "--example", "mazur", "-n", "9", "--seed", "5", "--out",
                                     str(tmp_path / "ws")])
    assert done.exit_code == 0, done.output
    (tmp_path / "a.toml").write_text('variant = 21\n"z_0^1" = "0.3"\n', encoding="utf-8")
    done = CliRunner().invoke(main, ["check", "--key", str(tmp_path / "ws" / "answers.json"), str(tmp_path / "a.toml"),
                                     "--locale", locale])
    assert done.exit_code == 2 and says in done.output, done.output
