"""`--detail auto` and the later training steps (layout.py): beyond 20 parameters or 3 steps they are
shown only in the table — except step 2 of an optimizer with state (momentum, AdaGrad, RMSprop,
Adam), which is shown in full as step 1 is: its update is the first to use the state step 1 left
(Adam's β1·m_1, RMSprop's ρ·v_1), the point of a second step (notes33 found it hidden in the table)."""

from __future__ import annotations

import pytest

from symbp.layout import FULL_LATER_STEPS_MAX_PARAMETERS, Layout
from symbp.spec import spec_from_dict


def _spec(optimizer: str, steps: int):
    """A 3-4-2 network: 4·(3 + 1) + 2·(4 + 1) = 26 parameters."""
    return spec_from_dict({
        "layers": [3, 4, 2], "loss": "mse", "learning_rate": "0.1", "input": ["0.5", "-1", "2"], "target": [1, 0],
        "steps": steps, "optimizer": {"name": optimizer},
        "layer": [{"activation": "tanh", "weights": [["0.1", "-0.2", "0.3"], ["0.4", "0.1", "-0.5"], ["-0.3", "0.2", "0.1"],
                                                     ["0.2", "0.2", "0.2"]], "biases": ["0.1", "0", "-0.1", "0.05"]},
                  {"activation": "sigmoid", "weights": [["0.5", "-0.4", "0.3", "0.2"], ["-0.1", "0.6", "-0.2", "0.4"]],
                   "biases": ["0", "0.1"]}]})


def test_the_network_is_above_the_size_for_later_steps_in_full():
    spec = _spec("sgd", 2)
    assert sum(len(row) + layer.has_bias for layer in spec.layers for row in layer.weights) > FULL_LATER_STEPS_MAX_PARAMETERS


@pytest.mark.parametrize("optimizer", ["momentum", "adagrad", "rmsprop", "adam"])
def test_step_2_of_an_optimizer_with_state_is_shown_in_full(optimizer):
    two, three = Layout(_spec(optimizer, 2), "auto"), Layout(_spec(optimizer, 3), "auto")
    assert two.full(2) and not two.show_table  # every step in full: no table
    assert three.full(2) and not three.full(3) and three.show_table  # step 3 in the table


def test_plain_sgd_and_the_table_detail_keep_the_later_steps_in_the_table():
    sgd, table = Layout(_spec("sgd", 2), "auto"), Layout(_spec("adam", 2), "table")
    assert not sgd.full(2) and sgd.show_table
    assert not table.full(2) and table.show_table
