"""The worked solution's per-architecture shortcuts give exactly what the plain way gives (issue 16).

Each is checked here against the plain computation run beside it: a text's width worked out from
its parts' (measure.know_near: where every join is clean) against a scan of the whole text, a
derivation's rows packed on from its kept symbolic rows (rows.pack fixed=, and the sure path that
joins pieces on the last row from their summed widths) against packing every piece and measuring
every join, the recheck's exact
shortcuts (render/recheck_exact.py, recheck._near) against the general rules and against exact
arithmetic written here — and the recheck still stops a line that is more than a unit off or has
the wrong sign.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from symbp import formula as F
from symbp.errors import VerificationError
from symbp.numbers import format_decimal
from symbp.render import measure, rows
from symbp.render.plan import ONE_UNIT
from symbp.render.recheck import Evaluator, PrintedLine, _compile, recheck
from symbp.render.recheck_exact import near as _near
from symbp.resources import example_path
from symbp.spec import load_spec

TOKENS = ["0", "1", ".", "-", "+", "=", " ", "{", "}", "^", "_", "(", ")", "&", "x", "\\frac", "\\tfrac",
          "\\begin{bmatrix}", "\\end{bmatrix}", "\\left(", "\\right)", "\\text", "\\cdot", "\\\\", " + ", " - ",
          "\\,", "w_{1}^{(2)}", "\\operatorname", "- ", "+ ", "{,}", "e^{", "\\left.", "_{2}", "^{3}", " \\cdot "]


def test_a_text_measured_from_its_parts_is_measured_as_a_whole():
    """Where every join is clean (measure.joins_cleanly), a text's additions are its parts' one after the
    other: its width is the sum of theirs (to NEAR) and it ends clean as its last part does."""
    rng = random.Random(11)
    composed = 0
    for _ in range(40_000):
        parts = ["".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 5))]
        text = "".join(parts)
        if not all(measure.joins_cleanly(head, tail) for head, tail in zip(parts, parts[1:])):
            continue
        composed += 1
        assert sum((measure._scanned(part, False) for part in parts), ()) == measure._scanned(text, False), parts
        whole = measure._math_em.__wrapped__(text)
        assert abs(sum(measure._math_em.__wrapped__(part) for part in parts) - whole) <= measure.NEAR * whole, parts
        assert measure._ends_clean(text) == measure._ends_clean(parts[-1]), parts
    assert composed > 5_000


def test_a_plain_number_is_measured_as_its_scan():
    """measure.piece_measure counts a plain decimal's width at once: the scan's, to NEAR; it joins cleanly."""
    rng = random.Random(3)
    for _ in range(3_000):
        digits = str(rng.randint(0, 10**rng.randint(0, 9)))
        text = digits if rng.random() < 0.3 else f"{digits}.{rng.randint(0, 10**rng.randint(1, 8))}"
        text = rng.choice(["", "-"]) + text
        text = f"({text})" if rng.random() < 0.3 else text
        em, inside, clean = measure.piece_measure(text)
        scanned = measure._math_em.__wrapped__(text)
        assert abs(em - scanned) <= measure.NEAR * scanned and inside and clean, text
    for text in (r"1.2 \cdot 10^{-5}", "0{,}25", r"\left(0.3"):  # not plain: measured by their scan
        em, inside, clean = measure.piece_measure(text)
        assert em == measure._math_em.__wrapped__(text) and clean == measure._ends_clean(text)


def test_a_script_after_a_closed_script_stacks_and_is_not_joined():
    """a^{2} then _{3}: one stacked script (the wider), not two side by side."""
    head, tail = "a^{2}", "_{3}"
    assert not measure.joins_cleanly(head, tail)
    assert measure._scanned(head + tail, False) != measure._scanned(head, False) + measure._scanned(tail, False)


def test_rows_packed_on_from_kept_symbolic_rows_are_the_rows_of_every_piece():
    rng = random.Random(4)
    atoms = ["0.25", "-0.5", r"w_{00}^{1}", r"\frac{1}{2}", r"\sigma'\left(z^{1}_{0}\right)", r"(1 - 0.7)",
             r"1.2 \cdot 10^{-5}", r"\begin{bmatrix} 1 \\ 2 \end{bmatrix}", "e^{0.5}", r"\left(0.3", r"0.4\right)"]
    for _ in range(600):
        pieces = [(rng.choice(["=", "≈", "+", "-", ""]), " ".join(rng.choice(atoms) for _ in range(rng.randint(1, 9))))
                  for _ in range(rng.randint(1, 6))]
        room = rng.uniform(3.0, 16.0)
        fixed = rng.randint(0, len(pieces))
        plain = rows._packed(rows._Packing("L", room), pieces).rows  # every piece packed, every join measured
        plain[-1]["last"] = True
        assert rows.pack("L", pieces, room) == plain
        assert rows.pack("L", pieces, room, fixed) == plain
        assert rows.pack("L", pieces, room, fixed) == plain  # again, from the kept rows (not changed by the first)


def test_rows_joined_from_summed_widths_are_the_rows_of_every_join_measured():
    """The sure path (rows._joined_on) near its margin: pieces whose row is just narrower or just wider than
    the room give the rows that measuring every join gives."""
    rng = random.Random(9)
    atoms = ["0.25", "(-0.5)", r"w_{00}^{1}", r"a^{0}_{1}", r"\cdot", "+", "1.2", r"\sigma'\left(z^{1}_{0}\right)"]
    sure = 0
    for _ in range(1_500):
        pieces = [("=", " ".join(rng.choice(atoms) for _ in range(rng.randint(1, 8)))) for _ in range(rng.randint(1, 4))]
        plain_width = rows.math_em_cm(rows.math_em(" = ".join(body for _, body in pieces))) + 1.0
        room = plain_width + rows.math_width_cm("L") + rng.choice([-1e-9, 0.0, 1e-12, 1e-9, -0.01, 0.01])
        plain = rows._packed(rows._Packing("L", room), pieces).rows
        plain[-1]["last"] = True
        kept = rows.kept_packing("L", room, pieces[:1])
        joined = rows._joined_on(kept, pieces, 1)
        if joined is not None:
            sure += 1
            assert joined == plain
        assert rows.pack("L", pieces, room, 1) == plain
    assert sure > 100


def _formulas(spec):
    from symbp.activations import derivative_function, forward_function

    a, b, c = F.Ref("a"), F.Ref("b"), F.Ref("c")
    slope = spec.layers[0].negative_slope
    relu, relu_prime = forward_function("relu", slope), derivative_function("relu", slope)
    return [F.Add((F.Mul((a, b)), F.Neg(c), F.Const(Fraction(1, 3)))), F.Div(a, F.Sub(b, c)), F.Pow(F.Sub(a, b), 2),
            F.Mul((F.Apply(relu, (F.Add((a, b)),)), F.Apply(relu_prime, (c,)))), F.Div(F.Const(Fraction(0)), a)]


def test_rational_formulas_give_what_the_general_rules_give():
    spec = load_spec(example_path("nn231"))
    evaluator = Evaluator(spec)
    rng = random.Random(2)
    values = [Fraction(0), Fraction(3, 10), Fraction(-7, 20), Fraction(5), Fraction(-1, 8)]
    for formula in _formulas(spec):
        for _ in range(30):
            env = {name: rng.choice(values) for name in "abc"}
            try:
                general = _compile(formula)(env, evaluator.functions).exact
            except ZeroDivisionError:
                with pytest.raises(ZeroDivisionError):
                    evaluator.value(formula, env)
                with pytest.raises(ZeroDivisionError):
                    evaluator.pair(formula, _printed(env))
                continue
            assert evaluator.value(formula, env).exact == general
            numerator, denominator = evaluator.pair(formula, _printed(env))  # the integers, not in lowest terms
            assert denominator > 0 and Fraction(numerator, denominator) == general


class _Printed:
    """A printed number as the recheck's integer arithmetic reads it (numbers.Shown.ratio), for any Fraction."""

    def __init__(self, value: Fraction):
        self.ratio = (value.numerator, value.denominator)


def _printed(env: dict) -> dict:
    return {name: _Printed(value) for name, value in env.items()}


def test_within_half_a_unit_is_decided_in_integers_as_in_fractions():
    rng = random.Random(8)
    for _ in range(5_000):
        unit = Fraction(10) ** rng.randint(-8, 3)
        result = Fraction(rng.randint(-10**6, 10**6)) * unit
        value = result + Fraction(rng.randint(-3000, 3000), 2000) * unit
        expected = abs(result - value) <= unit / 2 and abs(result) <= unit * 10**20
        assert _near(result, value, unit) == expected


def _line(result: str, numbers: dict, approx: bool, digits: int = 4) -> PrintedLine:
    shown = {name: format_decimal(Fraction(v), 8) for name, v in numbers.items()}
    formula = F.Mul(tuple(F.Ref(name) for name in numbers))
    return PrintedLine("r", formula, shown, format_decimal(Fraction(result), digits), approx)


def test_the_recheck_stops_a_line_that_does_not_round_to_its_result_or_with_the_wrong_sign():
    spec = load_spec(example_path("nn231"))
    # 0.3 · 0.7 = 0.21 exactly; 0.1234 · 1 = 0.1234
    assert recheck([_line("0.21", {"a": "0.3", "b": "0.7"}, approx=False)], spec) == 1
    with pytest.raises(VerificationError, match="does not follow"):
        recheck([_line("0.21", {"a": "0.3", "b": "0.7"}, approx=True)], spec)  # "≈" where it is exact
    # a result printed 0.3333: 0.33334 · 1 rounds to it; 0.33336 (0.6 of a unit off: within one, the
    # rule before) and 0.33345 do not; 0.33335, a tie, rounds away from zero, to 0.3334
    third = format_decimal(Fraction(1, 3))
    assert third.text == "0.3333" and third.rounded
    formula = F.Mul((F.Ref("a"), F.Ref("b")))

    def times_one(a: str, result=third) -> PrintedLine:
        numbers = {"a": format_decimal(Fraction(a), 12), "b": format_decimal(Fraction(1), 8)}
        return PrintedLine("r", formula, numbers, result, True)

    assert recheck([times_one("0.33331"), times_one("0.33334"), times_one("0.333349999")], spec) == 3
    for off in ("0.33336", "0.33345", "0.33335"):
        with pytest.raises(VerificationError, match="does not follow"):
            recheck([times_one(off)], spec)
    rounded_up = format_decimal(Fraction(33335, 100000) + Fraction(1, 10**9))
    rounded_down = format_decimal(-Fraction(33335, 100000) - Fraction(1, 10**9))
    assert (rounded_up.text, rounded_down.text) == ("0.3334", "-0.3334")
    assert recheck([times_one("0.33335", rounded_up), times_one("-0.33335", rounded_down)], spec) == 2
    # a line printed marked "≈†" (sign ONE_UNIT: a plan's fallback, plan.solve): within one unit
    def marked(a: str) -> PrintedLine:
        return times_one(a)._replace(approx=ONE_UNIT)

    assert recheck([marked("0.33335"), marked("0.33339"), marked("0.33327")], spec) == 3
    with pytest.raises(VerificationError, match="does not follow"):
        recheck([marked("0.33345")], spec)  # 1.2 units off: not even within one
    with pytest.raises(VerificationError, match="does not follow"):
        recheck([times_one("0.333350000001")], spec)  # the same line unmarked: half a unit


def test_the_recheck_integers_give_the_fractions_of_every_rational_activation():
    """recheck_exact.compile_pairs against Fraction arithmetic written out here, for relu, leaky ReLU,
    identity (forward and derivative), a negative power and a quotient by a negative number."""
    from symbp.activations import derivative_function, forward_function

    evaluator = Evaluator(load_spec(example_path("nn231")))
    slope = Fraction(1, 10)
    a, b, c = F.Ref("a"), F.Ref("b"), F.Ref("c")
    cases = []
    for name, forward, derivative in (("relu", lambda z: max(z, 0), lambda z: Fraction(int(z > 0))),
                                      ("leaky_relu", lambda z: z if z > 0 else slope * z,
                                       lambda z: Fraction(1) if z > 0 else slope),
                                      ("identity", lambda z: z, lambda z: Fraction(1))):
        f, f_prime = forward_function(name, slope), derivative_function(name, slope)
        evaluator.functions[f], evaluator.functions[f_prime] = (name, False, slope), (name, True, slope)
        cases.append((F.Mul((F.Apply(f, (F.Sub(a, b),)), F.Apply(f_prime, (c,)))),
                      lambda e, forward=forward, derivative=derivative: forward(e["a"] - e["b"]) * derivative(e["c"])))
    cases.append((F.Pow(F.Sub(a, b), -2), lambda e: 1 / (e["a"] - e["b"]) ** 2))
    cases.append((F.Div(F.Add((a, F.Const(Fraction(1, 3)))), F.Neg(c)), lambda e: (e["a"] + Fraction(1, 3)) / -e["c"]))
    rng = random.Random(5)
    values = [Fraction(0), Fraction(3, 10), Fraction(-7, 20), Fraction(5), Fraction(-1, 8), Fraction(2, 3)]
    for formula, expected in cases:
        for _ in range(40):
            env = {name: rng.choice(values) for name in "abc"}
            try:
                want = Fraction(expected(env))
            except ZeroDivisionError:
                with pytest.raises(ZeroDivisionError):
                    evaluator.pair(formula, _printed(env))
                continue
            numerator, denominator = evaluator.pair(formula, _printed(env))
            assert denominator > 0 and Fraction(numerator, denominator) == want
