"""Careful students of Mazur's 2-2-2 sigmoid network, simulated here in plain floats (not symbp's arithmetic):
every value written to 4 digits, each worked from the student's own numbers as the calculator holds them —
the 4-digit number written, or 5, 6 digits or all of them kept — f'(z) = a(1 − a) rounded or not on the way.
Every one of them is right (never a right answer called wrong); a value 30 units of its last digit off is wrong
(beyond any rounding, σ' in steps included)."""

from __future__ import annotations

import math
import random
from decimal import Decimal

import symbp

X, Y, W1, B1 = [0.05, 0.10], [0.01, 0.99], [[0.15, 0.20], [0.25, 0.30]], [0.35, 0.35]
W2, B2, RATE = [[0.40, 0.45], [0.50, 0.55]], [0.60, 0.60], 0.5


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _rounded(value: float, digits: int) -> float:
    return float(f"{value:.{digits}g}")


def _student(rng: random.Random) -> dict[str, str]:
    answers: dict[str, str] = {}

    def write(name: str, value: float) -> float:  # the number written; what the calculator goes on with
        answers[name] = f"{value:.4g}"
        return rng.choice([_rounded(value, 4), _rounded(value, 5), _rounded(value, 6), value])

    def keep(value: float) -> float:  # a number not written
        return rng.choice([_rounded(value, 4), _rounded(value, 5), _rounded(value, 6), value])

    z1 = [write(f"z_{j}^1", sum(W1[j][k] * X[k] for k in range(2)) + B1[j]) for j in range(2)]
    a1 = [write(f"a_{j}^1", _sigmoid(z1[j])) for j in range(2)]
    z2 = [write(f"z_{j}^2", sum(W2[j][k] * a1[k] for k in range(2)) + B2[j]) for j in range(2)]
    a2 = [write(f"a_{j}^2", _sigmoid(z2[j])) for j in range(2)]
    write("L", sum(0.5 * (a2[j] - Y[j]) ** 2 for j in range(2)))
    d2 = [write(f"delta_{j}^2", (a2[j] - Y[j]) * keep(a2[j] * (1 - a2[j]))) for j in range(2)]
    g2 = [[write(f"dL/dw_{j}{k}^2", d2[j] * a1[k]) for k in range(2)] for j in range(2)]
    back = [write(f"dL/da_{k}^1", sum(W2[j][k] * d2[j] for j in range(2))) for k in range(2)]
    d1 = [write(f"delta_{k}^1", back[k] * keep(a1[k] * (1 - a1[k]))) for k in range(2)]
    g1 = [[write(f"dL/dw_{j}{k}^1", d1[j] * X[k]) for k in range(2)] for j in range(2)]
    for j in range(2):
        write(f"dL/db_{j}^2", d2[j])
        write(f"dL/db_{j}^1", d1[j])
        write(f"b_{j}^2@2", B2[j] - RATE * d2[j])
        write(f"b_{j}^1@2", B1[j] - RATE * d1[j])
        for k in range(2):
            write(f"w_{j}{k}^2@2", W2[j][k] - RATE * g2[j][k])
            write(f"w_{j}{k}^1@2", W1[j][k] - RATE * g1[j][k])
    return answers


def test_every_careful_student_is_right_and_thirty_units_off_is_wrong():
    spec, rng = symbp.example("mazur"), random.Random(7)
    for _ in range(40):
        answers = _student(rng)
        statuses = symbp.check(spec, answers).statuses
        assert {name: statuses[name] for name in answers if statuses[name] != "correct"} == {}, answers
        name = rng.choice([n for n in answers if not n.startswith(("w_", "b_"))])  # (an update: its old value's digits)
        written = Decimal(answers[name])
        off = written + rng.choice([-30, 30]) * Decimal(1).scaleb(written.adjusted() - 3)
        assert symbp.check(spec, {**answers, name: str(off)}).statuses[name] == "wrong", (name, off)
