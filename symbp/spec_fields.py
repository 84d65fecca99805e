"""The fields of a spec table, read: a TOML value -> an exact number, a whole number, a vector, a
registry's name, or a `SpecError` naming the field; unknown keys refused (`check_keys`)."""

from __future__ import annotations

from fractions import Fraction

from .errors import SpecError, did_you_mean
from .number_input import OutOfRange
from .numbers import parse_exact, short_repr
from .shape_errors import count

# Spec numbers lie within 10^-SPEC_EXPONENT .. 10^SPEC_EXPONENT (or are 0): the independent float64
# verification must be able to hold them and the values that follow from them.
SPEC_EXPONENT = 100
MAX_WIDTH = 64  # neurons in one layer
MAX_LAYERS = 12  # layers after the input
MIN_LEARNING_RATE = Fraction(1, 10**12)  # a smaller step can vanish in the 50 digits of the engine (1e-50 did)


_READ: dict = {}  # (type, TOML int or float) -> its number: a large spec repeats a few distinct values


def _number(value, field_name: str) -> Fraction:
    """A spec number: exact, within the number limits and within 10^±SPEC_EXPONENT (or 0)."""
    key = (type(value), value)
    known = _READ.get(key) if type(value) in (int, float) else None
    if known is not None:
        return known
    if isinstance(value, float) and value - value != 0 and value == value:  # inf (1e500 in TOML is its Decimal)
        raise outside_range(value, field_name)
    try:
        number = parse_exact(value, field_name)
    except OutOfRange:  # beyond even symbp's number limits ("1e5000"): this field's own limit says it
        raise outside_range(value, field_name) from None
    if number and not Fraction(1, 10**SPEC_EXPONENT) <= abs(number) <= 10**SPEC_EXPONENT:
        raise outside_range(value, field_name)
    if type(value) in (int, float) and len(_READ) < 4096:
        _READ[key] = number
    return number


spec_number = _number  # (the graph spec's inputs are read by the same rule)


def outside_range(value, field_name: str, bound: bool = False) -> SpecError:
    """The refusal of a number beyond the range of spec numbers, echoing it as written (-1e200,
    1e500, inf: float() of 1e400 overflows, and 1e-400 would read "0"); `bound`: a [variants]
    range's bound or kink_distance, held to the largest size only."""
    limits = f"at most 10^{SPEC_EXPONENT} in size" if bound else \
        f"10^-{SPEC_EXPONENT} to 10^{SPEC_EXPONENT} in size (or 0)"
    return SpecError(field_name, f"{short_repr(value)} lies outside the range of spec numbers, {limits}")


def _int(value, field_name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SpecError(field_name, f"expected a whole number, got {short_repr(value)}")
    if not low <= value <= high:
        raise SpecError(field_name, f"expected a whole number from {low} to {high}, got {short_repr(value)}")
    return value


def _vector(value, field_name: str, length: int | None) -> tuple[Fraction, ...]:
    if not isinstance(value, list):
        raise SpecError(field_name, f"expected a list of numbers, got {short_repr(value)}")
    if length is not None and len(value) != length:
        whole = all(type(v) is int for v in value)  # [0,1, 0,2, -0,3]: decimal commas, read as 6 whole numbers
        comma = whole and (len(value) == 2 * length and all(v >= 0 for v in value[1::2])
                           or length < len(value) < 2 * length and 0 in value)  # [1, -0,5]: a 0 before a comma
        raise SpecError(field_name, f"expected {count('number', length)}, got {len(value)}"
                                    + (" (decimal commas? a spec writes 0.1, not 0,1)" if comma else ""))
    read = _READ  # (the field's name made only for a number not read before: 50,000 in a large spec)
    return tuple(read.get((type(v), v)) or _number(v, f"{field_name}[{i}]") if type(v) in (int, float)
                 else _number(v, f"{field_name}[{i}]") for i, v in enumerate(value))


def sample_vector(value, field_name: str, length: int) -> tuple[Fraction, ...]:
    """input or target of one sample; a list of rows (a batch written under the one-sample key) is
    refused with the batch's key named: input = [[…], …] -> inputs."""
    if isinstance(value, list) and value and any(isinstance(v, list) for v in value):
        raise SpecError(field_name, f"expected {count('number', length)}, got {count('row', len(value))}; for a batch "
                                    "write inputs = [[...], ...] and targets = [[...], ...] (one row per sample)")
    return _vector(value, field_name, length)


def spelled_numbers(data: dict, depth: int) -> dict:
    """{field: value} of a valid spec table's inputs, weights, biases and learning rate that are no
    plain TOML int or float (1e9, 0x10, "1/3"), named as refusals name them: input[0], inputs[1][0],
    the 1st [[layer]] table (layer 1): weights[0][1], learning_rate."""
    from .spec import layer_table

    rows = [("input", data["input"])] if "input" in data else [(f"inputs[{s}]", r) for s, r in enumerate(data["inputs"])]
    for l, table in enumerate(data.get("layer", ())[:depth], start=1):
        where = layer_table(l) + ": "
        rows += [(f"{where}weights[{j}]", row) for j, row in enumerate(table["weights"])]
        rows += [(f"{where}biases", table["biases"])] if "biases" in table else []
    plain = {int, float}
    spelled = {f"{field}[{i}]": v for field, row in rows if not set(map(type, row)) <= plain
               for i, v in enumerate(row) if type(v) not in plain}
    rate = data.get("learning_rate")
    return spelled if type(rate) in plain else {**spelled, "learning_rate": rate}


def widths_of(widths_raw) -> tuple[int, ...]:
    """`layers`: the widths, input first."""
    if not isinstance(widths_raw, list) or len(widths_raw) < 2:
        raise SpecError("layers", f"expected a list of at least two layer widths, input first, got {short_repr(widths_raw)}")
    if len(widths_raw) - 1 > MAX_LAYERS:
        raise SpecError("layers", f"at most {MAX_LAYERS} layers after the input are supported, got {len(widths_raw) - 1}")
    return tuple(_int(w, f"layers[{i}]", 1, MAX_WIDTH) for i, w in enumerate(widths_raw))


def learning_rate_of(value) -> Fraction:
    learning_rate = _number(value, "learning_rate")
    if learning_rate <= 0:
        raise SpecError("learning_rate", f"expected a positive number, got {short_repr(value)}")
    if learning_rate < MIN_LEARNING_RATE:
        raise SpecError("learning_rate", f"expected at least 1e-12 (a smaller step can vanish in the 50 digits "
                                         f"symbp computes with), got {short_repr(value)}")
    return learning_rate


def read_in_order(table: dict, readers: dict) -> dict:
    """{key: its value read} of the keys of `readers` the table gives, read in the table's (the
    file's) order: the first bad one is the first the file shows."""
    return {key: readers[key](value) for key, value in table.items() if key in readers}


def check_keys(table: dict, allowed: set, where: str) -> None:
    """Unknown keys are errors, with the closest known key suggested."""
    for key in table:
        if key not in allowed:
            raise SpecError(f"{where}{key}", f"unknown key{did_you_mean(key, sorted(allowed))}; "
                                             f"expected one of: {', '.join(sorted(allowed))}")


def _name(value, field_name: str, registry: dict) -> str:
    if not isinstance(value, str) or value not in registry:
        raise SpecError(field_name, f"unknown {field_name.split('.')[-1]} {short_repr(value)}{did_you_mean(value, registry)}; "
                                    f"expected one of: {', '.join(registry)}")
    return value
