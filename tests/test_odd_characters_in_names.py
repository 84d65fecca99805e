"""A name in an answers file holding a character that does not show (a zero-width space or joiner pasted in) or a
Cyrillic letter that looks like a Latin one is refused saying which character, with the field shown escaped (the
stop-65 hostile-input tester's MEDIUM: "z_0^1​: not a quantity name (did you mean 'z_0^1'?)" with the character
unseen; а_0^1 in Cyrillic was "did you mean 'z_0^1'?")."""

from __future__ import annotations

import pytest

from helpers import cli_runner
from symbp.cli import main


def _refusal(tmp_path, lines: str, *options) -> str:
    (tmp_path / "a.toml").write_text(lines, encoding="utf-8")
    done = cli_runner().invoke(main, ["check", "--example", "nn231", str(tmp_path / "a.toml"), *options])
    assert done.exit_code == 2, done.output
    return done.output


@pytest.mark.parametrize("name,shown,code", [("z_0^1\u200b", "z_0^1\\u200b", "U+200B"),
                                             ("z\u200d_0^1", "z\\u200d_0^1", "U+200D"),
                                             ("a_0^1\u2060", "a_0^1\\u2060", "U+2060")])
def test_an_invisible_character_is_named(tmp_path, name, shown, code):
    out = _refusal(tmp_path, f'"{name}" = "0.3"\n')
    assert f"{shown}: not a quantity of this network (it holds {code}, a character that does not show" in out, out
    assert "\u200b" not in out and "\u200d" not in out and "\u2060" not in out
    meant = name.replace("\u200b", "").replace("\u200d", "").replace("\u2060", "")
    assert f"did you mean '{meant}'?" in out, out


def test_a_cyrillic_lookalike_is_named(tmp_path):
    out = _refusal(tmp_path, '"\u0430_0^1" = "0.3"\n')
    assert "its \u0430 is U+0430, a Cyrillic letter that looks like the Latin a; did you mean 'a_0^1'?" in out, out
    out = _refusal(tmp_path, '"\u0430_0^1" = "0.3"\n', "--locale", "de")
    assert "kyrillischer Buchstabe" in out and "gemeint: 'a_0^1'?" in out, out


def test_among_other_unknown_names_it_is_shown_escaped(tmp_path):
    out = _refusal(tmp_path, '"zz" = "1"\n"z_0^1\u200b" = "0.3"\n')
    assert "z_0^1\\u200b (it holds U+200B" in out and "\u200b" not in out, out


def test_a_word_in_cyrillic_is_no_lookalike_slip(tmp_path):
    out = _refusal(tmp_path, '"Потеря" = "0.1"\n')  # (a Russian word: the second reviewer's LOW)
    assert "Cyrillic letter" not in out and "not a quantity" in out, out
