"""The JSON answer key: every quantity's value (full float precision) and exact value."""

from __future__ import annotations

import json

from ..numbers import exact_string


def answer_key(solution, report=None) -> dict:
    from ..spec import spec_to_dict

    key = {
        "title": solution.spec.title,
        "mode": solution.mode,
        "values": {name: float(value) for name, value in solution.values.items()},
        "exact": {name: exact_string(value) for name, value in solution.values.items()},
        "spec": spec_to_dict(solution.spec),
    }
    if solution.round_to:
        key["rounded_to_significant_digits"] = solution.round_to
    if report is not None:
        key["verified"] = {
            "quantities_against_float64": report.quantities,
            "gradients_against_finite_differences": report.finite_differences,
            "gradients_against_sympy_diff_of_whole_loss": report.symbolic,
            "of": "the exact solution these rounded values approximate" if report.approximates_exact else "these values",
        }
    return key


def render_json(solution, report=None, **_options) -> str:
    return json.dumps(answer_key(solution, report), indent=2, ensure_ascii=False) + "\n"
