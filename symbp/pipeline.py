"""The whole job for one spec: derive, evaluate, verify.  Nothing is returned unverified."""

from __future__ import annotations


def derive_solution(spec, round_to: int | None = None, symbolic: bool | None = None):
    """(Solution, verify.Report) for a spec; raises VerificationError on any disagreement."""
    from .evaluate import solve
    from .verify import verify

    exact_report = verify(solve(spec), symbolic=symbolic) if round_to is not None else None
    solution = solve(spec, round_to=round_to)
    report = verify(solution, symbolic=symbolic)
    # the calculator mode is checked through the exact solution it approximates: report that check
    return solution, exact_report or report
