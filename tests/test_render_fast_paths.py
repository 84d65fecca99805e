"""The rendering's shortcuts give exactly what the plain way gives (issue 16: worksheet variants per second).

Each shortcut is checked against the plain computation, run here beside it: a formula's substituted
line from its layout (render/substitution.py) against the LaTeX printer itself, over every formula
of two networks with numbers negative, tiny (m·10^e), long and zero, in English and German; the
sandbox's direct read of a plain dict's key against Jinja's getattr-first order (a key named like a
dict method still gives the method); `rows.pack`'s remembered clean row ends against the original
scan of the whole row before every piece.
"""

from __future__ import annotations

import random
from fractions import Fraction

import jinja2
import pytest

from symbp import formula as F
from symbp.derivation import derive
from symbp.i18n import use
from symbp.numbers import format_decimal
from symbp.render import rows
from symbp.render.measure import joined_math_em, math_em_cm, math_width_cm
from symbp.render.plan import formula_refs, shown_formula
from symbp.render.printers import LatexPrinter
from symbp.render.substitution import filled, layout
from symbp.render.templates import environment
from symbp.resources import example_path
from symbp.spec import load_spec

VALUES = [Fraction(3, 10), Fraction(-7, 20), Fraction(1, 3), Fraction(-2, 3), Fraction(0), Fraction(12, 10**9),
          Fraction(-5, 10**8), Fraction(123456789, 1000), Fraction(5), Fraction(-1)]


def formulas(example: str) -> list:
    derivation = derive(load_spec(example_path(example)).architecture())
    return [shown_formula(q.formula) for q in derivation.quantities]


@pytest.mark.parametrize("example,locale", [("nn231", "en"), ("mazur", "de"), ("softmax3", "en"), ("adam1", "fr")])
def test_substituted_lines_from_layouts_are_the_printers(example, locale):
    rng = random.Random(7)
    laid_out = 0
    with use(locale):
        for formula in formulas(example) + [F.Pow(F.Ref("x"), 2), F.Pow(F.Sub(F.Ref("y"), F.Ref("x")), 2)]:
            names = formula_refs(formula)
            for _ in range(4):
                shown = {name: format_decimal(rng.choice(VALUES), rng.choice((2, 4, 6))) for name in names}
                plain = LatexPrinter(values=shown)
                number = LatexPrinter().number
                for bare in (True, False):
                    found = layout(formula, names, bare)
                    expected = plain.bare(formula) if bare else plain.print(formula)
                    if found is not None:
                        laid_out += 1
                        assert filled(found, shown.__getitem__, number) == expected
    assert laid_out > 50


def test_a_number_in_a_powers_base_is_not_laid_out():
    """(1.2·10^{-8})^{2} is parenthesised for the form of its number: no layout can know it."""
    square = F.Pow(F.Ref("x"), 2)
    assert layout(square, ["x"], True) is None
    assert LatexPrinter(values={"x": format_decimal(Fraction(12, 10**9))}).print(square).startswith(r"(1.2 \cdot 10^{-8})")


@pytest.mark.parametrize("course", [True, False])
def test_a_plain_dicts_key_is_read_as_the_sandbox_reads_it(course, tmp_path):
    """In a course's sandbox and in the plain environment of symbp's own templates alike."""
    env = environment(tmp_path if course else None)
    render = lambda source, **context: env.from_string(source).render(**context)  # noqa: E731
    assert render("<%= d.lhs %>", d={"lhs": "w_{00}"}) == "w_{00}"
    assert render("<%= d.items() | list | length %>", d={"items": 5, "a": 1}) == "2"  # dict's method first
    with pytest.raises(jinja2.UndefinedError):
        render("<%= d.missing %>", d={"lhs": 1})
    if course:
        with pytest.raises(jinja2.exceptions.SecurityError):
            render('<%= "{:>10000000000}".format(1) %>')  # str.format is still bounded


def _original_pack(lhs, pieces, room):
    """rows.pack as it was: the whole row scanned again (joined_math_em) before every piece."""
    room = room - math_width_cm(lhs)
    flat = []
    for lead, body in pieces:
        if math_width_cm(body) + 1.0 > room:
            flat.extend(rows._break_sum(lead, body, room))
        else:
            flat.append((lead, body))
    out, row_em = [], None
    for lead, body in flat:
        joined = f" {rows._SIGN[lead]} {body}" if lead else f" {body}"
        if out and out[-1]["lead"] is not None:
            em = joined_math_em(out[-1]["body"], row_em, joined)
            if math_em_cm(em) + 1.0 <= room:
                out[-1]["body"] += joined
                row_em = em
                continue
        out.append({"lhs": "" if out else lhs, "lead": lead, "body": body, "last": False})
        row_em = None
    out[-1]["last"] = True
    return out


ATOMS = ["0.25", "-0.5", r"w_{00}^{1}", r"\frac{1}{2}", r"\sigma'\left(z^{1}_{0}\right)", r"\left(0.3",
             r"0.4\right)", "{", "}", r"\begin{bmatrix} 1 \\ 2 \end{bmatrix}", r"\frac{a}", "x^", r"\cdot",
             r"1.2 \cdot 10^{-5}", "(1 - 0.7)", "e^{0.5}"]


def test_two_clean_texts_joined_at_a_space_are_clean_and_measured_alike():
    """What rows.pack relies on: no need to scan the joined row again."""
    from symbp.render.measure import _ends_clean, _math_em, ends_clean

    rng = random.Random(5)
    checked = 0
    for _ in range(3000):
        head = " ".join(rng.choice(ATOMS) for _ in range(rng.randint(1, 5)))
        tail = " " + " ".join(rng.choice(ATOMS) for _ in range(rng.randint(1, 4)))
        if ends_clean(head) and ends_clean(tail):
            checked += 1
            assert _ends_clean(head + tail)
            assert joined_math_em(head, None, tail, head_clean=True) == _math_em.__wrapped__(head + tail)
    assert checked > 300


def test_packed_rows_are_the_original_scans():
    rng = random.Random(3)
    atoms = ATOMS
    for _ in range(400):
        pieces = []
        for _ in range(rng.randint(1, 7)):
            body = " ".join(rng.choice(atoms) for _ in range(rng.randint(1, 6)))
            pieces.append((rng.choice(["=", "≈", "+", "-", ""]), body))
        room = rng.uniform(3.0, 16.0)
        assert rows.pack("L", pieces, room) == _original_pack("L", pieces, room)


def test_a_row_that_ends_reading_on_is_measured_anew():
    """A row that opens a matrix reads on into what follows (its \\end): the next piece is measured
    with the whole row, as the original scan does, at a room where the two measures decide differently."""
    from symbp.render.measure import _math_em, _scan

    head, tail = r"a = \begin{bmatrix} 1", r" \\ 2 \end{bmatrix}"
    whole, continued = _math_em(head + tail), _scan(tail, False, _math_em(head))
    assert whole != continued
    lhs_cm = math_width_cm("L")
    room = lhs_cm + (math_em_cm(whole) + math_em_cm(continued)) / 2 + 1.0  # between the two
    pieces = [("", "a"), ("=", r"\begin{bmatrix} 1"), ("", r"\\ 2 \end{bmatrix}")]
    assert rows.pack("L", pieces, room) == _original_pack("L", pieces, room)


def test_kept_words_tell_equal_parameters_of_other_types_apart():
    """The templates' `_` keeps each text by its parameters: 2 and 2.0 (equal as keys) print apart, so
    a course template's "2.0 inputs" must not become the "2 inputs" kept before it (found in review)."""
    from symbp import i18n
    from symbp.render.template_filters import remembered as _remembered

    kept = _remembered(i18n.message)
    values = [2, 2.0, 1.0, 1, True]
    assert [kept("network.inputs", n=v) for v in values] == [i18n.message("network.inputs", n=v) for v in values]
