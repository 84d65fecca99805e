"""A course's catalogue may use a message's placeholders only as {name}: Python's format fields with more
({widths.__class__}, {widths!r:>99999999}, {widths[0]}, {widths:>9}) printed as typed, exit 0 (the stop-65
hostile-input tester's MEDIUM); refused now, naming the file and the message, exit 2, as {0} and {nope} are."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from helpers import UNTITLED_221
from symbp.cli import main

SPEC = UNTITLED_221  # (a spec without a title: its heading is the catalogue's message)


def _derive(tmp_path, heading: str):
    (tmp_path / "course" / "i18n").mkdir(parents=True)
    (tmp_path / "course" / "i18n" / "en.toml").write_text(f'[network]\nheading = "{heading}"\n', encoding="utf-8")
    (tmp_path / "untitled.toml").write_text(SPEC, encoding="utf-8")  # (no title: the heading is the message)
    return CliRunner().invoke(main, ["derive", str(tmp_path / "untitled.toml"), "--templates", str(tmp_path / "course"),
                                     "-f", "md"])


@pytest.mark.parametrize("heading", ["{widths.__class__}", "{widths!r:>99999999}", "{widths[0]}", "{widths:>9}",
                                     "Net {widths!s}"])
def test_a_format_field_is_refused(tmp_path, heading):
    done = _derive(tmp_path, heading)
    assert done.exit_code == 2, done.output
    assert "en.toml: network.heading:" in done.output and "write {widths} alone" in done.output, done.output


def test_the_plain_placeholder_is_used(tmp_path):
    done = _derive(tmp_path, "Net {widths}: a {x:y} text")
    assert done.exit_code == 0, done.output
    assert done.output.startswith("# Net 2–2–1: a {x:y} text"), done.output[:200]
