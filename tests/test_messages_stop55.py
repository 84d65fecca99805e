"""Messages of stop 55: `check -o FOLDER` says where a folder of reports goes (a leftover of stop 53:
"is a folder (expected a file)" and no more)."""
from __future__ import annotations

from helpers import cli_runner
from symbp.cli import main


def test_check_o_with_a_folder_points_to_out(tmp_path):
    ws, folder = tmp_path / "ws", tmp_path / "marked"
    assert cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--out", str(ws)]).exit_code == 0
    folder.mkdir()
    result = cli_runner().invoke(main, ["check", "--key", str(ws / "answers.json"), str(ws / "answers-template.toml"),
                                        "-o", str(folder)])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(f"{folder}: is a folder (expected a file; -o writes one report; --out DIR writes one per file when marking a folder)")
    derive = cli_runner().invoke(main, ["derive", "--example", "nn231", "-o", str(folder)])  # (derive has no --out)
    assert derive.exit_code == 2 and derive.stderr.strip().endswith("is a folder (expected a file)")
