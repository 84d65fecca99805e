"""What a worked solution prints for each quantity: a solution context -> {name: shown value}.

Answer keys summarise the worked solution; their numbers must be the very ones the solution
prints.  `shown_values` reads them off the context's lines (each line dict with a `name` holds
its printed `result` and its relation sign, `approx`); a quantity that has no line of its own
(shown only inside a matrix, a vector or the table of later steps) is asked of the worked
solution's display plan (`printed(name)`: its printed number, and whether it is a rounded value),
which printed it there: one number per quantity wherever it appears.
"""

from __future__ import annotations


def shown_values(context: dict, solution, printed) -> dict:
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
    for name in solution.values:
        if name not in shown:
            shown[name] = printed(name)
    return shown
