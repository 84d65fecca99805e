"""The forms in which a worked solution writes a local derivative: core trees -> core trees, by
SymPy with the quantities' names as symbols (so that terms come in the order of those names):
as read (`sympy_form`), factored (`factored`, once per shape), a softmax δ with targets that sum
to 1 simplified (`targets_summed`).  Each is kept in the architecture's cache file (sympy_cache)."""

from __future__ import annotations

from . import names
from .core.expr import Call, Ref, rebuild
from .core.tree_data import from_data, key_of, to_data
from .sympy_cache import recall


class _Named:
    """Trees <-> SymPy with the quantities' names as symbols (SymPy orders terms by them)."""

    def __init__(self):
        self.symbols: dict = {}
        self.identities: dict = {}

    def symbol(self, identity):
        if identity not in self.symbols:
            import sympy

            self.symbols[identity] = sympy.Symbol(names.name(identity), real=True)
            self.identities[self.symbols[identity]] = identity
        return self.symbols[identity]

    def to_sympy(self, tree):
        from .core.symbolic import to_sympy

        return to_sympy(tree, self.symbol)

    def tree(self, expression):
        from .core.symbolic import from_sympy

        return from_sympy(expression, lambda s: Ref(self.identities[s]))


def sympy_form(tree, factor: bool = False):
    """A local derivative as the page writes it: read through SymPy with the quantities' names as
    symbols (so that its terms come in the order of those names), factored if asked."""
    def compute():
        import sympy

        named = _Named()
        expression = named.to_sympy(tree)
        return named.tree(sympy.factor(expression) if factor else expression)

    return recall("factored" if factor else "sympy_form", lambda: key_of(tree), compute, from_data, to_data)


_FACTORED: dict = {}  # shape of a local derivative -> its factored shape: SymPy factors each shape once


def factored(tree):
    """∂L/∂a_j as the page writes it: SymPy's factored form of the local derivative (the same
    for every sample and step, whose names order alike)."""
    from .core.expr import fill, shape

    shaped, references = shape(tree)
    if shaped not in _FACTORED:
        factored = sympy_form(tree, factor=True)
        positions = {Ref(identity): Ref(placeholder) for identity, placeholder in
                     zip(references, (r.identity for r in _placeholders(len(references))))}
        _FACTORED[shaped] = rebuild(factored, lambda r: positions.get(r, r))
    return fill(_FACTORED[shaped], tuple(Ref(i) for i in references))


def _placeholders(count: int) -> tuple:
    from .core.expr import placeholder

    return tuple(Ref(placeholder(i)) for i in range(count))


def targets_summed(total, targets: list, j: int):
    """A softmax δ_j with targets that sum to 1: one target other than y_j eliminated
    (y_r = 1 − Σ_{i≠r} y_i) and the product expanded, so that Σ_i y_i collapses to 1 and y_j
    survives: δ_j = a_j − y_j."""
    def compute():
        import sympy

        named = _Named()
        ys = [named.symbol(y) for y in targets]
        r = next((i for i in range(len(ys) - 1, -1, -1) if i != j), j)
        product = sympy.expand(named.to_sympy(total))
        others = sympy.Add(*(y for i, y in enumerate(ys) if i != r))
        return named.tree(sympy.expand(product.xreplace({ys[r]: 1 - others})))

    key = lambda: f"{key_of(total)}/{key_of(Call('add', tuple(Ref(y) for y in targets)))}/{j}"  # noqa: E731
    return recall("targets_summed", key, compute, from_data, to_data)
