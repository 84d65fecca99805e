"""An answers file with unknown names AND quantities given twice is refused in one line that names both kinds (the
stop-64 leftover: the names given twice were reported only on the run after the unknown ones were fixed, so a
student fixed and reran twice)."""

from __future__ import annotations

from helpers import cli_runner
from symbp.cli import main
from symbp.check import MAX_UNKNOWN_NAMED


def _refusal(tmp_path, lines: str, *options) -> str:
    (tmp_path / "a.toml").write_text(lines, encoding="utf-8")
    done = cli_runner().invoke(main, ["check", "--example", "nn231", str(tmp_path / "a.toml"), *options])
    assert done.exit_code == 2, done.output
    assert done.output.count("\n") == 1 and done.output.startswith("symbp: "), done.output
    return done.output


def test_unknown_and_twice_in_one_line(tmp_path):
    out = _refusal(tmp_path, '"zz" = "2"\n"delta_0^2" = "1"\n"δ_0^2" = "1"\n"qq" = "3"\n')
    assert "zz: not a quantity of this network" in out and "nor are these: qq" in out, out
    assert 'also given twice: δ_0^2 (also as "delta_0^2")' in out, out
    out = _refusal(tmp_path, '"zz" = "2"\n"delta_0^2" = "1"\n"δ_0^2" = "1"\n', "--locale", "de")
    assert "zz:" in out and "ebenfalls zweimal angegeben: δ_0^2 (auch als" in out, out


def test_many_twice_after_an_unknown_are_counted(tmp_path):
    pairs = [(f"{q}_{j}^{l}", f"{q}_{{{j}}}^{{{l}}}") for q in "az" for l, n in ((1, 3), (2, 1)) for j in range(n)]
    pairs += [(f"delta_{j}^1", f"δ_{j}^1") for j in range(3)]  # 11 quantities given twice, more than are shown
    lines = '"zz" = "2"\n' + "".join(f'"{a}" = "1"\n"{b}" = "1"\n' for a, b in pairs)
    out = _refusal(tmp_path, lines)
    named = out.count("(also as ")
    assert named == min(len(pairs), MAX_UNKNOWN_NAMED), out
    assert len(pairs) > MAX_UNKNOWN_NAMED
    assert f"and {len(pairs) - MAX_UNKNOWN_NAMED} more" in out, out


def test_only_unknown_or_only_twice_unchanged(tmp_path):
    out = _refusal(tmp_path, '"zz" = "2"\n')
    assert out.strip().endswith("answers-template`"), out
    out = _refusal(tmp_path, '"delta_0^2" = "1"\n"δ_0^2" = "1"\n')
    assert out.strip().endswith('δ_0^2: given twice (also as "delta_0^2")'), out
