"""A number miscopied by a slip of the pen stays wrong, but what the student worked out after it from
the number meant is right (stop 52's careful-student hunt: δ_1^2 written −0.3811 or −0.03181 for the
careful −0.03811, then ∂L/∂w_10^2 = −0.03811·0.5933 = −0.02261 and two more were marked wrong, one of
them "sign flipped").  The careful values are worked out here with Decimal (Mazur's network, every value
rounded to 4 significant digits and carried on)."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal, getcontext

import pytest
from click.testing import CliRunner

from symbp.cli import main

getcontext().prec = 40


def r4(x: Decimal) -> Decimal:
    return x.quantize(Decimal(1).scaleb(x.adjusted() - 3), rounding=ROUND_HALF_UP)


def _careful() -> dict:
    spec = json.loads(CliRunner().invoke(main, ["derive", "--example", "mazur", "-f", "json"]).stdout)["spec"]
    x, y = [Decimal(str(v)) for v in spec["input"]], [Decimal(str(v)) for v in spec["target"]]
    (w1, b1), (w2, b2) = [([[Decimal(str(v)) for v in row] for row in layer["weights"]],
                           [Decimal(str(v)) for v in layer["biases"]]) for layer in spec["layer"]]
    sig = lambda z: r4(1 / (1 + (-z).exp()))  # noqa: E731
    z1 = [r4(sum(w * a for w, a in zip(row, x)) + b) for row, b in zip(w1, b1)]
    a1 = [sig(z) for z in z1]
    z2 = [r4(sum(w * a for w, a in zip(row, a1)) + b) for row, b in zip(w2, b2)]
    a2 = [sig(z) for z in z2]
    d2 = [r4((a - t) * a * (1 - a)) for a, t in zip(a2, y)]
    values = {"z_0^1": z1[0], "z_1^1": z1[1], "a_0^1": a1[0], "a_1^1": a1[1], "z_0^2": z2[0], "z_1^2": z2[1],
              "a_0^2": a2[0], "a_1^2": a2[1], "delta_0^2": d2[0], "delta_1^2": d2[1],
              "dL/dw_10^2": r4(d2[1] * a1[0]), "dL/dw_11^2": r4(d2[1] * a1[1]), "dL/db_1^2": d2[1]}
    return {name: format(value, "f") for name, value in values.items()}


def _marks(tmp_path, answers: dict) -> dict:
    (tmp_path / "a.toml").write_text("".join(f'"{k}" = "{v}"\n' for k, v in answers.items()), encoding="utf-8")
    done = CliRunner().invoke(main, ["check", "--example", "mazur", str(tmp_path / "a.toml"), "-f", "json"])
    assert done.exit_code in (0, 1), done.output
    return json.loads(done.stdout)["quantities"]


def test_the_careful_file_is_right(tmp_path):
    careful = _careful()
    assert careful["delta_1^2"] == "-0.03811"  # (the hunt's number)
    marks = _marks(tmp_path, careful)
    assert {n: marks[n]["status"] for n in careful} == dict.fromkeys(careful, "correct")


@pytest.mark.parametrize("written, slip", [("0.03811", "sign_flipped"), ("-0.3811", "decimal_point_moved"),
                                           ("-0.03181", "digits_transposed")])
def test_what_follows_from_the_number_meant_is_right(tmp_path, written, slip):
    careful = _careful()
    marks = _marks(tmp_path, {**careful, "delta_1^2": written})
    assert marks["delta_1^2"]["status"] == "wrong" and marks["delta_1^2"]["diagnosis_key"] == slip
    for name in ("dL/dw_10^2", "dL/dw_11^2", "dL/db_1^2"):
        assert marks[name]["status"] == "correct", (name, marks[name])


def test_what_follows_from_the_number_written_is_still_carried(tmp_path):
    careful = _careful()
    slipped = Decimal("-0.3811")
    follows = {"dL/dw_10^2": r4(slipped * Decimal(careful["a_0^1"])), "dL/dw_11^2": r4(slipped * Decimal(careful["a_1^1"])),
               "dL/db_1^2": slipped}
    marks = _marks(tmp_path, {**careful, "delta_1^2": str(slipped), **{k: format(v, "f") for k, v in follows.items()}})
    assert {name: marks[name]["status"] for name in follows} == dict.fromkeys(follows, "carried")


def test_a_batch_sheets_slip_leaves_the_rest_right(tmp_path):
    """A worksheet of a batch, marked against its key: its printed (carried) values with one sign slipped;
    the batch mean and the second forward pass worked from the number meant stay right, not carried."""
    done = CliRunner().invoke(main, ["worksheet", "--example", "batch3", "-n", "3", "--seed", "3", "--out",
                                     str(tmp_path / "ws")])
    assert done.exit_code == 0, done.output
    variant = json.loads((tmp_path / "ws" / "answers.json").read_text(encoding="utf-8"))["variants"][2]
    values = {name: variant["carried"][name] for name in variant["asked"]}
    name = "dL/dw_10^1[1]"
    assert not values[name].startswith("-0.0") and Decimal(values[name]) != 0
    slipped = values[name][1:] if values[name].startswith("-") else "-" + values[name]
    lines = ["variant = 3"] + [f'"{k}" = "{slipped if k == name else v}"' for k, v in values.items()]
    (tmp_path / "a.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["check", "--key", str(tmp_path / "ws" / "answers.json"), str(tmp_path / "a.toml"),
                                     "-f", "json"])
    marks = json.loads(done.stdout)["quantities"]
    assert marks[name]["status"] == "wrong" and marks[name]["diagnosis_key"] == "sign_flipped"
    assert {k: marks[k]["status"] for k in values if k != name} == {k: "correct" for k in values if k != name}


def test_a_careful_batch_students_slip_leaves_the_rest_right(tmp_path):
    """The hunt's careful student of the same sheet (values to 4 digits carried on, not the key's own): after
    the sign slip, the batch mean and the second forward pass follow from the number meant: right, not
    carried from the slipped one."""
    from helpers import REPO

    done = CliRunner().invoke(main, ["worksheet", "--example", "batch3", "-n", "4", "--seed", "3", "--out",
                                     str(tmp_path / "ws")])
    assert done.exit_code == 0, done.output
    answers = REPO / "tests" / "data" / "batch3-seed3-variant3-careful-slip.toml"
    done = CliRunner().invoke(main, ["check", "--key", str(tmp_path / "ws" / "answers.json"), str(answers), "-f", "json"])
    marks = json.loads(done.stdout)["quantities"]
    assert marks["dL/dw_10^1[1]"]["diagnosis_key"] == "sign_flipped"
    assert {k: m["status"] for k, m in marks.items() if m["given"] is not None and k != "dL/dw_10^1[1]"} == \
        {k: "correct" for k, m in marks.items() if m["given"] is not None and k != "dL/dw_10^1[1]"}


def test_the_number_meant_is_judged_from_the_true_numbers_not_the_slipped_ones(tmp_path):
    """(the last reviewer's two HIGHs) After δ_1^2 written 0.03814 for −0.03814, ∂L/∂b_1^2 = −0.03814 is
    right — not a "sign slip" of the +0.03814 the slipped δ gives — and b_1^2@2 = 0.5809 = 0.6 + 0.5·(−0.03814),
    an update done with +, stays wrong (it was carried from a +0.03814 nobody wrote)."""
    marks = _marks(tmp_path, {"delta_1^2": "0.03814", "dL/db_1^2": "-0.03814", "b_1^2@2": "0.5809"})
    assert marks["delta_1^2"]["diagnosis_key"] == "sign_flipped"
    assert marks["dL/db_1^2"]["status"] == "correct"
    assert (marks["b_1^2@2"]["status"], marks["b_1^2@2"]["diagnosis_key"]) == ("wrong", "update_with_plus")
    marks = _marks(tmp_path, {"delta_1^2": "0.03814", "dL/dw_10^2": "-0.02263", "dL/db_1^2": "-0.03814"})
    assert (marks["dL/dw_10^2"]["status"], marks["dL/db_1^2"]["status"]) == ("correct", "correct")
