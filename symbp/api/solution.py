"""A verified worked solution of the public API: the object `symbp.derive` returns.

In:  the verified internal solution (`evaluate.Solution` with its `verify.Report`, or a
     `graph.solution.GraphSolution`) and the display options chosen at `derive`.
Out: its numbers (`values`, `exact`: the JSON key's maps), its text in every format (the public
     renderers `render.render` and `graph.render`), files (`save`, LaTeX compiled with
     `render.pdf`), and its display in Jupyter (Markdown with `$…$` math, the drawing above it,
     long solutions with collapsible steps).

RENDERERS maps a spec kind to how its solutions are rendered; a new kind is one more entry.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import SpecError
from ..i18n import localized

FORMATS = ("text", "md", "tex", "json", "answers-template", "ipynb")


class _NetworkRenderer:
    formats = FORMATS

    @staticmethod
    def render(solution, fmt: str) -> str:
        from ..render import render
        from ..sympy_cache import of_spec

        with of_spec(solution._internal.spec):  # the printed forms SymPy works out, from the disk cache
            return render(fmt, solution._internal, solution.verification, digits=solution.digits,
                          detail=solution.detail, templates_dir=solution.templates, source=_source(solution))

    @staticmethod
    def drawing(solution) -> str:
        from .display import network_drawing_svg

        return network_drawing_svg(solution._internal.spec, solution.digits)


class _GraphRenderer:
    formats = FORMATS

    @staticmethod
    def render(solution, fmt: str) -> str:
        from .. import graph

        if fmt == "ipynb":
            from ..render.notebook import notebook_of

            return notebook_of(_GraphRenderer.render(solution, "md"))
        if fmt == "answers-template":
            from ..graph.sheets import answers_template

            return answers_template(solution._internal, solution.templates, solution.digits, source=_source(solution))
        return graph.render(fmt, solution._internal, digits=solution.digits, templates_dir=solution.templates)

    @staticmethod
    def drawing(solution) -> str:
        from .display import graph_drawing_svg

        return graph_drawing_svg(solution._internal, solution.digits)


RENDERERS = {"network": _NetworkRenderer, "graph": _GraphRenderer}


def _source(solution):
    """Where its spec came from (set by symbp.load/example/spec_from_dict), for the answers file's
    `symbp check` line (render.answers_template.spec_argument); None if not known."""
    return getattr(solution.spec, "_source", None)


class Solution:
    """A worked backpropagation solution whose every number was checked by an independent path.

    values   {quantity name: float}, e.g. values["dL/dw_10^1"] (README "Quantity names")
    exact    {quantity name: exact text}, e.g. exact["L@2"] == "0.006272" (or 30 digits)
    spec     the Network or Graph it solves
    locale   the language of its texts ("en", "de", "fr"), chosen at `derive`
    to_text(), to_markdown(), to_latex(), to_json(), to_answers_template(); save("out.pdf")
    """

    def __init__(self, spec, internal, verification, digits: int = 4, detail: str = "auto", templates=None,
                 locale: str = "en"):
        self.spec = spec
        self.locale = locale  # the language of every text it renders (i18n.py)
        self._internal = internal
        self.verification = verification  # what was verified (the report the solution ends with)
        self.digits, self.detail, self.templates = digits, detail, templates
        self._key: dict | None = None

    @property
    def kind(self) -> str:
        return self.spec.kind

    def _answer_key(self) -> dict:
        if self._key is None:
            self._key = json.loads(self.to_json())
        return self._key

    @property
    def values(self) -> dict[str, float]:
        """Every quantity's value as a float, by name (the JSON key's "values")."""
        return dict(self._answer_key()["values"])

    @property
    def exact(self) -> dict[str, str]:
        """Every quantity's exact value as text ("-0.21", "1/3", or 30 significant digits)."""
        return dict(self._answer_key()["exact"])

    @localized
    def to(self, fmt: str) -> str:
        """The worked solution in a format: "text", "md", "tex" (a LaTeX document), "json" (the
        answer key), "answers-template" (a blank answers file for `symbp check`) or "ipynb" (a
        Jupyter notebook of the Markdown, a cell per section)."""
        renderer = RENDERERS[self.kind]
        if fmt not in renderer.formats:
            raise SpecError("format", f"{fmt!r} is not a format of a {self.kind}'s solution; expected one of: "
                                      f"{', '.join(renderer.formats)}")
        if fmt == "tex":
            from ..render.tex_text import check_latex_text

            check_latex_text(self.spec.title or self.spec.name, "title")  # refused now, not by pdflatex
        return renderer.render(self, fmt)

    def to_text(self) -> str:
        return self.to("text")

    def to_markdown(self) -> str:
        return self.to("md")

    def to_latex(self) -> str:
        return self.to("tex")

    def to_json(self) -> str:
        return self.to("json")

    def to_answers_template(self) -> str:
        return self.to("answers-template")

    @localized
    def save(self, path: str | Path, format: str | None = None, pdf: bool = False) -> list[Path]:
        """Write the solution to a file, atomically; the format follows the extension (.txt, .md,
        .tex, .json, .toml) unless `format` is given.  "out.pdf" (or pdf=True with a .tex) writes
        out.tex and compiles it into out.pdf (needs pdflatex).  Returns the paths written."""
        from .files import save

        return save(self, path, format, pdf, extensions())

    @property
    @localized
    def drawing(self):
        """The network or graph drawn as SVG (shown as the image in Jupyter)."""
        from .display import Drawing

        return Drawing(RENDERERS[self.kind].drawing(self))

    @localized
    def _repr_markdown_(self) -> str:
        from .display import embedded, foldable

        title, _, rest = foldable(self.to_markdown()).partition("\n")  # the drawing under the title
        return f"{title}\n\n{embedded(self.drawing.svg)}\n{rest}"

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/markdown": self._repr_markdown_(), "text/plain": repr(self)}

    def __repr__(self) -> str:
        return f"<symbp.Solution of {self.spec.name!r}: {len(self._answer_key()['values'])} verified values>"


def extensions() -> dict:
    from ..render import EXTENSIONS

    return EXTENSIONS
