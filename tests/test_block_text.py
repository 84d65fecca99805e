"""blocks._joined: the LaTeX text of a block without notes, made in Python, is what the solution body's
block macro writes of its rows one by one (the rows, which the read-back reads, stay as they were)."""

from __future__ import annotations

import pytest

from symbp.i18n import use
from symbp.pipeline import derive_solution
from symbp.render.templates import render_template
from symbp.render.worked import solution_context
from symbp.resources import example_path
from symbp.spec import load_spec

BODY = "tex/solution-body.tex.jinja"


def _unjoined(context: dict) -> int:
    """Every block's joined text taken off its first row (the macro then writes its rows); how many."""
    count, stack = 0, [context]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            if "tail" in item:
                del item["head"], item["tail"]
                count += 1
            stack.extend(value for key, value in item.items() if key != "note" and type(value) in (dict, list))
        elif type(item) is list:
            stack.extend(value for value in item if type(value) in (dict, list))
    return count


@pytest.mark.parametrize("example, locale, detail, rounded", [("nn231", "en", "auto", 4), ("mazur", "de", "matrix", 4),
                                                               ("softmax3", "fr", "neuron", None)])
def test_a_joined_block_is_what_the_macro_writes_of_its_rows(example, locale, detail, rounded):
    with use(locale):
        solution, report = derive_solution(load_spec(example_path(example)), round_to=rounded, detail=detail)
        context = solution_context(solution, report, detail=detail)
        joined = render_template(BODY, None, **context)
        assert _unjoined(context) >= 5  # (most blocks are joined)
        assert render_template(BODY, None, **context) == joined


def test_a_joined_block_follows_its_rows_signs_and_separators():
    """A planted difference in a row (its lead, body or separator) is in the block's text."""
    from symbp.render.blocks import block

    def text(rows) -> str:
        first = rows[0]
        return first["head"] + first["tail"]

    made = lambda lead="=", body="1", lhs="b": block([{"lhs": "a", "lead": "=", "body": "x"}],  # noqa: E731
                                                     [{"lhs": lhs, "lead": lead, "body": body}, {"lhs": "", "lead": "=", "body": "3"}])
    plain = text(made())
    assert text(made(lead="≈")) == plain.replace("b &= 1", "b &\\approx 1")
    assert text(made(body="-1")) == plain.replace("b &= 1", "b &= -1")
    noted = block([{"lhs": "a", "lead": "=", "body": "x", "note": {"line": {}}, "noted": True}])
    assert "tail" not in noted[0]  # (a note: the macro writes the rows)
