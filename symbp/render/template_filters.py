"""The filters and functions symbp gives every template (render/templates.py registers them).

md_escape (`md`), aligned_rows, side_by_side (plain-text matrices), `digest` (a short name for a
text), `rows` (display math broken into rows: render/rows.py) and `remembered` (the templates' `_`,
each worded text kept by its locale, key and parameters).
"""

from __future__ import annotations

from .. import i18n

_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_PUNCTUATION = set("\\`*_[]#$|~!")


def md_escape(text) -> str:
    """Plain text made literal in Markdown: no raw HTML (<script> shows as written), no emphasis,
    links or math from the user's characters."""
    return "".join(_MD_ENTITIES.get(ch) or ("\\" + ch if ch in _MD_PUNCTUATION else ch) for ch in str(text))


def aligned_rows(rows, gap: int = 2, brackets: bool = True) -> list[str]:
    """Rows of a matrix or table as text lines with right-aligned columns (for plain-text output)."""
    if not rows:
        return []
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    left, right = ("[", "]") if brackets else ("", "")
    return [left + (" " * gap).join(cell.rjust(w) for cell, w in zip(row, widths)) + right for row in rows]


def side_by_side(items) -> list[str]:
    """Matrices (lists of rows) and the operators between them (strings) as text lines, the matrices
    side by side with their columns aligned, each operator on the middle line (for plain-text output):
    [A] − 0.1·[B] = [C]."""
    blocks = [aligned_rows(item) if type(item) is not str else None for item in items]
    height = max((len(b) for b in blocks if b is not None), default=1)
    middle = (height - 1) // 2
    lines = []
    for i in range(height):
        parts = []
        for item, rows in zip(items, blocks):
            if rows is None:
                parts.append(item if i == middle else " " * len(item))
            else:
                width = len(rows[0])
                top = (height - len(rows)) // 2
                parts.append(rows[i - top] if 0 <= i - top < len(rows) else " " * width)
        lines.append("".join(parts).rstrip())
    return lines


_MESSAGES_KEPT = 4096
_KEPT_TYPES = frozenset({str, int, bool})  # parameters whose equal values print alike (with their type in the key)
_MESSAGE_KEPT_CHARS = 4000  # a kept text and its parameters at most (a template may build huge strings)


def remembered(message):
    """`message` (the templates' `_`), each text kept by its locale, key and parameters with their
    types (2 and True print apart) when every parameter is a str, int or bool: a worksheet asks for
    the same words in every variant (~90 times a variant: the key is built with C calls only)."""
    texts: dict = {}
    code = i18n.current_code

    def message_of_course(key, /, **params):
        if params:
            kinds = tuple(map(type, params.values()))
            if not _KEPT_TYPES.issuperset(kinds):
                return message(key, **params)  # worded anew: a float, a tuple (0.0 and -0.0, (1, 2) and (1, 2.0) are equal)
            memo = (code(), key, tuple(params.items()), kinds)
        else:
            memo = (code(), key)
        text = texts.get(memo)
        if text is None:
            text = message(key, **params)
            size = len(text) + sum(len(value) for value in params.values() if isinstance(value, str))
            if size <= _MESSAGE_KEPT_CHARS:  # huge words or parameters (a course template's) are not kept
                if len(texts) >= _MESSAGES_KEPT:
                    texts.clear()
                texts[memo] = text
        return text

    return message_of_course


def digest(text) -> str:
    import hashlib

    return hashlib.sha256(str(text).encode("utf-8")).hexdigest()[:16]


def relation_rows(lhs, *texts, room=None):
    """`rows` in a template: lhs | rows(text, …, room=cm) — room: what a row may hold beside the
    left-hand side (default: a line of the page, rows.LINE_CM)."""
    from .rows import LINE_CM, relation_rows as rows

    return rows(lhs, *texts, room=LINE_CM if room is None else float(room))
