"""A fraction or a whole number claims an exact value (README); where the value is not exact but the same number
written as a rounded decimal would be right, the report says so instead of naming another slip (stop 64's student
tester: L@2 = 1/8 for 0.1245005 was "worked out from the earlier numbers rounded to fewer digits", and 4.386/10000
for 0.00043857 wrong with no reason, while 0.125 and 0.0004386 are right).  Values worked here in Decimal."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from helpers import cli_runner
from symbp.agreement import Rule, decimal_reading
from symbp.cli import main
from symbp.written import parse_written


def _mazur_gradient() -> tuple[Decimal, Decimal]:
    """(δ_0^1, ∂L/∂w_00^1 = δ_0^1·x_0) of Mazur's network, every value rounded to 4 digits on the way (as a
    calculator)."""
    def r(x):
        return Decimal(f"{x:.4g}")

    def sig(z):
        return r(1 / (1 + (-z).exp()))

    x = (Decimal("0.05"), Decimal("0.10"))
    z1 = [r(Decimal("0.15") * x[0] + Decimal("0.20") * x[1] + Decimal("0.35")),
          r(Decimal("0.25") * x[0] + Decimal("0.30") * x[1] + Decimal("0.35"))]
    a1 = [sig(z) for z in z1]
    a2 = [sig(r(Decimal(w0) * a1[0] + Decimal(w1) * a1[1] + Decimal("0.60"))) for w0, w1 in (("0.40", "0.45"), ("0.50", "0.55"))]
    d2 = [r((a - y) * r(a * (1 - a))) for a, y in zip(a2, (Decimal("0.01"), Decimal("0.99")))]
    d1 = r(r(Decimal("0.40") * d2[0] + Decimal("0.50") * d2[1]) * r(a1[0] * (1 - a1[0])))
    return d1, r(d1 * x[0])


def _marks(tmp_path, answers: dict, *options) -> tuple[dict, str]:
    (tmp_path / "a.toml").write_text("".join(f'"{k}" = "{v}"\n' for k, v in answers.items()), encoding="utf-8")
    runner = cli_runner()
    data = json.loads(runner.invoke(main, ["check", "--example", "mazur", str(tmp_path / "a.toml"), "-f", "json", *options]).stdout)
    text = runner.invoke(main, ["check", "--example", "mazur", str(tmp_path / "a.toml"), *options]).output
    return data["quantities"], text


def test_a_fraction_right_as_a_rounded_decimal_is_named_so(tmp_path):
    delta, decimal = _mazur_gradient()  # 0.008771, 0.0004386 (0.008771·0.05 = 0.00043855 from the answer's numbers)
    as_fraction = f"{decimal.scaleb(4)}/10000"  # 4.386/10000
    marks, _ = _marks(tmp_path, {"delta_0^1": str(delta), "dL/dw_00^1": str(decimal)})
    assert marks["dL/dw_00^1"]["status"] == "correct"
    marks, text = _marks(tmp_path, {"delta_0^1": str(delta), "dL/dw_00^1": as_fraction})
    assert (marks["dL/dw_00^1"]["status"], marks["dL/dw_00^1"]["diagnosis_key"]) == ("wrong", "exact_claimed")
    line = next(line for line in text.splitlines() if "likely slip" in line)
    assert line.rstrip().endswith(f"as a rounded decimal the number is right: {decimal}"), line
    assert "None" not in text


def test_a_fraction_wrong_as_any_decimal_is_not_named_so(tmp_path):
    marks, _ = _marks(tmp_path, {"delta_0^1": str(_mazur_gradient()[0]), "dL/dw_00^1": "4.5/10000"})
    assert marks["dL/dw_00^1"]["status"] == "wrong" and marks["dL/dw_00^1"]["diagnosis_key"] != "exact_claimed"


@pytest.mark.parametrize("written, value, shown", [
    ("1/8", "0.1245005", "0.125"),  # (the tester's: exact 0.125, 3 digits)
    ("2", "2.0004", "2.00"),  # (a whole number: padded to the 3 digits asked at least)
    ("1/3", "0.33335", "0.333"),  # (no terminating decimal: the shortest rounding that is right)
    ("1/8", "0.13", None),  # (0.125 is wrong for 0.13 as a decimal too)
    ("1221/1000", "1.2249", None),  # (1.221, its own digits, is wrong; never rounded to 1.22)
    ("1237", "1235.2", None),  # (a whole number is never rounded: 1240 was named)
    ("0.125", "0.1245", None),  # (a decimal may be a rounded one already: nothing to say)
])
def test_the_decimal_reading(written, value, shown):
    reading = decimal_reading(parse_written(written, "x"), [Fraction(value)], Rule(digits=4))
    assert (reading.text if reading is not None else None) == shown


def test_a_graphs_fraction_right_as_a_rounded_decimal_is_named_so(tmp_path):
    """f = 1/(1 + e^(−1)) = 0.731058… in graph-neuron: 7311/10000 claims exactly 0.7311; 0.7311 is right."""
    import math

    f = 1 / (1 + math.exp(-1))
    decimal = f"{f:.4f}"
    (tmp_path / "a.toml").write_text(f'"f" = "{decimal[2:]}/10000"\n', encoding="utf-8")
    data = json.loads(cli_runner().invoke(main, ["check", "--example", "graph-neuron", str(tmp_path / "a.toml"),
                                                 "-f", "json"]).stdout)
    mark = data["quantities"]["f"]
    assert (mark["status"], mark["diagnosis_key"]) == ("wrong", "exact_claimed"), mark
    (tmp_path / "b.toml").write_text(f'"f" = "{decimal}"\n', encoding="utf-8")
    data = json.loads(cli_runner().invoke(main, ["check", "--example", "graph-neuron", str(tmp_path / "b.toml"),
                                                 "-f", "json"]).stdout)
    assert data["quantities"]["f"]["status"] == "correct"


def test_a_fractions_decimal_is_never_rounded_below_its_own_digits(tmp_path):
    """(the stop-64 reviewer's HIGH) 1221/1000 for z_1^2 = 1.22492… was "right as the rounded decimal 1.22", and that
    number, carried on, made a_1^2 = 0.7720 right (σ(1.22) = 0.77211; σ(1.221) = 0.77229, the true a 0.77293).  A
    fraction whose decimal ends is only given zeros: 1.221 is wrong, so is 1221/1000, and what follows it is marked
    from 1.221."""
    import math

    a = 1 / (1 + math.exp(-1.221))
    assert f"{a:.4f}" != "0.7720" and f"{1 / (1 + math.exp(-1.22)):.4f}" == "0.7721"
    marks, text = _marks(tmp_path, {"z_1^2": "1221/1000", "a_1^2": "0.7720"})
    assert marks["z_1^2"]["status"] == "wrong" and marks["z_1^2"]["diagnosis_key"] != "exact_claimed"
    assert marks["a_1^2"]["status"] == "wrong", marks["a_1^2"]
    assert "as a rounded decimal" not in text and "σ(1.221)" in text  # (a_1^2 worked from the fraction's own 1.221)


def test_a_slip_that_explains_the_number_is_named_before_an_exact_claim(tmp_path):
    """(the reviewer's MEDIUM) a weight of 1 updated by −0.01·(−0.1058) is 1.001058; 1 written is the old weight
    copied ("parameter not updated"), though 1.00 would be right as a rounded decimal."""
    spec = ('layers = [1, 1]\nactivation = "sigmoid"\nloss = "mse"\nlearning_rate = 0.01\ninput = [1]\ntarget = [1]\n'
            '[[layer]]\nweights = [[1]]\nbiases = [0]\n')
    (tmp_path / "one.toml").write_text(spec, encoding="utf-8")
    (tmp_path / "a.toml").write_text('"w_00^1@2" = "1"\n', encoding="utf-8")
    data = json.loads(cli_runner().invoke(main, ["check", str(tmp_path / "one.toml"), str(tmp_path / "a.toml"),
                                                 "-f", "json"]).stdout)
    mark = data["quantities"]["w_00^1@2"]
    assert (mark["status"], mark["diagnosis_key"], mark["diagnosis_decimal"]) == ("wrong", "not_updated", None), mark


def test_the_json_report_gives_the_decimal(tmp_path):
    delta, decimal = _mazur_gradient()
    marks, _ = _marks(tmp_path, {"delta_0^1": str(delta), "dL/dw_00^1": f"{decimal.scaleb(4)}/10000"})
    assert marks["dL/dw_00^1"]["diagnosis_decimal"] == str(decimal)
