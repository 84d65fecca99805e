"""A course's markup is read as CSS reads a style (stop 49's second new user and this stop's
reading): a mirrored or turned number (`transform: scaleX(-1)`, SVG's `rotate="180"`) reorders what
a student reads as <bdo dir="rtl"> does, and is refused; `<bdo dir="ltr">`, `flex-direction` and
`text-transform` reorder nothing and are no longer refused; a style that loads from elsewhere
written with CSS escapes (`u\\72l(…)`, `@\\69mport`) is refused as `url(`/`@import` are.

Each case says what a browser does with it (the test's own judgement), not what symbp says."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from helpers import REPO
from symbp.cli import main
from symbp.render.markup_check import findings

# markup -> (loads from elsewhere or runs code, reorders / mirrors / turns text)
CASES = {
    '<bdo dir="ltr">0.25</bdo>': (False, False),
    '<bdo>0.25</bdo>': (False, True),
    '<p style="flex-direction: column">x</p>': (False, False),
    '<style>.row{display:flex;flex-direction:row}</style>': (False, False),
    '<p style="text-transform:uppercase">x</p>': (False, False),
    '<div style="position:absolute; transform: translate(-50%, -50%)">x</div>': (False, False),
    '<svg><g transform="translate(10,20)"><text>0.25</text></g></svg>': (False, False),
    '<p style="direction: ltr !important">x</p>': (False, False),
    '<p style="transform: scaleX(-1)">0.25</p>': (False, True),
    '<div style="transform: translateX(-50%) scale(-1)">0.25</div>': (False, True),
    '<style>p{scale:-1 1}</style>': (False, True),
    '<p style="rotate: 180deg">0.25</p>': (False, True),
    '<p style="writing-mode: vertical-rl">0.25</p>': (False, True),
    '<p style="d\\69rection: rtl">0.25</p>': (False, True),
    '<p style="/* */direction:rtl">0.25</p>': (False, True),
    '<svg><g transform="scale(-1,1)"><text>0.25</text></g></svg>': (False, True),
    '<svg><text rotate="180">0.25</text></svg>': (False, True),
    '<svg><text direction="rtl" unicode-bidi="bidi-override">0.25</text></svg>': (False, True),
    '<p style="background: u\\72l(https://example.org/p.png)">x</p>': (True, False),
    '<style>p{background:u\\72 l(https://example.org/p.png)}</style>': (True, False),
    '<style>@\\69mport "https://example.org/x.css";</style>': (True, False),
}


@pytest.mark.parametrize("markup", list(CASES))
def test_markup_is_judged_as_a_browser_reads_it(markup):
    active, reorders = findings(markup)
    assert (active is not None, reorders is not None) == CASES[markup], (markup, active, reorders)


@pytest.mark.parametrize("payload, refused", [('<p style="transform: scaleX(-1)">0.25</p>', True),
                                              ('<bdo dir="ltr">0.25</bdo>', False),
                                              ('<p style="flex-direction: column">x</p>', False)])
def test_a_moodle_export_with_such_markup(tmp_path, payload, refused):
    name = "moodle/question.html.jinja"
    folder = tmp_path / "course"
    (folder / "moodle").mkdir(parents=True)
    (folder / name).write_text((REPO / "templates" / name).read_text(encoding="utf-8") + payload + "\n", encoding="utf-8")
    out, quiz = tmp_path / "sheet", tmp_path / "quiz.xml"
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "2", "--seed", "1", "-o", str(out),
                                       "--templates", str(folder), "--moodle", str(quiz)])
    if refused:
        assert result.exit_code == 2 and "reorders text" in result.output, result.output
        assert not quiz.exists() and not out.exists()
    else:
        assert result.exit_code == 0, result.output
        from xml.sax.saxutils import escape

        text = quiz.read_text(encoding="utf-8")
        assert payload in text or escape(payload) in text or escape(payload, {'"': "&quot;"}) in text
