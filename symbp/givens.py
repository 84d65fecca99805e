"""A spec's given numbers by name: its numbers in -> {name: Fraction} out, as the exact engine and
the calculator mode start from them.

`given_values`: inputs, targets, learning rate (and an optimizer's settings), step 1's parameters,
by name (`network.given_values`, whose names an architecture fixes: worked out once per
architecture, then paired with a spec's numbers in the same order).  `written_givens`: the same
as the calculator mode writes them down (a value shown rounded, 1/3, is carried rounded).
"""

from __future__ import annotations

from fractions import Fraction
from itertools import compress

from . import names
from .fraction_kept import kept_by_value
from .numbers import format_decimal, round_significant


def given_values(spec, architecture: tuple | None = None) -> dict[str, Fraction]:
    """Inputs, targets, learning rate and step 1's parameters, by name (`network.given_values`;
    `architecture`: the spec's, if the caller has it).  Their names are an architecture's: once
    worked out, a spec's numbers are paired with them in `network.given_values`'s order."""
    architecture = spec.architecture() if architecture is None else architecture
    numbers = given_numbers(spec)
    known = _GIVEN_NAMES.get(architecture)
    if isinstance(known, list):
        return dict(zip(known, numbers))
    from .network import given_values as by_identity

    by_name = {names.name(identity): value for identity, value in by_identity(spec).items()}
    if known is None:  # the first spec of this architecture: are its names one per number, in order?
        same = len(by_name) == len(numbers) and all(a is b for a, b in zip(by_name.values(), numbers))
        if len(_GIVEN_NAMES) >= 32:
            _GIVEN_NAMES.clear()
        _GIVEN_NAMES[architecture] = list(by_name) if same else False  # False: always by network.given_values
    return by_name


_GIVEN_NAMES: dict = {}


def given_numbers(spec) -> list:
    """A spec's given numbers in `network.given_values`'s order."""
    numbers = [spec.learning_rate, *spec.training.givens().values()]
    for x, y in zip(spec.inputs, spec.targets):
        numbers += x
        numbers += y
    for layer in spec.layers:
        biases = layer.biases
        for j, row in enumerate(layer.weights):
            numbers += row
            if biases is not None:
                numbers.append(biases[j])
    return numbers


_SHOWN_ROUNDED: dict = {}  # digits -> {(numerator, denominator): whether format_decimal shows it rounded}


def written_givens(givens: dict, digits: int, rounded: set) -> dict:
    """The givens as the calculator mode writes them: a value shown rounded (1/3) is carried rounded."""
    names, values = list(givens), list(givens.values())
    known = _SHOWN_ROUNDED.get(digits)
    if known is None:
        if len(_SHOWN_ROUNDED) >= 16:
            _SHOWN_ROUNDED.clear()
        known = _SHOWN_ROUNDED[digits] = {}
    out = dict(zip(names, values))
    for i in compress(range(len(names)), kept_by_value(values, known, lambda value: format_decimal(value, digits).rounded)):
        out[names[i]] = round_significant(values[i], digits)
        rounded.add(names[i])
    return out
