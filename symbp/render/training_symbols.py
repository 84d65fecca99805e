"""How the optimizers' and the regularization's names are written: a name -> its symbol in text
or LaTeX (None when the name is not one of theirs; the printers then go on as before).

    beta beta1 beta2 rho eps lambda lambda1   β β1 β2 ρ ε λ λ1           (LaTeX: \\beta, \\beta_1, …)
    R@t J@t                                    R@t J@t                     (LaTeX: R^{⟨t⟩})
    dJ/dw_jk^l@t                               ∂J/∂w_jk^l@t
    v_w_jk^l@t m_… mhat_… vhat_… s_…           v_w_jk^l@t, m̂_w_jk^l@t, …  (LaTeX: \\hat{m}^{⟨t⟩}_{w^{l}_{jk}})
"""

from __future__ import annotations

from ..core import identity as ids
from ..core.identity_parse import parse
from .notation import step_tag

_GREEK = {"beta": ("β", r"\beta"), "beta1": ("β1", r"\beta_1"), "beta2": ("β2", r"\beta_2"), "rho": ("ρ", r"\rho"),
          "eps": ("ε", r"\varepsilon"), "lambda": ("λ", r"\lambda"), "lambda1": ("λ1", r"\lambda_1")}
_STATES = {"v": ("v", "v"), "m": ("m", "m"), "mhat": ("m̂", r"\hat{m}"), "vhat": ("v̂", r"\hat{v}"), "s": ("s", "s")}


def training_symbol(name: str, printer) -> str | None:
    identity = parse(name) if name[:1] in "bemlvsrRJd" else None
    if identity is None:
        return None
    kind, latex = identity.kind, printer.latex
    if kind in _GREEK:
        return _GREEK[kind][latex]
    if kind in (ids.PENALTY, ids.REGULARIZED):
        step = identity.step
        return kind + ((f"^{{{step_tag(step)}}}" if latex else f"@{step}") if step > 1 else "")
    if kind in _STATES:
        of = identity.of
        parameter = printer.symbol(ids.name(of))
        if latex:
            return _STATES[kind][1] + (f"^{{{step_tag(identity.step)}}}" if identity.step > 1 else "") + f"_{{{parameter}}}"
        return f"{_STATES[kind][0]}_{parameter}" + ids.suffix(None, identity.step)
    if kind == ids.GRADIENT and identity.of.kind == ids.REGULARIZED:
        of_loss = ids.gradient(ids.value(ids.LOSS, step=identity.of.step), identity.wrt)
        return printer.symbol(ids.name(of_loss)).replace(r"\partial L", r"\partial J").replace("∂L", "∂J")
    return None
