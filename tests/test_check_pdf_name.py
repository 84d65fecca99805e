"""`symbp check SPEC ANSWERS --pdf` (or --example) writes output/ANSWERS-checked.tex and .pdf, as the README says
and as with --key: it used the spec's name, so two students checking against one example in one folder overwrote
each other's report (the stop-65 README-only new user)."""

from __future__ import annotations

from helpers import cli_runner
from symbp.cli import main


def test_the_report_is_named_after_the_answers_file(tmp_path, requires_tex, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for student in ("ada", "ben"):
        (tmp_path / f"{student}.toml").write_text('"z_0^1" = "0.3"\n', encoding="utf-8")
        done = cli_runner().invoke(main, ["check", "--example", "mazur", f"{student}.toml", "--pdf"])
        assert done.exit_code in (0, 1), done.output
    assert {p.name for p in (tmp_path / "output").iterdir()} >= {"ada-checked.tex", "ada-checked.pdf",
                                                                 "ben-checked.tex", "ben-checked.pdf"}
