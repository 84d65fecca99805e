"""A worksheet's later variants print their lines with what was worked out once per architecture
(render/lines.py's skeletons and line_program.py; the recheck's compiled formulas): the lines the
renderer makes itself — a softmax layer's e^{z_j}, their sum and a_j = e^{z_j} / Σ, the fall of the
cost — are printed from the same objects in every variant, and print what two passes print."""

from __future__ import annotations

from fractions import Fraction

from symbp.formula import Div
from symbp.render.lines import Lines
from symbp.render.quantity_notation import SUM_OF_EXP
from symbp.resources import example_path
from symbp.spec import load_spec
from symbp.worksheet import build_worksheet


def _softmax_line(q) -> bool:
    return q.name.startswith(("exp(", SUM_OF_EXP)) or isinstance(q.formula, Div)


def test_a_softmax_layers_lines_are_the_same_quantities_in_every_variant(monkeypatch):
    monkeypatch.setenv("SYMBP_WORKERS", "1")
    printed: dict = {}  # name -> the quantities its lines were printed from (kept: none is freed)
    real = Lines.line

    def recording(self, q, kept=False):
        if _softmax_line(q):
            printed.setdefault(q.name, []).append(q)
        return real(self, q, kept)

    monkeypatch.setattr(Lines, "line", recording)
    build_worksheet(load_spec(example_path("softmax3")), 3, 5)
    assert any(name.startswith("exp(") for name in printed) and any(name.startswith(SUM_OF_EXP) for name in printed)
    assert all(len(qs) >= 3 for qs in printed.values())  # (every variant printed each)
    assert all(q is qs[0] for qs in printed.values() for q in qs)


def test_the_fall_of_the_cost_is_rechecked_from_one_formula_in_every_variant(monkeypatch):
    from symbp.render import worked
    from symbp.render.worked_updates import FALL

    monkeypatch.setenv("SYMBP_WORKERS", "1")
    formulas = []
    real = worked.recheck

    def recording(lines, spec):
        formulas.extend(line.formula for line in lines if line.result == FALL)
        return real(lines, spec)

    monkeypatch.setattr(worked, "recheck", recording)
    build_worksheet(load_spec(example_path("nn231")), 3, 5)
    assert len(formulas) == 3 and all(formula is formulas[0] for formula in formulas)


def test_same_rounded_of_a_high_precision_value_agrees_with_rounding_its_exact_binary_value():
    """numbers.same_rounded of an mpf (a softmax's exact value) and a Fraction (its carried value)
    against both rounded half away from zero by the decimal module here, the mpf at its exact
    binary value: equal and unequal pairs, near ties, signs."""
    import random
    from decimal import ROUND_HALF_UP, Decimal, localcontext

    import mpmath

    from symbp.numbers import same_rounded

    def rounded(x: Fraction, digits: int) -> Decimal:
        with localcontext() as ctx:
            ctx.prec = 400
            d = Decimal(x.numerator) / Decimal(x.denominator)
            return d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1), rounding=ROUND_HALF_UP) if d else d

    def binary(value) -> Fraction:
        sign, man, exp, _ = value._mpf_
        exact = Fraction(int(man) * 2 ** exp) if exp >= 0 else Fraction(int(man), 2 ** -exp)
        return -exact if sign else exact

    ctx = mpmath.MPContext()
    ctx.dps = 70
    rng = random.Random(31)
    pairs = []
    for _ in range(1500):
        value = ctx.exp(ctx.mpf(rng.randint(-4000, 4000)) / 1000) * rng.choice((1, -1))
        near = Fraction(rng.randint(-60, 60), rng.choice((10**4, 10**5, 10**7, 10**9)))
        pairs.append((value, Fraction(mpmath.nstr(value, 4, strip_zeros=False)) + near))
        tie = Fraction(mpmath.nstr(value, 5, strip_zeros=False))  # a value beside a half of the 4th digit
        pairs.append((ctx.mpf(tie.numerator) / tie.denominator + ctx.mpf(rng.choice((-1, 1))) * 10**-40, tie))
    for value, carried in pairs:
        for digits in (3, 4):
            assert same_rounded(value, carried, digits) == (rounded(binary(value), digits) == rounded(carried, digits)), (
                value, carried, digits)
