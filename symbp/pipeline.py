"""The whole job for one spec: derive, evaluate, verify.  Nothing is returned unverified."""

from __future__ import annotations

from . import evaluate, names, verify as verification  # (their functions read when called: tests replace them)
from .collector import paused
from .number_input import refuse_beyond_limits


def derive_solution(spec, round_to: int | None = None, symbolic: bool | None = None, solution=None,
                    detail: str = "auto"):
    """(Solution, verify.Report) for a spec; raises VerificationError on any disagreement.

    The Solution holds the exact (or high-precision) values; with `round_to` it also carries the
    calculator mode's values (`Solution.carried`, see `carry`), shown with `detail`.
    `solution`: the spec's exact solution when the caller has already computed it (it is verified
    here all the same)."""
    with paused():
        exact = solution if solution is not None and solution.round_to is None else evaluate.solve(spec)
        refuse_beyond_limits(exact.values, names.reader_name)  # (σ(−2400) ≈ 10^−1043: no answer could give it)
        report = verification.verify(exact, symbolic=symbolic)
        if round_to is not None:
            # The calculator mode's values are the exact solution's, rounded as they are written
            # down: checked through the exact solution they approximate (and, line by line, when
            # rendered), and the report says so.
            carry(exact, round_to, detail)
            report.approximates_exact = True
    return exact, report


def carry(solution, digits: int, detail: str = "auto"):
    """Attach to an exact solution its calculator run (`calculator_run`)."""
    solution.carried = calculator_run(solution, digits, detail)
    return solution


def calculator_run(solution, digits: int, detail: str = "auto"):
    """The calculator run of an exact solution: every value the worked solution (with this
    `detail`) writes down rounded to `digits` significant digits and carried on."""
    spec = solution.spec
    key = (spec.architecture(), detail)
    sums = _ROUNDED_SUMS.get(key)
    if sums is None:
        from .layout import Layout

        if len(_ROUNDED_SUMS) >= 64:
            _ROUNDED_SUMS.clear()
        sums = _ROUNDED_SUMS[key] = Layout(spec, detail, carried=True).rounded_sums(solution.derivation)
    return evaluate.solve(spec, round_to=digits, round_sums=sums)


# The sums the calculator mode writes down (Layout.rounded_sums), by what they depend on: the
# architecture (its widths, biases and steps; its derivation's quantities) and the detail.
_ROUNDED_SUMS: dict = {}
