"""A typeset line read back by a program compiled once per line shape (the text between its numbers).

In:  a named line's joined text (readback.py joins its rows: ` = w^{1}_{00} \\cdot a^{0}_{0} + … =
     0.2 \\cdot 1 + (-0.4) \\cdot 2 + 0.1 = -0.5`), its record and the leaky ReLU slope; `learn` is
     told what the general reading (readback._check) read from a line it passed.
Out: PROGRAMS[shape_key(text, record.formula)] -> (the formula, its program); the program(text, record,
     slope, follows) -> True where the text is the learned shape with this record's numbers in its
     holes, the signs the record's, and its numbers give its printed result under its sign; False
     where it cannot tell (the general reading then decides, and exits 3 where it disagrees).

Why a True here is the general reading's verdict: the text is compared, whole, with the learned
shape filled with the record's numbers' texts (plain decimals, `\\d+(.\\d+)?`; a negative one with
its minus where the shape prints it right before the number, else without it; each record's sign
the one learned).
Where it is equal, the text splits at its numbers and relations as the learned text did (a number
starts at a digit that no `_{`, `^{`, `^-`, `^{-` precedes — the shape's own characters, or a
number's last digit — and ends where the shape's next piece starts, which begins with no digit and,
checked when learned, with no decimal mark before a digit), so the general reading would read the
same pieces, the same numbers (each the record's: their sizes agree by construction), the same
minus signs (checked here: a negative record needs a minus written before its number) and the same
sign, and work out the same value from them.
The result's relation and minus (" = -", " \\approx ") are printed by the program from the record
(its sign and its result's), not kept in the shape, where the line reads more than its result: the
general reading reads them from the result's piece alone (the text after the last relation: its
sign against the record's, its minus into the value compared), and the shape before them ends in
no relation's text (" =": else a relation printed after it would be read from there), so the text
splits where the learned one did, and the one program of a formula's line reads either sign of
either result.  A copy (∂L/∂b = δ = 0.3) reads its result's sign: one program per sign (`_by_sign`).
tests/test_readback_programs.py holds the programs' verdicts to the general reading's on texts
changed at random.  Nothing here imports the printer.
"""

from __future__ import annotations

import re


_PLAIN = re.compile(r"\d+(?:\.\d+)?")
_MARK_FIRST = re.compile(r"(?:\.|\{,\}|,)\d")  # a shape piece after a number must not start so
_MAX = 1 << 12
NOT_IN_KEY = b"0123456789."


def shape_key(text: str, formula) -> tuple:
    """What finds a line's program: its text without digits, up to its last relation (a line's result
    and relation — "=", "≈", "≈†" — are the program's to match: one program for either result sign and
    sign of a formula's line), and its formula (the same object per architecture).  (bytes.translate:
    str.translate deletes characters one call at a time; readback._read_rows writes this out.)"""
    key = text.encode().translate(None, NOT_IN_KEY)  # (a number's "." too: 2 and 0.5 fill one shape)
    return key[:max(key.rfind(b" = "), key.rfind(b" \\approx"))], id(formula)


PROGRAMS: dict = {}  # shape_key -> (formula, program(text, record, slope, follows) -> bool: False where it cannot tell)


def learn(text: str, record, parts: list, sub_count: int, result: str, copy: bool, reader, expected: list,
          approx, slope, follows) -> None:
    """Compile a program for the shape of `text`, whose reading by the general path has just passed:
    `parts` the text split at its numbers (`NUMBER.split`: its numbers' texts in order at the odd
    places, the last the result's, the `sub_count` before it the substituted piece's), `result` the
    result's piece, `copy` whether the result alone was read (∂L/∂b = δ = 0.3), `reader` and
    `expected` what the general reading worked out and compared (readback._check)."""
    shape, holes = parts[0::2], parts[1::2]
    inputs, shown = record.numbers, record.shown.text
    last = len(holes) - 1
    at = [last] if copy else list(range(last - sub_count, last))  # the holes the reading read
    if last < 0 or result.lstrip("-−") != holes[last] or len(at) != len(expected) \
            or not _fits(holes[last], shown, shape[last + 1]):
        return
    negative = result[:1] in "-−"
    names: dict = {}  # an input's name -> the variable of its record's text ("x0"; the result's: "r")
    signs: dict = {"r": negative}  # a variable -> whether its record's number was negative when learned
    fills: list = list(holes)  # per hole: its variable, or the text kept in the shape
    fills[last] = "r"
    copies, values = [], []  # a copy's inputs read against its result (∂L/∂b = δ = 0.3); the reading's numbers
    for hole, (ref, item), minus in zip(at, expected, reader.minus):
        if not ref:  # a constant of the formula, printed as its integer: kept in the shape
            if copy or not holes[hole].isdigit() or int(holes[hole]) != item:
                return
            values.append(_pair(holes[hole]))
            continue
        recorded = inputs[item].text if item in inputs else ""
        if not _fits(holes[hole], recorded, shape[hole + 1]) or recorded[:1] == "-" and not minus:
            return
        variable = names.setdefault(item, f"x{len(names)}")
        signs[variable] = recorded[:1] == "-"
        if copy:
            copies.append(variable)
        else:
            fills[hole] = variable
        values.append(variable)
    # each record's number goes into the shape without its minus (each record's sign is the one learned):
    # where a negative one's minus is printed right before it, that minus stays in the shape (`(-0.4)`),
    # else the shape prints none (`a - (0.4)`).  So the source holds no sign: one per shape of the
    # formula's line, whatever signs its numbers have (SIGNS and NEGATIVE are the maker's arguments)
    constants, variables, literal = [], [], ""
    for i, piece in enumerate(shape):
        literal += piece
        if i < len(fills):
            fill = fills[i]
            if fill in signs:
                constants.append(literal)
                variables.append(fill)
                literal = ""
            else:
                literal += fill
    constants.append(literal)
    # the result's relation and minus out of the shape (a line that reads more than its result): the
    # program prints them from the record's sign and result (_RELATIONS); a copy's keep theirs
    before = None if copy else _relation_cut(constants[-2], approx, negative)
    if before is not None:
        constants[-2] = before
        approx = None  # (the record's, at run time)
        del signs["r"]
    # what the source is made of: the lines of one structure share it (most new shapes differ from a
    # known one only in their signs, their symbols, or their numbers' names)
    structure = (tuple(variables), tuple(values), tuple(copies), len(names), approx, reader.exact and not reader.slope)
    make = _MAKERS.get(structure)
    if make is None:
        if len(_MAKERS) >= _MAX:
            _MAKERS.clear()
        make = _MAKERS[structure] = _maker(*structure)
    program = make(tuple(constants), tuple(names), tuple(int(signs[v]) for v in names.values()),
                   (approx, *signs.values()) if approx is not None else tuple(signs.values()), negative, reader,
                   _pair, _PAIRS.get, _RELATIONS)
    if program(text, record, slope, follows) is not True:
        return  # (it must read the text it was learned from as the general reading did)
    if len(PROGRAMS) >= _MAX:
        PROGRAMS.clear()
        _COPIES.clear()
    key = shape_key(text, record.formula)
    if copy:  # (its result read by a reading of its own sign: one program per sign, under one key)
        known = _COPIES.get(key)
        signed = {**known[1], negative: program} if known is not None and known[0] is record.formula else \
            {negative: program}
        _COPIES[key] = (record.formula, signed)
        program = _by_sign(signed.get)
    PROGRAMS[key] = (record.formula, program)


_COPIES: dict = {}  # a copy line's shape_key -> (its formula, {whether its result is negative: its program})


def _by_sign(get):
    """The program of a copy's shape (∂L/∂b = δ = -0.3): its result's sign's, where one was learned."""
    def program(text, record, slope, follows):
        found = get(record.shown.text[:1] == "-")
        return found is not None and found(text, record, slope, follows)
    return program


def _maker(variables: tuple, values: tuple, copies: tuple, count: int, approx, exact: bool):
    """The compiled maker of `learn`'s programs of one structure: the variables filled into the shape
    in order (an input's "x0", …; the result's "r"), the reading's numbers (a variable, or a constant's
    pair), a copy's inputs, how many inputs, the line's sign, whether the reading is rational."""
    variable_names = [f"x{k}" for k in range(count)]
    signed = ["r"] if approx is not None else []  # (approx None: the result's sign and relation matched at run time)
    template = "".join(f"{{K{k}}}{'{R}' if v == 'r' and not signed else ''}{{{_unsigned(v)}}}"
                       for k, v in enumerate(variables)) + f"{{K{len(variables)}}}"
    body = (["i, r = record.numbers, record.shown.text"]
            + [f"{v} = i[N{k}].text" for k, v in enumerate(variable_names)]
            # (the record's sign (=, ≈) and each of its numbers' signs as learned: the shape shows them.  A
            # number's text is negative where it is < "0": one that starts with "-"; any other text below
            # "0" (empty, "+…", " …") is no plain decimal, which P refuses below (a ValueError: False))
            + [f"if ({'record.approx, ' if signed else ''}"
               f"{''.join(f'{v} < {chr(39)}0{chr(39)}, ' for v in [*signed, *variable_names])}) != SIGNS:\n"
               "        return False"]
            + (["ar = r.lstrip('-')", "A, neg = SIGNS[0], NEGATIVE"] if signed else
               # the record's relation and its result's minus, printed before the result: " = -", " \\approx "
               ["neg = r < '0'", "R, A = RELATIONS[record.approx, neg]", "ar = r[1:] if neg else r"])
            + [f"if {c}.lstrip('-') != r.lstrip('-'):\n        return False" for c in copies]
            + [f"if text != f\"{template}\":\n        return False",
               f"h = [{', '.join(repr(v) if type(v) is tuple else f'G({v}) or P({v})' for v in values)}]",
               "p, q = G(r) or P(r)"])
    if not exact:  # (σ, tanh, e^x, ln, √: Decimals; a leaky ReLU's slope)
        body.append("return follows(READER, h, (p, q), neg, ar, A, s)")
    else:  # a plain decimal's pair is its digits over 10^k: its last digit's unit is 1/q
        body += ["n, d = F(h, None)", "if neg:\n        p = -p",
                 "if n * q == p * d:\n        return True"]
        half = ["off, reach = 2 * abs(n * q - p * d) * q, d * q",
                "return off < reach or off == reach and abs(p) * d > abs(n) * q"]
        body += {False: ["return False"], 2: ["return abs(n * q - p * d) <= d"], True: half,
                 None: ["if not A:\n        return False", "if A == 2:\n        return abs(n * q - p * d) <= d"] + half}[approx]
    # the source holds no printed text, no name: the shape's pieces (K), the inputs' names (N) and the
    # reading are the maker's arguments, so lines and shapes alike share one compiled maker
    source = (f"def make(K, N, S, SIGNS, NEGATIVE, READER, P, G, RELATIONS):\n"
              f"    ({''.join(f'K{k}, ' for k in range(len(variables) + 1))}) = K\n"
              f"    ({''.join(f'N{k}, ' for k in range(count))}) = N\n"
              f"    ({''.join(f'S{k}, ' for k in range(count))}) = S\n    F = READER.function\n"
              f"    def program(text, record, s, follows):\n        try:\n"
              + "".join(f"            {line.replace(chr(10) + '    ', chr(10) + '            ')}\n" for line in body)
              + "        except (ArithmeticError, ValueError, KeyError, IndexError, TypeError):\n"
                "            return False\n    return program\n")
    namespace: dict = {}
    exec(compile(source, "<readback line>", "exec"), namespace)  # (identifiers, operators and integers only)
    return namespace["make"]


_MAKERS: dict = {}  # a program's structure (`_maker`'s arguments) -> its compiled maker


# (the record's sign, whether its result is negative) -> the text before the result's digits, the sign
# as the general reading takes it from that text (readback._SIGNS)
_RELATIONS = {(approx, negative): (f" {sign} {'-' if negative else ''}", approx)
              for sign, approx in (("=", False), (r"\approx", True), (r"\approx^{\dagger}", 2)) for negative in (False, True)}


def _relation_cut(piece: str, approx, negative: bool):
    """The shape's piece before the result without its relation and the result's minus (`_RELATIONS`),
    or None where it does not end so, or where what is left ends as a relation's text does (" =": a
    relation printed after it would then be read from there, not where it stands)."""
    ending = _RELATIONS[approx, negative][0]
    if not piece.endswith(ending):
        return None
    before = piece[:-len(ending)]
    return None if before.endswith(tuple(text.rstrip(" -") for text, _ in _RELATIONS.values())) else before


def _unsigned(variable: str) -> str:
    """A record's number in the shape without its minus: the result's stripped (`ar`), an input's text
    from S_k on (S_k = 1 where it was learned negative: its text then starts with its one minus, else P
    refuses it; 0 where positive: a text not below "0" has none)."""
    return "ar" if variable == "r" else f"{variable}[S{variable[1:]}:]"


def _fits(printed: str, recorded: str, after: str) -> bool:
    """A hole that can take a record's number: printed as that number's plain decimal text, and the
    shape's next piece does not start with a decimal mark and a digit (a shorter number would read on)."""
    return _PLAIN.fullmatch(printed) is not None and printed == recorded.lstrip("-") and not _MARK_FIRST.match(after)


def _pair(text: str) -> tuple:
    """A plain decimal's (numerator, denominator), with or without a minus (not counted: the shape
    holds the sign), kept per text; ValueError for anything else."""
    found = _PAIRS.get(text)
    if found is None:
        digits = text[1:] if text[:1] == "-" else text
        if _PLAIN.fullmatch(digits) is None:
            raise ValueError(text)
        whole, _, fraction = digits.partition(".")
        found = (int(whole + fraction), 10 ** len(fraction))
        if len(_PAIRS) >= 1 << 16:
            _PAIRS.clear()
        _PAIRS[text] = found
    return found


_PAIRS: dict = {}
