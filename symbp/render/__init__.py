"""Renderers: a verified Solution -> text in one output format.

FORMATS maps a format name to (file extension, "module:function"); the function is imported only
when used, so `symbp --help` stays fast.  Each function takes (solution, report, **options) and
returns the text.
"""

from __future__ import annotations

from importlib import import_module

FORMATS = {
    "text": ("txt", "symbp.render.worked:render_text"),
    "md": ("md", "symbp.render.worked:render_markdown"),
    "tex": ("tex", "symbp.render.worked:render_latex"),
    "json": ("json", "symbp.render.answer_key:render_json"),
    "answers-template": ("toml", "symbp.render.answers_template:render_answers_template"),
    "ipynb": ("ipynb", "symbp.render.notebook:render_notebook"),
}
EXTENSIONS = {ext: name for name, (ext, _) in FORMATS.items()}
EXTENSIONS.update({"markdown": "md", "text": "text", "toml": "answers-template"})


def renderer(fmt: str):
    module, function = FORMATS[fmt][1].split(":")
    return getattr(import_module(module), function)


def render(fmt: str, solution, report=None, **options) -> str:
    return renderer(fmt)(solution, report, **options)
