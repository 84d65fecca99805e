"""The calculator mode's output δ of a sigmoid output with binary cross-entropy, 1/n·(a_j − y_j) from
the carried a_j (σ' cancels); and its loss and output δ where a carried output a_j is exactly 0 or 1 (σ(15) = 1.000 at 4 digits): log(1 − a) is log 0 there, so
they are computed as a textbook does from the carried z_j, in the stable form that
render/stable_loss.py prints,

    L = 1/n·Σ_j [ln(1 + e^−z_j) + (1 − y_j)·z_j],     δ_j = 1/n·((1 − y_j) − 1/(1 + e^z_j)).

In:  a compiled program (evaluate.Program) and the spec.
Out: slot -> (name, rule): rule(env) is (STABLE, the stable value) from the carried values in
     env; where every output of that sample and step is strictly between 0 and 1, None for the
     loss (the usual formula) and (CANCELLED, 1/n·(a_j − y_j)) for δ_j — σ' = a(1 − a) cancels, as
     the worked solution writes it, so δ follows from the printed a, not from a printed σ'(z);
     rule None: a step (∂L/∂a_j) that may be undefined there, as only a ruled δ_j uses it.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from . import derivation_quantities as D
from . import names
from .formula import EXP, LOG, Add, Apply, Const, Div, Mul, Neg, Ref, Sub
from .stable_ce import complement

ONE = Const(Fraction(1))
STABLE, CANCELLED = "stable", "cancelled"  # how a rule worked a value out (the first from z)


def applies(spec) -> bool:
    """Whether the spec's output is a sigmoid with binary cross-entropy (the one pair with a stable form here)."""
    return spec.loss == "bce" and spec.layers[-1].activation == "sigmoid"


def stable_formula(spec, q, positive=lambda z_name: True):
    """The stable form of a loss or output-δ quantity `q` over the names z_j, y_j (None where `q`
    has none): ln(1 + e^−z) + (1 − y)·z and (1 − y) − 1/(1 + e^z) where positive(z), else
    ln(1 + e^z) − y·z and 1/(1 + e^−z) − y; 1/n·(…) over n outputs."""
    if not applies(spec):
        return None
    n, depth = spec.widths[-1], spec.depth
    if q.kind == (D.SAMPLE_LOSS if spec.batch else D.LOSS):
        outputs, loss = range(n), True
    elif q.kind == D.OUTPUT_DELTA:
        outputs, loss = (q.index[0],), False
    else:
        return None
    terms = []
    for j in outputs:
        z, y = Ref(names.name("z", depth, (j,), q.sample, q.step)), Ref(names.name("y", None, (j,), q.sample))
        up = positive(z.name)
        if loss:
            terms.append(Add((Apply(LOG, (Add((ONE, Apply(EXP, (Neg(z),)))),)), Mul((Sub(ONE, y), z)))) if up
                         else Sub(Apply(LOG, (Add((ONE, Apply(EXP, (z,)))),)), Mul((y, z))))
        else:
            terms.append(Sub(complement(y), Div(ONE, Add((ONE, Apply(EXP, (z,)))))) if up
                         else Sub(Div(ONE, Add((ONE, Apply(EXP, (Neg(z),))))), y))
    return _mean(terms[0] if len(terms) == 1 else Add(tuple(terms)), n)


def cancelled_formula(spec, q):
    """δ_j = 1/n·(a_j − y_j) of a sigmoid output with bce, as the worked solution writes it (σ' = a(1 − a)
    cancels: equal to the derivation's form wherever that is defined, and at a written a = 1.000 too,
    where a(1 − a) in a denominator is 0); None for any other quantity or pair."""
    if q.kind != D.OUTPUT_DELTA or not applies(spec):
        return None
    j, n = q.index[0], spec.widths[-1]
    return _mean(Sub(Ref(names.name("a", spec.depth, (j,), q.sample, q.step)), Ref(names.name("y", None, (j,), q.sample))), n)


def _mean(total, n: int):
    """1/n·(total) over n outputs (total itself for one)."""
    return total if n == 1 else Mul((Const(Fraction(1, n)), total))


def stable_rules(program, spec) -> dict:
    if not applies(spec):
        return {}
    depth, n = spec.depth, spec.widths[-1]
    loss_kind = D.SAMPLE_LOSS if spec.batch else D.LOSS
    rules = {}
    for q in program.derivation.quantities:
        if q.kind not in (loss_kind, D.OUTPUT_DELTA):
            continue
        smp, step = q.sample, q.step
        outputs = [(program.slots[names.name("z", depth, (j,), smp, step)],
                    program.slots[names.name("a", depth, (j,), smp, step)],
                    program.slots[names.name("y", None, (j,), smp)]) for j in range(n)]
        own = outputs if q.kind == loss_kind else [outputs[q.index[0]]]
        rules[program.slots[q.name]] = (q.name, _rule(outputs, own, q.kind == loss_kind, n, program.domain))
    # ∂L/∂a_j of a carried a_j at 0 or 1 is undefined (y/a or (1 − y)/(1 − a) with a 0 denominator);
    # only δ_j uses it, and δ_j is then computed by its rule: such a step may fail (None: not used)
    outputs = {names.name("a", depth, (q.index[0],), q.sample, q.step)
               for q in program.derivation.quantities if q.kind == D.OUTPUT_DELTA}
    for identity, slot in program.index.items():
        name = names.name(identity)
        if name.startswith(("local:dL/d", "dL/d")) and name.split("dL/d", 1)[1] in outputs:
            rules.setdefault(slot, (name, None))
    return rules


def _rule(outputs, own, loss: bool, n: int, domain):
    def rule(env):
        if not any(env[a] in (0, 1) for _, a, _ in outputs):
            if loss:
                return None
            (_, a, y), = own  # σ' = a(1 − a) cancels: δ_j = 1/n·(a_j − y_j) from the carried a_j
            return CANCELLED, domain.mul(Fraction(1, n), domain.sub(env[a], env[y]))
        import mpmath

        ctx = mpmath.MPContext()
        ctx.dps = 60
        total = ctx.mpf(0)
        for z_slot, _, y_slot in own:
            z, y = _mpf(ctx, env[z_slot]), _mpf(ctx, env[y_slot])
            total += ctx.log1p(ctx.exp(-z)) + (1 - y) * z if loss else (1 - y) - 1 / (1 + ctx.exp(z))
        value = Fraction(Decimal(ctx.nstr(total / n, 55)))
        # never a terminating decimal (a log or e^z of a rational): 200 + 1.4·10⁻⁸⁷ is 200 at 55 digits,
        # and as a Fraction the calculator would write it "= 200", not "≈ 200.0"
        return STABLE, domain.lift(value) if not domain.rational_only else value
    return rule


def _mpf(ctx, value):
    if isinstance(value, Fraction):
        return ctx.mpf(value.numerator) / value.denominator
    return ctx.mpf(value)
