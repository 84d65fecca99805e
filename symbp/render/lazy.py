"""Parts of a worked solution's data made only when read: `function(*args)` made at the first read (a
template's) and kept; pickled as the plain dict or list it is (a course's templates get the context,
with workers pickled).  Which parts, and why each may wait, is said where they are made (worked.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class _Lazy:
    __slots__ = ("_function", "_args", "_made")

    def __init__(self, function, *args):
        self._function, self._args, self._made = function, args, None

    def _value(self):
        if self._made is None:
            self._made = self._function(*self._args)
            self._function = self._args = None
        return self._made

    def __getitem__(self, key):
        return self._value()[key]

    def __len__(self) -> int:
        return len(self._value())

    def __reduce__(self):
        return type(self._value()), (self._value(),)


def read_part(part):
    """A lazy part's dict or list if a template has read it, else None (never made)."""
    return part._made


class LazyMapping(_Lazy, Mapping):
    """A dict made when first read."""

    __slots__ = ()

    def __iter__(self):
        return iter(self._value())


class LazyList(_Lazy, Sequence):
    """A list made when first read."""

    __slots__ = ()
