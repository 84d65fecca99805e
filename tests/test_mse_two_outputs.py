"""mse with n = 2 outputs: the output δ line keeps the loss's factor 2/n as 2/2, as the formula
section writes it (2/n·(a_j − y_j)·f'(z_j)), instead of dropping it — without it, δ and the cost
line 1/2·(…) read as half_sse's, not the spec's mse.

Hand-worked (identity outputs, W = diag(0.5, 0.5), b = 0, x = (1, 2), y = (0, 0)):
a = (0.5, 1); L = 1/2·((0 − 0.5)² + (0 − 1)²) = 1/2·1.25 = 0.625;
∂L/∂a_j = 2/2·(a_j − y_j): δ = (0.5, 1); ∂L/∂w_01 = δ_0·x_1 = 1."""

from __future__ import annotations

import symbp

NETWORK = {
    "title": "mse, two outputs", "layers": [2, 2], "activation": "identity", "loss": "mse",
    "learning_rate": 0.1, "input": [1, 2], "target": [0, 0],
    "layer": [{"weights": [[0.5, 0], [0, 0.5]], "biases": [0, 0]}],
}


def _text(table, **options) -> str:
    return symbp.derive(symbp.spec_from_dict(table), **options).to("text")


def test_the_output_delta_keeps_two_over_n():
    text = _text(NETWORK)
    assert "δ_0^1 = 2/2·(a_0^1 − y_0)·id'(z_0^1) = 2/2·(0.5 − 0)·1 = 0.5" in text
    assert "δ_1^1 = 2/2·(a_1^1 − y_1)·id'(z_1^1) = 2/2·(1 − 0)·1 = 1" in text
    assert "δ_j^L = ∂L/∂z_j^L = ∂L/∂a_j^L·∂a_j^L/∂z_j^L = 2/n·(a_j^L − y_j)·id'(z_j^L)" in text


def test_the_cost_line_is_the_mean_over_the_two_outputs():
    text = _text(NETWORK)
    assert "L = 1/2·((y_0 − a_0^1)² + (y_1 − a_1^1)²) = 1/2·((0 − 0.5)² + (0 − 1)²) = 0.625" in text
    assert "∂L/∂w_01^1 = δ_0^1·a_1^0 = 0.5·2 = 1" in text


def test_the_matrix_form_too():
    text = _text(NETWORK, detail="matrix")
    assert "δ^1 = 2/n·(a^1 − y) ⊙ id'(z^1) = 2/2·((0.5, 1) − (0, 0)) ⊙ (1, 1) = (0.5, 1)" in text


def test_other_output_counts_are_unchanged():
    three = dict(NETWORK, layers=[2, 3], target=[0, 0, 0],
                 layer=[{"weights": [[0.5, 0], [0, 0.5], [0, 0]], "biases": [0, 0, 0]}])
    # 2/3·(0.5 − 0)·1 = 1/3 ≈ 0.3333
    assert "δ_0^1 = 2/3·(a_0^1 − y_0)·id'(z_0^1) = 2/3·(0.5 − 0)·1 ≈ 0.3333" in _text(three)
