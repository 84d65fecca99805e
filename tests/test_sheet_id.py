"""A worksheet's answers template names its sheet (`sheet-id = "…"`), and a file checked against another
sheet's key is refused before it is marked: a new user's careful student, checked against the key of the
same spec drawn with another seed, got 16 of 48 with slips named that were never made, and nothing asked
whether the key was the right one.  The id is the spec's name and seed hashed: two seeds, two ids."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from symbp.cli import main

from helpers import REPO


def _sheet(tmp_path, seed: int):
    out = tmp_path / f"seed{seed}"
    assert CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "2", "--seed", str(seed),
                                     "-o", str(out)]).exit_code == 0
    return out


def _filled(sheet, tmp_path, name: str) -> str:
    """The sheet's template filled in with variant 1's carried values (a careful student's file)."""
    key = json.loads((sheet / "answers.json").read_text(encoding="utf-8"))
    text = (sheet / "answers-template.toml").read_text(encoding="utf-8")
    text = text.replace('student = ""', 'student = "Ada"').replace('variant = ""', "variant = 1")
    for quantity, value in key["variants"][0]["carried"].items():
        text = text.replace(f'"{quantity}" = ""', f'"{quantity}" = "{value}"')
    (tmp_path / name).write_text(text, encoding="utf-8")
    return text


def test_the_template_names_its_sheet_and_a_file_of_another_sheet_is_refused(tmp_path):
    one, two = _sheet(tmp_path, 1), _sheet(tmp_path, 2)
    text = _filled(one, tmp_path, "ada.toml")
    ids = {}
    for sheet in (one, two):
        template = (sheet / "answers-template.toml").read_text(encoding="utf-8")
        ids[sheet] = re.search(r'^sheet-id = "([0-9a-f]{8})"', template, re.M).group(1)
    assert ids[one] != ids[two]
    ok = CliRunner().invoke(main, ["check", "--key", str(one / "answers.json"), str(tmp_path / "ada.toml")])
    assert ok.exit_code == 0, ok.output  # (every value the key's own: right)
    wrong = CliRunner().invoke(main, ["check", "--key", str(two / "answers.json"), str(tmp_path / "ada.toml")])
    assert wrong.exit_code == 2 and "Marking of" not in wrong.output, wrong.output
    assert f"sheet-id: this file is for sheet {ids[one]}" in wrong.output and ids[two] in wrong.output, wrong.output
    assert "is it the right key?" in wrong.output
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "ada.toml").write_text(text, encoding="utf-8")
    listing = CliRunner().invoke(main, ["check", "--key", str(two / "answers.json"), str(folder), "--out",
                                        str(tmp_path / "marked")])
    assert listing.exit_code == 2 and f"this file is for sheet {ids[one]}" in listing.output, listing.output
    (tmp_path / "old.toml").write_text(re.sub(r'^sheet-id = .*\n', "", text, flags=re.M), encoding="utf-8")
    older = CliRunner().invoke(main, ["check", "--key", str(one / "answers.json"), str(tmp_path / "old.toml")])
    assert older.exit_code == 0, older.output  # (a file without it: marked as before)


def test_a_sheet_id_that_is_not_one_is_named(tmp_path):
    one = _sheet(tmp_path, 1)
    text = _filled(one, tmp_path, "ada.toml")
    (tmp_path / "bad.toml").write_text(re.sub(r'^sheet-id = .*$', 'sheet-id = "week 5"', text, flags=re.M), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--key", str(one / "answers.json"), str(tmp_path / "bad.toml")])
    assert result.exit_code == 2 and 'sheet-id: expected the sheet\'s id' in result.output and '"week 5"' in result.output


def test_a_graph_sheets_template_names_its_sheet_too(tmp_path):
    ids = []
    for seed in (1, 2):
        out = tmp_path / f"graph{seed}"
        assert CliRunner().invoke(main, ["worksheet", "--example", "graph-neuron", "-n", "1", "--seed", str(seed),
                                         "-o", str(out)]).exit_code == 0
        ids.append(re.search(r'^sheet-id = "([0-9a-f]{8})"', (out / "answers-template.toml").read_text(encoding="utf-8"),
                             re.M).group(1))
    text = (tmp_path / "graph1" / "answers-template.toml").read_text(encoding="utf-8").replace('variant = ""', "variant = 1")
    (tmp_path / "g.toml").write_text(text.replace('= ""', '= "0.5"', 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--key", str(tmp_path / "graph2" / "answers.json"), str(tmp_path / "g.toml")])
    assert result.exit_code == 2 and f"this file is for sheet {ids[0]}" in result.output and ids[1] in result.output


def test_a_graph_node_called_sheet_is_a_quantity_as_before(tmp_path):
    """The id's key has a hyphen, which no quantity's name has: a reviewer's graph node `sheet` was read as the id."""
    spec = tmp_path / "gs.toml"
    spec.write_text('kind = "graph"\ninputs = { x = 2, y = 3 }\nstages = ["sheet = x*y", "f = sheet + x"]\n',
                    encoding="utf-8")
    (tmp_path / "a.toml").write_text('"sheet" = "6"\n"f" = "8"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(spec), str(tmp_path / "a.toml")])
    assert result.exit_code == 0 and "sheet" in result.output.split("CORRECT")[1], result.output
    out = tmp_path / "ws"
    assert CliRunner().invoke(main, ["worksheet", str(spec), "-n", "1", "--seed", "1", "-o", str(out)]).exit_code == 0
    import tomllib

    template = tomllib.loads((out / "answers-template.toml").read_text(encoding="utf-8"))  # (no key twice)
    assert "sheet" in template and len(template["sheet-id"]) == 8
