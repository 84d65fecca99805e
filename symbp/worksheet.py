"""Worksheets: a spec + a seed -> worksheet.tex, answer-key.tex and answers.json for N variants.

Every variant is drawn (`variants.draw_variants`) and verified (`pipeline.derive_solution`) before
its text is made — with many variants by worker processes on every core (`variant_pool.py`, the
same files); the files are then written together (`write_worksheet`, worksheet_files.py: all or none).  The
output depends only on the spec, the seed, the options and symbp's version: no timestamps, no
set or hash ordering, so the same inputs give byte-identical files under any PYTHONHASHSEED.
Without a seed, one is derived from the spec and the title (`variants.default_seed`).

Templates (override any of them by name with `--templates DIR`):

    tex/worksheet.tex.jinja     the student sheet; receives `sheet` and `variants`
    tex/answer-key.tex.jinja    the key; receives `sheet`, `variants` and `overview`
    tex/worksheet-variant.tex.jinja, tex/answer-key-variant.tex.jinja
                                one variant's pages of each; receive `sheet` and `v`
    tex/worksheet-*.tex.jinja   partials of the two (worksheet-defs, -header, -givens, -tasks,
                                -summary, -overview)

With symbp's own templates each variant's pages and its part of answers.json are made where the
variant is made (`variant_parts`, in a worker process with many variants) and the documents only
join them (a variant of `variants` is then its rendered text); with a course's folder the
documents are rendered whole from every variant's context, in the sandbox.  The files are the same.

`sheet`: title, course, date, instructions (plain text: escape with `|tex`), spec_name, seed,
count (number of variants), first and last (the first and last variant's number: 1 and count unless
`--first-variant` is given), tasks (the asked task names, in order: forward, loss, formulas,
output_layer, hidden_layers, update, new_forward, new_loss), numbers (task -> its number on
sheet and key, None when not asked), numbered (the tasks that have one), steps, depth, digits, key ("carried": the key
rounds and carries every written value as the sheet tells students to; or "exact"), version, activations (per layer l:
name, tex, slope or None), activation_names (each once), outputs (n, the width of the output layer), batch, bias (some layer has biases),
loss_falls ([variants] require_loss_decrease: every variant's cost falls, so task ⑧ may ask by how much it fell).
Each of `variants`: id, seed, tasks (list of {name, number, count: how many quantities it asks,
space: the room to write, e.g. "7.5cm"}), network (for tex/network.tex.jinja), summary (sections
{task, number, columns, entries: [{name, symbol, text, approx}]}, see `render.sheet.summary`),
context (the worked solution's data, `render.worked.solution_context`: context.given holds the
inputs, targets, learning rate and loss formula; context.final the loss before and after) and
solution (tex/solution-body.tex.jinja rendered with that context and the sheet's task numbers).
`overview`: the class table (`render.sheet.overview`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import __version__
from .agreement import default_min_digits
from .answers_json import variant_text
from .errors import SpecError
from .key_seal import sheet_id, variant_seal
from .render.network import DRAWING, givens_drawing, with_picture
from .render.overview import CELL_TEMPLATE, cell_texts
from .render.sheet import overview_widths, sheet_tasks, summary
from .tasks import task_numbers
from .render.templates import environment, render_template
from .render.worked import solution_context
from .worksheet_files import FILES, OWNED_FILES, PDFS, compile_worksheet_pdfs, write_worksheet  # noqa: F401 (this module's too)

SHEET_KEYS = ("title", "course", "date", "instructions")
TEMPLATES = {"worksheet": "tex/worksheet.tex.jinja", "key": "tex/answer-key.tex.jinja"}
PAGES = {"worksheet": "tex/worksheet-variant.tex.jinja", "key": "tex/answer-key-variant.tex.jinja"}  # one variant's
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
    # The key's rule, stated on the sheet: "carried" (each written value rounded to `digits`
    # significant digits and carried on, as students are told) or "exact".
    key: str = "carried"
    locale: str = "en"  # the language of every file (i18n.py); the files are rendered in it
    first_variant: int = 1  # the sheet's variants are first, first + 1, …: those of the sheet from 1 (variants.py)


@dataclass
class Worksheet:
    files: dict[str, str]  # file name -> text
    variants: list
    rejections: dict = field(default_factory=dict)
    draws: int = 0
    seed: int = 0  # the seed used (given, or derived from the spec)


def chosen_metadata(spec, options: SheetOptions) -> dict:
    """Title, course, date, instructions: the option if given, else the spec's, else empty; spaces alone
    as empty ("" leaves the spec's course out too; a course of spaces before a long date made LaTeX end
    a line that was not there) — but a title, which a sheet always has, blank is not given (the spec's)."""
    table = spec.variants or {}
    meta = {}
    for key in SHEET_KEYS:
        value = getattr(options, key)
        if value is None or (key == "title" and isinstance(value, str) and not value.strip()):  # (a sheet has one)
            value = table.get(key, spec.title if key == "title" else None)
        if value is not None and not isinstance(value, str):
            from .number_input import short_repr

            raise SpecError(f"variants.{key}", f"expected a string, got {short_repr(value)}")
        meta[key] = value if value and not value.isspace() else ""  # (spaces alone: none, not an empty line)
    return meta


def sheet_metadata(spec, options: SheetOptions) -> dict:
    """`chosen_metadata`, an untitled sheet headed as `symbp derive` heads its solution
    (`default_title`): the sheet, the key, the answers template and the exports say the same."""
    meta = chosen_metadata(spec, options)
    if not meta["title"]:
        meta["title"] = default_title(spec, options.templates_dir)
    return meta


def key_title(spec, options: SheetOptions) -> str | None:
    """The title answers.json records, which `symbp check --key` reports say they mark against: the
    sheet's chosen one (--title, the spec's [variants] title) where it is not the spec's own."""
    title = chosen_metadata(spec, options)["title"]
    return title if title and title != spec.title else None


def sheet_identity(spec, options: SheetOptions) -> str:
    """What tells one sheet from another: its chosen title, else the spec's name (the file's
    stem).  The default seed and a Moodle category are made from it: two untitled specs of one
    architecture share a heading, never their numbers or their category."""
    return chosen_metadata(spec, options)["title"] or spec.name


# The heading's parameters of each kind of spec (by class name), for its message (`<kind>.heading`).
HEADINGS = {
    "Spec": ("network.heading", lambda spec: {"widths": "–".join(str(w) for w in spec.widths)}),
    "GraphSpec": ("graph.heading", lambda spec: {"output": spec.output}),
}


def default_title(spec, templates_dir=None) -> str:
    """The heading of a spec without a title, in the current locale (worded by the course's
    folder if any): "Backpropagation through the 3–4–2 network", as `symbp derive` heads it."""
    from .i18n import messages_of

    key, parameters = HEADINGS[type(spec).__name__]
    return messages_of(str(templates_dir) if templates_dir else None)(key, **parameters(spec))


def activations_table(spec) -> list[dict]:
    """Per run of neighbouring layers with the same activation (layers l to last): the activation's name, its LaTeX
    name and its negative slope when it has one; `every`: the run is every layer of two or more ("LReLU with s = 0.1
    in every layer", not "layer 1: …, layer 2: …" four times over: stop 64's instructor)."""
    from .core.operations import OPERATIONS
    from .render.printers import LatexPrinter
    from .render.stated import exact_text

    printer = LatexPrinter()
    runs: list[dict] = []
    for l, layer in enumerate(spec.layers, start=1):
        slope = exact_text(layer.negative_slope, printer) if layer.activation == "leaky_relu" else None  # (as given)
        if runs and (runs[-1]["name"], runs[-1]["slope"]) == (layer.activation, slope):
            runs[-1]["last"] = l
            continue
        runs.append({"l": l, "last": l, "name": layer.activation, "tex": OPERATIONS[layer.activation].display.latex,
                     "slope": slope})
    for run in runs:
        run["every"] = len(runs) == 1 and run["last"] > 1
    return runs


def key_settings(settings, options: SheetOptions):
    """The draw settings of a sheet: with a carried key, draws whose carried values lose even their
    first digit to cancellation are rejected (variants.py "carried_off")."""
    from dataclasses import replace

    return replace(settings, carried_key=(options.digits, options.detail)) if options.key == "carried" else settings


def variant_context(variant, ask, options: SheetOptions, numbers: dict | None = None) -> dict:
    """One variant's data for the sheet and the key; `numbers`: the tasks' numbers (task_numbers)."""
    if numbers is None:
        numbers = task_numbers(ask, variant.spec.depth)
    if options.key == "carried" and variant.solution.carried is None:
        from .pipeline import carry

        carry(variant.solution, options.digits, options.detail)
    context = solution_context(variant.solution, variant.report, digits=options.digits, detail=options.detail, fmt="tex")
    context["show_title"] = False  # the key's own header names the sheet and the variant
    context["step_numbers"] = numbers  # the key's headings carry the sheet's task numbers
    if options.templates_dir is None:  # the drawing's picture made once, printed by the key and the sheet
        context["network"] = with_picture(context["network"], environment().get_template(DRAWING).module.picture)
    return {
        "id": variant.id,
        "seed": variant.seed,
        "tasks": sheet_tasks(variant.solution, ask, numbers, options.digits),
        # the givens print the matrices after the given numbers, none beside the drawing
        "network": givens_drawing(context["network"]),
        "summary": summary(variant.solution, context, ask, numbers),
        "context": context,
        "solution": render_template(SOLUTION_BODY, options.templates_dir, **context),
    }


def variant_parts(variant, ask, options: SheetOptions, numbers: dict, sheet: dict) -> dict:
    """One variant's share of the files: its id and summary (for the class overview), its part of
    answers.json and, with symbp's own templates, its pages of the sheet and of the key (PAGES),
    rendered where the variant is made (a worker process, with many variants).  A course's
    templates get its context instead: they render whole documents, which may join variants in
    any way."""
    context = variant_context(variant, ask, options, numbers)
    answers = variant_text(variant, ask)
    # also its shares of the sheet's joining: its cells' widths (and texts) in the overview, its seals in answers.json
    parts = {"id": context["id"], "summary": context["summary"], "answers": answers,
             "cells": overview_widths(context["summary"]), "seals": variant_seal(answers)}
    if options.templates_dir is None:
        parts.update({name: render_template(page, None, sheet=sheet, v=context) for name, page in PAGES.items()})
        parts["overview_texts"] = cell_texts(context["summary"], environment().get_template(CELL_TEMPLATE).module.cell)
    else:
        parts["context"] = context
    return parts


MAX_VARIANT_NUMBER = 1000  # variants are numbered 1 to this (a class's sheet), also from a --first-variant on


def numbered_within(first: int, count: int) -> None:
    """Refused (naming the option) where the variants would be numbered past MAX_VARIANT_NUMBER."""
    from .errors import SpecError
    from .i18n import message
    from .option_words import option

    last, fit = first + count - 1, MAX_VARIANT_NUMBER - first + 1
    if last > MAX_VARIANT_NUMBER:
        word = option("variants")  # -n 6 on the command line, variants=6 in Python
        raise SpecError(option("first_variant"), message("input.variants_past", first=first, last=last,
                                                          max=MAX_VARIANT_NUMBER, fit=fit,
                                                          setting=f"{word} {fit}" if word.startswith("-") else f"{word}{fit}"))


def build_worksheet(spec, count: int, seed: int | None = None, options: SheetOptions | None = None,
                    progress: Callable | None = None) -> Worksheet:
    """Draw, verify and render `count` variants; nothing is written here.  seed None: derived
    from the spec and the title."""
    from .answers_json import document_text
    from .render.sheet import overview
    from .variant_pool import make_variants
    from .variants import default_seed, settings_from_spec

    options = options or SheetOptions()
    numbered_within(options.first_variant, count)
    settings = key_settings(settings_from_spec(spec), options)
    meta = sheet_metadata(spec, options)
    if seed is None:
        seed = default_seed(spec, sheet_identity(spec, options))
    numbers = task_numbers(settings.ask, spec.depth)
    sheet = {
        **meta,
        "spec_name": spec.name,
        "seed": seed,
        "count": count,
        "first": options.first_variant,
        "last": options.first_variant + count - 1,  # "variant 16 of 30": the number of the whole set's last
        "tasks": list(settings.ask),
        "numbers": numbers,
        "numbered": [task for task in settings.ask if numbers[task]],
        "steps": spec.steps,
        "depth": spec.depth,
        "digits": options.digits,
        "min_digits": default_min_digits(options.digits),  # what `symbp check` asks a rounded value to show
        "key": options.key,
        "version": __version__,
        "activations": activations_table(spec),
        "activation_names": list(dict.fromkeys(layer.activation for layer in spec.layers)),
        "outputs": spec.widths[-1],
        "batch": spec.batch,
        **biases_of(spec),
        "training": _training(spec),
        "loss_falls": settings.require_loss_decrease,
    }
    drawn, parts = make_variants(spec, count, random.Random(seed), settings, options, settings.ask, numbers, sheet,
                                 progress)
    if any(part is None for part in parts):  # some variant did not render: its error, raised as before
        parts = _rendered_whole(drawn.variants, settings.ask, options, numbers)
    if settings.max_dead_neurons is None:  # (an easier variant among the others: said, not redrawn)
        _say_dead_neurons(drawn.variants)
    table = overview([part["summary"] for part in parts], [part["id"] for part in parts],
                     [part.get("cells") for part in parts], [part.get("overview_texts") for part in parts])
    pages = {name: [part[name] if name in part else part["context"] for part in parts] for name in PAGES}
    files = {
        FILES["worksheet"]: render_template(TEMPLATES["worksheet"], options.templates_dir, sheet=sheet,
                                            variants=pages["worksheet"]),
        FILES["key"]: render_template(TEMPLATES["key"], options.templates_dir, sheet=sheet, variants=pages["key"],
                                      overview=table),
        FILES["answers"]: document_text(spec, seed, settings.ask, options.digits, options.key, options.locale,
                                        options.detail,
                                        [part["answers"] for part in parts], [part.get("seals") for part in parts],
                                        key_title(spec, options)),
        FILES["template"]: _answers_template(drawn.variants[0], settings.ask, options, meta["title"],
                                             sheet_id(spec.name, seed), settings.require_loss_decrease),
    }
    return Worksheet(files, drawn.variants, dict(drawn.rejections), drawn.draws, seed)


def _say_dead_neurons(variants) -> None:
    """A notice of the variants with more neurons of a layer whose gradients are all zero than others
    have (easier), where no max_dead_neurons limits them (the new user's LOW of stop 59: 5 of 40 variants
    of a 2-3-2 softmax exam had a hidden δ of 0, unsaid)."""
    from .i18n import message
    from .notices import notice
    from .variant_constraints import dead_neurons

    counts = [dead_neurons(variant.solution) for variant in variants]
    fewest = min(counts, default=0)
    more = [count for count in counts if count > fewest]
    if more:
        notice(message("progress.dead_neurons", n=len(more), total=len(counts), most=max(more), fewest=fewest,
                       why=_why_dead(variants[0].spec)))


def _why_dead(spec) -> str:
    """What makes a neuron's gradients all zero in this network (the README-only new user of stop 65: a sigmoid and
    softmax network was told of 'a ReLU with z < 0')."""
    from .i18n import message

    kinks = any(layer.activation == "relu" for layer in spec.layers)  # (a leaky ReLU passes a slope: never all 0)
    two_classes = spec.layers[-1].activation == "softmax" and spec.widths[-1] == 2
    reasons = [message(key) for key, holds in (("progress.dead_why_relu", kinks), ("progress.dead_why_softmax", two_classes))
               if holds] or [message("progress.dead_why_zero")]
    return reasons[0] if len(reasons) == 1 else message("progress.dead_why_both", first=reasons[0], second=reasons[1])


def biases_of(spec) -> dict:
    """Which layers have biases, for the tasks' words (a network without biases is asked for no ∂L/∂b and
    no updated bias: the print hunter's MEDIUM of stop 56): some layer, the output layer, a hidden layer,
    every hidden layer, and the layers without biases (said in the givens where some have them)."""
    return {"bias": any(layer.has_bias for layer in spec.layers), "output_bias": spec.layers[-1].has_bias,
            "hidden_bias": any(layer.has_bias for layer in spec.layers[:-1]),
            "hidden_all_bias": all(layer.has_bias for layer in spec.layers[:-1]),
            "unbiased": [l for l, layer in enumerate(spec.layers, 1) if not layer.has_bias]}  # (layers without)


def _rendered_whole(variants, ask, options: SheetOptions, numbers: dict) -> list[dict]:
    """Every variant's parts made the way whole documents are rendered from contexts: the first
    error of a variant's data, else of the documents (sheet first), is raised as it always was."""
    contexts = [variant_context(v, ask, options, numbers) for v in variants]
    return [{"id": c["id"], "summary": c["summary"], "context": c, "answers": variant_text(v, ask)}
            for v, c in zip(variants, contexts)]


def _training(spec) -> dict | None:
    """The optimizer and regularization settings as the sheet prints them (LaTeX), or None."""
    from .render.printers import printer
    from .render.worked_training import training_settings

    tex = printer("tex")
    return training_settings(spec, lambda v: tex.number(v, parenthesize_negative=False), tex.symbol)


def _answers_template(variant, ask, options: SheetOptions, title: str, sheet: str, loss_falls: bool) -> str:
    """The blank answers file a student fills in (`student`, `variant`, the sheet's id, the asked
    quantities), under the sheet's title: every variant of a sheet has the same quantity names.  The
    new cost's task also asks by how much it fell (or changed): the file says that has no line."""
    from .render.answers_template import render_answers_template
    from .tasks import asked_names

    return render_answers_template(variant.solution, templates_dir=options.templates_dir, digits=options.digits,
                                   asked=asked_names(variant.solution, ask), worksheet=True, title=title, sheet=sheet,
                                   numbers=task_numbers(ask, variant.spec.depth),  # (the sheet's task numbers)
                                   cost_change=("fall" if loss_falls else "change") if "new_loss" in ask else None,
                                   variant_example=variant.id)
