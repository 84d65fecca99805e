"""Worksheets of the public API: `symbp.worksheet(net, variants=30, seed=1)` -> `Worksheet`.

In:  a network spec (numbers optional: every variant draws its own), the number of variants, a
     seed and the sheet's options (as `symbp worksheet` takes them).
Out: a `Worksheet` holding the verified variants and the rendered files (`worksheet.build_worksheet`);
     `save(folder, pdf=…, moodle=…, prairielearn=…, csv=…)` writes them as one set
     (`worksheet.write_worksheet`: staged, locked, moved in together) with the platform exports;
     in Jupyter it shows as a summary (templates/md/worksheet.md.jinja).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import SpecError
from ..i18n import choose, localized, use

class Worksheet:
    """Verified variants of one exercise: the student sheet, its answer key, answers.json and the
    blank answers-template.toml, as `files` (name -> text) until `save` writes them."""

    def __init__(self, spec, built, options, seed: int | None):
        self.spec = spec
        self._built, self._options, self._requested_seed = built, options, seed
        self.replaced: list[str] = []  # after `save`: its warnings of an earlier key it replaced (key_change.py)

    @property
    def locale(self) -> str:
        """The language of its files ("en", "de", "fr")."""
        return self._options.locale

    @property
    def seed(self) -> int:
        """The seed of the draws (the one given, or the one derived from the spec and title)."""
        return self._built.seed

    @property
    def files(self) -> dict[str, str]:
        return dict(self._built.files)

    @property
    def variants(self) -> list:
        return list(self._built.variants)

    @property
    def draws(self) -> int:
        """How many draws it took to find the variants."""
        return self._built.draws

    @property
    def rejections(self) -> dict[str, int]:
        """Draws rejected, by reason (see `symbp worksheet --verbose`)."""
        return dict(self._built.rejections)

    def answers(self) -> dict:
        """answers.json as data: per variant its spec, values and exact values."""
        import json

        from ..worksheet import FILES

        return json.loads(self._built.files[FILES["answers"]])

    @localized
    def exports(self, moodle=None, prairielearn=None, csv=None) -> dict[Path, str]:
        """The files of the course-platform exports asked for: a Moodle XML file, a PrairieLearn
        question folder, a CSV (path -> text; nothing written)."""
        from ..export import build_exports

        requested = {"moodle": moodle, "prairielearn": prairielearn, "csv": csv}
        if self.spec.kind != "network":
            asked = [option for option, value in requested.items() if value is not None]
            if asked:
                raise SpecError(asked[0], f"is for network worksheets; a {self.spec.kind} worksheet has no such export yet")
            return {}
        return build_exports(self.spec._spec, self._built, self.seed, self._options, requested)

    @localized
    def save(self, folder: str | Path, pdf: bool = False, *, moodle=None, prairielearn=None, csv=None) -> list[Path]:
        """Write worksheet.tex, answer-key.tex, answers.json and answers-template.toml (with
        `pdf`: also worksheet.pdf and answer-key.pdf, needs pdflatex) into `folder` as one set,
        replacing an earlier run's; with `moodle`, `prairielearn`, `csv` also those exports.  All
        of them or, when anything fails, none: every destination is left as it was.  Returns the
        paths written.  Where the folder's answers.json was the key of other numbers for some of
        these variants, or of variants this sheet lacks, a UserWarning says so (and `replaced`)."""
        import warnings

        from ..export import as_files
        from ..inputs import display_path
        from ..key_change import replaced_warnings, variants_in, variants_of
        from ..option_words import on_command_line
        from ..worksheet import write_worksheet

        if pdf:
            from .files import require_tex

            require_tex()  # without TeX, say what to install before anything is written
        _apart(Path(folder), {"moodle": moodle, "prairielearn": prairielearn, "csv": csv})  # (named by its option)
        exports = as_files({"csv": csv}, self.exports(moodle, prairielearn, csv))
        _apart(Path(folder), exports)
        key = Path(folder) / "answers.json"
        before = variants_of(key)  # an earlier key there: warned of where its variants change or go
        written = write_worksheet(self._built, Path(folder), pdf=pdf, exports=exports)  # all files or none
        with use(self.locale):
            self.replaced = replaced_warnings(before, variants_in(self._built.files["answers.json"]), display_path(key))
        if not on_command_line():  # (the command line prints them on stderr)
            for text in self.replaced:
                warnings.warn(text, UserWarning, stacklevel=3)  # (save is wrapped: the caller's line)
        return written

    def _markdown_context(self) -> dict:
        from ..worksheet import FILES, sheet_metadata

        data = self.answers()
        return {"title": sheet_metadata(self.spec._spec, self._options)["title"], "seed": self.seed, "count": len(self._built.variants),
                "draws": self.draws, "files": list(FILES.values()), "key": self._options.key,
                "variants": [{"id": v["id"], "seed": v["seed"], "loss": v["exact"].get("L")} for v in data["variants"]]}

    @localized
    def _repr_markdown_(self) -> str:
        from ..render.templates import render_template

        return render_template("md/worksheet.md.jinja", None, **self._markdown_context())

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/markdown": self._repr_markdown_(), "text/plain": repr(self)}

    def __repr__(self) -> str:
        return f"<symbp.Worksheet of {self.spec.name!r}: {len(self._built.variants)} variants, seed {self.seed}>"


def sheet_locale(spec, locale: str | None = None) -> str:
    """The language of a worksheet: the option, else the spec's [variants] locale, else its locale key, else en."""
    return choose(("locale", locale), ("variants.locale", (spec._spec.variants or {}).get("locale")), ("locale", spec.locale))


def worksheet(spec, variants: int = 1, seed: int | None = None, *, title: str | None = None,
              course: str | None = None, date: str | None = None, instructions: str | None = None, digits: int = 4,
              detail: str = "auto", templates: str | Path | None = None, exact_key: bool = False,
              progress: Callable[[int], None] | None = None, locale: str | None = None,
              first_variant: int = 1) -> Worksheet:
    """Randomized, verified exercise variants of a network or a computational graph: a student
    sheet and its answer key.

    Every variant of a network keeps the spec's architecture, activations, loss, learning rate and
    steps and draws its own numbers; every variant of a graph keeps its expression (or picks one
    of the [variants] table's alternatives) and draws its inputs' values (the spec's [variants]
    table says how).  seed None: derived from the
    spec and the title, so that different specs get different numbers; the same seed gives the
    same files.  title/course/date/instructions: the sheet's header (default: the spec's).
    exact_key: a key with exact values (default: every written value rounded to `digits` and
    carried on, as students are told; a graph's key is exact).  progress: called with 1 after each
    variant.  locale: the language of every file, "en", "de" or "fr" (default: the spec's [variants]
    locale, else its `locale` key, else English).  first_variant: the sheet's variants are numbered
    from it on, with the numbers those variants have on the sheet from 1 of the same seed
    (variants 16-30 for a second language: first_variant=16, variants=15).

        ws = symbp.worksheet(symbp.example("nn231"), variants=30, seed=1)
        ws.save("week5/", pdf=True)
    """
    from ..inputs import check_text
    from ..render.tex_text import check_latex_text
    from ..worksheet import MAX_VARIANT_NUMBER as MAX_VARIANTS, SheetOptions, sheet_metadata
    from . import DETAILS, _bounded_int, _flag, _spec_of

    spec = _spec_of(spec, "worksheet")
    count = _bounded_int(variants, "variants", 1, MAX_VARIANTS)
    first_variant = _bounded_int(first_variant, "first_variant", 1, MAX_VARIANTS)
    digits = _bounded_int(digits, "digits", 1, 15)
    exact_key = _flag(exact_key, "exact_key")
    if seed is not None:
        seed = _bounded_int(seed, "seed", 0, 2**63 - 1)
    if detail not in DETAILS:
        raise SpecError("detail", f"expected one of: {', '.join(DETAILS)}; got {detail!r}")
    for key, value in (("title", title), ("course", course), ("date", date), ("instructions", instructions)):
        if value is not None:
            check_text(value, key, multiline=key == "instructions")
    code = sheet_locale(spec, locale)
    from ..render.templates import templates_folder

    options = SheetOptions(title, course, date, instructions, digits, detail, templates_folder(templates),
                           key="exact" if exact_key else "carried", locale=code, first_variant=first_variant)
    for key, value in sheet_metadata(spec._spec, options).items():
        check_latex_text(value, key)  # the sheet is LaTeX: refused now, not by pdflatex
    build = BUILDERS[spec.kind]()
    from ..sympy_cache import of_spec

    with use(code), of_spec(spec._spec):  # SymPy's work for this architecture from the disk cache
        built = build(spec._spec, count, seed, options,
                      progress=(lambda n: progress(1)) if progress is not None else None)
    return Worksheet(spec, built, options, seed)


def _network_sheets():
    from ..worksheet import build_worksheet

    return build_worksheet


def _graph_sheets():
    from ..graph.sheets import build_graph_worksheet

    return build_graph_worksheet


BUILDERS: dict[str, Callable] = {"network": _network_sheets, "graph": _graph_sheets}  # kind -> its sheet builder


def _apart(folder: Path, exports: dict) -> None:
    """An export must not be the sheet's folder or one of the sheet's own files in it: one line
    naming it (exit 2) before anything is written — it would replace the answer key (or the
    folder would be left half made)."""
    from ..errors import OutputError
    from ..inputs import display_path
    from ..worksheet import OWNED_FILES

    from ..option_words import option

    home = folder.resolve()
    own = {home / name for name in OWNED_FILES}
    for key, path in exports.items():
        named = isinstance(path, (str, Path))  # {option: its path} (the exports asked for), or {path: its text}
        path = path if named else key
        if path is None or (named and str(path) == "-"):
            continue
        where = Path(path).resolve()
        if where == home or where in own:  # (a PrairieLearn question folder too: its files among the sheet's)
            raise OutputError(f"{option(key)} {display_path(Path(path))}" if named else display_path(Path(path)),
                              f"is the worksheet's folder or one of its own files ({', '.join(OWNED_FILES)}); "
                              "choose another name")
