"""How a plan's printed lines are linked: the lines (relations) -> which key is a copy of which
(∂L/∂b = δ, printed as its original) and which lines each key is printed in (what to check again
when a key gets a guard digit).  The same for every variant of a sheet: worked out once per set of lines.
"""

from __future__ import annotations

from .. import formula as F


def all_copies(original: str, copies: dict) -> list[str]:
    """The copies of `original`, and theirs (∂L/∂b = δ, then momentum's v = ∂L/∂b)."""
    found, stack = [], list(copies.get(original, ()))
    while stack:
        key = stack.pop()
        if key not in found and key != original:
            found.append(key)
            stack.extend(copies.get(key, ()))
    return found


_LINKS: dict = {}  # the printed lines (a tuple of relations) -> their links: the same for a sheet's variants


def links(relations: tuple) -> tuple[dict, dict, dict]:
    """(copies: original -> its copies (∂L/∂b = δ), source: copy -> original, using: key -> the lines
    it is printed in) of the printed lines; do not change them."""
    found = _LINKS.get(relations)
    if found is not None:
        return found
    copies: dict[str, list[str]] = {}
    source: dict[str, str] = {}
    using: dict[str, list] = {}
    for relation in relations:
        if isinstance(relation.formula, F.Ref):
            copies.setdefault(relation.formula.name, []).append(relation.result)
            source[relation.result] = relation.formula.name
        for name in [relation.result, *relation.inputs]:
            using.setdefault(name, []).append(relation)
    if len(_LINKS) >= 64:
        _LINKS.clear()
    found = _LINKS[relations] = (copies, source, using)
    return found


def same_values(key: str, copies: dict, using: dict, values: dict) -> list[str]:
    """`key`, its copies (∂L/∂b = δ) and the results of its one-input lines of the same value (ReLU of a
    positive z, id), and theirs: printed alike (`ReLU(0.8760) = 0.8760`, not `= 0.876`)."""
    found, stack = [], [key]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.append(current)
        stack.extend(all_copies(current, copies))
        stack.extend(relation.result for relation in using.get(current, ())
                     if relation.inputs == [current] and relation.result != current and values.get(relation.result) == values[current])
    return found
