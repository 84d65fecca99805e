"""The whole-job floor of `symbp derive SPEC --format json`, written plainly (bench_scaling.py runs it).

    python benchmarks/floor_job.py SPEC.toml OUT.json

What a user's command does, minus symbp's verification and everything else: a fresh interpreter
reads the spec (tomllib; its numbers as exact Fractions, as written), computes every value the
answer key holds — for every step and sample the forward pass (z, a), the loss, f'(z), δ, the
back-propagated sums ∂L/∂a, ∂L/∂w and ∂L/∂b, then the batch means and the SGD update, and the final
forward pass — in exact Fractions (ReLU + half_sse) or 50-digit mpmath (sigmoid + bce), and writes
each value as a float and as an exact string into an indented JSON file.  Only the dense networks
bench_scaling.py makes (one activation for the hidden layers, its output layer's own).
"""

from __future__ import annotations

import json
import sys
import tomllib
from decimal import Decimal
from fractions import Fraction


def exact_text(value) -> str:
    if type(value) is Fraction:
        d = value.denominator
        twos = (d & -d).bit_length() - 1
        rest = d >> twos
        fives = 0
        while rest % 5 == 0:
            rest //= 5
            fives += 1
        if rest == 1:  # a terminating decimal
            places = max(twos, fives)
            digits = str(abs(value.numerator) * 10 ** places // d).rjust(places + 1, "0")
            text = (digits[:-places] + "." + digits[-places:]).rstrip("0").rstrip(".") if places else digits
            return ("-" if value < 0 else "") + text
        return f"{value.numerator}/{value.denominator}"
    import mpmath

    return mpmath.nstr(value, 30, strip_zeros=True)


def pair(j: int, k: int) -> str:
    return f"{j}{k}" if j < 10 and k < 10 else f"{{{j},{k}}}"


def main(spec_path: str, out_path: str) -> None:
    with open(spec_path, "rb") as handle:
        spec = tomllib.load(handle, parse_float=Decimal)
    exact = spec["loss"] == "half_sse"

    def number(x):
        return Fraction(x)

    if exact:
        one, zero = Fraction(1), Fraction(0)

        def f(z):
            return z if z > 0 else zero

        def fprime(z, a):
            return one if z > 0 else zero

        def loss_of(a, y):
            return sum((u - v) ** 2 for u, v in zip(a, y)) / 2

        def dloss(a, y, n):
            return a - y
    else:
        import mpmath

        mpmath.mp.dps = 50
        one, zero = mpmath.mpf(1), mpmath.mpf(0)
        exact_number = number

        def number(x):  # noqa: F811 (50 digits for an irrational network)
            q = exact_number(x)
            return mpmath.mpf(q.numerator) / q.denominator

        def f(z):
            return one / (one + mpmath.exp(-z))

        def fprime(z, a):
            return a * (one - a)

        def loss_of(a, y):  # the mean over the outputs
            return -sum(v * mpmath.log(u) + (1 - v) * mpmath.log(1 - u) for u, v in zip(a, y)) / len(a)

        def dloss(a, y, n):
            return (a - y) / (a * (one - a)) / n

    batch = "inputs" in spec
    inputs = [[number(v) for v in x] for x in (spec["inputs"] if batch else [spec["input"]])]
    targets = [[number(v) for v in y] for y in (spec["targets"] if batch else [spec["target"]])]
    layers = [([[number(w) for w in row] for row in layer["weights"]], [number(b) for b in layer["biases"]])
              for layer in spec["layer"]]
    rate = number(spec["learning_rate"])
    steps = spec.get("steps", 1)
    values: dict = {}
    for t in range(1, steps + 2):
        grads = [([[zero] * len(W[0]) for _ in W], [zero] * len(b)) for W, b in layers]
        losses = []
        for s, (x, y) in enumerate(zip(inputs, targets), start=1):
            tag = f"[{s}]@{t}" if batch else f"@{t}"
            a_s, z_s = [x], []
            for l, (W, b) in enumerate(layers, start=1):
                z = [sum((w * a for w, a in zip(row, a_s[-1])), b[j]) for j, row in enumerate(W)]
                a = [f(v) for v in z]
                values.update((f"z_{j}^{l}{tag}", v) for j, v in enumerate(z))
                values.update((f"a_{j}^{l}{tag}", v) for j, v in enumerate(a))
                z_s.append(z)
                a_s.append(a)
            losses.append(loss_of(a_s[-1], y))
            values[f"L{tag}"] = losses[-1]
            if t > steps:
                continue
            depth = len(layers)
            primes = [fprime(z, a) for z, a in zip(z_s[-1], a_s[-1])]
            delta = [dloss(a, yy, len(y)) * p for a, yy, p in zip(a_s[-1], y, primes)]
            values.update((f"f'_{j}^{depth}{tag}", v) for j, v in enumerate(primes))
            values.update((f"delta_{j}^{depth}{tag}", v) for j, v in enumerate(delta))
            for l in range(depth - 1, -1, -1):
                W, _ = layers[l]
                gW, gb = grads[l]
                previous = a_s[l]
                for j, d in enumerate(delta):
                    row = gW[j]
                    for k, a in enumerate(previous):
                        g = d * a
                        values[f"dL/dw_{pair(j, k)}^{l + 1}{tag}"] = g
                        row[k] += g
                    values[f"dL/db_{j}^{l + 1}{tag}"] = d
                    gb[j] += d
                if l:
                    sums = [sum(W[j][k] * delta[j] for j in range(len(W))) for k in range(len(previous))]
                    primes = [fprime(z, a) for z, a in zip(z_s[l - 1], a_s[l])]
                    delta = [u * p for u, p in zip(sums, primes)]
                    values.update((f"dL/da_{k}^{l}{tag}", v) for k, v in enumerate(sums))
                    values.update((f"f'_{k}^{l}{tag}", v) for k, v in enumerate(primes))
                    values.update((f"delta_{k}^{l}{tag}", v) for k, v in enumerate(delta))
        m = len(inputs)
        if batch:
            values[f"L@{t}"] = sum(losses) / m
        if t > steps:
            break
        new_layers = []
        for l, ((W, b), (gW, gb)) in enumerate(zip(layers, grads), start=1):
            rows = []
            for j, (row, grow) in enumerate(zip(W, gW)):
                new_row = []
                for k, (w, g) in enumerate(zip(row, grow)):
                    mean = g / m
                    if batch:
                        values[f"dL/dw_{pair(j, k)}^{l}@{t}"] = mean
                    new_row.append(w - rate * mean)
                    values[f"w_{pair(j, k)}^{l}@{t + 1}"] = new_row[-1]
                rows.append(new_row)
            biases = []
            for j, (v, g) in enumerate(zip(b, gb)):
                mean = g / m
                if batch:
                    values[f"dL/db_{j}^{l}@{t}"] = mean
                biases.append(v - rate * mean)
                values[f"b_{j}^{l}@{t + 1}"] = biases[-1]
            new_layers.append((rows, biases))
        layers, inputs, targets, (one, zero, rate) = lifted_if_long(new_layers, inputs, targets, (one, zero, rate))
    # indented as symbp's key, by json's C encoder (the fastest plain way)
    pad = ",\n    "
    parts = [json.dumps({n: float(v) for n, v in values.items()}, separators=(pad, ": ")),
             json.dumps({n: exact_text(v) for n, v in values.items()}, separators=(pad, ": "))]
    with open(out_path, "w", encoding="utf-8") as handle:
        handle.write('{\n  "values": ' + parts[0] + ',\n  "exact": ' + parts[1] + "\n}\n")


def _long(v) -> bool:
    return type(v) is Fraction and max(v.numerator.bit_length(), v.denominator.bit_length()) > 400


def lifted_if_long(layers, inputs, targets, numbers: tuple):
    """(layers, inputs, targets, numbers), at 50 digits from here on when a parameter is past 400
    bits, as symbp does (each exact SGD step doubles the digits); else as they are (also used by
    bench_scaling.py's in-process floor)."""
    if not any(_long(v) for W, b in layers for v in (*b, *(w for r in W for w in r))):
        return layers, inputs, targets, numbers
    import mpmath

    mpmath.mp.dps = 50

    def lift(v):
        return mpmath.mpf(v.numerator) / v.denominator if type(v) is Fraction else v

    return ([([[lift(w) for w in r] for r in W], [lift(v) for v in b]) for W, b in layers],
            [[lift(v) for v in x] for x in inputs], [[lift(v) for v in y] for y in targets],
            tuple(lift(v) for v in numbers))


if __name__ == "__main__":
    main(*sys.argv[1:3])
