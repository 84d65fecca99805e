"""Worksheets of a computational graph: a graph spec + a seed -> the files of `symbp worksheet`.

In:  a `GraphSpec` (its input values are redrawn for every variant: variants.py and the spec's
     [variants] table), the number of variants, a seed (None: derived from the spec and the
     title), and the sheet's options (`worksheet.SheetOptions`).
Out: a `worksheet.Worksheet`, written as a network's is (`worksheet.write_worksheet`, PDFs too):

    worksheet.tex          per variant the expression, its inputs, the graph drawn without numbers,
                           and two tasks: ① every node's value, ② the gradient of the output with
                           respect to every node
    answer-key.tex         per variant a summary (node, operation, value, gradient), then the
                           worked solution (tex/graph-body.tex.jinja)
    answers.json           per variant its spec, the asked names, values and exact values (the key
                           of `symbp check --key answers.json`)
    answers-template.toml  the blank answers file (names as in `symbp derive SPEC --format json`)

Templates: tex/graph-worksheet.tex.jinja, tex/graph-answer-key.tex.jinja, text/graph-answers.toml.jinja.
"""

from __future__ import annotations

import json
from typing import Callable

from .. import __version__
from ..core.display import printer
from ..numbers import exact_string
from ..agreement import default_min_digits
from ..worksheet import (FILES, SheetOptions, Worksheet, numbered_within, default_title, key_title, sheet_identity,
                         sheet_metadata)

TEMPLATES = {"worksheet": "tex/graph-worksheet.tex.jinja", "key": "tex/graph-answer-key.tex.jinja",
             "template": "text/graph-answers.toml.jinja", "body": "tex/graph-body.tex.jinja"}
TASKS = ("forward", "backward")


def graph_spec_to_dict(spec) -> dict:
    """The spec as a table of the TOML schema (what answers.json stores for each variant)."""
    table = {"kind": "graph"}
    if spec.title:
        table["title"] = spec.title
    table.update({"inputs": {label: exact_string(value) for label, value in spec.inputs},
                  "stages": [f"{stage.name} = {stage.text}" for stage in spec.stages], "output": spec.output,
                  "gates": spec.gates})
    return table


def _blank(drawing: dict) -> dict:
    """The drawing without its numbers: what the student works out."""
    wires = [dict(w, value=None, gradient=None) for w in drawing["wires"]]
    return dict(drawing, wires=wires, output=dict(drawing["output"], value=None, gradient=None), blank=True)


def variant_context(variant, options: SheetOptions) -> dict:
    from ..render.templates import render_template
    from .quantities import asked_names
    from .worked import solution_context

    solution = variant.solution
    context = solution_context(solution, "tex", options.digits)
    symbols = printer("tex")
    return {
        "id": variant.index,
        "seed": variant.seed,
        "context": context,
        "carried": _carried(solution, options.digits, context["table"]),
        "drawing": _blank(context["drawing"]),
        "forward": [line["symbol"] for line in context["forward"]],
        "backward": [_backward_row(symbols.symbol(gradient), len(solution.built.graph[gradient].terms))
                     for node, gradient in solution.backward.gradients.items() if node != solution.output],
        "asked": len(asked_names(solution)),
        "solution": render_template(TEMPLATES["body"], options.templates_dir, **context, in_key=True),
    }


def _backward_row(symbol: str, branches: int) -> dict:
    """A gradient's room on the sheet: one row (a value feeding one or two gates), or for a sum of 3 or
    more products a long first row (two terms), `continued` rows of two more, and a last row (one
    term, then the value)."""
    return {"symbol": symbol, "sum": branches >= 3, "continued": max(0, -(-(branches - 3) // 2))}


def _carried(solution, digits: int, table: list) -> dict:
    """Name -> the value a calculator that rounds every value and local derivative to `digits` and goes
    on with it gives (graph/carried.py), printed, where the summary `table` prints the value otherwise:
    the key's summary shows it beside the exact one — where the two differ at `digits`, and where the
    exact one is printed with more digits (r ≈ −2.2848 beside f.1 ≈ 5.220 (5.221), which follows from
    −2.285: a new user's LOW of stop 63)."""
    from ..core.identity import name
    from ..numbers import format_decimal
    from .carried import calculator_values

    tex = printer("tex", digits=digits)
    printed = {**{row["name"]: row["value"] for row in table}, **{row["gradient_name"]: row["gradient"] for row in table}}
    carried = {name(i): tex.number(format_decimal(value, digits, was_rounded=True))
               for i, value in calculator_values(solution, digits).items() if value != solution.values[i]}
    return {label: text for label, text in carried.items() if printed.get(label, text) != text}


def answers_document(spec, seed: int, variants, digits: int, title: str | None = None, locale: str = "en") -> dict:
    """answers.json of a graph sheet (see the module docstring); its locale when not English, as a
    network's records it: the language `symbp check --key` reports in."""
    from .quantities import answer_names, asked_names

    def keyed(solution) -> list:
        return [n for n in answer_names(solution) if n not in {name for name, _ in solution.spec.inputs}]

    from ..key_seal import sealed

    return sealed({
        "symbp_version": __version__,
        "kind": "graph",
        "spec_name": spec.name,
        **({"title": title} if title else {}),  # the sheet's, where not the spec's (worksheet.key_title)
        "seed": seed,
        "digits": digits,
        "tasks": list(TASKS),
        "key": "exact",
        **({"locale": locale} if locale != "en" else {}),
        "variants": [
            {
                "id": v.index,
                "seed": v.seed,
                "spec": graph_spec_to_dict(v.spec),
                "asked": asked_names(v.solution),
                "values": {n: float(v.solution.value(n)) for n in keyed(v.solution)},
                "exact": {n: exact_string(v.solution.value(n)) for n in keyed(v.solution)},
                "verified": {"quantities_against_float64": v.solution.report.quantities,
                             "gradients_against_finite_differences": v.solution.report.finite_differences,
                             "gradients_against_sympy_diff_of_whole_expression": v.solution.report.symbolic},
            }
            for v in variants
        ],
    })


def answers_template(solution, templates_dir=None, digits: int = 4, worksheet: bool = False, source=None,
                     title: str | None = None, sheet: str | None = None, variant_example=None) -> str:
    """The blank answers file of a graph (`symbp derive SPEC --format answers-template`, and a
    sheet's answers-template.toml); `source`: where the spec came from (render.answers_template);
    `title`: the sheet's (default: the spec's, else its heading)."""
    from ..render.answers_template import check_command, spec_argument
    from ..render.templates import render_template
    from .quantities import VALUE, asked_names, kind_of, quantities
    from ..core.identity import name

    asked = set(asked_names(solution))
    identities = [i for i in quantities(solution) if name(i) in asked]
    return render_template(
        TEMPLATES["template"], templates_dir, title=title or solution.spec.title or default_title(solution.spec, templates_dir),
        spec_argument=spec_argument(source, solution.spec.name), check_command=check_command(source, solution.spec.name, worksheet),
        worksheet=worksheet, sheet=sheet, digits=digits, min_digits=default_min_digits(digits),
        variant_example=variant_example, output=name(solution.output),
        forward=[name(i) for i in identities if kind_of(solution, i) == VALUE],
        backward=[name(i) for i in identities if kind_of(solution, i) != VALUE])


def build_graph_worksheet(spec, count: int, seed: int | None = None, options: SheetOptions | None = None,
                          progress: Callable | None = None) -> Worksheet:
    """Draw, verify and render `count` variants of a graph; nothing is written here."""
    from ..i18n import current_code
    from ..render.templates import render_template
    from ..key_seal import sheet_id
    from ..variants import default_seed
    from .variants import draw_variants

    options = options or SheetOptions()
    numbered_within(options.first_variant, count)  # (as a network's: a key's ids end at 1000; the second reviewer)
    meta = sheet_metadata(spec, options)
    if seed is None:
        seed = default_seed(spec, sheet_identity(spec, options), graph_spec_to_dict(spec))
    drawn = draw_variants(spec, count, seed, progress=progress, first=options.first_variant)
    sheet = {**meta, "spec_name": spec.name, "seed": seed, "count": count, "first": options.first_variant,
             "last": options.first_variant + count - 1, "digits": options.digits,
             "min_digits": default_min_digits(options.digits), "key": "exact",
             "version": __version__, "output": spec.output, "gates": spec.gates}
    contexts = [variant_context(v, options) for v in drawn.variants]
    files = {
        FILES["worksheet"]: render_template(TEMPLATES["worksheet"], options.templates_dir, sheet=sheet,
                                            variants=contexts),
        FILES["key"]: render_template(TEMPLATES["key"], options.templates_dir, sheet=sheet, variants=contexts),
        FILES["answers"]: json.dumps(answers_document(spec, seed, drawn.variants, options.digits, key_title(spec, options),
                                                      current_code()), indent=2, ensure_ascii=False) + "\n",
        FILES["template"]: answers_template(drawn.variants[0].solution, options.templates_dir, options.digits,
                                            worksheet=True, title=meta["title"], sheet=sheet_id(spec.name, seed),
                                            variant_example=drawn.variants[0].index),
    }
    draws = len(drawn.variants) + sum(drawn.rejected.values())
    return Worksheet(files, drawn.variants, dict(drawn.rejected), draws, seed)
