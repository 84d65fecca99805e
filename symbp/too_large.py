"""Why a value cannot be computed, in the spec's words: a pre-activation so large (input 10^99)
that σ, tanh or e^z of it cannot be worked out even at 1000 digits (1 − σ(5·10^98) cancels in every
digit), named with the spec field that makes it so.

In:  the spec, the compiled program, the values computed before the failure (by slot) and the
     identity of the value that failed.
Out: a SpecError naming the field (`input[0]`, `the 1st [[layer]] table (layer 1): weights[0][0]`)
     and saying why; None where no pre-activation is that large (the caller's message stands).
"""

from __future__ import annotations

from decimal import Decimal

from . import names
from .core import identity as ids
from .errors import SpecError
from .number_input import number_text, short_repr
from .numbers import to_decimal
from .spec import layer_table
from .spec_fields import _number

LARGE_Z = 1000  # |z| beyond this: e^−|z| < 10^−434, where a failure is the size of z (σ(1000) − 1 at 50 digits is 0)


def too_large(spec, program, env: list, failed) -> SpecError | None:
    """The SpecError for a failure caused by a huge pre-activation (see the module docstring), or None."""
    z = _culprit(program, env, failed)
    if z is None:
        return None
    identity, value = z
    if (identity.step or 1) > 1:  # every z of step 1 was of sensible size: the updates made this one huge
        field, advice = "learning_rate", "use a smaller learning rate" + (" or fewer steps" if identity.step > 2 else "")
        because = f"{_written(spec, ('learning_rate',), spec.learning_rate)}: after {_updates(identity.step - 1)} the parameters give"
    else:
        (field, because), advice = _field(spec, program, env, identity), "use inputs and weights of sensible size"
        because += " gives"
    from .activations import ACTIVATIONS

    z = names.reader_name(identity)
    function = ACTIVATIONS[spec.layers[identity.layer - 1].activation].text
    size = "too large" if value > 0 else "too far below 0"  # (softplus(−2·10^5): not "too large")
    return SpecError(field, f"{because} {z} = {_short(value)}, {size} for {function}({z}) and its "
                            f"derivative to be worked out exactly; {advice}")


def _updates(count: int) -> str:
    return "one update" if count == 1 else f"{count} updates"


def _culprit(program, env: list, failed):
    """(identity, value) of the failing value's own z if it is huge, else of the first huge z (by step,
    sample, layer, neuron) computed before the failure; None if none is."""
    huge = []
    for identity, slot in program.index.items():
        if identity.kind == ids.PRE_ACTIVATION and env[slot] is not None and abs(to_decimal(env[slot])) > LARGE_Z:
            huge.append(identity)
    if not huge:
        return None
    own = failed.of if failed.of is not None else failed  # f'(z) = ∂a/∂z: its a
    for identity in huge:
        if (identity.layer, identity.indices, identity.step, identity.sample) == (own.layer, own.indices, own.step, own.sample):
            return identity, env[program.index[identity]]
    first = min(huge, key=lambda i: (i.step, i.sample or 0, i.layer, i.indices))
    return first, env[program.index[first]]


def _field(spec, program, env: list, z) -> tuple[str, str]:
    """The spec field behind the largest term of z = Σ_k w_jk·a_k + b_j, and how it enters ("1e99 (times …)"):
    the spec's numbers as the file wrote them, a computed activation in two digits."""
    l, (j,) = z.layer, z.indices
    layer = spec.layers[l - 1]
    where = layer_table(l) + ": "
    sample = (z.sample or 1) - 1
    terms = []
    for k, w in enumerate(layer.weights[j]):
        if l == 1:
            a = spec.inputs[sample][k]
        else:
            a = env[program.index[ids.value(ids.ACTIVATION, l - 1, (k,), z.step, z.sample)]]
        terms.append((abs(to_decimal(w) * to_decimal(a)), k, w, a))
    size, k, w, a = max(terms, key=lambda term: term[0])
    bias = layer.biases[j] if layer.biases is not None else 0
    if abs(to_decimal(bias)) > size:
        return where + f"biases[{j}]", _written(spec, (where + f"biases[{j}]",), bias)
    weight = f"weights[{j}][{k}]"
    given = (f"inputs[{sample}][{k}]" if spec.batch else f"input[{k}]") if l == 1 else names.name("a", l - 1, (k,), z.sample, z.step)
    w_text = _written(spec, (where + weight,), w)
    a_text = _written(spec, (given, f"inputs[{sample}][{k}]"), a) if l == 1 else _short(a)  # (a batch of one: input)
    if l == 1 and abs(to_decimal(a)) >= abs(to_decimal(w)):
        return given, f"{a_text} (times {weight} = {w_text} of {layer_table(l)})"
    return where + weight, f"{w_text} (times {given} = {a_text})"


def _written(spec, fields: tuple, value) -> str:
    """A spec number as its file wrote it (spec.written, under one of `fields`: 1e9, 0x10), else its
    exact decimal, as a plain number is written (-0.4)."""
    for field in fields:
        raw = spec.written.get(field)
        if raw is not None and _number(raw, field) == value:  # (a worksheet's drawn numbers are not the file's)
            return short_repr(raw)
    return number_text(value)


def _short(value) -> str:
    """A number in two significant digits as the worked solution writes it: 5·10^98, −0.3."""
    text = format(Decimal(to_decimal(value)), ".2g").replace("-", "−")
    mantissa, _, exponent = text.partition("e")
    mantissa = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    if not exponent:
        return mantissa
    return f"{mantissa}·10^{int(exponent)}".replace("^-", "^−")
