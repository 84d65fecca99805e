"""A graph worksheet made in French is marked in French (a new user: its answers.json had no locale,
so `check --key` reported in English though the README says the key records its language), and a
branch's gradient that is exactly 0 prints "0", not "≈ 0" (0.13534 · 0 computed as a 50-digit
number).  The words expected are the catalogue's; the zero is the test's own reading of the stages
(max(x, z) with x < z routes nothing to x)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import symbp
from helpers import cli_runner
from symbp.cli import main

CATALOGUES = Path(__file__).resolve().parent.parent / "templates" / "i18n"
GRAPH = {"kind": "graph", "title": "Quatre portes", "inputs": {"x": 2, "y": -1, "z": 3, "w": 0.5},
         "stages": ["a = x * y", "b = max(x, z)", "c = exp(-x)", "d = x * x + w", "f = a + b * c + ln(d)"]}


def test_a_french_graph_sheet_is_marked_in_french(tmp_path):
    spec = tmp_path / "graphe.toml"
    spec.write_text("\n".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in GRAPH.items() if k != "inputs")
                    + '\ninputs = { x = 2, y = -1, z = 3, w = 0.5 }\n', encoding="utf-8")
    made = cli_runner().invoke(main, ["worksheet", str(spec), "-n", "2", "--seed", "3", "--locale", "fr",
                                      "--out", str(tmp_path / "fiche")])
    assert made.exit_code == 0, made.output
    key = json.loads((tmp_path / "fiche" / "answers.json").read_text(encoding="utf-8"))
    assert key["locale"] == "fr"
    folder = tmp_path / "rendus"
    folder.mkdir()
    (folder / "ada.toml").write_text('variant = 1\n"a" = "0.5"\n', encoding="utf-8")
    run = cli_runner().invoke(main, ["check", "--key", str(tmp_path / "fiche" / "answers.json"), str(folder),
                                     "--out", str(tmp_path / "corr")])
    summary = tomllib.loads((CATALOGUES / "fr.toml").read_text(encoding="utf-8"))["class_summary"]["marked"]["one"]
    assert summary.replace("{marked}", "1").replace("{n}", "1") in run.stdout, run.output


def test_an_exact_zero_branch_gradient_prints_as_zero():
    text = symbp.derive(symbp.spec_from_dict(GRAPH)).to_text()
    wire = next(line for line in text.splitlines() if re.match(r"\s*x → b:", line))
    assert wire.rstrip().endswith("gradient 0"), wire
