"""The answer key's class overview (tex/worksheet-overview.tex.jinja): every variant's summary
(render/sheet.py `summary`) -> a table of a row per variant and a column per asked value, in blocks
that fit the text width, each in tables that fit a page.

    overview_widths(sections)        one variant's cells' widths, made with the variant (a worker)
    cell_texts(sections, cell)       its cells' texts (symbp's own templates), made with it too
    overview(summaries, ids, cells)  the table, when the sheet joins its variants
"""

from __future__ import annotations

import math
from itertools import chain, compress, repeat
from operator import itemgetter, methodcaller, mod, ne, or_, truth

from ..i18n import current_code, message
from .measure import TEXT_WIDTH_CM, text_width_cm

SMALL_PT = 9.0  # \footnotesize: the class overview, the exact value below a carried one in a summary
TINY_PT = 8.0  # \scriptsize (of 11 pt type): the exact value below a carried one in the class overview
OVERVIEW_ROWS = 36  # lines of one table of the class overview (a row with an exact value below takes EXACT_LINES)
EXACT_LINES = 1.7
TABLE_SEP_CM = 0.25  # 2 × \tabcolsep (3 pt) and a rule
OVERVIEW_MAX_QUANTITIES = 120  # more asked values: the overview shows the losses and the output layer

_SYMBOL, _TEXT, _NAME, _APPROX = itemgetter("symbol"), itemgetter("text"), itemgetter("name"), itemgetter("approx")
_EXACT = methodcaller("get", "exact")


def _exact_word() -> str:
    """The word before an exact value below a carried one (summary.exact), in the current locale."""
    return message("summary.exact")


def _exact_text(exact: dict, word: str) -> str:
    """What the line below a carried value says, as measured: "exact ≈ 0.09513"."""
    return word + " " + ("\\approx " if exact["approx"] else "") + exact["text"]


def overview_widths(sections: list[dict]) -> dict:
    """One variant's share of the class overview's column widths (`overview`): per quantity, the
    width of its cell — its value, and the exact value below it — made where the variant is
    made (a worker process): the sheet takes the widest of each column's."""
    word = _exact_word()
    widths: dict = {}
    for section in sections:
        for entry in section["entries"]:
            name = entry["name"]
            width = widths[name] = max(_cell_width(entry, word), widths.get(name, 0.0))
            signed = entry.get("signed")
            if signed is not None:  # (the width of the cell in a signed column: `overview`)
                widths[("signed", name)] = width if signed["symbol"] == entry["symbol"] else _cell_width(signed, word)
    return widths


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


def overview(summaries: list[list[dict]], ids: list[int], cells: list | None = None, texts: list | None = None) -> dict:
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
    `overview_widths`, when made with it (None, or a None in it: made here).  `texts`: each variant's
    `cell_texts`, when made with it: then "texts" holds per block, per row, its cells' texts joined
    (else None: the template prints each cell).
    (A cell is its entry itself, or its signed view, where every entry has its text, approx and
    exact: every variant's summary has the same quantities in the same order — `_by_column`.)"""
    by_column = _by_column(summaries)
    columns, exact_rows = by_column or _gathered(summaries)
    every = list(columns.values())
    asked = [c for c in every if c["asked"]]
    chosen = every if len(asked) <= OVERVIEW_MAX_QUANTITIES else [c for c in every if c["headline"]]
    first = text_width_cm(str(max(ids, default=1)), SMALL_PT) + TABLE_SEP_CM
    widest = _widest([part if part is not None else overview_widths(sections)
                      for part, sections in zip(cells if cells is not None else [None] * len(summaries), summaries)])
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
    cells = [list(map(list, zip(*[column["cells"] for column in block]))) for block in blocks]
    joined = _joined(blocks, list(columns), texts) if by_column is not None and texts and None not in texts else None
    return {"ids": ids, "blocks": blocks, "chunks": chunks, "cells": cells, "texts": joined, "shown": len(chosen),
            "asked": len(asked), "exact": exact}


def _joined(blocks: list[list[dict]], names: list, texts: list) -> list[list[str]]:
    """Per block, per row (variant), the texts of its columns' cells joined (`cell_texts` of each
    variant: its entries' cells in the order of `names`, then the signed columns' by name)."""
    signed = [column["name"] for block in blocks for column in block if column.get("signed")]
    rows = [own + list(map(by_name.__getitem__, signed)) for own, by_name in texts] if signed else [own for own, _ in texts]
    at = {name: i for i, name in enumerate(names)} | {("signed", name): len(names) + i for i, name in enumerate(signed)}
    out = []
    for block in blocks:
        pick = itemgetter(*[at[("signed", c["name"]) if c.get("signed") else c["name"]] for c in block])
        out.append(list(map("".join, map(pick, rows))) if len(block) > 1 else list(map(pick, rows)))
    return out


CELL_TEMPLATE = "tex/worksheet-overview-cell.jinja"  # its macro `cell` prints one cell of the overview
_MARK = "\ue000"  # (a value's place, to find what the macro prints around it)
_FORMS: dict = {}  # (the macro, locale) -> its text around a value not rounded, and around one rounded


def cell_texts(sections: list[dict], cell) -> tuple[list[str], dict]:
    """One variant's cells of the overview as the template's macro `cell` prints them (CELL_TEMPLATE,
    made where the variant is made): the cell of each entry in the summary's order, and of each entry
    with a signed view the signed view's by name (its column is signed where the costs of the sheet's
    variants changed apart: `overview`).  A value alone, or after "≈", is filled into what the macro
    prints around a value (worked out once per locale); any other cell is printed by the macro."""
    entries = list(chain.from_iterable(map(_ENTRIES, sections)))
    forms = _FORMS.get((cell, current_code()))
    if forms is None:
        forms = _forms(cell)
    texts = list(map(mod, map(forms.__getitem__, map(truth, map(_APPROX, entries))), map(_TEXT, entries))) \
        if forms else [cell(entry) for entry in entries]
    if forms:  # (an exact value below, a relation: the macro itself)
        for i in compress(range(len(entries)), map(or_, map(truth, map(_EXACT, entries)), map(_HAS_RELATION, entries))):
            texts[i] = cell(entries[i])
    return texts, {entry["name"]: cell(entry["signed"]) for entry in compress(entries, map(_HAS_SIGNED, entries))}


def _forms(cell) -> tuple | False:
    """What `cell` prints around a value that is not rounded and around one that is (a format with
    one %s), or False where the value is not printed once as it is."""
    forms = []
    for approx in (False, True):
        text = cell({"text": _MARK, "approx": approx, "exact": None})
        if type(text) is not str or text.count(_MARK) != 1:
            forms = False
            break
        forms.append(text.replace("%", "%%").replace(_MARK, "%s"))
    if len(_FORMS) >= 64:
        _FORMS.clear()
    _FORMS[(cell, current_code())] = forms = tuple(forms) if forms else False
    return forms


def _column(entry: dict) -> dict:
    """A column of the overview as its first entry heads it."""
    return {"name": entry["name"], "symbol": entry["symbol"], "headline": entry["headline"],
            "asked": entry.get("asked", True)}


def _by_column(summaries: list[list[dict]]) -> tuple[dict, dict] | None:
    """`_gathered`'s columns and rows with an exact value, worked out column by column (in C within a
    column) where every variant's summary has the same names, each once, in the same order, and
    every entry its text, approx and exact (the cells are the entries, or their signed views); else None."""
    rows = [list(chain.from_iterable(map(_ENTRIES, sections))) for sections in summaries]
    names = list(map(_NAME, rows[0])) if rows else []
    if not names or len(set(names)) != len(names) or any(list(map(_NAME, row)) != names for row in rows):
        return None
    columns: dict = {}
    exact_rows: dict = {}
    for name, entries in zip(names, zip(*rows)):
        column = columns[name] = _column(entries[0])
        if "signed" in entries[0] and any(map(ne, map(_SYMBOL, entries), repeat(column["symbol"]))):
            entries = tuple(map(_SIGNED, entries))  # the cost fell in some variants, rose in others: L − L^(2) in all
            column.update(symbol=entries[0]["symbol"], signed=True)
        column["cells"] = list(entries)
        try:
            exact_rows[name] = list(compress(range(len(entries)), map(_EXACT_VALUE, entries)))
        except KeyError:  # (an entry without "exact", a cell's: the cells made apart, "exact" None)
            return None
    return columns, exact_rows


def _gathered(summaries: list[list[dict]]) -> tuple[dict, dict]:
    """The overview's columns {name, symbol, headline, asked, cells, signed where it is} by name, in
    the order the names first come, and per column the rows of its cells that have an exact value."""
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
                    columns[name] = _column(entry)
                column_entries.append(entry)
    exact_rows: dict = {}
    for name, column in columns.items():
        column_entries = entries_of[name]
        if "signed" in column_entries[0] and \
                any(entry["symbol"] != column["symbol"] for entry in column_entries):
            column_entries = [entry["signed"] for entry in column_entries]
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
    return columns, exact_rows


def _widest(parts: list[dict]) -> dict:
    """A column's name (or ("signed", name)) -> its widest cell among the variants' `overview_widths`
    (the same max whatever the order: no NaN)."""
    keys = parts[0].keys() if parts else {}
    if all(part.keys() == keys for part in parts):
        return {key: max(map(itemgetter(key), parts)) for key in keys}
    widest: dict = {}
    for part in parts:
        for name, width in part.items():
            if width > widest.get(name, width - 1.0):
                widest[name] = width
    return widest


_ENTRIES, _SIGNED, _EXACT_VALUE = itemgetter("entries"), itemgetter("signed"), itemgetter("exact")


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
