"""`symbp worksheet --csv`, the tolerances behind every export, and the network SVG (issue 13)."""

from __future__ import annotations

import csv
import io
import json
import tomllib
import xml.etree.ElementTree as ET
from decimal import Decimal
from fractions import Fraction

import pytest

from helpers import cli_runner
from symbp.agreement import Rule
from symbp.cli import main
from symbp.export.html import markdown_to_html
from symbp.export.tolerance import bands, plain_number, tolerance
from symbp.numbers import parse_exact


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    out = tmp_path_factory.mktemp("csv")
    result = cli_runner().invoke(main, ["worksheet", "--example", "nobias", "-n", "2", "--seed", "11", "--out", str(out),
                                        "--csv", str(out / "variants.csv")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((out / "variants.csv").read_text(encoding="utf-8-sig"))))
    key = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    template = tomllib.loads((out / "answers-template.toml").read_text(encoding="utf-8"))
    return rows, key, [name for name in template if name not in ("student", "variant", "sheet-id")]


def test_one_row_per_variant_and_quantity(sheet):
    rows, key, key_order = sheet
    for variant in key["variants"]:
        mine = [r for r in rows if r["variant"] == str(variant["id"])]
        assert {r["seed"] for r in mine} == {str(variant["seed"])}
        assert [r["name"] for r in mine if r["role"] == "answer"] == key_order  # (the key's order)
        assert sorted(key_order) == sorted(variant["asked"])
        given = {r["name"]: Fraction(r["value"]) for r in mine if r["role"] == "given"}
        spec = variant["spec"]
        assert given["alpha"] == parse_exact(spec["learning_rate"], "alpha")
        assert [given[f"a_{k}^0"] for k in range(len(spec["input"]))] == [parse_exact(x, "x") for x in spec["input"]]
        assert given["w_00^1"] == parse_exact(spec["layer"][0]["weights"][0][0], "w")


def test_values_and_tolerances(sheet):
    rows, key, _ = sheet
    exact = {(str(v["id"]), n): parse_exact(x, n) for v in key["variants"] for n, x in v["exact"].items()}
    for row in (r for r in rows if r["role"] == "answer"):
        value = exact[(row["variant"], row["name"])]
        assert abs(Fraction(row["value"]) - value) <= abs(value) * Fraction(1, 10**16)
        expected = Fraction(0) if value == 0 else Fraction(1, 2) * Fraction(10) ** (Decimal(str(float(value))).adjusted() - 2)
        assert Fraction(row["tolerance"]) == expected, row
        assert row["points"] == "1"


@pytest.mark.parametrize("value, digits, expected", [
    ("0.29837", 4, "0.0005"), ("-0.29837", 4, "0.0005"), ("0.000439", 4, "0.0000005"), ("12.5", 4, "0.05"),
    ("0", 4, "0"), ("0.29837", 3, "0.005"), ("1/3", 4, "0.0005"),
])
def test_tolerance_is_half_a_unit_of_the_last_required_digit(value, digits, expected):
    assert tolerance(parse_exact(value, "v"), Rule(digits)) == Fraction(expected)


def test_a_rounding_that_reaches_a_power_of_ten_is_a_band_of_its_own():
    # 0.0996 to 3 decimals is 0.100, which the rule accepts (3 significant digits) but which lies
    # 0.0004 away, beyond half a unit of 0.0996's third digit
    accepted = bands(Fraction("0.0996"), Rule(4))
    assert [(b.centre, b.tolerance) for b in accepted] == [(Fraction("0.0996"), Fraction("0.00005")),
                                                           (Fraction("0.1"), Fraction(0))]
    assert len(bands(Fraction("-0.0996"), Rule(4))) == 2
    assert len(bands(Fraction("0.0991"), Rule(4))) == 1


def test_plain_number():
    assert plain_number(Fraction(1, 3)) == "0.33333333333333333"
    assert plain_number(Fraction("-0.000439")) == "-0.000439"
    assert plain_number(Fraction(0)) == "0"


def test_markdown_becomes_html_with_mathjax_delimiters():
    text = markdown_to_html("# Title\n\n### ① Step\n\nThe cost $L < 1$ & **fell**.\n\n$$\na &= b\n$$\n")
    assert "Title" in text and "<h4>① Step</h4>" in text
    assert "\\(L &lt; 1\\) &amp; <strong>fell</strong>" in text
    assert "\\[a &amp;= b\\]" in text


def test_network_svg_has_a_circle_per_neuron_and_a_line_per_weight():
    from symbp.pipeline import derive_solution
    from symbp.resources import example_path
    from symbp.spec import load_spec
    from symbp.export.view import network_svg

    solution, _ = derive_solution(load_spec(example_path("nn231")), symbolic=False)
    svg = ET.fromstring(network_svg(solution, 4))
    ns = "{http://www.w3.org/2000/svg}"
    assert len(svg.findall(f"{ns}circle")) == 6
    assert len([e for e in svg.findall(f"{ns}line") if e.get("class") == "edge"]) == 2 * 3 + 3 * 1
    weights = [t.text for t in svg.findall(f"{ns}text") if t.get("class") == "weight"]
    assert sorted(weights) == sorted(["0.2", "−0.4", "−0.3", "0.8", "0.5", "0.7", "−0.6", "0.9", "−0.3"])
