"""A spec's size: the values it asks symbp to compute (`work`), against the limits derive and check
admit (README "Limits and exit codes"); a spec beyond them is a `SpecError` naming `layers`."""

from __future__ import annotations

from .errors import SpecError

# `check` diagnoses every wrong value from the student's numbers, a cost that grows faster than the
# work: it keeps the earlier limit (a wholly wrong file for 64-64-64, work 17,410, took > 5 minutes)
MAX_CHECK_WORK = 8000
MAX_WORK = 105_000  # admits the documented extremes: 64 wide × 12 layers (104,450), 2-3-1 with 64 samples × 50 steps (84,864)


def parameters(widths) -> int:
    """Weights and biases of a network of these widths (with a bias in every layer)."""
    return sum((widths[l - 1] + 1) * widths[l] for l in range(1, len(widths)))


def work(widths, samples: int, steps: int, per_update: int = 0) -> int:
    """About the number of values a spec asks symbp to compute, show and verify: per sample and
    forward pass, z, a and δ of every neuron, a gradient per parameter and the loss; and per step
    and parameter `per_update` values of its optimizer and regularization (`Training.values_per_update`:
    Adam's m, v, m̂, v̂, ∂J/∂p).  The time to derive and verify grows with it (benchmarks/bench_limits.py)."""
    return samples * (steps + 1) * (parameters(widths) + 3 * sum(widths[1:]) + 1) + steps * parameters(widths) * per_update


def check_size(widths, samples: int, steps: int, per_update: int) -> None:
    """SpecError unless symbp derives a spec of this size (MAX_WORK), before its numbers are read."""
    if work(widths, samples, steps, per_update) > MAX_WORK:
        raise SpecError("layers", f"too large: {_work_text(widths, samples, steps, per_update)} = "
                                  f"{work(widths, samples, steps, per_update):,} "
                                  f"values, beyond the limit of {MAX_WORK:,} (README: Limits and exit codes)")


def check_markable(spec) -> None:
    """SpecError unless `check` can mark answers to this spec in seconds (MAX_CHECK_WORK)."""
    widths = list(spec.widths)
    per_update = spec.training.values_per_update
    size = work(widths, spec.samples, spec.steps, per_update)
    if size > MAX_CHECK_WORK:
        raise SpecError("layers", f"too large to mark: {_work_text(widths, spec.samples, spec.steps, per_update)} = {size:,} "
                                  f"values, beyond check's limit of {MAX_CHECK_WORK:,} (README: Limits and exit codes)")


def _work_text(widths, samples: int, steps: int, per_update: int = 0) -> str:
    text = (f"{samples} sample{'s' if samples != 1 else ''} × ({steps} step{'s' if steps != 1 else ''} + 1) × "
            f"({parameters(widths)} parameters + 3 × {sum(widths[1:])} neurons + 1)")
    if per_update:  # the optimizer's states and ∂J/∂p, per step and parameter
        text += f" + {steps} × {parameters(widths)} parameters × {per_update} optimizer values"
    return text
