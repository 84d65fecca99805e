"""Students of every legitimate rounding habit, written independently of symbp's engine.

Exact Fractions; e^x, ln x and tanh x from Python's Decimal at 50 digits.  Every written value is
rounded to D significant digits, half away from zero, and carried on as written (a student who
keeps 5 or 6 digits throughout, on a 4-digit sheet, has D = 5 or 6).  A
habit says which values computed on the way the student rounds to D digits too:

    "exp"      each e^{z_i} of a softmax, e^{−z} of a sigmoid worked out as 1 / (1 + e^{−z})
    "sum"      each Σ_i e^{z_i}, each Σ_j w_jk·δ_j, 1 + e^{−z}, the loss's Σ
    "product"  each product w·a, w·δ, (y − a)², α·∂L/∂w
    "fprime"   each f'(z)
    "running"  each partial sum of a running sum, in the formula's order: z = ((w0·a0 + w1·a1)
               rounded + w2·a2) rounded + b, and so Σ_j w·δ and Σ_i e^{z_i}
    "shift"    softmax with the largest z subtracted first: e^{z_i − max z} (rounded with "exp")
    "tanh_exp" tanh(z) as (e^{2z} − 1)/(e^{2z} + 1), e^{2z} rounded with "exp"

and `fprime_from` whether f'(z) comes from the written a (a(1 − a), 1 − a²) or from the written z.
With `on_the_way` the student also writes Σ_j w_jk·δ_j (dL/da_k^l) and f'(z) (local:da/dz) —
rounded, as written values are — and goes on from the written numbers.  `plant` = (name, factor)
multiplies one value by the factor before it is written; what follows is worked from it.  With
`kept` = K the student writes each value with D digits but works on with it rounded to K digits
(K = D + 1 or D + 2: the sheet's 4 digits written, 5 or 6 kept in the calculator).

Networks: an input, hidden layers of sigmoid, tanh or relu, an output layer of sigmoid or tanh
with half_sse, or softmax with cross_entropy (one-hot target); one sample, one step.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

HABITS = ("exp", "sum", "product", "fprime", "running", "shift", "tanh_exp")


def round_half_away(value: Fraction, digits: int) -> Fraction:
    """`value` rounded to `digits` significant digits, half away from zero (0 stays 0)."""
    if value == 0:
        return Fraction(0)
    sign, magnitude = (-1 if value < 0 else 1), abs(value)
    exponent = 0
    while magnitude >= Fraction(10) ** exponent:
        exponent += 1
    while magnitude < Fraction(10) ** (exponent - 1):
        exponent -= 1
    scale = Fraction(10) ** (digits - exponent)  # magnitude·scale has `digits` digits before the point
    scaled = magnitude * scale
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return sign * Fraction(whole) / scale


def _decimal_function(name: str, x: Fraction) -> Fraction:
    with localcontext() as ctx:
        ctx.prec = 50
        d = Decimal(x.numerator) / Decimal(x.denominator)
        if name == "exp":
            return Fraction(d.exp())
        if name == "ln":
            return Fraction(d.ln())
        e = (2 * d).exp()  # tanh
        return Fraction((e - 1) / (e + 1))


def exp(x):
    return _decimal_function("exp", x)


def ln(x):
    return _decimal_function("ln", x)


def tanh(x):
    return _decimal_function("tanh", x)


def text(value: Fraction, digits: int) -> str:
    """A written number with its D significant digits shown (trailing zeros kept)."""
    if value == 0:
        return "0"
    with localcontext() as ctx:
        ctx.prec = 60
        d = Decimal(value.numerator) / Decimal(value.denominator)
        return format(d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1), rounding=ROUND_HALF_UP), "f")


class HabitStudent:
    def __init__(self, table: dict, habits=(), fprime_from: str = "a", digits: int = 4, on_the_way: bool = False,
                 plant: tuple | None = None, kept: int | None = None):
        self.table, self.habits, self.fprime_from, self.digits = table, set(habits), fprime_from, digits
        self.on_the_way, self.plant, self.kept = on_the_way, plant, kept
        self.answers: dict[str, Fraction] = {}

    def r(self, habit: str, value: Fraction) -> Fraction:
        return round_half_away(value, self.digits) if habit in self.habits else value

    def write(self, name: str, value: Fraction) -> Fraction:
        if self.plant and self.plant[0] == name:
            value = value * self.plant[1]
        self.answers[name] = round_half_away(value, self.digits)
        return round_half_away(value, self.kept) if self.kept else self.answers[name]

    def total(self, values: list) -> Fraction:
        """A running sum in order, each partial sum rounded with "running" (the last one is the
        sum itself: rounded with "sum" where the caller says so)."""
        total = values[0]
        for i, v in enumerate(values[1:], start=2):
            total = total + v
            if i < len(values):
                total = self.r("running", total)
        return total

    def texts(self) -> dict[str, str]:
        return {name: text(v, self.digits) for name, v in self.answers.items()}

    # ---- the network ----------------------------------------------------------------------------
    def activation(self, kind: str, zs: list) -> list:
        if kind == "softmax":
            shift = max(zs) if "shift" in self.habits else 0
            exps = [self.r("exp", exp(z - shift)) for z in zs]
            total = self.r("sum", self.total(exps))
            return [e / total for e in exps]
        if kind == "sigmoid":
            if "exp" in self.habits:
                return [1 / self.r("sum", 1 + self.r("exp", exp(-z))) for z in zs]
            return [1 / (1 + exp(-z)) for z in zs]
        if kind == "tanh" and "tanh_exp" in self.habits:
            es = [self.r("exp", exp(2 * z)) for z in zs]
            return [(e - 1) / (e + 1) for e in es]
        if kind == "tanh":
            return [tanh(z) for z in zs]
        return [max(z, Fraction(0)) for z in zs]  # relu

    def fprime(self, kind: str, z: Fraction, a: Fraction) -> Fraction:
        if kind == "relu":
            return Fraction(int(z > 0))
        if self.fprime_from == "z":
            a = tanh(z) if kind == "tanh" else 1 / (1 + exp(-z))  # read off a calculator
        value = a * (1 - a) if kind == "sigmoid" else 1 - a * a
        return self.r("fprime", value)

    def work(self) -> dict[str, str]:
        t = self.table
        layers = t["layer"]
        weights = [[[Fraction(w) for w in row] for row in layer["weights"]] for layer in layers]
        biases = [[Fraction(b) for b in layer["biases"]] for layer in layers]
        alpha, ys = Fraction(t["learning_rate"]), [Fraction(y) for y in t["target"]]
        acts, zs = [[Fraction(x) for x in t["input"]]], [None]
        for l, layer in enumerate(layers, start=1):
            z_row = []
            for j, row in enumerate(weights[l - 1]):
                terms = [self.r("product", w * a) for w, a in zip(row, acts[-1])] + [biases[l - 1][j]]
                z_row.append(self.write(f"z_{j}^{l}", self.total(terms)))
            zs.append(z_row)
            acts.append([self.write(f"a_{j}^{l}", a) for j, a in enumerate(self.activation(layer["activation"], z_row))])
        out, kind = acts[-1], layers[-1]["activation"]
        if kind == "softmax":
            self.write("L", -sum((y * ln(a) for y, a in zip(ys, out) if y), Fraction(0)))
            deltas = [a - y for a, y in zip(out, ys)]
        else:
            squares = [self.r("product", (y - a) ** 2) for y, a in zip(ys, out)]
            self.write("L", self.r("sum", sum(squares, Fraction(0))) / 2)
            deltas = [(a - y) * self.local(len(layers), j, kind, z, a) for j, (a, y, z) in enumerate(zip(out, ys, zs[-1]))]
        depth = len(layers)
        delta = self.hidden_deltas({depth: [self.write(f"delta_{j}^{depth}", d) for j, d in enumerate(deltas)]},
                                   layers, weights, zs, acts)
        for l in range(1, depth + 1):
            for j, d in enumerate(delta[l]):
                for k, a in enumerate(acts[l - 1]):
                    g = self.write(f"dL/dw_{j}{k}^{l}", d * a)
                    self.write(f"w_{j}{k}^{l}@2", weights[l - 1][j][k] - self.r("product", alpha * g))
                g = self.write(f"dL/db_{j}^{l}", d)
                self.write(f"b_{j}^{l}@2", biases[l - 1][j] - self.r("product", alpha * g))
        return self.texts()

    def hidden_deltas(self, delta: dict, layers, weights, zs, acts, suffix: str = "") -> dict:
        """δ of each hidden layer from the one above (`delta`: layer -> its δs), names with `suffix`."""
        for l in range(len(layers) - 1, 0, -1):
            kind, row = layers[l - 1]["activation"], []
            for k, (z, a) in enumerate(zip(zs[l], acts[l])):
                total = self.r("sum", self.total([self.r("product", weights[l][j][k] * d)
                                                  for j, d in enumerate(delta[l + 1])]))
                if self.on_the_way:
                    total = self.write(f"dL/da_{k}^{l}{suffix}", total)
                row.append(self.write(f"delta_{k}^{l}{suffix}", total * self.local(l, k, kind, z, a, suffix)))
            delta[l] = row
        return delta

    def local(self, l: int, j: int, kind: str, z: Fraction, a: Fraction, suffix: str = "") -> Fraction:
        value = self.fprime(kind, z, a)
        if self.on_the_way and kind not in ("relu", "identity"):
            value = self.write(f"local:da_{j}^{l}/dz_{j}^{l}{suffix}", value)
        return value
