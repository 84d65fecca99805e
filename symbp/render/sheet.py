"""Layout data of worksheets and answer keys: verified variants -> task numbers, writing space,
each variant's summary and the class overview (for tex/worksheet*.jinja, tex/answer-key.tex.jinja).

    task_numbers(ask, depth)      task -> its number on the sheet and in the key (asked tasks 1 … n,
                                  the others None); hidden_layers is not a task of a one-layer network
    sheet_tasks(...)              the asked tasks of one variant with the room to write each one
    summary(...)                  the asked values in the worked solution's order, grouped by task
    overview(...)                 the class table: a row per variant, a column per asked value

The writing space of a task: render/writing_space.py.
"""

from __future__ import annotations

import math
from itertools import repeat
from operator import add, itemgetter, methodcaller, truth

from .. import names
from ..i18n import message
from ..tasks import TASKS
from .summary_rows import broken_rows, summary_entries
from .measure import TEXT_WIDTH_CM, ends_clean, text_width_cm, widths_cm
from .printers import printer
from .writing_space import BODY_PT, sheet_tasks, task_of  # noqa: F401 (sheet_tasks: this module's too, for worksheet.py)

SMALL_PT = 9.0  # \footnotesize: the class overview, the exact value below a carried one in a summary
TINY_PT = 8.0  # \scriptsize (of 11 pt type): the exact value below a carried one in the class overview
OVERVIEW_ROWS = 36  # lines of one table of the class overview (a row with an exact value below takes EXACT_LINES)
EXACT_LINES = 1.7
SUMMARY_MAX_COLUMNS = 5
COLUMN_SEP_CM = 0.4
TABLE_SEP_CM = 0.25  # 2 × \tabcolsep (3 pt) and a rule
OVERVIEW_MAX_QUANTITIES = 120  # more asked values: the overview shows the losses and the output layer


def task_numbers(ask, depth: int) -> dict:
    shown = [t for t in ask if not (t == "hidden_layers" and depth == 1)]
    return {task: shown.index(task) + 1 if task in shown else None for task in TASKS}


_NEAR_MARGIN = 1e-9  # a float sum in another order differs by ~1e-15 relatively: far less than this
_HEADS: dict = {}  # a summary symbol -> the width of it and "=" (None: its text reads on into what follows)


def _summary_columns(entries: list[dict], word: str) -> int:
    """`_columns` of the entries' widths (`_entry_width`): an entry without an exact value measured
    as its symbol's and "="'s width (kept: the same symbols in every variant) plus its number's —
    the widths of the joined text's parts, the same sum in another order (its scan reads nothing of
    the symbol into the number, `ends_clean`), so equal to within far less than _NEAR_MARGIN; where
    the count of columns is that near to changing, every entry is measured whole.  (Where no entry
    has an exact value and every symbol's head is kept, the sums are made in C, `_heads_and_numbers`.)"""
    widths = _heads_and_numbers(entries)
    if widths is None:
        widths = []
        for entry in entries:
            head = None if entry.get("exact") else _head_width(entry["symbol"])
            widths.append(_entry_width(entry, BODY_PT, word) if head is None
                          else head + text_width_cm(entry["text"], BODY_PT) + 0.3)
    if widths:
        quotient = (TEXT_WIDTH_CM - 0.3) / (max(widths) + COLUMN_SEP_CM)
        if abs(quotient - round(quotient)) < _NEAR_MARGIN * quotient:
            widths = [_entry_width(entry, BODY_PT, word) for entry in entries]
    return _columns(widths, COLUMN_SEP_CM, SUMMARY_MAX_COLUMNS)


_UNKNOWN = object()  # (a symbol not in _HEADS yet)
_SYMBOL, _TEXT, _NAME, _APPROX = itemgetter("symbol"), itemgetter("text"), itemgetter("name"), itemgetter("approx")
_EXACT = methodcaller("get", "exact")


def _heads_and_numbers(entries: list[dict]) -> list[float] | None:
    """`_summary_columns`' widths `head + text_width_cm(text, BODY_PT) + 0.3` of entries without an
    exact value whose symbols' heads are kept and clean (not None): the same additions, made in C;
    None for any other entries (measured one by one)."""
    heads = list(map(_HEADS.get, map(_SYMBOL, entries), repeat(_UNKNOWN)))
    if _UNKNOWN in heads:  # (a new symbol: kept for the next variant)
        heads = [_head_width(entry["symbol"]) for entry in entries]
    if None in heads or any(map(_EXACT, entries)):
        return None
    return list(map(add, map(add, heads, widths_cm(map(_TEXT, entries), BODY_PT)), repeat(0.3)))


def _head_width(symbol: str) -> float | None:
    head = _HEADS.get(symbol, False)
    if head is False:
        if len(_HEADS) >= 1 << 14:
            _HEADS.clear()
        head = _HEADS[symbol] = (text_width_cm(symbol, BODY_PT) + text_width_cm("=", BODY_PT)
                                 if ends_clean(symbol) else None)
    return head


def _columns(widths_cm, separation: float, limit: int) -> int:
    widest = max(widths_cm, default=1.0) + separation
    return max(1, min(limit, int((TEXT_WIDTH_CM - 0.3) // widest)))


def summary(solution, context: dict, ask, numbers: dict) -> list[dict]:
    """Sections {task, number, columns, exact (some entry has one), entries: [{name, symbol, text, approx, exact, headline, newline}]}
    of the asked values, task by task and within a task in `display_order`, as the worked solution
    prints them (context["shown"]; exact: with a carried key, the exact value {text, approx} where
    it differs from the carried one at the printed digits — a student who kept every digit gives
    it — else None, written below the carried one);
    an entry with newline begins a line (see summary_rows.py); the new loss's section ends with the fall of
    the loss (context["final"])."""
    spec = solution.spec
    shown = context["shown"]
    p = printer("tex")
    made = summary_entries(solution, ask, numbers, p)
    by_task = {task: {"task": task, "number": number, "entries": [{**entry, **shown[entry["name"]]} for entry in entries]}
               for task, number, entries in made}
    sources = {task: entries for task, _, entries in made}  # (each task's kept entries: `broken_rows`' key)
    sections = sorted(by_task.values(), key=lambda section: section["number"])  # a batch's samples interleave tasks
    final = context["final"]
    if sections and sections[-1]["task"] == "new_loss":
        before, after = p.symbol("L"), p.symbol(names.name(names.LOSS, step=spec.steps + 1))  # L, not J, fell
        below = final["direction"].endswith("_below")  # a change the printed digits cannot show: its sign, "> 0"
        fall = {
            "name": "fall", "symbol": f"{before} - {after}" if final["fell"] else f"{after} - {before}",
            "asked": False,  # worked out from two asked values, not asked itself
            "headline": False, "newline": False, "layer_starts": False, "text": "0" if below else final["fall"],
            "approx": final["approx"]["fall"] and not below, "exact": final["exact"], **({"relation": ">"} if below else {})}
        fall["signed"] = _signed(fall, f"{before} - {after}")
        sections[-1]["entries"].append(fall)
    if "formulas" in ask:  # no values: the section points to the worked solution
        at = sum(1 for s in sections if s["number"] < numbers["formulas"])
        sections.insert(at, {"task": "formulas", "number": numbers["formulas"], "entries": []})
    word = _exact_word()
    for section in sections:
        entries = section["entries"]
        section["columns"] = _summary_columns(entries, word)
        section["exact"] = any([e.get("exact") for e in entries])  # the intro says what the small line is
        broken_rows(entries, section["columns"], sources.get(section["task"]))
    return sections


def _signed(entry: dict, symbol: str) -> dict:
    """The fall's entry as a column headed `symbol` (L − L^(2)) writes it, for a class overview whose
    variants' costs did not all change alike: as it is where the cost fell, else with the sign
    turned (a rise of 0.025 is −0.025, "> 0" below the printed digits "< 0")."""
    view = {key: entry[key] for key in ("symbol", "text", "approx", "exact", "relation") if key in entry}
    if entry["symbol"] == symbol:
        return view
    exact = entry.get("exact")
    return {**view, "symbol": symbol, "text": _negated(entry["text"]),
            "exact": {**exact, "text": _negated(exact["text"])} if exact else exact,
            **({"relation": "<"} if entry.get("relation") == ">" else {})}


def _negated(text: str) -> str:
    """A printed number (TeX) with its sign turned; 0 stays 0."""
    return text[1:] if text.startswith("-") else text if text == "0" else "-" + text


def _exact_word() -> str:
    """The word before an exact value below a carried one (summary.exact), in the current locale."""
    return message("summary.exact")


def _exact_text(exact: dict, word: str) -> str:
    """What the line below a carried value says, as measured: "exact ≈ 0.09513"."""
    return word + " " + ("\\approx " if exact["approx"] else "") + exact["text"]


def _entry_width(entry: dict, size_pt: float, word: str = "") -> float:
    """The cell of an entry: its symbol, relation and value, and the exact value below it in
    \\footnotesize (SMALL_PT) where there is one."""
    width = text_width_cm(entry["symbol"] + "=" + entry["text"], size_pt)
    if entry.get("exact"):
        width = max(width, text_width_cm(_exact_text(entry["exact"], word), SMALL_PT))
    return width + 0.3


def overview_widths(sections: list[dict]) -> dict:
    """One variant's share of the class overview's column widths (`overview`): per quantity, the
    width of its cell — its value, and the exact value below it — made where the variant is
    made (a worker process): the sheet takes the widest of each column's."""
    word = _exact_word()
    widths: dict = {}
    for section in sections:
        entries = section["entries"]
        names = list(map(_NAME, entries))
        if _plain_cells(entries, names, widths):  # (their cells' texts measured in C: `_plain_cells`)
            widths.update(zip(names, widths_cm(map(add, map(_PREFIX.__getitem__, map(truth, map(_APPROX, entries))),
                                                        map(_TEXT, entries)), SMALL_PT)))
            continue
        for entry in entries:
            name = entry["name"]
            width = widths[name] = max(_cell_width(entry, word), widths.get(name, 0.0))
            signed = entry.get("signed")
            if signed is not None:  # (the width of the cell in a signed column: `overview`)
                widths[("signed", name)] = width if signed["symbol"] == entry["symbol"] else _cell_width(signed, word)
    return widths


_PREFIX = ("", "\\approx ")  # a cell's value after "≈" (approx true) or alone (`_cell_width`)


def _plain_cells(entries: list[dict], names: list, widths: dict) -> bool:
    """Whether every cell of these entries is its value alone, "\\approx " before it where approx
    (no relation, no exact value, no signed column: `_cell_width` measures only that text), each
    the first of its name (`overview_widths` takes the widest of a name's cells)."""
    return not (any(map(_EXACT, entries)) or any(map(_HAS_RELATION, entries)) or any(map(_HAS_SIGNED, entries))
                or len(set(names)) != len(names) or not widths.keys().isdisjoint(names))


_HAS_RELATION, _HAS_SIGNED = methodcaller("__contains__", "relation"), methodcaller("__contains__", "signed")


def _cell_width(entry: dict, word: str) -> float:
    """An overview cell's width: its relation (">": a fall below the printed digits, "\\approx" or
    nothing) and value, and the exact value below it."""
    relation = entry.get("relation")
    width = text_width_cm((relation + " " if relation else "\\approx " if entry["approx"] else "") + entry["text"], SMALL_PT)
    exact = entry.get("exact")
    if exact:
        width = max(width, text_width_cm(_exact_text(exact, word), TINY_PT))
    return width


def overview(summaries: list[list[dict]], ids: list[int], cells: list | None = None) -> dict:
    """The class table from every variant's summary: blocks of columns that fit the text width,
    each column a quantity {symbol, cells: one {text, approx, exact} per variant} (exact: as in
    `summary`, written below the carried value in \\scriptsize; "exact": some cell has one); "chunks":
    per block, its tables {rows: indices into ids, lines} (`_chunks`); "cells": per block, per row (of
    ids) its columns' cells.  With more than
    OVERVIEW_MAX_QUANTITIES asked values only the losses and the output layer's a and δ are shown.
    "asked" counts the values the sheet asks for (answers.json "asked"): not the fall of the loss,
    which a summary shows beside them; its column is headed as every variant's summary heads it
    (L − L^(2), or L^(2) − L where every cost rose) or, where they differ, L − L^(2) with the sign
    of each row's own change ("signed": −0.025 where the cost rose).  `cells`: each variant's
    `overview_widths`, when made with it (None, or a None in it: made here)."""
    columns: dict = {}
    entries_of: dict = {}  # a column's name -> its entries, a variant's each
    related: set = set()  # the columns with a cell that has a relation (">": a fall below the printed digits)
    for sections in summaries:
        for section in sections:
            for entry in section["entries"]:
                name = entry["name"]
                if "relation" in entry:
                    related.add(name)
                column_entries = entries_of.get(name)
                if column_entries is None:
                    column_entries = entries_of[name] = []
                    columns[name] = {"name": name, "symbol": entry["symbol"], "headline": entry["headline"],
                                     "asked": entry.get("asked", True)}
                column_entries.append(entry)
    exact_rows: dict = {}  # a column's name -> the rows of its cells that have an exact value
    for name, column in columns.items():
        column_entries = entries_of[name]
        if "signed" in column_entries[0] and \
                any(entry["symbol"] != column["symbol"] for entry in column_entries):  # the cost fell in some
            column_entries = [entry["signed"] for entry in column_entries]  # variants, rose in others: L − L^(2) in all
            column.update(symbol=column_entries[0]["symbol"], signed=True)
        column["cells"] = column_cells = [{"text": entry["text"], "approx": entry["approx"], "exact": entry.get("exact")}
                                          for entry in column_entries]
        rows = exact_rows[name] = []
        for row, cell in enumerate(column_cells):
            if cell["exact"]:
                rows.append(row)
        if name in related:
            for cell, entry in zip(column_cells, column_entries):
                if "relation" in entry:
                    cell["relation"] = entry["relation"]
    every = list(columns.values())
    asked = [c for c in every if c["asked"]]
    chosen = every if len(asked) <= OVERVIEW_MAX_QUANTITIES else [c for c in every if c["headline"]]
    first = text_width_cm(str(max(ids, default=1)), SMALL_PT) + TABLE_SEP_CM
    made = cells if cells is not None else [None] * len(summaries)
    widest: dict = {}  # a column's name -> its widest cell (the same max whatever the order: no NaN)
    for part, sections in zip(made, summaries):
        for name, width in (part if part is not None else overview_widths(sections)).items():
            if width > widest.get(name, width - 1.0):
                widest[name] = width
    widths = []
    for column in chosen:
        symbol = text_width_cm(column["symbol"], SMALL_PT)
        cell = widest.get(("signed", column["name"]) if column.get("signed") else column["name"])
        widths.append((symbol if cell is None or symbol >= cell else cell) + TABLE_SEP_CM)
    limit = TEXT_WIDTH_CM - 0.3 - first
    fewest = len(_pack(widths, limit))
    while len(_pack(widths, limit * 0.9)) <= fewest and limit * 0.9 >= max(widths, default=0):
        limit *= 0.9  # as even as the fewest blocks allow: no last block of one column
    blocks = [[chosen[i] for i in block] for block in _pack(widths, limit)]
    taller = [_taller([exact_rows[column["name"]] for column in block], len(ids)) for block in blocks]
    chunks = [_chunks(rows) for rows in taller]
    exact = any(any(rows) for rows in taller)
    cells = [[list(row) for row in zip(*[column["cells"] for column in block])] for block in blocks]
    return {"ids": ids, "blocks": blocks, "chunks": chunks, "cells": cells, "shown": len(chosen), "asked": len(asked),
            "exact": exact}


def _taller(exact_rows: list[list[int]], count: int) -> list[bool]:
    """Per row (of `count`): whether some cell of a block's columns (their rows with an exact value) has an
    exact value below it."""
    taller = [False] * count
    for rows in exact_rows:
        for row in rows:
            taller[row] = True
    return taller


def _chunks(taller: list[bool]) -> list[dict]:
    """Consecutive rows into tables {rows, lines} of at most OVERVIEW_ROWS lines (a taller row, with
    an exact value below a carried one, takes EXACT_LINES): a table does not break across pages."""
    chunks: list[dict] = []
    used = OVERVIEW_ROWS
    for row, tall in enumerate(taller):
        lines = EXACT_LINES if tall else 1.0
        if used + lines > OVERVIEW_ROWS:
            chunks.append({"rows": [], "lines": 0})
            used = 0.0
        chunks[-1]["rows"].append(row)
        used += lines
        chunks[-1]["lines"] = math.ceil(used)
    return chunks


def _pack(widths: list[float], limit: float) -> list[list[int]]:
    """Consecutive columns into blocks no wider than limit (a wider column gets a block of its own)."""
    blocks: list[list[int]] = []
    used = limit
    for i, width in enumerate(widths):
        if used + width > limit:
            blocks.append([])
            used = 0.0
        blocks[-1].append(i)
        used += width
    return blocks
