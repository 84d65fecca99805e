"""A worked solution as a Jupyter notebook: its Markdown -> nbformat 4.5 JSON, written by symbp
itself (no dependency), one markdown cell per section — the title and givens, then each heading
(## Step 1, ### ① Forward pass, …) with what follows it.  A heading inside a $$ display or a
``` block is not a heading.
"""

from __future__ import annotations

import json

NBFORMAT = (4, 5)  # 4.5: every cell has an id
# Markdown cells only, but a kernel named, so that Jupyter opens it without asking for one (the new user's LOW
# of stop 61) and code cells a reader adds run Python, as the examples' tutorial does
METADATA = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"}}


def sections(markdown: str) -> list[str]:
    """The Markdown cut before each heading line outside a display or a fenced block."""
    out: list[list[str]] = [[]]
    inside = None  # "$$" or "```" while within one
    for line in markdown.splitlines(keepends=True):
        mark = line.strip()
        if inside is None and mark.startswith("#") and out[-1]:
            out.append([])
        out[-1].append(line)
        for fence in ("$$", "```"):
            if mark.startswith(fence) and inside in (None, fence):
                if inside is None and not (fence == "$$" and mark.count("$$") >= 2):
                    inside = fence
                elif inside == fence:
                    inside = None
    return ["".join(lines).strip("\n") + "\n" for lines in out if "".join(lines).strip()]


def notebook_of(markdown: str) -> str:
    """nbformat 4.5 JSON of markdown cells, one per section."""
    cells = [{"cell_type": "markdown", "id": f"section-{n}", "metadata": {}, "source": text.splitlines(keepends=True)}
             for n, text in enumerate(sections(markdown))]
    notebook = {"cells": cells, "metadata": METADATA, "nbformat": NBFORMAT[0], "nbformat_minor": NBFORMAT[1]}
    return json.dumps(notebook, ensure_ascii=False, indent=1) + "\n"


def render_notebook(solution, report=None, **options) -> str:
    """The format registry's entry (render.FORMATS "ipynb"): the Markdown worked solution as a notebook."""
    from .worked import render_markdown

    return notebook_of(render_markdown(solution, report, **options))
