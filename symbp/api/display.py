"""Display in Jupyter: drawings as SVG, long worked solutions with collapsible steps.

In:  a network spec, a graph solution, or a worked solution's Markdown.
Out: SVG text (`Drawing` shows it as image/svg+xml), and Markdown whose steps fold into HTML
     `<details>` blocks when the solution is long: Markdown between blank lines inside a
     `<details>` block stays Markdown (CommonMark), so its `$…$` math renders in JupyterLab, the
     classic Notebook, VS Code and GitHub as before.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

LONG_SOLUTION_LINES = 160  # Markdown lines beyond which the steps fold (nn231's whole solution is ~280)
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")


class Drawing:
    """An SVG drawing; in Jupyter it shows as the image (`.svg` is its text)."""

    def __init__(self, svg: str):
        self.svg = svg

    def _repr_svg_(self) -> str:
        return self.svg

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"image/svg+xml": self.svg, "text/plain": "<symbp.Drawing>"}

    def save(self, path) -> list:
        """Write the drawing as an SVG file (atomically)."""
        from pathlib import Path

        from ..output import write_atomic

        write_atomic(Path(path), self.svg)
        return [Path(path)]


def network_drawing_svg(spec, digits: int = 4) -> str:
    """A network spec drawn as SVG, its numbers printed in the text format."""
    from ..render.network import network_drawing
    from ..render.printers import printer
    from ..render.svg import network_svg

    # The drawing shows only the spec's numbers: it reads nothing of a solution but its spec.
    return network_svg(network_drawing(SimpleNamespace(spec=spec), printer("text", digits=digits)))


def graph_drawing_svg(solution, digits: int = 4) -> str:
    from ..graph.svg import graph_svg

    return graph_svg(solution, digits)


def _sections(markdown: str) -> tuple[list[str], list[tuple[str, list[str]]]] | None:
    """(the lines before the first step, [(step heading, its lines)]), the steps being the
    headings of the level below the title; None when there are none.  `$$` blocks and code
    fences are passed over."""
    lines = markdown.split("\n")
    headings, inside = [], None
    for i, line in enumerate(lines):
        stripped = line.strip()
        if inside is None and stripped.startswith(("```", "$$")):
            inside = stripped[:3] if stripped.startswith("```") else "$$"
            if inside == "$$" and stripped != "$$" and stripped.endswith("$$") and len(stripped) > 2:
                inside = None  # $$ … $$ on one line
            continue
        if inside is not None:
            if stripped.startswith(inside):
                inside = None
            continue
        match = _HEADING.match(line)
        if match and len(match.group(1)) > 1:
            headings.append((i, len(match.group(1)), match.group(2)))
    if not headings:
        return None
    level = min(h[1] for h in headings)
    starts = [(i, text) for i, lvl, text in headings if lvl == level]
    head = lines[:starts[0][0]]
    steps = []
    for (start, text), following in zip(starts, [s for s, _ in starts[1:]] + [len(lines)]):
        steps.append((text, lines[start + 1:following]))
    return head, steps


def foldable(markdown: str, threshold: int = LONG_SOLUTION_LINES) -> str:
    """A long solution with each step in a `<details>` block (its heading the summary); a short
    one as it is."""
    if markdown.count("\n") <= threshold:
        return markdown
    found = _sections(markdown)
    if found is None:
        return markdown
    head, steps = found
    out = list(head)
    for text, body in steps:
        out += ["<details>", f"<summary><strong>{_html_text(text)}</strong></summary>", ""]
        out += body
        out += ["", "</details>", ""]
    return "\n".join(out)


def _html_text(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def embedded(svg: str) -> str:
    """An SVG drawing as an HTML image inside Markdown (a data: URI; its alt text the SVG's title)."""
    import base64
    from xml.sax.saxutils import quoteattr

    found = re.search(r"<title>(.*?)</title>", svg, re.S)
    alt = found.group(1) if found else ""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img alt={quoteattr(alt)} src="data:image/svg+xml;base64,{data}"/>'
