"""A record of what symbp wrote into a folder (.symbp-reports, .symbp-exports) names files by their size and
BLAKE2b hash, which anyone holding the file can compute: a record planted in a folder (a student's zip unpacked
into the marks' folder) made a class run remove the instructor's own file (stop 66's first hostile tester).
A record now carries a seal keyed by this user's secret in symbp's cache folder; one without it removes nothing."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from click.testing import CliRunner

from symbp.cli import main


def _blake2(data: bytes, key: bytes = b"") -> str:
    return hashlib.blake2b(data, key=key, digest_size=32).hexdigest()


def _class(tmp_path):
    sheet, folder, out = tmp_path / "sheet", tmp_path / "class", tmp_path / "marked"
    done = CliRunner().invoke(main, ["worksheet", "--example", "mazur", "-n", "2", "--seed", "5", "--out", str(sheet)])
    assert done.exit_code == 0, done.output
    folder.mkdir()
    (folder / "ada.toml").write_text('student = "ada"\nvariant = 1\n"z_0^1" = "0.3"\n', encoding="utf-8")
    return sheet, folder, out


def _empty_run(sheet, folder, out):
    """A class run refused (no answers file): it removes what the folder's record lists as symbp's."""
    for answers in folder.iterdir():
        answers.unlink()
    done = CliRunner().invoke(main, ["check", "--key", str(sheet / "answers.json"), str(folder), "--out", str(out)])
    assert done.exit_code == 2, done.output
    return done.output


def test_a_planted_record_with_a_file_s_true_hash_removes_nothing(tmp_path):
    sheet, folder, out = _class(tmp_path)
    out.mkdir()
    notes = b"the instructor's grades of last term\n"
    (out / "notes.txt").write_bytes(notes)
    entries = [{"path": "notes.txt", "size": len(notes), "blake2b": _blake2(notes)}]
    for record in ({"format": 2, "exports": entries},  # the format before seals
                   {"format": 3, "exports": entries, "seal": "0" * 64},  # a seal not made with this user's secret
                   {"format": 3, "exports": entries,
                    "seal": _blake2(json.dumps([".symbp-reports", entries], sort_keys=True, separators=(",", ":")).encode(),
                                    os.urandom(32))}):
        (out / ".symbp-reports").write_text(json.dumps(record), encoding="utf-8")
        (folder / "ada.toml").write_text('student = "ada"\nvariant = 1\n"z_0^1" = "0.3"\n', encoding="utf-8")
        said = _empty_run(sheet, folder, out)
        assert "removed" not in said, said
        assert (out / "notes.txt").read_bytes() == notes


def test_this_user_s_own_record_still_removes_the_earlier_marks(tmp_path):
    sheet, folder, out = _class(tmp_path)
    done = CliRunner().invoke(main, ["check", "--key", str(sheet / "answers.json"), str(folder), "--out", str(out)])
    assert done.exit_code in (0, 1), done.output
    assert (out / "ada.txt").is_file() and (out / "grades.csv").is_file()
    said = _empty_run(sheet, folder, out)
    assert "removed grades.csv and 1 report of an earlier run" in said, said
    assert not (out / "ada.txt").exists()


def test_a_secret_others_can_read_seals_nothing_and_removes_nothing(tmp_path):
    sheet, folder, out = _class(tmp_path)
    done = CliRunner().invoke(main, ["check", "--key", str(sheet / "answers.json"), str(folder), "--out", str(out)])
    assert done.exit_code in (0, 1), done.output
    secret = Path(os.environ["SYMBP_CACHE_DIR"]) / "record-key"
    secret.chmod(0o644)
    try:
        said = _empty_run(sheet, folder, out)
    finally:
        secret.chmod(0o600)
    assert "removed" not in said and (out / "ada.txt").is_file(), said


def test_with_the_cache_off_a_class_is_marked_again_into_the_same_folder_and_nothing_is_removed(tmp_path, monkeypatch):
    """SYMBP_NO_CACHE=1: no secret, records unsealed — a run may replace the reports its record lists (as
    before seals), never remove one."""
    monkeypatch.setenv("SYMBP_NO_CACHE", "1")
    sheet, folder, out = _class(tmp_path)
    args = ["check", "--key", str(sheet / "answers.json"), str(folder), "--out", str(out)]
    for _ in range(2):
        done = CliRunner().invoke(main, args)
        assert done.exit_code in (0, 1), done.output
    assert "seal" not in json.loads((out / ".symbp-reports").read_text(encoding="utf-8"))
    said = _empty_run(sheet, folder, out)
    assert "removed" not in said and (out / "ada.txt").is_file(), said
