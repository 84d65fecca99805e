"""The output layer's δ as a textbook writes it: a solution -> an `OutputDeltaForm`.

The derivation's δ_j^L is SymPy's factored ∂L/∂a_j · f'(z_j) (mse: (2·a_j − 2·y_j)/3 · f').  Shown
instead, by the output activation and the loss (a registry, `FORMS`):

    half_sse, elementwise f     (a_j − y_j) · f'(z_j)                     δ^L = (a^L − y) ⊙ f'(z^L)
    mse, elementwise f          (2/n) · (a_j − y_j) · f'(z_j)             δ^L = (2/n)(a^L − y) ⊙ f'(z^L)
    bce, sigmoid                (1/n) · (a_j − y_j): σ' = a(1 − a) cancels  δ^L = (1/n)(a^L − y)
    cross_entropy, softmax      a_j − y_j (the derivation's own form)      δ^L = a^L − y

Every form equals the derivation's δ exactly; its numbers line is rechecked like every line.
In the calculator mode too: the carried δ of sigmoid with bce is 1/n·(a_j − y_j) from the printed
a_j (stable_bce.py's rule), not the product with a printed σ'(z).  Other pairs keep the
derivation's form (and a line per neuron).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from .. import derivation_quantities as D
from ..activations import ACTIVATIONS, derivative_function
from ..formula import Apply, Const, Div, Mul, Node, Ref, Sub


@dataclass(frozen=True)
class OutputDeltaForm:
    loss: str
    activation: str
    outputs: int  # n
    scale: Node | None  # 2/n or 1/n as a number; None where it is 1
    numerator: int | None  # 2 of 2/n, 1 of 1/n (the general formula writes n by name)
    cancels: bool  # f' cancels against ∂L/∂a: no f'(z) lines are needed
    elementwise: bool
    carried: bool
    slope: Fraction

    def formula(self, q: D.Quantity) -> Node:
        """δ_j as shown: (scale ·) (a_j − y_j) (· f'(z_j))."""
        a, y, z = _names(q)
        difference = Sub(Ref(a), Ref(y))
        factors = ((self.scale,) if self.scale is not None else ()) + (difference,)
        if not self.cancels:
            factors += (Apply(derivative_function(self.activation, self.slope), (Ref(z),)),)
        return Mul(factors) if len(factors) > 1 else factors[0]

    def quantity(self, q: D.Quantity) -> D.Quantity:
        """The quantity with its shown formula (the cancellation written out before it)."""
        if self.cancels and self.activation == "sigmoid":
            a, y, z = _names(q)
            scale = (self.scale,) if self.scale is not None else ()
            one_minus = Sub(Const(Fraction(1)), Ref(a))
            gradient = Div(Mul(scale + (Sub(Ref(a), Ref(y)),)) if scale else Sub(Ref(a), Ref(y)), Mul((Ref(a), one_minus)))
            return replace(q, formula=self.formula(q), unsimplified=Mul((gradient, Mul((Ref(a), one_minus)))))
        return replace(q, formula=self.formula(q))

    @property
    def vector_tex(self) -> str:
        """∂L/∂a^L (⊙ f'(z^L)) in vector notation, with UP for the superscript and Y for y."""
        scale = {"mse": r"\frac{2}{n}", "bce": r"\frac{1}{n}"}.get(self.loss, "") if self.numerator else ""
        core = rf"{scale}\left(a^{{UP}} - Y\right)" if scale else r"a^{UP} - Y"
        if self.cancels:
            return core
        return (core if scale else rf"\left({core}\right)") + rf" \odot {ACTIVATIONS[self.activation].latex}'\left(z^{{UP}}\right)"

    @property
    def vector_text(self) -> str:
        scale = {"mse": "2/n·", "bce": "1/n·"}.get(self.loss, "") if self.numerator else ""
        core = f"{scale}(a^UP − Y)" if scale else "a^UP − Y"
        if self.cancels:
            return core
        return (core if scale else f"({core})") + f" ⊙ {ACTIVATIONS[self.activation].text}'(z^UP)"


def _names(q: D.Quantity) -> tuple[str, str, str]:
    from .. import names

    j = q.index[0]
    smp = q.sample
    return (names.name("a", q.layer, (j,), smp, q.step), names.name("y", None, (j,), smp),
            names.name("z", q.layer, (j,), smp, q.step))


# (loss, output activation or "*" for any elementwise one) -> (scale numerator or None, cancels)
FORMS = {
    ("half_sse", "*"): (None, False),
    ("mse", "*"): (2, False),
    ("bce", "sigmoid"): (1, True),
    ("cross_entropy", "softmax"): (None, True),
}


def output_delta_form(solution, plan=None) -> OutputDeltaForm | None:
    """The textbook form of δ^L for this network, or None (the derivation's form is shown);
    without a display plan (`symbp check`'s lines), as the exact key shows it."""
    spec = solution.spec
    layer = spec.layers[-1]
    act = ACTIVATIONS[layer.activation]
    entry = FORMS.get((spec.loss, layer.activation)) or (FORMS.get((spec.loss, "*")) if act.elementwise else None)
    if entry is None:
        return None
    numerator, cancels = entry
    n = spec.widths[-1]
    scale = None  # no factor, or bce's 1/n with n = 1
    if numerator is not None and (numerator, n) != (1, 1):  # mse's 2/n with n = 2 stays 2/2: a 1 would hide the factor
        scale = Div(Const(Fraction(numerator)), Const(Fraction(n))) if numerator == n else Const(Fraction(numerator, n))
    return OutputDeltaForm(spec.loss, layer.activation, n, scale, numerator, cancels, act.elementwise,
                           plan is not None and plan.carried,
                           layer.negative_slope)
