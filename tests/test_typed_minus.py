"""A minus as a word processor or keyboard types it — Word's en dash for " - ", a hyphen U+2010, a small or
figure dash — and a no-break or thin space inside a number are read as - and a space: a hostile tester
found "–0.5" and "‐0.5" NOT READ (never marked wrong, but the student had to hand in again)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from symbp.cli import main


@pytest.mark.parametrize("minus", ["\u2013", "\u2010", "\u2011", "\u2012", "\ufe63", "\u2212", "-"])
def test_a_typed_minus_is_read_as_minus(tmp_path, minus):
    answers = tmp_path / "a.toml"
    # z_0^1 of nn231 is −0.5 (0.2·1 − 0.4·2 + 0.1), z_1^1 is 1.1 (−0.3·1 + 0.8·2 − 0.2)
    answers.write_text(f'"z_0^1" = "{minus}0.5"\n"z_1^1" = "1\u202f.1"\n"z_2^1" = "{minus}\u00a01.8"\n',
                       encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--example", "nn231", str(answers)])
    assert "NOT READ" not in result.output, result.output
    assert "CORRECT (2)\n  z_0^1, z_1^1" in result.output, result.output
    assert "WRONG (1)" in result.output and "z_2^1 = −1.8" in result.output  # (z_2^1 is +1.8: read, and wrong)
