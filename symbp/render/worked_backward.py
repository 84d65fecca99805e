"""Steps ④ and ⑤ of a worked solution: a solution, its printed lines and the Layout -> the data
of the backward pass, layer by layer from the output.

Per layer: f'(z) of every neuron; δ (a line per neuron, or in vector form: δ^L = ∂L/∂a^L ⊙ f'(z^L)
for the output layer, ((W^{l+1})^T δ^{l+1}) ⊙ f'(z^l) for a hidden one); the gradients (a line
each, or ∂L/∂W^l = δ^l (a^{l−1})^T as a matrix).  The output δ is shown as a textbook writes it
(`output_delta.py`): (2/n)(a − y) for mse, a − y where sigmoid and bce cancel.
"""

from __future__ import annotations

from .. import derivation_quantities as D
from .. import names
from ..activations import derivative_function
from ..formula import Apply, Mul, Ref
from .entry_names import product_order, with_entries
from .gradient_matrix import gradient_matrix, gradient_rows
from .blocks import (block, block_sign, exact_rows, line_block, sign_of, derivative_rows, line_rows, pack, row_ranges, rows_label, rows_of, vector_tex,
                     with_exact_rows)
from .rows import LINE_CM
from .output_delta import output_delta_form
from .plan import Relation
from .stable_loss import stable_delta
from .text_reading import backprop_reading, output_delta_reading
from .selection import of_solution
from .worked_forward import relate_each, superscript


def backward(solution, lines, step: int, layout) -> dict:
    spec = solution.spec
    samples = []
    for s in range(1, spec.samples + 1):
        smp = s if spec.batch else None
        samples.append({"sample": smp, "layers": [_layer(solution, lines, l, smp, step, layout)
                                                  for l in range(spec.depth, 0, -1)]})
    averages = []
    if spec.batch:
        for l in range(spec.depth, 0, -1):
            lines_ = [lines.line(q) for q in solution.derivation.quantities
                      if q.step == step and q.sample is None and q.layer == l and q.kind in (D.WEIGHT_GRADIENT, D.BIAS_GRADIENT)]
            averages.append({"l": l, "lines": lines_,
                             "block": line_block(lines_) if lines.typeset else None})
    return {"samples": samples, "averages": averages}


def _layer(solution, lines, l: int, smp, step: int, layout) -> dict:
    spec = solution.spec
    output = l == spec.depth
    form = output_delta_form(solution, lines.plan) if output else None
    kind = D.OUTPUT_DELTA if output else D.HIDDEN_DELTA
    deltas = of_solution(solution, kind, step, smp, l)
    # the output δ in vector form: a − y, unless a δ is written from z (stable_loss.py): then a line per neuron
    vector_delta = output and form is not None and layout.wide(l - 1, l) and \
        not any(q.name in lines.plan.stable_losses for q in deltas)
    derivatives = _derivative_lines(solution, lines, l, smp, step) if not (form and form.cancels) else []
    matrix = _matrix_form(solution, lines, l, smp, step) if layout.backprop_vector(l) else None
    show_deltas = not vector_delta and layout.neuron_deltas(l)
    by_neuron = layout.neuron_gradients(l)
    printed_deltas = [lines.line(*_shown_delta(solution, lines, form, q)) for q in deltas] if show_deltas else []
    output_vector = _output_vector(solution, lines, form, deltas, smp, step) if vector_delta else None
    weights, biases = [], []
    if by_neuron:  # (one block of lines: printed by one program, Lines.lines_of)
        gradients = of_solution(solution, D.WEIGHT_GRADIENT, step, smp, l)
        printed = lines.lines_of(gradients + of_solution(solution, D.BIAS_GRADIENT, step, smp, l))
        weights, biases = printed[:len(gradients)], printed[len(gradients):]
    layer = {
        "l": l,
        "output": output,
        "derivatives": derivatives,
        "deltas": printed_deltas,
        "show_deltas": show_deltas,
        "output_vector": output_vector,
        "matrix": matrix,
        "matrix_only": not by_neuron,
        "weight_gradients": weights,
        "bias_gradients": biases,
        "gradient_matrix": None if by_neuron else gradient_matrix(solution, lines, l, smp, step),
    }
    if lines.typeset:
        layer["blocks"] = _blocks(layer, l, smp, step)
    return layer


def _shown_delta(solution, lines, form, q: D.Quantity) -> tuple[D.Quantity, bool]:
    """δ as printed: the textbook form, or from z where a − y cannot follow (stable_loss.py); and
    whether it is the same object in every variant of the architecture (`Lines.line`'s `kept`)."""
    shown = _textbook(form, q) if form else q
    if q.name in lines.plan.stable_losses:
        return stable_delta(solution, q, shown), False
    return shown, True


def _textbook(form, q: D.Quantity) -> D.Quantity:
    """`form.quantity(q)`, made once per derivation's δ and form: one object for every variant."""
    key = (id(q), form)
    entry = _TEXTBOOK.get(key)
    if entry is None or entry[0] is not q:
        if len(_TEXTBOOK) >= 1 << 12:
            _TEXTBOOK.clear()
        entry = _TEXTBOOK[key] = (q, form.quantity(q))
    return entry[1]


_TEXTBOOK: dict = {}  # (id of a derivation's δ, its OutputDeltaForm) -> (δ, the form's quantity), the δ kept: its id its own


def _derivative_lines(solution, lines, layer: int, sample, step: int) -> list[dict]:
    """f'(z_j^l) for every neuron of a layer (the quantities ∂a/∂z): through the output a where the
    activation has such a form (σ' = a(1 − a), as a student computes it), else at the printed z."""
    layer_spec = solution.spec.layers[layer - 1]
    out = []
    for q in of_solution(solution, D.ACTIVATION_DERIVATIVE, step, sample, layer):  # none for softmax
        at_z = q.name in lines.plan.stable_losses  # a(1 − a) cannot follow from the printed a: written at z
        key = (id(q), lines.fmt, lines.locale, layer_spec.activation, layer_spec.negative_slope, at_z)
        kept = _DERIVATIVES.get(key)
        if kept is None or kept[0] is not q:  # what depends on the architecture only: worked out once
            function = derivative_function(layer_spec.activation, layer_spec.negative_slope)
            node = Apply(function, (Ref(names.name("z", layer, q.index, sample, step)),))
            through = q.formula if q.formula != node and not at_z else None  # written through the output
            if len(_DERIVATIVES) >= 1 << 14:
                _DERIVATIVES.clear()
            kept = _DERIVATIVES[key] = (q, node, lines.symbolic.print(node), through,
                                        lines.symbolic.print(through) if through is not None else None,
                                        Relation(q.name, node if at_z else q.formula))
        _, node, lhs, through, through_symbolic, relation = kept
        via_output = None
        if through is not None:
            via_output = {"symbolic": through_symbolic, "substituted": lines.substituted(through, bare=False)}
        approx = lines.record(relation)
        out.append({  # ("name": the line's record, which the reader of the printed text compares it with)
            "name": q.name, "lhs": lhs, "substituted": lines.substituted(node, bare=False),
            "via_output": via_output, "result": lines.result(q.name), "approx": approx, "exact": lines.note(q.name),
        })
    return out


_DERIVATIVES: dict = {}  # (id of a derivation's f'(z), fmt, locale, activation, slope, at z) -> (it, its node, lhs, …)


def _output_vector(solution, lines, form, deltas, smp, step: int) -> dict:
    """δ^L = ∂L/∂a^L ⊙ f'(z^L) with its vectors: the same numbers as a line per neuron would use."""
    spec = solution.spec
    L = spec.depth
    width = spec.widths[L]
    a = [names.name("a", L, (j,), smp, step) for j in range(width)]
    y = [names.name("y", None, (j,), smp) for j in range(width)]
    derivatives = [q.name for q in of_solution(solution, D.ACTIVATION_DERIVATIVE, step, smp, L)]
    shown = [_textbook(form, q) for q in deltas]
    up = superscript(L, smp, step, lines.fmt)
    y_symbol = ("y" + names.suffix(smp)) if lines.fmt == "text" else (f"y^{{({smp})}}" if smp else "y")
    vector = {
        # each printed entry's name, for the reader of the printed text (entry_names.py)
        "names": {"a": a, "y": y, "derivatives": derivatives, "delta": [q.name for q in deltas]},
        "a": lines.shown_all(a),
        "y": lines.shown_all(y),
        "derivatives": None if form.cancels or not form.elementwise else lines.shown_all(derivatives),
        "approx_each": (each := relate_each(lines, shown)),  # (recorded first: the results after "≈" show their digits)
        "approx": max(each, default=False),
        "delta": lines.results(q.name for q in deltas),
        "exact": lines.notes(q.name for q in deltas),
        "scale": lines.symbolic.print(form.scale) if form.scale is not None else None,
        "superscript": up,
        "gradient": (form.vector_tex if lines.fmt != "text" else form.vector_text).replace("UP", up).replace("Y", y_symbol),
    }
    if lines.fmt == "text":
        vector["read"] = output_delta_reading(vector)  # (for the plain-text reader, readback_text.py)
    return vector


def _matrix_form(solution, lines, layer: int, sample, step: int) -> dict:
    """δ^l = ((W^{l+1})^T δ^{l+1}) ⊙ f'(z^l) with every matrix and vector written out."""
    widths = solution.spec.widths
    deltas = of_solution(solution, D.HIDDEN_DELTA, step, sample, layer)
    sums = of_solution(solution, D.BACKPROPAGATED, step, sample, layer)
    derivatives = [q.name for q in of_solution(solution, D.ACTIVATION_DERIVATIVE, step, sample, layer)]
    w_name = lambda j, k: names.name("w", layer + 1, (j, k), None, step)
    delta_next = [names.name("delta", layer + 1, (j,), sample, step) for j in range(widths[layer + 1])]
    transposed = [[w_name(j, k) for j in range(widths[layer + 1])] for k in range(widths[layer])]
    form = {
        "names": {"transposed": transposed, "delta_next": delta_next, "backpropagated": [s.name for s in sums],
                  "derivatives": derivatives, "delta": [q.name for q in deltas]},
        "transposed": [lines.shown_all(row) for row in transposed],
        "delta_next": lines.shown_all(delta_next),
        "backpropagated": lines.shown_all(s.name for s in sums),
        "sum_approx": lines.relate_all((s.name, s.formula) for s in sums),
        "derivatives": lines.shown_all(derivatives),
        "approx_each": (each := lines.relate_each((q.name, Mul((Ref(s.name), Ref(f)))) for q, s, f in zip(deltas, sums, derivatives))),
        "approx": max(each, default=False),
        "delta": lines.results(q.name for q in deltas),
        "exact": lines.notes(q.name for q in deltas),
        # the vectors' and the matrix's superscripts in the page's notation ([s] and @t in text, as in the quantity names)
        "superscript": superscript(layer, sample, step, lines.fmt),
        "next_superscript": superscript(layer + 1, sample, step, lines.fmt),
        "weights_superscript": superscript(layer + 1, None, step, lines.fmt),
    }
    if lines.fmt == "text":
        form["read"] = backprop_reading(form)  # (for the plain-text reader, readback_text.py)
    return form


def _blocks(layer: dict, l: int, smp, step: int) -> list[list[dict]]:
    """The typeset block of one layer: f'(z), δ and the gradients in one alignment; a vector or
    matrix taller than ROWS_MAX in blocks of rows."""
    first = [derivative_rows(d) for d in layer["derivatives"]]
    if layer["output_vector"]:
        first += _output_vector_rows(layer["output_vector"])
    if layer["matrix"]:
        first += _backprop_rows(layer["matrix"])
    lines_ = layer["deltas"] + layer["weight_gradients"] + layer["bias_gradients"]
    if layer["gradient_matrix"]:
        return [block(*first, *map(line_rows, lines_), *gradient_rows(layer["gradient_matrix"]))]
    return [line_block(first + lines_)]  # one alignment per layer


def _output_vector_rows(v: dict) -> list[list[dict]]:
    up = v["superscript"]
    n = len(v["delta"])
    out = []
    for r in row_ranges(n):
        sub = rows_label(r, n)
        a_minus_y = rf"\left({vector_tex(rows_of(v['a'], r))} - {vector_tex(rows_of(v['y'], r))}\right)"
        numbers = (v["scale"] + r" \cdot " if v["scale"] else "") + a_minus_y
        if v["derivatives"]:
            numbers += r" \odot " + vector_tex(rows_of(v["derivatives"], r))
        symbolic = v["gradient"] if not sub else rf"\left({v['gradient']}\right){sub}"
        rows = pack(rf"\delta^{{{up}}}{sub}", [("=", symbolic), ("=", numbers),
                                              (block_sign(v["approx_each"], r), vector_tex(rows_of(v["delta"], r)))])
        ns = v["names"]
        out.append(with_entries(with_exact_rows(rows, {"vector": exact_rows(v["exact"], r)}, 1, LINE_CM),
                                rows_of(ns["a"], r), rows_of(ns["y"], r),
                                rows_of(ns["derivatives"], r) if v["derivatives"] else [], rows_of(ns["delta"], r)))
    return out


def _backprop_rows(m: dict) -> list[list[dict]]:
    from .rows import product_bounds, products

    up, nxt, wup = m["superscript"], m["next_superscript"], m["weights_superscript"]
    n = len(m["delta"])
    out = []
    for r in row_ranges(n):
        sub, subm = rows_label(r, n), rows_label(r, n, matrix=True)
        transposed = rf"\left(W^{{{wup}}}\right)^{{T}}" if not sub else rf"\left(\left(W^{{{wup}}}\right)^{{T}}\right){subm}"
        symbolic = rf"\left({transposed} \delta^{{{nxt}}}\right) \odot f'\left(z^{{{up}}}{sub}\right)"
        bounds = product_bounds(rows_of(m["transposed"], r), m["delta_next"], LINE_CM - 4.5)
        parts = products(rows_of(m["transposed"], r), m["delta_next"], LINE_CM - 4.5, bounds)
        f_vec = vector_tex(rows_of(m["derivatives"], r))
        if len(parts) == 1:
            pieces = [("=", rf"\left({parts[0]}\right) \odot {f_vec}")]
        else:  # the parentheses close on the last row: \left( … \right. and \left. … \right)
            pieces = [("=", rf"\left({parts[0]}\right.")] + [("+", rf"\left.{p}\right.") for p in parts[1:-1]]
            pieces.append(("+", rf"\left.{parts[-1]}\right) \odot {f_vec}"))
        pieces.append((sign_of(m["sum_approx"]), rf"{vector_tex(rows_of(m['backpropagated'], r))} \odot {f_vec}"))
        pieces.append((block_sign(m["approx_each"], r), vector_tex(rows_of(m["delta"], r))))
        rows = pack(rf"\delta^{{{up}}}{sub}", [("=", symbolic)] + pieces)
        ns, f_names = m["names"], rows_of(m["names"]["derivatives"], r)
        out.append(with_entries(with_exact_rows(rows, {"vector": exact_rows(m["exact"], r)}, 1, LINE_CM),
                                product_order(rows_of(ns["transposed"], r), ns["delta_next"], bounds), f_names,
                                rows_of(ns["backpropagated"], r), f_names, rows_of(ns["delta"], r)))
    return out
