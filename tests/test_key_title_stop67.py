"""A key's title and spec name are printed by every report: checked as a spec's title is (stop 67's hostile
tester: an escape code in a forged key's title reached the terminal and the reports, 100,000 characters were
printed whole). The key's seals hold no secret, so a forged key can carry any title."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from symbp.cli import main
from symbp.key_seal import sealed


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    out = tmp_path_factory.mktemp("k") / "ws"
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _forged(sheet, tmp_path, field: str, value: str):
    key = json.loads((sheet / "answers.json").read_text(encoding="utf-8"))
    key = {k: v for k, v in key.items() if k not in ("key_format", "variant_seals", "field_seals", "seal")}
    key[field] = value
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(sealed(key)), encoding="utf-8")
    answers = tmp_path / "mine.toml"
    answers.write_text('variant = 1\n"z_0^1" = "0.5"\n', encoding="utf-8")
    return CliRunner().invoke(main, ["check", "--key", str(path), str(answers)])


@pytest.mark.parametrize("field, value, said", [
    ("title", "x\x1b]0;pwned\x07\x1b[31mRED", "title: contains a control character (U+001B)"),
    ("title", "x\u202e0.25", "title: contains"),
    ("title", "A" * 100_000, "title: 100000 characters; at most 200"),
    ("spec_name", "../x\x1b[31m", "spec_name: contains a control character (U+001B)"),
], ids=["escape", "bidi", "long", "spec_name"])
def test_a_forged_key_s_printed_texts_are_refused_naming_the_field(sheet, tmp_path, field, value, said):
    result = _forged(sheet, tmp_path, field, value)
    assert result.exit_code == 2 and said in result.output and "\x1b" not in result.output, result.output[:300]
    assert "answers.json: " + said.split(":")[0] in result.output


def test_a_plain_title_is_taken(sheet, tmp_path):
    result = _forged(sheet, tmp_path, "title", "Week 5 — backprop, Übung")
    assert result.exit_code in (0, 1), result.output
