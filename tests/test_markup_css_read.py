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
    '<svg><text transform="rotate(-18.4 120.5 60.2)">0.25</text></svg>': (False, False),  # sloped with its wire
    '<svg><text transform="rotate(180 1 1)">0.25</text></svg>': (False, True),  # upside down
    '<p style="transform: rotate(0.5turn)">0.25</p>': (False, True),
    '<p style="transform: rotate(30deg) scale(1.2)">0.25</p>': (False, False),
    '<p style="transform: matrix(-1,0,0,1,0,0)">0.25</p>': (False, True),
    '<p style="transform: rotateY(180deg)">0.25</p>': (False, True),
    '<p style="direction/**/: rtl">0.25</p>': (False, True),
    '<svg><text rotate="0 0 0">0.25</text></svg>': (False, False),
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


def test_a_course_s_copy_of_the_graph_drawing_is_not_refused(tmp_path):
    """symbp's own SVG drawing turns each label with its sloped wire (rotate(−18.4 …)): a course's
    unchanged copy of that template must render; one that turns them upside down must not."""
    import shutil

    import symbp
    from symbp.errors import SpecError
    from symbp.graph.svg import graph_svg

    folder = tmp_path / "course"
    (folder / "svg").mkdir(parents=True)
    shutil.copy(REPO / "templates" / "svg" / "graph.svg.jinja", folder / "svg")
    spec = symbp.spec_from_dict({"kind": "graph", "title": "Fan-out", "inputs": {"x": 0.7, "y": -1.3, "z": 0.25},
                                 "stages": ["p = x*y", "q = p + x", "f = q * max(x, z) + y"]})
    solution = symbp.derive(spec)._internal
    svg = graph_svg(solution, 4, templates_dir=str(folder))
    assert 'transform="rotate(' in svg  # (the case: some label is turned)
    template = folder / "svg" / "graph.svg.jinja"
    template.write_text(template.read_text(encoding="utf-8").replace("w.angle, w.label_x", "w.angle + 180, w.label_x"),
                        encoding="utf-8")
    with pytest.raises(SpecError, match="reorders text"):
        graph_svg(solution, 4, templates_dir=str(folder))
