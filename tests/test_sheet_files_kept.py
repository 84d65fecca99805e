"""No report or solution is written over a handed-out worksheet's files (stop 52; stop 51's new
user: `symbp check --key ws/answers.json ada.toml -o ws/worksheet.tex` replaced the sheet with Ada's
report).  A worksheet's folder is told by its key (ws/answers.json); the names are the ones
`symbp worksheet` writes, read from a real worksheet run here, not from symbp's list."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import symbp
from symbp.cli import main

ANSWERS = 'student = "Ada"\nvariant = 1\n"z_0^1" = "0.1"\n'


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _state(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sheet") / "ws"
    done = _run("worksheet", "--example", "nn231", "-n", "2", "--seed", "1", "--out", folder)
    assert done.exit_code == 0, done.stderr
    return folder


@pytest.fixture
def work(tmp_path, sheet, monkeypatch):
    shutil.copytree(sheet, tmp_path / "ws")
    # the PDFs' names too (a sheet made with --pdf has them; their content does not matter here)
    for name in ("worksheet.pdf", "answer-key.pdf"):
        (tmp_path / "ws" / name).write_bytes(b"%PDF-1.5 handed out\n")
    (tmp_path / "ada.toml").write_text(ANSWERS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _sheet_names(sheet: Path) -> list[str]:
    """The files a worksheet run wrote, the key left out (its own refusal), and the PDFs' names."""
    return sorted({p.name for p in sheet.iterdir() if p.name != "answers.json"} | {"worksheet.pdf", "answer-key.pdf"})


def test_the_sheet_has_the_files_this_test_names(sheet):
    assert {"worksheet.tex", "answer-key.tex", "answers-template.toml"} <= set(_sheet_names(sheet))


@pytest.mark.parametrize("command", ["check", "derive"])
def test_no_file_of_a_handed_out_sheet_is_replaced(work, sheet, command):
    before = _state(work / "ws")
    for name in _sheet_names(sheet):
        args = (["check", "--key", "ws/answers.json", "ada.toml"] if command == "check"
                else ["derive", "--example", "nn231"])
        fmt = [] if name.endswith((".tex", ".pdf", ".txt", ".json")) else ["-f", "text"]
        done = _run(*args, "-o", f"ws/{name}", *fmt)
        assert done.exit_code == 2, (name, done.output)
        line = done.stderr.strip().splitlines()[-1]
        assert line.startswith("symbp: -o: ws/") and "is a file of the worksheet in ws" in line, line
        assert "ws/answers.json" in line and "Traceback" not in done.output
        assert _state(work / "ws") == before, name


def test_the_name_is_compared_as_a_case_insensitive_disk_does(work):
    before = _state(work / "ws")
    done = _run("check", "--key", "ws/answers.json", "ada.toml", "-o", "ws/Worksheet.TEX")
    assert done.exit_code == 2 and "is a file of the worksheet in ws" in done.stderr
    assert _state(work / "ws") == before and not (work / "ws" / "Worksheet.TEX").exists()


def test_other_files_beside_a_sheet_and_sheet_names_elsewhere_are_written(work):
    done = _run("check", "--key", "ws/answers.json", "ada.toml", "-o", "ws/ada-report.tex")
    assert done.exit_code == 1 and (work / "ws" / "ada-report.tex").read_text(encoding="utf-8").startswith("\\document")
    (work / "notes").mkdir()
    done = _run("derive", "--example", "nn231", "-o", "notes/worksheet.tex")  # no key beside it: not a sheet
    assert done.exit_code == 0, done.output
    assert "\\begin{document}" in (work / "notes" / "worksheet.tex").read_text(encoding="utf-8")
    (work / "notes" / "answers.json").write_text('{"values": {"z_0^1": "0.1"}}', encoding="utf-8")  # not a key
    assert _run("derive", "--example", "nn231", "-o", "notes/worksheet.tex").exit_code == 0


def test_exports_of_another_sheet_are_refused_too(work):
    before = _state(work / "ws")
    done = _run("worksheet", "--example", "nn231", "-n", "1", "--seed", "2", "--out", "other",
                "--csv", "ws/answers-template.toml")
    assert done.exit_code == 2 and "--csv: ws/answers-template.toml is a file of the worksheet in ws" in done.stderr
    assert _state(work / "ws") == before and not (work / "other").exists()


def test_the_python_api_refuses_as_the_command_line_does(work):
    before = _state(work / "ws")
    solution = symbp.derive(symbp.example("nn231"))
    for name in ("worksheet.tex", "answer-key.pdf", "answers-template.toml", "answers.json"):
        with pytest.raises(symbp.OutputError) as raised:
            solution.save(work / "ws" / name, format="text" if name.endswith(".toml") else None)
        assert "worksheet" in str(raised.value), str(raised.value)
    assert _state(work / "ws") == before
    assert solution.save(work / "ws" / "notes.md") == [work / "ws" / "notes.md"]


def test_a_link_to_a_sheets_file_is_refused(work):
    (work / "link.tex").symlink_to(work / "ws" / "worksheet.tex")
    before = _state(work / "ws")
    done = _run("derive", "--example", "nn231", "-o", "link.tex")
    assert done.exit_code == 2 and "-o: link.tex is a file of the worksheet in" in done.stderr, done.output
    assert _state(work / "ws") == before
