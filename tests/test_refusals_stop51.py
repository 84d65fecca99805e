"""Refusals that name what a user typed and show what a user can act on (stop 51):
a class folder's link to a file elsewhere is not read; a title with an invisible character pasted in is
refused with the character named; a hostile template's quoted markup ends at a word's end; a course
catalogue's refusal names the file as typed, relative to the current folder."""

from __future__ import annotations

import os
import re
from pathlib import Path

from click.testing import CliRunner

from symbp.cli import main

from helpers import REPO

NN231 = (REPO / "examples" / "nn231.toml").read_text(encoding="utf-8")


def _catalogue(language: str, key: str) -> str:
    """A message as the catalogue file writes it (read here as text, not through symbp)."""
    text = (REPO / "templates" / "i18n" / f"{language}.toml").read_text(encoding="utf-8")
    return re.search(rf'^{key} = "(.*?)"(?:\s*#.*)?$', text, re.M).group(1)


def test_a_link_out_of_the_class_folder_is_not_read_and_the_listing_says_so(tmp_path):
    sheet = tmp_path / "sheet"
    assert CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "2", "-o",
                                     str(sheet)]).exit_code == 0
    private = tmp_path / "instructor" / "notes.toml"
    private.parent.mkdir()
    private.write_text('student = "x"\nvariant = 1\n"z_0^1" = "0.25"\n', encoding="utf-8")
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "ada.toml").symlink_to(private)
    (folder / "bob.toml").write_text('student = "Bob"\nvariant = 1\n"z_0^1" = "0.25"\n', encoding="utf-8")
    (folder / "bob-again.toml").symlink_to("bob.toml")  # a link inside the folder: read as before
    for language in ("en", "fr"):
        result = CliRunner().invoke(main, ["check", "--key", str(sheet / "answers.json"), str(folder),
                                           "--out", str(tmp_path / f"marked-{language}"), "--locale", language])
        assert result.exit_code == 2, result.output
        said = _catalogue(language, "link_outside").split("{target}")[0]
        ada = next(line for line in result.output.splitlines() if line.strip().startswith("ada.toml"))
        assert said in ada and str(private) in ada and " x " not in ada, ada  # (not even its student read)
        marked = [line.split()[0] for line in result.output.splitlines() if "Bob" in line]
        assert marked == ["bob.toml", "bob-again.toml"], result.output
        assert not (tmp_path / f"marked-{language}" / "ada.txt").exists()


def test_a_title_with_an_invisible_character_is_refused_naming_it_and_where(tmp_path):
    for character, name in (("\u200b", "ZERO WIDTH SPACE"), ("\u00ad", "SOFT HYPHEN"), ("\u2060", "WORD JOINER")):
        spec = tmp_path / "net.toml"
        spec.write_text(NN231.replace('title = "Neural Network 1: 231"', f'title = "Neural{character}Network"'),
                        encoding="utf-8")
        result = CliRunner().invoke(main, ["derive", str(spec)])
        assert result.exit_code == 2, result.output
        assert f"title: contains an invisible character (U+{ord(character):04X} {name}) after 'Neural'" in result.output
        assert "Traceback" not in result.output
    spec.write_text(NN231.replace('title = "Neural Network 1: 231"', 'title = "\ufeffNeural"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", str(spec)])  # a byte-order mark pasted in front
    assert result.exit_code == 2 and "(U+FEFF ZERO WIDTH NO-BREAK SPACE) at its start; delete it" in result.output
    spec.write_text(NN231.replace('title = "Neural Network 1: 231"', 'title = "می\u200cخواهم"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", str(spec)])  # a zero-width non-joiner: how Persian is written
    assert result.exit_code == 0 and result.output.startswith("می\u200cخواهم\n"), result.output[:200]


def test_a_hostile_templates_quoted_markup_ends_at_a_words_end(tmp_path):
    folder = tmp_path / "course" / "moodle"
    folder.mkdir(parents=True)
    built_in = (REPO / "templates" / "moodle" / "question.html.jinja").read_text(encoding="utf-8")
    (folder / "question.html.jinja").write_text(
        built_in + "<style>body{background:url(//tracking.example.org/pixel-for-every-student.png)}</style>\n",
        encoding="utf-8")
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "-o", str(tmp_path / "s"),
                                       "--templates", str(tmp_path / "course"), "--moodle", str(tmp_path / "m.xml")])
    assert result.exit_code == 2 and "another resource that loads from another server" in result.output, result.output
    quoted = re.search(r"writes '(.*?)': active content", result.output).group(1)
    assert quoted.endswith("…") and quoted[:-1] in built_in + "<style>body{background:url(//tracking.example.org/"
    assert quoted[-2] in "/.", quoted  # cut after a separator, not inside "tracking" or "pixel"
    assert not (tmp_path / "m.xml").exists() and not (tmp_path / "s").exists()


def test_a_course_catalogues_refusal_names_it_as_typed(tmp_path, monkeypatch):
    (tmp_path / "course" / "i18n").mkdir(parents=True)
    (tmp_path / "course" / "i18n" / "en.toml").write_text('[task]\nheadng = "Aufgabe"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["derive", "--example", "nn231", "--templates", "course"])
    assert result.exit_code == 2, result.output
    assert f"symbp: course{os.sep}i18n{os.sep}en.toml: task.headng: not a message" in result.output, result.output
    assert str(tmp_path) not in result.output
    monkeypatch.chdir(Path("/"))
    result = CliRunner().invoke(main, ["derive", "--example", "nn231", "--templates", str(tmp_path / "course")])
    assert result.exit_code == 2 and str(tmp_path).lstrip("/") in result.output, result.output


def test_a_student_name_written_with_a_zero_width_non_joiner_is_marked(tmp_path):
    """Persian writes محمد‌رضا with a ZWNJ (U+200C); it was refused as an invisible character, as a title's is not."""
    answers = tmp_path / "fa.toml"
    answers.write_text('student = "محمد\u200cرضا"\n"z_0^1" = "-0.5"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--example", "nn231", str(answers)])
    assert result.exit_code == 0, result.output
    assert "محمد\u200cرضا" in result.output
    answers.write_text('student = "Jean\u200bDupont"\n"z_0^1" = "-0.5"\n', encoding="utf-8")  # a zero-width space: still named
    result = CliRunner().invoke(main, ["check", "--example", "nn231", str(answers)])
    assert result.exit_code == 2 and "U+200B" in result.output, result.output


def test_a_variant_written_in_other_digits_is_that_variant(tmp_path):
    """variant = "٣" (Arabic-Indic), "３" (fullwidth) or "03" was refused as "٣ is not a variant of … (it has
    1, 2, 3)", though the answers' numbers are read in those digits."""
    sheet = tmp_path / "sheet"
    assert CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "3", "--seed", "4", "-o",
                                     str(sheet)]).exit_code == 0
    answers = tmp_path / "ada.toml"
    for written in ('"٣"', '"３"', '"03"', "3"):
        answers.write_text(f'student = "Ada"\nvariant = {written}\n"z_0^1" = "0.1"\n', encoding="utf-8")
        result = CliRunner().invoke(main, ["check", "--key", str(sheet / "answers.json"), str(answers)])
        assert result.exit_code == 1, (written, result.output)  # (marked: a wrong value)
        assert result.output.splitlines()[0].endswith(", variant 3"), (written, result.output)
    result = CliRunner().invoke(main, ["check", "--key", str(sheet / "answers.json"), "--variant", "٢", str(answers)])
    assert next(line for line in result.output.splitlines() if line.startswith("Marking of")).endswith(", variant 2")
    assert "marked as variant 2, as --variant says" in result.output, result.output  # (not "as variant ٢")
    result = CliRunner().invoke(main, ["check", "--key", str(sheet / "answers.json"), "--variant", "", str(answers)])
    assert result.exit_code == 2 and "'--variant': expected a variant's number" in result.output, result.output


def test_a_course_message_with_a_placeholder_it_is_not_given_is_refused(tmp_path, monkeypatch):
    """A course's {nope} or {0} was printed as typed on every sheet; now refused, naming the message's own."""
    (tmp_path / "course" / "i18n").mkdir(parents=True)
    catalogue = tmp_path / "course" / "i18n" / "en.toml"
    monkeypatch.chdir(tmp_path)
    built_in = _catalogue("en", "heading")  # (the first `heading`: a spec's heading without a title)
    own = re.findall(r"\{(\w+)\}", built_in)
    assert own == ["widths"], built_in
    for typed in ("{nope}", "{0}"):
        catalogue.write_text(f'[network]\nheading = "Netz {typed}"\n', encoding="utf-8")
        result = CliRunner().invoke(main, ["derive", "--example", "nn231", "--templates", "course"])
        assert result.exit_code == 2, result.output
        assert f"network.heading: {typed} is no placeholder of this message; it has {{widths}}" in result.output
    catalogue.write_text('[network]\nheading = "Netz \\\\textbf{x} {{y}}"\n', encoding="utf-8")  # TeX, braces: fine
    assert CliRunner().invoke(main, ["derive", "--example", "nn231", "--templates", "course"]).exit_code == 0


def test_a_spec_number_with_a_decimal_comma_gets_the_hint(tmp_path):
    spec = tmp_path / "komma.toml"
    spec.write_text(NN231.replace("learning_rate = 0.1", "learning_rate = 0,1"), encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", str(spec)])
    assert result.exit_code == 2 and result.output.rstrip().endswith(
        "(a decimal comma? a spec writes numbers with a point: learning_rate = 0.1)"), result.output  # (stop 55: the key and its number)


def test_a_key_from_before_the_seals_with_a_spec_edited_is_named_with_its_variant(tmp_path):
    import json

    sheet = tmp_path / "sheet"
    assert CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "4", "-o",
                                     str(sheet)]).exit_code == 0
    key = json.loads((sheet / "answers.json").read_text(encoding="utf-8"))
    for sealed in ("seal", "variant_seals", "field_seals", "key_format", "detail"):  # (as a key of an older symbp)
        key.pop(sealed, None)
    key["variants"][0]["spec"]["layers"] = [2, 3, 3, 1]
    (tmp_path / "old.json").write_text(json.dumps(key), encoding="utf-8")
    (tmp_path / "ada.toml").write_text('variant = 1\n"z_0^1" = "0.1"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--key", str(tmp_path / "old.json"), str(tmp_path / "ada.toml")])
    assert result.exit_code == 2, result.output
    assert re.search(r"old\.json, variant 1: spec: layer: .*; was the key edited\?", result.output), result.output


def test_a_spec_list_written_with_decimal_commas_gets_the_hint(tmp_path):
    spec = tmp_path / "komma.toml"
    spec.write_text(NN231.replace("biases = [0.1, -0.2, -0.1]", "biases = [0,1, -0,2, -0,1]"), encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", str(spec)])
    assert result.exit_code == 2, result.output
    assert "biases: expected 3 numbers, got 6 (decimal commas? a spec writes 0.1, not 0,1)" in result.output
    spec.write_text(NN231.replace("biases = [0.1, -0.2, -0.1]", "biases = [1, 2]"), encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", str(spec)])
    assert result.exit_code == 2 and "expected 3 numbers, got 2\n" in result.output, result.output


def test_a_course_template_that_runs_past_the_time_budget_is_named(tmp_path, monkeypatch):
    """It was stopped with "stopped after 20 s, the time budget", naming no template."""
    (tmp_path / "course" / "text").mkdir(parents=True)
    (tmp_path / "course" / "text" / "solution.txt.jinja").write_text("<%= (10**300)|round(-10**9) %>\n",
                                                                     encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["--time-limit", "2", "derive", "--example", "nn231", "--templates", "course"])
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"symbp: template course{os.sep}text{os.sep}solution.txt.jinja: stopped after 2 s"), \
        result.output


def test_a_course_template_printing_a_huge_whole_number_is_told_so(tmp_path):
    """Python's own "use sys.set_int_max_str_digits()" was shown, advice no course can follow."""
    (tmp_path / "course" / "text").mkdir(parents=True)
    (tmp_path / "course" / "text" / "solution.txt.jinja").write_text("<%= (2**20000)|string %>\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", "--example", "nn231", "--templates", str(tmp_path / "course")])
    assert result.exit_code == 2 and "solution.txt.jinja, line 1: prints a whole number of more than" in result.output
    assert "set_int_max_str_digits" not in result.output, result.output
