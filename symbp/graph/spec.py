"""Graph specs: TOML (or its table) -> a validated `GraphSpec`.

    kind = "graph"
    title = "Sigmoid neuron"                       # optional
    inputs = { w0 = 2, x0 = -1, w1 = -3, x1 = -2, w2 = -3 }
    output = "f"                                   # optional: the last stage
    stages = ["s = w0*x0 + w1*x1 + w2", "f = 1 / (1 + exp(-s))"]   # or: expression = "f = …"
    gates = "primitive"                            # or "as_written"
    # [variants] …                                 # for worksheets: see variants.py

Every number becomes an exact Fraction; every problem a `SpecError` naming the field (and, inside
a stage, the position): unknown keys, names that are not names, a stage that redefines a name,
unknown names, a cycle, an input or a stage the output does not use.  Whether the expression can
be computed at the given numbers is checked when it is built (build.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path

from .. import toml_read
from ..core.expr import Call, children, refs
from ..core.identity import name
from ..errors import SpecError
from ..inputs import toml_float
from ..number_input import short_repr
from ..spec import check_keys
from ..spec_fields import spec_number
from .parse import check_name, identity_of, parse_stage, split_stage

KIND = "graph"
KEYS = {"kind", "title", "inputs", "output", "stages", "expression", "gates", "variants", "locale"}
GATES = ("primitive", "as_written")
MAX_INPUTS = 24
MAX_STAGES = 24
MAX_INPUT_SIZE = 10**6
MAX_TITLE = 200
MAX_SPEC_BYTES = 64_000
EULER = "e"


@dataclass(frozen=True)
class GraphSpec:
    inputs: tuple  # ((name, Fraction), ...) in the order given
    stages: tuple  # Stage, in order of computation
    output: str
    gates: str = "primitive"
    title: str | None = None
    name: str = "graph"
    variants: dict = field(default_factory=dict, compare=False, hash=False)
    locale: str | None = None  # the language of its solution (i18n.py)

    @property
    def input_values(self) -> dict:
        return dict(self.inputs)

    def with_inputs(self, values: dict) -> "GraphSpec":
        return replace(self, inputs=tuple((n, Fraction(values[n])) for n, _ in self.inputs))

    def with_stages(self, stages: tuple, output: str) -> "GraphSpec":
        return replace(self, stages=stages, output=output)


def load_graph_spec(path: str | Path) -> GraphSpec:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SpecError(str(path), f"cannot read ({exc.strerror})") from None
    return parse_graph_spec(data, path.stem)


def parse_graph_spec(data: bytes | str, source: str = "graph") -> GraphSpec:
    if len(data) > MAX_SPEC_BYTES:
        raise SpecError("spec", f"is {len(data)} bytes long; at most {MAX_SPEC_BYTES} are allowed")
    text = data.decode("utf-8", errors="strict") if isinstance(data, bytes) else data
    try:
        table = toml_read.loads(text, parse_float=toml_float)  # (1e-400 read as written, not as 0)
    except (toml_read.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SpecError("spec", f"not valid TOML ({exc})") from None
    return graph_spec_from_dict(table, source)


def _inputs(value) -> tuple:
    if not isinstance(value, dict) or not value:
        raise SpecError("inputs", "expected a table of names and numbers, e.g. { x = -2, y = 5 }")
    if len(value) > MAX_INPUTS:
        raise SpecError("inputs", f"has {len(value)} inputs; at most {MAX_INPUTS} are allowed")
    result = []
    for label, number in value.items():
        check_name(label, f"inputs.{label}")
        exact = spec_number(number, f"inputs.{label}")  # (exact, and within 10^±100 in size, or 0)
        if abs(exact) > MAX_INPUT_SIZE:
            raise SpecError(f"inputs.{label}", f"{short_repr(number)} lies outside the range of a graph's inputs, "
                                               f"at most 10^{len(str(MAX_INPUT_SIZE)) - 1} in size")
        result.append((label, exact))
    return tuple(result)


def read_stages(table: dict, inputs: tuple, output=None) -> tuple[tuple, str]:
    """(stages in order of computation, output) from `stages` or `expression` of a table."""
    if ("stages" in table) == ("expression" in table):
        raise SpecError("stages", "give either stages = [\"s = …\", \"f = …\"] or expression = \"f = …\"")
    if "expression" in table:
        texts, fields = [table["expression"]], ["expression"]
    else:
        texts = table["stages"]
        if not isinstance(texts, list) or not texts:
            raise SpecError("stages", "expected a list of strings such as \"f = x * y\"")
        if len(texts) > MAX_STAGES:
            raise SpecError("stages", f"has {len(texts)} stages; at most {MAX_STAGES} are allowed")
        fields = [f"stages[{i}]" for i in range(len(texts))]  # (0-based, as weights[0] and every list of a spec)
    defined = {label: "inputs" for label, _ in inputs}
    for text, where in zip(texts, fields):
        label = split_stage(text, where)[0]
        if label in defined:
            raise SpecError(where, f"redefines {label!r}, already defined in {defined[label]}")
        defined[label] = where
    known = set(defined)
    stages = [parse_stage(text, where, known) for text, where in zip(texts, fields)]
    for stage in stages:
        if not refs(stage.tree):
            raise SpecError(stage.field, f"{stage.name} depends on no input; write its number where it is used")
    _check_euler(stages, defined)
    output = table.get("output", stages[-1].name) if output is None else output
    if not isinstance(output, str) or output not in {s.name for s in stages}:
        names = ", ".join(s.name for s in stages)
        raise SpecError("output", f"must name a stage ({names}), got {short_repr(output)}")
    return _in_order(stages, inputs, output), output


def _check_euler(stages: list, defined: dict) -> None:
    """A graph with exp(…) prints it e^x: a node named e beside it would read as Euler's number
    (e · x + e^x at e = 2: is e^x 2^x?)."""
    if EULER in defined and any(_uses(stage.tree, "exp") for stage in stages):
        where = defined[EULER]
        raise SpecError(f"inputs.{EULER}" if where == "inputs" else where,
                        f"{EULER!r} would read as Euler's number beside exp(…), which is printed e^x; "
                        "choose another name")


def _uses(tree, op: str) -> bool:
    return (isinstance(tree, Call) and tree.op == op) or any(_uses(a, op) for a in children(tree))


def _in_order(stages: list, inputs: tuple, output: str) -> tuple:
    """The stages in order of computation (as written where it allows); errors for a cycle and
    for an input or a stage the output does not use."""
    by_name = {s.name: s for s in stages}
    uses = {s.name: [name(identity) for identity in refs(s.tree)] for s in stages}
    order: list = []
    state: dict = {}

    def visit(label: str, trail: list) -> None:
        if state.get(label) == "done" or label not in by_name:
            return
        if state.get(label) == "active":
            cycle = trail[trail.index(label):] + [label]
            raise SpecError(by_name[label].field, f"a cycle: {' -> '.join(cycle)}")
        state[label] = "active"
        for used in uses[label]:
            visit(used, trail + [label])
        state[label] = "done"
        order.append(by_name[label])

    for stage in stages:
        visit(stage.name, [])
    needed = set()
    stack = [output]
    while stack:
        current = stack.pop()
        if current not in needed:
            needed.add(current)
            stack.extend(uses.get(current, []))
    for stage in stages:
        if stage.name not in needed:
            raise SpecError(stage.field, f"{stage.name} is not used by the output {output}")
    for label, _ in inputs:
        if label not in needed:
            raise SpecError(f"inputs.{label}", f"is not used by the output {output}")
    return tuple(order)


def graph_spec_from_dict(table: dict, source: str = "graph") -> GraphSpec:
    if table.get("kind") != KIND:
        raise SpecError("kind", f"expected \"{KIND}\", got {table.get('kind')!r}")
    check_keys(table, KEYS, "")
    title = table.get("title")
    if title is not None and (not isinstance(title, str) or len(title) > MAX_TITLE):
        raise SpecError("title", f"expected a text of at most {MAX_TITLE} characters")
    gates = table.get("gates", "primitive")
    if gates not in GATES:
        raise SpecError("gates", f"expected one of: {', '.join(GATES)}; got {short_repr(gates)}")
    variants = table.get("variants", {})
    if not isinstance(variants, dict):
        raise SpecError("variants", "expected a table")
    from ..i18n import code_of

    locale = code_of(table.get("locale"))
    inputs = _inputs(table.get("inputs"))
    stages, output = read_stages(table, inputs)
    return GraphSpec(inputs, stages, output, gates, title, source, variants, locale)


__all__ = ["GraphSpec", "load_graph_spec", "parse_graph_spec", "graph_spec_from_dict", "read_stages", "identity_of"]
