"""The typical slips of an optimizer's update and of regularization, for `check`'s diagnosis.

In:  the quantity a wrong value belongs to (its kind and its formula tree over names, formula.py).
Out: the formulas the slip gives instead (`SLIPS`: key -> quantity -> iterable of formula trees),
     which diagnose.py evaluates on the student's own numbers.  Each slip finds the quantities it
     can happen to by their kind and formula (a state with a square, an update with √· + ε, ∂J/∂p),
     whatever the optimizer: this table is their one list (the optimizers' registry names none).
     Their labels live in templates/i18n/<code>.toml (slip.<key>).
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from fractions import Fraction

from . import formula as F
from .core import identity as ids
from .core.identity_parse import parse

STATE, REGULARIZED_GRADIENT = "optimizer_state", "regularized_gradient"
UPDATES = ("weight_update", "bias_update")
DECAYS = ("beta", "beta1", "beta2", "rho")


def _map(node, change):
    """The tree with `change(node)` applied top-down (change returns a replacement or None)."""
    replaced = change(node)
    if replaced is not None:
        return replaced
    if not is_dataclass(node) or isinstance(node, (F.Ref, F.Const, F.Function)):
        return node
    updates = {}
    for f in fields(node):
        value = getattr(node, f.name)
        if isinstance(value, tuple):
            updates[f.name] = tuple(_map(v, change) if isinstance(v, F.Node) else v for v in value)
        elif isinstance(value, F.Node):
            updates[f.name] = _map(value, change)
    return replace(node, **updates)


def _changed(q, change):
    """The quantity's formula with `change` applied (see _map), where it changes anything."""
    changed = _map(q.formula, change)
    if changed != q.formula:
        yield changed


def _kind(q) -> str | None:
    identity = parse(q.name)
    return identity.kind if identity is not None else None


def bias_correction_forgotten(q):
    """m̂ = m (v̂ = v), or the update computed from m and v instead of m̂ and v̂."""
    if q.kind == STATE and _kind(q) in ("mhat", "vhat") and isinstance(q.formula, F.Div):
        yield q.formula.numerator
    if q.kind in UPDATES:
        def uncorrected(node):
            if isinstance(node, F.Ref) and node.name.startswith(("mhat_", "vhat_")):
                return F.Ref(node.name[0] + node.name[4:])
            return None

        yield from _changed(q, uncorrected)


def bias_correction_at_step_one(q):
    """m̂_t = m_t/(1 − β1), v̂_t = v_t/(1 − β2) at a step t ≥ 2: the correction of step 1 kept."""
    if q.kind == STATE and _kind(q) in ("mhat", "vhat") and isinstance(q.formula, F.Div):
        denominator = q.formula.denominator
        if isinstance(denominator, F.Sub) and isinstance(denominator.right, F.Pow):
            yield F.Div(q.formula.numerator, F.Sub(denominator.left, denominator.right.base))


def square_forgotten(q):
    """The running mean (sum) of squares taken of |g| or g: (1 − ρ)·|g| for (1 − ρ)·g²."""
    if q.kind != STATE or _kind(q) not in ("v", "s"):
        return
    for unsquared in (lambda g: F.Apply(F.ABS, (g,)), lambda g: g):
        yield from _changed(q, lambda node: unsquared(node.base) if isinstance(node, F.Pow) and node.exponent == 2
                            else None)


def decay_swapped(q):
    """β and 1 − β swapped in a running mean: (1 − β)·old + β·new."""
    if q.kind != STATE or _kind(q) not in ("m", "v"):
        return

    def swap(node):
        if isinstance(node, F.Sub) and node.left == F.Const(Fraction(1)) and isinstance(node.right, F.Ref) \
                and node.right.name in DECAYS:
            return node.right
        if isinstance(node, F.Ref) and node.name in DECAYS:
            return F.Sub(F.Const(Fraction(1)), node)
        return None

    yield from _changed(q, swap)


def eps_inside_root(q):
    """√(v + ε) instead of √v + ε (and ε forgotten)."""
    if q.kind not in UPDATES:
        return

    def inside(node):
        if isinstance(node, F.Add) and len(node.terms) == 2 and isinstance(node.terms[0], F.Apply) \
                and node.terms[0].function.key == "sqrt" and node.terms[1] == F.Ref("eps"):
            return F.Apply(node.terms[0].function, (F.Add((node.terms[0].args[0], node.terms[1])),))
        return None

    yield from _changed(q, inside)


def root_forgotten(q):
    """m̂/(v̂ + ε) for m̂/(√v̂ + ε): the square root of the running mean of squares left out (Adam, RMSprop, AdaGrad)."""
    if q.kind not in UPDATES:
        return
    yield from _changed(q, lambda node: node.args[0] if isinstance(node, F.Apply) and node.function.key == "sqrt"
                   else None)


def _velocity(q):
    """Momentum's velocity (PyTorch's v = β·v + g; v_1 = g) as (its β·v term or None at step 1, its gradient), or
    None for any other quantity (Adam's and RMSProp's v add (1 − β)·g²: not this shape)."""
    if q.kind != STATE or _kind(q) != "v":
        return None
    formula = q.formula
    if isinstance(formula, F.Ref) and formula.name.startswith("dL/"):
        return None, formula
    if isinstance(formula, F.Add) and len(formula.terms) == 2 and isinstance(formula.terms[1], F.Ref) \
            and formula.terms[1].name.startswith("dL/") and F.Ref("beta") in getattr(formula.terms[0], "factors", ()):
        return formula.terms
    return None


def _velocity_with(q, factor):
    """The velocity with its gradient g taken `factor`·g (its old term as the answer wrote it)."""
    found = _velocity(q)
    if found is not None:
        old, gradient = found
        scaled = F.Mul((factor, gradient))
        yield scaled if old is None else F.Add((old, scaled))


def momentum_averaged(q):
    """Momentum's velocity in its running-mean form, v = β·v + (1 − β)·g (as some courses teach it), for
    PyTorch's v = β·v + g; at step 1 (1 − β)·g for v = g (this stop's network student tester: step 2 was named
    nothing, step 1 "the decimal point in the wrong place" at β = 0.9)."""
    yield from _velocity_with(q, F.Sub(F.Const(Fraction(1)), F.Ref("beta")))


def textbook_velocity(q):
    """Momentum's velocity in the textbook form u = β·u − α·g (u_1 = −α·g), which moves the parameters by +u, for
    PyTorch's v = β·v + g (u = −α·v: the same parameters; README's optimizer table; both of stop 66's student
    testers: every state wrong, nothing named)."""
    yield from _velocity_with(q, F.Neg(F.Ref("alpha")))


def old_state_left_out(q):
    """The old velocity (running mean, sum) left out: state@t = its new term only."""
    if q.kind == STATE and isinstance(q.formula, F.Add) and len(q.formula.terms) == 2:
        yield q.formula.terms[1]


def previous_state_used(q):
    """The update worked with the state of the step before: w@3 = w@2 − α·v@1 for α·v@2 (the old velocity; this
    stop's network student tester: marked wrong with no slip named)."""
    if q.kind not in UPDATES:
        return

    def earlier(node):
        identity = parse(node.name) if isinstance(node, F.Ref) else None
        if identity is not None and identity.kind in ids.STATES and identity.step > 1:
            return F.Ref(ids.name(replace(identity, step=identity.step - 1)))
        return None

    yield from _changed(q, earlier)


def regularization_forgotten(q):
    """∂J/∂p = ∂L/∂p: λ·p (λ1·sign(p)) left out."""
    if q.kind == REGULARIZED_GRADIENT and isinstance(q.formula, F.Add):
        yield q.formula.terms[0]
        if len(q.formula.terms) == 3:
            yield F.Add(q.formula.terms[:2])
            yield F.Add((q.formula.terms[0], q.formula.terms[2]))


def _signs_replaced(q, by):
    """The regularized gradient with every sign(p) of its L1 term replaced by `by(p)`."""
    if q.kind != REGULARIZED_GRADIENT:
        return
    yield from _changed(q, lambda n: by(n.args[0]) if isinstance(n, F.Apply) and n.function.key == "sign" else None)


def l1_times_parameter(q):
    """The L1 term's gradient λ1·sign(p) worked as λ1·p (as weight decay's λ·p)."""
    yield from _signs_replaced(q, lambda p: p)


def sign_taken_as_one(q):
    """sign(p) taken as 1: at p = 0 (sign(0) = 0 here) or for a negative p."""
    yield from _signs_replaced(q, lambda p: F.Const(Fraction(1)))


SLIPS = {
    "bias_correction_forgotten": bias_correction_forgotten,
    "bias_correction_at_step_one": bias_correction_at_step_one,
    "square_forgotten": square_forgotten,
    "decay_swapped": decay_swapped,
    "eps_inside_root": eps_inside_root,
    "root_forgotten": root_forgotten,
    "momentum_averaged": momentum_averaged,
    "textbook_velocity": textbook_velocity,
    "old_velocity_left_out": old_state_left_out,
    "previous_state_used": previous_state_used,
    "regularization_forgotten": regularization_forgotten,
    "l1_times_parameter": l1_times_parameter,
    "sign_taken_as_one": sign_taken_as_one,
}
