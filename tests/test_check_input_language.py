"""Why an answers file, or a number in it, cannot be marked is said in the report's language: a
French class reads "TOML non valide : …" and "aucun nombre…: attendu : un nombre comme 0,47 …",
not English (stop 49's second new user).  The expected sentences are the catalogue files' own
(read here with tomllib, filled in by the test), never symbp's output; English stays as before
(the English catalogue's words, which many other tests pin letter for letter).

Also: a FIFO among a class's files is not told to "use - to read standard input" (that is for one
file given alone), and the table of Python's TOML messages symbp translates is tomllib's own."""

from __future__ import annotations

import inspect
import os
import re
import tomllib
from pathlib import Path

import pytest

from helpers import cli_runner
from symbp.cli import main
from test_locales import english_in

CATALOGUES = Path(__file__).resolve().parent.parent / "templates" / "i18n"


def _run(*args):
    return cli_runner().invoke(main, [str(a) for a in args])


def said(code: str, key: str, /, **params) -> str:
    """The catalogue's input.`key` (or section.key) in `code`, filled in as the test gives it."""
    section, _, name = key.rpartition(".")
    table = tomllib.loads((CATALOGUES / f"{code}.toml").read_text(encoding="utf-8"))[section or "input"]
    text = table[name]
    for param, value in params.items():
        text = text.replace("{" + param + "}", str(value))
    assert not re.search(r"\{[a-z_]+\}", text), text  # every placeholder filled
    return text


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    out = tmp_path_factory.mktemp("course") / "week5"
    made = _run("worksheet", "--example", "nn231", "-n", "2", "--seed", "3", "--out", out)
    assert made.exit_code == 0, made.output
    return out / "answers.json"


# file name -> (its bytes, the reason expected: catalogue key and parameters)
BROKEN = {
    "bin.toml": (b"\xff\xfevariant = 1\n", lambda c: said(c, "utf16", bom="fffe")),  # Notepad's "Unicode"
    "latin.toml": ('variant = 1\n"a_0^1" = "café"\n'.encode("latin-1"),  # é, Latin-1: line 2, character 15
                   lambda c: said(c, "not_utf8", byte="e9", line=2, column=15)),
    "dup.toml": (b'variant = 1\nL = "0.3"\nL = "0.4"\n',
                 lambda c: said(c, "toml_invalid", reason=said(c, "key_twice", name="L", first=2, second=3))),
    "trunc.toml": (b'variant = 1\n"L" = ',
                   lambda c: said(c, "toml_invalid", reason=f'{said(c, "toml_error.value")} {said(c, "toml_at_end")}')),
    "comma.toml": (b'variant = 1\n"L" = 0,3\n',
                   lambda c: said(c, "toml_invalid", reason=f'{said(c, "toml_error.newline")} '
                                                            f'{said(c, "toml_at", line=2, column=8)}')
                   + said(c, "hint_comma")),
    "v7.toml": (b'variant = 7\nL = "0.3"\n', None),  # (the key's path in it: checked below)
    "blank.toml": (b'variant = 1\nL = ""\n', lambda c: said(c, "nothing_given")),
    "typo.toml": (b'variant = 1\n"z_9^1" = "0.3"\n', None),
    "ctrl.toml": ('student = "Zo\u00e9\u200b"\nvariant = 1\nL = "0.3"\n'.encode(), None),
}


@pytest.mark.parametrize("code", ["fr", "de"])
def test_a_class_listing_says_why_in_the_class_language(key, tmp_path, code):
    folder = tmp_path / "class"
    folder.mkdir()
    for name, (data, _) in BROKEN.items():
        (folder / name).write_bytes(data)
    (folder / "ok.toml").write_text('variant = 1\nL = "0.3"\n"a_0^1" = "abc"\n"z_0^1" = "1/0"\n', encoding="utf-8")
    run = _run("check", "--key", key, folder, "--out", tmp_path / "marked", "--locale", code)
    assert run.exit_code == 2, run.output
    rows = {line.split()[0]: line for line in run.stdout.splitlines() if line.startswith("  ")}
    for name, (_, reason) in BROKEN.items():
        if reason is not None:
            assert reason(code) in rows[name], (name, rows[name], reason(code))
    assert said(code, "not_a_variant", chosen=7, key=key, ids="1, 2") in rows["v7.toml"], rows["v7.toml"]
    assert said(code, "not_in_network", suggestion=said(code, "did_you_mean", name="'z_2^1'"),
                names_from=said(code, "worksheet_template")) in rows["typo.toml"], rows["typo.toml"]
    assert said(code, "unprintable", kind=said(code, "kind_format"), code="200B", name=" (ZERO WIDTH SPACE)",
                position=4, text="Zo\u00e9\\u200b") in rows["ctrl.toml"], rows["ctrl.toml"]
    for name, row in rows.items():  # no English sentence left in a row (file names, paths, the file's own
        # field names and Unicode's name of a character aside)
        row = row.replace(name, " ").replace(str(key), " ").replace("student:", " ").replace("ZERO WIDTH SPACE", " ")
        assert english_in(row, code) == [], (name, row)
    report = (tmp_path / "marked" / "ok.txt").read_text(encoding="utf-8")
    assert said(code, "expected_answer_number", got='"abc"') in report
    assert said(code, "division_by_zero", got='"1/0"') in report


@pytest.mark.parametrize("code", ["fr", "de"])
def test_one_file_refused_on_the_command_line_in_the_report_language(key, tmp_path, code):
    path = tmp_path / "ada.toml"
    path.write_bytes(BROKEN["comma.toml"][0])
    run = _run("check", "--key", key, path, "--locale", code)
    assert run.exit_code == 2 and run.stderr.count("\n") == 1, run.output
    assert BROKEN["comma.toml"][1](code) in run.stderr, run.stderr
    english = _run("check", "--key", key, path)
    assert "not valid TOML: Expected newline or end of document after a statement (at line 2, column 8)" \
           ' (a number with a decimal comma must be quoted, e.g. "z_2^1" = "1,9")' in english.stderr, english.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_a_class_is_not_told_to_read_standard_input(key, tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "ada.toml").write_text('variant = 1\nL = "0.3"\n', encoding="utf-8")
    os.mkfifo(folder / "pipe.toml")
    run = _run("check", "--key", key, folder, "--out", tmp_path / "marked")
    row = next(line for line in run.stdout.splitlines() if "pipe.toml" in line)
    assert "is not a regular file (a FIFO, device or socket); expected a TOML or JSON answers file" in row, row
    assert "standard input" not in row, row
    alone = _run("check", "--key", key, folder / "pipe.toml")
    assert alone.exit_code == 2 and "(use - to read standard input)" in alone.stderr, alone.output


def test_the_toml_messages_translated_are_tomllib_s_own():
    """Each English message symbp translates occurs in the tomllib this Python runs (a message
    reworded by a later Python would be left in English, never mistranslated)."""
    import tomllib._parser as parser

    from symbp.input_errors import TOML_ERRORS

    source = inspect.getsource(parser)
    missing = [text for text in TOML_ERRORS if f'"{text}"' not in source.replace("\\\\", "\\")]
    assert missing == [], missing
    english = tomllib.loads((CATALOGUES / "en.toml").read_text(encoding="utf-8"))["toml_error"]
    assert {english[k] for k in TOML_ERRORS.values()} == set(TOML_ERRORS)  # the English words are tomllib's


@pytest.mark.parametrize("code", ["en", "fr"])
def test_every_unknown_name_of_a_file_is_named_at_once(key, tmp_path, code):
    """A student with two misspelled names learnt of the second only after fixing the first (a new
    user: two resubmissions).  Every such name is named in the one refusal, each with its suggestion."""
    path = tmp_path / "gina.toml"
    path.write_text('variant = 1\nL = "0.3"\n"z_9^1" = "1"\n"detla_1^1" = "2"\n"foo" = "3"\n', encoding="utf-8")
    run = _run("check", "--key", key, path, "--locale", code)
    assert run.exit_code == 2 and run.stderr.count("\n") == 1, run.output
    first = said(code, "not_in_network", suggestion=said(code, "did_you_mean", name="'z_2^1'"),
                 names_from=said(code, "worksheet_template"))
    others = said(code, "also_unknown", names=f"detla_1^1{said(code, 'did_you_mean', name=repr('delta_1^1'))}, foo")
    assert f"z_9^1: {first}{others}" in run.stderr, run.stderr


def test_a_course_catalogue_s_misspelled_key_gets_a_suggestion(tmp_path):
    """A course's catalogue key that is no message of symbp's names the closest one (a new user's
    `task.headng` was refused without it)."""
    folder = tmp_path / "course"
    (folder / "i18n").mkdir(parents=True)
    (folder / "i18n" / "fr.toml").write_text('[task]\nheadng = "Exercices"\n', encoding="utf-8")
    run = _run("derive", "--example", "nn231", "--locale", "fr", "--templates", folder)
    assert run.exit_code == 2 and "task.headng: not a message of symbp's catalogue (did you mean 'task.heading'?)" \
        in run.stderr, run.output
    assert "heading" in tomllib.loads((CATALOGUES / "en.toml").read_text(encoding="utf-8"))["task"]
