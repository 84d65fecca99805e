"""Start-up of a small answer key (issue 16: a small network's `derive --format json` within 3× of
the same job written plainly, most of which is imports): a warm run of an exact network imports
neither mpmath (its numbers stay Fractions) nor the chain rule's formula trees (derivation.py,
formula.py: the layer-wise engine computes without them), and writes what a cold run writes; a
number domain makes its mpmath side at the first value that needs it, with the same sizes as before."""

from __future__ import annotations

import math
import operator
from fractions import Fraction

import mpmath

from helpers import run_python, run_symbp
from symbp.core.numeric import KEPT_DIGITS, Domain

_WARM = ("import sys\nfrom symbp.cli import main\nsys.argv = ['symbp', 'derive', '--example', 'nn231', '--format', 'json']\n"
         "try:\n    main()\nfinally:\n    print(sorted(m for m in ('sympy', 'mpmath', 'symbp.derivation', 'symbp.formula')"
         " if m in sys.modules), file=sys.stderr)")


def test_a_warm_exact_answer_key_imports_neither_mpmath_nor_the_formula_trees(tmp_path):
    cold = run_symbp("derive", "--example", "nn231", "--format", "json", env={"SYMBP_CACHE_DIR": str(tmp_path)})
    warm = run_python(_WARM, env={"SYMBP_CACHE_DIR": str(tmp_path)})
    assert cold.returncode == warm.returncode == 0, warm.stderr[-2000:]
    assert warm.stdout == cold.stdout and '"dL/dw_10^1"' in warm.stdout
    assert warm.stderr.strip().splitlines()[-1] == "[]"


def test_a_domain_makes_its_mpmath_side_when_a_value_first_needs_it():
    domain = Domain()
    assert domain.add(Fraction(1, 3), Fraction(1, 6)) == Fraction(1, 2)
    assert domain.mul(Fraction(2, 3), Fraction(3, 4)) == Fraction(1, 2)
    assert domain.relation(operator.lt)(Fraction(1, 3), Fraction(1, 2)) and domain.largest(Fraction(-1), Fraction(0)) == 0
    assert "context" not in vars(domain)  # exact so far: nothing made
    e = domain.exp(Fraction(1))
    assert "context" in vars(domain)
    with mpmath.workdps(60):
        assert abs(e - mpmath.e) < mpmath.mpf(10) ** -49
    assert domain.add(e, Fraction(1, 2)) > Fraction(3)  # its numbers meet Fractions


def test_the_cancellation_sizes_are_those_of_the_digits():
    """2^−(prec − 16) for a plain domain, 2^(⌈KEPT_DIGITS·log2 10⌉ − prec) for a watched one, prec the
    bits of 50 digits (mpmath: round((50 + 1)·log2 10) = 169)."""
    prec = round(51 * math.log2(10))
    plain, watched = Domain(), Domain(watched=True)
    assert (plain.context.prec, watched.context.prec) == (prec, prec) == (169, 169)
    assert plain._kept_exponent == 16 - prec and plain.cancellation == mpmath.ldexp(1, 16 - prec)
    assert watched._kept_exponent == math.ceil(KEPT_DIGITS * math.log2(10)) - prec == -36
    assert watched._kept == mpmath.ldexp(1, -36)
    assert Domain(rational_only=True)._mpf is None
