"""The Jinja environment for every template (worked solutions, worksheets, reports).

As in Sphinx's LaTeX builder: delimiters that do not fight TeX braces (`<%= value %>`,
`<% for … %>`, `<# comment #>`), a `tex` filter that escapes text for LaTeX, loud failures on
undefined names, and a course's own template folder searched before the built-in one.
Template names are paths relative to templates/, e.g. "tex/solution.tex.jinja".
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..resources import templates_dir

_TEX_SPECIALS = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
}


def tex_escape(text) -> str:
    """Plain text made safe for LaTeX: `50% of \\input{x} & more` prints exactly as written."""
    return "".join(_TEX_SPECIALS.get(ch, ch) for ch in str(text))


def aligned_rows(rows, gap: int = 2, brackets: bool = True) -> list[str]:
    """Rows of a matrix or table as text lines with right-aligned columns (for plain-text output)."""
    if not rows:
        return []
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    left, right = ("[", "]") if brackets else ("", "")
    return [left + (" " * gap).join(cell.rjust(w) for cell, w in zip(row, widths)) + right for row in rows]


@lru_cache(maxsize=8)
def _environment(user_dir: str | None):
    import jinja2

    search = ([user_dir] if user_dir else []) + [str(templates_dir())]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        block_start_string="<%",
        block_end_string="%>",
        variable_start_string="<%=",
        variable_end_string="%>",
        comment_start_string="<#",
        comment_end_string="#>",
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["tex"] = tex_escape
    env.filters["aligned_rows"] = aligned_rows
    env.filters["rows"] = _relation_rows  # display math broken into rows that fit (render/rows.py)
    return env


def _relation_rows(lhs, *texts):
    from .rows import relation_rows

    return relation_rows(lhs, *texts)


def environment(user_dir: str | Path | None = None):
    return _environment(str(Path(user_dir).resolve()) if user_dir else None)


def render_template(name: str, user_dir=None, **context) -> str:
    """A template rendered; a broken template (a course's own, say) is a short error naming the
    file and line (exit code 2), not a traceback."""
    import jinja2

    try:
        return environment(user_dir).get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        from ..errors import SpecError

        where = getattr(exc, "filename", None) or name
        line = getattr(exc, "lineno", None)
        if line is None:  # an error while rendering: find the template's frame in the traceback
            tb = exc.__traceback__
            while tb is not None:
                if tb.tb_frame.f_code.co_filename.endswith(".jinja"):
                    where, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
                tb = tb.tb_next
        raise SpecError(f"template {where}" + (f", line {line}" if line else ""), str(exc)) from None
