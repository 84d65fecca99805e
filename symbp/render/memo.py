"""`memo(macro, *args, holes=...)`: a template macro's text kept by what it read of its arguments.

In: a macro of a template imported without context (it sees only its arguments and the
environment's globals `_` and `locale`), its arguments (plain dicts, lists, tuples and leaves:
str, int, bool, None) and at most a few `holes` (texts the macro only prints, e.g. a variant's
id).  Out: the macro's text, the same as `macro(*args)`.

The first call of a macro with arguments of a new shape runs it on tracking copies of its
arguments (memo_trace.py) that record every observation the macro makes: each leaf it reads (with its type), each
container's type and length, each key it asks for or finds missing, each dict's keys it walks
(str keys only); a copy's class is its value's (isinstance, `x is mapping`).
Rendering is deterministic given these observations, the locale (`_`, `locale`: the current
locale's code is part of the key) and the template's source (symbp's own templates are never
read again), so the text is kept keyed by them.  A later call computes the same observations of
its arguments with a function compiled once per list of observations (generated source holds
only names; every key is a bound constant) and, where they are equal, returns the kept text
with the holes filled.  A macro that does anything the copies cannot follow (compares or prints a
container, a float leaf, an unknown object) is simply run.

Only symbp's own templates (the plain environment) keep texts; in a course's sandbox `memo` only
calls the macro (render/templates.py).
"""

from __future__ import annotations

from ..i18n import current_code
from .memo_trace import Trace, traced

_MAX_SHAPES = 32  # observation lists kept per macro and locale
_MAX_TEXTS = 2048  # texts kept per observation list


def _key_function(trace: Trace):
    """A function of the arguments giving the tuple of the trace's observations (compiled once)."""
    constants: list = []

    def constant(value) -> str:
        if type(value) is str or type(value) is int:  # (keys and indices: a literal, read without K)
            return repr(value)
        constants.append(value)
        return f"K[{len(constants) - 1}]"

    lines = ["def observe(a):"]
    for number, (parent, step) in enumerate(trace.nodes):
        source = f"a[{step}]" if parent is None else f"n{parent}[{constant(step)}]"
        lines.append(f"    n{number} = {source}")
    # a key found and then read (a leaf, a container): reading it raises where it is missing (another
    # shape), so its "has" (always True here) is not computed again
    read = {(node, extra) for kind, node, extra in trace.observations if kind == "leaf"} | set(trace.nodes)
    # the observations' values in order, then the types of them all and of the containers: the same
    # observations as a tuple of (type, value) in order, rearranged by a rule fixed per function
    parts, containers = [], []
    for kind, node, extra in trace.observations:
        if kind == "type":
            containers.append(f"n{node}")
        elif kind == "leaf":
            parts.append(f"a[{extra}]" if node is None else f"n{node}[{constant(extra)}]")
        elif kind == "has":
            if (node, extra) not in read:
                parts.append(f"{constant(extra)} in n{node}")
        elif kind == "len":
            parts.append(f"len(n{node})")
        else:  # keys
            parts.append(f"tuple(n{node})")
    lines.append(f"    t = ({''.join(part + ', ' for part in parts)})")
    lines.append(f"    return t, tuple(map(type, t)), tuple(map(type, ({''.join(node + ', ' for node in containers)})))")
    namespace = {"K": tuple(constants), "len": len, "tuple": tuple, "map": map, "type": type}
    exec(compile("\n".join(lines), "<memo key>", "exec"), namespace)  # noqa: S102 (names only; values bound in K)
    return namespace["observe"]


class _Kept:
    """One macro's kept texts in one locale: per observation list, observations -> text pieces."""

    def __init__(self):
        self.shapes: dict = {}  # observation list -> (observe function, {observations: pieces})
        self.untraceable = 0
        self.holes_checked = None  # whether the macro only prints its holes (checked once)

    def keep(self, trace: Trace, args, pieces) -> None:
        signature = (tuple(trace.nodes), tuple(trace.observations))
        known = self.shapes.get(signature)
        if known is None:
            if len(self.shapes) >= _MAX_SHAPES:
                self.shapes.clear()
            known = self.shapes[signature] = (_key_function(trace), {})
        observe, texts = known
        key = observe(args)
        if len(texts) >= _MAX_TEXTS:
            texts.clear()
        texts[key] = _kept_text(pieces)


def _kept_text(pieces: tuple):
    """What is kept of a text's pieces: the text, where it has no holes; else (its texts joined by
    `%s`, each `%` doubled; the holes' numbers in order) for `_fill`."""
    if len(pieces) == 1:
        return pieces[0]
    return "%s".join([piece.replace("%", "%%") for piece in pieces[0::2]]), pieces[1::2]


def _fill(kept, holes) -> str:
    """The kept text with the holes printed in it (`%s`: str of each, as `<%= … %>` prints it)."""
    if type(kept) is str:
        return kept
    text, order = kept
    return text % tuple(map(holes.__getitem__, order))


def _holes_printed_only(macro) -> bool:
    """Whether the macro's holes (its `varargs`) are only printed as they are: each use of
    `varargs` is an item of it printed by `<%= varargs[i] %>`, outside any `set` block, filter
    block, call block or inner macro (whose text could be changed before it is printed)."""
    from jinja2 import nodes

    try:
        with open(macro._func.__code__.co_filename, encoding="utf-8") as source:  # one of symbp's own templates
            tree = macro._environment.parse(source.read())
    except (OSError, UnicodeError, AttributeError):
        return False
    found = [node for node in tree.find_all(nodes.Macro) if node.name == macro.name]
    if len(found) != 1:
        return False
    printed = {id(child.node) for output in found[0].find_all(nodes.Output) for child in output.nodes
               if isinstance(child, nodes.Getitem) and isinstance(child.node, nodes.Name)}
    for name in found[0].find_all(nodes.Name):
        if name.name == "varargs" and id(name) not in printed:
            return False
    for block in found[0].find_all((nodes.AssignBlock, nodes.FilterBlock, nodes.CallBlock, nodes.Macro)):
        if any(name.name == "varargs" for name in block.find_all(nodes.Name)):
            return False
    return True


_KEPT: dict = {}  # (macro, locale code) -> _Kept; symbp's own templates are compiled once per process


def memo(macro, *args, holes=()):
    """The macro's text for `args` (see the module's docstring); `holes`: texts it only prints,
    passed after the arguments."""
    kept = _KEPT.get((macro, current_code()))
    if kept is None:
        kept = _kept_for(macro)
    for observe, texts in tuple(kept.shapes.values()):  # (another thread may add one meanwhile)
        try:
            pieces = texts.get(observe(args))
        except Exception:  # noqa: BLE001 (another shape: a key or an index that is not there, another type)
            continue
        if pieces is not None:
            return pieces if type(pieces) is str else _fill(pieces, holes)
    if holes and kept.holes_checked is None:
        kept.holes_checked = _holes_printed_only(macro)
    if kept.untraceable < 4 and (not holes or kept.holes_checked):
        found = traced(macro, args, holes)
        if found is not None:
            trace, pieces = found
            kept.keep(trace, args, pieces)
            return _fill(_kept_text(pieces), holes)
        kept.untraceable += 1
    return macro(*args, *holes)


def _kept_for(macro) -> _Kept:
    from jinja2.runtime import Macro

    if type(macro) is not Macro:
        raise TypeError("memo() takes a template macro")
    if len(_KEPT) >= 256:
        _KEPT.clear()
    kept = _KEPT[(macro, current_code())] = _Kept()
    return kept


def memo_sandboxed(macro, *args, holes=()):
    """In a course's sandbox: the macro called, nothing kept (only a template's macro: no way
    around the sandbox's checks of other calls)."""
    from jinja2.runtime import Macro

    if type(macro) is not Macro:
        raise TypeError("memo() takes a template macro")
    return macro(*args, *holes)
