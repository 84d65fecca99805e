"""An answers file's names (stop 64's student tester): a name that differs from a quantity's only in letter case
is suggested that quantity (df/dX: 'df/dx', not difflib's 'df/dz'; A: 'a'), and every quantity given twice in two
spellings is named in the one line that refuses the file (only the first was, so a student fixed and reran)."""

from __future__ import annotations

from helpers import cli_runner
from symbp.cli import main


def _refusal(tmp_path, example: str, lines: str, *options) -> str:
    (tmp_path / "a.toml").write_text(lines, encoding="utf-8")
    done = cli_runner().invoke(main, ["check", "--example", example, str(tmp_path / "a.toml"), *options])
    assert done.exit_code == 2, done.output
    return done.output


def test_a_name_in_other_letter_case_is_suggested_as_written_in_lower_case(tmp_path):
    out = _refusal(tmp_path, "graph-fanout-max", '"df/dX" = -2\n"A" = -12\n')
    assert "df/dX: not a quantity" in out and "(did you mean 'df/dx'?)" in out
    assert "A (did you mean 'a'?)" in out
    out = _refusal(tmp_path, "nn231", '"Z_0^1" = 1\n')
    assert "(did you mean 'z_0^1'?)" in out


def test_every_quantity_given_twice_is_named(tmp_path):
    lines = '"δ_0^2" = "0.1385"\n"delta_0^2" = "0.1385"\n"w_00^2@2" = "0.3589"\n"w_00^2<2>" = "0.3589"\n"L" = "0.2984"\n'
    out = _refusal(tmp_path, "mazur", lines)
    assert out.count("\n") == 1 and out.startswith("symbp: ")
    assert 'delta_0^2: given twice (also as "δ_0^2")' in out and 'w_00^2<2> (also as "w_00^2@2")' in out, out
    out = _refusal(tmp_path, "mazur", lines, "--locale", "de")
    assert "zweimal angegeben" in out and "ebenfalls zweimal angegeben: w_00^2<2> (auch als" in out, out


def test_one_quantity_given_twice_is_one_plain_line(tmp_path):
    out = _refusal(tmp_path, "mazur", '"δ_0^2" = "0.1385"\n"delta_0^2" = "0.1385"\n')
    assert out.strip().endswith('delta_0^2: given twice (also as "δ_0^2")'), out
