"""habit_student.py's students on more networks: batches, several steps, softplus, bce.

Exact Fractions, e^x and ln x from Decimal at 50 digits (habit_student.py), every written value
rounded to D digits and carried on as written (or kept to K digits), each habit's values on the
way rounded by habit.  Beyond HabitStudent:

    batch      `inputs`/`targets`: per sample the forward pass, its loss L[s] and gradients
               (names with [s]); L and each gradient the mean over the samples (their sum a
               running one, rounded with "sum"), then the update
    steps      `steps` = T: T updates, each step's names with @t (t ≥ 2), then the forward pass
               and loss of step T + 1
    softplus   a = ln(1 + e^z) (e^z rounded with "exp", 1 + e^z with "sum"); f'(z) = σ(z), from z
    bce        one sigmoid output: L = −[y ln a + (1 − y) ln(1 − a)], δ = a − y
"""

from __future__ import annotations

from fractions import Fraction

from habit_student import HabitStudent, exp, ln


class SweepStudent(HabitStudent):
    def suffix(self, sample: int | None, step: int) -> str:
        return (f"[{sample}]" if sample is not None else "") + (f"@{step}" if step > 1 else "")

    def activation(self, kind: str, zs: list) -> list:
        if kind == "softplus":
            return [ln(self.r("sum", 1 + self.r("exp", exp(z)))) for z in zs]
        if kind == "identity":
            return list(zs)
        return super().activation(kind, zs)

    def fprime(self, kind: str, z: Fraction, a: Fraction) -> Fraction:
        if kind == "softplus":
            return self.r("fprime", 1 / (1 + exp(-z)))
        if kind == "identity":
            return Fraction(1)
        return super().fprime(kind, z, a)

    def forward(self, weights, biases, x, sample, step):
        t = self.table
        acts, zs = [[Fraction(v) for v in x]], [None]
        for l, layer in enumerate(t["layer"], start=1):
            sfx = self.suffix(sample, step)
            z_row = []
            for j, row in enumerate(weights[l - 1]):
                terms = [self.r("product", w * a) for w, a in zip(row, acts[-1])] + [biases[l - 1][j]]
                z_row.append(self.write(f"z_{j}^{l}{sfx}", self.total(terms)))
            zs.append(z_row)
            outputs = self.activation(layer["activation"], z_row)
            acts.append([self.write(f"a_{j}^{l}{sfx}", a) for j, a in enumerate(outputs)])
        return acts, zs

    def loss(self, out, ys, kind):
        if self.table["loss"] == "cross_entropy":
            return -sum((y * ln(a) for y, a in zip(ys, out) if y), Fraction(0))
        if self.table["loss"] == "bce":
            (a,), (y,) = out, ys
            return -(y * ln(a) if y else 0) - ((1 - y) * ln(1 - a) if y != 1 else 0)
        squares = [self.r("product", (y - a) ** 2) for y, a in zip(ys, out)]
        return self.r("sum", sum(squares, Fraction(0))) / 2

    def work(self) -> dict[str, str]:
        t = self.table
        layers = t["layer"]
        weights = [[[Fraction(w) for w in row] for row in layer["weights"]] for layer in layers]
        biases = [[Fraction(b) for b in layer["biases"]] for layer in layers]
        alpha = Fraction(t["learning_rate"])
        batch = "inputs" in t
        xs = t["inputs"] if batch else [t["input"]]
        ys_all = [[Fraction(y) for y in ys] for ys in (t["targets"] if batch else [t["target"]])]
        depth = len(layers)
        for step in range(1, t.get("steps", 1) + 2):
            samples = []
            for s, (x, ys) in enumerate(zip(xs, ys_all), start=1):
                sample = s if batch else None
                acts, zs = self.forward(weights, biases, x, sample, step)
                loss = self.write(f"L{self.suffix(sample, step)}", self.loss(acts[-1], ys, layers[-1]["activation"]))
                samples.append((sample, acts, zs, ys, loss))
            if batch:
                self.write(f"L{self.suffix(None, step)}", self.r("sum", self.total([s[4] for s in samples])) / len(samples))
            if step == t.get("steps", 1) + 1:
                break
            grads: dict = {}
            for sample, acts, zs, ys, _ in samples:
                sfx = self.suffix(sample, step)
                kind = layers[-1]["activation"]
                out = acts[-1]
                if kind == "softmax" or t["loss"] == "bce":
                    deltas = [a - y for a, y in zip(out, ys)]
                else:
                    deltas = [(a - y) * self.local(depth, j, kind, z, a, sfx)
                              for j, (a, y, z) in enumerate(zip(out, ys, zs[-1]))]
                delta = self.hidden_deltas({depth: [self.write(f"delta_{j}^{depth}{sfx}", d) for j, d in enumerate(deltas)]},
                                           layers, weights, zs, acts, sfx)
                for l in range(1, depth + 1):
                    for j, d in enumerate(delta[l]):
                        for k, a in enumerate(acts[l - 1]):
                            grads.setdefault((l, j, k), []).append(self.write(f"dL/dw_{j}{k}^{l}{sfx}", d * a))
                        grads.setdefault((l, j, None), []).append(self.write(f"dL/db_{j}^{l}{sfx}", d))
            sfx = self.suffix(None, step)
            for (l, j, k), parts in grads.items():
                name = f"dL/dw_{j}{k}^{l}{sfx}" if k is not None else f"dL/db_{j}^{l}{sfx}"
                g = self.write(name, self.r("sum", self.total(parts)) / len(parts)) if batch else parts[0]
                after = self.suffix(None, step + 1)
                if k is not None:
                    weights[l - 1][j][k] = self.write(f"w_{j}{k}^{l}{after}", weights[l - 1][j][k] - self.r("product", alpha * g))
                else:
                    biases[l - 1][j] = self.write(f"b_{j}^{l}{after}", biases[l - 1][j] - self.r("product", alpha * g))
        return self.texts()
