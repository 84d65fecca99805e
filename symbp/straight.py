"""A rational architecture's graph program as one straight-line Python function over integers.

In:  `evaluate.Program` (an architecture's graph compiled for the 50-digit domain) whose every
     node is a rational function of the givens (ReLU, leaky ReLU, identity, squared losses, plain
     SGD, ...), the calculator mode's digits (or None) and the back-propagated sums it writes down.
Out: `Straight.run(givens)`: the value of every quantity (in the derivation's order) as a
     Fraction, and the nodes the calculator rounded — what `evaluate._run` gives with the
     domain's Fraction arithmetic: exact arithmetic has one result whatever the order of its
     operations, so each node is computed as a reduced pair of integers (numerator, denominator
     > 0) by generated code, without a Fraction or a closure per operation.  `Fallback` where
     evaluate._run must decide: a quantity that outgrows MAX_EXACT_BITS (lifted there), a
     division by zero or no branch of a piecewise rule (undefined there), a number too long to
     round in integers (`numbers.round_ratio`).
`compile_straight` gives None for a program it does not cover (a transcendental function, more
than MAX_STEPS nodes): evaluate's own run then computes it.

`evaluate.solve` asks `solved` first, which answers only for an architecture a worksheet's draws
asked for (`prefer`): one compilation (~10 ms for 2-3-1) pays where many specs of one
architecture are solved, not for one derivation.
"""

from __future__ import annotations

from fractions import Fraction
from math import gcd

from . import names
from .core.numeric import MAX_EXACT_BITS
from .evaluate import Solution, compile_program  # (straight is imported by evaluate.solve, when it runs)
from .givens import given_values, written_givens
from .integer_code import Unsupported, Writer, is_atom
from .numbers import round_ratio

MAX_STEPS = 1000  # nodes: beyond, compiling the function (~0.2 s per 1000) costs more than a sheet saves


# The architectures whose rational runs go through here (`prefer`), and their compiled programs by
# (architecture, digits of the calculator or None, the sums it writes down): (Program, Straight or None).
_PREFERRED: set = set()
_PROGRAMS: dict = {}


def prefer(architecture: tuple) -> None:
    """Let `evaluate.solve` compute this architecture's rational runs here from now on."""
    if architecture not in _PREFERRED and len(_PREFERRED) >= 16:
        _PREFERRED.clear()
        _PROGRAMS.clear()
    _PREFERRED.add(architecture)


def solved(spec, architecture: tuple, round_to: int | None, round_sums):
    """`evaluate.solve`'s Solution of a rational spec (`evaluate.is_exact`) by the architecture's
    straight-line program, or None where evaluate's own run computes it: an architecture not
    preferred or not covered, a run that falls back."""
    if architecture not in _PREFERRED:
        return None
    rounded_names: set = set()
    givens = given_values(spec, architecture)
    start = written_givens(givens, round_to, rounded_names) if round_to is not None else givens
    key = (architecture, round_to, frozenset(round_sums))
    if key not in _PROGRAMS:
        from .stable_bce import stable_rules  # (the formula trees: imported where a program is first made)

        program = compile_program(architecture)
        shown_sums = {program.derivation.by_name[name].identity for name in round_sums}
        covered = round_to is None or not stable_rules(program, spec)
        if len(_PROGRAMS) >= 64:
            _PROGRAMS.clear()
        _PROGRAMS[key] = (program, compile_straight(program, round_to, shown_sums) if covered else None)
    program, straight = _PROGRAMS[key]
    if straight is None:
        return None
    try:
        values, rounded = straight.run(start)
    except Fallback:
        return None
    rounded_names |= {names.name(identity) for identity in rounded}
    return Solution(spec, program.derivation, values, start, True, round_to, rounded_names)


class Fallback(Exception):
    """evaluate._run decides this run (see the module docstring)."""


_new = object.__new__


def _fraction(n: int, d: int) -> Fraction:
    """The Fraction n/d of a reduced pair (d > 0), made without reducing it again (a third of the time)."""
    made = _new(Fraction)
    made._numerator, made._denominator = n, d
    return made


if getattr(Fraction, "__slots__", None) != ("_numerator", "_denominator") or _fraction(-3, 10) != Fraction(-3, 10):
    _fraction = Fraction  # noqa: F811 (another Python's Fraction: made as usual)


def _rounded(n: int, d: int, digits: int) -> tuple[int, int]:
    """n/d rounded as the calculator writes it (`numbers.round_significant`), a reduced pair."""
    found = round_ratio(n, d, digits)
    if found is None:
        raise Fallback()
    m, places = found
    if places < 0:
        return m * 10 ** -places, 1
    scale = 10 ** places
    g = gcd(m, scale)
    return (m // g, scale // g) if g != 1 else (m, scale)


# A reduced denominator 2^a·5^b (a, b <= SHORT_POWERS) -> 10^max(a, b) / it: n/d is then the decimal
# n·that / 10^max(a, b), and when |n·that| < 10^digits it has at most `digits` significant digits —
# rounding leaves it as it is (`_rounded` gives (n, d) back), so the generated code does not round it.
SHORT_POWERS = 40
SHORT_DIGITS = 50  # (beyond, `round_ratio` leaves the rounding to evaluate's run: so does the generated code)
_SCALES: dict = {}  # (made with the first calculator's program)


def _scales() -> dict:
    if not _SCALES:
        _SCALES.update({2 ** a * 5 ** b: 10 ** max(a, b) // (2 ** a * 5 ** b)
                        for a in range(SHORT_POWERS + 1) for b in range(SHORT_POWERS + 1)})
    return _SCALES


class Straight:
    """A compiled program: `run(givens)` with the givens by name, as Fractions."""

    def __init__(self, function, given_slots: dict, quantity_names: list, step_identities: list):
        self.function, self.given_slots = function, given_slots
        self.quantity_names, self.step_identities = quantity_names, step_identities
        self.given_names = tuple(given_slots)

    def run(self, givens: dict) -> tuple[dict, set]:
        """({quantity name: Fraction}, identities of the nodes the calculator rounded)."""
        if tuple(givens) == self.given_names:  # (a spec's givens come in its architecture's order)
            values = givens.values()
        else:
            try:
                values = [givens[name] for name in self.given_names]
            except KeyError:
                raise Fallback() from None
            if len(givens) != len(values):
                raise Fallback()
        try:
            values, rounded = self.function(values)
        except (ZeroDivisionError, ArithmeticError, KeyError, ValueError):  # (ValueError: not one value a given)
            raise Fallback() from None
        return values, {self.step_identities[i] for i in rounded}


CHECKED_TOGETHER = 8  # quantities whose sizes one line checks (MAX_EXACT_BITS): a run that outgrows it stops soon


def compile_straight(program, round_to: int | None, shown_sums=frozenset()) -> Straight | None:
    """The program as one generated function (None: not covered).  `shown_sums`: the identities
    of the back-propagated sums the calculator writes down.

    The function takes the givens' Fractions (in `Program.slots`' order) and gives the quantities'.
    What the code need not do is not written: a node whose value is another's (ReLU's z or 0, x·1)
    or a number is not copied but read where it is, a value known reduced (a copy, a number, a
    branch of them) is not reduced again, nor rounded again where the calculator wrote it already,
    nor its size checked again; the quantities' sizes are checked CHECKED_TOGETHER at a time, by
    one call."""
    from .evaluate import ALWAYS, IF_SHOWN

    nodes = program.nodes
    if len(program.steps) > MAX_STEPS:
        return None
    writer = Writer(program.index, {})
    writer.small_bits = MAX_EXACT_BITS
    if round_to is not None:
        writer.is_short = lambda n, d: _rounded(n, d, round_to) == (n, d)
    given_slots = {name: slot for name, slot in program.slots.items() if nodes[slot].definition is None}
    slots = list(given_slots.values())
    if not slots:  # (a network has at least its learning rate)
        return None
    writer.line(", ".join(f"g{slot}" for slot in slots) + ", = givens")
    writer.line("if " + " or ".join(f"type(g{slot}) is not F" for slot in slots) + ": raise Fallback()")
    for slot in slots:  # (the properties' slots)
        writer.line(f"n{slot}, d{slot} = g{slot}._numerator, g{slot}._denominator")
    # (a given too long is left to evaluate's run: so the givens are small, and reduced as Fractions are)
    sizes = ", ".join(f"n{slot}, d{slot}" for slot in slots)
    writer.line(f"if max(map(bit_length, ({sizes},))) > {MAX_EXACT_BITS}: raise Fallback()")
    for slot in given_slots.values():
        writer.reduced.add((f"n{slot}", f"d{slot}"))
        writer.small.add((f"n{slot}", f"d{slot}"))
    for slot, value in program.constants:
        if type(value) is not Fraction:
            return None
        writer.names[slot] = writer.number(value.numerator, value.denominator)
    writer.line("rounded = []")
    pending = []  # quantities whose sizes are not checked yet
    try:
        for position, step in enumerate(program.steps):  # (KeyError: a node the program does not hold)
            tree = step.written_tree if round_to is not None and step.written_tree is not None else step.tree
            pair = writer.value(tree)
            written = round_to is not None and (step.written == ALWAYS or (step.written == IF_SHOWN and step.identity in shown_sums))
            if pair in writer.reduced and (not written or pair in writer.short):
                writer.names[step.slot] = pair  # (its value is that pair's)
                if step.quantity and pair not in writer.small:
                    pending.append(pair)
                    writer.small.add(pair)
            else:
                n, d = f"n{step.slot}", f"d{step.slot}"
                if pair not in writer.reduced:
                    if not (is_atom(pair[0]) and is_atom(pair[1])):
                        writer.line(f"{n}, {d} = {pair[0]}, {pair[1]}")
                        pair = n, d
                    writer.line(f"g = gcd({pair[0]}, {pair[1]})")
                    writer.line(f"{n}, {d} = {pair[0]} // g, {pair[1]} // g")
                elif pair != (n, d):
                    writer.line(f"{n}, {d} = {pair[0]}, {pair[1]}")
                if written:
                    _round(writer, n, d, round_to, position)
                    writer.short.add((n, d))
                writer.reduced.add((n, d))
                if step.quantity:
                    pending.append((n, d))
                    writer.small.add((n, d))
            if len(pending) >= CHECKED_TOGETHER:
                _check_sizes(writer, pending)
    except (Unsupported, KeyError):
        return None
    _check_sizes(writer, pending)
    names = list(program.quantity_slots)
    pairs = [writer.names.get(slot) or (f"n{slot}", f"d{slot}") for slot in program.quantity_slots.values()]
    for i, (n, d) in enumerate(pairs):  # each a Fraction made as `_fraction` makes it, in place
        writer.line(f"q{i} = F({n}, {d})" if _fraction is Fraction else f"q{i} = new(F); q{i}._numerator, q{i}._denominator = {n}, {d}")
    writer.line("return dict(zip(NAMES, (" + "".join(f"q{i}, " for i in range(len(names))) + "))), rounded")
    source = "def run(givens):\n" + "\n".join("    " + line for line in writer.lines) + "\n"
    scope = writer.scope
    scope |= {"gcd": gcd, "rounded_pair": _rounded, "Fallback": Fallback, "scale": _scales().get, "F": Fraction,
             "new": _new, "NAMES": tuple(names), "bit_length": int.bit_length}
    exec(compile(source, "<symbp straight-line program>", "exec"), scope)  # noqa: S102 (our own generated code)
    return Straight(scope["run"], given_slots, names, [step.identity for step in program.steps])


def _round(writer: Writer, n: str, d: str, round_to: int, position: int) -> None:
    """The lines rounding the reduced pair (n, d) as the calculator writes it, noting `position` where it changes."""
    # (most values the calculator writes are short decimals already: `_SCALES` tells them without rounding;
    # a denominator not there is given a scale that no nonzero numerator passes: a 0's is 1)
    indent = ""
    if round_to <= SHORT_DIGITS:
        bound = 10 ** round_to  # (|x| < bound: x in range(1 − bound, bound), one test in C)
        writer.scope[f"SHORT{round_to}"] = range(1 - bound, bound)
        writer.line(f"if {n} * scale({d}, {bound}) not in SHORT{round_to}:")
        indent = "    "
    writer.line(f"{indent}R, S = rounded_pair({n}, {d}, {round_to})")
    writer.line(f"{indent}if R != {n} or S != {d}: rounded.append({position}); {n}, {d} = R, S")


def _check_sizes(writer: Writer, pending: list) -> None:
    """One line raising Fallback where a pending quantity outgrows MAX_EXACT_BITS (evaluate._run lifts it there)."""
    if pending:
        numbers = ", ".join(part for pair in pending for part in pair)
        writer.line(f"if max(map(bit_length, ({numbers},))) > {MAX_EXACT_BITS}: raise Fallback()")
    pending.clear()
