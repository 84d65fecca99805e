"""`symbp check --key FILE ANSWERS` where FILE is not a worksheet's answers.json: one line naming what
it seems to be and which file the key is, exit 2 (it said "not valid JSON: Expecting value: line 1
column 1 (char 0)" for the answers template, a worksheet .tex, a spec; "unknown field" for the JSON
key of `symbp derive`).  The files are written here as `symbp worksheet`/`derive` write them, in
their first lines: the test reads no sheet."""

from __future__ import annotations

import json

import pytest

from helpers import symbp_here

TEMPLATE = '# Answers to "Net", for: symbp check --key answers.json THIS-FILE\n\nstudent = ""\n"a_0^1" = ""\n"z_0^2" = ""\n'
FILES = {
    "answers-template.toml": (TEMPLATE, "the blank answers template"),
    "ada.toml": (TEMPLATE.replace('"a_0^1" = ""', '"a_0^1" = "0.4712"'), "a student's answers file"),
    "worksheet.tex": ("\\documentclass[11pt]{article}\n\\begin{document}\n", "a LaTeX document"),
    "net.toml": ('layers = [2, 1]\nloss = "half_sse"\n', "a spec"),
    "net.json": (json.dumps({"title": "Net", "mode": "exact", "values": {}, "exact": {}, "spec": {}}),
                 "the JSON answer key of `symbp derive`"),
}


@pytest.mark.parametrize("name", FILES)
def test_a_file_given_as_the_key_is_named_for_what_it_is(tmp_path, name):
    text, what = FILES[name]
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "answers.json").write_text("{}", encoding="utf-8")  # the key beside it, named
    refused = symbp_here("check", "--key", name, "answers-template.toml", cwd=tmp_path)
    assert refused.returncode == 2 and len(refused.stderr.splitlines()) == 1, refused.stderr
    assert refused.stderr.startswith(f"symbp: {name}: {what}") and "not a key" in refused.stderr
    assert refused.stderr.rstrip().endswith("wrote beside it, answers.json")
