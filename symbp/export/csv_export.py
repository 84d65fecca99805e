"""A worksheet's variants -> one plain CSV of every variant's givens and answers, for any other
platform or a spreadsheet.

In:  the built `Worksheet` (its verified variants), the sheet's seed, `SheetOptions` and `Rule`.
Out: CSV text, one row per variant and quantity, in order (givens first, then the asked
     quantities in the answer key's order, view.parts):

    variant, seed     the variant's id and seed (as in answers.json and the sheets)
    role              given (the spec gives it) or answer (the sheet asks for it)
    task              the worksheet task that asks for it (forward, loss, …); empty for a given
    name              symbp's quantity name (z_0^1, dL/dw_10^1, w_00^1@2)
    value             the value: exact when it terminates in 17 significant digits, else rounded to 17
    exact             the exact value ("1/3", or 30 digits when irrational), as in answers.json
    tolerance         absolute tolerance from the agreement rule (tolerance.py); empty for a given
    carried           a carried key's value (each written value rounded to the sheet's digits and
                      carried on, as the sheet tells students), as the key prints it (significant zeros
                      kept: 1.050); empty otherwise
    carried_tolerance the same rule's tolerance about the carried value: accept a number within
                      `tolerance` of `value` or within `carried_tolerance` of `carried`
    also_accepted     further values accepted exactly (a rounding that reaches a power of ten), or empty
    points            points of an answer (one each, as `symbp check --key` marks); 0 for a given

In a locale with a decimal comma (de, fr) the numbers are written with it and the fields are
separated by ";", as spreadsheets of that language read them; the column names and the roles are
the locale's words (csv.* in templates/i18n/), task and quantity names stay symbp's.  No cell
begins a spreadsheet formula (csv_cells.py).
"""

from __future__ import annotations

import io

COLUMNS = ("variant", "seed", "role", "task", "name", "value", "exact", "tolerance", "carried", "carried_tolerance",
           "also_accepted", "points")


def variants_csv(spec, worksheet, seed: int, options, rule=None) -> str:
    from ..agreement import Rule, as_fraction
    from ..csv_cells import Writer
    from ..i18n import current
    from ..numbers import exact_string
    from ..render.answer_key import printed_carried_values
    from ..variants import settings_from_spec
    from . import view
    from .tolerance import bands, plain_number

    rule = rule or Rule(options.digits)
    ask = settings_from_spec(spec).ask
    locale = current()
    number = locale.number
    out = io.StringIO()
    writer = Writer(out, delimiter=locale.csv_delimiter, lineterminator="\n")
    writer.writerow([locale.message(f"csv.{column}") for column in COLUMNS])
    given, answer = locale.message("csv.given"), locale.message("csv.answer")
    for v in worksheet.variants:
        printed = printed_carried_values(v.solution) or {}  # the carried key's texts, its significant zeros kept
        for name, value in v.solution.givens.items():
            writer.writerow([v.id, v.seed, given, "", name, number(plain_number(as_fraction(value))),
                             number(exact_string(value)), "", "", "", "", 0])
        for part in view.parts(v.solution, ask, rule):
            carried = [] if part["carried"] is None else bands(part["carried"], rule)
            extra = dict.fromkeys(number(plain_number(b.centre)) for b in part["bands"][1:] + carried[1:])
            writer.writerow([v.id, v.seed, answer, part["task"], part["name"], number(part["value_text"]),
                             number(exact_string(v.solution.values[part["name"]])), number(part["tolerance_text"]),
                             *([number(_as_printed(printed.get(part["name"]), carried[0].centre)),
                                number(plain_number(carried[0].tolerance))] if carried else ["", ""]),
                             " ".join(extra), part["points"]])
    return out.getvalue()


def _as_printed(text: str | None, value) -> str:
    """The carried value as the key prints it ("1.050"), where that text is the value; else as a plain number."""
    from fractions import Fraction

    from .tolerance import plain_number

    return text if text is not None and Fraction(text) == value else plain_number(value)
