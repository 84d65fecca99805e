"""Display rows of a typeset derivation, decided from measured widths: pieces of math -> rows.

A derivation is a left-hand side and a chain of pieces, each led by a relation ("=" or "≈") or
by an operator that continues a long sum ("+", "-").  `pack` puts as many consecutive pieces on a
row as fit the line (measured with `measure.math_width_cm`, never a neuron count), and breaks a
piece that alone is wider than a line at its top-level + and − signs.  A matrix times a vector
that is too wide is split into column blocks (W a = W_{:,A} a_A + W_{:,B} a_B, `column_blocks`),
a result matrix into blocks of columns written one under the other (`split_matrix`).

Rows are data for the templates: {"lhs", "lead", "body", "last"}; `lead` is "=", "≈" or an
operator (a continuation), `last` marks a derivation's last row (where a page may break).
"""

from __future__ import annotations

from .plan import ONE_UNIT
from .measure import NEAR, TEXT_WIDTH_CM, ends_clean, joined_math_em, joined_piece_em, math_em, math_em_cm, math_width_cm, near_em

LINE_CM = TEXT_WIDTH_CM - 1.0  # what a row of an alignment may hold beside its left-hand side
COLUMN_SEP_CM = 0.36  # 2 × \arraycolsep between matrix columns
BRACKETS_CM = 0.5  # a bmatrix's two brackets and their padding
RELATIONS = ("=", "≈")


def top_level_terms(tex: str) -> list[tuple[str, str]]:
    """A sum split at its top-level binary + and − (printed with spaces around, as the printers
    do): [(operator or "", term), …].  Braces, parentheses, brackets and \\left…\\right nest."""
    terms, depth, start, lead, i = [], 0, 0, "", 0
    while i < len(tex):
        ch = tex[i]
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        elif depth == 0 and ch in "+-" and tex[i - 1:i] == " " and tex[i + 1:i + 2] == " " and i > 0:
            terms.append((lead, tex[start:i].strip()))
            lead, start = ch, i + 1
        i += 1
    terms.append((lead, tex[start:].strip()))
    return terms


def _break_sum(lead: str, body: str, room: float) -> list[tuple[str, str]]:
    """A piece wider than `room` broken at top-level + and −: [(lead, text), (op, text), …]; a
    product whose sum sits inside parentheses, (t1 + t2 + …)·f, is broken inside them (also
    where it is one term of the sum, too wide alone)."""
    terms = top_level_terms(body)
    if len(terms) == 1:
        return _break_inside(lead, body, room)
    out = []
    for piece in _greedy(lead, terms, room):  # a term alone too wide (λ·(…) + λ₁·(…)): broken inside
        out.extend(_break_inside(*piece, room) if math_width_cm(piece[1]) + 1.0 > room else (piece,))
    return out


def _greedy(lead: str, terms: list[tuple[str, str]], room: float) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    current_lead, current, current_em = lead, terms[0][1], None
    for op, term in terms[1:]:
        em = joined_math_em(current, current_em, f" {op} {term}")  # the width of current + op + term
        if math_em_cm(em) <= room - 1.0:
            current, current_em = f"{current} {op} {term}", em
        else:
            out.append((current_lead, current))
            current_lead, current, current_em = op, term, None
    out.append((current_lead, current))
    return out


def _break_inside(lead: str, body: str, room: float) -> list[tuple[str, str]]:
    """(t1 + t2 + …)·rest broken inside its first parenthesised sum; \\left( … \\right) become
    \\left( … \\right. and \\left. … \\right) so that each row's delimiters are complete."""
    opening = _first_group(body)
    if opening is None:
        return [(lead, body)]
    start, inner_start, inner_end, end, tall = opening
    terms = top_level_terms(body[inner_start:inner_end])
    if len(terms) == 1:
        return [(lead, body)]
    prefix, suffix = body[:start], body[end:]
    rows = _greedy(lead, terms, room - math_width_cm(prefix + suffix) * 0.5)
    out = []
    for n, (row_lead, text) in enumerate(rows):
        first, last = n == 0, n == len(rows) - 1
        left = (r"\left(" if tall else "(") if first else (r"\left." if tall else "")
        right = (r"\right)" if tall else ")") if last else (r"\right." if tall else "")
        out.append((row_lead, (prefix if first else "") + left + text + right + (suffix if last else "")))
    return out


def _first_group(body: str):
    """(start, inner start, inner end, end, tall) of the first top-level parenthesised group."""
    depth, i = 0, 0
    while i < len(body):
        if body.startswith(r"\left(", i) and depth == 0:
            close = _matching(body, i + 6, tall=True)
            return (i, i + 6, close, close + 7, True) if close is not None else None
        ch = body[i]
        if ch == "(" and depth == 0:
            close = _matching(body, i + 1, tall=False)
            return (i, i + 1, close, close + 1, False) if close is not None else None
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
        i += 1
    return None


def _matching(body: str, i: int, tall: bool):
    depth = 0
    while i < len(body):
        if tall and body.startswith(r"\right)", i) and depth == 0:
            return i
        ch = body[i]
        if ch in "{([":
            depth += 1
        elif ch in "})]":
            if depth == 0 and not tall and ch == ")":
                return i
            depth -= 1
        i += 1
    return None


def pack(lhs: str, pieces: list[tuple[str, str]], room: float = LINE_CM, fixed: int = 0) -> list[dict]:
    """The rows of one derivation: `pieces` [(lead, math), …] packed greedily into rows of at
    most `room` cm beside the left-hand side.  `fixed`: how many of the first pieces are the same
    in every variant of an architecture (its symbolic parts): the rows they make, with `lhs` and
    `room`, are worked out once and kept (the pieces are packed one after the other, so the rest
    is packed on from there as it would be).  Pieces that surely all join the last row (their
    widths summed, with a margin: `_joined_on`) are joined without measuring each join."""
    kept = kept_packing(lhs, room, pieces[:fixed])
    rows = _joined_on(kept, pieces, fixed)
    if rows is not None:
        return rows
    rows = _packed(kept.copy(), pieces[fixed:]).rows
    rows[-1]["last"] = True
    return rows


def kept_packing(lhs: str, room: float, fixed) -> _Packing:
    """The rows of the pieces `fixed` beside `lhs` in `room`, kept (do not change them: `copy` it)."""
    key = (lhs, room, *fixed)
    kept = _PACKED.get(key)
    if kept is None:
        if len(_PACKED) >= 1 << 14:
            _PACKED.clear()
        kept = _PACKED[key] = _packed(_Packing(lhs, room), fixed)
        kept.tail = near_em(kept.rows[-1]["body"]) if kept.rows else None
    return kept


_PACKED: dict = {}  # (lhs, room, *fixed pieces) -> the _Packing they make
SURE = 1.0 + 2 * NEAR  # a sum of nearly known widths times this is surely no less than the measured one


def _joined_on(kept: _Packing, pieces, start: int) -> list[dict] | None:
    """The rows of `pieces[start:]` packed on `kept` where they surely all join its last row: each
    join clean (what `joined_piece_em` then adds is the piece's own width after the prefix's), and the
    row's width, summed from nearly known widths (measure.near_em), fits with a margin — every join
    before the last is narrower, and each piece alone too (widths are never negative).  None: not
    sure (`_packed` decides, measuring every join).  No rows yet: the first piece begins the row."""
    if kept.rows:
        em, clean = kept.tail
    elif len(pieces) > start:
        lead, body = pieces[start]
        em, clean = near_em(body)
        rows = [{"lhs": kept.lhs, "lead": lead, "body": body, "last": True}]
        start += 1
    else:
        return None
    joined = []
    for lead, body in pieces[start:]:
        first = body[:1]
        if not clean or not first or first == "^" or first == "_" or ((first == "+" or first == "-") and body[1:2] == " "):
            return None
        body_em, clean = near_em(body)
        em += _PREFIX_EM[lead] + body_em
        joined.append(_PREFIX[lead])
        joined.append(body)
    if math_em_cm(em * SURE) + 1.0 > kept.room:
        return None
    if kept.rows:
        rows = list(map(dict, kept.rows))
    last = rows[-1]
    last["body"] += "".join(joined)
    last["last"] = True
    return rows


class _Packing:
    """Rows being packed: the room beside the left-hand side, the rows so far, the em of the last
    row's body (None: not measured) and whether it is known to end clean (measure.ends_clean); `tail`:
    of a kept packing, `near_em` of its last row's body (None: no rows)."""

    __slots__ = ("lhs", "room", "rows", "row_em", "row_clean", "tail")

    def __init__(self, lhs: str, room: float):
        self.lhs, self.room = lhs, room - math_width_cm(lhs)
        self.rows: list[dict] = []
        self.row_em, self.row_clean = None, False
        self.tail = None

    def copy(self) -> _Packing:
        other = _Packing.__new__(_Packing)
        other.lhs, other.room, other.row_em, other.row_clean = self.lhs, self.room, self.row_em, self.row_clean
        other.rows = list(map(dict, self.rows))
        other.tail = None
        return other


def _packed(packing: _Packing, pieces) -> _Packing:
    """`packing` with `pieces` packed on (a piece wider than a row broken at its + and − first)."""
    room, rows = packing.room, packing.rows
    for lead, body in pieces:
        flat = _break_sum(lead, body, room) if math_width_cm(body) + 1.0 > room else ((lead, body),)
        for lead, body in flat:
            if rows and rows[-1]["lead"] is not None:
                head = rows[-1]["body"]
                row_clean = packing.row_clean or ends_clean(head)
                prefix = _PREFIX[lead]
                em = joined_piece_em(head, packing.row_em, prefix, body, row_clean)  # the row with the piece
                if math_em_cm(em) + 1.0 <= room:
                    rows[-1]["body"] += prefix + body
                    packing.row_em = em
                    # two clean texts joined at a space: clean (the prefix adds no group, command or end)
                    packing.row_clean = row_clean and ends_clean(body if body else prefix)
                    continue
            rows.append({"lhs": "" if rows else packing.lhs, "lead": lead, "body": body, "last": False})
            packing.row_em, packing.row_clean = None, False
    return packing


MARKED = "≈†"  # the sign of a line held to one unit of its last digit (plan.ONE_UNIT; the legend says so)
_SIGN = {"=": "=", "≈": r"\approx", MARKED: r"\approx^{\dagger}", "+": "+", "-": "-", "": ""}


def sign_of(approx) -> str:
    """A line's relation sign from plan.sign's value: "=", "≈", or "≈†" (held to one unit)."""
    return (MARKED if approx == ONE_UNIT else "≈") if approx else "="
_PREFIX = {lead: f" {sign} " if lead else " " for lead, sign in _SIGN.items()}  # before a piece joined to a row
_PREFIX_EM = {lead: math_em(prefix) for lead, prefix in _PREFIX.items()}


def prefix(lead: str) -> str:
    """What joins a piece led by `lead` ("=", "≈", "≈†", an operator) to the row before it."""
    return _PREFIX[lead]


def prefix_em(lead: str) -> float:
    """The width of `prefix(lead)` in em."""
    return _PREFIX_EM[lead]


def matrix_width(rows: list[list[str]]) -> float:
    """The printed width of a bmatrix of these entries, in cm."""
    if not rows or not rows[0]:
        return BRACKETS_CM
    columns = len(rows[0])
    widest = [max(math_width_cm(row[c]) for row in rows) for c in range(columns)]
    return sum(widest) + (columns - 1) * COLUMN_SEP_CM + BRACKETS_CM


def column_ranges(rows: list[list[str]], room: float, extra: float = 0.0) -> list[tuple[int, int]]:
    """The fewest blocks of (nearly) equal numbers of columns, each as wide as `room` less `extra`
    at most: [(first, last + 1), …] (one block when the whole matrix fits)."""
    columns = len(rows[0]) if rows else 0
    for parts in range(1, max(columns, 1) + 1):
        size = -(-columns // parts)
        bounds = [(start, min(start + size, columns)) for start in range(0, columns, size)]
        if all(matrix_width([r[a:b] for r in rows]) + extra <= room for a, b in bounds):
            return bounds
    return [(c, c + 1) for c in range(columns)]


def bmatrix(rows: list[list[str]]) -> str:
    return r"\begin{bmatrix}" + r" \\ ".join(" & ".join(r) for r in rows) + r"\end{bmatrix}"


def vector(items: list[str]) -> str:
    return bmatrix([[item] for item in items])


def product_bounds(matrix: list[list[str]], vector_items: list[str], room: float) -> list[tuple[int, int]]:
    """The column blocks of `products` (column_ranges with the vector's width beside each)."""
    return column_ranges(matrix, room, extra=matrix_width([[v] for v in vector_items]) + 0.8)


def products(matrix: list[list[str]], vector_items: list[str], room: float, bounds=None) -> list[str]:
    """matrix · vector as one product, or as a sum of column blocks times the matching parts of
    the vector when that is too wide: W a = W_{:,A} a_A + W_{:,B} a_B (the same numbers); `bounds`:
    its `product_bounds`, where worked out before."""
    bounds = bounds or product_bounds(matrix, vector_items, room)
    return [bmatrix([r[a:b] for r in matrix]) + " " + vector(vector_items[a:b]) for a, b in bounds]


def split_matrix(rows: list[list[str]], room: float, bounds=None) -> list[tuple[tuple[int, int], str]]:
    """A result matrix as blocks of columns, each a bracketed piece that fits `room`:
    [((first, last), math), …]; one block: the whole bmatrix (`bounds`: its column_ranges, where
    worked out before)."""
    bounds = bounds or column_ranges(rows, room)
    if len(bounds) == 1:
        return [((0, len(rows[0]) - 1), bmatrix(rows))]
    out = []
    for n, (a, b) in enumerate(bounds):
        body = r"\begin{matrix}" + r" \\ ".join(" & ".join(r[a:b]) for r in rows) + r"\end{matrix}"
        left = r"\left[" if n == 0 else r"\left."
        right = r"\right]" if n == len(bounds) - 1 else r"\right."
        out.append(((a, b - 1), f"{left}{body}{right}"))
    return out


def relation_rows(lhs: str, *texts, room: float = LINE_CM) -> list[dict]:
    """Rows of a chain of printed relations ("= …", "\\approx …", or a bare first piece), for a
    template (the `rows` filter): lhs = a = b ≈ c broken to fit `room`."""
    pieces = []
    for text in texts:
        if not text:
            continue
        text = text.strip()
        for sign, lead in (("=", "="), (r"\approx^{\dagger}", MARKED), (r"\approx", "≈")):
            if text.startswith(sign + " "):
                pieces.append((lead, text[len(sign) + 1:]))
                break
        else:
            pieces.append(("=" if lhs else "", text))
    return pack(lhs, pieces, room)
