"""blocks.py: a block's first row is marked (the template puts the block's \\pagemark{follow} on it
without a loop counter), and a line's last row is "noted" where its note prints (an exact value or
a mark beside the result); a line whose rows its program made has them noted so already
(tests/test_render_programs.py compares them, notes included, with the plainly packed rows)."""

from __future__ import annotations

from symbp.render.blocks import block, noted


def test_a_block_marks_its_first_row_only():
    rows = block([], [{"lhs": "a", "lead": "=", "body": "1"}],
                 [{"lhs": "b", "lead": "=", "body": "2"}, {"lhs": "", "lead": "=", "body": "3"}])
    assert ["first" in row for row in rows] == [True, False, False]
    assert [row["sep"] for row in rows] == [r"\\", r"\\*", ""]


def test_a_line_is_noted_only_with_an_exact_value_or_a_mark():
    exact = {"text": "0.5", "approx": False}
    lines = ({"exact": None, "mark": None}, {}, {"exact": exact, "mark": None}, {"exact": None, "mark": {"status": "Ok", "given": "1"}})
    rows = [noted([{"lhs": "x", "lead": "", "body": "1"}], line)[-1] for line in lines]
    assert ["noted" in row for row in rows] == [False, False, True, True]
    assert [row["note"] for row in rows] == [{"line": line} for line in lines]
