"""Specs of the public API: a TOML source or a table -> a `Network` or a `Graph`, by its `kind`.

In:  a spec file (bounded: `inputs.read_text`), TOML text, or a parsed table.
Out: `Network` (a dense network, the default kind) or `Graph` (`kind = "graph"`), each wrapping the
     validated internal spec (`spec.Spec`, `graph.spec.GraphSpec`) with what a user needs: its
     name and title, `to_dict()`, `with_values({...})` for a changed copy, and its display in
     Jupyter (a network as its SVG drawing; a graph, or a network given without numbers, as
     Markdown from templates/md/spec.md.jinja).

KINDS maps a spec's `kind` to the class that reads it; a new exercise kind is one more entry.
"""

from __future__ import annotations

import copy
from fractions import Fraction
from pathlib import Path

from ..errors import SpecError, in_file
from ..i18n import localized


class _Spec:
    """What both kinds share: the internal spec, the table it was read from, display."""

    kind = ""

    def __init__(self, spec, table: dict):
        self._spec, self._table = spec, table

    @property
    def name(self) -> str:
        """The spec's name: its file name without .toml (or "network"/"graph" for text and tables)."""
        return self._spec.name

    @property
    def title(self) -> str | None:
        return self._spec.title

    @property
    def locale(self) -> str | None:
        """The spec's `locale` key (the language of its outputs), or None (English unless chosen)."""
        return self._spec.locale

    def to_dict(self) -> dict:
        """The spec as a table of the TOML schema (a copy: change it, then `symbp.spec_from_dict`)."""
        return copy.deepcopy(self._table)

    @localized
    def _repr_markdown_(self) -> str:
        from ..render.templates import render_template

        return render_template("md/spec.md.jinja", None, **self._markdown_context())

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/markdown": self._repr_markdown_(), "text/plain": repr(self)}


class Network(_Spec):
    """A fully connected network (README "Spec files").  `complete` is False for a spec that gives
    the architecture only (a worksheet draws its numbers; `derive` and `check` need them)."""

    kind = "network"

    def __init__(self, spec, table: dict, missing_numbers: SpecError | None = None):
        super().__init__(spec, table)
        self._missing_numbers = missing_numbers

    @classmethod
    def from_table(cls, table: dict, name: str) -> "Network":
        from ..spec import spec_from_dict

        try:
            return cls(spec_from_dict(table, name=name), table)
        except SpecError as strict:
            # Numbers left out may be drawn (worksheets); any other error is the spec's error.
            return cls(spec_from_dict(table, name=name, numbers_optional=True), table, strict)

    @property
    def complete(self) -> bool:
        return self._missing_numbers is None

    def numbers_required(self) -> None:
        """The spec's own error (e.g. "layer: missing: …") when its numbers are left out, saying
        that the spec suits `symbp worksheet` as it is (one line)."""
        from ..spec import SUITS_WORKSHEET

        error = self._missing_numbers
        if error is None:
            return
        if SUITS_WORKSHEET in str(error):
            raise error
        message = str(error)[len(error.field) + 2:] if error.field else str(error)
        raise SpecError(error.field, f"{message}; {SUITS_WORKSHEET}")

    @property
    def layers(self) -> tuple[int, ...]:
        return self._spec.widths

    def to_dict(self) -> dict:
        if not self.complete:
            return super().to_dict()
        from ..spec import spec_to_dict

        table = spec_to_dict(self._spec)
        if self._spec.variants:
            table["variants"] = copy.deepcopy(self._spec.variants)
        return table

    def with_values(self, values: dict) -> "Network":
        """A copy with some given numbers changed, by quantity name: weights `w_jk^l`, biases
        `b_j^l`, inputs `a_k^0`, targets `y_j` (`a_0^0[2]`, `y_0[2]` for sample 2 of a batch) and
        the learning rate `alpha`.  The result is validated like any spec."""
        self.numbers_required()
        table = self.to_dict()
        for quantity, value in values.items():
            _set_given(table, self._spec, quantity, value)
        return Network.from_table(table, self.name)

    @localized
    def drawing(self, digits: int = 4):
        """The network drawn as SVG (weights on the edges, biases above the neurons)."""
        from .display import Drawing, network_drawing_svg

        self.numbers_required()
        return Drawing(network_drawing_svg(self._spec, digits))

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        if not self.complete:
            return super()._repr_mimebundle_(include, exclude)
        return {"image/svg+xml": self.drawing().svg, "text/plain": repr(self)}

    def _markdown_context(self) -> dict:
        return {"kind": self.kind, "title": self.title or self.name, "layers": list(self.layers),
                "activations": [layer.activation for layer in self._spec.layers], "loss": self._spec.loss,
                "complete": self.complete}

    def __repr__(self) -> str:
        layers = "-".join(str(w) for w in self.layers)
        return f"<symbp.Network {self.name!r}: {layers}, {self._spec.loss}{'' if self.complete else ', no numbers'}>"


class Graph(_Spec):
    """A computational graph of a scalar expression (`kind = "graph"`, README "Computational graphs")."""

    kind = "graph"

    @classmethod
    def from_table(cls, table: dict, name: str) -> "Graph":
        from ..graph.spec import graph_spec_from_dict
        from ..inputs import check_text

        spec = graph_spec_from_dict(table, name)
        if spec.title is not None:
            check_text(spec.title, "title")  # no control characters for a terminal
        return cls(spec, table)

    complete = True

    def numbers_required(self) -> None:
        pass

    @property
    def inputs(self) -> dict:
        """Input name -> its exact value."""
        return dict(self._spec.inputs)

    def with_values(self, values: dict) -> "Graph":
        """A copy with some inputs' values changed, by name (`{"x": 3}`); validated like any spec."""
        table = self.to_dict()
        known = table.get("inputs", {})
        for label, value in values.items():
            if label not in known:
                raise SpecError(f"inputs.{label}", f"not an input of this graph (its inputs: {', '.join(known)})")
            known[label] = value if not isinstance(value, Fraction) else str(value)
        return Graph.from_table(table, self.name)

    def _markdown_context(self) -> dict:
        from ..numbers import format_decimal

        return {"kind": self.kind, "title": self.title or self.name, "output": self._spec.output,
                "stages": [{"name": s.name, "text": s.text} for s in self._spec.stages], "gates": self._spec.gates,
                "inputs": [{"name": n, "value": format_decimal(v).text} for n, v in self._spec.inputs]}

    def __repr__(self) -> str:
        return f"<symbp.Graph {self.name!r}: {self._spec.output} of {', '.join(self.inputs)}>"


KINDS = {"network": Network, "graph": Graph}
DEFAULT_KIND = "network"


def from_table(table, name: str | None = None) -> Network | Graph:
    """The spec of a parsed table, of the class its `kind` names (a network when it names none)."""
    if not isinstance(table, dict):
        raise SpecError("spec", "expected a table of keys")
    kind = table.get("kind", DEFAULT_KIND)
    if kind not in KINDS or (kind == DEFAULT_KIND and "kind" in table):
        raise SpecError("kind", f"unknown kind {kind!r}; expected {' or '.join(repr(k) for k in KINDS if k != DEFAULT_KIND)}"
                                " (a network gives no kind)")
    return KINDS[kind].from_table(table, name or kind)


def read(source, name: str | None = None) -> Network | Graph:
    """A spec from a file (a Path, or a string naming a file; "-" is standard input) or from TOML
    text (a string with a line break or an "=")."""
    from ..inputs import check_name, display_path, is_stdin, parse_toml, read_text, spec_source

    if isinstance(source, str) and ("\n" in source or "=" in source):
        text, default, where = source, None, "spec"
    elif isinstance(source, (str, Path)):
        text = read_text(source, "spec_file")
        default = "stdin" if is_stdin(source) else check_name(Path(source).stem, f"{display_path(source)}: file name")
        where = spec_source(source)  # a syntax error names the file, and so does any refusal of a field
    else:
        raise SpecError("spec", f"expected a file name or TOML text, got {type(source).__name__}")
    from ..spec import list_comma_hint, spec_hint

    table = parse_toml(text, where, hint=spec_hint)
    if not table:  # an empty file or stdin, or only comments: not "layers: missing"
        from ..spec import EMPTY_SPEC

        raise SpecError(where, EMPTY_SPEC)
    if isinstance(table, dict) and table.get("kind") == "graph":
        from ..graph.spec import MAX_SPEC_BYTES

        if len(text) > MAX_SPEC_BYTES:
            raise SpecError(where, f"is {len(text)} bytes long; at most {MAX_SPEC_BYTES} are allowed")
    try:  # a file's refusal names the file as given, then the field: `symbp: net.toml: learning_rate: …`
        spec = from_table(table, name or default)
    except SpecError as error:
        error = list_comma_hint(error, text)  # ([1,5, 2]: 1.5 meant?)
        raise (error if where == "spec" else in_file(error, where)) from None  # (TOML text given in Python: its fields alone)
    if where != "spec" and getattr(spec, "_missing_numbers", None) is not None:  # said when derive or check needs them
        spec._missing_numbers = in_file(spec._missing_numbers, where)
    if "," in text:  # read as written, perhaps not as meant: input = [1,5, 2]
        from ..notices import notice
        from ..spec import mixed_commas

        for said in mixed_commas(text):
            notice(said if where == "spec" else f"{where}: {said}")
    return spec


def _set_given(table: dict, spec, quantity: str, value) -> None:
    """Put one named given number into a network's table."""
    from ..core import identity as ids
    from ..names import LEARNING_RATE, parse

    if quantity.strip() == LEARNING_RATE:
        table["learning_rate"] = _plain(value)
        return
    given = parse(quantity)
    kind = given.kind if given is not None else None
    if kind not in (ids.WEIGHT, ids.BIAS, ids.ACTIVATION, ids.TARGET) or (kind == ids.ACTIVATION and given.layer != 0) \
            or given.step != 1:
        raise SpecError(quantity, "not a number this spec gives (weights w_jk^l, biases b_j^l, inputs a_k^0, "
                                  "targets y_j, the learning rate alpha)")
    idx = given.indices
    sample = given.sample - 1 if given.sample else 0
    try:
        if kind in (ids.ACTIVATION, ids.TARGET):
            rows = table["inputs" if kind == ids.ACTIVATION else "targets"] if spec.batch else None
            row = rows[sample] if rows is not None else table["input" if kind == ids.ACTIVATION else "target"]
            if rows is None and given.sample:
                raise IndexError
            row[idx[0]] = _plain(value)
        else:
            if given.layer < 1:
                raise IndexError
            layer = table["layer"][given.layer - 1]
            if kind == ids.WEIGHT:
                layer["weights"][idx[0]][idx[1]] = _plain(value)
            else:
                layer["biases"][idx[0]] = _plain(value)
    except (IndexError, KeyError, TypeError, ValueError):
        raise SpecError(quantity, "names no number of this network") from None


def _plain(value):
    """A number for a spec table: a Fraction as its exact text ("1/3"), anything else as it is."""
    return str(value) if isinstance(value, Fraction) else value
