"""What a worked solution prints for each quantity: a solution context -> {name: shown value}.

Answer keys summarise the worked solution; their numbers must be the very ones the solution
prints.  `shown_values` reads them off the context's lines (each line dict with a `name` holds
its printed `result` and whether "≈" precedes it, `approx`), so that whatever decides the printed
value (rounding, carried values) decides the summary too.  A quantity that has no line of its own
(shown only inside a matrix, a vector or the table of later steps) is printed by the same
`number` function as those layouts, and marked approximate when its printed digits are rounded.
"""

from __future__ import annotations

from ..numbers import format_decimal


def shown_values(context: dict, solution, number, digits: int) -> dict:
    """name -> {"text": printed value, "approx": True when shown with ≈}, for every quantity."""
    shown: dict = {}

    def walk(node) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("name"), str) and "result" in node:
                shown.setdefault(node["name"], {"text": node["result"], "approx": bool(node.get("approx"))})
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk([context["steps"], context["final"]])
    for name, value in solution.values.items():
        if name not in shown:
            shown[name] = {"text": number(value),
                           "approx": format_decimal(value, digits).rounded or name in solution.rounded}
    return shown
