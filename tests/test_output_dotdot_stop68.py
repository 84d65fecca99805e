"""-o new/../x.txt names only the folder it makes: new (it said "made the folder new/.., which did not exist":
stop 66's hostile tester); the file is written where the path says, as a shell's mkdir -p then > would."""

from __future__ import annotations

from click.testing import CliRunner

from symbp.cli import main


def test_dot_dot_after_a_new_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["derive", "--example", "nn231", "-o", "new/../x.txt"])
    assert result.exit_code == 0, result.output
    made = [line for line in result.output.splitlines() if line.startswith("made the folder")]
    assert made == ["made the folder new, which did not exist"], made
    assert (tmp_path / "x.txt").is_file() and (tmp_path / "new").is_dir()
