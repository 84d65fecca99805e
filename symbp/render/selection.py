"""Quantities of a derivation picked for one part of a worked solution: (kind, step, sample,
layer) -> the quantities in order of computation, from an index built once per derivation."""

from __future__ import annotations

_INDEX: dict = {}


def select(quantities, kind, step, sample, layer=None) -> list:
    """The quantities of one kind, step, sample (and layer), in order of computation."""
    index = _INDEX.get(id(quantities))
    if index is None or index[0] is not quantities:
        table: dict = {}
        for q in quantities:
            table.setdefault((q.kind, q.step, q.sample, None), []).append(q)
            if q.layer is not None:
                table.setdefault((q.kind, q.step, q.sample, q.layer), []).append(q)
        index = _INDEX[id(quantities)] = (quantities, table)
    return index[1].get((kind, step, sample, layer), [])


def of_solution(solution, kind, step, sample, layer=None) -> list:
    return select(solution.derivation.quantities, kind, step, sample, layer)
