"""A JSON file's values counted before json builds them (stop 66's first hostile tester: a 63 MB key of
30 M numbers or empty lists took 2.9 GB and 30 s before it was refused)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from symbp.cli import main
from symbp.inputs import MAX_JSON_VALUES, too_many_values


def _check(tmp_path, key_text: str):
    key = tmp_path / "answers.json"
    key.write_text(key_text, encoding="utf-8")
    answers = tmp_path / "mine.toml"
    answers.write_text("[forward]\n", encoding="utf-8")
    return CliRunner().invoke(main, ["check", "--key", str(key), str(answers)])


def test_a_key_of_millions_of_lists_or_numbers_is_refused_by_its_count(tmp_path):
    for item in ("[]", "1", "{}"):
        text = '{"key_format": 2, "variants": [' + ",".join([item] * (MAX_JSON_VALUES + 10)) + "]}"
        result = _check(tmp_path, text)
        assert result.exit_code == 2, (item, result.output[-300:])
        assert f"more than {MAX_JSON_VALUES} values" in result.output and "Traceback" not in result.output, item


def test_a_real_key_is_far_below_the_bound(tmp_path):
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "40", "--seed", "2",
                                       "-o", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "ws" / "answers.json").read_text(encoding="utf-8")
    values = [0]

    def count(value):  # every value json builds: MAX_JSON_VALUES holds a 64 MB key's ~2.2 M
        values[0] += 1
        if isinstance(value, dict):
            for item in value.values():
                count(item)
        elif isinstance(value, list):
            for item in value:
                count(item)
    count(json.loads(text))
    per_byte = values[0] / len(text)
    assert values[0] * (64 * 1024 * 1024 / len(text)) < MAX_JSON_VALUES / 1.5, per_byte
    assert not too_many_values(text)
