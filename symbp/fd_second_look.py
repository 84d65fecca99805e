"""A second look at a gradient its central difference disagrees with, before it is refused.

In:  the engine's gradient, the step h of the first look, `closer(step)` -> (loss up, loss down,
     whether no kink input changed sides) at ±step, the tolerances.
Out: whether Richardson's extrapolation (4·D(s/2) − D(s))/3 agrees, at s = h, h/10 or h/100.

The central difference D(h) is off by about h²·L'''(p)/6: a large input (12345.678) makes z move by
0.012 for h = 10^−6, and D(h) is then off by 4·10^−5 of a right gradient (verify.py's tolerance
is 10^−5).  The extrapolation's error falls as s⁴; a wrong gradient disagrees with it as well.
"""

from __future__ import annotations

import sys

SECOND_LOOK_STEPS = (1, 0.1, 0.01)  # of h
_EPSILON = sys.float_info.epsilon


def roundoff(up: float, down: float, h: float) -> float:
    """The round-off a difference quotient at ±h carries, about eps·|L|/h: large losses need room."""
    return 64 * _EPSILON * max(abs(up), abs(down)) / h


def second_look(engine: float, h: float, closer, rel: float, tolerance: float) -> bool:
    """Whether the extrapolation at one of the SECOND_LOOK_STEPS agrees with `engine` within the first
    look's own tolerance (`rel`, and `tolerance` absolute, its round-off allowance at ±h included)
    with the extrapolation's own round-off (about 3·eps·|L|/(s/2), larger at smaller steps) counted
    against it: never more leniently than the first look, whatever the loss's size (an allowance for
    that round-off instead let a gradient 10^−3 off pass at L ≈ 10^5).  False where a kink input
    changes sides within reach: the quotient at ±h stands."""
    for step in (s * h for s in SECOND_LOOK_STEPS):
        (up, down, same), (half_up, half_down, half_same) = closer(step), closer(step / 2)
        if not (same and half_same):
            return False
        extrapolated = (4 * (half_up - half_down) / step - (up - down) / (2 * step)) / 3
        noise = 3 * roundoff(half_up, half_down, step / 2)
        if abs(engine - extrapolated) + noise <= max(rel * max(abs(engine), abs(extrapolated)), tolerance):
            return True
    return False
