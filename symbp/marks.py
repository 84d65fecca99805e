"""Marks and markings: the status of each value of an answer, its points, and the whole answer's.

In:  what marking.py (a network) or graph/marking.py (a computational graph) finds per value.
Out: `Mark` (one value: status, true value, carried-forward value, diagnosis, points) and `Marking`
     (all of them, with the counts per status, the points, and whether `check` fails: exit code 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from .agreement import Rule
from .tasks import ON_THE_WAY

CORRECT, CARRIED, TOO_FEW_DIGITS, WRONG, MISSING = "correct", "carried", "too_few_digits", "wrong", "missing"
STATUSES = (WRONG, TOO_FEW_DIGITS, CARRIED, CORRECT, MISSING)  # the report's order
SOURCES_OF_CARRIED = (WRONG, TOO_FEW_DIGITS)  # statuses whose number, carried on, moves what follows
GIVEN = "given"  # the kind of a value the spec gives (w of step 1, a^0, y, alpha)
# Values worked out on the way that an answer may give or leave out: marked where written (no
# points unless the [points] table gives some), never missing.
OPTIONAL = ON_THE_WAY
ROUNDED_ON_THE_WAY = "rounded_on_the_way"  # the way of a value rounded on the way in a mixture of habits


@dataclass
class Mark:
    name: str
    kind: str  # a Quantity kind, or GIVEN
    written: object  # written.Written or None
    expected: object  # the true value (Fraction or mpf)
    carried: object  # what follows from the answer's own numbers, the taught way (None if undefined)
    status: str
    carried_from: tuple = ()  # wrong values upstream that this value's expectation follows from
    diagnosis: object = None  # diagnose.Diagnosis or None
    points: Fraction = Fraction(1)
    earned: Fraction = Fraction(0)
    inputs: dict = field(default_factory=dict)  # the dependencies' values it was recomputed from
    way: str | None = None  # the carry.Way that the written value follows from, when not the true value
    asked: bool = True  # False: written, but the worksheet does not ask for it (no points, not counted)
    key: object = None  # the value a carried key prints for it (its calculator chain), marked against one


@dataclass
class Marking:
    solution: object
    answers: object  # check.Answers
    marks: dict[str, Mark]  # in order: written spec givens, then quantities in order of computation
    rule: Rule
    carry: bool
    variant: str | None = None  # the class key's variant id, when marked against one
    kind: str = "network"  # the exercise: "network" or "graph" (how its report prints its quantities)
    # a worksheet key printed at other digits than the rule's: (its digits, whether it printed a
    # calculator chain, i.e. is a carried key) — its values count at those digits too (marking.in_chain)
    printed_key: tuple | None = None

    def by_status(self, status: str) -> list[Mark]:
        """The asked values of a status (values given but not asked: `not_asked`)."""
        return [m for m in self.marks.values() if m.status == status and m.asked]

    @property
    def counts(self) -> dict[str, int]:
        """Asked values per status; these add up to what the sheet asks for (and those written)."""
        return {s: len(self.by_status(s)) for s in STATUSES}

    @property
    def not_asked(self) -> list[Mark]:
        """Values written that the worksheet does not ask for: checked, no points, not counted."""
        return [m for m in self.marks.values() if not m.asked]

    @property
    def earned(self) -> Fraction:
        return sum((m.earned for m in self.marks.values()), Fraction(0))

    @property
    def possible(self) -> Fraction:
        return sum((m.points for m in self.marks.values()), Fraction(0))

    @property
    def failing(self) -> list[Mark]:
        """The values marked wrong or too coarse (with carry off: also the carried ones)."""
        bad = set(SOURCES_OF_CARRIED) | (set() if self.carry else {CARRIED})
        return [m for m in self.marks.values() if m.status in bad and m.asked]

    @property
    def failing_without_points(self) -> list[Mark]:
        """Failing values worth no points (a wrong f'(z) worked out on the way, a miscopied given
        value) when every point is earned: they are why `check` fails all the same (with points
        lost, the report's wrong values say why already)."""
        if self.earned < self.possible:
            return []
        return [m for m in self.failing if not m.points]

    @property
    def failed(self) -> bool:
        """Any value marked wrong or too coarse (with carry off: also any carried value)."""
        return bool(self.failing)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed or getattr(self.answers, "unread", None) else 0  # (a number not read is not right)


class OnTheWay:
    """One rule for networks and graphs: a number worked out on the way (a network's f'(z) or Σ_k w·δ, a
    graph's local derivative: `kinds`) earns no points of its own, so a slip in it — a wrong number written, or
    one with too few digits — costs the first value after it that earns some.  That value is wrong, not carried
    (else a wrong f'(z) written down cost nothing, and left out cost a point: the student helper's HIGH of
    stop 60); what follows is carried from it.  Each such slip is charged once."""

    def __init__(self, kinds):
        self.kinds = frozenset(kinds)
        self.charged: set[str] = set()  # the numbers on the way whose slip a value after them was charged with

    def to_charge(self, marks: dict, sources) -> tuple[str, ...]:
        """The numbers written on the way, wrong or too short, among a value's sources (the wrong numbers it
        follows from) that no value before it was charged with."""
        return tuple(s for s in sources if s in marks and marks[s].kind in self.kinds
                     and marks[s].status in SOURCES_OF_CARRIED and s not in self.charged)

    def charge(self, names) -> None:
        self.charged.update(names)


def default_points(answers, name: str, is_given: bool, asked: set | None) -> Fraction:
    if name in answers.points:
        return answers.points[name]
    if is_given:
        return Fraction(0)
    if asked is not None:
        return Fraction(int(name in asked))
    return answers.default_points if answers.default_points is not None else Fraction(1)


def earned_points(status: str, points: Fraction, carry: bool) -> Fraction:
    return points if status == CORRECT or (status == CARRIED and carry) else Fraction(0)
