"""Step ③ of a worked solution: a solution and a format -> the general formulas (definitions, the
four backpropagation equations, each activation's rule and derivative), as printed math.

They are taken from the derivation (the first neuron's formulas written with general indices),
the output δ in its textbook form (output_delta.py); they depend only on the architecture, so
they are cached per architecture, format, digits and locale (its words and decimal mark).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .. import derivation_quantities as D
from .. import names
from ..activations import ACTIVATIONS, derivative_rule
from ..formula import Apply, Const, Div, Mul, Partial, Ref, SumOver, refs
from ..i18n import current
from ..losses import LOSSES
from ..numbers import terminating_digits
from .output_delta import output_delta_form
from .printers import printer, text_exp
from .stated import exact_text
from .selection import of_solution
from ..sympy_cache import recall

_FORMULAS: dict = {}


def general_formulas(solution, lines) -> dict:
    key = (solution.spec.architecture(), lines.fmt, lines.digits, lines.plan.carried, current().code)
    if key not in _FORMULAS:
        _FORMULAS[key] = _derive(solution, lines)
    return _FORMULAS[key]


def _derive(solution, lines) -> dict:
    spec = solution.spec
    depth = spec.depth
    smp = 1 if spec.batch else None
    p = printer(lines.fmt, digits=lines.digits)

    def rename(mapping: dict):
        return printer(lines.fmt, digits=lines.digits, names={k: p.symbol(v) for k, v in mapping.items()} | {"n": "n"})

    any_bias = any(layer.has_bias for layer in spec.layers)
    out_q = of_solution(solution, D.OUTPUT_DELTA, 1, smp)[0]
    form = output_delta_form(solution, lines.plan)
    shown_q = out_q
    if form is not None:
        general = replace(form, scale=Div(Const(form.numerator), Ref("n")) if form.numerator else None)
        shown_q = general.quantity(out_q)  # (2/n)(a − y): n by name, as in the loss
    g = names.generic
    mapping = {names.name("a", depth, (0,), smp): g("a", "L", "j"), names.name("y", None, (0,), smp): g("y", None, "j"),
               names.name("z", depth, (0,), smp): g("z", "L", "j"), "L": "L"}
    out_printer = rename(mapping)
    output_act = ACTIVATIONS[spec.layers[-1].activation]
    loss = LOSSES[spec.loss]
    formulas = {
        "pre_activation": p.print(SumOver("k", Mul((Ref(g("w", "l", "jk")), Ref(g("a", "l-1", "k")))))) +
                          (" + " + p.symbol(g("b", "l", "j")) if any_bias else ""),
        "any_bias": any_bias,
        "all_bias": all(layer.has_bias for layer in spec.layers),
        "loss": loss.latex.replace(r"\log", r"\ln") if lines.fmt != "text" else loss.text,
        "output_delta": None,
        "output_delta_unsimplified": None,
        "output_delta_chain": out_printer.print(Mul((Partial(Ref("L"), Ref(g("a", "L", "j"))),
                                                     Partial(Ref(g("a", "L", "j")), Ref(g("z", "L", "j"))))))
        if output_act.elementwise else None,
        "softmax": not output_act.elementwise,
        "cancels": bool(form and form.cancels and output_act.elementwise),
    }
    # neuron 0's δ^L written for neuron j: meaningful when it mentions neuron 0 alone (always for an
    # elementwise activation; for softmax when it simplified, as with cross-entropy to a_j − y_j)
    allowed = set(mapping) | {"n"}
    if set(refs(shown_q.formula)) <= allowed:
        formulas["output_delta"] = out_printer.print(shown_q.formula)
        if formulas["cancels"] and shown_q.unsimplified is not None:
            formulas["output_delta_unsimplified"] = out_printer.print(shown_q.unsimplified)
    if depth >= 2:
        l = depth - 1
        hid_q = of_solution(solution, D.HIDDEN_DELTA, 1, smp, l)[0]
        first_term = hid_q.formula.factors[0].terms[0]
        hmap = {names.name("w", l + 1, (0, 0)): g("w", "l+1", "jk"),
                names.name("delta", l + 1, (0,), smp): g("delta", "l+1", "j"), names.name("z", l, (0,), smp): g("z", "l", "k")}
        hp = rename(hmap)
        derivative = hid_q.formula.factors[1]
        if len({layer.activation for layer in spec.layers[:-1]}) > 1:  # hidden layers differ: write f'
            derivative = Apply(replace(derivative.function, latex="f'", text="f'"), derivative.args)
        formulas["hidden_delta"] = hp.print(Mul((SumOver("j", first_term), derivative)))
        z_next, a_k = Ref(g("z", "l+1", "j")), Ref(g("a", "l", "k"))
        formulas["hidden_delta_chain"] = hp.print(Mul((SumOver("j", Mul((Partial(Ref("L"), z_next), Partial(z_next, a_k)))),
                                                       Partial(a_k, Ref(g("z", "l", "k"))))))
    dw_q = of_solution(solution, D.WEIGHT_GRADIENT, 1, smp, depth)[0]
    wmap = {names.name("delta", depth, (0,), smp): g("delta", "l", "j"),
            names.name("a", depth - 1, (0,), smp): g("a", "l-1", "k")}
    formulas["weight_gradient"] = rename(wmap).print(dw_q.formula)
    z_j = Ref(g("z", "l", "j"))
    formulas["weight_gradient_chain"] = p.print(Mul((Partial(Ref("L"), z_j), Partial(z_j, Ref(g("w", "l", "jk"))))))
    formulas["bias_gradient_chain"] = p.print(Mul((Partial(Ref("L"), z_j), Partial(z_j, Ref(g("b", "l", "j"))))))
    formulas["activations"] = _activations(spec, lines.fmt)
    return formulas


def _activations(spec, fmt: str) -> list[dict]:
    """Each distinct activation once: its rule (unless it is a named function such as tanh) and
    its derivative, also through its output where it has that form (σ' = σ(1 − σ))."""
    out, seen = [], set()
    for layer in spec.layers:
        key = (layer.activation, layer.negative_slope)
        if key in seen:
            continue
        seen.add(key)
        act = ACTIVATIONS[layer.activation]
        entry = {"name": layer.activation, "tex": act.latex, "text": act.text, "elementwise": act.elementwise}
        if act.elementwise:
            forms = recall("activation_forms", f"{layer.activation}/{layer.negative_slope!r}/{fmt}/{current().code}",
                           lambda: _activation_forms(layer, fmt), _read_forms)  # (a piecewise form's words: the locale's)
            entry.update(forms)
        out.append(entry)
    return out


def _activation_forms(layer, fmt: str) -> dict:
    """SymPy's forms of an elementwise activation's rule and derivative, as the page prints them."""
    import sympy

    act = ACTIVATIONS[layer.activation]
    z, derivative = derivative_rule(layer.activation, layer.negative_slope)
    zs = sympy.Symbol("z", real=True)
    rule = act.rule(zs, layer.negative_slope)
    slope = _given_slope(layer.negative_slope, fmt)
    forms = {"rule": None if rule.func.__name__ == layer.activation else _sympy_math(rule, fmt, slope),
             "derivative": _sympy_math(derivative.xreplace({z: zs}), fmt, slope), "output_form": None}
    if act.output_form is not None:
        s = sympy.Symbol(act.latex + r"(z)" if fmt != "text" else act.text + "(z)")
        form = _sympy_math(act.output_form(s), fmt)
        forms["output_form"] = form if form != forms["derivative"] else None
    return forms


# what SymPy's printers write for the registry's activations: a cached form with anything else (a
# LaTeX command such as \input, written by someone else into the cache folder) is not used
_FORM_CHARACTERS = re.compile(r"[A-Za-z0-9 (){}^_+\-*/=<>&;:.,|'σ−·≤≥≠²³]*")
_FORM_COMMANDS = {"\\left", "\\right", "\\:", "\\frac", "\\log", "\\ln", "\\exp", "\\leq", "\\geq", "\\sigma",
                  "\\tanh", "\\\\", "\\cdot", "\\begin{cases}", "\\end{cases}", "\\text{for}",
                  "\\text{otherwise}"}
_FORM_COMMAND = re.compile(r"\\(?:begin\{cases\}|end\{cases\}|text\{for\}|text\{otherwise\}|[A-Za-z]+|.)")


def _read_forms(data) -> dict:
    """Display forms read from a cache file: short strings of SymPy's printed math (or null where
    the page has none); ValueError for anything else."""
    if not isinstance(data, dict) or set(data) != {"rule", "derivative", "output_form"} \
            or not isinstance(data["derivative"], str):
        raise ValueError("not an activation's forms")
    for form in data.values():
        if form is None:
            continue
        if not isinstance(form, str) or len(form) > 500:
            raise ValueError("not an activation's forms")
        commands = _FORM_COMMAND.findall(form)
        if any(c not in _FORM_COMMANDS for c in commands) or \
                not _FORM_CHARACTERS.fullmatch(_FORM_COMMAND.sub("", form)):
            raise ValueError("not an activation's forms")
    return data


_SLOPE = "SLOPE"  # the name the given slope stands under while SymPy prints a rule (capitals: no z)


def _given_slope(slope, fmt: str) -> tuple | None:
    """(the slope's SymPy number, its exact text as the page states givens) for a decimal slope
    (0.12345678901, 0.01): SymPy would print it as a fraction (12345678901/100000000000); None for a
    whole number or a fraction that does not terminate (1/3), which SymPy prints exactly as given."""
    import sympy

    if slope.denominator == 1 or terminating_digits(slope) is None:
        return None
    return sympy.Rational(slope.numerator, slope.denominator), exact_text(slope, printer(fmt))


def _text_printer():
    """SymPy's str printer writing as the text's printers.py does: ln(1 + e^z), e^(−z), z ≤ 0."""
    from sympy.printing.str import StrPrinter

    class _Text(StrPrinter):
        def _print_log(self, expr):
            return f"ln({self._print(expr.args[0])})"

        def _print_exp(self, expr):
            return text_exp(self._print(expr.args[0]))

        def _print_Relational(self, expr):
            sign = {"<=": "≤", ">=": "≥", "!=": "≠", "==": "="}.get(expr.rel_op, expr.rel_op)
            return f"{self._print(expr.lhs)} {sign} {self._print(expr.rhs)}"

    return _Text()


_POWER = re.compile(r"\*\*(\d+)(?![\d.])")  # SymPy's z**2: the text's z², z³, z^4 (printers.TextPrinter.power)


def _sympy_math(expr, fmt: str, slope: tuple | None = None) -> str:
    """A rule or derivative as SymPy prints it, in the current locale's words and numbers; a given
    slope (`_given_slope`) exactly as given."""
    import sympy

    locale = current()
    if slope is not None:
        expr = expr.xreplace({slope[0]: sympy.Symbol(_SLOPE)})
    if fmt != "text":
        text = sympy.latex(expr, ln_notation=True).replace(r"\text{for}", r"\text{%s}" % locale.message("formula.for"))
        text = locale.number(text.replace(r"\text{otherwise}", r"\text{%s}" % locale.message("formula.otherwise")), "tex")
        return text if slope is None else text.replace(_SLOPE + " z", slope[1] + r" \cdot z").replace(_SLOPE, slope[1])
    if isinstance(expr, sympy.Piecewise):
        return "; ".join(f"{_sympy_math(v, fmt, slope)} {locale.message('formula.if')} {_sympy_math(c, fmt)}" if c is not sympy.true
                         else f"{_sympy_math(v, fmt, slope)} {locale.message('formula.otherwise')}" for v, c in expr.args)
    text = _POWER.sub(lambda m: {"2": "²", "3": "³"}.get(m.group(1), "^" + m.group(1)), _text_printer().doprint(expr))
    text = locale.number(text).replace("**", "^").replace("*", "·").replace("-", "−")
    return text if slope is None else text.replace(_SLOPE, slope[1])
