"""What the reader of the printed text compares across a document, beyond each line's own reading.

In:  the worked solution's "final" part and the lines' records (readback.py); the records of the lines
     it has read, by name.
Out: the number of sentences read, or a VerificationError (exit 3): the sentence of the cost's change
     ("fell from 0.5 to 0.006272 (by 0.493728)") whose change is not the difference of its two printed
     costs, or that names where the cost turned a cost other than the one printed for that step; a
     line without a quantity of its own (f'(z): ReLU'(z_1^1) = ReLU'(1.1) = 1) that puts in a
     number other than the one printed for that quantity (its line, read; else its record: a value
     printed only in a vector).
"""

from __future__ import annotations

from operator import methodcaller

from ..errors import VerificationError
from .readback_numbers import number_of


_FALL = "#fall of the cost"
_LOCAL = methodcaller("startswith", "local:")  # (the name of its record: worked_updates.FALL)


def fall(final, records) -> int:
    """The sentence of the cost's change: its two printed costs (those recorded for it) and the change
    written beside them, which is their difference exactly ("="), or rounded to its last digit ("≈")."""
    record = records.get(_FALL)
    if not final or record is None or not final.get("fall"):
        return 0
    texts = (final["loss_before"], final["loss_after"], final["fall"])
    numbers = [number_of(text.lstrip("-−")) for text in texts]
    if None in numbers:
        fail(_FALL, "=", texts[2], "cannot be read as numbers")
    before, after, change = [(-n if text[:1] in "-−" else n, d) for text, ((n, d), _) in zip(texts, numbers)]
    un, ud = numbers[2][1]
    for key, (n, d) in zip(record.numbers, (before, after)):
        rn, rd = record.numbers[key].ratio
        if n * rd != rn * d:
            fail(_FALL, "=", texts[2], f"names a cost other than the one printed for {key}")
    (bn, bd), (an, ad), (fn, fd) = before, after, change
    difference = bn * ad - an * bd  # / (bd·ad)
    if (difference > 0) != final.get("fell", False) or difference < 0 and final.get("direction") != "rose":
        fail(_FALL, "=", texts[2], "says the cost moved the other way")
    off = abs(abs(difference) * fd - fn * bd * ad) * ud  # |change − |before − after|| in units
    if final["approx"]["fall"] and 2 * off > un * fd * bd * ad or not final["approx"]["fall"] and off:
        fail(_FALL, "≈" if final["approx"]["fall"] else "=", texts[2], "is not the difference of the two printed costs")
    return 1


def turned(final, records, table=None) -> int:
    """The cost the sentence names where it turned ("Not at every step: at step 2 it was 0.028322"):
    the one printed on that step's own line, or, where no line prints it (a long run's later steps),
    the table's cell of that cost at that step, letter for letter."""
    said = final.get("uneven") if final else None
    if not said:
        return 0
    key, text, record = said["key"], said["cost"], records.get(said["key"])
    if record is None:
        cells = [row["cells"] for row in (table or {}).get("rows", ()) if row["name"] == said["symbol"]]
        steps = (table or {}).get("steps", [])
        if not cells or said["t"] not in steps or cells[0][steps.index(said["t"])] != text:
            fail(key, "=", text, "is not the cost printed for that step")
        return 1
    _same_as_printed(key, text, record, "the printed cost of that step", "a cost other than the one printed on that step's line")
    return 1


def _same_as_printed(key: str, text: str, record, what: str, other: str) -> tuple:
    """The signed (numerator, denominator) of a number a sentence repeats, which must be the one printed
    on `key`'s line (its `record`): VerificationError saying it cannot be read as `what`, or names `other`."""
    found = number_of(text.lstrip("-−"))
    if found is None or record is None:
        fail(key, "=", text, f"cannot be read as {what}")
    (n, d), _ = found
    n = -n if text[:1] in "-−" else n
    rn, rd = record.shown.ratio
    if n * rd != rn * d:
        fail(key, "=", text, f"names {other}")
    return n, d


def regularized(final, records) -> int:
    """The sentence of the regularized cost's change ("J … rose from 0.1730 to 0.2259"): each number the
    one printed on J's own line, and the direction that of their difference (unless the sentence says
    the printed digits cannot show it)."""
    said = final.get("regularized") if final else None
    if not said:
        return 0
    printed = []
    for key, shown in zip(said["keys"], (said["before"], said["after"])):
        printed.append(_same_as_printed(key, shown["text"], records.get(key), "the printed regularized cost",
                                        "a regularized cost other than the one printed on its line"))
    (bn, bd), (an, ad) = printed
    difference = bn * ad - an * bd
    direction = said["direction"]
    if not direction.endswith("_below") and direction != ("fell" if difference > 0 else "rose" if difference < 0 else "stayed"):
        fail(said["keys"][1], "=", said["after"]["text"], "says the regularized cost moved the other way")
    return 1


def earlier(read: dict, records: dict) -> None:
    """The numbers put into each line without a quantity of its own (f'(z), a "local:" name) against the
    value printed for that quantity in the same document: its line as read here, else its record (a value
    printed only in a vector, matrix detail): the same value where that was printed with "=", within
    half a unit of its last digit where "≈" (one unit where "≈†")."""
    for name in filter(_LOCAL, read):
        record = read[name]
        for key, number in record.numbers.items():
            before = read.get(key) or records.get(key)
            if before is None or number.text == before.shown.text:
                continue  # (a given: stated, not worked out on the page; or the very number printed)
            (xn, xd), _ = _signed(number.text)
            (en, ed), (un, ud) = _signed(before.shown.text)
            off = abs(xn * ed - en * xd) * ud  # / (xd·ed·ud)
            reach = un * xd * ed
            if off if not before.approx else off > reach if before.approx == 2 else 2 * off > reach:
                fail(name, "=", number.text, f"puts in a number other than the one printed for {key} ({before.shown.text})")


def _signed(text: str) -> tuple:
    """(signed pair, unit) of a record's number text."""
    found = number_of(text.lstrip("-"))
    if found is None:
        raise VerificationError(f"verification failed: a recorded number {text} cannot be read")
    (n, d), step = found
    return ((-n if text[:1] == "-" else n), d), step


def fail(name: str, sign: str, result: str, why: str):
    raise VerificationError(f"verification failed: the printed text of line {name} {sign} {result} {why}")
