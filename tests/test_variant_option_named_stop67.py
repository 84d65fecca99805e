"""`check --key … --variant X FILE` with an X the key does not have names --variant, not the file's own
variant field (stop 67's hostile tester: "cls/ada.toml: variant: abc is not a variant…")."""
from __future__ import annotations

from click.testing import CliRunner

from symbp.cli import main


def test_a_variant_the_key_has_not_is_named_where_it_came_from(tmp_path):
    out = tmp_path / "ws"
    assert CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "2", "--seed", "1", "--out",
                                     str(out)]).exit_code == 0
    answers = tmp_path / "ada.toml"
    answers.write_text('variant = 1\n"z_0^1" = "0.5"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--key", str(out / "answers.json"), "--variant", "abc", str(answers)])
    assert result.exit_code == 2 and "--variant: abc is not a variant of" in result.output, result.output
    answers.write_text('variant = 7\n"z_0^1" = "0.5"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--key", str(out / "answers.json"), str(answers)])
    assert result.exit_code == 2 and "ada.toml: variant: 7 is not a variant of" in result.output, result.output
