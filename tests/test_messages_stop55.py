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


def test_a_worksheets_answers_are_refused_against_the_spec(tmp_path):
    """(the new user's MEDIUM, stop 55) a filled worksheet answers file (sheet-id, variant) checked against
    the spec was marked against the spec's own numbers: 37 of 67 right values wrong, exit 1."""
    import json
    import re

    from symbp.resources import example_path

    ws = tmp_path / "ws"
    assert cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "4", "--out", str(ws)]).exit_code == 0
    key = json.loads((ws / "answers.json").read_text(encoding="utf-8"))
    variant = key["variants"][0]
    template = (ws / "answers-template.toml").read_text(encoding="utf-8")
    assert 'sheet-id = "' in template
    filled = tmp_path / "ada.toml"  # the key's own values: all right against the key
    sheet = re.search(r'sheet-id = "(\w+)"', template).group(1)
    filled.write_text(f'variant = 1\nsheet-id = "{sheet}"\n' + "".join(
        f'"{name}" = {json.dumps(variant["values"][name])}\n' for name in variant["asked"]), encoding="utf-8")
    right = cli_runner().invoke(main, ["check", "--key", str(ws / "answers.json"), str(filled), "--format", "json"])
    assert json.loads(right.stdout)["summary"]["wrong"] == 0
    refused = cli_runner().invoke(main, ["check", str(example_path("nn231")), str(filled)])
    assert refused.exit_code == 2 and "mark it against that sheet's key" in refused.stderr, refused.output


def test_a_binary_file_is_called_one(tmp_path):
    """(the new user's LOW) a program given as the answers file was told to 'save it as UTF-8'."""
    binary = tmp_path / "prog"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
    result = cli_runner().invoke(main, ["check", "--example", "nn231", str(binary)])
    assert result.exit_code == 2 and "a binary file (it holds NUL bytes), not a TOML or JSON answers file" in result.stderr
    utf16 = tmp_path / "u16.toml"
    utf16.write_bytes('"z_0^1" = "-0.5"\n'.encode("utf-16"))  # (its NULs: still named UTF-16)
    said = cli_runner().invoke(main, ["check", "--example", "nn231", str(utf16)]).stderr
    assert "UTF-16 text, not UTF-8" in said

