"""A file that writes one number in most boxes and earns carried credit from it is flagged for a look, in the
listing, grades.csv and the HTML class report (stop 67's hostile tester: every box 0 earned 29 of 48 points —
z = 0 makes ReLU' = 0 and all after it follows — marked as the rules say, and nothing said)."""
from __future__ import annotations

import csv
import io
import re

from click.testing import CliRunner

from symbp.cli import main


def _class(tmp_path, files: dict):
    sheet = tmp_path / "ws"
    assert CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "1", "--out",
                                     str(sheet)]).exit_code == 0
    template = (sheet / "answers-template.toml").read_text(encoding="utf-8")
    folder = tmp_path / "class"
    folder.mkdir()
    for name, fill in files.items():
        text = re.sub(r'^("[^"]+") = ""', lambda m: f'{m.group(1)} = "{fill(m.group(1))}"', template, flags=re.M)
        (folder / f"{name}.toml").write_text(text.replace('variant = ""', "variant = 1"), encoding="utf-8")
    out = tmp_path / "marked"
    result = CliRunner().invoke(main, ["check", "--key", str(sheet / "answers.json"), str(folder), "--out", str(out)])
    rows = {r["file"]: r for r in csv.DictReader(io.StringIO((out / "grades.csv").read_text(encoding="utf-8-sig")))}
    return result.output, rows


def test_one_number_throughout_is_flagged_an_honest_file_is_not(tmp_path):
    import json

    key = None

    def right(name):  # the key's carried value, as a careful student writes it
        nonlocal key
        if key is None:
            key = json.loads((tmp_path / "ws" / "answers.json").read_text(encoding="utf-8"))["variants"][0]["carried"]
        return key[name.strip('"')]

    said, rows = _class(tmp_path, {"zed": lambda name: "0", "ada": right})
    zed = next(line for line in said.splitlines() if "zed.toml" in line)
    assert re.search(r"; 0 written (\d+) times of \1: its carried credit deserves a look", zed), zed
    assert int(rows["zed.toml"]["carried"]) > 0 and "0 written" in rows["zed.toml"]["flags"]
    assert rows["ada.toml"]["flags"] == "" and "written" not in next(l for l in said.splitlines() if "ada.toml" in l)
