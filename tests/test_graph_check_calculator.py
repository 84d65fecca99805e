"""`symbp check` of a computational graph worked by calculator (a student persona's findings, stop 47).

A careful student rounds what they do not write down — a local derivative (the worked solution
itself prints ∂invden/∂den = −1/1.9526² ≈ −0.2623), a value left blank — to the sheet's 4 digits
and carries it on; or keeps the calculator's digits of a value written rounded.  Each of those
answers is right (or carried after a wrong one), never wrong; a number no such way gives stays
wrong.  The students' arithmetic is worked here with Python's Decimal, independently of symbp.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

import symbp

STAGED = {"kind": "graph", "title": "CS231n staged", "inputs": {"x": 3, "y": -4},
          "stages": ["sigy = 1 / (1 + exp(-y))", "num = x + sigy", "sigx = 1 / (1 + exp(-x))", "xpy = x + y",
                     "xpysqr = xpy**2", "den = sigx + xpysqr", "invden = 1 / den", "f = num * invden"]}


def r4(value) -> Decimal:
    """A calculator's value rounded to 4 significant digits, half away from zero."""
    d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return d.quantize(Decimal(1).scaleb(d.adjusted() - 3), rounding=ROUND_HALF_UP)


def _staged_student():
    """den, df/dinvden and df/dden as a student writes them, every gate's value rounded to 4 digits
    (σ(x) = 1/(1 + e^(−x)) gate by gate: e^(−3), 1 + e^(−3), its reciprocal)."""
    sigx2 = r4(math.exp(-3))
    sigx3 = r4(1 + sigx2)
    sigx = r4(1 / sigx3)
    den = r4(sigx + 1)  # xpysqr = (3 − 4)² = 1
    num = r4(3 + 1 / (1 + math.exp(4)))
    local = r4(-1 / den ** 2)  # ∂invden/∂den = −1/den², rounded as the worked solution rounds it
    gradient = r4(num * local)
    written = {"sigx.2": sigx2, "sigx.3": sigx3, "sigx": sigx, "den": den, "df/dinvden": num, "df/dden": gradient}
    return {name: str(value) for name, value in written.items()}, local


def test_a_rounded_local_derivative_of_a_division_gives_a_right_gradient():
    answers, local = _staged_student()
    assert (answers["den"], answers["df/dinvden"], local, answers["df/dden"]) == ("1.952", "3.018", Decimal("-0.2624"), "-0.7919")
    assert r4(Decimal("3.018") * (-1 / Decimal("1.952") ** 2)) == Decimal("-0.7921")  # the exact working from them
    report = symbp.check(symbp.spec_from_dict(STAGED), answers)
    assert {report.statuses[name] for name in answers} == {"correct"}, report.statuses  # df/dden was wrong


def test_a_chain_rounded_through_values_left_blank_is_right():
    """CS231n's neuron with f.2 = e^(f.1) and f.3 = 1 + f.2 left blank: 1/1.368 = 0.73099 → 0.7310."""
    f2 = r4(math.exp(-1))
    f3 = r4(1 + f2)
    f = r4(1 / f3)
    assert f == Decimal("0.7310") and r4(1 / (1 + math.exp(-1))) == Decimal("0.7311")
    answers = {"s": "1", "f.1": "-1", "f": str(f)}
    assert symbp.check(symbp.example("graph-neuron"), answers).statuses["f"] == "correct"  # was wrong
    answers["f"] = "0.7311"  # the exact working: right too
    assert symbp.check(symbp.example("graph-neuron"), answers).statuses["f"] == "correct"


def test_a_number_no_calculator_gives_stays_wrong_and_its_line_follows_from_its_printed_numbers():
    answers = {"s": "1", "f.1": "-1", "f": "0.7400"}
    report = symbp.check(symbp.example("graph-neuron"), answers)
    assert report.statuses["f"] == "wrong"
    text = report.to("text")
    line = re.search(r"= 1/(\d\.\d+) ≈ (\d\.\d+)", text)  # f = 1/f.3 with f.3 left out, printed as worked out
    assert line, text
    f3, f = Decimal(line.group(1)), Decimal(line.group(2))
    assert r4(1 / f3) == f  # was "1/1.368 ≈ 0.7311": 1/1.368 = 0.73099


def test_gradients_off_by_more_than_every_way_stay_wrong():
    answers, _ = _staged_student()
    gradient = Decimal(answers["df/dden"])
    for wrong in (gradient - Decimal("0.0005"), gradient + Decimal("0.0005"), -gradient):
        answers["df/dden"] = str(wrong)
        assert symbp.check(symbp.spec_from_dict(STAGED), answers).statuses["df/dden"] == "wrong", wrong


def test_a_sign_flipped_by_a_rounding_student_is_named():
    answers, _ = _staged_student()
    answers["df/dden"] = answers["df/dden"].lstrip("-")
    text = symbp.check(symbp.spec_from_dict(STAGED), answers).to("text")
    # ∂invden/∂den = −1/den² is negative: its minus sign forgotten is the slip named (stop 63; was "sign flipped",
    # which a positive local's value flipped is still called)
    assert "likely slip: the minus sign of a gate's local derivative forgotten" in text, text
    answers, _ = _staged_student()
    answers["df/dinvden"] = "-" + answers["df/dinvden"]  # df/df · num, num > 0: a sign flipped
    text = symbp.check(symbp.spec_from_dict(STAGED), answers).to("text")
    assert "likely slip: sign flipped" in text, text


def test_a_local_derivative_written_down_is_marked_and_what_follows_uses_it():
    """The README names them (`local:df.3/df.2`, the JSON key's "locals"); they were refused."""
    answers, local = _staged_student()
    answers["local:dinvden/dden"] = str(local)
    report = symbp.check(symbp.spec_from_dict(STAGED), answers)
    assert report.statuses["local:dinvden/dden"] == "correct" and report.statuses["df/dden"] == "correct"
    assert report.points == 6  # (a local derivative earns no points, as a network's f'(z))
    answers.update({"local:dinvden/dden": str(-local), "df/dden": answers["df/dden"].lstrip("-")})  # its minus forgotten
    answers["df/dxpysqr"] = answers["df/dden"]  # df/dden · 1
    report = symbp.check(symbp.spec_from_dict(STAGED), answers)
    # the slip shows in the first value that earns points (a local earns none: carried, a made-up local would
    # make any gradient after it earn its points — a fresh reviewer's HIGH); what follows that value is carried
    assert [report.statuses[n] for n in ("local:dinvden/dden", "df/dden", "df/dxpysqr")] == ["wrong", "wrong", "carried"]
    # named by the local's slip (its minus sign forgotten, stop 63; was "a wrong local derivative")
    assert report.marks["df/dden"]["diagnosis_key"] == "local_sign_forgotten"


def test_made_up_local_derivatives_earn_no_gradient_its_points():
    """Every gradient of CS231n's neuron written 0.5, each beside the local derivative that gives it from the
    gradient before it: 20 of 20 points (all 'carried'); now each gradient right after a wrong local is wrong."""
    answers = {"s.1": "-2", "s.2": "6", "s.3": "4", "s": "1", "f.1": "-1", "f.2": "0.3679", "f.3": "1.368", "f": "0.7311",
               "local:df/df.3": "0.5000", "df/df.3": "0.5000"}
    report = symbp.check(symbp.example("graph-neuron"), answers)
    assert report.statuses["df/df.3"] == "wrong" and report.points == 8


def test_a_near_tie_of_max_is_routed_as_the_numbers_are_not_as_their_rounding():
    """a = 2.0001 < b = 2.0003: the gradient goes to b; rounded to 4 digits they tie and max picked a."""
    spec = {"kind": "graph", "title": "near tie", "inputs": {"x": 1, "y": 1.0001, "z": 2.0003, "w": 1, "c": 3},
            "stages": ["a = x + y", "b = z * w", "m = max(a, b)", "f = m * c"]}
    report = symbp.check(symbp.spec_from_dict(spec), {"df/da": "3", "df/db": "0"})
    assert report.statuses == {**report.statuses, "df/da": "wrong", "df/db": "wrong"}
    assert report.marks["df/da"]["diagnosis_key"] == "max_routed_to_both"


def test_a_value_written_beside_a_five_digit_calculator_is_still_right():
    """u = x·y + e^z at x = 1.2, y = 0.5, z = −0.7; v = ln u.  A student keeping 5 digits (e^−0.7 → 0.49659,
    u → 1.0966) writes 0.4966, 1.097 and v = ln 1.0966 → 0.09221 (true 0.092201): right with u written or not."""
    spec = {"kind": "graph", "title": "g6", "inputs": {"x": 1.2, "y": 0.5, "z": -0.7},
            "stages": ["u = x*y + exp(z)", "v = ln(u)", "f = v * sigmoid(x - z)"]}
    e = Decimal(repr(math.exp(-0.7))).quantize(Decimal("0.00001"), rounding=ROUND_HALF_UP)
    u = (Decimal("0.6") + e).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    v = r4(math.log(float(u)))
    assert (e, u, v) == (Decimal("0.49659"), Decimal("1.0966"), Decimal("0.09221")) and r4(math.log(0.6 + math.exp(-0.7))) == Decimal("0.09220")
    for answers in ({"v": str(v)}, {"u.2": str(r4(e)), "u": str(r4(u)), "v": str(v)}):
        assert set(symbp.check(symbp.spec_from_dict(spec), answers).statuses[n] for n in answers) == {"correct"}, answers


def test_an_unknown_name_of_a_graph_is_called_so():
    try:
        symbp.check(symbp.example("graph-neuron"), {"df/dq": "1"})
    except symbp.SpecError as error:
        assert "not a quantity of this graph" in str(error)
    else:
        raise AssertionError("df/dq was taken")


NEURON = "examples/graph-neuron.toml"


def _neuron_report(local: str, written: str, fmt: str = "text") -> str:
    """The neuron's answers as a careful student writes them (every value right, 4 digits, worked here),
    but one local derivative written `written`."""
    e = math.exp(-1)
    gs = (1 / (1 + e)) * (1 - 1 / (1 + e))  # σ'(1): df/ds
    values = {"s.1": -2, "s.2": 6, "s.3": 4, "s": 1, "f.1": -1, "f.2": e, "f.3": 1 + e, "f": 1 / (1 + e),
              "df/df.3": -1 / (1 + e) ** 2, "df/df.2": -1 / (1 + e) ** 2, "df/df.1": -gs, "df/ds": gs, "df/ds.3": gs,
              "df/ds.2": gs, "df/ds.1": gs, "df/dw2": gs, "df/dx1": -3 * gs, "df/dw1": -2 * gs, "df/dx0": 2 * gs,
              "df/dw0": -gs}
    answers = {name: str(r4(v)) for name, v in values.items()} | {local: written}
    from helpers import REPO

    return symbp.check(symbp.load(REPO / NEURON), answers).to(fmt)


def test_a_wrong_constant_local_derivative_is_reported_without_lines_that_say_nothing():
    """∂f.3/∂f.2 = 1 (f.3 = 1 + f.2) written −1: the report printed "∂f.3/∂f.2 = 1 / = 1 = 1" and
    "likely slip: sign flipped: −1 = −1" (a new user's LOW, stop 47): now the formula once, the slip by name."""
    text = _neuron_report("local:df.3/df.2", "-1")
    entry = text[text.index("  local:df.3/df.2 = −1"):text.index("\n\n", text.index("  local:df.3/df.2 = −1"))]
    assert entry.split("\n")[1:] == ["      expected 1", "      ∂f.3/∂f.2 = 1", "      likely slip: sign flipped"], entry
    assert not re.search(r"(?m)(\S+) = \1$", text), text  # no "x = x" anywhere
    latex = _neuron_report("local:df.3/df.2", "-1", "tex")
    assert r"\frac{\partial f.3}{\partial f.2} &= 1" in latex and "&= 1 = 1" not in latex and "-1 = -1" not in latex


def test_a_wrong_local_derivative_of_a_variable_is_worked_out_once():
    """∂f.2/∂f.1 = f.2 written 0.3670: "= f.2", then its number once (not "= 0.3679 = 0.3679")."""
    text = _neuron_report("local:df.2/df.1", "0.3670")
    start = text.index("  local:df.2/df.1 = 0.3670")
    entry = text[start:text.index("\n\n", start)].split("\n")
    assert entry[2:4] == ["      ∂f.2/∂f.1 = f.2", "                = 0.3679"], entry


LN_SIGMOID = ["u = x*y + exp(z)", "v = ln(u)", "f = v * sigmoid(x - z)"]


def _ln_sigmoid_student(x, y, z, values_rounded, locals_rounded, refs_rounded=False) -> dict:
    """u = xy + e^z, v = ln u, f = v·σ(x − z) worked by calculator, gate by gate (Decimal, 40 digits):
    `values_rounded` every value rounded to 4 digits as it is carried on, else kept whole in the
    calculator; `locals_rounded` every local derivative worked from a formula (σ' = f.2(1 − f.2), 1/u)
    taken as the worked solution prints it, rounded to 4; `refs_rounded` those that are another node's
    value too (∂f/∂f.2 = v, ∂f/∂v = f.2, ∂u.2/∂z = u.2).  Every value is written rounded to 4."""
    from decimal import getcontext

    getcontext().prec = 40
    x, y, z = Decimal(x), Decimal(y), Decimal(z)
    R = (lambda v: r4(v)) if values_rounded else (lambda v: v)  # noqa: E731
    L = (lambda v: r4(v)) if locals_rounded else (lambda v: v)  # noqa: E731
    V = (lambda v: r4(v)) if refs_rounded else (lambda v: v)  # noqa: E731
    c = {"u.1": R(x * y), "u.2": R(z.exp())}
    c["u"] = R(c["u.1"] + c["u.2"])
    c["v"] = R(c["u"].ln())
    c["f.1"] = R(x - z)
    c["f.2"] = R(1 / (1 + (-c["f.1"]).exp()))
    c["f"] = R(c["v"] * c["f.2"])
    c["df/df.2"] = R(V(c["v"]))
    c["df/df.1"] = R(c["df/df.2"] * L(c["f.2"] * (1 - c["f.2"])))
    c["df/dv"] = R(V(c["f.2"]))
    c["df/du"] = c["df/du.2"] = c["df/du.1"] = R(c["df/dv"] * L(1 / c["u"]))
    c["df/dz"] = R(c["df/du.2"] * V(c["u.2"]) - c["df/df.1"])  # z fans out to e^z and x − z
    c["df/dy"] = R(c["df/du.1"] * x)
    c["df/dx"] = R(c["df/du.1"] * y + c["df/df.1"])
    return {name: str(r4(value)) for name, value in c.items()}


@pytest.mark.parametrize("x, y, z", [("2", "-1.8", "1.9"), ("1.9", "1.3", "1.3"), ("1.4", "1.5", "1")])
@pytest.mark.parametrize("values_rounded, locals_rounded, refs_rounded", [
    (False, True, False),  # the values whole in the calculator, σ' and 1/u as printed
    (False, True, True),  # … and every local derivative as printed, v, f.2 and e^z too
    (True, False, False),  # every value rounded as written, each local worked out and used at once
])
def test_a_calculator_that_rounds_values_and_local_derivatives_apart_is_right(x, y, z, values_rounded,
                                                                             locals_rounded, refs_rounded):
    """A reviewer's simulation (stop 47): careful students marked wrong on the fan-out sum df/dz
    (0.0925 · 4.482 − 0.3305 cancels: a local rounded to 4 digits moves it by 3 units) and on
    df/df.1 — 264 of 750 such files before.  The graph's calculator chains now round values and local
    derivatives apart (graph/marking.CHAINS)."""
    answers = _ln_sigmoid_student(x, y, z, values_rounded, locals_rounded, refs_rounded)
    spec = symbp.spec_from_dict({"kind": "graph", "inputs": {"x": x, "y": y, "z": z}, "stages": LN_SIGMOID})
    report = symbp.check(spec, answers)
    assert set(report.statuses.values()) == {"correct"}, {n: s for n, s in report.statuses.items() if s != "correct"}
    assert report.exit_code == 0


def test_a_gradient_no_calculator_route_gives_stays_wrong():
    """The chains are calculator routes, not a wider tolerance.  df/dz = 0.17012 · 6.6859 − 0.28101 cancels:
    rounding df/du.2 to 0.1702 alone moves it by 5 units, so the routes give 0.8564 (exact), 0.8566,
    0.8568, 0.8569 (every value rounded to 4: 0.1702 · 6.686 − 0.2811 = 0.85687); 6 units off either way
    no route gives, and it stays wrong."""
    answers = _ln_sigmoid_student("2", "-1.8", "1.9", False, True, True)
    spec = symbp.spec_from_dict({"kind": "graph", "inputs": {"x": "2", "y": "-1.8", "z": "1.9"}, "stages": LN_SIGMOID})
    assert answers["df/dz"] == "0.8566" and r4(Decimal("0.1702") * Decimal("6.686") - Decimal("0.2811")) == Decimal("0.8569")
    for written, status in (("0.8569", "correct"), ("0.8560", "wrong"), ("0.8572", "wrong")):
        report = symbp.check(spec, answers | {"df/dz": written})
        assert report.statuses["df/dz"] == status, written


def test_the_printed_rule_says_half_a_unit_from_exact_numbers_as_the_marking_does():
    """The report's rule said "a value worked out from the answer's own earlier numbers is right when it
    follows from them to within one unit", so σ(0.9) = 0.7109495 written 0.7110 (rounded twice, via
    0.71095) looked right by it from f.1 = 0.9, yet was marked wrong: one unit holds only where some
    earlier number is rounded or wrong, and the rule now says so (en, de, fr)."""
    spec = symbp.spec_from_dict({"kind": "graph", "inputs": {"x": "1.9", "z": "1"}, "stages": ["f = sigmoid(x - z)"]})
    assert r4(1 / (1 + math.exp(-0.9))) == Decimal("0.7109")
    report = symbp.check(spec, {"f.1": "0.9", "f": "0.7110"})
    assert report.statuses["f"] == "wrong"
    assert "to within one unit of its last digit where some of them are rounded or wrong" in " ".join(report.to_text().split())
    assert "from exact numbers, half a unit" in " ".join(report.to_text().split())
    for code, words in (("de", "aus exakten Zahlen bis auf eine halbe Einheit"), ("fr", "à partir de nombres exacts, à une demi-unité près")):
        from helpers import REPO

        assert words in (REPO / "templates" / "i18n" / f"{code}.toml").read_text(encoding="utf-8")
