"""How `symbp check`'s reports write a number: a value beside a written one, and a written one as echoed.

In:  a value (exact Fraction or high-precision), the report's digits and format, the `Written`
     number it stands beside.
Out: text ("0.1500", "≈ 0.7514", "= 1.8", "1·10^999"), by render/printers.py's number printer.
"""

from __future__ import annotations

from fractions import Fraction

from .agreement import as_fraction
from .check_json import MINUS

MAX_SHOWN_PLACES = 60  # significant digits of an expected value shown beside a written one


def _printer(fmt: str, **settings):
    from .render.printers import printer

    return printer("tex" if fmt == "tex" else "text", **settings)


def shown(value, digits: int, fmt: str = "text", written=None) -> str:
    """A value for display: exact when it terminates briefly, else ≈ rounded to `digits`.  Beside a
    `written` number, an exact value that shows fewer decimals is written with as many (0.9800
    beside 0.9812, still "=": 0.9800 is exactly 0.98), so the two compare digit by digit — where
    that shows no more significant digits than the written one (not 60 zeros beside 1e-999)."""
    if value is None:
        return ""
    from .numbers import format_decimal

    exact = as_fraction(value)
    if not exact and value:  # a tiny high-precision value (σ(−999) ≈ 1.4·10^−434) is no 0 on the page
        from .numbers import to_decimal

        exact = Fraction(to_decimal(value))
    known = exactly(value)
    printed = format_decimal(exact if known is not None else value, digits)
    number = _padded(printed, written) if written is not None and not printed.rounded else exact
    text = _printer(fmt, digits=digits).number(value if known is None else number, parenthesize_negative=False)
    approx = ("\\approx " if fmt == "tex" else "≈ ") if printed.rounded and (known is None or printed.value != exact) else ""
    return approx + text


def exactly(value) -> Fraction | None:
    """A value's exact value where it is known: an exact one's, and 0 for a high-precision one that
    is 0 to 40 digits (0·tanh z); None for any other high-precision value — it came through exp, ln
    or tanh of a number not special for them (the engine works exp(0), ln 1 exactly), and such a
    value is no short decimal, however close: softmax(6369, 2042)_0 is ≈ 1, not = 1."""
    if isinstance(value, (Fraction, int)):
        return Fraction(value)
    return Fraction(0) if as_fraction(value) == 0 else None


def _padded(printed, written):
    """An exact `Shown` with zeros after its last digit up to the `written` number's decimals, where
    it then shows at most as many significant digits as that (and MAX_SHOWN_PLACES); else as it is."""
    from decimal import Decimal, localcontext

    from .numbers import Shown

    dec = Decimal(printed.text)
    lead = dec.adjusted() if dec else 0
    decimals = written.decimals
    if decimals is None or decimals <= -dec.as_tuple().exponent or \
            lead + decimals + 1 > min(max(written.significant, 1), MAX_SHOWN_PLACES):
        return printed
    with localcontext() as context:
        context.prec = MAX_SHOWN_PLACES + abs(lead) + 2
        return Shown(format(dec.quantize(Decimal(1).scaleb(-decimals)), "f"), False)


def relation(value, digits: int, fmt: str = "text", written=None) -> str:
    """"= 1.8" or "≈ 0.12297": a value as the end of a substitution line (`written`: as `shown`)."""
    text = shown(value, digits, fmt, written)
    return text if text.startswith(("≈", "\\approx")) else "= " + text


def _written_text(written, fmt: str) -> str:
    """A number as the answer wrote it, with the locale's decimal mark ("0,47" was read as 0.47);
    a long one (1e999, 1000 digits as a value) as its written digits times a power of ten."""

    if written.cut:  # "0.8698…", as written: its digits and the dots
        return _written_text_plain(written.text, fmt) + ("\\ldots" if fmt == "tex" else "…")
    text = written.bounded_text
    if "e" in text and written.decimals is not None:  # (a fraction is echoed as written: "1e5/3")
        mantissa, exponent = text.split("e")
        return _printer(fmt).times_ten(_written_text_plain(mantissa, fmt), int(exponent))
    return _written_text_plain(text, fmt)


def as_written(written):
    """A written number as a line substitutes it: its own digits (a `Shown` of its text, trailing
    zeros kept: −0.04870), a long one as m·10^e, a fraction such as 1/3 by its value."""
    from .numbers import Shown, format_decimal

    if written.decimals is None or "e" in written.bounded_text:  # 1/3, 1e999
        places = max(written.significant, 1) if written.decimals is not None else 16
        return format_decimal(written.value, min(places, MAX_SHOWN_PLACES))
    if len(written.text) > MAX_SHOWN_PLACES + 4:  # 200 digits written: rounded to what a line shows
        return format_decimal(written.value, MAX_SHOWN_PLACES)
    return Shown(written.text, False)


def _written_text_plain(text: str, fmt: str) -> str:
    from .i18n import number

    if fmt == "tex":  # (a space kept in math mode: "2 1/2" is not 21/2 on the page)
        return "\\ ".join(number(text, fmt).split())
    return number(text.replace("-", MINUS))
