"""A course's templates and catalogue write text: a control character in what they render (an ANSI
or OSC escape code reaching the terminal that prints `symbp derive`, a bidi override reordering what
a student reads) is refused, exit 2, naming the template; nothing is printed or written."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from symbp.cli import main

from helpers import REPO


def _derive(tmp_path, *args):
    return CliRunner().invoke(main, ["derive", "--example", "nn231", "--templates", str(tmp_path / "course"), *args])


@pytest.mark.parametrize("written, code", [("\x1b]0;owned\x07", "U+001B"), ("\x1b[2J", "U+001B"),
                                           ("\u202e", "U+202E"), ("\x9b", "U+009B"), ("\x08", "U+0008")])
def test_a_course_template_that_writes_a_control_character_is_refused(tmp_path, written, code):
    folder = tmp_path / "course" / "text"
    folder.mkdir(parents=True)
    built_in = (REPO / "templates" / "text" / "solution.txt.jinja").read_text(encoding="utf-8")
    (folder / "solution.txt.jinja").write_text(f"Week 5{written}\n" + built_in, encoding="utf-8")
    done = _derive(tmp_path)
    assert done.exit_code == 2 and done.stdout == "", done.stdout[:300]
    assert done.stderr.startswith(f"symbp: template text/solution.txt.jinja: writes a control character ({code}) on line 1 of its output")
    assert "\x1b" not in done.stderr and "Traceback" not in done.stderr


def test_a_course_catalogue_message_with_an_escape_code_is_refused_where_it_is_printed(tmp_path):
    folder = tmp_path / "course" / "i18n"
    folder.mkdir(parents=True)
    catalogue = (REPO / "templates" / "i18n" / "en.toml").read_text(encoding="utf-8")
    assert 'forward_pass = "Forward pass"' in catalogue
    (folder / "en.toml").write_text(catalogue.replace('forward_pass = "Forward pass"',
                                                      'forward_pass = "Forward pass\\u001b[8m"', 1), encoding="utf-8")
    out = tmp_path / "nn231.md"
    done = _derive(tmp_path, "-o", str(out))
    assert done.exit_code == 2 and not out.exists()  # (refused when the catalogue is read: the test below)
    assert "forward_pass: holds a control character (U+001B)" in done.stderr


def test_tabs_line_breaks_and_any_letters_are_text(tmp_path):
    folder = tmp_path / "course" / "text"
    folder.mkdir(parents=True)
    built_in = (REPO / "templates" / "text" / "solution.txt.jinja").read_text(encoding="utf-8")
    (folder / "solution.txt.jinja").write_text("Kurs:\tÜbung 5 — 王小明 ✓\r\n" + built_in, encoding="utf-8")
    done = _derive(tmp_path)
    assert done.exit_code == 0, done.stderr
    assert done.stdout.startswith("Kurs:\tÜbung 5 — 王小明 ✓\n")


def test_the_readme_gives_a_graphs_own_limits_and_its_quoted_refusal_is_symbps(tmp_path):
    """The README put a graph's inputs among the spec numbers (10^100), while symbp refuses 1e100 as
    "at most 10^6" (a hostile reviewer's LOW, stop 47): a row of its own, read here against the code."""
    import re

    from symbp.graph import parse, spec

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.split("\n") if line.startswith("| computational graphs |"))
    for number in (spec.MAX_INPUTS, spec.MAX_STAGES, parse.MAX_CHARACTERS, parse.MAX_OPERATIONS, parse.MAX_DEPTH):
        assert f"≤ {number} " in row, number
    assert f"from −{parse.MAX_EXPONENT} to {parse.MAX_EXPONENT}" in row and f"≤ {spec.MAX_SPEC_BYTES:,} bytes" in row
    assert spec.MAX_INPUT_SIZE == parse.MAX_CONSTANT == 10**6 and row.count("10^6") >= 3
    quoted = re.search(r"\(`(inputs\.x: .*?)`\)", row).group(1)
    path = tmp_path / "g.toml"
    path.write_text('kind = "graph"\ninputs = { x = 1e7 }\nstages = ["f = x * x"]\n', encoding="utf-8")
    done = CliRunner().invoke(main, ["derive", str(path)])
    assert done.exit_code == 2 and done.stderr == f"symbp: {path}: {quoted}\n"


def test_a_title_latex_cannot_typeset_is_named_in_its_spec_file(tmp_path):
    """`derive net.toml -o net.pdf` with a title pdflatex cannot typeset said "symbp: title: …" without
    the file (a hostile reviewer's LOW, stop 47): the spec file gives it, and is named; a --title is the
    command line's own, and is not."""
    steps = (REPO / "examples" / "steps3.toml").read_text(encoding="utf-8")
    spec = tmp_path / "cjk.toml"
    spec.write_text(steps.replace('title = "Three steps of gradient descent"', 'title = "王小明 net"'), encoding="utf-8")
    problem = "title: the character '王' (U+738B CJK UNIFIED IDEOGRAPH-738B) cannot be typeset by pdflatex"
    for args in (["derive", str(spec), "-o", str(tmp_path / "a.tex")], ["derive", str(spec), "-f", "tex"],
                 ["worksheet", str(spec), "-n", "2", "--out", str(tmp_path / "ws")]):
        done = CliRunner().invoke(main, args)
        assert done.exit_code == 2 and done.stderr.startswith(f"symbp: {spec}: {problem}"), (args, done.stderr)
    done = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "2", "--out", str(tmp_path / "ws"),
                                     "--title", "王"])
    assert done.exit_code == 2 and done.stderr.startswith("symbp: title: the character '王'"), done.stderr
    assert not (tmp_path / "a.tex").exists() and not (tmp_path / "ws").exists()


def test_a_dotted_key_of_many_parts_is_refused_as_it_is_read(tmp_path):
    """`a.a.a.…b = 1` of 600,000 parts (1.2 MB, within the file limit) kept `check` busy until its time
    budget ran out (the standard parser builds the key a tuple at a time): a dotted key of more than
    10 parts is no TOML symbp reads (a spec needs 2), refused where it is read."""
    from symbp.toml_read import MAX_KEY_PARTS, loads

    assert loads("a.b.c = 1\n") == {"a": {"b": {"c": 1}}}
    path = tmp_path / "keys.toml"
    path.write_text('student = "x"\n' + "a." * 600_000 + "b = 1\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["check", "--example", "nn231", str(path)])
    assert done.exit_code == 2
    assert done.stderr == f"symbp: {path}: not valid TOML: a dotted key of more than {MAX_KEY_PARTS} parts (at line 2, column 20)\n"


@pytest.mark.parametrize("planted", ["ada.txt", "grades.csv", ".symbp-reports"])
def test_a_link_planted_in_the_class_folder_is_not_written_through(tmp_path, planted):
    """`--out` the class's own folder (supported): a student's `ada.txt`, `grades.csv` or `.symbp-reports`
    linking to a file of the instructor's had it replaced by the report (a hostile reviewer's HIGH,
    stop 48).  Refused before anything is written, naming the link."""
    sheet = tmp_path / "week5"
    assert CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "1",
                                     "--out", str(sheet)]).exit_code == 0
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "ada.toml").write_text('student = "Ada"\nvariant = 1\n"z_0^1" = "0.1"\n', encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (folder / planted).symlink_to(victim)
    done = CliRunner().invoke(main, ["check", "--key", str(sheet / "answers.json"), str(folder), "--out", str(folder)])
    assert done.exit_code == 2 and f"{planted}: is a link in the class's own folder" in done.stderr, done.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in folder.iterdir()) == sorted(["ada.toml", planted])


def test_a_class_run_stopped_while_pdflatex_runs_leaves_no_earlier_pdf_beside_a_new_report(tmp_path, requires_tex,
                                                                                             monkeypatch):
    """The budget, SIGTERM or Ctrl-C while a class's PDFs compile left the new .tex beside the earlier
    run's PDF (the old marks in the PDF, the new in the .tex: a hostile reviewer's HIGH, stop 48): the
    PDFs to be compiled again are removed with the batch that writes the new reports."""
    import symbp.api.marks
    from symbp.errors import TimeBudgetExceeded

    sheet = tmp_path / "week5"
    assert CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "1",
                                     "--out", str(sheet)]).exit_code == 0
    folder, out = tmp_path / "class", tmp_path / "marked"
    folder.mkdir()
    (folder / "ada.toml").write_text('student = "Old Ada"\nvariant = 1\n"z_0^1" = "0.1"\n', encoding="utf-8")
    args = ["check", "--key", str(sheet / "answers.json"), str(folder), "--out", str(out), "--pdf"]
    assert CliRunner().invoke(main, args).exit_code == 1 and (out / "ada.pdf").is_file()
    (folder / "ada.toml").write_text('student = "New Ada"\nvariant = 1\n"z_0^1" = "0.1"\n', encoding="utf-8")

    def stopped(*a, **k):
        raise TimeBudgetExceeded("stopped after 3 s, the time budget")

    monkeypatch.setattr(symbp.api.marks, "_compile_all", stopped)
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 2 and "New Ada" in (out / "ada.tex").read_text(encoding="utf-8")
    assert not (out / "ada.pdf").exists()


def test_a_student_value_with_c1_or_bidi_controls_is_echoed_escaped(tmp_path):
    """A NOT READ value "\\u009b2J…" (C1 CSI, OSC) or "abc\\u202edef" (a right-to-left override) reached the
    terminal and the reports raw: JSON escapes C0 only (a hostile reviewer's MEDIUM, stop 48)."""
    import json as json_module

    path = tmp_path / "eve.json"
    path.write_text(json_module.dumps({"student": "Eve", "L": "\u009b2J\u009d0;PWNED\u009c x", "z_0^1": "abc\u202edef"}),
                    encoding="utf-8")
    for fmt in ("text", "json", "tex"):
        done = CliRunner().invoke(main, ["check", "--example", "nn231", str(path), "-f", fmt])
        assert done.exit_code == 1, done.stderr
        assert not any(ch in done.stdout for ch in "\u009b\u009d\u009c\u202e"), fmt
        shown = done.stdout if fmt != "json" else json_module.loads(done.stdout)["not_read"].__repr__()
        assert "202e" in shown and "009b" in shown, fmt


def test_a_bidi_override_written_as_a_character_reference_is_refused_too(tmp_path):
    """`&#x202E;` in a course's Moodle template passed the check (it looked for the character itself),
    and Moodle's page showed the override (a hostile reviewer's MEDIUM, stop 48)."""
    folder = tmp_path / "course" / "moodle"
    folder.mkdir(parents=True)
    built_in = (REPO / "templates" / "moodle" / "question.html.jinja").read_text(encoding="utf-8")
    (folder / "question.html.jinja").write_text(built_in + "<p>&#x202E;desserpxe&#x202C;</p>\n", encoding="utf-8")
    out = tmp_path / "ws"
    done = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--out", str(out),
                                     "--moodle", str(out / "quiz.xml"), "--templates", str(tmp_path / "course")])
    assert done.exit_code == 2 and "writes a control character (U+202E)" in done.stderr, done.stderr
    assert not (out / "quiz.xml").exists()


@pytest.mark.parametrize("text", ["\\u001b]0;PWNED\\u0007 Head {widths}", "Head \\u009b31m{widths}", "Head {widths}\\u202e"])
def test_a_course_catalogue_message_with_a_control_character_is_refused_when_read(tmp_path, text):
    """A catalogue message reaches stderr (the blank --title note) and the JSON report (a slip's label)
    outside any template, past the check of what templates render (a hostile reviewer's MEDIUM, stop 48):
    the course's catalogue is refused when it is read, naming the message."""
    folder = tmp_path / "course" / "i18n"
    folder.mkdir(parents=True)
    (folder / "en.toml").write_text(f'[network]\nheading = "{text}"\n', encoding="utf-8")
    done = CliRunner().invoke(main, ["derive", "--example", "nn231", "--templates", str(tmp_path / "course")])
    assert done.exit_code == 2 and done.stdout == ""
    assert "network.heading: holds a control character (U+" in done.stderr
    assert not any(ch in done.stderr for ch in "\x1b\u009b\u202e")


def test_a_link_planted_in_a_folder_inside_the_class_folder_is_not_written_through(tmp_path):
    """--out a folder inside the class's (students may write there too): a planted `marked/ada.txt`
    was still written through (the reviewer, stop 48)."""
    sheet = tmp_path / "week5"
    assert CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "1",
                                     "--out", str(sheet)]).exit_code == 0
    folder = tmp_path / "class"
    (folder / "marked").mkdir(parents=True)
    (folder / "ada.toml").write_text('student = "Ada"\nvariant = 1\n"z_0^1" = "0.1"\n', encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    (folder / "marked" / "ada.txt").symlink_to(victim)
    done = CliRunner().invoke(main, ["check", "--key", str(sheet / "answers.json"), str(folder),
                                     "--out", str(folder / "marked")])
    assert done.exit_code == 2 and "ada.txt: is a link in the class's own folder" in done.stderr, done.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
