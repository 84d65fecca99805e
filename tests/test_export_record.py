"""The record of a worksheet's exports (.symbp-exports) holds the size and BLAKE2b hash of the exact
bytes written; a later run removes an earlier export only while it is still those bytes, names each
one it removes, and is never failed or slowed by a record it did not write."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from click.testing import CliRunner

from symbp.cli import main

SHEET = ["worksheet", "--example", "nn231", "-n", "1", "--seed", "1"]


def _sheet(out, *extra):
    result = CliRunner().invoke(main, [*SHEET, "--out", str(out), *map(str, extra)])
    assert result.exit_code == 0, result.output
    return result


def _blake2(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=32).hexdigest()


def test_the_record_holds_the_hash_and_size_of_the_bytes_on_disk(tmp_path):
    out = tmp_path / "week5"
    _sheet(out, "--moodle", out / "quiz.xml", "--csv", out / "v" / "grades.csv")
    record = json.loads((out / ".symbp-exports").read_text(encoding="utf-8"))
    expected = [{"path": name, "size": len(data), "blake2b": _blake2(data)}
                for name, data in (("quiz.xml", (out / "quiz.xml").read_bytes()),
                                   ("v/grades.csv", (out / "v" / "grades.csv").read_bytes()))]
    assert record["format"] == 3 and record["exports"] == expected
    # sealed with this user's secret in the cache folder (a record planted by someone else is not)
    secret = (Path(os.environ["SYMBP_CACHE_DIR"]) / "record-key").read_bytes()
    message = json.dumps([".symbp-exports", expected], sort_keys=True, separators=(",", ":")).encode()
    assert record["seal"] == hashlib.blake2b(message, key=secret, digest_size=32).hexdigest()
    assert (Path(os.environ["SYMBP_CACHE_DIR"]) / "record-key").stat().st_mode & 0o777 == 0o600


def test_an_unchanged_export_is_removed_and_named_an_edited_one_kept(tmp_path):
    out = tmp_path / "week5"
    _sheet(out, "--moodle", out / "quiz.xml", "--csv", out / "grades.csv")
    (out / "grades.csv").write_bytes((out / "grades.csv").read_bytes() + b"ada,3\n")
    result = _sheet(out)
    assert not (out / "quiz.xml").exists()
    assert (out / "grades.csv").read_bytes().endswith(b"ada,3\n")
    removed = [line for line in result.stderr.splitlines() if line.startswith("removed ")]
    assert len(removed) == 1 and "quiz.xml" in removed[0]
    kept = [line for line in result.stderr.splitlines() if line.startswith("kept ")]
    assert len(kept) == 1 and "grades.csv" in kept[0] and "changed" in kept[0]  # told: it may not fit the new key
    assert not (out / ".symbp-exports").exists()  # this run wrote no export inside the folder


def test_an_edited_export_written_again_is_not_called_kept(tmp_path):
    out = tmp_path / "week5"
    _sheet(out, "--moodle", out / "quiz.xml")
    (out / "quiz.xml").write_bytes(b"<!-- edited -->")
    result = _sheet(out, "--moodle", out / "quiz.xml")
    assert b"edited" not in (out / "quiz.xml").read_bytes()
    assert not [line for line in result.stderr.splitlines() if line.startswith(("kept ", "removed "))]


def test_a_planted_record_with_the_right_hash_leaves_a_hard_link_and_an_old_format_alone(tmp_path):
    out = tmp_path / "week5"
    out.mkdir()
    data = b"variant = 1\n"
    (tmp_path / "ada.toml").write_bytes(data)
    os.link(tmp_path / "ada.toml", out / "ada.toml")  # the same file, linked in
    (out / "bob.toml").write_bytes(data)
    entry = {"size": len(data), "blake2b": _blake2(data)}
    (out / ".symbp-exports").write_text(json.dumps({"format": 2, "exports": [{"path": "ada.toml", **entry}]}))
    _sheet(out)
    (out / ".symbp-exports").write_text(json.dumps(["bob.toml"]))  # the first format: no hashes
    _sheet(out)
    assert (tmp_path / "ada.toml").read_bytes() == data and (out / "ada.toml").is_file()
    assert (out / "bob.toml").read_bytes() == data


def test_a_huge_deep_record_is_ignored(tmp_path):
    out = tmp_path / "week5"
    out.mkdir()
    (out / "keep.csv").write_bytes(b"a\n")
    deep = "/".join(["d"] * 400)
    entries = [{"path": f"{deep}/{i}", "size": 2, "blake2b": _blake2(b"a\n")} for i in range(1200)]
    (out / ".symbp-exports").write_text(json.dumps({"format": 2, "exports": entries}))  # over 1 MB
    assert (out / ".symbp-exports").stat().st_size > 1024 * 1024
    _sheet(out)
    too_deep = [{"path": "/".join(["x"] * 40) + "/keep.csv", "size": 2, "blake2b": _blake2(b"a\n")},
                {"path": "a" * 300, "size": 2, "blake2b": "0"}, 7, None]
    (out / ".symbp-exports").write_text(json.dumps({"format": 2, "exports": too_deep}))
    _sheet(out)
    assert (out / "keep.csv").read_bytes() == b"a\n"


def test_the_pdfs_of_an_earlier_run_are_named_when_removed(tmp_path):
    out = tmp_path / "week5"
    out.mkdir()
    for name in ("worksheet.pdf", "answer-key.pdf"):
        (out / name).write_bytes(b"%PDF-1.4 an earlier run's\n")
    result = _sheet(out)
    assert not (out / "worksheet.pdf").exists() and not (out / "answer-key.pdf").exists()
    removed = [line for line in result.stderr.splitlines() if line.startswith("removed ")]
    assert sorted(name for line in removed for name in ("worksheet.pdf", "answer-key.pdf") if name in line) == \
        ["answer-key.pdf", "worksheet.pdf"]
