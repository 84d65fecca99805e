"""The command line is a registry of commands, each in a module of its own (cli.COMMANDS), and the
split left every --help as it was: the help texts are compared with those of the code before it
(commit f36c72e, unpacked from git at run time), not with a copy kept here."""

from __future__ import annotations

import importlib
import io
import json
import shutil
import subprocess
import sys
import tarfile

import pytest

from helpers import REPO, cli_runner
from symbp import cli

BEFORE = "f36c72e"  # the last commit with every command in cli.py
HELPS = [["--help"], ["derive", "--help"], ["check", "--help"], ["worksheet", "--help"]]
_PRINT = ("import json, sys\nfrom click.testing import CliRunner\nfrom symbp.cli import main\n"
          "print(json.dumps([CliRunner().invoke(main, args).output for args in json.loads(sys.argv[1])]))\n")


def test_each_command_lives_in_its_own_module():
    assert set(cli.main.commands) == set(cli.COMMANDS)
    for name, (module, function) in cli.COMMANDS.items():
        command = cli.main.commands[name]
        assert command.callback.__module__ == f"symbp.{module}" and command.callback.__name__ == function
        assert getattr(importlib.import_module(f"symbp.{module}"), function) is command


def _old_tree(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("no git")
    found = subprocess.run(["git", "-C", str(REPO), "archive", BEFORE, "symbp", "templates", "examples"],
                           capture_output=True)
    if found.returncode != 0:
        pytest.skip(f"commit {BEFORE} not in this checkout")
    with tarfile.open(fileobj=io.BytesIO(found.stdout)) as archive:
        archive.extractall(tmp_path, filter="data")
    return tmp_path


def test_every_help_is_as_before_the_split(tmp_path):
    old = _old_tree(tmp_path)
    shown = subprocess.run([sys.executable, "-c", _PRINT, json.dumps(HELPS)], cwd=old, capture_output=True, text=True,
                           env={"PYTHONPATH": str(old), "PATH": "/usr/bin:/bin", "COLUMNS": "80"})
    before = json.loads(shown.stdout)
    runner = cli_runner()
    now = [runner.invoke(cli.main, args, env={"COLUMNS": "80"}).output for args in HELPS]
    assert len(before) == len(HELPS) and all("Usage: " in text for text in before)
    for old_text, new_text in CHANGED_SINCE:  # the help's changes made on purpose since the split
        before = [text.replace(old_text, new_text) for text in before]
    assert now == before


# (the old text, the new) of each --help line changed on purpose since the split, and why
CHANGED_SINCE = [
    # stop 47: --variant counts over the file's own (an instructor re-marks a student's wrong variant number)
    ("""  --variant ID                  With --key and one answers file: the variant it
                                answers (if the file does not say).""",
     """  --variant ID                  With --key and one answers file: the variant it
                                answers (over the file's own `variant = …`: a
                                student who wrote the wrong number is marked as
                                the variant worked)."""),
    # stop 50: --locale's default said once (worksheet said two), check's the key's language with --key
    ("""  --locale CODE                 Language of the report (answers may use a
                                decimal comma in any): en, de or fr (default:
                                the spec's locale key, else en); numbers take
                                its decimal mark.""",
     """  --locale CODE                 Language of the report (answers may use a
                                decimal comma in any): en, de or fr (default:
                                the key's language with --key, else the spec's
                                locale key, else en); numbers take its decimal
                                mark."""),
    ("""  --locale CODE                   Language of the sheets, the key and the
                                  exports (default: the spec's [variants]
                                  locale, then its locale key): en, de or fr
                                  (default: the spec's locale key, else en);
                                  numbers take its decimal mark.""",
     """  --locale CODE                   Language of the sheets, the key and the
                                  exports: en, de or fr (default: the spec's
                                  [variants] locale, then its locale key, else
                                  en); numbers take its decimal mark."""),
    # stop 53: check -o names a FILE (a folder is refused naming -o/--output, as derive's is)
    ("  -o, --output PATH             Write the report to FILE", "  -o, --output FILE             Write the report to FILE"),
    # stop 62: derive's --digits says what exact mode shows (the new user's LOW of stop 61)
    ("""  --digits WHOLE NUMBER           Significant digits of rounded values.
                                  [default: 4; 1<=x<=15]""",
     """  --digits WHOLE NUMBER           Significant digits of rounded values.  Values
                                  are exact and rounded only when shown: a value
                                  a later line is worked from shows guard digits
                                  where needed, so each line can be checked by
                                  hand (with --round-intermediate, every value
                                  has exactly these digits and is carried on
                                  rounded).  [default: 4; 1<=x<=15]"""),
]
