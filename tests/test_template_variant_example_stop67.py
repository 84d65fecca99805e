"""The answers template's `variant = …` example is a variant of the sheet (stop 67's instructor tester: "e.g.
variant = 3" on a sheet of variants 4–5)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from symbp.cli import main


@pytest.mark.parametrize("example", ["nn231", "graph-neuron"])
def test_the_example_is_the_sheet_s_first_variant(tmp_path, example):
    out = tmp_path / "ws"
    result = CliRunner().invoke(main, ["worksheet", "--example", example, "-n", "2", "--seed", "5", "--first-variant",
                                       "4", "--out", str(out)])
    assert result.exit_code == 0, result.output
    ids = [str(v["id"]) for v in json.loads((out / "answers.json").read_text(encoding="utf-8"))["variants"]]
    line = next(line for line in (out / "answers-template.toml").read_text(encoding="utf-8").splitlines()
                if line.startswith("variant = "))
    assert ids == ["4", "5"] and line.endswith("variant = 4"), (ids, line)
