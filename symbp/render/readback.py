"""The printed text of every line read back, as a student checks it, before anything is written.

In:  a worked solution's data as the templates write it (`context`: in LaTeX and Markdown the aligned
     blocks' rows, joined across row breaks; in plain text the lines' substituted text and result),
     the lines' records (recheck.PrintedLine: only as what the text is compared against) and the spec.
Out: the number of lines read, or a VerificationError (exit 3) naming the first line whose text
     - does not give its printed result: the substituted expression read from the text
       (readback_read.py) and worked out exactly — integers for rational arithmetic, DIGITS-digit
       Decimals for σ, tanh, e^x, ln, √ — is not the printed result under the printed sign
       ("=" exactly, "≈" rounded half away from zero to the result's last digit, "≈†" within one unit);
     - prints a sign other than its record's;
     - puts in a number that is not the one printed for that quantity: the numbers of the text, in
       order, against the recorded inputs in the order of the line's formula (sizes; a negative one
       needs a minus before it, and an input's minus signs are its formula's and its own: one gained
       or lost where the value cannot tell, times 0, is caught — readback_minus.py);
     a vector's or matrix's entries against the values printed for the quantities the printer names
     for them, and its result's sign (readback_entries.py); and the document's cross-checks
     (readback_document.py): the cost's change, the f'(z) lines' inputs against the values printed
     for them.

A typeset line of a shape read before goes through the program compiled for that shape
(readback_lines.py: the whole text compared with the shape filled with the record's numbers, its
arithmetic straight-line); the general reading here decides every other line and teaches it.
Independent of the printer: nothing here imports lines, rows, line_program, substitution, measure
or the number formatting; a line's text is split at its numbers, its shape parsed once
(readback_read.Reading).
"""

from __future__ import annotations

import re
from operator import attrgetter
from decimal import Decimal, localcontext

from .readback_blocks import read_block
from .readback_entries import read_entries, start
from .readback_document import earlier, fail as _fail, fall, regularized, turned
from .readback_minus import written_minus
from .readback_lines import PROGRAMS, learn, shape_key
from .readback_numbers import DIGITS, PAIRS, number_of, pair, unit
from .readback_order import _ORDERS, _order
from .readback_read import NUMBER, malformed, reading
from .readback_text import read_text_derivations

_SIGNS = {"=": False, "≈": True, "≈†": 2, r"\approx": True, r"\approx^{\dagger}": 2}


def read_back(context: dict, printed: list, spec, fmt: str) -> int:
    """Read every printed line of `context` (see the module docstring); the count read."""
    records = dict(zip(map(_RESULT, printed), printed))  # (result -> its line, the last where printed twice)
    slopes = {layer.negative_slope for layer in spec.layers if layer.activation == "leaky_relu"} \
        if hasattr(spec, "layers") else set()
    slope = next(iter(slopes)) if len(slopes) == 1 else None
    count = fall(context.get("final"), records) + turned(context.get("final"), records, context.get("table")) + \
        regularized(context.get("final"), records)
    read: dict = {}  # name -> the record of its line, read: the value printed for it (its result, its sign)
    start(printed)  # (for the entries of vectors and matrices, readback_entries.py)
    if fmt != "text":
        for rows in _derivations(context):
            count += _read_rows(rows, records, slope, read)
    else:
        for name, pieces in _plain(context):
            if name is None:
                count += read_block(pieces, slope)
                continue
            record = records.get(name)
            if record is not None:
                _check(name, pieces, record, slope)
                read[name] = record
                count += 1
        for item in _containers(context):
            if type(item) is dict and "read" in item:  # (a vector or matrix derivation, readback_text.py)
                count += read_text_derivations(item, slope)
    earlier(read, records)
    return count


# the parts of a worked solution's data that hold no printed line (values and drawings only; "given":
# the spec's numbers as printed, worked_forward.given — tests/test_readback.py holds it to no rows)
_KINDS = frozenset({dict, list})
_UNLINED = frozenset({"network", "table", "table_parts", "shown", "verified", "step_numbers", "given"})


def _containers(context: dict) -> list:
    """Every dict and list inside the context's parts that may hold printed lines; a list of rows is
    not entered (its rows are read as one derivation each)."""
    out, stack = [], [v for k, v in context.items() if k not in _UNLINED and type(v) in (dict, list)]
    while stack:
        item = stack.pop()
        out.append(item)
        if type(item) is dict:
            if "result" not in item:  # (a line's own dict holds no other line)
                stack.extend([v for v in item.values() if type(v) in (dict, list)])
        elif item and (type(item[0]) is not dict or "body" not in item[0]):
            stack.extend([v for v in item if type(v) in (dict, list)])
    return out


def _derivations(context: dict) -> list:
    """Every list of rows (an aligned block's derivations) inside the context's parts, in `_containers`'
    order; a line's own dict (it holds "result") is not entered: it holds no rows."""
    out, stack = [], [v for k, v in context.items()
                      if type(v) in _KINDS and k not in _UNLINED and (type(v) is list or "result" not in v)]
    push, pop = stack.append, stack.pop
    while stack:
        item = pop()
        if type(item) is dict:
            for value in item.values():
                if type(value) in _KINDS and (type(value) is list or "result" not in value):  # (most are leaves)
                    push(value)
        elif item:
            first = item[0]
            if type(first) is dict and "body" in first:
                out.append(item)
            else:
                for value in item:  # (mostly lines' own dicts: tested for a dict first)
                    if type(value) is dict:
                        if "result" not in value:
                            push(value)
                    elif type(value) is list:
                        push(value)
    return out


_RESULT = attrgetter("result")


def _read_rows(rows: list, records: dict, slope, read: dict) -> int:
    """Read one aligned block's derivations, its rows joined: a named line through its program compiled
    per shape (readback_lines.PROGRAMS), else by the general reading (`_check`, which then teaches it); a
    vector or matrix derivation by readback_blocks; the count read."""
    count, joined, whole = 0, "", True
    programs = PROGRAMS.get
    for row in rows:
        if "lead" not in row:
            break
        if joined and row["lhs"]:
            joined, whole = "", True
        if "exact" not in row:  # (rows of a vector's exact values under it, calculator mode: not its derivation)
            lead = _LEADS[row["lead"]]
            if joined:
                whole = whole and lead != "  "  # a wide result's columns continued: not read as a block
                joined += f"{lead}{row['body']}"
            else:
                joined = f"{lead}{row['body']}"
        if row.get("last"):
            if "entries" in row:  # (a vector's or matrix's entries against their names' values)
                count += read_entries(joined, row["entries"])
            note = row.get("note")
            if note and "line" in note and "name" in (line := note["line"]):
                name = line["name"]
                try:
                    record = records[name]
                except KeyError:  # (a name without a printed line's record: not read here)
                    pass
                else:
                    formula = record.formula
                    learned, program = programs(shape_key(joined, formula), _UNKNOWN)
                    if learned is not formula or not program(joined, record, slope, _follows):
                        _learned(joined, name, record, slope)
                    read[name] = record
                    count += 1
            elif whole:
                count += read_block(_split(joined, every=True), slope)
            joined, whole = "", True
    return count


_UNKNOWN = (None, None)  # (a shape without a program)


class _Leads(dict):
    """A row's lead -> its text in the joined derivation, " lead " (≈ as LaTeX writes it)."""

    def __missing__(self, lead: str) -> str:
        text = f" {_LEAD.get(lead, lead)} "
        if len(self) < 64:
            self[lead] = text
        return text


def _learned(text: str, name: str, record, slope) -> None:
    """The general reading of a typeset line (`_check`), and its shape's program learned from it."""
    pieces = _split(text)
    reader, numbers, expected, copy = _check(name, pieces, record, slope)
    if reader is None:
        return
    # (the substituted piece's numbers are the ones read, unless the result alone was)
    learn(text, record, NUMBER.split(text), 0 if copy else len(numbers), pieces[-1][1], copy, reader, expected,
          _SIGNS[pieces[-1][0]], slope, _follows)


_LEAD = {"≈": r"\approx", "≈†": r"\approx^{\dagger}"}
_LEADS = _Leads()


def _plain(context):
    """(name, pieces) of each plain-text line: its symbolic and substituted text (where printed), its result;
    a line without a record's name as (None, pieces): read as a typeset derivation is (readback_blocks).
    (An f'(z) line, ReLU'(z_0^1) = ReLU'(0.5) = 1, carries its record's name: local:da_0^1/dz_0^1.)"""
    for item in _containers(context):
        if type(item) is dict and "result" in item and "approx" in item:
            sign = ("≈†" if item["approx"] == 2 else "≈") if item["approx"] else "="
            via = item.get("via_output")
            written = (via["symbolic"], via["substituted"]) if via else (item.get("symbolic"), item.get("substituted"))
            yield item.get("name"), [("=", piece) for piece in written if piece] + [(sign, item["result"])]


# a relation between two pieces of a derivation (printed with spaces around; never inside a piece)
_RELATION = re.compile(r" (=|\\approx\^\{\\dagger\}|\\approx) ")


def _split(text: str, every: bool = False) -> list:
    """A derivation's joined text cut at its relations: [(sign, piece), …] (its last two pieces, or `every`)."""
    parts = _RELATION.split(text)
    if every:
        return [(sign, piece.strip()) for sign, piece in zip([""] + parts[1::2], parts[0::2]) if piece.strip()]
    return [(parts[-4] if len(parts) > 4 else "", parts[-3].strip()), (parts[-2], parts[-1].strip())] \
        if len(parts) > 3 else [(parts[-2] if len(parts) > 1 else "", parts[-1].strip())]


def _check(name: str, pieces: list, record, slope) -> tuple:
    """The general reading of a line's pieces against its record (the module docstring); exit 3 where
    they disagree.  Out: (the Reading worked out, the numbers' texts it read, the record's order they
    were compared with, whether the result alone was read), or Nones where its value is left to recheck."""
    sign, result = pieces[-1]
    negative = result[:1] in ("-", "−")
    number = number_of(result[1:] if negative else result)
    if number is None:
        _fail(name, sign, result, "cannot be read as a number")
    (p, q), _ = number
    if negative:
        p = -p
    approx = _SIGNS.get(sign)
    if approx is None or approx != record.approx:
        _fail(name, sign, result, "is printed with a sign other than its record's")
    rp, rq = record.shown.ratio
    if p * rq != rp * q:
        _fail(name, sign, result, f"is not the number recorded for it ({rp}/{rq})")
    found = reading(pieces[-2][1]) if len(pieces) > 1 else None
    if found is None and len(pieces) > 1 and malformed(pieces[-2][1]):
        _fail(name, sign, result, f"follows a text that is no expression of its numbers ({pieces[-2][1]})")
    copy = found is None or not found[0].holes  # a copy (∂L/∂b = δ = −1) or a line whose numbers say no more than its result
    if copy:
        found = reading(result)
    reader, numbers = found
    pairs = list(map(PAIRS.get, numbers))
    if None in pairs:
        pairs = [pair(text) for text in numbers]
    # the numbers of the text against the record's, in the order of its formula (see the docstring)
    entry = _ORDERS.get(id(record.formula))
    expected = entry[1] if entry is not None and entry[0] is record.formula else _order(record.formula)
    if len(expected) != len(numbers):
        _fail(name, sign, result, f"puts in {len(numbers)} numbers where its formula has {len(expected)}")
    inputs = record.numbers
    minus = reader.minus
    for i, (text, (n, d), (ref, item)) in enumerate(zip(numbers, pairs, expected)):
        en, ed = inputs[item].ratio if ref else (item, 1)
        if n * ed != abs(en) * d:
            _fail(name, sign, result, f"puts in {text} where its record has {item} printed as {en}/{ed}")
        if en < 0 and not minus[i]:  # its sign lost (two lost in one product give the same value)
            _fail(name, sign, result, f"puts in {text} without a minus where its record has {item} printed as {en}/{ed}")
        if ref and not copy and (en < 0 or minus[i] or _writes_minus(record.formula, i)):
            # a minus gained, or lost where the formula writes one (`w − α·g` printed `0.2 + 0.1·0`)
            _counted(name, sign, result, reader, text, item, en, record.formula, i)
    if reader.slope and slope is None:
        return None, None, None, None  # (leaky ReLUs of several slopes: the value is left to recheck)
    try:
        holds = _follows(reader, pairs, number[0], negative, result[1:] if negative else result, approx, slope)
    except (ArithmeticError, ValueError) as exc:
        _fail(name, sign, result, f"cannot be worked out from its printed numbers ({type(exc).__name__})")
    if not holds:
        _fail(name, sign, result, f"does not follow from the numbers printed in it ({pieces[-2][1] if len(pieces) > 1 else ''})")
    return reader, numbers, expected, copy


def _writes_minus(formula, i: int) -> bool:
    """Whether the formula writes a minus right before its i-th number (readback_minus.py)."""
    written = written_minus(formula)
    return written is not None and i < len(written) and written[i]


def _counted(name: str, sign: str, result: str, reader, text: str, item: str, value: int, formula, i: int) -> None:
    """The minus signs right before the i-th number of the piece `reader` read (its shape's, counted once
    per shape: readback_read.Reading.counts): the formula's own (readback_minus.py) and the input's, if
    negative — `0 · (−1)` for `0 · 1`, `a − 0.4` for `a − (−0.4)`: exit 3."""
    written = written_minus(formula)
    if written is not None and i < len(written):
        found = reader.counts[i]
        if found != written[i] + (value < 0):
            _fail(name, sign, result, f"puts in {text} after {found} minus signs where its formula and {item} "
                                      f"({'negative' if value < 0 else 'positive'}) give {written[i] + (value < 0)}")


def _follows(reader, pairs: list, result: tuple, negative: bool, text: str, approx, slope) -> bool:
    """Whether the reading's value on these numbers is the printed result (`result` its size, `text` its
    digits) under the printed sign: "=" exactly, "≈" rounded half away from zero to its last digit, "≈†"
    within one unit.  A leaky ReLU's reading needs the one slope."""
    if reader.slope and slope is None:
        raise ValueError("a leaky ReLU of several slopes")
    p, q = result
    if negative:
        p = -p
    un, ud = unit(text)
    if reader.exact:
        a, b = reader.function(pairs, slope)
        if a * q == p * b:
            return True
        if not approx:
            return False
        off, reach = abs(a * q - p * b) * ud, un * b * q
        # within half a unit (one unit: "≈†"); at exactly half, the printed result is the one further from zero
        return off <= reach if approx == 2 else 2 * off < reach or 2 * off == reach and abs(p) * b > abs(a) * q
    value = reader.value(pairs, slope)
    with localcontext() as ctx:
        ctx.prec = DIGITS
        slack = max(Decimal(1), abs(value)) * _SLACK
        off = abs(value - Decimal(p) / q)
        if not approx:
            return off <= slack
        return off <= (Decimal(un) / ud) * (1 if approx == 2 else Decimal("0.5")) + slack


_SLACK = Decimal(10) ** (10 - DIGITS)
