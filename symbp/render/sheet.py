"""Layout data of worksheets and answer keys: verified variants -> task numbers, writing space,
each variant's summary and the class overview (for tex/worksheet*.jinja, tex/answer-key.tex.jinja).

    task_numbers(ask, depth)      task -> its number on the sheet and in the key (asked tasks 1 … n,
                                  the others None); hidden_layers is not a task of a one-layer network
    sheet_tasks(...)              the asked tasks of one variant with the room to write each one
    summary(...)                  the asked values in the worked solution's order, grouped by task
    overview(...)                 the class table: a row per variant, a column per asked value

The writing space of a task: render/writing_space.py; the class overview: render/overview.py.
"""

from __future__ import annotations

from .. import names
from ..tasks import TASKS, task_numbers  # noqa: F401 (read here by tests: render.sheet.TASKS, .task_numbers)
from .summary_rows import broken_rows, summary_entries
from .measure import TEXT_WIDTH_CM, ends_clean, text_width_cm
from .overview import SMALL_PT, _exact_text, _exact_word, overview, overview_widths  # noqa: F401 (overview, overview_widths: this module's too)
from .printers import printer
from .writing_space import BODY_PT, sheet_tasks, task_of  # noqa: F401 (sheet_tasks: this module's too, for worksheet.py)

SUMMARY_MAX_COLUMNS = 5
COLUMN_SEP_CM = 0.4


_NEAR_MARGIN = 1e-9  # a float sum in another order differs by ~1e-15 relatively: far less than this
_HEADS: dict = {}  # a summary symbol -> the width of it and "=" (None: its text reads on into what follows)


def _summary_columns(entries: list[dict], word: str) -> int:
    """`_columns` of the entries' widths (`_entry_width`): an entry without an exact value measured
    as its symbol's and "="'s width (kept: the same symbols in every variant) plus its number's —
    the widths of the joined text's parts, the same sum in another order (its scan reads nothing of
    the symbol into the number, `ends_clean`), so equal to within far less than _NEAR_MARGIN; where
    the count of columns is that near to changing, every entry is measured whole."""
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
        true = final["exact"] if final["exact"] and not final.get("carried", True) else None
        fall = {
            "name": "fall", "symbol": f"{before} - {after}" if final["fell"] else f"{after} - {before}",
            "asked": False,  # worked out from two asked values, not asked itself
            "headline": False, "newline": False, "layer_starts": False,
            # (exact mode: the true fall, which the worked sentence notes, where the printed costs' difference is not it
            # to the digits it shows)
            "text": "0" if below else true["text"] if true else final["fall"],
            # (no line beside it: "=" only where the printed fall is the true one, as every summary value)
            "approx": not below and (true["approx"] if true else final["approx"]["fall"] or not final.get("true", True)),
            "exact": None if true else final["exact"],
            **({"relation": ">"} if below else {})}
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


def _entry_width(entry: dict, size_pt: float, word: str = "") -> float:
    """The cell of an entry: its symbol, relation and value, and the exact value below it in
    \\footnotesize (SMALL_PT) where there is one."""
    width = text_width_cm(entry["symbol"] + "=" + entry["text"], size_pt)
    if entry.get("exact"):
        width = max(width, text_width_cm(_exact_text(entry["exact"], word), SMALL_PT))
    return width + 0.3


