"""A message names a quantity as the worked solution does, never by an internal key: a neuron's
local derivative is f'(z_0^1) (key local:da_0^1/dz_0^1), any other local derivative ∂z_0^2/∂w_00^2
or ∂f/∂s (keys local:dz_0^2/dw_00^2, local:df/ds).  A new user's tanh neuron at z = 2999.2 was
refused with `symbp: local:da_0^1/dz_0^1: cannot be computed (…)`."""

from __future__ import annotations

import pytest
from helpers import symbp_here
from symbp.names import reader_name


@pytest.mark.parametrize("key,shown", [
    ("local:da_3^1/dz_3^1", "f'(z_3^1)"),
    ("local:da_0^2[2]@3/dz_0^2[2]@3", "f'(z_0^2[2]@3)"),
    ("local:dz_0^2/dw_00^2", "∂z_0^2/∂w_00^2"),
    ("local:dL/da_1^2", "∂L/∂a_1^2"),
    ("local:df/ds", "∂f/∂s"),
    ("local:df.2/df.1", "∂f.2/∂f.1"),
    ("local:ddx/dx", "∂dx/∂x"),  # a graph node may be called dx
    ("dL/dw_00^1", "dL/dw_00^1"),  # a key an answers file writes: kept
    ("delta_0^2", "delta_0^2"),
    ("Σ_i exp(z_i^2)", "Σ_i exp(z_i^2)"),  # no quantity name: as it is
])
def test_reader_name(key, shown):
    assert reader_name(key) == shown


def _refusal(tmp_path, text: str, *options) -> str:
    path = tmp_path / "s.toml"
    path.write_text(text)
    result = symbp_here("derive", path, *options)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "local:" not in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
    return result.stderr


@pytest.mark.parametrize("options", [(), ("--round-intermediate",)])
def test_a_saturated_tanh_neuron_is_refused_naming_f_prime(tmp_path, options):
    # tanh'(2999.2) = 1 − tanh²(2999.2) ≈ 4e^−5998.4: beyond every precision symbp works at
    spec = ('layers = [1, 1]\nactivation = "tanh"\nloss = "half_sse"\nlearning_rate = 0.1\ninput = [1]\n'
            'target = [0.5]\n[[layer]]\nweights = [[2999.2]]\nbiases = [0]\n')
    # named by the weight that makes z so large and by z_0^1 (too_large.py), as the worked solution names it
    refusal = _refusal(tmp_path, spec, *options)
    assert refusal.split(": ", 2)[2].startswith("the 1st [[layer]] table (layer 1): weights[0][0]: ") and "gives z_0^1 = 3·10^3" in refusal


def test_a_graph_gate_is_refused_naming_its_local_derivative(tmp_path):
    spec = 'kind = "graph"\ninputs = { x = 1 }\noutput = "f"\nstages = ["s = 3000*x", "f = tanh(s)"]\ngates = "primitive"\n'
    assert "∂f/∂s cannot be computed" in _refusal(tmp_path, spec)
