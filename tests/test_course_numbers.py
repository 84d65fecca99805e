"""A course's templates (--templates) may place symbp's numbers, not work them out or change them
(render/course_numbers.py): a document that prints a number symbp did not give its templates, and
their own text does not hold, is refused with exit code 2 and no file; a verbatim copy of symbp's
own templates prints what symbp prints, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import symbp
from symbp.cli import main
from symbp.errors import SpecError
from symbp.render.course_reading import numbers, seen

BUILT_IN = Path(__file__).resolve().parents[1] / "templates"


def _wrapped(tmp_path, name: str, before: str, after: str = "") -> Path:
    """A course folder whose `name` is symbp's own template between `before` and `after`."""
    folder = tmp_path / "course"
    (folder / Path(name).parent).mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(before + (BUILT_IN / name).read_text(encoding="utf-8") + after, encoding="utf-8")
    return folder


def _loss_text(fmt: str = "tex", locale: str = "en") -> tuple[str, str]:
    """symbp's own document and the first printed number with 4+ significant digits in it."""
    text = symbp.derive(symbp.example("nn231"), locale=locale).to(fmt)
    long = next(n for n in numbers(seen(text)) if len(n.replace(".", "").lstrip("0")) >= 4)
    return text, long


def _edited(number: str) -> str:
    """`number` with its last digit changed (2 -> 3, 9 -> 0)."""
    return number[:-1] + str((int(number[-1]) + 1) % 10)


@pytest.mark.parametrize("locale", ["en", "de"])
def test_a_template_that_edits_a_printed_number_is_refused(tmp_path, locale):
    text, number = _loss_text("tex", locale)
    written = number.replace(".", "{,}") if locale == "de" else number
    assert written in text  # (the number as the document prints it: a decimal comma in German LaTeX)
    folder = _wrapped(tmp_path, "tex/solution.tex.jinja", f'<% filter replace("{written}", "{_edited(written)}") %>',
                      "<% endfilter %>")
    with pytest.raises(SpecError, match=rf"template tex/solution.tex.jinja: prints the number {_edited(number)}\b"):
        symbp.derive(symbp.example("nn231"), locale=locale, templates=folder).to("tex")


@pytest.mark.parametrize("line", [
    '<%= (final.loss_after | float * 100) | round(2) %> %',  # worked out from a given number
    '<%= final.loss_after ~ "3" %>',  # a digit glued on
    '<%= "0.006273" %>',  # a constant inside an expression is a program's, not the template's text
])
def test_a_number_the_template_works_out_is_refused(tmp_path, line):
    folder = _wrapped(tmp_path, "md/solution.md.jinja", "", "\nCost: " + line + "\n")
    with pytest.raises(SpecError, match="template md/solution.md.jinja: prints the number"):
        symbp.derive(symbp.example("nn231"), templates=folder).to("md")


def test_numbers_the_template_writes_or_is_given_are_printed(tmp_path):
    """Its own text (Exercise 7, 2.5 cm, 0.006273 written out), symbp's numbers, counters it was given."""
    folder = _wrapped(tmp_path, "md/solution.md.jinja", "Exercise 7 (12 points), see 0.006273\n",
                      "\nCost after the step: <%= final.loss_after %>; <%= digits %> digits\n")
    text = symbp.derive(symbp.example("nn231"), templates=folder).to("md")
    own = symbp.derive(symbp.example("nn231")).to("md")
    assert text.startswith("Exercise 7 (12 points), see 0.006273\n" + own)


def test_the_command_line_refuses_with_exit_2_and_writes_nothing(tmp_path):
    text, number = _loss_text("tex")
    folder = _wrapped(tmp_path, "tex/solution.tex.jinja", f'<% filter replace("{number}", "{_edited(number)}") %>',
                      "<% endfilter %>")
    out = tmp_path / "out.tex"
    result = CliRunner().invoke(main, ["derive", "--example", "nn231", "--templates", str(folder), "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()
    assert f"prints the number {_edited(number)}," in result.output and "Traceback" not in result.output


def test_a_worksheet_whose_key_template_edits_a_number_is_refused(tmp_path):
    folder = _wrapped(tmp_path, "tex/answer-key-variant.tex.jinja", '<% filter replace("0.", "0.9") %>', "<% endfilter %>")
    out = tmp_path / "sheet"
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "2", "--seed", "3", "--templates",
                                       str(folder), "-o", str(out)])
    assert result.exit_code == 2 and "answer-key" in result.output and "prints the number 0.9" in result.output
    assert "(the course's tex/answer-key-variant.tex.jinja)" in result.output  # the file to look at
    assert not any(out.glob("*")) if out.exists() else True


COMMANDS = [
    ["derive", "--example", "nn231", "--format", "tex"],
    ["derive", "--example", "softmax3", "--format", "md", "--locale", "de"],
    ["derive", "--example", "mazur", "--format", "text", "--locale", "fr"],
    ["derive", "--example", "graph-neuron", "--format", "tex"],
    ["derive", "--example", "nn231", "--format", "answers-template"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: "-".join(args[2:]))
def test_a_copy_of_the_built_in_templates_prints_what_symbp_prints(tmp_path, args):
    """Every number symbp's own templates print is given to them or in their text, so a course that
    starts from a copy of them is never refused (a worksheet and `check` in test_course_numbers_sheet)."""
    copy = tmp_path / "copy"
    shutil.copytree(BUILT_IN, copy)
    own = CliRunner().invoke(main, args)
    course = CliRunner().invoke(main, args + ["--templates", str(copy)])
    assert own.exit_code == 0 and course.exit_code == 0, course.output
    assert course.output == own.output


def test_a_copy_prints_the_same_worksheet_and_key(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(BUILT_IN, copy)
    args = ["worksheet", "--example", "nn231", "-n", "2", "--seed", "4", "--locale", "de"]
    assert CliRunner().invoke(main, args + ["-o", str(tmp_path / "own")]).exit_code == 0
    result = CliRunner().invoke(main, args + ["-o", str(tmp_path / "course"), "--templates", str(copy)])
    assert result.exit_code == 0, result.output
    for name in ("worksheet.tex", "answer-key.tex", "answers-template.toml"):
        assert (tmp_path / "course" / name).read_bytes() == (tmp_path / "own" / name).read_bytes(), name


@pytest.mark.parametrize("text, markup, comma, read", [
    (r"0.5\cdot 0{,}25 = 0,125", False, False, ["0.5", "0.25", "0", "125"]),  # {,} is a mark; a plain comma parts…
    ("0,125 (0.00,0.93) 1,2,3", False, True, ["0.125", "0.00", "0.93", "1", "2", "3"]),  # …but in German text
    (r"\needroom{38\baselineskip} \vspace{2cm} group3 a3f9 \hyperlink{s-12}{12}", False, False, ["12", "12"]),
    ("w_01^1@3 ≈ 0.3100. ⑤ x² 6.273e-3", False, False, ["01", "1", "3", "0.3100", "6.273e-3"]),
    # what TeX, MathJax or a browser shows as one number (the review's ways to hide one)
    ("0{}.{}0{}0{}6 \\relax0.25 \\displaystyle0.5 0.\\,75 0\u20600.5 ０.５ 𝟢.𝟨", False, False,
     ["0.006", "0.25", "0.5", "0.75", "00.5", "0.5", "0.6"]),
    ("0.0<!---->06 0.<b>4</b>2 &#x30;.&#x37; <td>1</td><td>2</td> <rect x=\"12.5\"/>", True, False,
     ["0.006", "0.42", "0.7", "1", "2"]),
])
def test_what_counts_as_a_printed_number(text, markup, comma, read):
    assert list(numbers(seen(text, markup), None, comma)) == read


def _sheet(tmp_path, folder, *extra) -> tuple:
    out = tmp_path / "sheet"
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "2", "--seed", "1", "-o", str(out),
                                       "--templates", str(folder), *extra])
    return result, out


def test_a_moodle_gap_a_template_changes_is_refused(tmp_path):
    """Moodle grades the gaps: a tolerance widened to ±0.5 (0.5 is a number symbp gives) is refused."""
    folder = _wrapped(tmp_path, "moodle/question.html.jinja", '<% filter replace(":0.0005#", ":0.5#") %>',
                      "<% endfilter %>")
    result, out = _sheet(tmp_path, folder, "--moodle", str(tmp_path / "q.xml"))
    assert result.exit_code == 2 and "leaves out a graded gap" in result.output
    assert not (tmp_path / "q.xml").exists()


def test_the_macros_symbp_calls_are_checked_too(tmp_path):
    """moodle/texts.jinja's feedback (called as a module's macro, not rendered as a document)."""
    folder = _wrapped(tmp_path, "moodle/texts.jinja", "", '\n<% macro correct_feedback(part, band) %>Correct '
                      '(± <%= (band.tolerance | float * 100) | round(3) %>)<% endmacro %>\n')
    result, _ = _sheet(tmp_path, folder, "--moodle", str(tmp_path / "q.xml"))
    assert result.exit_code == 2 and "template moodle/texts.jinja: prints the number" in result.output


@pytest.mark.parametrize("digits", ["10", "15"])
def test_a_copy_exports_alike_at_many_digits(tmp_path, digits):
    """The rule's minimum digits (a property of the rule object symbp hands over) is given."""
    copy = tmp_path / "copy"
    shutil.copytree(BUILT_IN, copy)
    args = ["worksheet", "--example", "nn231", "-n", "1", "--seed", "1", "--digits", digits]
    own = CliRunner().invoke(main, args + ["-o", str(tmp_path / "own"), "--moodle", str(tmp_path / "own.xml"),
                                           "--prairielearn", str(tmp_path / "own-pl")])
    course = CliRunner().invoke(main, args + ["-o", str(tmp_path / "c"), "--moodle", str(tmp_path / "c.xml"),
                                              "--prairielearn", str(tmp_path / "c-pl"), "--templates", str(copy)])
    assert own.exit_code == 0 and course.exit_code == 0, course.output
    assert (tmp_path / "c.xml").read_bytes() == (tmp_path / "own.xml").read_bytes()


def test_a_hash_made_by_digest_allows_no_number(tmp_path):
    """`digest` names are taken out whole: the digits a chosen hash ends with (sha256 of "111383" begins
    65883e59232d2026) do not let a worked-out 2026 through."""
    import hashlib

    assert hashlib.sha256(b"111383").hexdigest()[:16].endswith("d2026")
    folder = _wrapped(tmp_path, "md/solution.md.jinja", "", '\n<%= (digits * 0 + 111383) | digest %> <%= 2000 + 26 %>\n')
    with pytest.raises(SpecError, match="prints the number 2026"):
        symbp.derive(symbp.example("nn231"), templates=folder).to("md")


def test_a_number_in_another_template_of_the_folder_allows_nothing(tmp_path):
    """Only the text of the templates that made the document counts, not another file of the folder
    rendered before in the same process (the verdict does not depend on what ran before)."""
    text, number = _loss_text("md")
    folder = _wrapped(tmp_path, "md/solution.md.jinja", f'<% filter replace("{number}", "{_edited(number)}") %>',
                      "<% endfilter %>")
    (folder / "md" / "other.md.jinja").write_text(f"{_edited(number)}\n", encoding="utf-8")
    from symbp.render.templates import render_template

    assert render_template("md/other.md.jinja", folder) == f"{_edited(number)}\n"  # (read in this process first)
    with pytest.raises(SpecError, match=f"prints the number {_edited(number)}"):
        symbp.derive(symbp.example("nn231"), templates=folder).to("md")
