"""How far each rounded input moves a line's value, for plan.py's `_culprit`, in one pass over the line.

In:  a line's formula (formula.py), the printed (Fraction) value of every input, the true value of
     the rounded inputs that may get another digit (Fraction, or a high-precision number).
Out: `likely_culprits`: the inputs among which `_culprit`'s own evaluation must choose — one alone
     where that choice is certain — or None where this pass cannot tell (then `_culprit` evaluates
     the line once per input, as before).

`_culprit` evaluates the whole line again for every rounded input with that input's true value:
quadratic in a line's length (z of a 64-wide layer: 64 rounded activations, 129 numbers, 64 · 129
operations per guard digit).  Where the line is a sum of products in which each such input
appears once (z, δ, ∂L/∂w: Ref, Const, Add, Sub, Mul, Neg), its move from input i is exactly
∂line/∂i · (true_i − printed_i), the derivative read at the printed numbers — one pass for all.
This pass works in float64 (an input's change from its exact value, so that only rounding
errors of ~10⁻¹⁵ of the line's size enter); `_culprit`'s evaluation rounds too (50-digit arithmetic
where a true value is irrational, read back to 40 digits).  Both stay within SLACK of the line's
size, so an input whose move is more than twice that below the largest move cannot be the one
`_culprit` picks; those that are not are handed back, and `_culprit` evaluates them as before
(most lines: one; exact ties all of them).  Its arithmetic gives up on a sum that
cancels in all but 16 bits (that input is passed over): a line one of whose partial sums any input's
move could bring near 0 is left to `_culprit` whole, and so is one with a number beyond float64's
comfortable range.
"""

from __future__ import annotations

from fractions import Fraction

from .. import formula as F

SLACK = 1e-12  # both evaluations' rounding, relative to the line's size (float64: ~1e-15 here)
RANGE = (1e-250, 1e250)  # numbers outside it (nonzero) are left to `_culprit`


def likely_culprits(formula: F.Node, printed: dict, true: dict, candidates: list) -> list | None:
    """The candidates `_culprit` must still evaluate, in their order (see the module docstring)."""
    found = sized_culprits(formula, printed, true, candidates)
    return None if found is None else found[0]


def sized_culprits(formula: F.Node, printed: dict, true: dict, candidates: list, changes: dict | None = None) -> tuple | None:
    """(`likely_culprits`, the bound of the line's size they were told apart by), or None; `changes`:
    each candidate's `input_change`, if known (plan.py keeps them while an input's printed value stays)."""
    if len(candidates) < 3:
        return None
    try:
        if changes is None:
            changes = {name: _change(true[name], printed[name]) for name in candidates}
        elif None in changes.values():
            raise _Unsupported
        walk = _Walk(printed, changes)
        _, multipliers, size = walk.node(formula)
        moves = [abs(multipliers.get(name, 0.0) * changes[name]) for name in candidates]
        _in_range(size)
        for name, move in zip(candidates, moves):
            if move or multipliers.get(name):  # (0 only where a factor is an exact 0)
                _in_range(move)
    except _Unsupported:
        return None
    floor = max(moves) - 2 * SLACK * size
    return [name for name, move in zip(candidates, moves) if move >= floor], size


class _Unsupported(Exception):
    """Not a sum of products with each changed input once, a partial sum near 0, or a number out of RANGE."""


def _in_range(number: float) -> float:
    if not RANGE[0] <= abs(number) <= RANGE[1]:
        raise _Unsupported
    return number


def _float(value: Fraction) -> float:
    try:
        return _in_range(float(value)) if value else 0.0
    except OverflowError:  # beyond float64 (a Fraction above 10^308): out of RANGE too
        raise _Unsupported from None


def input_change(true, printed) -> float | None:
    """`_change` (None where the one pass cannot use it): the same for as long as `printed` is."""
    try:
        return _change(true, printed)
    except _Unsupported:
        return None


def _change(true, printed) -> float:
    """true − printed in float64, from the exact difference (a binary high-precision number is exact)."""
    if type(printed) is not Fraction:
        raise _Unsupported
    true = exact_value(true)
    if true is None:
        raise _Unsupported
    return _float(true - printed)


def exact_value(true) -> Fraction | None:
    """A true value as a Fraction: itself, or a binary high-precision number's exact value (None: 0, inf, nan
    or not such a number)."""
    if type(true) is Fraction:
        return true
    raw = getattr(true, "_mpf_", None)
    if raw is None:
        return None
    sign, mantissa, exponent, _ = raw
    if not mantissa:  # 0, or inf and nan
        return None
    mantissa = -int(mantissa) if sign else int(mantissa)
    return Fraction(mantissa * 2**exponent) if exponent >= 0 else Fraction(mantissa, 2**-exponent)


class _Walk:
    def __init__(self, printed: dict, changes: dict):
        self.printed, self.changes = printed, changes
        self.seen: set = set()

    def node(self, node) -> tuple:
        """(value at the printed numbers, {changed input: ∂node/∂input}, a bound of |node| with
        every input at the larger of its printed and true size), in float64."""
        kind = type(node)
        if kind is F.Ref:
            name = node.name
            value = self.printed[name]
            if type(value) is not Fraction:
                raise _Unsupported
            value = _float(value)
            if name in self.changes:
                if name in self.seen:
                    raise _Unsupported
                self.seen.add(name)
                return value, {name: 1.0}, abs(value) + abs(self.changes[name])
            return value, {}, abs(value)
        if kind is F.Const:
            if type(node.value) is not Fraction:
                raise _Unsupported
            value = _float(node.value)
            return value, {}, abs(value)
        if kind is F.Neg:
            return self._negated(self.node(node.arg))
        if kind is F.Sub:
            return self._sum([self.node(node.left), self._negated(self.node(node.right))])
        if kind is F.Add:
            return self._sum([self.node(term) for term in node.terms])
        if kind is F.Mul:
            return self._product([self.node(factor) for factor in node.factors])
        raise _Unsupported

    @staticmethod
    def _negated(part: tuple) -> tuple:
        value, multipliers, size = part
        return -value, {name: -m for name, m in multipliers.items()}, size

    def _sum(self, parts: list) -> tuple:
        multipliers, size = {}, 0.0
        for _, part_multipliers, part_size in parts:
            multipliers.update(part_multipliers)
            size += part_size
        partial = parts[0][0]
        nearest = float("inf")
        for value, _, _ in parts[1:]:
            partial += value
            nearest = min(nearest, abs(partial))
        if len(parts) > 1 and multipliers:
            # `_culprit`'s arithmetic gives up on a sum cancelled to 16 bits: none near that, far off
            moved = sum([abs(m * self.changes[name]) for name, m in multipliers.items()])
            if nearest - moved <= SLACK * (size + moved):
                raise _Unsupported
        return _in_range(partial) if partial else 0.0, multipliers, _in_range(size) if size else 0.0

    def _product(self, parts: list) -> tuple:
        value, size = 1.0, 1.0
        for part_value, _, part_size in parts:
            value *= part_value
            size *= part_size
        multipliers = {}
        exact_zero = not value and not all([part_value for part_value, _, _ in parts])  # (not an underflow)
        for i, (_, part_multipliers, _) in enumerate(parts):
            if part_multipliers:
                others = 1.0
                for j, (other, _, _) in enumerate(parts):
                    if j != i:
                        others *= other
                for name, m in part_multipliers.items():
                    multipliers[name] = m * others if exact_zero else _in_range(m * others)
        size_zero = not all([part_size for _, _, part_size in parts])  # (a factor exactly 0, its move too)
        return value if exact_zero else _in_range(value), multipliers, size if size_zero else _in_range(size)
