"""A course template's markup where browsers and Python's HTML parser disagree on what is text
(stop 66's first hostile tester): a tag there is read as a tag, so no script reaches a student's page
through a comment, a CDATA section, an SVG <style> or a raw-text element's end inside quotes."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from symbp.cli import main
from symbp.render.markup_check import _Finder, findings

BUILT_IN = Path(__file__).resolve().parent.parent / "templates"

# each read as text by Python's parser, as markup by some browser (HTML5's tokenizer and tree builder)
_HIDDEN = (
    "<!--><img src=x onerror=alert(1)>-->",  # `<!-->` is a whole (empty) comment in HTML5
    "<!---><img src=x onerror=alert(1)>-->",
    "<!-- a --!><img src=x onerror=alert(1)>-->",  # `--!>` ends a comment
    "<![CDATA[><img src=x onerror=alert(1)>]]>",  # outside SVG/MathML: a bogus comment up to the first >
    "<svg><![CDATA[</svg><img src=x onerror=alert(1)>]]></svg>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",  # an SVG <style>'s text is markup
    "<math><style><img src=x onerror=alert(1)></style></math>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',  # raw text ends in the quotes
    "<? x ><img src=x onerror=alert(1)> ?>",
)


def test_python_s_parser_alone_reads_each_as_harmless_text():
    """Why a second reading is needed: the browser-like reading alone finds none of them."""
    for text in _HIDDEN[:8]:
        finder = _Finder()
        finder.feed(text)
        finder.close()
        assert finder.found is None, text


def test_a_tag_where_browsers_may_read_markup_is_active():
    for text in _HIDDEN:
        assert findings(text)[0].startswith("<img onerror=…>"), text
    # reordering markup hidden the same way
    assert findings('<noscript><p title="</noscript><b dir=rtl>1</b>"></noscript>')[1] == "<b dir='rtl'>"
    # tags nested in tags' own text beyond what any page writes
    assert findings("<a/t=<a/t=<a/t=<a/t=<a/t=<b>")[0] is not None


def test_honest_pages_with_comments_and_escaped_text_are_taken():
    for text in ('<a title="&lt;script&gt;">x</a>', "<p>a &lt; b <b>c</b></p><!-- the variant's note -->",
                 "<style>/* <b> */ p{color:red}</style>", "<!DOCTYPE html><p>1 &lt; 2</p>",
                 '<svg><text x="1">z &lt; 0</text></svg>'):
        assert findings(text) == (None, None), text


def test_a_course_template_hiding_a_script_is_refused_and_writes_nothing(tmp_path):
    for i, (name, export, payload) in enumerate((
            ("moodle/question.html.jinja", "--moodle", _HIDDEN[0]),
            ("prairielearn/question.html.jinja", "--prairielearn", _HIDDEN[3]),
            ("prairielearn/question.html.jinja", "--prairielearn", _HIDDEN[5]),
            ("moodle/question.html.jinja", "--moodle", _HIDDEN[7]))):
        text = (BUILT_IN / name).read_text(encoding="utf-8") + payload + "\n"
        where = tmp_path / str(i)
        folder = where / "course"
        (folder / Path(name).parent).mkdir(parents=True)
        (folder / name).write_text(text, encoding="utf-8")
        target, out = where / "export", where / "sheet"
        result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "2", "--seed", "1", "-o", str(out),
                                           "--templates", str(folder), export, str(target)])
        assert result.exit_code == 2 and "active content" in result.output, (name, payload, result.output)
        assert not target.exists() and not out.exists()


def test_a_tag_found_only_by_the_wary_reading_says_where_it_was():
    found, _ = findings('<!-- old: <input type="text"> -->')
    assert found.startswith("<input>") and "inside a comment" in found
    assert findings("<img src=x onerror=1>")[0] == "<img onerror=…>"  # (read so by a browser: said as before)
