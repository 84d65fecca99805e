"""A sigmoid output with binary cross-entropy that is (confidently) right or wrong: a within ~1e-7
of 0 or 1, where no printed a makes log a or log(1 − a) follow.  The loss line is then printed in
the stable form from z, ln(1 + e^−z) + (1 − y)·z (ln(1 + e^z) − y·z for z < 0), and δ as
(1 − y) − 1/(1 + e^z); each is re-read here from the text and recomputed with mpmath at 50
digits from the printed z, and compared with the true loss worked out here from the spec."""

from __future__ import annotations

import re
from fractions import Fraction

import mpmath
import pytest

from helpers import symbp_here
from linecheck import check_text
from linecheck_numbers import number as _number
from linecheck_numbers import unit as _unit

from symbp.pipeline import derive_solution
from symbp.render.worked import render_latex, render_markdown, render_text, solution_context
from symbp.spec import parse_spec

MP = mpmath.MPContext()
MP.dps = 50
MINUS = "−"


def _spec(weights: list, biases: list, target: list) -> str:
    rows = ", ".join("[" + str(w) + "]" for w in weights)
    return (f'layers = [1, {len(weights)}]\nactivation = "sigmoid"\nloss = "bce"\nlearning_rate = 0.1\n'
            f"input = [1]\ntarget = {target}\n[[layer]]\nweights = [{rows}]\nbiases = {biases}\n")


def _mp(x: Fraction):
    return MP.mpf(x.numerator) / x.denominator


def _true_loss(zs, ys):
    """−1/n Σ [y ln σ(z) + (1 − y) ln(1 − σ(z))], from the spec's z, at 50 digits (the textbook form)."""
    total = MP.mpf(0)
    for z, y in zip(zs, ys):
        a = 1 / (1 + MP.exp(-z))
        total += (y * MP.log(a) if y else 0) + ((1 - y) * MP.log(1 - a) if y != 1 else 0)
    return -total / len(zs)


_TERM = re.compile(r"ln\(1 \+ e\^\((\S+?)\)\) ([+−]) (?:\((1 − (\S+?))\)|(\S+?))·(\(−[^()]+\)|[^ ()]+)")


def _stable_value(substituted: str):
    """The printed stable form's numbers recomputed: 1/n·(ln(1 + e^x) + (1 − y)·z …) at 50 digits."""
    scale = Fraction(1)
    m = re.fullmatch(r"1/(\d+)·\((.*)\)", substituted)
    if m:
        scale, substituted = Fraction(1, int(m.group(1))), m.group(2)
    terms = _TERM.findall(substituted)
    assert terms and " + ".join(f"T{i}" for i in range(len(terms))), substituted
    total = MP.mpf(0)
    for x, sign, _, one_minus_y, y, z in terms:
        x, z = _number(x), _number(z.strip("()"))
        assert abs(x) == abs(z)
        if sign == "+":  # ln(1 + e^−z) + (1 − y)·z
            assert x == -z and z >= 0
            total += MP.log(1 + MP.exp(_mp(x))) + (1 - _mp(_number(one_minus_y))) * _mp(z)
        else:  # ln(1 + e^z) − y·z
            assert x == z and z < 0
            total += MP.log(1 + MP.exp(_mp(x))) - _mp(_number(y)) * _mp(z)
    return total * _mp(scale)


CASES = [([w], [0], [y]) for w in (12, 15, 20, 37, 40) for y in (1, 0)] + [
    (["40", "-0.5"], [0, 0], [0, 1]),  # one output saturated and wrong, the other not: z < 0 form too
    (["-40", "2"], [0, 0], [0, 1]),  # saturated at 0 and right
]


@pytest.mark.parametrize("weights,biases,target", CASES, ids=lambda c: str(c))
def test_a_saturated_bce_loss_line_follows_from_the_printed_z(weights, biases, target):
    spec = parse_spec(_spec(weights, biases, target))
    solution, report = derive_solution(spec)
    text = render_text(solution, report)
    render_markdown(solution, report)  # verified (recheck) before anything is returned
    render_latex(solution, report)
    # saturated: guard digits cannot make every line round to its result (σ(15.00000006) would need
    # z to more digits than 16): those lines are marked "≈†" and read to one unit, the others to half
    violations, _ = check_text(text)
    assert violations == []
    zs = [_mp(Fraction(w)) + _mp(Fraction(b)) for w, b in zip(weights, biases)]
    true = _true_loss(zs, target)
    for line in text.splitlines():
        m = re.fullmatch(r"    L = (.*) = (.*) (=|≈) (\S+)", line)
        if not m or "e^(" not in m.group(1):
            continue
        printed = m.group(4)
        value = _stable_value(m.group(2))
        assert abs(value - _mp(_number(printed))) <= _mp(_unit(printed)) / 2 * 1.0000001, line
        assert abs(true - _mp(_number(printed))) <= _mp(_unit(printed)) / 2 * 1.0000001, line  # z exact here
        assert m.group(3) == "≈"
        break
    else:  # the a-form was printed: only where its line can follow (12 with y = 1, a wrong output ...)
        assert "    L = −" in text
        return
    for line in text.splitlines():  # δ from z: (1 − y) − 1/(1 + e^z) where a − y cannot follow
        if not line.startswith("    δ_") or "e^(" not in line:
            continue
        j = int(line[6])
        substituted, printed = line.split(" = ")[-1].split(" ≈ ")
        scale = Fraction(1)
        if substituted.startswith("1/2·("):
            scale, substituted = Fraction(1, 2), substituted[5:-1]
        m = re.fullmatch(r"\(1 − (\S+)\) − 1/\(1 \+ e\^\((\S+)\)\)", substituted)
        if m:  # z ≥ 0
            y, z = _number(m.group(1)), _number(m.group(2))
            value = (1 - _mp(y)) - 1 / (1 + MP.exp(_mp(z)))
        else:
            m = re.fullmatch(r"1/\(1 \+ e\^\(−(\S+)\)\) − (\S+)", substituted)
            z, y = -_number(m.group(1).strip("()")), _number(m.group(2))
            value = 1 / (1 + MP.exp(-_mp(z))) - _mp(y)
        value *= _mp(scale)
        exact = (1 / (1 + MP.exp(-zs[j])) - target[j]) / len(target)
        for v in (value, exact):
            assert abs(v - _mp(_number(printed))) <= _mp(_unit(printed)) / 2 * 1.0000001, line


def test_the_loss_line_of_sigmoid_15_with_bce(tmp_path):
    """The case of the report: exit 0 in every format; the line as a textbook writes it."""
    path = tmp_path / "s15.toml"
    path.write_text(_spec([15], [0], [1]))
    for fmt in ("text", "md", "tex"):
        done = symbp_here("derive", str(path), "-f", fmt)
        assert done.returncode == 0, done.stderr
    text = symbp_here("derive", str(path)).stdout
    assert "    L = ln(1 + e^(−z_0^1)) + (1 − y_0)·z_0^1 = ln(1 + e^(−15)) + (1 − 1)·15 ≈ " in text
    # ln(1 + e^−15) = 3.0590222692…·10^−7 (by hand: e^−15 − e^−30/2)
    assert re.search(r"≈ 3\.059022\d*·10\^−7", text)


def _check_key_values(tmp_path, path, solution, report) -> None:
    """`symbp check` of the values the key prints, written as a student copies them: none wrong."""
    shown = solution_context(solution, report, fmt="text")["shown"]
    answers = "\n".join(f'"{name}" = {v["text"].replace(MINUS, "-").replace("·10^", "e")}'
                        for name, v in shown.items())
    (tmp_path / "answers.toml").write_text(answers + "\n")
    done = symbp_here("check", str(path), str(tmp_path / "answers.toml"), "--format", "json")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr


@pytest.mark.parametrize("weights,target", [([15], [1]), ([37], [1]), (["40", "-0.5"], [0, 1])])
def test_check_marks_the_keys_printed_values_correct(tmp_path, weights, target):
    biases = [0] * len(weights)
    path = tmp_path / "net.toml"
    path.write_text(_spec(weights, biases, target))
    solution, report = derive_solution(parse_spec(path.read_text()))
    _check_key_values(tmp_path, path, solution, report)


@pytest.mark.parametrize("weights,target", [([15], [1]), ([15], [0]), ([40], [1]), (["40", "-0.5"], [0, 1])])
def test_the_calculator_mode_carries_the_stable_form_from_the_carried_z(tmp_path, weights, target):
    """--round-intermediate: a = 1.000 makes log(1 − a) log 0 (was exit 2); the loss and δ are
    worked out from the carried z instead, each line re-read and recomputed here, and `check`
    marks the key's printed values correct."""
    biases = [0] * len(weights)
    path = tmp_path / "net.toml"
    path.write_text(_spec(weights, biases, target))
    solution, report = derive_solution(parse_spec(path.read_text()), round_to=4)
    text = render_text(solution, report)
    render_markdown(solution, report)
    render_latex(solution, report)
    violations, _ = check_text(text)
    assert violations == []
    line = next(x for x in text.splitlines() if x.startswith("    L = "))
    substituted, printed = line.split(" = ")[-1].split(" ≈ ")
    printed = printed.split()[0]
    zs = [_mp(Fraction(w)) for w in weights]
    for value in (_stable_value(substituted), _true_loss(zs, target)):  # z is exact: so is the carried L
        assert abs(value - _mp(_number(printed))) <= _mp(_unit(printed)) / 2 * 1.0000001, line
    _check_key_values(tmp_path, path, solution, report)


def test_check_carries_a_loss_worked_from_the_students_own_z(tmp_path):
    """z = 16 instead of 15 (a slip), a = 1.000 (right at 4 digits), then L and δ from that z in
    the stable form: ln(1 + e^−16) = 1.12535…·10^−7 (by hand: e^−16 − e^−32/2) — carried, not wrong."""
    path = tmp_path / "s15.toml"
    path.write_text(_spec([15], [0], [1]))
    (tmp_path / "a.toml").write_text('"z_0^1" = 16\n"a_0^1" = 1.000\n"L" = 1.125e-7\n"delta_0^1" = -1.125e-7\n')
    done = symbp_here("check", str(path), str(tmp_path / "a.toml"), "--format", "json")
    import json

    marks = {name: m["status"] for name, m in json.loads(done.stdout)["quantities"].items()}
    assert marks["z_0^1"] == "wrong" and marks["a_0^1"] == "correct"
    assert marks["L"] == "carried" and marks["delta_0^1"] == "carried"


@pytest.mark.parametrize("z0", [2, 40, 200])
def test_the_float_twins_delta_of_a_saturated_softmax_with_bce_is_the_true_one(z0):
    """Softmax outputs with bce, one of them within e^−40 of 1 (y = 0.9 there): the float path's δ
    (verify's independent check) is the textbook −1/n Σ_i ∂L/∂a_i·a_i(δ_ij − a_j), worked out here
    at 300 digits — it lost (1 − y_0)·a_0/n where 1 − a_0 rounds to 0 (exit 3 for a right solution)."""
    from symbp.float_path import float_solution

    mp = mpmath.MPContext()
    mp.dps = 300
    z, y = [mp.mpf(z0), mp.mpf(0)], [mp.mpf("0.9"), mp.mpf("0.5")]
    e = [mp.exp(v - max(z)) for v in z]
    a = [v / sum(e) for v in e]
    dL_da = [-(yi / ai - (1 - yi) / (1 - ai)) / 2 for ai, yi in zip(a, y)]
    true = [sum(dL_da[i] * a[i] * ((1 if i == j else 0) - a[j]) for i in range(2)) for j in range(2)]
    spec = parse_spec(f'layers = [1, 2]\nloss = "bce"\nlearning_rate = 0.1\ninput = [1]\ntarget = [0.9, 0.5]\n'
                      f'[[layer]]\nweights = [[{z0}], [0]]\nbiases = [0, 0]\nactivation = "softmax"\n')
    floats, _ = float_solution(spec)
    for j in range(2):
        assert floats[f"delta_{j}^1"] == pytest.approx(float(true[j]), rel=1e-12, abs=1e-15)
    derive_solution(spec)  # verified: the exact δ agrees with it


def _slipped(z: int) -> dict:
    """What a student writes from a slipped z (z_0 = z, the spec's 30 or 40 + 1) in the stable
    forms, at 4 digits, worked out here with mpmath: e = 1/(1 + e^z) = 1 − σ(z)."""
    e = 1 / (1 + MP.exp(z))
    text = lambda value: MP.nstr(value, 4, min_fixed=1, max_fixed=0)  # noqa: E731
    slope = MP.exp(-z) / (1 + MP.exp(-z)) ** 2
    return {"e": text(e), "half_sse": text(e * e / 2), "sse_delta": text(-e * slope), "slope": text(slope),
            "ce": text(MP.log(1 + MP.exp(-z)))}


@pytest.mark.parametrize("spec, answers", [
    # σ with half_sse at z = 30, y = 1: a − y = (1 − y) − 1/(1 + e^z); L = ½·e², δ = −e·σ'(z)
    (_spec([30], [0], [1]).replace('"bce"', '"half_sse"'),
     lambda s: {"z_0^1": "31", "a_0^1": "1", "L": s["half_sse"], "local:da_0^1/dz_0^1": s["slope"],
                "delta_0^1": s["sse_delta"]}),
    # softmax with cross-entropy, z = (40, 0), y = (1, 0): L = ln(1 + e^(z_1 − z_0)), δ_0 = (1 − y_0) − a_1
    ('layers = [1, 2]\nactivation = "softmax"\nloss = "cross_entropy"\nlearning_rate = 0.1\ninput = [1]\n'
     'target = [1, 0]\n[[layer]]\nweights = [[40], [0]]\nbiases = [0, 0]\n',
     lambda s: {"z_0^1": "41", "z_1^1": "0", "a_0^1": "1", "a_1^1": s["ce"], "L": s["ce"],
                "delta_0^1": "-" + s["ce"]}),
])
def test_check_carries_every_stable_form_worked_from_the_students_own_numbers(tmp_path, spec, answers):
    """As bce's (test above): a slipped z (31 for 30, 41 for 40) and a = 1 (wrong: σ(31) is not 1),
    then L and δ from those numbers in the stable form the worked solution writes — carried, not
    wrong (on main only bce's forms were recognised: wrong)."""
    (tmp_path / "net.toml").write_text(spec)
    written = answers(_slipped(int(re.search(r"weights = \[\[(\d+)\]", spec).group(1)) + 1))
    (tmp_path / "a.toml").write_text("".join(f'"{name}" = "{value}"\n' for name, value in written.items()))
    import json

    done = symbp_here("check", tmp_path / "net.toml", tmp_path / "a.toml", "--format", "json")
    marks = json.loads(done.stdout)["quantities"]
    assert marks["z_0^1"]["status"] == "wrong" and marks["a_0^1"]["status"] == "wrong"
    for name in ("L", "delta_0^1"):
        assert (marks[name]["status"], marks[name]["recomputed_as"]) == ("carried", "stable_form"), (name, written)
