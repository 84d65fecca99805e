"""The floor of a verified nn231 worksheet variant, written plainly (bench.py runs it beside symbp).

What a variant of the reference network (2-3-1, ReLU, half_sse, one SGD step) needs at the least,
in plain Python, with none of symbp's generality (one architecture, written out by hand):
  - draw its numbers from the same grids as symbp (weights and biases -1..1 in tenths, inputs -2..2,
    targets 0.1..2), screened in float64 as symbp screens (at most one dead hidden neuron, none in
    the output layer, |values| <= 20, the loss falls), redrawn until one passes;
  - solve it exactly (Fractions): forward pass, loss, δ, every gradient, the update, the new forward
    pass and loss; the same in float64 beside it, and central finite differences of every gradient;
  - the calculator's key: every value rounded to 4 significant digits and carried on (a second
    exact pass that rounds each value it makes);
  - its text: as many numbers as symbp prints for a variant (`numbers`), each value formatted once
    from its Fraction to 4 significant digits, joined with constant text into as many characters as symbp
    writes (`characters`); and its JSON (the exact and carried values, json.dumps);
  - the read-back: every number found in the text again (a regular expression) and compared with
    the one written, and the solution worked again from the givens and compared with it (not each
    printed line's own arithmetic, which symbp's read-back works out).
Its screen is lighter than symbp's (|z| <= 20 only, no kink distance, no duplicate check), and its
cyclic garbage collector is paused while it runs, as symbp pauses it for a sheet's variants.
No verification of what the drawing, layout, templates, notes or marks print: those are symbp's
own.  So symbp's rate over this one says how far the whole tool is from the arithmetic and the
characters a variant needs.
"""

from __future__ import annotations

import gc
import json
import random
import re
from decimal import Decimal, localcontext
from fractions import Fraction

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
TENTH = Fraction(1, 10)


def _relu(z):
    return z if z > 0 else 0 * z


def _forward(w1, b1, w2, b2, x):
    z1 = [w[0] * x[0] + w[1] * x[1] + b for w, b in zip(w1, b1)]
    a1 = [_relu(z) for z in z1]
    z2 = w2[0] * a1[0] + w2[1] * a1[1] + w2[2] * a1[2] + b2
    return z1, a1, z2, _relu(z2)


def solve(w1, b1, w2, b2, x, y, rate, keep=lambda v: v):
    """Every value of the worked solution; `keep` is applied to each value made (the calculator's rounding)."""
    z1, a1, z2, a2 = _forward(w1, b1, w2, b2, x)
    z1, a1, z2, a2 = [keep(v) for v in z1], [keep(v) for v in a1], keep(z2), keep(a2)
    loss = keep((y - a2) ** 2 / 2)
    d2 = keep((a2 - y) * (1 if z2 > 0 else 0))
    gw2 = [keep(d2 * a) for a in a1]
    da1 = [keep(w * d2) for w in w2]
    d1 = [keep(g * (1 if z > 0 else 0)) for g, z in zip(da1, z1)]
    gw1 = [[keep(d * x[0]), keep(d * x[1])] for d in d1]
    nw1 = [[keep(w[0] - rate * g[0]), keep(w[1] - rate * g[1])] for w, g in zip(w1, gw1)]
    nb1 = [keep(b - rate * d) for b, d in zip(b1, d1)]
    nw2 = [keep(w - rate * g) for w, g in zip(w2, gw2)]
    nb2 = keep(b2 - rate * d2)
    z1n, a1n, z2n, a2n = _forward(nw1, nb1, nw2, nb2, x)
    new_loss = keep((y - a2n) ** 2 / 2)
    return [*z1, *a1, z2, a2, loss, d2, *gw2, d2, *da1, *d1, *(g for row in gw1 for g in row), *d1,
            *(w for row in nw1 for w in row), *nb1, *nw2, nb2, *z1n, *a1n, z2n, a2n, new_loss]


def _loss(w1, b1, w2, b2, x, y):
    return (y - _forward(w1, b1, w2, b2, x)[3]) ** 2 / 2


def rounded(value, digits: int = 4) -> Fraction:
    if not value:
        return Fraction(0)
    with localcontext() as context:
        context.prec = digits
        return Fraction(+(Decimal(value.numerator) / Decimal(value.denominator)))


def text(value, digits: int = 4) -> str:
    if not value:
        return "0"
    with localcontext() as context:
        context.prec = digits
        return format(+(Decimal(value.numerator) / Decimal(value.denominator)), "f")


def _grid(rng, low, high, scale):
    return Fraction(rng.randint(low, high), scale)


def draw(rng):
    """Numbers that pass the float screen, and how many draws it took."""
    draws = 0
    while True:
        draws += 1
        w1 = [[_grid(rng, -10, 10, 10) or TENTH for _ in range(2)] for _ in range(3)]
        b1 = [_grid(rng, -10, 10, 10) for _ in range(3)]
        w2 = [_grid(rng, -10, 10, 10) or TENTH for _ in range(3)]
        b2 = _grid(rng, -10, 10, 10)
        x = [_grid(rng, -2, 2, 1) or Fraction(1) for _ in range(2)]
        y = _grid(rng, 1, 20, 10)
        f = [[float(v) for v in row] for row in w1], [float(v) for v in b1], [float(v) for v in w2], float(b2)
        fx, fy = [float(v) for v in x], float(y)
        z1, _, z2, _ = _forward(*f, fx)
        if sum(z <= 0 for z in z1) > 1 or z2 <= 0 or max(abs(z) for z in (*z1, z2)) > 20:
            continue
        values = solve(*f, fx, fy, 0.1)
        if values[-1] >= values[8]:  # the loss must fall
            continue
        return (w1, b1, w2, b2, x, y), draws


def variant(rng, numbers: int, pieces: list[str]) -> tuple[str, int]:
    """One variant's text + JSON, verified; (its text, the draws it took)."""
    (w1, b1, w2, b2, x, y), draws = draw(rng)
    rate = TENTH
    exact = solve(w1, b1, w2, b2, x, y, rate)
    carried = solve(w1, b1, w2, b2, x, y, rate, rounded)
    floats = solve([[float(v) for v in r] for r in w1], [float(v) for v in b1], [float(v) for v in w2], float(b2),
                   [float(v) for v in x], float(y), 0.1)
    kink = any(not z for z in (*exact[0:3], exact[6], *exact[-9:-6], exact[-3]))  # a z = 0: float64 may fall either side
    assert kink or all(abs(float(e) - f) <= 1e-9 * (1 + abs(f)) for e, f in zip(exact, floats))
    # central finite differences of every gradient (float64), a kink (z = 0) excused
    params = [*(v for r in w1 for v in r), *b1, *w2, b2]
    grads = [*exact[20:29], *exact[10:14]]  # ∂L/∂w^1 (row by row), ∂L/∂b^1, ∂L/∂w^2, ∂L/∂b^2: the order of params
    fx, h = [float(v) for v in x], 1e-6
    for i, grad in enumerate(grads):
        p, q = [float(v) for v in params], [float(v) for v in params]
        p[i] += h
        q[i] -= h
        slope = (_loss([p[0:2], p[2:4], p[4:6]], p[6:9], p[9:12], p[12], fx, float(y))
                 - _loss([q[0:2], q[2:4], q[4:6]], q[6:9], q[9:12], q[12], fx, float(y))) / (2 * h)
        assert kink or abs(slope - float(grad)) <= 1e-5 * (1 + abs(slope)), (i, slope, grad)
    # the text: every printed number formatted from its value, joined with constant text
    texts = [text(value) for value in exact + carried]  # each value formatted once, then printed again and again
    written = (texts * (numbers // len(texts) + 1))[:numbers]
    page = "".join(piece + number for piece, number in zip(pieces, written))
    document = json.dumps({"exact": [str(v) for v in exact], "values": [float(v) for v in exact],
                           "carried": [text(v) for v in carried]}, indent=2)
    # the read-back: every number read again, the solution worked again from the printed givens
    read = NUMBER.findall(page)
    again = solve(w1, b1, w2, b2, x, y, rate)
    assert again == exact and read == written
    return page + document, draws


def floor_rate(count: int, seed: int, numbers: int, characters: int) -> tuple[float, int]:
    """(CPU seconds of this process for `count` variants, characters made)."""
    import time

    rng = random.Random(seed)
    piece = max(1, characters // max(numbers, 1) - 5)
    pieces = [" " * (piece - 3) + "x= " for _ in range(numbers)]
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        size = sum(len(variant(rng, numbers, pieces)[0]) for _ in range(count))
        return time.process_time() - started, size
    finally:
        gc.enable()


if __name__ == "__main__":
    seconds, size = floor_rate(200, 1, 560, 33000)
    print(f"floor: {200 / seconds:.0f} variants per CPU second in one process, {size // 200} characters a variant")
