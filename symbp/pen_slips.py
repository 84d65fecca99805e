"""Slips of the pen read backwards: a wrong number whose slip, undone, gives a number marked right.

In:  a wrong number as written (written.Written) and `right(Written) -> bool`: whether a number
     written so lies within rounding reach of a value accepted as right (marking.py: the negation
     of student_spans.beyond_rounding, with every careful route it knows).
Out: a diagnose.Diagnosis — sign_flipped, decimal_point_moved or digits_transposed, the value
     written as the slip's value (formula None, as diagnose.py's own pen slips) — or None.

diagnose.py applies each pen slip to the value the answer's own numbers give exactly.  A careful
student's value may be a unit or two from that one (rounded on the way: −0.009981 where the exact
value of the numbers written is −0.009979), and then the sign slip 0.009981, the swapped digits
0.7874 of 0.7784 or the moved point 3.591 of 0.3591 went unnamed.  Here the slip is undone on the
number as written, and the number it gives is judged as any written number is.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Callable, Iterator

UNDONE = ("sign_flipped", "decimal_point_moved", "digits_transposed")  # the slips `undone` reads backwards
MAX_TRIED = 80  # numbers judged per answers file (each may search careful routes: a hostile file stays bounded)
MAX_SIGNIFICANT = 8  # a number of more significant digits than this is no calculator's copied by hand: not tried


def undone(written) -> Iterator[tuple[str, Decimal]]:
    """(slip, the number before the slip) for each pen slip that could have made `written`: its sign,
    its decimal point one to three places over, two neighbouring different digits swapped."""
    try:
        dec = _meant(written)
    except ArithmeticError:  # (a fraction, 7/2: no digits to slip — the stop-64 reviewer's HIGH, a graph's crash)
        return
    sign, digits, exponent = dec.as_tuple()
    if not dec or not isinstance(exponent, int) or len(digits) - _trailing_zeros(digits) > MAX_SIGNIFICANT:
        return
    yield "sign_flipped", -dec
    for places in (1, -1, 2, -2, 3, -3):
        yield "decimal_point_moved", dec.scaleb(-places)
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            swapped = digits[:i] + (digits[i + 1], digits[i]) + digits[i + 2:]
            yield "digits_transposed", Decimal((sign, swapped, exponent))


def _meant(written) -> Decimal:
    """The number as it is judged: a float64 printed in full (more than MACHINE_DIGITS digits:
    0.053880000000000004, −1.3329999999999997) is the number it stands for at JUDGED_DIGITS, its trailing
    zeros dropped (0.05388, −1.333); any other as written (0.0538800000000 keeps its zeros, which say
    how exactly it is meant, but they do not count against MAX_SIGNIFICANT)."""
    from .agreement import JUDGED_DIGITS, machine_written

    dec = Decimal(written.text)
    if not dec or not dec.is_finite() or not machine_written(written):
        return dec
    with localcontext() as context:
        context.prec = len(dec.as_tuple().digits) + 2
        judged = dec.quantize(Decimal(1).scaleb(dec.adjusted() - JUDGED_DIGITS + 1))
    sign, digits, exponent = judged.as_tuple()
    zeros = _trailing_zeros(digits)
    return Decimal((sign, digits[:len(digits) - zeros], exponent + zeros)) if zeros < len(digits) else judged


def _trailing_zeros(digits: tuple) -> int:
    return len(digits) - len("".join(map(str, digits)).rstrip("0"))


class PenSlips:
    """The undone slips of one answers file, within MAX_TRIED numbers judged."""

    def __init__(self):
        self.tried = 0

    def diagnosis(self, name: str, written, right: Callable[[object], bool]):
        from .diagnose import Diagnosis
        from .errors import SpecError
        from .written import parse_written

        for key, before in undone(written):
            if self.tried >= MAX_TRIED:
                return None
            self.tried += 1
            try:
                candidate = parse_written(format(before, "f"), name)
            except (SpecError, ArithmeticError, ValueError):
                continue
            if candidate is not None and right(candidate):
                return Diagnosis(key, written.value, None, meant=candidate)
        return None
