"""The whole job for one spec: derive, evaluate, verify.  Nothing is returned unverified."""

from __future__ import annotations


def derive_solution(spec, round_to: int | None = None, symbolic: bool | None = None, solution=None):
    """(Solution, verify.Report) for a spec; raises VerificationError on any disagreement.

    `solution`: the spec's exact solution when the caller has already computed it (it is verified
    here all the same)."""
    from .evaluate import solve
    from .verify import verify

    exact = solution if solution is not None and solution.round_to is None else None
    exact_report = verify(exact or solve(spec), symbolic=symbolic) if round_to is not None else None
    solution = solve(spec, round_to=round_to) if round_to is not None or exact is None else exact
    report = verify(solution, symbolic=symbolic)
    # the calculator mode is checked through the exact solution it approximates: report that check
    return solution, exact_report or report
