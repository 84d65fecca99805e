"""The whole job for one spec: derive, evaluate, verify.  Nothing is returned unverified."""

from __future__ import annotations


def derive_solution(spec, round_to: int | None = None, symbolic: bool | None = None, solution=None):
    """(Solution, verify.Report) for a spec; raises VerificationError on any disagreement.

    `solution`: the spec's exact solution when the caller has already computed it (it is verified
    here all the same)."""
    from .evaluate import solve
    from .verify import verify

    exact = solution if solution is not None and solution.round_to is None else None
    exact = exact or solve(spec)  # once: solving twice doubled the time of large networks
    report = verify(exact, symbolic=symbolic)
    if round_to is None:
        return exact, report
    # The calculator mode's values are the exact solution's, rounded as they are written down: it
    # is checked through the exact solution it approximates, and its report says so.
    report.approximates_exact = True
    return solve(spec, round_to=round_to), report
