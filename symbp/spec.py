"""Spec files: TOML text -> a validated, exact `Spec`.

The schema (README "Spec format") is fixed: later stages, worksheets and answer keys rely on it.
Every number becomes an exact Fraction; every problem becomes a `SpecError` naming the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from .architecture import Architecture
from .errors import SpecError
from .number_input import short_repr
from .numbers import _EXACT_NUMERATOR, _EXACT_PLACES, exact_string, terminating_digits
from .shape_errors import count, rows_error
from .spec_fields import (MAX_LAYERS, MAX_WIDTH, SPEC_EXPONENT, _int, _name, _number, _vector,  # noqa: F401
                          check_keys, learning_rate_of, read_in_order, sample_vector, spelled_numbers, widths_of)  # (check_keys: the readers' door)
from .spec_limits import check_size
from .inputs import check_name, check_text, display_path, is_stdin, parse_toml, read_text
from .optimizer_settings import Training, training_from_dict, training_to_dict

MAX_SAMPLES = 64
MAX_STEPS = 50
DEFAULT_NEGATIVE_SLOPE = Fraction(1, 100)

TOP_KEYS = {
    "title", "layers", "activation", "negative_slope", "loss", "learning_rate", "input", "target",
    "inputs", "targets", "steps", "layer", "variants", "optimizer", "weight_decay", "l1", "regularize_biases",
    "locale",
}
LAYER_KEYS = {"weights", "biases", "activation", "negative_slope", "bias"}


@dataclass(frozen=True)
class LayerSpec:
    """Layer l >= 1: weights[j][k] = w^l_{jk}; biases None for a layer without bias."""

    weights: tuple[tuple[Fraction, ...], ...]
    biases: tuple[Fraction, ...] | None
    activation: str
    negative_slope: Fraction = DEFAULT_NEGATIVE_SLOPE

    @property
    def has_bias(self) -> bool:
        return self.biases is not None


@dataclass(frozen=True)
class Spec:
    widths: tuple[int, ...]
    layers: tuple[LayerSpec, ...]
    loss: str
    learning_rate: Fraction
    inputs: tuple[tuple[Fraction, ...], ...]  # one row per sample
    targets: tuple[tuple[Fraction, ...], ...]
    steps: int = 1
    title: str | None = None
    batch: bool = False  # given as inputs/targets (names then carry [s])
    name: str = "network"
    variants: dict = field(default_factory=dict, compare=False, hash=False)
    training: Training = Training()  # the optimizer and regularization (optimizer_settings.py); plain SGD by default
    locale: str | None = None  # the language of its outputs (i18n.py); None: English unless chosen elsewhere
    written: dict = field(default_factory=dict, compare=False, hash=False, repr=False)  # 1e9 as written (spelled_numbers)

    @property
    def samples(self) -> int:
        return len(self.inputs)

    @property
    def depth(self) -> int:
        """Index L of the output layer."""
        return len(self.layers)

    def architecture(self) -> tuple:
        """What the symbolic derivation depends on: everything but the numbers (made once per spec:
        architecture.py)."""
        made = self.__dict__.get("_architecture")
        if made is None:
            made = Architecture((
                self.widths,
                tuple((l.activation, l.has_bias, l.negative_slope) for l in self.layers),
                self.loss,
                self.samples,
                self.batch,
                self.steps,
            ) + (() if self.training.plain else (self.training.architecture(),)))
            object.__setattr__(self, "_architecture", made)  # (not a field: a frozen spec's own cache)
        return made

    def with_numbers(self, layers, inputs, targets, same_architecture: bool = False) -> "Spec":
        """`replace(self, layers=…, inputs=…, targets=…)`, its fields copied without its call of
        __init__ (a Spec has no __post_init__ to run): a worksheet makes one for each draw.
        `same_architecture`: the caller's `layers` have this spec's activations, biases and slopes,
        and as many samples come: this spec's architecture is the new one's (kept, if made)."""
        made = object.__new__(type(self))
        made.__dict__.update(self.__dict__, layers=tuple(layers), inputs=tuple(inputs), targets=tuple(targets))
        if not same_architecture:
            made.__dict__.pop("_architecture", None)  # (made again from its own layers)
        return made


EMPTY_SPEC = "the spec is empty: no keys at all (it needs at least layers, loss and learning_rate; see examples/nn231.toml)"


def layer_table(l: int) -> str:
    """A [[layer]] table as the spec's reader counts it, with the layer it describes: "the 2nd
    [[layer]] table (layer 2)" (not layer[2], which reads as an index from 0, as weights[0] is)."""
    suffix = "th" if 10 <= l % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(l % 10, "th")
    return f"the {l}{suffix} [[layer]] table (layer {l})"


def load_spec(path: str | Path, numbers_optional: bool = False) -> Spec:
    """Read and validate a spec file ("-": standard input; numbers_optional: see `spec_from_dict`)."""
    text = read_text(path, "spec_file")
    name = "stdin" if is_stdin(path) else check_name(Path(path).stem, f"{display_path(path)}: file name")
    return parse_spec(text, name=name, numbers_optional=numbers_optional)


def parse_spec(text: str, name: str = "network", numbers_optional: bool = False) -> Spec:
    try:
        return spec_from_dict(parse_toml(text, "spec", hint=spec_hint), name=name, numbers_optional=numbers_optional)
    except SpecError as error:
        raise list_comma_hint(error, text) from None


_DECIMAL_COMMA = re.compile(r"^\s*(?P<key>[A-Za-z_][\w.-]{0,39})\s*=\s*(?P<whole>[-+]?\d+),(?P<decimals>\d+)\s*(?:#.*)?$")
# a number, a comma and digits with no space, alone: not 1,2,3 (a list), 1,5e-3 or 1,000,000
_COMMA_IN_LIST = re.compile(r"(?<![\d.,\w])(?P<whole>[-+]?\d+),(?P<decimals>\d+)(?![\d.eE]|,\d)")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'')


def spec_hint(line: str) -> str:
    """What a spec's TOML error ends with where its line is `key = 1,5` (a decimal comma): the key
    and the number with a point, `learning_rate = 1.5`; none for anything else (1,5e-3, 1,000,000)."""
    from .i18n import message

    found = _DECIMAL_COMMA.search(line)
    return message("input.spec_decimal_comma", point=f"{found['key']} = {found['whole']}.{found['decimals']}") \
        if found else ""


def list_comma_hint(error: SpecError, text: str) -> SpecError:
    """A count of numbers refused (`input: expected 2 numbers, got 3`) where the refused field's own line
    shows a number, a comma and digits with no space between ([1,5, 2]: 1.5 meant?): the same refusal,
    asking (its line and the number with a point); any other error as it is."""
    from .i18n import message

    said = str(error)
    if not re.search(r"expected \d+ numbers?, got \d+$", said):  # (not where it asks already: [0,1, 0,2])
        return error
    key = re.search(r"(\w+)(?:\[\d+\])*$", error.field or "")
    if key is None:
        return error
    for number, line in enumerate(text.splitlines(), start=1):
        if not re.match(rf"\s*{key.group(1)}\s*=", line):
            continue
        found = _COMMA_IN_LIST.search(_QUOTED.sub('""', line.split("#", 1)[0]))
        if found:
            field = error.field
            return SpecError(field, (said[len(field) + 2:] if field else said) + message(
                "input.spec_list_comma", line=number, comma=found.group(), point=f"{found['whole']}.{found['decimals']}"))
    return error


_BRACKETED = re.compile(r"\[([^\[\]]*)\]")  # a list's innermost brackets


def mixed_commas(text: str) -> list[str]:
    """A warning for each list of numbers that a spec reads but a decimal comma may have written: `input =
    [1,5, 2]` is read as 1, 5, 2 — a comma with no space between digits where the list's other commas
    have one (a leftover of stop 55: valid TOML, and as many numbers as the layer needs, so no refusal
    asks).  None for [1,2,3], [1, 2, 3], layers = [2,3, 1] (widths have no decimals)."""
    from .i18n import message

    said = []
    for number, line in enumerate(text.splitlines(), start=1):
        if re.match(r"""\s*(?:layers|"layers"|'layers')\s*=""", line):  # (widths have no decimals)
            continue
        code = _QUOTED.sub('""', line.split("#", 1)[0])
        if "," not in code:
            continue
        for group in _BRACKETED.finditer(code):
            spaces = re.findall(r",(\s*)", group.group(1))
            found = _COMMA_IN_LIST.search(group.group(1))
            if found and any(spaces):
                said.append(message("input.spec_mixed_comma", line=number, comma=found.group(), whole=found["whole"],
                                    decimals=found["decimals"], point=f"{found['whole']}.{found['decimals']}"))
                break
    return said


NUMBER_KEYS = ("layer", "input", "inputs", "target", "targets")
# what a spec that leaves numbers out is told where they are needed (derive, check)
SUITS_WORKSHEET = "as it is, the spec suits `symbp worksheet`, which draws the numbers left out"


def with_placeholder_numbers(data: dict) -> dict:
    """An architecture-only spec completed with placeholders (zeros, a one-hot target) for what it
    leaves out, for `symbp worksheet`, whose variants draw every number anew.  What the spec gives
    is kept and validated as usual; a malformed `layers` is left for validation to report."""
    widths = data.get("layers")
    if not (isinstance(widths, list) and 2 <= len(widths) <= MAX_LAYERS + 1
            and all(isinstance(w, int) and not isinstance(w, bool) and 1 <= w <= MAX_WIDTH for w in widths)):
        return data
    data = dict(data)
    tables = data.get("layer", [{} for _ in widths[1:]])
    if isinstance(tables, list) and len(tables) == len(widths) - 1 and all(isinstance(t, dict) for t in tables):
        data["layer"] = [{**({"weights": [[0] * widths[l - 1]] * widths[l]} if "weights" not in t else {}),
                          **({"biases": [0] * widths[l]} if "biases" not in t and t.get("bias", True) is True else {}),
                          **t} for l, t in enumerate(tables, start=1)]
    one_hot = [1] + [0] * (widths[-1] - 1)
    if "input" not in data and "inputs" not in data:
        data["input"] = [0] * widths[0]
    if "target" not in data and "targets" not in data:
        if isinstance(data.get("inputs"), list):
            data["targets"] = [one_hot] * len(data["inputs"])
        else:
            data["target"] = one_hot
    return data


def spec_from_dict(data: dict, name: str = "network", numbers_optional: bool = False) -> Spec:
    """Validate a parsed TOML (or JSON) spec; the error names the field and what was expected.

    numbers_optional: weights, biases, input and target may be left out (`with_placeholder_numbers`)."""
    from .core.operations import activations
    from .losses import LOSSES

    registry = activations()

    if not isinstance(data, dict):
        raise SpecError("spec", "expected a table of keys")
    if not data:
        raise SpecError("spec", EMPTY_SPEC)
    if numbers_optional:
        data = with_placeholder_numbers(data)
    elif not any(key in data for key in NUMBER_KEYS):
        raise SpecError("layer", "missing: this spec gives the architecture only; its weights and biases "
                                 f"([[layer]] tables), input and target are needed here; {SUITS_WORKSHEET}")
    check_keys(data, TOP_KEYS, "")
    # the fields given are read in the file's order, and a bad one is named before a required one left
    # out (layers = [2, "x"] alone: layers[1], then loss)
    read = read_in_order(data, {"layers": widths_of, "activation": lambda v: _name(v, "activation", registry),
                                "negative_slope": lambda v: _number(v, "negative_slope"),
                                "loss": lambda v: _name(v, "loss", LOSSES), "learning_rate": learning_rate_of})
    for required in ("layers", "loss", "learning_rate"):
        if required not in data:
            raise SpecError(required, "missing (required)")
    widths, loss, learning_rate = read["layers"], read["loss"], read["learning_rate"]
    default_activation = read.get("activation", "relu")
    default_slope = read["negative_slope"] if "negative_slope" in read else _number(DEFAULT_NEGATIVE_SLOPE, "negative_slope")
    steps = _int(data.get("steps", 1), "steps", 1, MAX_STEPS)
    samples = len(data["inputs"]) if isinstance(data.get("inputs"), list) else 1
    training = training_from_dict(data, _number)
    check_size(widths, samples, steps, training.values_per_update)  # before the network's numbers are read
    title = data.get("title")
    if title is not None:
        check_text(title, "title")
    from .i18n import code_of

    locale = code_of(data.get("locale"))

    tables = data.get("layer")
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise SpecError("layer", f"missing: expected {len(widths) - 1} [[layer]] tables, one per layer after the input")
    if len(tables) != len(widths) - 1:
        raise SpecError("layer", f"expected {len(widths) - 1} [[layer]] tables (layers = {list(widths)}), got {len(tables)}")

    layers = []
    for l, table in enumerate(tables, start=1):
        where = layer_table(l) + ": "
        check_keys(table, LAYER_KEYS, where)
        rows, cols = widths[l], widths[l - 1]
        weights = table.get("weights")
        if weights is None:
            raise SpecError(where + "weights", f"missing: expected {count('row', rows)} of {count('number', cols)}")
        if not isinstance(weights, list) or len(weights) != rows or not any(isinstance(row, list) for row in weights):
            raise rows_error(where + "weights", weights, rows, cols, f"one row per neuron of layer {l}")
        matrix = tuple(_vector(row, f"{where}weights[{j}]", cols) for j, row in enumerate(weights))
        has_bias = table.get("bias", True)
        if not isinstance(has_bias, bool):
            raise SpecError(where + "bias", f"expected true or false, got {short_repr(has_bias)}")
        if has_bias:
            if "biases" not in table:
                raise SpecError(where + "biases", f"missing: expected {count('number', rows)} (or bias = false)")
            biases = _vector(table["biases"], where + "biases", rows)
        else:
            if "biases" in table:
                raise SpecError(where + "biases", "given, but the layer has bias = false")
            biases = None
        activation = _name(table.get("activation", default_activation), where + "activation", registry)
        slope = _number(table.get("negative_slope", default_slope), where + "negative_slope")
        if "negative_slope" in table and activation != "leaky_relu":
            raise SpecError(where + "negative_slope", f"given, but the layer's activation is {activation} "
                                                      "(negative_slope is for leaky_relu)")
        if registry[activation].arity != 1 and l != len(widths) - 1:
            raise SpecError(where + "activation", f"{activation} is allowed on the output layer only")
        layers.append(LayerSpec(matrix, biases, activation, slope))

    if ("input" in data) == ("inputs" in data):
        raise SpecError("input", "give either input (one sample) or inputs (a batch), not both" if "input" in data
                        else "missing: expected input = [...] (or inputs = [[...], ...] for a batch)")
    batch = "inputs" in data
    if batch:
        if "target" in data or "targets" not in data:
            raise SpecError("targets", "with inputs = [[...], ...] give targets = [[...], ...] (one row per sample)")
        raw_in, raw_out = data["inputs"], data["targets"]
        if not isinstance(raw_in, list) or not raw_in or not all(isinstance(r, list) for r in raw_in):
            raise SpecError("inputs", "expected a list of samples, each a list of numbers")
        if len(raw_in) > MAX_SAMPLES:
            raise SpecError("inputs", f"at most {MAX_SAMPLES} samples are supported, got {len(raw_in)}")
        if not isinstance(raw_out, list) or len(raw_out) != len(raw_in) or not any(isinstance(r, list) for r in raw_out):
            raise rows_error("targets", raw_out, len(raw_in), widths[-1], "one row per sample of inputs")
        inputs = tuple(_vector(r, f"inputs[{s}]", widths[0]) for s, r in enumerate(raw_in))
        targets = tuple(_vector(r, f"targets[{s}]", widths[-1]) for s, r in enumerate(raw_out))
    else:
        if "target" not in data:
            raise SpecError("target", f"missing: expected {count('number', widths[-1])}")
        if "targets" in data:
            raise SpecError("targets", "give either target (one sample) or targets (a batch), not both")
        inputs = (sample_vector(data["input"], "input", widths[0]),)
        targets = (sample_vector(data["target"], "target", widths[-1]),)

    LOSSES[loss].validate_targets(targets, "targets" if batch else "target")
    allowed = LOSSES[loss].output_activations
    if allowed and layers[-1].activation not in allowed:
        raise SpecError("loss", f"{loss} needs outputs that are probabilities: the output layer's activation must be "
                                f"{' or '.join(allowed)}, not {layers[-1].activation}")
    if registry[layers[-1].activation].arity != 1 and widths[-1] < 2:
        raise SpecError("layers", f"{layers[-1].activation} needs at least 2 output neurons (with one it is always 1)")

    if "negative_slope" in data and not any(layer.activation == "leaky_relu" for layer in layers):
        raise SpecError("negative_slope", "given, but no layer's activation is leaky_relu (negative_slope is for leaky_relu)")

    variants = data.get("variants", {})
    if not isinstance(variants, dict):
        raise SpecError("variants", "expected a table")
    # a batch of one sample is that sample: its mean is itself, and a worked solution of it read
    # "L = 1·L[1] = 1·0.5" (and "the mean of the samples' gradients" of one) — names carry no [1]
    batch = batch and len(inputs) > 1
    spec = Spec(widths, tuple(layers), loss, learning_rate, inputs, targets, steps, title, batch, name, variants,
                training, locale, spelled_numbers(data, len(layers)))
    if variants:  # an invalid [variants] table is an error for every command, not only worksheet (none: the defaults)
        from .variants_table import settings_from_spec

        settings_from_spec(spec)
    for key in ("title", "course", "date", "instructions"):
        if key in variants:
            check_text(variants[key], f"variants.{key}", multiline=key == "instructions")
    return spec


_NUMS: dict = {}  # (numerator, denominator) -> spec_to_dict's number of that Fraction (its value alone decides it)


def spec_to_dict(spec: Spec) -> dict:
    """The spec in the TOML schema, numbers as exact decimal strings or plain numbers (for JSON)."""
    places_of: dict = {}  # denominator -> decimal places of its fractions, or None (a spec has few)

    def num(x: Fraction):
        if type(x) is Fraction:  # (kept by its integers: a worksheet's specs draw from a grid of few values)
            key = (x._numerator, x._denominator)
            found = _NUMS.get(key)
            if found is None:
                if len(_NUMS) >= 1 << 14:
                    _NUMS.clear()
                found = _NUMS[key] = written(x)
            return found
        return written(x)

    def written(x: Fraction):
        d = x.denominator
        places = places_of[d] if d in places_of else places_of.setdefault(d, terminating_digits(x))
        if d == 1 and abs(x.numerator) < _EXACT_NUMERATOR:
            return int(x.numerator)
        if places is not None and places <= _EXACT_PLACES and len(str(x.numerator * (10**places // d)).strip("-0")) <= 15:
            return float(x)  # (its shortest repr is the decimal: at most 15 significant digits)
        text = exact_string(x)
        return int(text) if "/" not in text and "." not in text else text  # 0.10000000000000000001 as written

    out: dict = {}
    if spec.title:
        out["title"] = spec.title
    if spec.locale:
        out["locale"] = spec.locale
    out["layers"] = list(spec.widths)
    out["loss"] = spec.loss
    out["learning_rate"] = num(spec.learning_rate)
    if spec.steps != 1:
        out["steps"] = spec.steps
    if spec.batch:
        out["inputs"] = [[num(v) for v in row] for row in spec.inputs]
        out["targets"] = [[num(v) for v in row] for row in spec.targets]
    else:
        out["input"] = [num(v) for v in spec.inputs[0]]
        out["target"] = [num(v) for v in spec.targets[0]]
    out.update(training_to_dict(spec.training, num))
    out["layer"] = []
    for layer in spec.layers:
        table = {"weights": [[num(v) for v in row] for row in layer.weights], "activation": layer.activation}
        if layer.has_bias:
            table["biases"] = [num(v) for v in layer.biases]
        else:
            table["bias"] = False
        if layer.activation == "leaky_relu":
            table["negative_slope"] = num(layer.negative_slope)
        out["layer"].append(table)
    return out
