"""With regularization the worked solution says what became of the regularized cost J = L + R (the
quantity the updates minimize) as well as of the cost L: a run where L fell while J rose said only
"The cost fell" (review 33).  The directions come from an independent float computation
(plain_training.py); the readback refuses a sentence whose J is not the one printed on its line."""

from __future__ import annotations

import tomllib

import pytest

import plain_training
from symbp.errors import VerificationError
from symbp.pipeline import derive_solution
from symbp.render.worked import render_markdown, render_text
from symbp.spec import parse_spec

SPEC = """title = "3-4-2 with {name}"
layers = [3, 4, 2]
loss = "mse"
learning_rate = 0.5
input = [0.5, -1, 2]
target = [1, 0]
steps = 2
weight_decay = 0.01
l1 = 0.001
[optimizer]
name = "{name}"{extra}
[[layer]]
activation = "tanh"
weights = [[0.1, -0.2, 0.3], [0.4, 0.1, -0.5], [-0.3, 0.2, 0.1], [0.2, 0.2, 0.2]]
biases = [0.1, 0, -0.1, 0.05]
[[layer]]
activation = "sigmoid"
weights = [[0.5, -0.4, 0.3, 0.2], [-0.1, 0.6, -0.2, 0.4]]
biases = [0, 0.1]
"""


EXTRA = {"rmsprop": "\nrho = 0.99\neps = 1e-8", "sgd": "", "adam": ""}  # (plain_training takes them as given)


def _spec(name: str) -> str:
    return SPEC.format(name=name, extra=EXTRA[name])


def _word(before: float, after: float) -> str:
    return "fell" if after < before else "rose"


@pytest.mark.parametrize("name", ["rmsprop", "sgd"])
def test_the_regularized_cost_is_said_to_move_the_way_it_moved(name):
    text = _spec(name)
    floats = plain_training.train(tomllib.loads(text))
    solution, report = derive_solution(parse_spec(text, name="reg"))
    out = render_text(solution, report)
    assert f"The cost {_word(floats['L'], floats['L@3'])} from" in out
    assert f"The regularized cost J = L + R, which the updates minimize, {_word(floats['J'], floats['J@3'])} from" in out


def test_rmsprop_lowers_the_cost_but_raises_the_regularized_cost():
    floats = plain_training.train(tomllib.loads(_spec("rmsprop")))
    assert floats["L@3"] < floats["L"] and floats["J@3"] > floats["J"]  # the case the sentence must not hide


def test_no_sentence_on_j_without_regularization():
    text = _spec("adam").replace("weight_decay = 0.01\nl1 = 0.001\n", "")
    solution, report = derive_solution(parse_spec(text, name="plain"))
    assert "regularized cost" not in render_markdown(solution, report)


def test_the_readback_refuses_a_j_other_than_its_line(monkeypatch):
    from symbp.render import worked_training

    real = worked_training.regularized_change

    def swapped(solution, lines, final_t):
        said = real(solution, lines, final_t)
        return dict(said, before=said["after"], after=said["before"])

    monkeypatch.setattr("symbp.render.worked.regularized_change", swapped)
    solution, report = derive_solution(parse_spec(_spec("rmsprop"), name="reg"))
    with pytest.raises(VerificationError, match="regularized cost other than"):
        render_markdown(solution, report)
