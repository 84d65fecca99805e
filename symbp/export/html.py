"""symbp's Markdown (templates/md/) -> HTML whose math MathJax typesets, for course platforms.

In:  Markdown as the md templates write it: `#` headings, paragraphs, `**bold**`, `*italic*`,
     `` `code` ``, `$…$` inline and `$$ … $$` display math, `|` tables.
Out: HTML with math as `\\( … \\)` and `\\[ … \\]` (the delimiters Moodle's MathJax filter and
     PrairieLearn typeset by default); every character of text and math HTML-escaped.

Only what the md templates write is understood; anything else stays a paragraph of escaped text,
so a new construct in a template shows as its Markdown rather than breaking the page.
"""

from __future__ import annotations

import html
import re

_INLINE_MATH = re.compile(r"\$([^$]+)\$")
_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_STASHED = re.compile("\x00(\\d+)\x00")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def _text(segment: str) -> str:
    """Escaped text with code, bold and italic marks turned into tags."""
    out = escape(segment)
    out = _CODE.sub(lambda m: f"<code>{m.group(1)}</code>", out)
    out = _BOLD.sub(lambda m: f"<strong>{m.group(1)}</strong>", out)
    return _ITALIC.sub(lambda m: f"<em>{m.group(1)}</em>", out)


def inline(text: str) -> str:
    """One line or paragraph: `$…$` becomes `\\( … \\)`, the rest escaped text (marks may span math)."""
    maths: list[str] = []

    def stash(m):
        maths.append(m.group(1))
        return f"\x00{len(maths) - 1}\x00"

    out = _text(_INLINE_MATH.sub(stash, text))
    return _STASHED.sub(lambda m: r"\(" + escape(maths[int(m.group(1))]) + r"\)", out)


def _table(rows: list[str]) -> str:
    cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows]
    body = [r for r in cells if not all(set(c) <= set("-: ") for c in r)]
    head, rest = body[0], body[1:]
    out = ["<table>", "<tr>" + "".join(f"<th>{inline(c)}</th>" for c in head) + "</tr>"]
    out += ["<tr>" + "".join(f"<td>{inline(c)}</td>" for c in r) + "</tr>" for r in rest]
    return "\n".join(out + ["</table>"])


def markdown_to_html(markdown: str, drop_title: bool = False) -> str:
    """The HTML of a Markdown document written by symbp's md templates (see the docstring)."""
    lines = markdown.splitlines()
    blocks: list[str] = []
    paragraph: list[str] = []

    def flush():
        if paragraph:
            blocks.append("<p>" + inline(" ".join(paragraph)) + "</p>")
            paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("$$"):
            flush()
            math = [stripped[2:]] if stripped != "$$" else []
            i += 1
            while i < len(lines) and not lines[i].strip().endswith("$$"):
                math.append(lines[i])
                i += 1
            if i < len(lines):
                math.append(lines[i].strip()[:-2])
            blocks.append("<p>\\[" + escape("\n".join(m for m in math if m.strip())) + "\\]</p>")
        elif stripped.startswith("|"):
            flush()
            rows = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(lines[i])
                i += 1
            blocks.append(_table(rows))
            continue
        elif _HEADING.match(stripped):
            flush()
            level, text = _HEADING.match(stripped).groups()
            if not (drop_title and level == "#" and not blocks):
                blocks.append(f"<h{len(level) + 1}>{inline(text)}</h{len(level) + 1}>")
        elif not stripped:
            flush()
        else:
            paragraph.append(stripped)
        i += 1
    flush()
    return "\n".join(blocks) + "\n"
