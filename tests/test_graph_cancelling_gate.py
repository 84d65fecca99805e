"""(e^x − 1)/x at x = 10^−9 split into primitive gates: f.2 = f.1 − 1 cancels nine digits of
f.1 = e^x, and the gradient needs f.2 to 13 digits, so its line would need f.1 to 22 — more than
the planner may print.  It exited 3 ("try --round-intermediate", which a graph refuses); now that
line is printed without its numbers, as every line that cannot follow from printed numbers is."""

from __future__ import annotations

import mpmath
from helpers import symbp_here

SPEC = 'kind = "graph"\ninputs = { x = 1e-9 }\noutput = "f"\nstages = ["f = (exp(x) - 1)/x"]\ngates = "primitive"\n'


def test_expm1_over_x_near_zero_is_worked_out(tmp_path):
    path = tmp_path / "g.toml"
    path.write_text(SPEC)
    result = symbp_here("derive", path)
    assert result.returncode == 0, result.stderr
    mpmath.mp.dps = 50
    x = mpmath.mpf("1e-9")
    slope = (x * mpmath.exp(x) - mpmath.expm1(x)) / x ** 2  # d/dx (e^x − 1)/x, = 1/2 + x/3 + …
    assert mpmath.nstr(slope, 4) == "0.5"
    assert "df/dx ≈ 0.5000" in result.stdout
    assert "f.2 = f.1 − 1 ≈ 1.0000000005·10^−9" in result.stdout  # e^x − 1 = x + x²/2 + …, printed bare
