"""What a student's numbers may be, for marking: the values of each, rounded on the way or not.

In:  a verified `Solution`, the student's `Answers`, the marker's own numbers (`env`: the answer's,
     or what follows from them where none was written), the same as the key's calculator chain
     rounds them (`rounded_env`), and the significant digits of the sheet and of the rule.
Out: `StudentValues.explains(quantity, written, rule)`: whether a written value is one the formula
     gives from the answer's own numbers with every value on the way rounded to those digits or
     not, in any mixture (rounding_span.py) — a value worked out on the way (Σ_k w·δ, f'(z)) taken
     as the answer writes it, or worked out again; a number the answer does not write is what
     follows from its own numbers, exact or as the calculator chain rounds it.
"""

from __future__ import annotations

from functools import lru_cache

from .rounding_span import Values, holds, values_of

OPTIONAL_KINDS = ("activation_derivative", "backpropagated")


class StudentValues:
    def __init__(self, solution, answers, env: dict, rounded_env: dict, digits: tuple):
        from .carry import taught

        self.answers, self.env, self.rounded_env, self.digits = answers, env, rounded_env, digits
        self.written: dict = {}  # a formula node, or an f'(z)'s local name -> the written value
        for q in solution.derivation.quantities:
            w = answers.values.get(q.name)
            if q.kind in OPTIONAL_KINDS and w is not None:
                value = Values.of(w.value)
                for node in (q.formula, taught(q.formula)):
                    self.written.setdefault(node, value)
                if q.kind == "activation_derivative":
                    self.written[q.name] = value

    def explains(self, quantity, written, rule, truth: dict | None = None) -> bool:
        """Whether the written value of `quantity` follows from the answer's own numbers (or,
        with `truth`, from the true ones), rounded on the way in any mixture (module docstring)."""
        env = _Numbers(self, truth)
        parts = _parts(quantity.formula)
        uses_written = truth is None and any(node in self.written for node in parts)
        for through_output in ((True, False) if DERIVATIVE in parts else (True,)):
            for steps in ((self.written, {}) if uses_written else ({},)):
                args = (quantity.formula, env, self.digits, through_output, steps)
                outer = values_of(*args, coarse=True)  # a value outside the outer ends is none of them
                if outer is not None and not holds(written, outer, rule):
                    continue
                if holds(written, values_of(*args, _names(quantity.formula)), rule):
                    return True
        return False


@lru_cache(maxsize=1 << 12)
def _names(node) -> tuple:
    """The numbers a formula reads, also through a (σ' as a(1 − a))."""
    from .carry import taught
    from .formula import refs

    return tuple(dict.fromkeys(refs(node) + refs(taught(node))))


DERIVATIVE = "f'"  # in a formula's parts: it has an f'(z), worked out through a or from z


@lru_cache(maxsize=1 << 12)
def _parts(node) -> frozenset:
    """Every node of a formula, each f'(z) also as its local derivative's name and the taught
    form of the formula's f'(z)s, and DERIVATIVE when it has one."""
    from .carry import taught
    from .formula import Apply, Ref
    from .names import activation_derivative

    found, todo = set(), [node, taught(node)]
    while todo:
        n = todo.pop()
        if n in found:
            continue
        found.add(n)
        if isinstance(n, Apply) and n.function.is_derivative:
            found.add(DERIVATIVE)
            if isinstance(n.args[0], Ref):
                found.add(activation_derivative(n.args[0].name))
        todo.extend(child for value in vars(n).values() for child in (value if isinstance(value, tuple) else (value,))
                    if hasattr(child, "__dataclass_fields__") and not hasattr(child, "sympy_rule"))
    return frozenset(found)


class _Numbers(dict):
    """The values of the answer's numbers (or of the true ones), made when a formula reads them."""

    def __init__(self, values: StudentValues, truth: dict | None):
        super().__init__()
        self.values, self.truth = values, truth

    def __missing__(self, name: str) -> Values:
        if self.truth is not None:
            found = Values.of(self.truth[name])
        else:
            v = self.values
            found = Values.of(v.env[name], *([v.rounded_env[name]] if name in v.rounded_env else []))
        self[name] = found
        return found

    def __contains__(self, name) -> bool:
        return name in (self.truth if self.truth is not None else self.values.env)
