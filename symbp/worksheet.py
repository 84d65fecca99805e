"""Worksheets: a spec + a seed -> worksheet.tex, answer-key.tex and answers.json for N variants.

Every variant is drawn (`variants.draw_variants`) and verified (`pipeline.derive_solution`) before
any text is made; the three files are then written together (`output.write_all_atomic`).  The
output depends only on the spec, the seed, the options and symbp's version: no timestamps, no
set or hash ordering, so the same inputs give byte-identical files under any PYTHONHASHSEED.

Templates (override any of them by name with `--templates DIR`):

    tex/worksheet.tex.jinja     the student sheet; receives `sheet` and `variants`
    tex/answer-key.tex.jinja    the key; receives `sheet` and `variants`
    tex/worksheet-*.tex.jinja   partials of the two (worksheet-header, worksheet-givens, worksheet-tasks)

`sheet`: title, course, date, instructions (plain text: escape with `|tex`), spec_name, seed,
count (number of variants), tasks (the asked task names, in order: forward, loss, formulas,
output_layer, hidden_layers, update, new_forward, new_loss), steps, digits, version.
Each of `variants`: id, seed, tasks (list of {name, number, count: how many quantities it asks}),
network (for tex/network.tex.jinja), activations (per layer l: tex, slope or None), matrices (per layer l: weights rows and biases, printed),
context (the worked solution's data, `render.worked.solution_context`: context.given holds the
inputs, targets, learning rate and loss formula) and solution (tex/solution-body.tex.jinja
rendered with that context: the answer key's worked solution).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import __version__
from .errors import SpecError

SHEET_KEYS = ("title", "course", "date", "instructions")
FILES = {"worksheet": "worksheet.tex", "key": "answer-key.tex", "answers": "answers.json"}
TEMPLATES = {"worksheet": "tex/worksheet.tex.jinja", "key": "tex/answer-key.tex.jinja"}
SOLUTION_BODY = "tex/solution-body.tex.jinja"  # one worked solution, without preamble


@dataclass
class SheetOptions:
    """What the instructor chose; None means: from the spec's [variants] table (or nothing)."""

    title: str | None = None
    course: str | None = None
    date: str | None = None
    instructions: str | None = None
    digits: int = 4
    detail: str = "auto"
    templates_dir: Path | None = None
    symbolic: str = "all"  # see variants.draw_variants


@dataclass
class Worksheet:
    files: dict[str, str]  # file name -> text
    variants: list
    rejections: dict = field(default_factory=dict)
    draws: int = 0


def sheet_metadata(spec, options: SheetOptions) -> dict:
    """Title, course, date, instructions: the option if given, else the spec's, else empty."""
    table = spec.variants or {}
    meta = {}
    for key in SHEET_KEYS:
        value = getattr(options, key)
        if value is None:
            value = table.get(key, spec.title if key == "title" else None)
        if value is not None and not isinstance(value, str):
            raise SpecError(f"variants.{key}", f"expected a string, got {value!r}")
        meta[key] = value or ""
    if not meta["title"]:
        meta["title"] = spec.name
    return meta


def _matrices(network: dict) -> list[dict]:
    """W^l and b^l of every layer as rows of printed numbers (for networks too big to label)."""
    out = []
    for layer in network["layers"][1:]:
        l = layer["l"]
        rows = [[e["weight"] for e in network["edges"] if e["l"] == l and e["j"] == j] for j in range(layer["width"])]
        biases = [n["bias"] for n in layer["neurons"]]
        out.append({"l": l, "weights": rows, "biases": biases if all(b is not None for b in biases) else None})
    return out


def _activations(variant) -> list[dict]:
    """Per layer l >= 1: the activation's LaTeX name and its negative slope when it has one."""
    from .activations import ACTIVATIONS
    from .render.printers import LatexPrinter

    printer = LatexPrinter()
    return [{"l": l, "tex": ACTIVATIONS[layer.activation].latex,
             "slope": printer.number(layer.negative_slope, parenthesize_negative=False)
             if layer.activation == "leaky_relu" else None}
            for l, layer in enumerate(variant.spec.layers, start=1)]


def _tasks(variant, ask: tuple[str, ...]) -> list[dict]:
    from .variants import TASKS

    depth = variant.spec.depth
    quantities = variant.solution.derivation.quantities
    shown = [t for t in ask if not (t == "hidden_layers" and depth == 1)]
    # numbered as the answer key's steps ①–⑧, also when some are not asked
    return [{"name": task, "number": list(TASKS).index(task) + 1,
             "count": sum(1 for q in quantities if TASKS[task](q, depth))}
            for task in shown]


def variant_context(variant, ask, options: SheetOptions) -> dict:
    from .render.templates import render_template
    from .render.worked import solution_context

    context = solution_context(variant.solution, variant.report, digits=options.digits, detail=options.detail, fmt="tex")
    context["show_title"] = False  # the key's own header names the sheet and the variant
    return {
        "id": variant.id,
        "seed": variant.seed,
        "tasks": _tasks(variant, ask),
        "network": context["network"],
        "matrices": _matrices(context["network"]),
        "activations": _activations(variant),
        "context": context,
        "solution": render_template(SOLUTION_BODY, options.templates_dir, **context),
    }


def answers_document(spec, seed: int, variants, ask) -> dict:
    """answers.json: per variant its id, seed, complete spec (TOML schema), values and exact values."""
    from .numbers import exact_string
    from .spec import spec_to_dict
    from .variants import asked_names

    return {
        "symbp_version": __version__,
        "spec_name": spec.name,
        "seed": seed,
        "tasks": list(ask),
        "variants": [
            {
                "id": v.id,
                "seed": v.seed,
                "spec": spec_to_dict(v.spec),
                "asked": asked_names(v.solution, ask),
                "values": {name: float(value) for name, value in v.solution.values.items()},
                "exact": {name: exact_string(value) for name, value in v.solution.values.items()},
                "verified": {
                    "quantities_against_float64": v.report.quantities,
                    "gradients_against_finite_differences": v.report.finite_differences,
                    "gradients_against_sympy_diff_of_whole_loss": v.report.symbolic,
                },
            }
            for v in variants
        ],
    }


def build_worksheet(spec, count: int, seed: int, options: SheetOptions | None = None,
                    progress: Callable | None = None) -> Worksheet:
    """Draw, verify and render `count` variants; nothing is written here."""
    from .render.templates import render_template
    from .variants import draw_variants, settings_from_spec

    options = options or SheetOptions()
    settings = settings_from_spec(spec)
    meta = sheet_metadata(spec, options)
    drawn = draw_variants(spec, count, random.Random(seed), settings, progress=progress, symbolic=options.symbolic)
    sheet = {
        **meta,
        "spec_name": spec.name,
        "seed": seed,
        "count": count,
        "tasks": list(settings.ask),
        "steps": spec.steps,
        "digits": options.digits,
        "version": __version__,
    }
    contexts = [variant_context(v, settings.ask, options) for v in drawn.variants]
    files = {
        FILES["worksheet"]: render_template(TEMPLATES["worksheet"], options.templates_dir, sheet=sheet, variants=contexts),
        FILES["key"]: render_template(TEMPLATES["key"], options.templates_dir, sheet=sheet, variants=contexts),
        FILES["answers"]: json.dumps(answers_document(spec, seed, drawn.variants, settings.ask), indent=2,
                                     ensure_ascii=False) + "\n",
    }
    return Worksheet(files, drawn.variants, dict(drawn.rejections), drawn.draws)


PDFS = {"worksheet": "worksheet.pdf", "key": "answer-key.pdf"}
# Every file a run writes into its folder: a run replaces them all — the ones it does not produce
# (the PDFs, without --pdf or on a LaTeX error) are removed — and never touches any other file.
OWNED_FILES = (*FILES.values(), *PDFS.values())


def write_worksheet(worksheet: Worksheet, out, pdf: bool = False) -> list[Path]:
    """Write the whole set — .tex, answers.json and, with `pdf`, the compiled PDFs — into a
    staging folder and move it into the output folder at the end (`output.output_set`).

    `out` is the folder, or the OutputSet of a run that already holds the folder's lock.  On a
    LaTeX error the .tex files (whose lines the error names) and answers.json are moved in and
    the earlier run's PDFs removed, so that no PDF contradicts answers.json; then the error is
    raised.  Interrupted, nothing is moved in."""
    from .output import OutputSet, output_set

    if not isinstance(out, OutputSet):
        with output_set(out, OWNED_FILES) as target:
            return write_worksheet(worksheet, target, pdf)
    from .output import write_all_atomic

    write_all_atomic({out.staging / name: text for name, text in worksheet.files.items()})
    names = list(worksheet.files)
    if pdf:
        from .render.pdf import LatexError

        try:
            documents = compile_worksheet_pdfs(worksheet)
        except LatexError:
            out.commit(names)
            raise
        write_all_atomic({out.staging / name: data for name, data in documents.items()})
        names += list(documents)
    return out.commit(names)


def compile_worksheet_pdfs(worksheet: Worksheet) -> dict[str, bytes]:
    """{"worksheet.pdf": bytes, "answer-key.pdf": bytes}, compiled side by side; the first error
    (in that order) is raised."""
    from concurrent.futures import ThreadPoolExecutor

    from .render.pdf import build_pdf

    jobs = {PDFS[key]: (worksheet.files[FILES[key]], FILES[key]) for key in ("worksheet", "key")}
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = {name: pool.submit(build_pdf, tex, source) for name, (tex, source) in jobs.items()}
        return {name: future.result() for name, future in futures.items()}
