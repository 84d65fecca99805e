"""A confident wrong sigmoid + bce output in the calculator mode (--round-intermediate, worksheet
keys): L = log(1 + e^−200) + 200 is 200 + 1.4·10⁻⁸⁷, not 200.  It was carried as exactly 200, so the
line said "= 200" and the recheck refused it (exit 3, "L = 200 does not follow … (they give 200)",
a new user's finding); it is "≈ 200.0" now, and so for δ = 1 − 1/(1 + e^200)."""

import re

import mpmath
import pytest

from helpers import symbp_here

SPEC = "layers=[1,1]\nactivation='sigmoid'\nloss='bce'\nlearning_rate=0.1\ninput=[1]\ntarget=[{y}]\n" \
       "[[layer]]\nweights=[[{w}]]\nbiases=[0]\n"


@pytest.mark.parametrize("w, y", [(200, 0), (300, 0), (200, 0.5)])
def test_a_saturated_cost_is_carried_as_rounded(tmp_path, w, y):
    spec = tmp_path / "s.toml"
    spec.write_text(SPEC.format(w=w, y=y))
    result = symbp_here("derive", spec, "--round-intermediate")
    assert result.returncode == 0, result.stderr
    mpmath.mp.dps = 1200
    cost = mpmath.log1p(mpmath.exp(-w)) + (1 - mpmath.mpf(y)) * w  # not a terminating decimal
    line = next(l for l in result.stdout.splitlines() if l.strip().startswith("L = ln"))
    relation, printed = re.search(r"([=≈]) (\S+)$", line).groups()
    assert relation == "≈" and abs(mpmath.mpf(printed) - cost) <= mpmath.mpf(10) ** (mpmath.floor(mpmath.log10(cost)) - 3) / 2
    delta = next(l for l in result.stdout.splitlines() if l.strip().startswith("δ_0^1 = (1 − "))
    assert delta.rstrip().split(" ")[-2] == "≈", delta
