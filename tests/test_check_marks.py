"""`check` marks what was asked, as strictly as it says, and says exactly what the student wrote.

A new user's findings: a worksheet's unasked values reported as missing (and a key overview that
counted one value more than the sheet asks), a saturated sigmoid that let "1" and "1.0" pass as
carried, a trailing zero dropped from the student's own number, `check - -`, a refused template
include that said only its path, and softmax's δ worked with an extra a(1 − a) not named.

Expected values are worked out here by hand (math.exp) from the spec's numbers; the worksheet's
own numbers are read only from the spec each variant stores.
"""

from __future__ import annotations

import csv
import json
import math
import re

import pytest

from helpers import cli_runner
from symbp.cli import main

ONE_NEURON = """layers = [1, 1]
activation = "sigmoid"
loss = "half_sse"
learning_rate = 0.5
steps = 2
input = [1]
target = [0]
[[layer]]
weights = [[{w}]]
biases = [0]
"""

# the user's network (/tmp/nu/stud.toml): 2-2-1 sigmoid, half the squared error
STUD = """layers = [2, 2, 1]
activation = "sigmoid"
loss = "half_sse"
learning_rate = 0.5
input = [0.5, -1]
target = [0.8]
[[layer]]
weights = [[0.4, 0.3], [-0.2, 0.6]]
biases = [0.1, -0.1]
[[layer]]
weights = [[0.7, -0.5]]
biases = [0.2]
"""


def sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def run(*args, input=None):
    result = cli_runner().invoke(main, [str(a) for a in args], input=input)
    return result.exit_code, result.stdout, result.stderr


def answers_file(path, values: dict, **meta) -> str:
    lines = [f"{key} = {json.dumps(value)}" for key, value in meta.items()]
    lines += [f'"{name}" = "{text}"' for name, text in values.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def check_json(tmp_path, spec_text: str, values: dict) -> tuple[int, dict]:
    spec = tmp_path / "net.toml"
    spec.write_text(spec_text, encoding="utf-8")
    code, out, err = run("check", spec, answers_file(tmp_path / "answers.toml", values), "--format", "json")
    assert code in (0, 1), err
    return code, json.loads(out)


# ---- 1. what the sheet does not ask for is never missing, and every count agrees --------------------
@pytest.fixture(scope="module")
def forward_sheet(tmp_path_factory):
    """A 2-step sheet that asks only for the forward pass of step 1: (folder, its one variant)."""
    folder = tmp_path_factory.mktemp("sheet")
    spec = folder / "net.toml"
    spec.write_text(ONE_NEURON.format(w="0.5") + '[variants]\nask = ["forward"]\n', encoding="utf-8")
    code, _, err = run("worksheet", spec, "-n", "1", "--seed", "3", "--out", folder / "ws")
    assert code == 0, err
    key = json.loads((folder / "ws" / "answers.json").read_text(encoding="utf-8"))
    return folder, key["variants"][0]


def by_hand(variant) -> tuple[float, float]:
    """z and a of the variant's one neuron, from the numbers its spec stores."""
    spec = variant["spec"]
    x = spec.get("input", spec.get("inputs"))
    x = x[0] if isinstance(x, list) and isinstance(x[0], list) else x
    z = spec["layer"][0]["weights"][0][0] * x[0] + spec["layer"][0]["biases"][0]
    return z, sigmoid(z)


def test_the_sheet_asks_two_values_and_every_count_says_two(forward_sheet):
    folder, variant = forward_sheet
    assert sorted(variant["asked"]) == ["a_0^1", "z_0^1"]
    template = (folder / "ws" / "answers-template.toml").read_text(encoding="utf-8")
    assert sorted(re.findall(r'^"([^"]+)" = ""', template, re.M)) == ["a_0^1", "z_0^1"]


def test_unasked_values_are_not_missing_and_one_given_anyway_is_listed_apart(forward_sheet, tmp_path):
    folder, variant = forward_sheet
    z, a = by_hand(variant)
    subs = tmp_path / "subs"
    subs.mkdir()
    # all that is asked, right, and L (not asked) wrong; a second student gives z only
    answers_file(subs / "ana.toml", {"z_0^1": f"{z:.4g}", "a_0^1": f"{a:.4g}", "L": "5.5"}, student="Ana", variant=1)
    answers_file(subs / "ben.toml", {"z_0^1": f"{z:.4g}"}, student="Ben", variant=1)
    key = folder / "ws" / "answers.json"
    code, out, err = run("check", "--key", key, subs, "--out", tmp_path / "marked")
    assert code == 0, err  # a wrong value the sheet does not ask for fails nothing
    rows = {row["file"]: row for row in csv.DictReader(open(tmp_path / "marked" / "grades.csv", encoding="utf-8-sig"))}
    ana, ben = rows["ana.toml"], rows["ben.toml"]
    assert (ana["points"], ana["possible"], ana["correct"], ana["wrong"], ana["not_given"], ana["not_asked"]) == \
        ("2", "2", "2", "0", "0", "1")
    assert (ben["points"], ben["correct"], ben["not_given"], ben["not_asked"]) == ("1", "1", "1", "0")
    assert "L" not in ana and "L@2" not in ana and "z_0^1@2" not in ana  # a column per asked value only
    report = (tmp_path / "marked" / "ana.txt").read_text(encoding="utf-8")
    assert "NOT GIVEN" not in report and "z_0^1@2" not in report
    assert re.search(r"GIVEN BUT NOT ASKED \(1\).*\n  L += 5\.5 +wrong", report)
    assert "1 more value given that the sheet does not ask for" in report
    ben_report = (tmp_path / "marked" / "ben.txt").read_text(encoding="utf-8")
    assert re.search(r"NOT GIVEN \(1\)\n  a_0\^1\n", ben_report)  # the one asked value left out


def test_json_report_counts_what_is_asked(forward_sheet, tmp_path):
    folder, variant = forward_sheet
    z, _ = by_hand(variant)
    path = answers_file(tmp_path / "a.toml", {"z_0^1": f"{z:.4g}", "z_0^1@2": "7"}, variant=1)
    code, out, err = run("check", "--key", folder / "ws" / "answers.json", path, "--format", "json")
    report = json.loads(out)
    assert (code, report["summary"]["missing"], report["summary"]["not_asked"]) == (0, 1, 1), err
    assert set(report["quantities"]) == {"z_0^1", "a_0^1", "z_0^1@2"}
    assert report["quantities"]["z_0^1@2"]["asked"] is False


def test_the_key_overview_counts_the_values_the_sheet_asks(tmp_path):
    """More than 120 asked values: the overview says how many — the sheet's count, not one more
    for the fall of the loss that each summary shows beside them."""
    spec = tmp_path / "wide.toml"
    spec.write_text('layers = [3, 8, 8, 2]\nactivation = "tanh"\nloss = "half_sse"\nlearning_rate = 0.5\n'
                    'steps = 2\n', encoding="utf-8")
    code, _, err = run("worksheet", spec, "-n", "1", "--seed", "1", "--out", tmp_path / "ws")
    assert code == 0, err
    asked = json.loads((tmp_path / "ws" / "answers.json").read_text(encoding="utf-8"))["variants"][0]["asked"]
    template = (tmp_path / "ws" / "answers-template.toml").read_text(encoding="utf-8")
    assert len(re.findall(r'^"[^"]+" = ""', template, re.M)) == len(asked) > 120
    said = re.search(r"with (\d+) values per variant", (tmp_path / "ws" / "answer-key.tex").read_text(encoding="utf-8"))
    assert said and int(said.group(1)) == len(asked)


# ---- 2. the digit rule whatever z is: saturation is no exact value ----------------------------------
@pytest.mark.parametrize("z", ["20", "1e300", "5"])
@pytest.mark.parametrize("a, status", [("1", "wrong"), ("1.0", "too_few_digits")])
def test_one_for_a_saturated_sigmoid_is_judged_by_its_digits(tmp_path, z, a, status):
    """σ(z) < 1 for every z: "1" claims exactly 1 (wrong) and "1.0" shows 2 of the 3 digits asked,
    whether the student's (wrong) z is 5, 20 or 10^300."""
    _, report = check_json(tmp_path, STUD, {"z_1^1": z, "a_1^1": a})
    assert report["quantities"]["z_1^1"]["status"] == "wrong"
    assert report["quantities"]["a_1^1"]["status"] == status


@pytest.mark.parametrize("z", ["20", "1e300"])
def test_four_digits_of_a_saturated_sigmoid_are_carried(tmp_path, z):
    assert f"{sigmoid(20):.4f}" == "1.0000"  # σ(20) = 1 − 2·10^−9: 1.000 to 4 significant digits
    _, report = check_json(tmp_path, STUD, {"z_1^1": z, "a_1^1": "1.000"})
    assert report["quantities"]["a_1^1"]["status"] == "carried"


@pytest.mark.parametrize("a, status", [("1.000", "correct"), ("0.9999999979", "correct"), ("1", "wrong"),
                                       ("1.0", "too_few_digits")])
def test_a_true_sigmoid_of_20(tmp_path, a, status):
    assert round(sigmoid(20), 10) == 0.9999999979
    _, report = check_json(tmp_path, ONE_NEURON.format(w="20"), {"z_0^1": "20", "a_0^1": a})
    assert report["quantities"]["a_0^1"]["status"] == status


def test_exact_arithmetic_on_the_shown_rounded_sigmoid_stays_exact(tmp_path):
    """The worked solution shows σ(20) as 1.000 and carries it: ½·(0 − 1.000)² = 0.5 and σ'(z) =
    1.000·(1 − 1.000) = 0, printed with "=": written so, they are right (a not written down)."""
    assert f"{sigmoid(20):.3f}" == "1.000"
    _, report = check_json(tmp_path, ONE_NEURON.format(w="20"), {"z_0^1": "20", "L": "0.5", "local:da_0^1/dz_0^1": "0"})
    assert report["quantities"]["L"]["status"] == report["quantities"]["local:da_0^1/dz_0^1"]["status"] == "correct"


def test_an_exact_half_is_still_right_with_one_digit(tmp_path):
    _, report = check_json(tmp_path, ONE_NEURON.format(w="0"), {"z_0^1": "0", "a_0^1": "0.5"})  # σ(0) = 1/2
    assert report["quantities"]["a_0^1"]["status"] == "correct"


# ---- 3. what the student wrote, as written -----------------------------------------------------------
@pytest.mark.parametrize("locale, written, shown", [("en", "-0.04870", "(−0.04870)"), ("de", "-0,04870", "(−0,04870)")])
def test_the_students_own_number_keeps_its_trailing_zero(tmp_path, locale, written, shown):
    spec = tmp_path / "stud.toml"
    spec.write_text(STUD, encoding="utf-8")
    path = answers_file(tmp_path / "s.toml", {"delta_0^2": written, "delta_0^1": "-0.03409"})
    code, out, _ = run("check", spec, path, "--locale", locale)
    assert code == 1 and out.count(shown) == 2  # the substituted formula and the slip's
    assert shown.replace("0)", ")") not in out


def test_spec_and_answers_cannot_both_come_from_stdin():
    for args in (["check", "-", "-"], ["check", "--key", "-", "-"]):
        code, out, err = run(*args, input='student = "Ana"\n')
        assert (code, out) == (2, "")
        assert err.count("\n") == 1 and "both come from stdin" in err and "unknown key" not in err


def test_an_include_out_of_the_template_folder_is_refused_saying_why(tmp_path):
    """(A link out of the folder: tests/test_hostile.py.)"""
    folder = tmp_path / "templates" / "text"
    folder.mkdir(parents=True)
    (folder / "solution.txt.jinja").write_text('<% include "../../../../etc/passwd" %>', encoding="utf-8")
    spec = tmp_path / "stud.toml"
    spec.write_text(STUD, encoding="utf-8")
    code, out, err = run("derive", spec, "--templates", tmp_path / "templates")
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert "solution.txt.jinja, line 1: '../../../../etc/passwd' refused: '..' leads out of the template folder" in err
    assert "root:" not in err


# ---- 4. softmax's δ with an extra a(1 − a) ------------------------------------------------------------
SOFTMAX = """layers = [2, 2]
loss = "cross_entropy"
learning_rate = 0.5
input = [1, 0.5]
target = [1, 0]
[[layer]]
activation = "softmax"
weights = [[0.4, -0.2], [0.1, 0.3]]
biases = [0.1, -0.1]
"""


@pytest.mark.parametrize("locale, words", [("en", "an extra factor a(1 − a)"), ("de", "ein überzähliger Faktor a(1 − a)"),
                                           ("fr", "un facteur a(1 − a) en trop")])
def test_softmax_delta_with_an_extra_sigmoid_derivative_is_named(tmp_path, locale, words):
    z = [0.4 * 1 - 0.2 * 0.5 + 0.1, 0.1 * 1 + 0.3 * 0.5 - 0.1]
    a = [math.exp(v) / (math.exp(z[0]) + math.exp(z[1])) for v in z]
    slipped = (a[0] - 1) * a[0] * (1 - a[0])  # δ_0 = a_0 − y_0 (≈ −0.4378), times a_0(1 − a_0)
    values = {"a_0^1": f"{a[0]:.4f}", "a_1^1": f"{a[1]:.4f}", "delta_0^1": f"{slipped:.4f}"}
    spec = tmp_path / "softmax.toml"
    spec.write_text(SOFTMAX, encoding="utf-8")
    path = answers_file(tmp_path / "s.toml", values)
    code, out, _ = run("check", spec, path, "--format", "json", "--locale", locale)
    mark = json.loads(out)["quantities"]["delta_0^1"]
    assert (code, mark["status"], mark["diagnosis_key"]) == (1, "wrong", "extra_activation_derivative")
    assert mark["diagnosis"].startswith(words)
    code, text, _ = run("check", spec, path, "--locale", locale)
    assert words in text


def test_a_late_value_the_key_prints_is_right_when_the_earlier_ones_are_left_out(tmp_path):
    """A new user wrote only a_1^2[2] = 0.7090 and L[2] = 0.3439, exactly as the key prints them
    (its calculator chain rounds every value to 4 digits), and was told 'wrong, expected ≈ 0.70906'
    (the exact chain).  Every asked value the key carries differently from the exact value's
    rounding is now right on its own.  Beside it, rounding on the way reaches a unit or two more (the
    values before it left out: any mixture of rounding, as a student's calculator may hold them); ten
    units beside the key's value, away from the exact one, stay wrong."""
    import json
    from decimal import Decimal

    from helpers import cli_runner
    from symbp.cli import main

    spec = tmp_path / "adam.toml"
    spec.write_text('layers = [2, 3, 2]\nactivation = "tanh"\nloss = "cross_entropy"\nlearning_rate = 0.1\nsteps = 2\n'
                    "inputs = [[1, -1], [0.5, 2]]\ntargets = [[1, 0], [0, 1]]\n"
                    "[[layer]]\nweights = [[0.2, -0.4], [-0.3, 0.8], [0.5, 0.1]]\nbiases = [0.1, -0.2, 0.0]\n"
                    '[[layer]]\nactivation = "softmax"\nweights = [[-0.6, 0.9, -0.3], [0.4, -0.2, 0.7]]\n'
                    'biases = [0.05, -0.1]\n[optimizer]\nname = "adam"\n', encoding="utf-8")
    out = tmp_path / "ws"
    made = cli_runner().invoke(main, ["worksheet", str(spec), "-n", "1", "--seed", "1", "-o", str(out)])
    assert made.exit_code == 0, made.output
    variant = json.loads((out / "answers.json").read_text())["variants"][0]
    differing = [n for n in variant["asked"] if "carried" in variant and n in variant["carried"]
                 and "." in variant["carried"][n]
                 and Decimal(variant["carried"][n]) != Decimal(f"{Decimal(variant['exact'][n]):.4g}")]
    assert len(differing) >= 3  # the chain's rounding shows in some values (found, not chosen)
    for name in differing[-3:]:
        for text, status in ((variant["carried"][name], "correct"), (None, "wrong")):
            if text is None:  # ten units of the last digit beside the key's value, away from the exact one
                shown = Decimal(variant["carried"][name])
                unit = 10 * Decimal(1).scaleb(shown.as_tuple().exponent)
                text = str(shown + unit if shown >= Decimal(variant["exact"][name]) else shown - unit)
            answers = tmp_path / "one.toml"
            answers.write_text(f'variant = 1\n"{name}" = "{text}"\n', encoding="utf-8")
            result = cli_runner().invoke(main, ["check", "--key", str(out / "answers.json"), str(answers),
                                                "--format", "json"])
            marks = json.loads(result.stdout)["quantities"][name]
            assert marks["status"] == status, (name, text, variant["exact"][name], marks)


def test_a_value_worked_from_one_written_with_too_few_digits_kept_whole_is_carried(tmp_path):
    """A new user's Bob: ∂L/∂w written 1.9 (too few digits; his own numbers give 1.925), then the update
    0.5 − 0.1·1.925 = 0.3075 worked from the calculator's 1.925, as the sheet allows ("keep more digits
    in your calculator"): carried, not wrong.  Here: a wrong a = 0.6 (σ(0.3) = 0.5744), δ = 0.6·0.6·0.4
    = 0.144 from it, ∂L/∂w written 0.14, w@2 = 0.3 − 0.5·0.144 = 0.228 (from the written 0.14: 0.23)."""
    code, report = check_json(tmp_path, ONE_NEURON.format(w="0.3"), {
        "z_0^1": "0.3000", "a_0^1": "0.6000", "delta_0^1": "0.1440", "dL/dw_00^1": "0.14", "w_00^1@2": "0.2280"})
    marks = {name: mark["status"] for name, mark in report["quantities"].items()}
    assert sigmoid(0.3) != pytest.approx(0.6, abs=0.01) and 0.3 - 0.5 * 0.14 != pytest.approx(0.228, abs=1e-3)
    assert marks["a_0^1"] == "wrong" and marks["dL/dw_00^1"] == "too_few_digits"
    assert marks["w_00^1@2"] == "carried"


@pytest.mark.parametrize("written", [
    {"delta_0^1": "0.14"},  # δ too few digits, ∂L/∂w = δ·x left out: from the δ kept whole, 0.144
    {"delta_0^1": "0.14", "dL/dw_00^1": "0.14"},  # two in a chain: ∂L/∂w's own value from the δ kept whole
])
def test_a_value_after_numbers_kept_whole_through_a_blank_or_a_chain_is_carried(tmp_path, written):
    """The reviewer's cases after Bob's (note 43): the kept-whole value counted only for a direct input,
    so a value left out between, or a chain of two coarse numbers, marked the calculator's 0.3 − 0.5·0.144
    = 0.228 wrong.  As written (0.3 − 0.5·0.14 = 0.23) it is carried too; one between is wrong."""
    values = {"z_0^1": "0.3000", "a_0^1": "0.6000"} | written
    gradient = 0.6 * 0.6 * (1 - 0.6)  # (a − y)·a(1 − a)·x with the answer's a = 0.6, y = 0, x = 1
    for update, status in ((0.3 - 0.5 * gradient, "carried"), (0.3 - 0.5 * 0.14, "carried"), (0.229, "wrong")):
        _, report = check_json(tmp_path, ONE_NEURON.format(w="0.3"), values | {"w_00^1@2": f"{update:.4f}"})
        marks = {name: mark["status"] for name, mark in report["quantities"].items()}
        assert marks["a_0^1"] == "wrong" and marks["delta_0^1"] == "too_few_digits"
        assert marks["w_00^1@2"] == status, (update, marks)


def test_an_update_with_one_input_kept_whole_and_one_as_written_is_carried(tmp_path):
    """w = 0.4123 copied as 0.41 and ∂L/∂w = 0.144 written 0.14 (both too few digits): the update from
    either kept whole and the other as written follows from the answer's own numbers too."""
    values = {"w_00^1": "0.41", "z_0^1": "0.4123", "a_0^1": "0.6000", "delta_0^1": "0.1440", "dL/dw_00^1": "0.14"}
    cases = ((0.4123 - 0.5 * 0.14, "carried"), (0.41 - 0.5 * 0.144, "carried"), (0.4123 - 0.5 * 0.144, "carried"),
             (0.41 - 0.5 * 0.14, "carried"), (0.345, "wrong"))
    for update, status in cases:
        _, report = check_json(tmp_path, ONE_NEURON.format(w="0.4123"), values | {"w_00^1@2": f"{update:.4f}"})
        marks = {name: mark["status"] for name, mark in report["quantities"].items()}
        assert (marks["w_00^1"], marks["dL/dw_00^1"]) == ("too_few_digits", "too_few_digits"), marks
        assert marks["w_00^1@2"] == status, (update, marks)


def test_a_coarse_number_that_only_matched_the_true_value_is_not_kept_whole(tmp_path):
    """The reviewer's case: ∂L/∂w written 0.14 is too few digits for the true 0.1404, while the answer's
    own δ = 0.2000 gives 0.2; w@2 = 0.3 − 0.5·0.2 = 0.2000 follows neither from the written 0.14
    (0.23) nor from the true value (0.3 − 0.5·0.1404 = 0.2298): wrong, not carried."""
    a = sigmoid(0.3)
    true_gradient = a * a * (1 - a)  # (a − y)·a(1 − a)·x with y = 0, x = 1
    assert f"{true_gradient:.2g}" == "0.14" and abs(0.3 - 0.5 * true_gradient - 0.2) > 0.02
    _, report = check_json(tmp_path, ONE_NEURON.format(w="0.3"), {
        "a_0^1": "0.6000", "delta_0^1": "0.2000", "dL/dw_00^1": "0.14", "w_00^1@2": "0.2000"})
    marks = {name: mark["status"] for name, mark in report["quantities"].items()}
    assert (marks["delta_0^1"], marks["dL/dw_00^1"], marks["w_00^1@2"]) == ("wrong", "too_few_digits", "wrong")


def test_a_given_copied_with_too_few_digits_is_marked_not_a_crash(tmp_path):
    """A given (w = 0.4123) written 0.41, then a wrong z: an internal error (KeyError) before."""
    code, report = check_json(tmp_path, ONE_NEURON.format(w="0.4123"), {"w_00^1": "0.41", "z_0^1": "0.9999"})
    assert code == 1 and report["quantities"]["z_0^1"]["status"] == "wrong"


def test_an_update_written_as_the_old_value_is_not_updated_not_too_few_digits(tmp_path):
    """A new user's student copied the old weight 0.6 as w@2 (true 0.6 − 0.5·0.010445 = 0.5948): it was
    'too few significant digits: right at the precision written'; the slip it is, exactly, now says
    so, with the old parameter's name (not "0.6 = 0.6")."""
    a = sigmoid(0.6)
    update = 0.6 - 0.5 * (a - 0.6) * a * (1 - a)  # (a − y)·a(1 − a)·x with y = 0.6, x = 1
    assert f"{update:.1g}" == "0.6" and abs(update - 0.6) > 0.005
    spec = ONE_NEURON.format(w="0.6").replace("target = [0]", "target = [0.6]")
    code, report = check_json(tmp_path, spec, {"w_00^1@2": "0.6"})
    mark = report["quantities"]["w_00^1@2"]
    assert (code, mark["status"], mark["diagnosis_key"]) == (1, "wrong", "not_updated"), mark
    code, text, _ = run("check", tmp_path / "net.toml", tmp_path / "answers.toml")
    assert "(the old value copied): w_00^1 = 0.6" in text, text
