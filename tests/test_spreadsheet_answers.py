"""An answers file saved as a spreadsheet (.csv, .xlsx) is refused saying what answers files are (the stop-65
hostile-input tester's LOW: a .csv was "not valid TOML: Expected '=' after a key")."""

from __future__ import annotations

import pytest

from helpers import cli_runner
from symbp.cli import main


@pytest.mark.parametrize("suffix,locale,says", [(".csv", "en", "a .csv file: answers files are TOML (.toml"),
                                                (".xlsx", "de", "eine .xlsx-Datei: Antwortdateien sind TOML"),
                                                (".CSV", "fr", "un fichier .csv : les fichiers de réponses")])
def test_a_spreadsheet_is_named(tmp_path, suffix, locale, says):
    path = tmp_path / f"ada{suffix}"
    path.write_text("z_0^1,0.3\n", encoding="utf-8")
    done = cli_runner().invoke(main, ["check", "--example", "nn231", str(path), "--locale", locale])
    assert done.exit_code == 2 and says in done.output, done.output
