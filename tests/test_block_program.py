"""render/block_program.py: a block of lines printed by one compiled program prints what the lines' own
programs print one by one, where the block's variants differ in what decides the text (a line's sign,
its rows: a substituted text that fits one row in one variant and not in another)."""

from __future__ import annotations

import re
import sys

from symbp.render import block_program
from symbp.render import lines as lines_module
from symbp.resources import example_path
from symbp.spec import load_spec


def _key(count: int) -> str:
    import symbp.worksheet  # noqa: F401 (the package's name `worksheet` is its command's function)

    worksheet = sys.modules["symbp.worksheet"]
    return worksheet.build_worksheet(load_spec(example_path("nn231")), count, 7).files[worksheet.FILES["key"]]


def test_a_block_program_prints_what_its_lines_programs_print(monkeypatch):
    fused, made = _key(6), len(block_program.BLOCKS.get(("tex", "en"), {}))
    monkeypatch.setattr(lines_module.Lines, "lines_of", lambda self, quantities: [self.line(q) for q in quantities])
    assert made and _key(6) == fused
    bodies = re.findall(r"worked solution of variant \d+ begins(.*?)worked solution of variant", fused, re.S)[2:]
    # the same blocks, other signs and rows from variant to variant (the program decides them as it prints)
    assert len({body.count(r"\approx") for body in bodies}) > 1 and len({body.count(r"\\*") for body in bodies}) > 1
