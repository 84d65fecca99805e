"""A printed line's printing pass compiled once per skeleton: a derivation's quantity's relation,
substitution layout and symbolic parts -> a Python function that prints the line of a variant.

`filled_line` (Lines._filled_line) does for any skeleton what the function made here does for one: read each
printed number's Shown once (the relation sign, the recheck's record, the holes of the layout),
fill the layout's holes with the numbers' texts, know the substituted text's width from its parts
(measure.know_near), and make the line's dict.  Here the loops over the inputs and the holes are
written out, the names and pieces are constants of the function, and the texts are joined in one
f-string: the same steps in the same order, with fewer Python operations (a worksheet prints
~50 lines a variant).  The function is built from generated source (`compile`), holding only
identifiers made here: every name and piece of text is a constant bound from outside, never
source text.
"""

from __future__ import annotations

from ..numbers import with_digits
from .blocks import BETWEEN, INSIDE, NOTE_CM, derivation_text
from .measure import know_joined, know_near, math_em_cm, math_width_cm
from .plan import ONE_UNIT, UNASKED
from .recheck import PrintedLine
from .rows import LINE_CM, SURE, kept_packing, prefix, prefix_em, sign_of


def line_program(relation, found, parts, holes, measured, fmt: str):
    """function(lines, q) -> the line's dict (as `filled_line(lines, q, …)` makes it); `found` a
    layout (pieces, holes) with `holes` its (input index, parenthesized) and `measured` its
    measure (see `filled_line`), or None (the substituted text printed by `Lines.substituted`).
    In LaTeX and Markdown the dict also holds its "rows" where they are surely one row joined on its
    symbolic parts' rows (what `blocks.line_rows` makes of it: see `_rows`)."""
    body, constants = line_source(relation, found, parts, holes, measured, fmt)
    return compiled("    def line(lines, q):\n" + "".join(f"        {line}\n" for line in PROLOGUE + body) + "    return line\n",
                    constants)


# what each line's source reads first (a block of lines reads it once: block_program.py)
PROLOGUE = ["plan = lines.plan", "replayed = plan.replayed", "kept = plan._shown.get", "plain, parenthesized = lines._forms",
            "record = lines.printed.append", "notes = plan._notes.get if plan.carried else None", "marks = lines.marks"]
RECORDED = ["if replayed is not None:", "    replayed.setdefault(R, None)"]  # (each line's first statements: plan.record)


def compiled(inner: str, constants: dict):
    """The function defined by `inner` (source indented in a function whose parameters are the names of
    `constants`), bound to them; the same source compiled once."""
    names = sorted(constants)
    source = f"def make({', '.join(names)}):\n" + inner
    make = _MAKERS.get(source)
    if make is None:  # (the lines of a layer share their source: compiled once)
        namespace: dict = {}
        exec(compile(source, "<line program>", "exec"), namespace)  # (identifiers only, see above)
        if len(_MAKERS) >= 1 << 10:
            _MAKERS.clear()
        make = _MAKERS[source] = namespace["make"]
    return make(**{name: constants[name] for name in names})


def line_source(relation, found, parts, holes, measured, fmt: str) -> tuple[list[str], dict]:
    """(the statements of `line_program`'s function after `PROLOGUE`, ending with `return line`; the
    constants they read)."""
    inputs = relation.inputs
    constants = {"R": relation, "NAME": relation.result, "FORMULA": relation.formula, "PrintedLine": PrintedLine, "tuple_new": tuple.__new__,
                 "with_digits": with_digits, "know_joined": know_joined, "UNASKED": UNASKED,
                 "LHS": parts[0], "CHAIN": parts[1], "UNSIMPLIFIED": parts[2], "SYMBOLIC": parts[3]}
    body = RECORDED + [
        "r = kept(NAME) or plan.shown(NAME)",
    ]
    for n, name in enumerate(inputs):
        constants[f"N{n}"] = name
        body.append(f"s{n} = kept(N{n}) or plan.shown(N{n})")
    shown = "".join(f"s{n}, " for n in range(len(inputs)))
    rounded = " or ".join(f"s{n}.rounded" for n in range(len(inputs))) or "False"
    constants["ONE_UNIT"] = ONE_UNIT
    body += [
        # (plan.sign; where no input is printed rounded, its result's own sign, written out)
        f"if {rounded}:",
        f"    approx = plan.sign(R, r, ({shown}))",
        "else:",
        "    approx = r.rounded and NAME not in plan.copied",
        "    if approx and plan.fallbacks and R in plan.fallbacks:",
        "        approx = ONE_UNIT",
        "if approx and with_digits(r, lines.digits) is not r:",
        "    r = lines._pad(NAME, r)",
        "record(tuple_new(PrintedLine, (NAME, FORMULA, {" + ", ".join(f"N{n}: s{n}" for n in range(len(inputs)))
        + "}, r, approx)))",  # (PrintedLine(…) without its __new__'s frame)
    ]
    text = []  # the names of the substituted text's parts, in order: the layout's pieces and the numbers' texts
    if found is None:
        body.append("substituted = lines.substituted(FORMULA)")
    else:
        pieces = found[0]
        if pieces[0]:
            constants["P0"] = pieces[0]
            text.append("P0")
        for h, ((index, parenthesized), piece) in enumerate(zip(holes, pieces[1:])):
            forms = "parenthesized" if parenthesized else "plain"
            body += [f"f{h} = {forms}.get(id(s{index}))",
                     f"if f{h} is None or f{h}[0] is not s{index}:",
                     f"    f{h} = lines._form(s{index}, {parenthesized})"]
            text.append(f"f{h}[1]")
            if piece:
                constants[f"P{h + 1}"] = piece
                text.append(f"P{h + 1}")
        body.append('substituted = f"' + "".join(f"{{{part}}}" for part in text) + '"')
        em, clean, end_clean = measured
        if clean:  # every join clean when each number joins cleanly: its width is its parts'
            constants["EM"] = em
            last = f"f{len(holes) - 1}[4]" if holes and not pieces[-1] else repr(bool(end_clean))
            condition = " and ".join(f"f{h}[3]" for h in range(len(holes))) or "True"
            body += [f"if {condition}:",
                     "    sub_em = EM" + "".join(f" + f{h}[2]" for h in range(len(holes))),
                     f"    sub_end = {last}",
                     "else:",
                     "    sub_em = None"]
        else:
            body.append("sub_em = None")
    if found is None:
        body.append("sub_em = None")
    body += [
        "fr = plain.get(id(r))",
        "if fr is None or fr[0] is not r:",
        "    fr = lines._form(r, False)",
        "result = fr[1]",
        "shown_sub = substituted if substituted != result and substituted != SYMBOLIC else None",
        # (Lines.note: its plan's note read at once where it is known to be none, the calculator mode's most)
        "exact = None if notes is None or notes(NAME, UNASKED) is None else lines.note(NAME)",
        "mark = marks.get(NAME) if marks else None",
        "line = {",
        '    "name": NAME, "lhs": LHS, "chain": CHAIN, "unsimplified": UNSIMPLIFIED, "symbolic": SYMBOLIC,',
        '    "substituted": shown_sub, "result": result, "approx": approx, "exact": exact, "mark": mark,',
        "}",
    ]
    if fmt != "text":
        body += _rows(parts, constants, fmt, found[0][0] if found is not None else None)
        # rows.pack measures it where the rows are not made here: its width is known from its parts'
        # (and its additions, exactly: its parts', one after the other — measure.know_joined)
        body += ["if sub_em is not None and 'rows' not in line:",
                 "    know_joined(substituted, sub_em, sub_end, (" + "".join(f"{part}, " for part in text) + "))"]
    body.append("return line")
    return body, constants


def _rows(parts, constants: dict, fmt: str, lead: str | None) -> list[str]:
    """The source that puts the line's rows into it as "rows" where `rows.pack` surely makes them one
    row: what `rows._joined_on` decides on the kept rows of its symbolic parts (`rows.kept_packing`, at
    `LINE_CM`: a line without a mark), with the substituted text's and the result's widths known here —
    each join clean, the row's summed width within the room with the margin `SURE`.  A line with a note
    (the exact value beside it) has the room `blocks.line_rows` leaves it, where its symbolic parts are
    one row: in less room they are that row still (each join before the last is narrower), so the line
    is the one row `rows.pack` makes of it there.  In LaTeX, where `blocks.block` would hold the rows together
    as one derivation ("\\\\*" after each but the last: `blocks.derivation_text`), the rows come with their
    separators and the line with the text of its rows, "rows_text" (without a note: see `blocks.line_block`).
    `lead`: the substitution layout's text before its first number (None: no layout).  Where the substituted
    text's width is known (`sub_em`), each number in it joins cleanly (measure.piece_measure), so whether
    it begins cleanly is its layout's lead's (a number's, where that is empty) — decided here; the result
    too joins cleanly where its form says so (else rows.pack decides)."""
    lhs, chain, unsimplified, symbolic = parts
    kept = kept_packing(lhs, LINE_CM, [("=", piece) for piece in (chain, unsimplified, symbolic) if piece])
    if not kept.rows or not kept.tail[1]:
        return []  # (rows.pack decides)
    text = derivation_text(kept.rows) if fmt == "tex" else None  # (the last row's body is added to below)
    kept_rows = kept.rows
    if text is not None:
        kept_rows = [{**row, "sep": INSIDE, "note": None} for row in kept_rows[:-1]] + [kept_rows[-1]]
        constants.update(KEPT_TEXT=text, BETWEEN=BETWEEN)
    constants.update(KEPT_HEAD=kept_rows[:-1], KEPT_LAST=kept_rows[-1], KEPT_BODY=kept_rows[-1]["body"],
                     TAIL_EM=kept.tail[0], ROOM=kept.room, EQ=prefix("="), EQ_EM=prefix_em("="),
                     PREFIXES={approx: (prefix(sign_of(approx)), prefix_em(sign_of(approx))) for approx in (False, True, ONE_UNIT)},
                     SURE=SURE, math_em_cm=math_em_cm, LINE_CM=LINE_CM, NOTE_CM=NOTE_CM, LHS_CM=math_width_cm(lhs),
                     math_width_cm=math_width_cm, ONE_ROW=len(kept.rows) == 1)
    return [
        # the room beside lhs as rows.pack has it (blocks.line_rows' room for a note, less lhs's width)
        "room = ROOM if not exact else ((LINE_CM - ((NOTE_CM + math_width_cm(exact['text'])) + 0)) - LHS_CM if ONE_ROW else None)",
        "if room is not None and not mark:",
        "    em, clean = TAIL_EM, True",
        "    if shown_sub is not None:",
    ] + ([
        "        if sub_em is not None:",
        "            em += EQ_EM + sub_em",
        "            clean = sub_end",
        "        else:",
        "            clean = False",
    ] if lead is not None and _begins_cleanly(lead) else [
        "        clean = False",
    ]) + [
        "    if clean and fr[3]:",
        "        prefix, prefix_em = PREFIXES[approx]",
        "        em += prefix_em + fr[2]",
        "        if math_em_cm(em * SURE) + 1.0 <= room:",
        "            added = f'{EQ}{shown_sub}{prefix}{result}' if shown_sub is not None else f'{prefix}{result}'",
        # (the kept rows copied, the last made at once: blocks.noted, a line with no mark; "noted" where it has an exact value)
        "            last = {**KEPT_LAST, 'body': KEPT_BODY + added, 'last': True, 'note': {'line': line}}",
        "            if exact:",
        "                last['noted'] = True",
    ] + ([
        "            else:",
        "                line['rows_text'] = KEPT_TEXT + added",
        "            last['sep'] = BETWEEN",  # (the line is a derivation of its own: blocks.block, line_block)
    ] if text is not None else []) + [
        "            line['rows'] = [last]" if len(kept_rows) == 1 else "            line['rows'] = [*map(dict, KEPT_HEAD), last]",
    ]


def _begins_cleanly(lead: str) -> bool:
    """Whether a text beginning with `lead` (a number after it where it is empty) joins cleanly after a
    relation: no script and no binary + or − first (rows._joined_on's test)."""
    first = lead[:1]
    return not lead or first not in ("^", "_") and not (first in ("+", "-") and lead[1:2] == " ")


def filled_line(lines, q, relation, found, parts, holes, measured) -> dict:
    """`Lines._filled_line`: `Lines.line` of a derivation's own quantity in the printing pass, its skeleton
    filled in one go (before it has a program of its own): each printed number's Shown read once (for the
    relation sign, the recheck's record and the holes), the same steps as `Lines.record`, `Lines.shown` and
    `substitution.filled_parts` written out.  `holes`: the index in the relation's inputs and the parentheses
    of each hole of the layout `found`; `measured`: (the width of the layout's pieces, whether they join
    numbers cleanly, whether its text ends clean after its last number) — the substituted text's width is
    then known from its numbers' (measure.know_near; rows.pack needs it)."""
    plan = lines.plan
    if plan.replayed is not None:
        plan.replayed.setdefault(relation, None)  # (plan.record)
    kept = plan._shown.get
    name = relation.result
    result_shown = kept(name) or plan.shown(name)
    names = relation.inputs
    inputs = tuple([kept(key) or plan.shown(key) for key in names])
    approx = plan.sign(relation, result_shown, inputs)
    if approx and with_digits(result_shown, lines.digits) is not result_shown:  # "≈ 0.7500", not "≈ 0.75"
        result_shown = lines._pad(name, result_shown)
    lines.printed.append(PrintedLine(name, relation.formula, dict(zip(names, inputs)), result_shown, approx))
    if found is not None:
        pieces = found[0]
        forms = lines._forms
        parts_ = [pieces[0]] if pieces[0] else []
        em, clean, end_clean = measured
        for (index, parenthesized), piece in zip(holes, pieces[1:]):
            shown = inputs[index]
            form = forms[parenthesized].get(id(shown))
            if form is None or form[0] is not shown:
                form = lines._form(shown, parenthesized)
            parts_.append(form[1])
            if piece:
                parts_.append(piece)
            if clean:
                _, _, number_em, clean, end_clean = form
                em += number_em
        substituted = "".join(parts_)
        if clean:  # every join clean: its width is its parts' (and its end its last part's)
            know_near(substituted, em, end_clean if not pieces[-1] else measured[2])
    else:
        substituted = lines.substituted(relation.formula)
    form = lines._forms[False].get(id(result_shown))
    if form is None or form[0] is not result_shown:
        form = lines._form(result_shown, False)
    return printed_line(q, parts, substituted, form[1], approx,
                        lines.note(q.name) if plan.carried else None, lines.marks.get(q.name) if lines.marks else None)


def printed_line(q, parts: tuple, substituted: str, result: str, approx: bool, exact, mark) -> dict:
    """A printed line as the templates read it: its symbolic parts, the numbers substituted (None where
    that says nothing more than the result or the formula), the result, its sign, note and mark."""
    lhs, chain, unsimplified, symbolic = parts
    return {
        "name": q.name,
        "lhs": lhs,
        "chain": chain,
        "unsimplified": unsimplified,
        "symbolic": symbolic,
        "substituted": substituted if substituted != result and substituted != symbolic else None,
        "result": result,
        "approx": approx,
        "exact": exact,
        "mark": mark,
    }


_MAKERS: dict = {}  # generated source -> its `make` (the source holds the shape of a line, not its names)
