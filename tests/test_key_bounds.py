"""A key's variants are bounded as a worksheet makes them (the stop-65 hostile-input tester's HIGH: an old-format key
of 14,500 copies of a variant, 58 MB, under the size limit, took 23 s for each answers file; an id of 10^30 was
accepted, and the refusal then blamed the student's variant). At most MAX_VARIANT_NUMBER variants, each id a number
from 1 to it (or a short text): refused, naming the field, exit 2, before any file is marked."""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from symbp.cli import main
from symbp.key_fields import MAX_ID_CHARS, MAX_KEY_VARIANTS
from symbp.worksheet import MAX_VARIANT_NUMBER


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    out = tmp_path_factory.mktemp("sheet")
    done = CliRunner().invoke(main, ["worksheet", "--example", "mazur", "-n", "1", "--seed", "5", "--out", str(out)])
    assert done.exit_code == 0, done.output
    return json.loads((out / "answers.json").read_text(encoding="utf-8"))


def _refusal(tmp_path, data) -> str:
    (tmp_path / "key.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "a.toml").write_text('variant = 1\n"z_0^1" = "0.3"\n', encoding="utf-8")
    done = CliRunner().invoke(main, ["check", "--key", str(tmp_path / "key.json"), str(tmp_path / "a.toml")])
    assert done.exit_code == 2, done.output
    return done.output


def test_the_bound_is_the_worksheets():
    assert MAX_KEY_VARIANTS == MAX_VARIANT_NUMBER


def test_more_variants_than_a_worksheet_makes_are_refused(key, tmp_path):
    data = copy.deepcopy(key)
    data["variants"] = [dict(copy.deepcopy(key["variants"][0]), id=i) for i in range(1, MAX_KEY_VARIANTS + 2)]
    out = _refusal(tmp_path, data)
    assert f"variants: {MAX_KEY_VARIANTS + 1} variants; a worksheet's key has at most {MAX_KEY_VARIANTS}" in out, out


@pytest.mark.parametrize("bad", [10**30, 0, -3, MAX_KEY_VARIANTS + 1, "x" * (MAX_ID_CHARS + 1)])
def test_an_id_no_worksheet_writes_is_refused(key, tmp_path, bad):
    data = copy.deepcopy(key)
    data["variants"][0]["id"] = bad
    out = _refusal(tmp_path, data)
    assert "variants[0]: id: expected a variant number from 1 to" in out and "was the key edited" in out, out


def test_a_graph_sheet_is_numbered_within_the_bound_too(tmp_path):
    """A graph sheet numbered its variants past 1000 (--first-variant 999 -n 3: 999-1001), and its key was then
    refused by check (the second reviewer's HIGH): refused at the sheet now, as a network's is."""
    done = CliRunner().invoke(main, ["worksheet", "--example", "graph-neuron", "--first-variant", "999", "-n", "3",
                                     "--seed", "2", "--out", str(tmp_path / "g")])
    assert done.exit_code == 2 and "--first-variant" in done.output and "go past 1000" in done.output, done.output
    assert not (tmp_path / "g").exists()
    done = CliRunner().invoke(main, ["worksheet", "--example", "graph-neuron", "--first-variant", "998", "-n", "3",
                                     "--seed", "2", "--out", str(tmp_path / "g")])
    assert done.exit_code == 0, done.output
    (tmp_path / "a.toml").write_text('variant = 1000\n"f" = "0.5"\n', encoding="utf-8")
    done = CliRunner().invoke(main, ["check", "--key", str(tmp_path / "g" / "answers.json"), str(tmp_path / "a.toml")])
    assert done.exit_code in (0, 1), done.output
