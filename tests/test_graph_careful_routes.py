"""Careful ways of working a computational graph by hand that `check` called wrong (a hunter's simulated
students, stop 53): a local derivative worked from its gate's output (1/(2s) for ∂√z/∂z with s = √z as
written, −c/x for ∂(y/x)/∂x with c = y/x), σ'(z) worked from z, the products of a fan-out's gradient
rounded before adding, the running gradient kept in the calculator while the values are read off the
page, values kept to two more digits.  Each student's numbers are worked out here with Decimal, step
by step as the student does, never by symbp; then `check` must mark every value right — and a value
worked from a slipped s that way is carried from the slip, not right."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, getcontext
from pathlib import Path

import pytest

import symbp

DATA = Path(__file__).parent / "data"

getcontext().prec = 50


def r(x: Decimal, digits: int) -> Decimal:
    """x rounded to `digits` significant digits, half away from zero (a calculator's display)."""
    if x == 0:
        return x
    return x.quantize(Decimal(1).scaleb(x.adjusted() - digits + 1), rounding=ROUND_HALF_UP)


def text(x: Decimal, digits: int = 4) -> str:
    return format(r(x, digits), "f")


def graph(inputs: dict, stages: list) -> object:
    return symbp.spec_from_dict({"kind": "graph", "inputs": inputs, "stages": stages})


def statuses(spec, answers: dict) -> dict:
    report = symbp.check(spec, {name: value if isinstance(value, str) else text(value) for name, value in answers.items()})
    return {name: report.statuses[name] for name in answers}


def test_a_root_s_local_from_its_output_with_the_gradient_kept_in_the_calculator():
    # x = 8, y = 6, z = 2: s = x·y, t = √s, f = t·z
    x, y, z = Decimal(8), Decimal(6), Decimal(2)
    s = x * y
    t = r(s.sqrt(), 4)  # 6.928, written and read off the page
    local = 1 / (2 * t)  # ∂t/∂s from t, kept
    df_ds = z * local  # kept in the calculator, written rounded
    df_dx = df_ds * y
    df_dy = df_ds * x
    assert text(df_dx) == "0.8661"  # (from df/ds as written, 0.1443·6 = 0.8658: a calculator's route)
    marks = statuses(graph({"x": 8, "y": 6, "z": 2}, ["s = x * y", "t = sqrt(s)", "f = t * z"]),
                     {"s": s, "t": t, "f": t * z, "df/dt": z, "df/ds": df_ds, "df/dz": t, "df/dy": df_dy, "df/dx": df_dx})
    assert set(marks.values()) == {"correct"}, marks


def test_a_fan_outs_products_rounded_before_adding():
    # x = −3, y = −1: a = e^x, b = x·y, f = a·b; x fans out to a and b
    x, y = Decimal(-3), Decimal(-1)
    a = r(x.exp(), 4)  # 0.04979
    b = x * y
    df_da, df_db = b, a
    df_dx = r(df_da * a, 4) + r(df_db * y, 4)  # each product rounded, then added: 0.1494 − 0.04979
    assert text(df_dx) == "0.09961"
    marks = statuses(graph({"x": -3, "y": -1}, ["a = exp(x)", "b = x * y", "f = a * b"]),
                     {"a": a, "b": b, "f": a * b, "df/db": df_db, "df/da": df_da, "df/dy": df_db * x, "df/dx": df_dx})
    assert set(marks.values()) == {"correct"}, marks


def test_a_root_s_local_from_its_written_output_rounded_or_not():
    # z = 1.9, y = 3, w = 1.09: s = √z, f = s·y − z·w
    z, y, w = Decimal("1.9"), Decimal(3), Decimal("1.09")
    s = r(z.sqrt(), 4)  # 1.378
    for local in (1 / (2 * s), r(1 / (2 * s), 4)):  # 0.362845 kept, or 0.3628 as written
        df_dz = y * local - w  # cancels: −0.001466 or −0.001600
        marks = statuses(graph({"z": "1.9", "y": 3, "w": "1.09"}, ["s = sqrt(z)", "f = s*y - z*w"]),
                         {"s": s, "df/ds": y, "df/dz": df_dz})
        assert set(marks.values()) == {"correct"}, (local, marks)


def test_a_divisions_local_from_its_output():
    # x = 1.5, y = 2.2, w = 0.9786: c = y/x, f = c + w·x; ∂c/∂x = −c/x with c as written
    x, y, w = Decimal("1.5"), Decimal("2.2"), Decimal("0.9786")
    c = r(y / x, 4)  # 1.467
    df_dx = r(-c / x, 4) + w  # −0.9780 + 0.9786
    assert text(df_dx) == "0.0006000"
    marks = statuses(graph({"x": "1.5", "y": "2.2", "w": "0.9786"}, ["c = y / x", "f = c + w*x"]),
                     {"c": c, "df/dc": Decimal(1), "df/dw": x, "df/dy": r(1 / x, 4), "df/dx": df_dx})
    assert set(marks.values()) == {"correct"}, marks


def test_a_sigmoids_local_from_its_input_with_values_kept_to_five_digits():
    # x = 0.7, w = −1.3: s = w·x, a = σ(s), f = a·a; σ'(s) worked from s as σ(s)·(1 − σ(s)), five digits kept
    x, w = Decimal("0.7"), Decimal("-1.3")
    s = w * x
    sig = 1 / (1 + (-s).exp())
    a = r(sig, 5)
    df_da = r(2 * a, 5)
    local = r(sig * (1 - sig), 5)  # from s, not from a as written
    df_ds = r(df_da * local, 5)
    marks = statuses(graph({"x": "0.7", "w": "-1.3"}, ["s = w * x", "a = sigmoid(s)", "f = a * a"]),
                     {"s": s, "a": sig, "f": a * a, "df/da": df_da, "df/ds": df_ds, "df/dw": df_ds * x, "df/dx": df_ds * w})
    assert set(marks.values()) == {"correct"}, marks


def test_a_value_worked_from_a_slipped_root_by_its_output_is_carried_from_the_slip():
    # z = 2, y = 0.855: s = √z, f = s·y.  s miscopied 1.417 (for 1.414); ∂s/∂z = 1/(2·1.417), carried on
    z, y = Decimal(2), Decimal("0.855")
    s = Decimal("1.417")
    df_dz = y / (2 * s)
    assert text(df_dz) != text(y / (2 * z.sqrt()))  # the slip shows in df/dz
    marks = statuses(graph({"z": 2, "y": "0.855"}, ["s = sqrt(z)", "f = s*y"]),
                     {"s": s, "f": s * y, "df/ds": y, "df/dy": s, "df/dz": df_dz})
    assert marks == {"s": "wrong", "f": "carried", "df/ds": "correct", "df/dy": "carried", "df/dz": "carried"}, marks


MIX = {"kind": "graph", "title": "mix", "inputs": {"x": "-3", "y": "2", "z": "3", "w": "-1"}, "output": "f", "gates": "primitive",
       "stages": ["a = x * y + z", "b = max(a, w*x)", "c = exp(-b) / (1 + x**2)", "d = tanh(c*z) + sigmoid(y - w)",
                  "h = ln(z + c) * sqrt(z)", "f = d * h - abs(y) + min(a, b)/z + relu(x - w)"]}
# (the hunter's stage e, renamed h: a node named e beside exp(…), printed e^x, is refused)


@pytest.mark.parametrize("style", ["s13", "s16", "s22"])
def test_the_hunters_careful_students_of_a_27_gate_graph(style):
    """Variant 3 of the hunter's 27-gate sheet (4 digits), its students simulated by its own Decimal code:
    s13 keeps five digits of every value and local and works σ' and tanh' from their inputs, s16 six,
    s22 five with each product of a fan-out rounded too; all write four digits.  df/dw = 0.007610 or
    0.007609 where the answer's own numbers give 0.007600 and the true value is 0.0076084: the sum cancels."""
    report = symbp.check(symbp.spec_from_dict(MIX), DATA / f"graph-mix-v3-careful-{style}.toml")
    assert set(report.statuses.values()) == {"correct"}, {k: v for k, v in report.statuses.items() if v != "correct"}
