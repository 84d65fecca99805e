"""What a worked solution prints for each quantity: a solution and its printed numbers -> {name: shown value}.

Answer keys summarise the worked solution; their numbers must be the very ones the solution
prints.  Every number of a worked solution comes from one `plan.DisplayPlan` (the same printed
number for a quantity wherever it appears: in a line, a matrix, a vector or the table of later
steps), so the summary asks it, through `Lines.printed_value`, for every quantity: the printed
number, and whether it is a rounded value (≈ in a summary; in a line the sign says instead
whether the line's printed numbers give its result exactly).
"""

from __future__ import annotations


def shown_values(solution, summaries) -> dict:
    """name -> {"text": printed value, "approx": True when it is a rounded value, "exact": the
    exact value's {text, approx} where a carried value differs from it at the printed digits, else
    None}, for every quantity; `summaries(names)` gives name -> that dict (`Lines.summary_values`)."""
    return summaries(solution.values)
