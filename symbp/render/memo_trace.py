"""The tracked run of `memo` (memo.py): a template macro run on tracking copies of its arguments.

In: a macro, its arguments (plain dicts, lists, tuples and leaves: str, int, bool, None, Fraction)
and its holes.  Out: the observations the macro made (`Trace`: each leaf it read, with its type;
each container's type and length; each key it asked for or found missing; each dict's keys it
walked) and its text cut at the holes; or None where the macro did anything the copies cannot
follow (`Untraceable`: it compared or printed a container, read a float leaf or an unknown object,
did more with a hole than print it).
"""

from __future__ import annotations

from fractions import Fraction

from .sandbox import _DICT_ATTRIBUTES

_LEAVES = frozenset({str, int, bool, type(None), Fraction})  # immutable, printed alike whenever equal with their type
_CONTAINERS = (dict, list, tuple)
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


class Trace:
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


def traced(macro, args, holes):
    """The macro run on tracking copies: (trace, pieces), or None where it could not be followed."""
    trace = Trace()
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
