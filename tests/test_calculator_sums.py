"""The calculator run's written-down sums, kept per (architecture, detail) (pipeline._ROUNDED_SUMS),
are those its Layout gives: two details and two architectures in one process each get their own."""

from __future__ import annotations

from symbp import evaluate
from symbp.layout import Layout
from symbp.pipeline import calculator_run
from symbp.resources import example_path
from symbp.spec import load_spec


def test_each_detail_and_architecture_carries_its_own_written_sums(monkeypatch):
    real, asked = evaluate.solve, []
    monkeypatch.setattr(evaluate, "solve", lambda spec, **options: asked.append(options.get("round_sums"))
                        or real(spec, **options))
    seen = {}
    for example in ("nn231", "batch3", "nn231", "batch3"):
        spec = load_spec(example_path(example))
        exact = real(spec)
        for detail in ("matrix", "neuron", "auto", "matrix"):
            sums = Layout(spec, detail, carried=True).rounded_sums(exact.derivation)
            kept = calculator_run(exact, 3, detail)
            assert asked[-1] == sums
            assert kept.values == real(spec, round_to=3, round_sums=sums).values
            seen[(example, detail)] = sums
    # nn231's vector (W^T δ) is written down in matrix form only; batch3's sums are its own
    assert seen[("nn231", "matrix")] and not seen[("nn231", "neuron")] and not seen[("nn231", "auto")]
    assert seen[("batch3", "matrix")] != seen[("nn231", "matrix")]
