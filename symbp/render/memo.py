"""`memo(macro, *args, holes=...)`: a template macro's text kept by what it read of its arguments.

In: a macro of a template imported without context (it sees only its arguments and the
environment's globals `_` and `locale`), its arguments (plain dicts, lists, tuples and leaves:
str, int, bool, None) and at most a few `holes` (texts the macro only prints, e.g. a variant's
id).  Out: the macro's text, the same as `macro(*args)`.

The first call of a macro with arguments of a new shape runs it on tracking copies of its
arguments that record every observation the macro makes: each leaf it reads (with its type), each
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

from fractions import Fraction

from ..i18n import current_code
from .sandbox import _DICT_ATTRIBUTES

_LEAVES = frozenset({str, int, bool, type(None), Fraction})  # immutable, printed alike whenever equal with their type
_CONTAINERS = (dict, list, tuple)
_MAX_SHAPES = 32  # observation lists kept per macro and locale
_MAX_TEXTS = 2048  # texts kept per observation list
_MARK = "\ue000"  # a hole's place in a kept text: private-use characters around its number


class Untraceable(Exception):
    """The macro did something the tracking copies cannot record: it is run on the real values."""


class Tracked:
    """A dict, list or tuple of a macro's arguments, recording what the macro observes of it."""

    __slots__ = ("_value", "_node", "_trace")

    def __init__(self, value, node, trace):
        self._value, self._node, self._trace = value, node, trace

    def _child(self, step):
        value = self._value[step]
        kind = type(value)
        if kind in _LEAVES:
            self._trace.observe(("leaf", self._node, step))
            return value
        if kind in _CONTAINERS:
            return Tracked(value, self._trace.node(self._node, step, kind), self._trace)
        raise Untraceable(f"a {kind.__name__} in the arguments")

    def get(self, key, default=None):  # `flags.get("nesterov")`
        try:
            return self[key]
        except KeyError:
            return default

    @property
    def __class__(self):  # isinstance(x, dict), `x is mapping`: as of the value itself
        return type(self._value)

    def __getattr__(self, name):  # `x.items` of a dict is its method (sandbox._DictKeysFirst): not followed
        raise Untraceable("a dict's method") if name in _DICT_ATTRIBUTES else AttributeError(name)

    def __getitem__(self, key):
        """`x.key`, `x["key"]`, `x[0]` as the plain environment reads a dict or a list (Jinja's
        getattr, after __getattr__, and getitem come here; a missing key is a KeyError: Jinja's
        undefined value)."""
        if type(self._value) is dict:
            if type(key) not in (str, int):
                raise Untraceable("a key of another type")
            self._trace.observe(("has", self._node, key))
            if key in self._value:
                return self._child(key)
            raise KeyError(key)
        if type(key) is not int:
            raise Untraceable("an attribute, a slice or a non-integer index of a list")
        self._trace.observe(("len", self._node, None))
        if -len(self._value) <= key < len(self._value):
            return self._child(key % len(self._value))
        raise IndexError(key)

    def __contains__(self, key):
        if type(self._value) is dict and type(key) in (str, int):
            self._trace.observe(("has", self._node, key))
            return key in self._value
        if type(self._value) is not dict and type(key) in _LEAVES:  # every item read
            return any(item == key for item in self.__iter__())
        raise Untraceable("`in` of another kind")

    def __len__(self):
        self._trace.observe(("len", self._node, None))
        return len(self._value)

    def __bool__(self):
        return self.__len__() > 0

    def __iter__(self):
        if type(self._value) is dict:
            if any(type(key) is not str for key in self._value):  # 1 and True: equal keys that print apart
                raise Untraceable("a dict's keys of another type")
            self._trace.observe(("keys", self._node, None))
            return iter(tuple(self._value))
        self._trace.observe(("len", self._node, None))
        return (self._child(i) for i in range(len(self._value)))

    def keys(self):  # `**m` in a call
        return list(self.__iter__())

    def __str__(self):
        raise Untraceable("a container printed")

    def __eq__(self, other):
        raise Untraceable("a container compared")

    __repr__ = __format__ = __str__
    __hash__ = None
    __lt__ = __le__ = __gt__ = __ge__ = __ne__ = __eq__


class Hole:
    """A text the macro may only print as it is (`<%= id %>`); anything else is Untraceable."""

    __slots__ = ("mark", "printed")

    def __init__(self, number):
        self.mark, self.printed = f"{_MARK}{number}{_MARK}", 0

    def __str__(self):
        self.printed += 1
        return self.mark

    def __eq__(self, other):
        raise Untraceable("a hole compared")

    def __bool__(self):
        raise Untraceable("a hole tested")

    __hash__ = None
    __repr__ = __format__ = __len__ = __iter__ = __contains__ = __getitem__ = __bool__


class _Trace:
    """The observations of one tracked run, in order, each once; nodes are numbered containers."""

    def __init__(self):
        self.observations: list = []
        self.seen: set = set()
        self.nodes: list = []  # (parent node, step) of each node; the arguments have parent None
        self.node_of: dict = {}

    def node(self, parent, step, kind):
        key = (parent, step)
        number = self.node_of.get(key)
        if number is None:
            number = self.node_of[key] = len(self.nodes)
            self.nodes.append(key)
            self.observe(("type", number, kind))
        return number

    def observe(self, observation):
        if observation not in self.seen:
            self.seen.add(observation)
            self.observations.append(observation)


def _key_function(trace: _Trace):
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

    def keep(self, trace: _Trace, args, pieces) -> None:
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


def _traced(macro, args, holes):
    """The macro run on tracking copies: (trace, pieces), or None where it could not be followed."""
    trace = _Trace()
    tracked = []
    for i, value in enumerate(args):
        kind = type(value)
        if kind in _LEAVES:
            trace.observe(("leaf", None, i))
            tracked.append(value)
        elif kind in _CONTAINERS:
            tracked.append(Tracked(value, trace.node(None, i, kind), trace))
        else:
            return None
    marks = [Hole(i) for i in range(len(holes))]
    try:
        text = macro(*tracked, *marks)
    except Exception:  # noqa: BLE001 (anything the copies could not follow: the real run decides)
        return None
    if type(text) is not str:
        return None
    if any(text.count(mark.mark) != mark.printed for mark in marks):
        return None  # the mark's characters in the text itself, or a mark printed where it was not counted
    split = [text]
    for number, mark in enumerate(marks):
        out = []
        for piece in split:
            if isinstance(piece, int):
                out.append(piece)
                continue
            parts = piece.split(mark.mark)
            for j, part in enumerate(parts):
                if j:
                    out.append(number)
                out.append(part)
        split = out
    pieces = tuple(split)  # texts and hole numbers alternate, a text first and last
    if any(_MARK in piece for piece in pieces if isinstance(piece, str)):
        return None
    return trace, pieces


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
        found = _traced(macro, args, holes)
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
