"""A course catalogue's [locale] table is not read (only its messages are); where it sets what the language's own
does not (decimal_mark = "," in en.toml), a warning says so, once (the stop-65 hostile-input tester's LOW: ignored
silently). A whole catalogue copied unchanged warns of nothing."""

from __future__ import annotations

from helpers import UNTITLED_221, REPO, cli_runner
from symbp.cli import main

SPEC = UNTITLED_221  # (a spec without a title: its heading is the catalogue's message)


def _run(tmp_path, catalogue: str, *command):
    (tmp_path / "course" / "i18n").mkdir(parents=True, exist_ok=True)
    (tmp_path / "course" / "i18n" / "en.toml").write_text(catalogue, encoding="utf-8")
    (tmp_path / "s.toml").write_text(SPEC, encoding="utf-8")
    return cli_runner().invoke(main, [*command, str(tmp_path / "s.toml"), "--templates", str(tmp_path / "course")])


def test_a_changed_locale_table_is_warned_of_once(tmp_path):
    catalogue = '[locale]\nname = "English"\ndecimal_mark = ","\n\n[network]\nheading = "Net {widths}"\n'
    done = _run(tmp_path, catalogue, "worksheet", "-n", "1", "--out", str(tmp_path / "ws"))
    assert done.exit_code == 0, done.output
    assert done.stderr.count('[locale] is not read from a course\'s catalogue (only its messages are): '
                             'decimal_mark stays "."') == 1, done.stderr


def test_a_copied_catalogue_warns_of_nothing(tmp_path):
    catalogue = (REPO / "templates" / "i18n" / "en.toml").read_text(encoding="utf-8")
    done = _run(tmp_path, catalogue, "derive")
    assert done.exit_code == 0 and "warning" not in done.stderr, done.stderr
