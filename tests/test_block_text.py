"""blocks._joined: the LaTeX text of a block, made in Python but for its notes (written by the template's
note macro between the pieces), is what the solution body's block macro writes of its rows one by one
(the rows, which the read-back reads, stay as they were)."""

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
            if "head" in item:
                del item["head"]
                item.pop("tail", None), item.pop("pieces", None)
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
    note = {"line": {"exact": {"text": "0.5", "approx": True}}}
    first = block([{"lhs": "a", "lead": "=", "body": "x", "note": note, "noted": True}], [{"lhs": "b", "lead": "=", "body": "1"}])
    later = block([{"lhs": "b", "lead": "=", "body": "1"}], [{"lhs": "a", "lead": "=", "body": "x", "note": note, "noted": True}])
    assert "tail" in first[0] and first[0]["head"].endswith("a &= x")  # (its note and marks written after the head)
    assert [n for _, n in later[0]["pieces"]] == [note, None] and later[0]["pieces"][0][0].endswith("a &= x")
    exact = block([{"lhs": "a", "lead": "=", "body": "x"}], [{"lhs": "", "lead": "", "body": "y", "exact": True}])
    assert "head" not in exact[0]  # (a row of exact values: the macro writes the rows, with its words)
