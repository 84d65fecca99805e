"""A spec's architecture (`Spec.architecture`): the tuple of everything the symbolic derivation
depends on, its hash worked out once.

The architecture keys the caches of every stage (derivation, compiled programs, printed lines'
plan, a summary's entries); a ReLU layer's negative slope in it is a Fraction, whose hash Python
works out in Python (~35 operations) each time the tuple is hashed again, ~25 times a worksheet
variant.  `Architecture` is that tuple (equal to it, with its hash) that keeps its hash; pickled, it
is the plain tuple's content again (a hash is worked out anew in another process).
"""

from __future__ import annotations


class Architecture(tuple):
    def __hash__(self) -> int:
        try:
            return self._hash
        except AttributeError:
            self._hash = known = tuple.__hash__(self)
            return known

    def __reduce__(self):
        return Architecture, (tuple(self),)
