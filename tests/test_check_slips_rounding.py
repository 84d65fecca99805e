"""Slips `check` names in an optimizer's state, and a value worked out from rounded inputs.

Adam's bias correction done with t = 1 at step 2 (m̂@2 = m@2/(1 − β1), not /(1 − β1²)), RMSprop's
v = ρ·v + (1 − ρ)·|g| (the square forgotten), and a student who writes six significant digits but
carries four on the calculator: each value then follows from its inputs rounded to four digits, not
from a digit miscopied.  The students work by hand in floats here, independently of symbp.
"""
from __future__ import annotations

import json
import math
from fractions import Fraction

from click.testing import CliRunner

from habit_student import text
from test_check_slips_network import SIGMOID_221, Student, marked, slip_label
from test_check_slips_network import X as NETWORK_INPUT
from symbp.cli import main

X, Y, ALPHA = 2.0, 1.0, 0.1


def _marked(tmp_path, w: float, optimizer: str, answers: dict, steps: int) -> dict:
    """A 1-1 identity network, half squared error: g = (w·x − y)·x."""
    spec = tmp_path / "one.toml"
    spec.write_text(f'layers = [1, 1]\nactivation = "identity"\nloss = "half_sse"\nlearning_rate = {ALPHA}\n'
                    f'input = [{X}]\ntarget = [{Y}]\nsteps = {steps}\n[optimizer]\n{optimizer}\n'
                    f'[[layer]]\nweights = [[{w}]]\nbias = false\n', encoding="utf-8")
    path = tmp_path / "answers.toml"
    path.write_text("".join(f'"{name}" = "{value:.10g}"\n' for name, value in answers.items()), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(spec), str(path), "--format", "json"])
    assert result.exit_code == 1, result.output
    return json.loads(result.output)["quantities"]


def test_adam_bias_correction_with_t_fixed_at_1(tmp_path):
    b1, b2, eps, w = 0.9, 0.999, 0.5, 0.75
    answers, m, v = {}, 0.0, 0.0
    for t in (1, 2):
        at = "" if t == 1 else f"@{t}"
        g = (w * X - Y) * X
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
        mhat, vhat = m / (1 - b1), v / (1 - b2)  # t fixed at 1: right at step 1 only
        w -= ALPHA * mhat / (math.sqrt(vhat) + eps)
        answers.update({f"dL/dw_00^1{at}": g, f"m_w_00^1{at}": m, f"v_w_00^1{at}": v, f"mhat_w_00^1{at}": mhat,
                        f"vhat_w_00^1{at}": vhat, f"w_00^1@{t + 1}": w})
    marks = _marked(tmp_path, 0.75, f'name = "adam"\neps = {eps}', answers, steps=2)
    wrong = {name for name, q in marks.items() if q["status"] == "wrong"}
    assert wrong == {"mhat_w_00^1@2", "vhat_w_00^1@2"}
    assert {marks[name]["diagnosis_key"] for name in wrong} == {"bias_correction_at_step_one"}
    assert marks["w_00^1@3"]["status"] == "carried"


def test_rmsprop_square_forgotten_in_v(tmp_path):
    rho, eps, w = 0.9, 0.5, 0.3
    g = (w * X - Y) * X  # −0.8: |g| is neither g nor g²
    v = (1 - rho) * abs(g)
    answers = {"dL/dw_00^1": g, "v_w_00^1": v, "w_00^1@2": w - ALPHA * g / (math.sqrt(v) + eps)}
    marks = _marked(tmp_path, w, f'name = "rmsprop"\nrho = {rho}\neps = {eps}', answers, steps=1)
    assert marks["v_w_00^1"]["status"] == "wrong"
    assert marks["v_w_00^1"]["diagnosis_key"] == "square_forgotten"
    assert marks["w_00^1@2"]["status"] == "carried"


class SixWrittenFourCarried(Student):
    """Writes six significant digits, goes on with its numbers rounded to four."""

    def write(self, name: str, value: float) -> float:
        if name in self.slips:
            value = self.slips[name](self.own)
        exact = Fraction(round(value, 12))
        self.answers[name], self.own[name] = text(exact, 6), float(text(exact, 4))
        return self.own[name]


def test_six_digits_written_four_carried_is_not_a_digit_miscopied(tmp_path):
    student = SixWrittenFourCarried()
    q, report = marked(tmp_path, SIGMOID_221, student.work())
    wrong = {name for name, m in q.items() if m["status"] == "wrong"}
    # ∂L/∂w_jk^l = δ_j^l·a_k^(l−1), worked out here from the six digits written and from them rounded to four
    gradients = [name for name in wrong if name.startswith("dL/dw_")]
    assert {q[name]["diagnosis_key"] for name in wrong} == {"inputs_rounded"}
    assert len(gradients) >= 2
    for name in gradients:
        (j, k), layer = name[6:8], name[-1]
        a = f"a_{k}^{int(layer) - 1}"
        written = [float(student.answers[n]) if n in student.answers else NETWORK_INPUT[int(k)]
                   for n in (f"delta_{j}^{layer}", a)]
        four = [float(text(Fraction(v), 4)) for v in written]
        value, unit = float(student.answers[name]), 10.0 ** (math.floor(math.log10(abs(written[0] * written[1]))) - 5)
        assert abs(value - four[0] * four[1]) < unit / 2 and abs(value - written[0] * written[1]) > unit, name
        assert f"{slip_label('inputs_rounded')}: " in report  # the line shows δ rounded, not as written
        line = report.split(f"{slip_label('inputs_rounded')}: ")[1 + sorted(wrong, key=report.index).index(name)]
        assert line.split("·")[0].strip("(−)") == f"{abs(four[0]):g}", line
    assert "digit_miscopied" not in {m["diagnosis_key"] for m in q.values()}
    assert f"likely slip: {slip_label('inputs_rounded')}" in report


def test_the_same_student_carrying_what_it_writes_gets_no_slip(tmp_path):
    class SixCarried(SixWrittenFourCarried):
        def write(self, name, value):
            super().write(name, value)
            self.own[name] = float(self.answers[name])
            return self.own[name]

    q, _ = marked(tmp_path, SIGMOID_221, SixCarried().work())
    assert {m["status"] for m in q.values() if m["given"] is not None} == {"correct"}


def test_a_slip_one_unit_off_the_number_written_says_it_is_within_one_unit(tmp_path):
    """The slip's value 0.012405 (δ rounded to four digits, times 0.5) is shown beside a written 0.0124051:
    it rounds to 0.0124050, and agrees only as a value from earlier numbers does (within one unit of the
    last digit), which the line says; a slip's value that rounds to the number written does not say it."""
    import tomllib

    from helpers import REPO

    unit = 1e-7  # of the seventh decimal, the last of the six significant digits written
    student = SixWrittenFourCarried({"dL/dw_10^1": lambda own: own["delta_1^1"] * NETWORK_INPUT[0] + unit})
    q, report = marked(tmp_path, SIGMOID_221, student.work())
    written = student.answers["dL/dw_10^1"]
    assert q["dL/dw_10^1"]["diagnosis_key"] == "inputs_rounded"
    catalogue = tomllib.loads((REPO / "templates" / "i18n" / "en.toml").read_text(encoding="utf-8"))
    note = catalogue["check"]["slip_within_unit"]
    line = report.split(f"dL/dw_10^1 = {written}")[1].split("\n\n")[0].splitlines()[-1]
    assert line.startswith(f"      likely slip: {slip_label('inputs_rounded')}: ") and line.endswith(note.format(given=written)), line
    assert report.count(note.split("{given}")[0]) == 1  # (dL/dw_01^2 and dL/dw_11^2: their slip gives the number written)


BATCH = """layers = [3, 2, 2]
loss = "half_sse"
learning_rate = 1000
steps = 1
inputs = [[1, 2, 2], [2, -1, 2]]
targets = [[0, 0.8], [0.5, 0.8]]
[[layer]]
activation = "tanh"
weights = [[-0.9, 1, 0.6], [0.5, 0.3, 0.7]]
biases = [-0.2, 0.1]
[[layer]]
activation = "sigmoid"
weights = [[0.4, -0.6], [0.4, 0.1]]
biases = [1, -1]
"""


def test_a_wrong_value_s_slip_within_one_unit_does_not_read_as_the_agreement_rule_met(tmp_path):
    """A user's L = 0.2029 from L[1] = 0.07596 and L[2] = 0.3301 (own numbers: 0.20303) is wrong; its
    slip, 1/2·(0.076 + 0.33) = 0.203, is within one unit of 0.2029's last digit.  The note said
    "(the agreement rule)" (in the LaTeX report: "as the agreement rule allows") as if the rule were
    met: it names the rule no more (the text report in English, the LaTeX one in German)."""
    import tomllib

    from helpers import REPO, cli_runner

    (tmp_path / "net.toml").write_text(BATCH, encoding="utf-8")
    (tmp_path / "answers.toml").write_text('"L[1]" = "0.07596"\n"L[2]" = "0.3301"\n"L" = "0.2029"\n', encoding="utf-8")
    as_json = cli_runner().invoke(main, ["check", str(tmp_path / "net.toml"), str(tmp_path / "answers.toml"), "-f", "json"])
    q = json.loads(as_json.stdout)["quantities"]
    assert q["L"]["status"] == "wrong" and q["L"]["diagnosis_key"] == "inputs_rounded"
    for locale, fmt, section in (("en", "text", "check"), ("de", "tex", "check_tex")):
        words = tomllib.loads((REPO / "templates" / "i18n" / f"{locale}.toml").read_text(encoding="utf-8"))
        rule = words["check_tex"]["agreement_rule"].lower()
        given = {"text": "0.2029" if locale == "en" else "0,2029", "tex": "$0{,}2029$"}[fmt]  # (de's decimal comma)
        note = words[section]["slip_within_unit"].format(given=given)
        result = cli_runner().invoke(main, ["check", str(tmp_path / "net.toml"), str(tmp_path / "answers.toml"),
                                            "--locale", locale, "--format", fmt])
        assert result.exit_code == 1, result.output
        (line,) = [line for line in result.stdout.splitlines() if note in line]
        assert line.rstrip().endswith(note) and rule not in line.lower(), (locale, line)
