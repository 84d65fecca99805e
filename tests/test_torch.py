"""Random networks against PyTorch autograd in float64 (skipped when torch is not installed; torch
is not a dependency of symbp).

Every z, a, L (per sample and batch), δ (autograd of the sample loss with respect to z), ∂L/∂w,
∂L/∂b (per sample and batch mean) and updated parameter of every step, and the forward pass after
the last update, must agree with the engine to 1e-9 relative.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import assume, given, settings

torch = pytest.importorskip("torch")

from symbp.evaluate import solve  # noqa: E402
from symbp.spec import spec_from_dict  # noqa: E402
from test_oracle import idx, specs  # noqa: E402  (the same random specs as the mpmath oracle)

KINK_NEAR = 1e-12


def t(value) -> "torch.Tensor":
    return torch.tensor(float(Fraction(value)), dtype=torch.float64)


def activate(name, z, slope):
    if name == "softmax":
        return torch.softmax(z, dim=0)
    return {
        "relu": torch.relu,
        "leaky_relu": lambda v: torch.nn.functional.leaky_relu(v, slope),
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "identity": lambda v: v,
        "softplus": lambda v: torch.log(1 + torch.exp(v)),
    }[name](z)


def sample_loss(name, a, y):
    n = a.shape[0]
    if name == "half_sse":
        return 0.5 * torch.sum((y - a) ** 2)
    if name == "mse":
        return torch.sum((y - a) ** 2) / n
    if name == "bce":
        return -torch.sum(y * torch.log(a) + (1 - y) * torch.log(1 - a)) / n
    if name == "cross_entropy":
        return -torch.sum(y * torch.log(a))
    raise KeyError(name)


def torch_values(d) -> dict:
    batch = "inputs" in d
    X = [torch.stack([t(v) for v in row]) for row in (d["inputs"] if batch else [d["input"]])]
    Y = [torch.stack([t(v) for v in row]) for row in (d["targets"] if batch else [d["target"]])]
    alpha = float(Fraction(d["learning_rate"]))
    tables = d["layer"]
    acts = [(tb.get("activation", d.get("activation", "relu")), float(Fraction(tb.get("negative_slope", "0.01")))) for tb in tables]
    W = [torch.tensor([[float(Fraction(v)) for v in row] for row in tb["weights"]], dtype=torch.float64) for tb in tables]
    B = [torch.tensor([float(Fraction(v)) for v in tb["biases"]], dtype=torch.float64) if tb.get("bias", True) else None
         for tb in tables]
    values = {}
    at = lambda step: f"@{step}" if step >= 2 else ""  # noqa: E731
    smp = lambda s: f"[{s}]" if batch else ""  # noqa: E731
    steps = d.get("steps", 1)
    for step in range(1, steps + 2):
        params = [p.clone().requires_grad_(True) for p in W] + [b.clone().requires_grad_(True) for b in B if b is not None]
        Wt = params[:len(W)]
        it = iter(params[len(W):])
        Bt = [next(it) if b is not None else None for b in B]
        losses = []
        for s, (x, y) in enumerate(zip(X, Y), start=1):
            prev, zs = x, []
            for l, (Wl, Bl, (act, slope)) in enumerate(zip(Wt, Bt, acts), start=1):
                z = Wl @ prev + (Bl if Bl is not None else 0)
                z.retain_grad()
                if act in ("relu", "leaky_relu"):
                    assume(bool(torch.all(torch.abs(z) > KINK_NEAR)))  # float64 cannot tell an exact 0
                zs.append(z)
                prev = activate(act, z, slope)
                for j in range(z.shape[0]):
                    values[f"z_{idx(j)}^{l}{smp(s)}{at(step)}"] = z[j].item()
                    values[f"a_{idx(j)}^{l}{smp(s)}{at(step)}"] = prev[j].item()
            L = sample_loss(d["loss"], prev, y)
            losses.append(L)
            if batch:
                values[f"L[{s}]{at(step)}"] = L.item()
            if step <= steps:
                grads = torch.autograd.grad(L, zs + params, retain_graph=True)
                deltas, pgrads = grads[:len(zs)], grads[len(zs):]
                for l, delta in enumerate(deltas, start=1):
                    for j in range(delta.shape[0]):
                        values[f"delta_{idx(j)}^{l}{smp(s)}{at(step)}"] = delta[j].item()
                if batch:
                    record_gradients(values, pgrads, W, B, f"{smp(s)}{at(step)}")
        batch_loss = sum(losses) / len(losses)
        values[f"L{at(step)}"] = batch_loss.item()
        if step > steps:
            break
        grads = torch.autograd.grad(batch_loss, params)
        record_gradients(values, grads, W, B, at(step))
        gw, gb = grads[:len(W)], iter(grads[len(W):])
        W = [w - alpha * g for w, g in zip(W, gw)]
        B = [b - alpha * next(gb) if b is not None else None for b in B]
        for l in range(len(W)):
            for j in range(W[l].shape[0]):
                for k in range(W[l].shape[1]):
                    values[f"w_{idx(j, k)}^{l + 1}@{step + 1}"] = W[l][j, k].item()
                if B[l] is not None:
                    values[f"b_{idx(j)}^{l + 1}@{step + 1}"] = B[l][j].item()
    return values


def record_gradients(values, grads, W, B, suffix):
    gw, gb = grads[:len(W)], iter(grads[len(W):])
    for l in range(len(W)):
        g_bias = next(gb) if B[l] is not None else None
        for j in range(W[l].shape[0]):
            for k in range(W[l].shape[1]):
                values[f"dL/dw_{idx(j, k)}^{l + 1}{suffix}"] = gw[l][j, k].item()
            if g_bias is not None:
                values[f"dL/db_{idx(j)}^{l + 1}{suffix}"] = g_bias[j].item()


@settings(derandomize=True, max_examples=30, deadline=None)
@given(specs())
def test_engine_agrees_with_torch_autograd(spec_dict):
    expected = torch_values(spec_dict)
    engine = solve(spec_from_dict(spec_dict)).values
    assert set(engine) == set(expected), sorted(set(engine) ^ set(expected))
    for name, value in engine.items():
        assert float(value) == pytest.approx(expected[name], rel=1e-9, abs=1e-12), name
