"""What every platform export shows of one verified variant, as plain data.

In:  a verified `Solution` (a worksheet variant's, or one drawn from a PrairieLearn seed), the
     asked tasks, the sheet's digits and its agreement `Rule`.
Out: the asked quantities (name, symbol, exact value, tolerance bands, points), grouped by the
     worksheet's tasks ①–⑧; the network as SVG; the worked solution as HTML with MathJax math.
Numbers and solutions come only from the renderers (render/worked.py, the md templates), so a
change there reaches every platform.
"""

from __future__ import annotations

import re

SOLUTION_TEMPLATE = "md/solution.md.jinja"
TRAINING_TEMPLATE = "tex/training.jinja"  # the printed sheet's words for the optimizer and regularization


def slug(name: str) -> str:
    """A quantity name as an identifier for a form field or a CSV column header: z_0^1 -> z_0_l1,
    dL/dw_10^1 -> dLdw_10_l1, L[2]@3 -> L_s2_t3 (one-to-one on symbp's names)."""
    out = name.replace("/", "").replace("^", "_l").replace("[", "_s").replace("]", "").replace("@", "_t")
    return re.sub(r"[^A-Za-z0-9_]", "_", out)


def network_context(solution, digits: int) -> dict:
    """The network's drawing data with its numbers printed as text (for render.svg)."""
    from ..render.network import network_drawing
    from ..render.worked import _Lines

    return network_drawing(solution, _Lines(solution, "text", digits, None))


def variant_view(variant, ask, options) -> dict:
    """worksheet.variant_context plus what the HTML givens and tasks show: the activations, W^l,
    b^l, the optimizer and regularization (`training_html`, None for plain gradient descent) and
    what the tasks' prose depends on (`setting`, for html/tasks.jinja)."""
    from ..render.stated import matrix_relation
    from ..variants import settings_from_spec
    from ..worksheet import activations_table, biases_of, variant_context

    context = variant_context(variant, ask, options)
    biases = biases_of(variant.spec)
    context["training_html"] = training_html(context["context"]["training"], variant.spec.batch, options.templates_dir,
                                             biases["bias"])
    context["setting"] = {"training": context["training_html"], "batch": variant.spec.batch,
                          "depth": variant.spec.depth, "steps": variant.spec.steps, "numbered": context["tasks"],
                          **biases,
                          "loss_falls": settings_from_spec(variant.spec).require_loss_decrease}
    tex = _tex_printer(options.digits)
    context["activations"] = activations_table(variant.spec)
    context["matrices"] = [
        {"l": l, "weights": [[tex.number(w, parenthesize_negative=False) for w in row] for row in layer.weights],
         "biases": [tex.number(b, parenthesize_negative=False) for b in layer.biases] if layer.has_bias else None,
         "relation": matrix_relation([w for row in layer.weights for w in row], options.digits),  # W ≈ (…) if rounded
         "biases_relation": matrix_relation(layer.biases if layer.has_bias else (), options.digits)}
        for l, layer in enumerate(variant.spec.layers, start=1)]
    return context


def training_html(training: dict | None, batch: bool, templates_dir=None, bias: bool = True) -> dict | None:
    """The optimizer's settings sentence (the givens) and the update task as the printed sheet
    words them (tex/training.jinja, from `render.worked_training.training_settings`), with their
    math for MathJax; `regularized`: whether the sheet asks for R and J.  None without an optimizer
    or regularization."""
    if training is None:
        return None
    from ..render.templates import template_macros
    from .html import inline

    import html

    parts = template_macros(TRAINING_TEMPLATE, templates_dir)
    stated = bool(training.get("states"))  # an optimizer with a state: its update equations, as the sheet gives them
    return {"settings": inline(" ".join(str(parts.settings(training)).split())),
            "task": inline(" ".join(str(parts.task(training, batch, bias)).split())),
            "regularized": bool(training["weight_decay"] or training["l1"]),
            "intro": inline(" ".join(str(parts.intro(training)).split())) if stated else None,
            "formulas": html.escape(" ".join(str(parts.formulas(training)).split()), quote=False) if stated else None,
            "note": inline(" ".join(str(parts.notes(training)).split())) if stated else None}


def _tex_printer(digits: int):
    from ..render.printers import printer

    return printer("tex", digits=digits)


def network_svg(solution, digits: int, templates_dir=None) -> str:
    from ..render.svg import network_svg as draw

    return draw(network_context(solution, digits), templates_dir)


def parts(solution, ask, rule) -> list[dict]:
    """The asked quantities in the order the answer key and the answers template show them
    (answers_template.display_order: ∂L/∂w before ∂L/∂b, the output layer's update first — in order
    of computation Moodle asked for them in another order than the key), each with what a platform needs to mark it:
    the exact value's bands, and for a carried key (`solution.carried`) the carried value's bands
    where they reach beyond the exact ones (a student who rounds and carries, as the sheet says,
    writes the carried value)."""
    from ..agreement import as_fraction
    from ..render.answers_template import display_order
    from ..render.printers import printer
    from ..render.sheet import task_of
    from ..tasks import asked_names
    from .tolerance import Band, bands, beyond, plain_number, tolerance

    tex = printer("tex", digits=rule.digits)
    text = printer("text", digits=rule.digits)
    shown = {q.name: place for place, q in enumerate(display_order(solution))}
    out = []
    for name in sorted(asked_names(solution, ask), key=shown.__getitem__):
        quantity = solution.derivation.by_name[name]
        value = as_fraction(solution.values[name])
        accepted = bands(value, rule)
        before, computed = _parameter_before(solution, quantity)
        if before is not None:  # an update: as precise as its step and a parameter worked out before it
            widest = max(tolerance(value, rule), tolerance(before - value, rule),
                         tolerance(before, rule) if computed else 0)
            accepted = [Band(value, widest), *accepted[1:]]
        carried = None if solution.carried is None else as_fraction(solution.carried.values[name])
        out.append({
            "name": name,
            "slug": slug(name),
            "symbol": tex.symbol(name),
            "symbol_text": text.symbol(name),
            "task": task_of(quantity, solution.spec, ask),
            "value": value,
            "value_text": plain_number(value),
            "tolerance": accepted[0].tolerance,
            "tolerance_text": plain_number(accepted[0].tolerance),
            "bands": accepted,
            "carried": carried,  # None for an exact key
            "carried_bands": [] if carried is None else beyond(bands(carried, rule), accepted),
            "points": 1,  # as `symbp check --key` marks a worksheet: one point per asked quantity
        })
    return out


def _parameter_before(solution, quantity):
    """(the parameter before an update, exact; whether it was worked out — a given is exact, a student
    rounds only what is worked out), or (None, False) for any other quantity.  An update w − step is
    known only as precisely as the step and a worked-out w a student rounds: where it all but cancels its parameter
    (Adam's first step at |w| = α: 0.1 − 0.1·m̂/(√v̂ + ε) ≈ 7.7·10^−8, ε's effect alone, which a student
    who rounds √v̂ + ε as the sheet asks writes 0; b = 0.2418 − 0.5·0.48283 = 0.000385 for the exact
    0.0003975, the instructor tester of stop 67), a band of half a unit in its own third digit would
    refuse what `check` accepts from the student's own numbers: its band is the widest of theirs."""
    from .. import names
    from ..agreement import as_fraction

    if quantity.kind not in ("weight_update", "bias_update"):
        return None, False
    found = names.parse(quantity.name)
    earlier = names.name(found.kind, found.layer, found.indices, None, found.step - 1)
    computed = earlier in solution.values
    old = solution.values[earlier] if computed else solution.givens.get(earlier)
    return (as_fraction(old), computed) if old is not None else (None, False)


def task_groups(tasks: list[dict], asked: list[dict]) -> list[dict]:
    """The worksheet's tasks (worksheet._tasks: name, number) with their asked quantities."""
    return [{**task, "parts": [p for p in asked if p["task"] == task["name"]]} for task in tasks]


def solution_html(context: dict, templates_dir=None) -> str:
    """The worked solution of a variant (its `render.worked.solution_context`, LaTeX math) as
    HTML, through the Markdown template."""
    from ..render.templates import render_template
    from .html import markdown_to_html

    markdown = render_template(SOLUTION_TEMPLATE, templates_dir, **{**context, "fmt": "md"})
    return markdown_to_html(markdown, drop_title=True)
