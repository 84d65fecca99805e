"""An architecture's derivation, made only when something reads it.

In:  an architecture (`Spec.architecture()`).
Out: `derive(architecture)`: derivation.derive's result, its module (the chain rule's formula trees,
     ~8 ms of imports) imported at the first call; `MadeWhenRead`: a Solution's derivation field,
     made at the first read where the solution was computed without it (layerwise.py, straight.py)
     — a warm answer key never reads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .derivation import Derivation


def derive(architecture: tuple) -> Derivation:
    """derivation.derive (cached per architecture), imported when first called."""
    from .derivation import derive as made

    return made(architecture)


class MadeWhenRead:
    """A Solution's derivation: the architecture's (`derive`), made when first read where the
    solution was computed without it."""

    def __set_name__(self, owner, name):
        self.slot = "_" + name

    def __get__(self, solution, owner=None):
        if solution is None:
            raise AttributeError("no default")  # (a dataclass field without one)
        made = solution.__dict__.get(self.slot)
        if made is None:
            made = solution.__dict__[self.slot] = derive(solution.spec.architecture())
        return made

    def __set__(self, solution, derivation):
        solution.__dict__[self.slot] = derivation
