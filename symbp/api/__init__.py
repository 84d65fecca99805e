"""The public Python API (re-exported by `symbp`): specs in, verified solutions, worksheets and
marks out.  The command line is a thin layer over exactly these functions.

In:  a spec (file, TOML text, table or built-in example), options as in the command line.
Out: `Network`/`Graph` specs, `Solution`, `Worksheet`, `CheckReport`/`ClassReport` objects that
     render themselves as text, Markdown, LaTeX, JSON or files, and display in Jupyter.  Every
     failure is a `symbp.SymbpError` subclass whose message is the one the command line prints.

Nothing here imports SymPy at module level: `import symbp` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from ..errors import SpecError
from ..i18n import choose

if TYPE_CHECKING:  # pragma: no cover
    from .marks import AnswerKey, CheckReport, ClassReport
    from .sheets import Worksheet
    from .solution import Solution
    from .specs import Graph, Network

DETAILS = ("auto", "neuron", "matrix", "table")


def load(source: str | Path, *, name: str | None = None) -> Network | Graph:
    """Read a spec: a file (a Path or a file name; "-" is standard input) or TOML text (a string
    with a line break or an "=").  A `kind = "graph"` spec gives a `Graph`, any other a `Network`.

        net = symbp.load("examples/nn231.toml")
        graph = symbp.load('kind = "graph"\\ninputs = { x = -2, y = 5, z = -4 }\\nexpression = "f = (x + y) * z"')

    Raises SpecError naming the field (as `symbp derive` prints it) for anything invalid."""
    from ..inputs import is_stdin
    from .specs import read

    spec = read(source, name)
    text = isinstance(source, str) and ("\n" in source or "=" in source)  # as read() tells text from a file name
    spec._source = ("text",) if text or is_stdin(source) else ("file", str(source))
    return spec


def example(name: str) -> Network | Graph:
    """A built-in example spec by name (see `list_examples()`), e.g. `symbp.example("nn231")`."""
    from ..resources import example_path
    from .specs import read

    spec = read(example_path(name))
    spec._source = ("example", name)
    return spec


def list_examples() -> list[str]:
    """The names of the built-in example specs."""
    from ..resources import list_examples as names

    return names()


def spec_from_dict(table: Mapping, name: str | None = None) -> Network | Graph:
    """A spec from a table of the TOML schema (README "Spec files", "Computational graphs"), e.g.
    a changed copy of `net.to_dict()`."""
    from ..inputs import check_nesting
    from .specs import from_table

    if not isinstance(table, Mapping):
        raise SpecError("spec", f"expected a table of keys, got {type(table).__name__}")
    table = dict(table)
    check_nesting(table, "spec")
    spec = from_table(table, name)
    spec._source = ("text",)
    return spec


def _spec_of(spec, what: str):
    from .specs import Graph, Network

    if not isinstance(spec, (Network, Graph)):
        raise SpecError("spec", f"{what} takes a spec from symbp.load, symbp.example or symbp.spec_from_dict, "
                                f"got {type(spec).__name__}")
    return spec


def derive(spec: Network | Graph, digits: int = 4, *, round_intermediate: bool = False, detail: str = "auto",
           templates: str | Path | None = None, locale: str | None = None) -> Solution:
    """Work a spec out step by step and verify every number by an independent path.

    digits              significant digits of rounded values shown (the computation stays exact)
    round_intermediate  round every shown value to `digits` and carry it on, as with a calculator
    detail              "neuron" (a line per neuron), "matrix", "table" or "auto" (by size)
    templates           a folder of templates that override the built-in ones by name
    locale              the language of the texts, "en", "de" or "fr" (default: the spec's
                        `locale` key, else English); numbers take its decimal mark

        sol = symbp.derive(symbp.example("nn231"))
        sol.values["dL/dw_10^1"], sol.exact["L@2"]     # -0.9, "0.006272"

    Returns a `Solution`; raises VerificationError (exit code 3 on the command line) when the
    independent check disagrees, SpecError for bad input."""
    spec = _spec_of(spec, "derive")
    digits = _bounded_int(digits, "digits", 1, 15)
    round_intermediate = _flag(round_intermediate, "round_intermediate")
    if detail not in DETAILS:
        raise SpecError("detail", f"expected one of: {', '.join(DETAILS)}; got {detail!r}")
    spec.numbers_required()
    from ..render.templates import templates_folder

    templates_folder(templates)  # refused here, not when the solution is first printed
    code = choose(("locale", locale), ("locale", spec.locale))
    return _SOLVERS[spec.kind](spec, digits, round_intermediate, detail, templates, code)


def _derive_network(spec, digits, round_intermediate, detail, templates, locale):
    from ..pipeline import derive_solution
    from ..sympy_cache import of_spec
    from .solution import Solution

    with of_spec(spec._spec):  # SymPy's work for this architecture from the disk cache, as on the command line
        internal, report = derive_solution(spec._spec, round_to=digits if round_intermediate else None, detail=detail)
    return Solution(spec, internal, report, digits, detail, templates, locale)


def _derive_graph(spec, digits, round_intermediate, detail, templates, locale):
    from .. import graph
    from .. import option_words as words
    from .solution import Solution

    for option, value, default in (("round_intermediate", round_intermediate, False), ("detail", detail, "auto")):
        if value != default:
            raise SpecError(words.option(option), "is for networks; a graph's solution works every node "
                                    "from exact values (its lines say where a number shown is rounded)")
    internal = graph.solve(spec._spec)
    return Solution(spec, internal, internal.report, digits, detail, templates, locale)


_SOLVERS: dict[str, Callable] = {"network": _derive_network, "graph": _derive_graph}


def _flag(value, field: str) -> bool:
    """A yes/no option: True or False only ("no" or 0 would pass a truth test and mean the opposite or nothing)."""
    if not isinstance(value, bool):
        raise SpecError(field, f"expected True or False, got {value!r}")
    return value


def _bounded_int(value, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SpecError(field, f"expected a whole number from {low} to {high}, got {value!r}")
    return value


from .checking import check, check_class, load_key  # noqa: E402  (they use the helpers above)
from .sheets import worksheet  # noqa: E402
