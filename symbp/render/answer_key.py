"""The JSON answer key: every quantity's value (full float precision) and exact value, and, for the
calculator mode, the carried values its worked solution shows.  Keys and numbers are the same in
every locale; the one prose value (verified.of) is in the current locale's words."""

from __future__ import annotations

import json

from ..i18n import message
from ..numbers import exact_string


def carried_values(solution) -> dict | None:
    """The calculator mode's values by name (exact decimals as strings), or None without it."""
    carried = solution.carried
    if carried is None:
        return None
    return {name: exact_string(value) for name, value in carried.values.items()}


def answer_key(solution, report=None) -> dict:
    from ..spec import spec_to_dict

    key = {
        "title": solution.spec.title,
        "mode": solution.mode,
        "values": {name: float(value) for name, value in solution.values.items()},
        "exact": {name: exact_string(value) for name, value in solution.values.items()},
        "spec": spec_to_dict(solution.spec),
    }
    if solution.carried is not None:
        key["carried"] = carried_values(solution)
        key["rounded_to_significant_digits"] = solution.carried.round_to
    if report is not None:
        key["verified"] = {
            "quantities_against_float64": report.quantities,
            "gradients_against_finite_differences": report.finite_differences,
            "gradients_against_sympy_diff_of_whole_loss": report.symbolic,
            # with an optimizer or regularization (verify_training.py); absent for plain SGD
            **({"regularized_gradients_against_finite_differences_of_J": report.finite_differences_of_j}
               if report.finite_differences_of_j else {}),
            **({"update_formulas_against_sympy": report.symbolic_updates} if report.symbolic_updates else {}),
            "of": message("key_json.of_exact" if report.approximates_exact else "key_json.of_values"),
        }
        if report.finite_difference_directions:  # a large network's (verify.FD_PER_GRADIENT_LIMIT)
            key["verified"]["random_directions_against_finite_differences"] = report.finite_difference_directions
    return key


def render_json(solution, report=None, **_options) -> str:
    return json.dumps(answer_key(solution, report), indent=2, ensure_ascii=False) + "\n"
