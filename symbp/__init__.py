"""symbp: symbolic backpropagation — worked, verified backpropagation solutions, worksheets and marking.

    import symbp
    net = symbp.load("examples/nn231.toml")     # or symbp.example("nn231"), symbp.spec_from_dict({...}), TOML text
    sol = symbp.derive(net, digits=4)            # verified, else symbp.VerificationError
    sol.values["dL/dw_10^1"], sol.exact["L@2"]   # the JSON key's maps
    sol.to_markdown(); sol.save("out.pdf")       # text, md, tex, json; .pdf needs pdflatex
    ws = symbp.worksheet(net, variants=30, seed=1); ws.save("week5/", pdf=True)
    report = symbp.check(net, {"z_0^1": -0.5, "a_0^1": 0})
    report.points, report.statuses

In Jupyter, specs, solutions, worksheets and reports display themselves (SVG drawings, Markdown
with $…$ math, a colour-coded table).  Errors are the exceptions below, with the messages the
command line prints: SpecError (bad input, exit code 2), VerificationError (3), ToolMissingError
(4: pdflatex missing), LatexError (5).  See README "Python and Jupyter".

Pipeline, one module per stage: spec.py (TOML -> Spec) -> derivation.py (chain rule -> quantities)
-> evaluate.py (exact numbers) -> verify.py (independent float path) -> render/; graphs in graph/
on the core in core/; the public API in api/.
"""

__version__ = "0.1.0"

import sys as _sys  # noqa: E402
from types import ModuleType as _ModuleType  # noqa: E402

from .api import check, check_class, derive, example, list_examples, load, load_key, spec_from_dict, worksheet  # noqa: E402
from .errors import OutputError, SpecError, SymbpError, ToolMissingError, VerificationError  # noqa: E402

__all__ = [
    "load", "example", "list_examples", "spec_from_dict", "derive", "worksheet", "check", "load_key", "check_class",
    "Network", "Graph", "Solution", "Worksheet", "CheckReport", "ClassReport", "AnswerKey", "Drawing",
    "SymbpError", "SpecError", "OutputError", "VerificationError", "ToolMissingError", "LatexError", "__version__",
]

# Classes whose modules are imported when first asked for (`symbp.Solution`), not by `import symbp`.
_LAZY = {
    "Network": "symbp.api.specs", "Graph": "symbp.api.specs", "Solution": "symbp.api.solution",
    "Worksheet": "symbp.api.sheets", "CheckReport": "symbp.api.marks", "ClassReport": "symbp.api.marks",
    "AnswerKey": "symbp.api.marks", "Drawing": "symbp.api.display", "LatexError": "symbp.render.pdf",
}


class _Package(_ModuleType):
    """`symbp.check` and `symbp.worksheet` are the API's functions, although the submodules
    symbp/check.py and symbp/worksheet.py exist: importing one of them (`from .check import …`)
    does not rebind the name (reach a module by `from symbp.check import …` or `sys.modules`)."""

    def __setattr__(self, name, value):
        if name in _FUNCTIONS_OVER_MODULES and isinstance(value, _ModuleType):
            return
        super().__setattr__(name, value)


_FUNCTIONS_OVER_MODULES = {"check": check, "worksheet": worksheet}
_sys.modules[__name__].__class__ = _Package
globals().update(_FUNCTIONS_OVER_MODULES)


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'symbp' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))
