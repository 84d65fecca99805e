"""A verified Solution -> the data of a worked solution -> text, Markdown or LaTeX.

`solution_context` arranges the quantities in the reference document's steps (① forward pass,
② cost, ③ formulas, ④ output layer, ⑤ hidden layers, ⑥ update, ⑦ forward pass again, ⑧ new
cost) as plain data: every line holds its math already printed (symbolic, substituted, result)
by `printers.py`.  The templates in templates/<format>/ hold all prose and layout.

It is built twice: the first pass collects the printed lines, from which `plan.DisplayPlan`
decides every printed number (guard digits, see plan.py); the second prints them.  Every printed
line is then re-evaluated from its printed numbers by `recheck.py` (exit 3 on a disagreement).
"""

from __future__ import annotations

from fractions import Fraction

from .. import derivation as D
from .. import names
from ..activations import ACTIVATIONS, derivative_function, derivative_rule
from ..evaluate import backprop_key, derivative_key
from ..formula import Apply, Const, Mul, Partial, Ref, Sub, SumOver, from_sympy, refs
from ..layout import Layout
from ..losses import LOSSES
from ..numbers import as_fraction, format_decimal, round_significant, terminating_digits
from ..tasks import TASKS
from .lines import Lines
from .network import network_drawing
from .plan import DisplayPlan, shown_formula
from .printers import printer
from .recheck import PrintedLine, recheck
from .shown import shown_values
from .templates import render_template

FALL = "#fall of the cost"  # the plan's key of L − L@T (when the direction needs guard digits)

_Lines = Lines  # the name the sections below use


_INDEX: dict = {}


def _select(quantities, kind, step, sample, layer=None):
    """The quantities of one kind, step, sample (and layer), in order of computation."""
    index = _INDEX.get(id(quantities))
    if index is None or index[0] is not quantities:
        table: dict = {}
        for q in quantities:
            table.setdefault((q.kind, q.step, q.sample, None), []).append(q)
            if q.layer is not None:
                table.setdefault((q.kind, q.step, q.sample, q.layer), []).append(q)
        index = _INDEX[id(quantities)] = (quantities, table)
    return index[1].get((kind, step, sample, layer), [])


def _given(solution, lines: _Lines) -> dict:
    """The spec's numbers as the user gave them: a value that does not terminate (1/3) is shown
    as its fraction here, and rounded (with ≈) where it is substituted."""
    spec = solution.spec

    def exact(value: Fraction) -> str:
        if terminating_digits(value) is not None:
            return lines.number(value)
        return lines.symbolic.print(Const(value)) if value >= 0 else lines.symbolic.minus_sign + lines.symbolic.print(Const(-value))

    return {
        "samples": [
            {"sample": s if spec.batch else None,
             "input": [exact(v) for v in x], "target": [exact(v) for v in y]}
            for s, (x, y) in enumerate(zip(spec.inputs, spec.targets), start=1)
        ],
        "learning_rate": exact(spec.learning_rate),
        "loss": spec.loss,
        "loss_formula": LOSSES[spec.loss].latex if lines.fmt != "text" else LOSSES[spec.loss].text,
        "steps": spec.steps,
        "batch": spec.batch,
        "widths": list(spec.widths),
        "activations": [layer.activation for layer in spec.layers],
    }


def _derivative_lines(solution, lines: _Lines, layer: int, sample, step: int) -> list[dict]:
    """f'(z_j^l) for every neuron of a layer: through the output a where the activation has such
    a form (σ' = a(1 − a), as a student computes it), else at the printed z."""
    import sympy

    layer_spec = solution.spec.layers[layer - 1]
    act = ACTIVATIONS[layer_spec.activation]
    if not act.elementwise:
        return []
    function = derivative_function(layer_spec.activation, layer_spec.negative_slope)
    out = []
    for j in range(solution.spec.widths[layer]):
        z = names.name("z", layer, (j,), sample, step)
        a = names.name("a", layer, (j,), sample, step)
        node = Apply(function, (Ref(z),))
        key = derivative_key(z)
        via_output = None
        formula = node
        if act.output_form is not None:
            formula = from_sympy(act.output_form(sympy.Symbol(a, real=True)))
            via_output = {"symbolic": lines.symbolic.print(formula), "substituted": lines.substituted(formula, bare=False)}
        approx = lines.relate(key, formula)
        out.append({
            "lhs": lines.symbolic.print(node), "substituted": lines.substituted(node, bare=False),
            "via_output": via_output, "result": lines.shown(key), "approx": approx, "exact": lines.note(key),
        })
    return out


def _matrix_form(solution, lines: _Lines, layer: int, sample, step: int) -> dict:
    """δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ f'(z^l) with every matrix and vector written out."""
    widths = solution.spec.widths
    deltas = _select(solution.derivation.quantities, kind=D.HIDDEN_DELTA, step=step, sample=sample, layer=layer)
    sums = [backprop_key(q.name) for q in deltas]
    derivatives = [derivative_key(names.name("z", layer, (k,), sample, step)) for k in range(widths[layer])]
    w_name = lambda j, k: names.name("w", layer + 1, (j, k), None, step)
    delta_next = [names.name("delta", layer + 1, (j,), sample, step) for j in range(widths[layer + 1])]
    return {
        "transposed": [lines.shown_all(w_name(j, k) for j in range(widths[layer + 1])) for k in range(widths[layer])],
        "delta_next": lines.shown_all(delta_next),
        "backpropagated": lines.shown_all(sums),
        "sum_approx": lines.relate_all((s, q.formula.factors[0]) for s, q in zip(sums, deltas)),
        "derivatives": lines.shown_all(derivatives),
        "delta": lines.shown_all(q.name for q in deltas),
        "approx": lines.relate_all((q.name, Mul((Ref(s), Ref(f)))) for q, s, f in zip(deltas, sums, derivatives)),
        "exact": lines.notes(q.name for q in deltas),
        "tag": names.suffix(sample, step),  # [s] and @t of the vectors, as in the quantity names
    }


def _general_formulas(solution, lines: _Lines) -> dict:
    """Cached per architecture, format and digits: the formulas do not depend on the numbers."""
    key = (solution.spec.architecture(), lines.fmt, lines.digits)
    if key not in _FORMULAS:
        _FORMULAS[key] = _derive_general_formulas(solution, lines)
    return _FORMULAS[key]


_FORMULAS: dict = {}


def _derive_general_formulas(solution, lines: _Lines) -> dict:
    """Step ③: the definitions and the four backpropagation equations, taken from the derivation
    (the first neuron's formulas written with general indices), and each activation's derivative."""
    import sympy

    spec = solution.spec
    depth = spec.depth
    quantities = solution.derivation.quantities
    smp = 1 if spec.batch else None
    p = printer(lines.fmt, digits=lines.digits)
    def g(name_):  # generic display names
        return p.symbol(name_)

    def rename(mapping: dict):
        return printer(lines.fmt, digits=lines.digits, names={k: p.symbol(v) for k, v in mapping.items()})

    any_bias = any(layer.has_bias for layer in spec.layers)
    out_q = _select(quantities, kind=D.OUTPUT_DELTA, step=1, sample=smp)[0]
    mapping = {names.name("a", depth, (0,), smp): "a_j^L", names.name("y", None, (0,), smp): "y_j",
               names.name("z", depth, (0,), smp): "z_j^L", "L": "L"}
    out_printer = rename(mapping)
    output_act = ACTIVATIONS[spec.layers[-1].activation]
    formulas = {
        "pre_activation": p.print(SumOver("k", Mul((Ref("w_jk^l"), Ref("a_k^l-1"))))) + (" + " + g("b_j^l") if any_bias else ""),
        "any_bias": any_bias,
        "all_bias": all(layer.has_bias for layer in spec.layers),
        "loss": LOSSES[spec.loss].latex if lines.fmt != "text" else LOSSES[spec.loss].text,
        "output_delta": None,
        "output_delta_chain": out_printer.print(Mul((Partial(Ref("L"), Ref(mapping[names.name("a", depth, (0,), smp)])),
                                                     Partial(Ref("a_j^L"), Ref("z_j^L"))))) if output_act.elementwise else None,
        "softmax": not output_act.elementwise,
    }
    # neuron 0's δ^L written for neuron j: meaningful when it mentions neuron 0 alone (always for an
    # elementwise activation; for softmax when it simplified, as with cross-entropy to a_j − y_j)
    if set(refs(out_q.formula)) <= set(mapping):
        formulas["output_delta"] = out_printer.print(out_q.formula)
    if depth >= 2:
        l = depth - 1
        hid_q = _select(quantities, kind=D.HIDDEN_DELTA, step=1, sample=smp, layer=l)[0]
        first_term = hid_q.formula.factors[0].terms[0]
        hmap = {names.name("w", l + 1, (0, 0)): "w_jk^l+1", names.name("delta", l + 1, (0,), smp): "delta_j^l+1",
                names.name("z", l, (0,), smp): "z_k^l"}
        hp = rename(hmap)
        derivative = hid_q.formula.factors[1]
        if len({layer.activation for layer in spec.layers[:-1]}) > 1:  # hidden layers differ: write f'
            from dataclasses import replace

            derivative = Apply(replace(derivative.function, latex="f'", text="f'"), derivative.args)
        formulas["hidden_delta"] = hp.print(Mul((SumOver("j", first_term), derivative)))
        formulas["hidden_delta_chain"] = hp.print(Mul((SumOver("j", Mul((Partial(Ref("L"), Ref("z_j^l+1")), Partial(Ref("z_j^l+1"), Ref("a_k^l"))))),
                                                       Partial(Ref("a_k^l"), Ref("z_k^l")))))
    dw_q = _select(quantities, kind=D.WEIGHT_GRADIENT, step=1, sample=smp, layer=depth)[0]
    wmap = {names.name("delta", depth, (0,), smp): "delta_j^l", names.name("a", depth - 1, (0,), smp): "a_k^l-1"}
    formulas["weight_gradient"] = rename(wmap).print(dw_q.formula)
    formulas["weight_gradient_chain"] = p.print(Mul((Partial(Ref("L"), Ref("z_j^l")), Partial(Ref("z_j^l"), Ref("w_jk^l")))))
    formulas["bias_gradient_chain"] = p.print(Mul((Partial(Ref("L"), Ref("z_j^l")), Partial(Ref("z_j^l"), Ref("b_j^l")))))

    activations = []
    seen = set()
    for layer in spec.layers:
        key = (layer.activation, layer.negative_slope)
        if key in seen:
            continue
        seen.add(key)
        act = ACTIVATIONS[layer.activation]
        z, derivative = derivative_rule(layer.activation, layer.negative_slope) if act.elementwise else (None, None)
        zs = sympy.Symbol("z", real=True)
        entry = {"name": layer.activation, "tex": act.latex, "text": act.text, "elementwise": act.elementwise}
        if act.elementwise:
            rule = act.rule(zs, layer.negative_slope)
            # a rule that is a named SymPy function (tanh) is not worth a line of its own
            entry["rule"] = None if rule.func.__name__ == layer.activation else _sympy_math(rule, lines.fmt)
            entry["derivative"] = _sympy_math(derivative.xreplace({z: zs}), lines.fmt)
            entry["output_form"] = None
            if act.output_form is not None:
                s = sympy.Symbol(act.latex + r"(z)" if lines.fmt != "text" else act.text + "(z)")
                form = _sympy_math(act.output_form(s), lines.fmt)
                entry["output_form"] = form if form != entry["derivative"] else None
        activations.append(entry)
    formulas["activations"] = activations
    return formulas


def _sympy_math(expr, fmt: str) -> str:
    import sympy

    if fmt != "text":
        return sympy.latex(expr)
    if isinstance(expr, sympy.Piecewise):
        return "; ".join(f"{_sympy_math(v, fmt)} if {sympy.sstr(c)}" if c is not sympy.true else f"{_sympy_math(v, fmt)} otherwise"
                         for v, c in expr.args)
    return sympy.sstr(expr).replace("**", "^").replace("*", "·").replace("-", "−")


def _quantities(solution, kind, step, sample, layer):
    return _select(solution.derivation.quantities, kind=kind, step=step, sample=sample, layer=layer)


def _relate_quantities(lines: _Lines, quantities) -> bool:
    return lines.relate_all((q.name, shown_formula(q.formula)) for q in quantities)


def _forward(solution, lines: _Lines, step: int, layout: Layout) -> dict:
    spec = solution.spec
    samples = []
    for s in range(1, spec.samples + 1):
        smp = s if spec.batch else None
        layers = []
        for l in range(1, spec.depth + 1):
            zs = _quantities(solution, D.PRE_ACTIVATION, step, smp, l)
            acts = _quantities(solution, D.ACTIVATION, step, smp, l)
            matrix = None
            if layout.matrix_forward(l):
                a_prev = [names.name("a", l - 1, (k,), smp, 1 if l == 1 else step) for k in range(spec.widths[l - 1])]
                matrix = {
                    "weights": [lines.shown_all(names.name("w", l, (j, k), None, step) for k in range(spec.widths[l - 1]))
                                for j in range(spec.widths[l])],
                    "inputs": lines.shown_all(a_prev),
                    "biases": (lines.shown_all(names.name("b", l, (j,), None, step) for j in range(spec.widths[l]))
                               if spec.layers[l - 1].has_bias else None),
                    "z": lines.shown_all(q.name for q in zs),
                    "a": lines.shown_all(q.name for q in acts),
                    "z_approx": _relate_quantities(lines, zs),
                    "a_approx": _relate_quantities(lines, acts),
                    "z_exact": lines.notes(q.name for q in zs),
                    "a_exact": lines.notes(q.name for q in acts),
                    "activation": spec.layers[l - 1].activation,
                    "activation_tex": ACTIVATIONS[spec.layers[l - 1].activation].latex,
                    "activation_text": ACTIVATIONS[spec.layers[l - 1].activation].text,
                }
            layers.append({
                "l": l,
                "matrix": matrix,
                "z": [] if matrix else [lines.line(q) for q in zs],
                "a": [] if matrix else [lines.line(q) for q in acts],
            })
        loss = _quantities(solution, D.SAMPLE_LOSS if spec.batch else D.LOSS, step, smp, None)[0]
        samples.append({"sample": smp, "layers": layers, "loss": lines.line(loss)})
    batch_loss = lines.line(_quantities(solution, D.LOSS, step, None, None)[0]) if spec.batch else None
    return {"samples": samples, "batch_loss": batch_loss}


def _backward(solution, lines: _Lines, step: int, layout: Layout) -> dict:
    spec = solution.spec
    samples = []
    for s in range(1, spec.samples + 1):
        smp = s if spec.batch else None
        layers = []
        for l in range(spec.depth, 0, -1):
            kind = D.OUTPUT_DELTA if l == spec.depth else D.HIDDEN_DELTA
            derivatives = _derivative_lines(solution, lines, l, smp, step)
            matrix = _matrix_form(solution, lines, l, smp, step) if layout.backprop_vector(l) else None
            show_deltas = layout.neuron_deltas(l)
            gradients_by_neuron = layout.neuron_gradients(l)
            layers.append({
                "l": l,
                "output": l == spec.depth,
                "derivatives": derivatives,
                "deltas": [lines.line(q) for q in _quantities(solution, kind, step, smp, l)] if show_deltas else [],
                "show_deltas": show_deltas,
                "matrix": matrix,
                "matrix_only": not gradients_by_neuron,
                "weight_gradients": ([lines.line(q) for q in _quantities(solution, D.WEIGHT_GRADIENT, step, smp, l)]
                                     if gradients_by_neuron else []),
                "bias_gradients": ([lines.line(q) for q in _quantities(solution, D.BIAS_GRADIENT, step, smp, l)]
                                   if gradients_by_neuron else []),
                "gradient_matrix": None if gradients_by_neuron else _gradient_matrix(solution, lines, l, smp, step),
            })
        samples.append({"sample": smp, "layers": layers})
    averages = []
    if spec.batch:
        for l in range(spec.depth, 0, -1):
            averages.append({
                "l": l,
                "lines": [lines.line(q) for q in solution.derivation.quantities
                          if q.step == step and q.sample is None and q.layer == l
                          and q.kind in (D.WEIGHT_GRADIENT, D.BIAS_GRADIENT)],
            })
    return {"samples": samples, "averages": averages}


def _gradient_matrix(solution, lines: _Lines, l: int, smp, step: int) -> dict:
    spec = solution.spec
    weights = [_quantities(solution, D.WEIGHT_GRADIENT, step, smp, l)[j * spec.widths[l - 1]:(j + 1) * spec.widths[l - 1]]
               for j in range(spec.widths[l])]
    biases = _quantities(solution, D.BIAS_GRADIENT, step, smp, l) if spec.layers[l - 1].has_bias else None
    return {
        "weights": [lines.shown_all(q.name for q in row) for row in weights],
        "weights_approx": _relate_quantities(lines, [q for row in weights for q in row]),
        "weights_exact": lines.notes(q.name for row in weights for q in row),
        "biases": lines.shown_all(q.name for q in biases) if biases else None,
        "biases_approx": _relate_quantities(lines, biases) if biases else False,
    }


def _updates(solution, lines: _Lines, step: int, layout: Layout) -> list[dict]:
    spec = solution.spec
    out = []
    for l in range(spec.depth, 0, -1):
        quantities = [q for q in solution.derivation.quantities if q.step == step + 1 and q.layer == l
                      and q.kind in (D.WEIGHT_UPDATE, D.BIAS_UPDATE)]
        if layout.matrix_updates(l):
            weights = [q for q in quantities if q.kind == D.WEIGHT_UPDATE]
            biases = [q for q in quantities if q.kind == D.BIAS_UPDATE]
            width = spec.widths[l - 1]
            out.append({"l": l, "lines": [], "matrix": {
                "weights": [lines.shown_all(q.name for q in weights[j * width:(j + 1) * width]) for j in range(spec.widths[l])],
                "weights_approx": _relate_quantities(lines, weights),
                "weights_exact": lines.notes(q.name for q in weights),
                "biases": lines.shown_all(q.name for q in biases) if biases else None,
                "biases_approx": _relate_quantities(lines, biases),
                "biases_exact": lines.notes(q.name for q in biases) if biases else None,
                "step": step + 1,
            }})
            continue
        out.append({"l": l, "lines": [lines.line(q) for q in quantities], "matrix": None})
    return out


def _parameter_table(solution, lines: _Lines) -> dict:
    """The loss and every parameter at every step, a row each (for --detail table and long runs)."""
    spec = solution.spec
    params = [n for n in solution.derivation.givens if n.startswith(("w_", "b_"))]
    steps = list(range(1, spec.steps + 2))
    rows = [{"name": lines.symbol("L"), "cells": [lines.shown("L" + names.suffix(None, t)) for t in steps]}]
    rows += [{"name": lines.symbol(p), "cells": [lines.shown(p + names.suffix(None, t)) for t in steps]}
             for p in params]
    return {"steps": steps, "rows": rows}


def _cost_change(solution, lines: _Lines, final_t: int) -> dict:
    """The sentence of step ⑧: the fall is the difference of the two printed costs, exactly."""
    plan = lines.plan
    before_key, after_key = "L", "L" + names.suffix(None, final_t)
    before, after = plan.shown(before_key), plan.shown(after_key)
    fall = before.value - after.value
    shown = format_decimal(fall, lines.digits)
    if plan.frozen:
        lines.printed.append(PrintedLine(FALL, Sub(Ref(before_key), Ref(after_key)),
                                         {before_key: before, after_key: after}, shown, shown.rounded))
    note = None
    if plan.carried:
        exact_fall = as_fraction(plan.exact_values[before_key]) - as_fraction(plan.exact_values[after_key])
        if round_significant(exact_fall, lines.digits) != round_significant(fall, lines.digits):
            note = {"text": lines.number(exact_fall), "approx": format_decimal(exact_fall, lines.digits).rounded}
    return {
        "loss_before": lines.shown(before_key),
        "loss_after": lines.shown(after_key),
        "fall": lines.symbolic.number(format_decimal(abs(fall), lines.digits), parenthesize_negative=False),
        "fell": fall > 0,
        "direction": "fell" if fall > 0 else ("rose" if fall < 0 else "stayed"),
        "approx": {"loss_before": before.rounded, "loss_after": after.rounded, "fall": shown.rounded},
        "exact": note,
    }


def _fall_direction(solution, plan: DisplayPlan) -> None:
    """Exact mode: where the printed costs' difference has not the sign of the true fall (it
    fell by less than their rounding), give them guard digits until it has."""
    if plan.carried:
        return
    final_key = "L" + names.suffix(None, solution.spec.steps + 1)
    true_fall = as_fraction(solution.values["L"]) - as_fraction(solution.values[final_key])
    printed_fall = plan.shown("L").value - plan.shown(final_key).value
    if (true_fall > 0) != (printed_fall > 0) or (true_fall < 0) != (printed_fall < 0):
        plan.values[FALL] = true_fall
        plan.reopen(FALL, Sub(Ref("L"), Ref(final_key)))


def _display_plan(solution, digits: int) -> DisplayPlan:
    """The values shown (the carried ones in the calculator mode) and the exact ones."""
    exact = {**solution.givens, **solution.values, **solution.between}
    shown = solution.carried
    if shown is None:
        return DisplayPlan(exact, digits)
    return DisplayPlan({**shown.givens, **shown.values, **shown.between}, digits, rounded=set(shown.rounded),
                       exact_values=exact)


def _context(solution, report, digits: int, layout: Layout, fmt: str, marks, plan: DisplayPlan):
    spec = solution.spec
    lines = _Lines(solution, fmt, digits, marks, plan)
    steps = []
    for t in range(1, spec.steps + 1):
        full = layout.full(t)
        steps.append({
            "t": t,
            "full": full,  # later steps not in full appear only in the table
            "forward": _forward(solution, lines, t, layout) if full else None,
            "backward": _backward(solution, lines, t, layout) if full else None,
            "updates": _updates(solution, lines, t, layout) if full else None,
        })
    final_t = spec.steps + 1
    final = {"t": final_t, "forward": _forward(solution, lines, final_t, layout), **_cost_change(solution, lines, final_t)}
    context = {
        "title": spec.title or spec.name,
        "show_title": True,  # an answer key that prints its own header sets this to False
        "fmt": fmt,
        "digits": digits,
        "mode": solution.mode,
        "guard_digits": any(p > digits for p in plan.precision.values()),
        "rounded_values": any(shown.rounded for shown in plan.printed_numbers()),
        "network": network_drawing(solution, lines),
        "given": _given(solution, lines),
        "formulas": _general_formulas(solution, lines),
        "steps": steps,
        "final": final,
        "table": _parameter_table(solution, lines),
        "show_table": layout.show_table,
        "verified": None if report is None else {
            "quantities": report.quantities, "finite_differences": report.finite_differences,
            "symbolic": report.symbolic, "kinks_skipped": report.kinks_skipped,
            "of_exact": report.approximates_exact,
        },
        "marks": bool(marks),
        # the number of each step's heading (None: no number); a worksheet's key numbers the asked tasks
        "step_numbers": {task: number for number, task in enumerate(TASKS, start=1)},
    }
    context["shown"] = shown_values(solution, lines.printed_value)  # name -> printed value
    return lines, context


def solution_context(solution, report=None, digits: int = 4, detail: str = "auto", fmt: str = "tex",
                     marks: dict | None = None) -> dict:
    """The data of a worked solution (see the module docstring); every printed line rechecked."""
    layout = Layout(solution.spec, detail, carried=solution.carried is not None)
    plan = _display_plan(solution, digits)
    _context(solution, report, digits, layout, fmt, marks, plan)  # collects the printed lines
    plan.solve()
    _fall_direction(solution, plan)
    lines, context = _context(solution, report, digits, layout, fmt, marks, plan)
    recheck(lines.printed, solution.spec)
    return context


def _render(fmt: str, template: str, solution, report, digits=4, detail="auto", templates_dir=None, marks=None, **_):
    context = solution_context(solution, report, digits=digits, detail=detail, fmt=fmt, marks=marks)
    return render_template(template, templates_dir, **context)


def render_text(solution, report=None, **options) -> str:
    return _render("text", "text/solution.txt.jinja", solution, report, **options)


def render_markdown(solution, report=None, **options) -> str:
    return _render("md", "md/solution.md.jinja", solution, report, **options)


def render_latex(solution, report=None, **options) -> str:
    return _render("tex", "tex/solution.tex.jinja", solution, report, **options)
