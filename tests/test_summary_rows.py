"""summary_rows.broken_rows: a summary section's new lines worked out once per kept entries and
columns are the ones break_rows works out for each variant's own copies of them (the fall of the
loss after them too)."""

from __future__ import annotations

import itertools

from symbp.render.summary_rows import break_rows, broken_rows


def _kept(pattern):
    return [{"name": f"q{i}", "newline": newline, "layer_starts": starts} for i, (newline, starts) in enumerate(pattern)]


def test_the_kept_new_lines_are_break_rows_own():
    patterns = [[(True, True), (False, False), (True, False), (False, False), (False, False), (True, True), (True, False)],
                [(True, True)] + [(i % 3 == 0, i % 6 == 0) for i in range(1, 12)]]
    for pattern, columns, fall in itertools.product(patterns, (1, 2, 3, 5), (False, True)):
        source = _kept(pattern)
        for _ in range(2):  # worked out, then set from what was kept
            entries = [{**entry, "text": "0.5"} for entry in source]
            expected = [dict(entry) for entry in entries]
            if fall:
                entries.append({"name": "fall", "newline": False, "layer_starts": False})
                expected.append(dict(entries[-1]))
            break_rows(expected, columns)
            broken_rows(entries, columns, source)
            assert [e["newline"] for e in entries] == [e["newline"] for e in expected]
            assert entries[0]["newline"] is False  # (the first begins the grid: the template breaks no line before it)
        assert [e["newline"] for e in source] == [newline for newline, _ in pattern]  # (the kept entries untouched)
