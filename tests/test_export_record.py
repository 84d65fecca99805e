"""The record of a worksheet's exports (.symbp-exports) holds the size and BLAKE2b hash of the exact
bytes written; a later run removes an earlier export only while it is still those bytes, names each
one it removes, and is never failed or slowed by a record it did not write."""

from __future__ import annotations

import hashlib
import json
import os

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
    assert record == {"format": 2, "exports": expected}


def test_an_unchanged_export_is_removed_and_named_an_edited_one_kept(tmp_path):
    out = tmp_path / "week5"
    _sheet(out, "--moodle", out / "quiz.xml", "--csv", out / "grades.csv")
    (out / "grades.csv").write_bytes((out / "grades.csv").read_bytes() + b"ada,3\n")
    result = _sheet(out)
    assert not (out / "quiz.xml").exists()
    assert (out / "grades.csv").read_bytes().endswith(b"ada,3\n")
    removed = [line for line in result.stderr.splitlines() if line.startswith("removed ")]
    assert len(removed) == 1 and "quiz.xml" in removed[0]
    assert not (out / ".symbp-exports").exists()  # this run wrote no export inside the folder


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
