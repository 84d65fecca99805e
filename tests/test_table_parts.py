"""The table of later steps split into column groups: the one-group shortcut (widths summed from nearly
known widths, worked_updates.table_parts) gives what measuring every cell and packing greedily gives."""

import random

from symbp.render.measure import math_width_cm
from symbp.render.worked_updates import table_parts


def _measured(table, room):
    """The greedy split on measured widths (written here, as table_parts did before its shortcut)."""
    name_cm = max(math_width_cm(row["name"]) for row in table["rows"]) + 0.6
    parts, current, used = [], [], name_cm
    for i in range(len(table["steps"])):
        width = max(math_width_cm(row["cells"][i]) for row in table["rows"]) + 0.45
        if current and used + width > room:
            parts.append(current)
            current, used = [], name_cm
        current.append(i)
        used += width
    parts.append(current)
    return [{"steps": [table["steps"][i] for i in part],
             "rows": [{"name": row["name"], "cells": [row["cells"][i] for i in part]} for row in table["rows"]]}
            for part in parts]


def test_one_group_exactly_where_the_measured_columns_fit():
    rng = random.Random(5)
    cells = ["0.25", "-0.1250", "(-0.3)", "1.715\\cdot 10^{-5}", "0{,}4410", "12.5", "-1.235\\cdot 10^{4}", "0"]
    names = ["L", "w_{11}^{(1)}", "b_{2}^{(2)}", "w_{1,10}^{(3)}"]
    for _ in range(200):
        steps = list(range(1, rng.randint(2, 9)))
        table = {"steps": steps, "rows": [{"name": name, "cells": [rng.choice(cells) for _ in steps]}
                                          for name in rng.sample(names, rng.randint(1, len(names)))]}
        widest = _measured(table, 1e9)  # one group: the room it takes
        need = math_width_cm(max((r["name"] for r in table["rows"]), key=math_width_cm)) + 0.6
        for room in (need, need + 1.0, 5.0, 9.0, 15.5, 40.0, rng.uniform(2.0, 30.0)):
            assert table_parts(table, room) == _measured(table, room), (table, room)
        assert table_parts(table, 1e9) == widest
