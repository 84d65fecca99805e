"""rev33: a single line that cannot be brought even to one unit (Adam's batch: a softmax output whose
result carries the guard digits a chain of later lines asked for, through three Adam steps) made
`DisplayPlan.solve` re-solve the *whole* derivation to one unit: simple forward lines lost their guard
digits and were printed "≈†" (0.8·0.14185106 ≈† 0.1134809; 1/2·(0.57983 + 0.78986) ≈† 0.68484).  Before
guard33 (41997ab) this spec had 20 "≈†" lines at --digits 5, after it 65 (cap33: 43).  Now only the line
at the start of that chain of demands is held to one unit (render/plan_reach.py): every other line keeps
its guard digits.  Counted here as a reader counts them: the "≈†" lines of the text, each read back
by tests/linecheck.py (its own parser and arithmetic)."""
from __future__ import annotations

import random

import pytest

from linecheck import check_text
from symbp import api
from test_invariant import random_case

ADAM_BATCH = {"layers": [2, 1, 2], "loss": "cross_entropy", "steps": 3, "learning_rate": "0.5",
              "inputs": [["-1.4", "1.4"], ["-1.4", "0.7"]], "targets": [[1, 0], ["1/5", "4/5"]],
              "optimizer": {"name": "adam"},
              "layer": [{"activation": "sigmoid", "weights": [["0.7", "-0.3"]], "biases": ["-0.4"]},
                        {"activation": "softmax", "bias": False, "weights": [["0.8"], ["-0.9"]]}]}
AT_41997AB = 20  # "≈†" lines of ADAM_BATCH at --digits 5 printed by 41997ab (before guard33)


def marked_lines(text: str) -> int:
    """The lines marked "≈†" (the legend, which explains the mark, is not one); every line is checked."""
    violations, reader = check_text(text)
    assert violations == [] and reader.lines_checked > 10
    return sum(["≈† " in line for line in text.splitlines()])


def test_a_forward_product_keeps_its_half_unit_beside_an_adam_update():
    text = api.derive(api.spec_from_dict(ADAM_BATCH), 5, detail="neuron").to("text")
    line = next(l for l in text.splitlines() if l.strip().startswith("z_0^2[1] = "))
    assert "≈†" not in line
    assert marked_lines(text) <= AT_41997AB


@pytest.fixture
def one_unit_everywhere(monkeypatch):
    """`solve` as it was for a line out of reach: the whole derivation held to one unit (its guard-digit
    passes refused at once, so it ends in `_grow_narrow`'s one-unit pass)."""
    from symbp.errors import VerificationError
    from symbp.render.plan import DisplayPlan

    grow = DisplayPlan._grow

    def one_unit(plan, *links):
        if plan._half:
            raise VerificationError("held to one unit everywhere")
        return grow(plan, *links)

    return lambda: monkeypatch.setattr(DisplayPlan, "_grow", one_unit)


OPTIMIZERS = [{"name": "adam"}, {"name": "rmsprop"}, {"name": "adagrad"}, {"name": "momentum"}]


def optimizer_case(seed: int):
    table, detail, digits, _ = random_case(seed + 9000)
    table["optimizer"] = random.Random(seed).choice(OPTIMIZERS)
    return table, detail, digits


@pytest.mark.parametrize("seed", [2, 14, 54])  # 54: RMSprop at --digits 2, a line out of reach (one held)
def test_no_more_lines_one_unit_off_than_a_one_unit_solve(seed, one_unit_everywhere):
    """Random networks of test_invariant with an optimizer: the guard-digit plan, with its per-line
    fallback, never marks more lines "≈†" than holding every line to one unit does."""
    table, detail, digits = optimizer_case(seed)
    planned = api.derive(api.spec_from_dict(table), digits, detail=detail).to("text")
    one_unit_everywhere()
    held = api.derive(api.spec_from_dict(table), digits, detail=detail).to("text")
    assert marked_lines(planned) <= marked_lines(held)
