"""The printed lines of a block compiled once: the line programs of a list of quantities (the same
objects in every variant of an architecture, line_program.py) -> one function that prints them all.

A worksheet prints its later variants' lines in the same blocks (a layer's z and a, its gradients,
its updates): once each line of a block has its compiled program, the block's lines are printed by
one function holding their statements one after the other — what each program reads first
(`line_program.PROLOGUE`) read once, the lines recorded as printed at once, no call and no look-up of
its skeleton per line.  Each line's
statements are its program's, its constants renamed apart (NAME -> NAME_3): the same steps in the
same order (the plan's record of the printed lines, the recheck's, the numbers' texts and widths).
The source holds only identifiers made here, as line_program.py's does.
"""

from __future__ import annotations

import re
from operator import is_

from .line_program import PROLOGUE, RECORDED, compiled, line_source


def block_program(skeletons: list, fmt: str):
    """function(lines) -> the dicts of the lines of `skeletons` (lines._Skeleton of each quantity, in order),
    as `Lines.line` makes each through its program."""
    constants: dict = {}
    body = ["out = []", "append = out.append"]
    for i, skeleton in enumerate(skeletons):
        statements, own = line_source(skeleton.relation, skeleton.found, skeleton.parts, skeleton.holes,
                                      skeleton.measured, fmt)
        if statements[:len(RECORDED)] == RECORDED:  # (recorded for the whole block at once, below)
            statements = statements[len(RECORDED):]
        constants.update({f"{name}_{i}": value for name, value in own.items()})
        # (no constants: nothing to rename — an empty alternation would match at every word boundary)
        rename = re.compile(r"\b(" + "|".join(sorted(own, key=len, reverse=True)) + r")\b").sub if own else None
        body += ["append(line)" if statement == "return line" else rename(rf"\1_{i}", statement) if rename else statement
                 for statement in statements]
    body.append("return out")
    # the block's lines recorded in their order at its start (nothing between them records a line): plan.record
    recorded = ["if replayed is not None:",
                "    replayed.update(dict.fromkeys((" + "".join(f"R_{i}, " for i in range(len(skeletons))) + ")))"]
    return compiled("    def lines_of(lines):\n" + "".join(f"        {statement}\n" for statement in PROLOGUE + recorded + body)
                    + "    return lines_of\n", constants)


def lines_of(lines, quantities: list) -> list[dict]:
    """`Lines.lines_of`: `[lines.line(q) for q in quantities]` of a derivation's own quantities (or kept
    ones): in the printing pass, once each has its compiled program, by one program for them all
    (`block_program`), kept with them in `BLOCKS` (their ids stay their own)."""
    if not lines.plan.frozen:
        return [lines.line(q) for q in quantities]
    key = tuple(map(id, quantities))
    entry = lines._blocks.get(key)
    if entry is not None and all(map(is_, entry[0], quantities)):
        return entry[1](lines)
    out = [lines.line(q) for q in quantities]
    found = [lines._skeletons.get(id(q)) for q in quantities]
    if all([entry is not None and entry[0] is q and entry[1].program is not None for entry, q in zip(found, quantities)]):
        if len(lines._blocks) >= 1 << 12:
            lines._blocks.clear()
        lines._blocks[key] = (tuple(quantities), block_program([entry[1] for entry in found], lines.fmt))
    return out


BLOCKS: dict = {}  # (fmt, locale) -> {ids of quantities: (the quantities, their block_program)} (`lines_of`)
