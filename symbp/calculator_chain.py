"""The calculator chain a carried key (or `derive --round-intermediate`) prints.

In:  a verified exact solution, the significant digits and the worked solution's detail.
Out: a `Chain`: every value the calculator mode writes down, rounded to the digits and carried on
     (pipeline.calculator_run), and the names it rounded.  marking.py counts a value copied from
     it as right; key_file.py checks a key's carried values against it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chain:
    """The calculator run's values as its worked solution (with `detail`) writes them at `digits`
    significant digits (a carried key, `derive --round-intermediate`), and the names it rounded."""

    digits: int
    detail: str
    values: dict
    rounded: frozenset


_CHAINS: dict = {}  # (id of a solution, digits, detail) -> (the solution, its calculator chain); bounded
MAX_CHAINS = 64


def calculator_chain(solution, digits: int, detail: str = "auto") -> Chain:
    """The chain a carried key or `derive --round-intermediate` prints at `digits` with `detail`:
    copied from it, a value is right whatever else the answer says (−0.018, a mean it works out
    exactly, as written).  Without values where that run cannot be made (a value undefined when
    rounded)."""
    from .errors import SpecError
    from .pipeline import calculator_run

    found = _CHAINS.get((id(solution), digits, detail))
    if found is None or found[0] is not solution:
        try:
            run = calculator_run(solution, digits, detail)
            chain = Chain(digits, detail, run.values, frozenset(run.rounded))
        except SpecError:
            chain = Chain(digits, detail, {}, frozenset())
        if len(_CHAINS) >= MAX_CHAINS:
            _CHAINS.clear()
        found = _CHAINS[(id(solution), digits, detail)] = (solution, chain)
    return found[1]
