"""Steps ① and ⑦ of a worked solution (and the givens above them): a solution, its printed lines
and the Layout -> the data of the forward pass and the cost.

Every layer is a line per neuron or, when wide, z^l = W^l a^{l−1} + b^l with its matrices; for
LaTeX and Markdown also as one aligned `block` (blocks.py).
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from .. import derivation_quantities as D
from .. import names
from ..activations import ACTIVATIONS
from ..formula import EXP, Add, Apply, Div, Ref
from ..numbers import terminates
from ..losses import LOSSES
from .entry_names import with_entries
from .blocks import block, block_sign, exact_rows, sign_of, line_block, matrix_rows, pack, product_rows, row_ranges, rows_label, rows_of, vector_tex
from .selection import of_solution
from .stated import exact_text, relation, stated
from .text_reading import forward_reading
from .stable_loss import stable_context, stable_loss
from .plan import shown_formula
from .notation import superscript as typeset_superscript
from .worked_softmax import softmax_lines, softmax_values

LOG_LOSSES = ("bce", "cross_entropy")  # losses written with the natural logarithm


def superscript(l, sample=None, step: int = 1, fmt: str = "tex") -> str:
    """The superscript of a layer's vector or matrix: 1, 1\\,(2), 1\\,⟨2⟩, 1\\,(2)⟨3⟩ (text: 1[2]@3)."""
    if fmt == "text":
        return f"{l}" + names.suffix(sample, step or 1)
    return typeset_superscript(l, sample, step if step and step >= 2 else None)


def relate_quantities(lines, quantities) -> bool:
    return lines.relate_all((q.name, shown_formula(q.formula)) for q in quantities)


def relate_each(lines, quantities) -> list:
    """`relate_quantities` line by line (blocks.block_sign)."""
    return lines.relate_each((q.name, shown_formula(q.formula)) for q in quantities)


def given(solution, lines) -> dict:
    """The spec's numbers as the lines print them (the plan's number of each given, guard digits
    included: one printed form per quantity on the page), "≈" before a vector with one printed
    rounded; one that does not terminate (1/3) exactly, as its fraction; a given no line prints
    (render/stated.py) at --digits, exact when short, else rounded; a leaky slope exactly."""
    spec = solution.spec

    def sign(rounded: bool) -> str:
        return relation(rounded, lines.fmt)

    def printed(rows, name) -> tuple[list, str]:
        """The printed numbers of a vector (a matrix: rows of them, each given's key `name(j, k)`) and
        the sign before it: "≈" where one of them is printed rounded ("a^0 ≈ (1.000, −1)")."""
        shown = [[given_shown(lines, name(j, k), v) for k, v in enumerate(row)] for j, row in enumerate(rows)]
        return [[s["text"] for s in row] for row in shown], sign(any(s["approx"] for row in shown for s in row))

    def sample(s: int, x, y) -> dict:
        tag = s if spec.batch else None
        (x_texts,), x_sign = printed([x], lambda _, k: names.name("a", 0, (k,), tag))
        (y_texts,), y_sign = printed([y], lambda _, j: names.name("y", None, (j,), tag))
        return {"sample": tag, "input": x_texts, "target": y_texts, "input_relation": x_sign, "target_relation": y_sign}

    def layer_given(l: int, layer) -> dict:
        weights, w_sign = printed(layer.weights, lambda j, k: names.name("w", l, (j, k)))
        (biases,), b_sign = printed([layer.biases if layer.has_bias else []], lambda _, j: names.name("b", l, (j,)))
        return {"l": l, "activation": layer.activation, "width": spec.widths[l], "weights": weights,
                "biases": biases if layer.has_bias else None, "relation": w_sign, "biases_relation": b_sign}

    rate = given_shown(lines, names.name(names.LEARNING_RATE), spec.learning_rate)

    loss = LOSSES[spec.loss]
    formula = loss.latex.replace(r"\log", r"\ln") if lines.fmt != "text" else loss.text
    slopes = [(l, layer.negative_slope) for l, layer in enumerate(spec.layers, start=1) if layer.activation == "leaky_relu"]
    return {
        "samples": [sample(s, x, y) for s, (x, y) in enumerate(zip(spec.inputs, spec.targets), start=1)],
        "learning_rate": rate["text"],
        # "α = 0.1", or "α ≈ 0.1000" for a rate of more digits than a terminating value is printed with
        "rate_relation": sign(rate["approx"]),
        "loss": spec.loss,
        "loss_formula": formula,
        "natural_log": spec.loss in LOG_LOSSES,
        "outputs": spec.widths[-1],  # n of mse and bce
        "steps": spec.steps,
        "batch": spec.batch,
        "widths": list(spec.widths),
        "activations": [layer.activation for layer in spec.layers],
        # each distinct activation once, in order: {"name", "tex", "text", "slopes", "one_slope"} (named
        # in the intro; slopes: leaky ReLU's negative slope per layer, [{"l", "slope"}], else [], each
        # exactly as given: the lines use it; one_slope: every layer has the same slope, by value)
        "activation_names": list({layer.activation: {"name": layer.activation, "tex": ACTIVATIONS[layer.activation].latex,
                                                     "text": ACTIVATIONS[layer.activation].text,
                                                     "slopes": [{"l": l, "slope": exact_text(v, lines.symbolic)} for l, v in slopes]
                                                     if layer.activation == "leaky_relu" else [],
                                                     "one_slope": len({v for _, v in slopes}) == 1}
                                  for layer in spec.layers}.values()),
        "layers": [layer_given(l, layer) for l, layer in enumerate(spec.layers, start=1)],
    }


def given_shown(lines, key: str, value: Fraction) -> dict:
    """{"text", "approx"} of a given as the lines print it (`Lines.printed_value`: the plan's number
    for `key`); exactly as given (render/stated.py) where it does not terminate (1/3: the lines
    substitute it rounded, after "≈") or where the plan does not hold it.  Kept by the Lines (the
    drawing and the givens print the same given: a key has one value in a solution)."""
    kept = lines.givens_shown
    found = kept.get(key)
    if found is None:
        if key in lines.plan.values and terminates(value):
            found = kept[key] = lines.printed_value(key)
        else:
            text, rounded = _stated(value, lines)
            found = kept[key] = {"text": text, "approx": rounded}
    return found


_STATED: dict = {}  # (value's type and integers, printer class and digits, locale, digits) -> stated(…)


def _stated(value, lines) -> tuple[str, bool]:
    """`stated(value, lines.symbolic, lines.digits)`, kept: a worksheet's variants draw their givens
    from one grid, so the same numbers recur (a printer's text of a number depends on these only)."""
    printer = lines.symbolic
    key = (type(value), value.numerator, value.denominator, type(printer), printer.digits, lines.locale, lines.digits)
    found = _STATED.get(key)
    if found is None:
        if len(_STATED) >= 1 << 14:
            _STATED.clear()
        found = _STATED[key] = stated(value, printer, lines.digits)
    return found


def forward(solution, lines, step: int, layout) -> dict:
    spec = solution.spec
    samples = []
    for s in range(1, spec.samples + 1):
        smp = s if spec.batch else None
        layers = []
        for l in range(1, spec.depth + 1):
            zs = of_solution(solution, D.PRE_ACTIVATION, step, smp, l)
            acts = of_solution(solution, D.ACTIVATION, step, smp, l)
            matrix = _matrix(solution, lines, l, smp, step, zs, acts) if layout.matrix_forward(l) else None
            softmax = not ACTIVATIONS[spec.layers[l - 1].activation].elementwise
            if matrix:
                z_lines = a_lines = []
            elif softmax:
                z_lines = lines.lines_of(zs)
                a_lines = softmax_lines(lines, zs, acts)
            else:  # (one block of lines: printed by one program, Lines.lines_of)
                printed = lines.lines_of(zs + acts)
                z_lines, a_lines = printed[:len(zs)], printed[len(zs):]
            layer = {"l": l, "matrix": matrix, "z": z_lines, "a": a_lines}
            if lines.typeset:
                layer["block"] = (_matrix_block(l, smp, step, matrix, lines.fmt) if matrix
                                  else line_block(layer["z"] + layer["a"]))
            layers.append(layer)
        loss = of_solution(solution, D.SAMPLE_LOSS if spec.batch else D.LOSS, step, smp, None)[0]
        if loss.name in lines.plan.stable_losses:  # σ with bce or softmax with cross-entropy, saturated: from the printed z
            loss = stable_loss(solution, loss, step, smp)
        loss_line = lines.line(loss)
        samples.append({"sample": smp, "layers": layers, "loss": loss_line,
                        "loss_block": line_block([loss_line]) if lines.typeset else None})
    batch_loss = lines.line(of_solution(solution, D.LOSS, step, None, None)[0]) if spec.batch else None
    return {"samples": samples, "batch_loss": batch_loss,
            **stable_context(solution, lines.plan, step),  # the sentence on the stable form, if any
            "batch_block": line_block([batch_loss]) if batch_loss and lines.typeset else None}


def _matrix(solution, lines, l: int, smp, step: int, zs, acts) -> dict:
    spec = solution.spec
    a_prev = [names.name("a", l - 1, (k,), smp, 1 if l == 1 else step) for k in range(spec.widths[l - 1])]
    act = ACTIVATIONS[spec.layers[l - 1].activation]
    softmax = None
    if not act.elementwise:  # e^{z}, Σ_i e^{z_i}, a = e^{z} / Σ_i e^{z_i}
        exps, total = softmax_values(lines, zs, acts)
        softmax = {
            # each relation recorded before its results: a result after "≈" shows its digits
            "exps_each": (exps_each := lines.relate_each((key, Apply(EXP, (Ref(q.name),))) for q, key in zip(zs, exps))),
            "exps_approx": max(exps_each, default=False),
            "exps": lines.results(exps),
            "sum_approx": lines.relate(total, Add(tuple(Ref(k) for k in exps))),
            "sum": lines.result(total),
            "sum_symbol": lines.symbol(total),
        }
        acts = [replace(q, formula=Div(Ref(key), Ref(total))) for q, key in zip(acts, exps)]
    w_names = [[names.name("w", l, (j, k), None, step) for k in range(spec.widths[l - 1])] for j in range(spec.widths[l])]
    b_names = [names.name("b", l, (j,), None, step) for j in range(spec.widths[l])] if spec.layers[l - 1].has_bias else []
    matrix = {
        "softmax": softmax,
        # each printed entry's name, for the reader of the printed text (entry_names.py)
        "names": {"w": w_names, "a_prev": a_prev, "b": b_names, "z": [q.name for q in zs], "a": [q.name for q in acts],
                  "exps": exps if softmax else None, "sum": total if softmax else None},
        "weights": [lines.shown_all(row) for row in w_names],
        "inputs": lines.shown_all(a_prev),
        "biases": lines.shown_all(b_names) if b_names else None,
        "z_each": (z_each := relate_each(lines, zs)),
        "a_each": (a_each := relate_each(lines, acts)),
        "z_approx": max(z_each, default=False),
        "a_approx": max(a_each, default=False),
        "z": lines.results(q.name for q in zs),
        "a": lines.results(q.name for q in acts),
        "z_exact": lines.notes(q.name for q in zs),
        "a_exact": lines.notes(q.name for q in acts),
        # superscripts in the page's notation (text: 1[2]@3): z^l and a^l, W^l and b^l, a^(l−1)
        "superscripts": {"z": superscript(l, smp, step, lines.fmt), "w": superscript(l, None, step, lines.fmt),
                         "a_prev": superscript(l - 1, smp, 1 if l == 1 else step, lines.fmt)},
        "activation": spec.layers[l - 1].activation,
        "activation_tex": act.latex,
        "activation_text": act.text,
    }
    if lines.fmt == "text":
        matrix["read"] = forward_reading(matrix)  # (for the plain-text reader, readback_text.py)
    return matrix


def _matrix_block(l: int, smp, step: int, m: dict, fmt: str) -> list[dict]:
    """z^l = W^l a^{l−1} + b^l = [W][a] + [b] ≈ [z];  a^l = f(z^l) ≈ [a] (softmax: e^{z}, their
    sum, a = e^{z} / Σ); a layer taller than ROWS_MAX in blocks of rows, z_{0…31} = W_{0…31,:} a + …"""
    up = superscript(l, smp, step)
    w_up = superscript(l, None, step)
    a_prev = superscript(l - 1, smp, 1 if l == 1 else step)
    n = len(m["z"])
    ranges = row_ranges(n)
    z_rows, e_rows, a_rows = [], [], []
    sm = m["softmax"]
    exp_vector = f"e^{{z^{{{up}}}}}"
    ns = m["names"]
    for r in ranges:
        sub, subm = rows_label(r, n), rows_label(r, n, matrix=True)
        symbolic = f"W^{{{w_up}}}{subm} a^{{{a_prev}}}" + (f" + b^{{{w_up}}}{sub}" if m["biases"] else "")
        tail = [("+", vector_tex(rows_of(m["biases"], r)))] if m["biases"] else []
        tail.append((block_sign(m["z_each"], r), vector_tex(rows_of(m["z"], r))))
        relation = block_sign(m["a_each"], r)
        z_rows.append(product_rows(f"z^{{{up}}}{sub}", symbolic, rows_of(m["weights"], r), m["inputs"], tail,
                                   note={"vector": exact_rows(m["z_exact"], r)},
                                   names=(rows_of(ns["w"], r), ns["a_prev"], rows_of(ns["b"], r) + rows_of(ns["z"], r))))
        a_names = [[name] for name in rows_of(ns["a"], r)]
        if sm is None:
            a_rows.append(matrix_rows(f"a^{{{up}}}{sub}", rf"{m['activation_tex']}\left(z^{{{up}}}{sub}\right)", relation,
                                      [[v] for v in rows_of(m["a"], r)], note={"vector": exact_rows(m["a_exact"], r)}, names=a_names))
            continue
        e_rows.append(with_entries(pack(exp_vector + sub, [(block_sign(sm["exps_each"], r), vector_tex(rows_of(sm["exps"], r)))]),
                                   rows_of(ns["exps"], r)))
        a_rows.append(matrix_rows(f"a^{{{up}}}{sub}", rf"\frac{{{exp_vector}{sub}}}{{{sm['sum_symbol']}}}", relation,
                                  [[v] for v in rows_of(m["a"], r)], note={"vector": exact_rows(m["a_exact"], r)}, names=a_names))
    if sm is None:
        return block(*z_rows, *a_rows)
    sum_rows = with_entries(pack(sm["sum_symbol"], [("=", " + ".join(sm["exps"])), (sign_of(sm["sum_approx"]), sm["sum"])]),
                            ns["exps"], [ns["sum"]])
    return block(*z_rows, *e_rows, sum_rows, *a_rows)
