"""The classic slip of back-propagating through a layer with its weights already updated — ∂L/∂a_0^1 = w_00^2@2·δ_0^2
+ w_10^2@2·δ_1^2 — is named (stop 68's student tester: no "likely slip" line at all), worked with the updated
weights the answer writes; not where the answer writes none.  Numbers worked here with Decimal (Mazur's example:
W² = [[0.40, 0.45], [0.50, 0.55]], learning rate 0.5), independently of symbp."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import symbp


def r4(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1).scaleb(value.adjusted() - 3), rounding=ROUND_HALF_UP)


def _answers(with_updates: bool = True) -> dict:
    values = symbp.derive(symbp.example("mazur")).values  # the key's givens and values, rounded as a student writes
    d0, d1, a0, a1 = (r4(Decimal(str(float(values[n])))) for n in ("delta_0^2", "delta_1^2", "a_0^1", "a_1^1"))
    w00, w10 = Decimal("0.40") - Decimal("0.5") * d0 * a0, Decimal("0.50") - Decimal("0.5") * d1 * a0  # w − η·δ·a
    slipped = r4(r4(w00) * d0 + r4(w10) * d1)
    answers = {"a_0^1": str(a0), "a_1^1": str(a1), "delta_0^2": str(d0), "delta_1^2": str(d1),
               "dL/da_0^1": str(slipped)}
    if with_updates:
        answers.update({"w_00^2@2": str(r4(w00)), "w_10^2@2": str(r4(w10))})
    return answers


def test_the_updated_weights_are_named():
    answers = _answers()
    report = symbp.check(symbp.example("mazur"), answers)
    mark = report.marks["dL/da_0^1"]
    assert mark["status"] == "wrong" and mark["diagnosis_key"] == "updated_weights", mark
    line = next(line for line in report.to("text").splitlines() if "likely slip" in line and "update" in line)
    assert answers["w_00^2@2"] in line and answers["w_10^2@2"] in line


def test_not_named_without_the_updated_weights():
    mark = symbp.check(symbp.example("mazur"), _answers(with_updates=False)).marks["dL/da_0^1"]
    assert mark["status"] == "wrong" and mark["diagnosis_key"] != "updated_weights"
