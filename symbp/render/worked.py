"""A verified Solution -> the data of a worked solution -> text, Markdown or LaTeX.

`solution_context` arranges the quantities in the reference document's steps (① forward pass,
② cost, ③ formulas, ④ output layer, ⑤ hidden layers, ⑥ update, ⑦ forward pass again, ⑧ new
cost) as plain data: every line holds its math already printed (symbolic, substituted, result)
by `printers.py`.  The templates in templates/<format>/ hold all prose and layout.

The few numbers shown that are not named quantities (f'(z), (W^T δ)_k, the fall of the cost) are
checked here against plain float arithmetic before they are shown.
"""

from __future__ import annotations

import math
from fractions import Fraction

from .. import derivation as D
from .. import names
from ..activations import ACTIVATIONS, derivative_function, derivative_rule
from ..errors import VerificationError
from ..evaluate import CALCULATOR_DIGITS, SAME_TO, _equal, evaluate_formula
from ..formula import Apply, Const, Mul, Partial, Ref, SumOver, from_sympy, refs
from ..losses import LOSSES
from ..numbers import format_decimal, terminating_digits
from ..tasks import TASKS
from .network import network_drawing
from .shown import shown_values
from .printers import printer
from .templates import render_template

NEURON_DETAIL_MAX_WIDTH = 6  # wider layers are shown in matrix form under --detail auto
FULL_LATER_STEPS_MAX_PARAMETERS = 20  # later steps in full under --detail auto up to this size


def _check_float(label: str, shown, reference: float) -> None:
    if not math.isclose(float(shown), reference, rel_tol=1e-9, abs_tol=1e-12):
        raise VerificationError(f"verification failed: {label} = {float(shown)!r}, plain floats give {reference!r}")


class _Lines:
    """Prints quantities as lines: lhs, chain rule, formula, numbers substituted, result."""

    def __init__(self, solution, fmt: str, digits: int, marks: dict | None):
        self.solution = solution
        self.fmt = fmt
        self.digits = digits
        self.values = {**solution.givens, **solution.values}
        self.symbolic = printer(fmt, digits=digits)
        self.marks = marks or {}
        self.applied: dict = {}  # f'(z) nodes already worked out -> their values

    def numbers(self):
        return printer(self.fmt, digits=self.digits, values=self.values, applied=self.applied)

    def number(self, value) -> str:
        return printer(self.fmt, digits=self.digits).number(value, parenthesize_negative=False)

    def symbol(self, name: str) -> str:
        return self.symbolic.symbol(name)

    def symbolic_parts(self, q: D.Quantity) -> tuple:
        """(lhs, chain, unsimplified, symbolic): the same for every variant of an architecture."""
        key = (self.solution.derivation.architecture, self.fmt, q.name)
        parts = _SYMBOLIC.get(key)
        if parts is None:
            p = self.symbolic
            parts = _SYMBOLIC[key] = (
                self.symbol(q.name),
                p.print(q.chain) if q.chain is not None else None,
                p.print(q.unsimplified) if q.unsimplified is not None else None,
                p.print(q.formula),
            )
        return parts

    def line(self, q: D.Quantity) -> dict:
        value = self.solution.values[q.name]
        subst = self.numbers()
        substituted = subst.bare(q.formula)
        shown = format_decimal(value, self.digits)
        result = self.number(value)
        lhs, chain, unsimplified, symbolic = self.symbolic_parts(q)
        return {
            "name": q.name,
            "lhs": lhs,
            "chain": chain,
            "unsimplified": unsimplified,
            "symbolic": symbolic,
            "substituted": substituted if substituted not in (result, symbolic) else None,
            "result": result,
            "approx": shown.rounded or q.name in self.solution.rounded or (
                subst.rounded and not self._exact_from_shown(q.formula, value)),
            "mark": self.marks.get(q.name),
        }


    def _exact_from_shown(self, formula, value) -> bool:
        """Whether the formula, worked out from the numbers as shown (rounded), gives exactly the
        value shown: then "=" is true although some inputs are rounded (0.3079·0 = 0)."""
        from ..formula import refs
        from ..numbers import round_significant

        shown_inputs = {}
        for name in refs(formula):
            v = self.values[name]
            shown_inputs[name] = round_significant(v, self.digits) if format_decimal(v, self.digits).rounded else v
        try:
            from_shown = evaluate_formula(formula, shown_inputs, self.solution.exact)
        except (ArithmeticError, ValueError):
            return False
        return _equal(from_shown, value if isinstance(value, Fraction) or not self.solution.exact else value)


_SYMBOLIC: dict = {}


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


def _vector_entries(lines: _Lines, values) -> list[str]:
    return [lines.number(v) for v in values]


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
    """f'(z_j^l) for every neuron of a layer, with its value (checked against plain floats)."""
    from ..verify import FLOAT_ACTIVATIONS

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
        known = {z: lines.values[z], a: lines.values[a]}
        if solution.round_to is not None:
            known[CALCULATOR_DIGITS] = solution.round_to  # as the calculator mode computed it
        value = evaluate_formula(node, known, solution.exact)
        calculator_rounded = (solution.round_to is not None and not _equal(value, evaluate_formula(
            node, {k: v for k, v in known.items() if k != CALCULATOR_DIGITS}, solution.exact)))
        z_float = float(lines.values[z])
        z_float = 0.0 if abs(z_float) < SAME_TO else z_float  # a high-precision exact 0 (see SAME_TO)
        reference = FLOAT_ACTIVATIONS[layer_spec.activation][1](z_float, float(layer_spec.negative_slope))
        if solution.round_to is None:
            _check_float(f"{function.text}({z})", value, reference)
        via_output = None
        if act.output_form is not None:
            import sympy

            a_sym = sympy.Symbol(a, real=True)
            tree = from_sympy(act.output_form(a_sym))
            subst = lines.numbers()
            via_output = {"symbolic": lines.symbolic.print(tree), "substituted": subst.print(tree)}
        subst = lines.numbers()
        substituted = subst.print(node)
        lines.applied[node] = value  # later lines (δ) show this value in place of f'(z)
        out.append({
            "lhs": lines.symbolic.print(node), "substituted": substituted, "via_output": via_output,
            "result": lines.number(value),
            "approx": format_decimal(value, lines.digits).rounded or subst.rounded or calculator_rounded,
            "value": value,
        })
    return out


def _matrix_form(solution, lines: _Lines, layer: int, sample, step: int, derivative_lines) -> dict:
    """δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ f'(z^l) with every matrix and vector written out."""
    widths = solution.spec.widths
    v = lines.values
    w_name = lambda j, k: names.name("w", layer + 1, (j, k), None, step)
    deltas_next = [v[names.name("delta", layer + 1, (j,), sample, step)] for j in range(widths[layer + 1])]
    transposed = [[v[w_name(j, k)] for j in range(widths[layer + 1])] for k in range(widths[layer])]
    backpropagated = []
    for k, row in enumerate(transposed):
        value = sum((w * d for w, d in zip(row, deltas_next)), Fraction(0) if solution.exact else 0)
        if solution.round_to is None:
            _check_float(f"((W^{layer + 1})^T δ^{layer + 1})_{k}", value, math.fsum(float(w) * float(d) for w, d in zip(row, deltas_next)))
        backpropagated.append(value)
    return {
        "transposed": [[lines.number(x) for x in row] for row in transposed],
        "delta_next": [lines.number(x) for x in deltas_next],
        "backpropagated": [lines.number(x) for x in backpropagated],
        "derivatives": [d["result"] for d in derivative_lines],
        "delta": [lines.number(v[names.name("delta", layer, (k,), sample, step)]) for k in range(widths[layer])],
        "approx": any(format_decimal(x, lines.digits).rounded for x in backpropagated),
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


def _wide(spec, detail: str, *layers: int) -> bool:
    """Whether layers are shown in matrix/vector form rather than a line per neuron."""
    widths = [spec.widths[l] for l in layers if 0 <= l < len(spec.widths)]
    return detail == "matrix" or (detail == "auto" and max(widths) > NEURON_DETAIL_MAX_WIDTH)


def _forward(solution, lines: _Lines, step: int, detail: str = "auto") -> dict:
    spec = solution.spec
    qs = solution.derivation.quantities
    v = lines.values
    samples = []
    for s in range(1, spec.samples + 1):
        smp = s if spec.batch else None
        layers = []
        for l in range(1, spec.depth + 1):
            matrix = None
            if _wide(spec, detail, l, l - 1):
                a_prev = [names.name("a", l - 1, (k,), smp, 1 if l == 1 else step) for k in range(spec.widths[l - 1])]
                matrix = {
                    "weights": [[lines.number(v[names.name("w", l, (j, k), None, step)]) for k in range(spec.widths[l - 1])]
                                for j in range(spec.widths[l])],
                    "inputs": [lines.number(v[a]) for a in a_prev],
                    "biases": ([lines.number(v[names.name("b", l, (j,), None, step)]) for j in range(spec.widths[l])]
                               if spec.layers[l - 1].has_bias else None),
                    "z": [lines.number(v[names.name("z", l, (j,), smp, step)]) for j in range(spec.widths[l])],
                    "a": [lines.number(v[names.name("a", l, (j,), smp, step)]) for j in range(spec.widths[l])],
                    "approx": any(format_decimal(v[names.name(kind, l, (j,), smp, step)], lines.digits).rounded
                                  for kind in ("z", "a") for j in range(spec.widths[l])),
                    "activation": spec.layers[l - 1].activation,
                    "activation_tex": ACTIVATIONS[spec.layers[l - 1].activation].latex,
                    "activation_text": ACTIVATIONS[spec.layers[l - 1].activation].text,
                }
            layers.append({
                "l": l,
                "matrix": matrix,
                "z": [] if matrix else [lines.line(q) for q in _select(qs, kind=D.PRE_ACTIVATION, step=step, sample=smp, layer=l)],
                "a": [] if matrix else [lines.line(q) for q in _select(qs, kind=D.ACTIVATION, step=step, sample=smp, layer=l)],
            })
        loss = _select(qs, step=step, sample=smp, kind=D.SAMPLE_LOSS if spec.batch else D.LOSS)[0]
        samples.append({"sample": smp, "layers": layers, "loss": lines.line(loss)})
    batch_loss = lines.line(_select(qs, step=step, sample=None, kind=D.LOSS)[0]) if spec.batch else None
    return {"samples": samples, "batch_loss": batch_loss}


def _backward(solution, lines: _Lines, step: int, detail: str) -> dict:
    spec = solution.spec
    qs = solution.derivation.quantities
    samples = []
    for s in range(1, spec.samples + 1):
        smp = s if spec.batch else None
        layers = []
        for l in range(spec.depth, 0, -1):
            kind = D.OUTPUT_DELTA if l == spec.depth else D.HIDDEN_DELTA
            derivatives = _derivative_lines(solution, lines, l, smp, step)
            matrix = _wide(spec, detail, l - 1, l, l + 1)
            layers.append({
                "l": l,
                "output": l == spec.depth,
                "derivatives": derivatives,
                "deltas": [lines.line(q) for q in _select(qs, kind=kind, step=step, sample=smp, layer=l)],
                "matrix": _matrix_form(solution, lines, l, smp, step, derivatives) if l < spec.depth else None,
                "matrix_only": matrix,
                "weight_gradients": [lines.line(q) for q in _select(qs, kind=D.WEIGHT_GRADIENT, step=step, sample=smp, layer=l)],
                "bias_gradients": [lines.line(q) for q in _select(qs, kind=D.BIAS_GRADIENT, step=step, sample=smp, layer=l)],
                "gradient_matrix": _gradient_matrix(solution, lines, l, smp, step),
            })
        samples.append({"sample": smp, "layers": layers})
    averages = []
    if spec.batch:
        for l in range(spec.depth, 0, -1):
            averages.append({
                "l": l,
                "lines": [lines.line(q) for q in qs if q.step == step and q.sample is None and q.layer == l
                          and q.kind in (D.WEIGHT_GRADIENT, D.BIAS_GRADIENT)],
            })
    return {"samples": samples, "averages": averages}


def _gradient_matrix(solution, lines: _Lines, l: int, smp, step: int) -> dict:
    spec = solution.spec
    v = lines.values
    rows = [[lines.number(v[names.name("dw", l, (j, k), smp, step)]) for k in range(spec.widths[l - 1])]
            for j in range(spec.widths[l])]
    biases = ([lines.number(v[names.name("db", l, (j,), smp, step)]) for j in range(spec.widths[l])]
              if spec.layers[l - 1].has_bias else None)
    return {"weights": rows, "biases": biases}


def _updates(solution, lines: _Lines, step: int, detail: str = "auto") -> list[dict]:
    spec = solution.spec
    v = lines.values
    out = []
    for l in range(spec.depth, 0, -1):
        if _wide(spec, detail, l, l - 1):
            rows = [[lines.number(v[names.name("w", l, (j, k), None, step + 1)]) for k in range(spec.widths[l - 1])]
                    for j in range(spec.widths[l])]
            biases = ([lines.number(v[names.name("b", l, (j,), None, step + 1)]) for j in range(spec.widths[l])]
                      if spec.layers[l - 1].has_bias else None)
            out.append({"l": l, "lines": [], "matrix": {"weights": rows, "biases": biases, "step": step + 1}})
            continue
        quantities = [q for q in solution.derivation.quantities if q.step == step + 1 and q.layer == l
                      and q.kind in (D.WEIGHT_UPDATE, D.BIAS_UPDATE)]
        out.append({"l": l, "lines": [lines.line(q) for q in quantities], "matrix": None})
    return out


def _parameter_table(solution, lines: _Lines) -> dict:
    """The loss and every parameter at every step, a row each (for --detail table and long runs)."""
    spec = solution.spec
    params = [n for n in solution.derivation.givens if n.startswith(("w_", "b_"))]
    steps = list(range(1, spec.steps + 2))
    rows = [{"name": lines.symbol("L"), "cells": [lines.number(solution.values["L" + names.suffix(None, t)]) for t in steps]}]
    rows += [{"name": lines.symbol(p), "cells": [lines.number(lines.values[p + names.suffix(None, t)]) for t in steps]}
             for p in params]
    return {"steps": steps, "rows": rows}


def solution_context(solution, report=None, digits: int = 4, detail: str = "auto", fmt: str = "tex",
                     marks: dict | None = None) -> dict:
    spec = solution.spec
    lines = _Lines(solution, fmt, digits, marks)
    n_params = sum(1 for n in solution.givens if n.startswith(("w_", "b_")))
    full_later = detail in ("neuron", "matrix") or (detail == "auto" and n_params <= FULL_LATER_STEPS_MAX_PARAMETERS
                                                    and spec.steps <= 3)
    steps = []
    for t in range(1, spec.steps + 1):
        full = t == 1 or full_later
        steps.append({
            "t": t,
            "full": full,  # later steps not in full appear only in the table
            "forward": _forward(solution, lines, t, detail) if full else None,
            "backward": _backward(solution, lines, t, detail) if full else None,
            "updates": _updates(solution, lines, t, detail) if full else None,
        })
    final_t = spec.steps + 1
    before, after = solution.values["L"], solution.values["L" + names.suffix(None, final_t)]
    fall = before - after
    context = {
        "title": spec.title or spec.name,
        "show_title": True,  # an answer key that prints its own header sets this to False
        "fmt": fmt,
        "digits": digits,
        "mode": solution.mode,
        "network": network_drawing(solution, lines),
        "given": _given(solution, lines),
        "formulas": _general_formulas(solution, lines),
        "steps": steps,
        "final": {
            "t": final_t,
            "forward": _forward(solution, lines, final_t, detail),
            "loss_before": lines.number(before),
            "loss_after": lines.number(after),
            "fall": lines.number(abs(fall)),  # the size of the change; `direction` says which way
            "fell": fall > 0,
            "direction": "fell" if fall > 0 else ("rose" if fall < 0 else "stayed"),
            "approx": {name: format_decimal(x, digits).rounded
                       for name, x in (("loss_before", before), ("loss_after", after), ("fall", fall))},
        },
        "table": _parameter_table(solution, lines),
        "show_table": not full_later and spec.steps > 1 or detail == "table",
        "verified": None if report is None else {
            "quantities": report.quantities, "finite_differences": report.finite_differences,
            "symbolic": report.symbolic, "kinks_skipped": report.kinks_skipped,
            "of_exact": report.approximates_exact,
        },
        "marks": bool(marks),
        # the number of each step's heading (None: no number); a worksheet's key numbers the asked tasks
        "step_numbers": {task: number for number, task in enumerate(TASKS, start=1)},
    }
    context["shown"] = shown_values(context, solution, lines.number, digits)  # name -> printed value
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
