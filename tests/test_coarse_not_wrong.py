"""A number right at the precision written is never WRONG for a slip that merely gives the same short number
(the hostile-input hunter's MEDIUM of stop 56): every true value rounded to 4 significant digits, marked at
--digits 6, was "too few digits" — but w_00^2@2 = 0.3589 (0.358916) was WRONG, "worked out from the earlier
numbers rounded to fewer digits: 0.4 − 0.5·0.0822 = 0.3589", and at one digit b_0^2@2 = 0.5 (0.5308) WRONG,
"learning rate forgotten" (0.6 − 0.1).  Only a given number copied (an update written as the old value) stays
wrong."""
from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest

from helpers import cli_runner
from symbp.cli import main


def _rounded(text: str, digits: int) -> str:
    value = Decimal(text)
    if not value:
        return "0"
    return format(value.quantize(Decimal(1).scaleb(value.adjusted() - digits + 1), rounding=ROUND_HALF_UP), "f")


@pytest.mark.parametrize("example", ["mazur", "nn231", "momentum2", "softmax3"])
@pytest.mark.parametrize("written, asked", [(4, 6), (2, 4)])
def test_true_values_rounded_are_never_wrong(tmp_path, example, written, asked):
    derived = cli_runner().invoke(main, ["derive", "--example", example, "--format", "json"])
    exact = json.loads(derived.stdout)["exact"]
    answers = tmp_path / "ada.toml"
    values = {name: _rounded(text, written) for name, text in exact.items() if "/" not in text}
    # (a whole number written bare claims every digit, by design: 1 for 1.106 is wrong; a point keeps it a rounding)
    values = {name: (v + ".0" if written == 2 and "." not in v and Decimal(v) != Decimal(exact[name]) and len(v.lstrip("-")) == 1
                     else v) for name, v in values.items()}
    answers.write_text("".join(f'"{name}" = "{v}"\n' for name, v in values.items()), encoding="utf-8")
    result = cli_runner().invoke(main, ["check", "--example", example, str(answers), "--digits", str(asked), "--format", "json"])
    quantities = json.loads(result.stdout)["quantities"]
    wrong = {name: (q.get("given"), q.get("diagnosis")) for name, q in quantities.items()
             if q["status"] == "wrong" and "not updated" not in json.dumps(q.get("diagnosis"))}
    assert not wrong


def test_an_old_value_copied_is_not_updated_whichever_slip_comes_first(tmp_path):
    """(the reviewer's MEDIUM of stop 56) 0.6 for b_1^2@2 (0.6190) was "not updated", 0.15 for w_00^1@2
    (0.14978, its old value 0.15) too few digits: "update done with +" (0.1502) was tried first."""
    derived = cli_runner().invoke(main, ["derive", "--example", "mazur", "--format", "json"])
    exact = json.loads(derived.stdout)["exact"]
    assert _rounded(exact["w_00^1@2"], 2) == "0.15" and _rounded(exact["b_1^2@2"], 1) == "0.6"
    answers = tmp_path / "ada.toml"
    values = {name: _rounded(text, 4) for name, text in exact.items() if "/" not in text}
    values.update({"b_1^2@2": "0.6", "w_00^1@2": "0.15"})
    answers.write_text("".join(f'"{name}" = "{v}"\n' for name, v in values.items()), encoding="utf-8")
    quantities = json.loads(cli_runner().invoke(main, ["check", "--example", "mazur", str(answers), "--format", "json"]).stdout)["quantities"]
    assert [(quantities[n]["status"], quantities[n].get("diagnosis_key")) for n in ("b_1^2@2", "w_00^1@2")] == \
        [("wrong", "not_updated")] * 2


def test_a_file_of_copies_and_a_dropped_zero(tmp_path):
    """(the second reviewer's findings of stop 56) a file of the twelve old values copied: the habit is not
    theirs (every copy 'not updated' unless it is also the true value to 3 digits with a zero dropped); in a
    file written to 3 digits, 0.15 for 0.14978 (0.150 written short) is too few digits, not a copy."""
    derived = cli_runner().invoke(main, ["derive", "--example", "mazur", "--format", "json"])
    exact = json.loads(derived.stdout)["exact"]
    olds = {"w_00^1@2": "0.15", "w_01^1@2": "0.2", "b_0^1@2": "0.35", "w_10^1@2": "0.25", "w_11^1@2": "0.3",
            "b_1^1@2": "0.35", "w_00^2@2": "0.4", "w_01^2@2": "0.45", "b_0^2@2": "0.6", "w_10^2@2": "0.5",
            "w_11^2@2": "0.55", "b_1^2@2": "0.6"}

    def marked(values):
        answers = tmp_path / "ada.toml"
        answers.write_text("".join(f'"{name}" = "{v}"\n' for name, v in values.items()), encoding="utf-8")
        result = cli_runner().invoke(main, ["check", "--example", "mazur", str(answers), "--format", "json"])
        return json.loads(result.stdout)["quantities"]

    copies = marked(olds)
    for name, old in olds.items():
        dropped = Decimal(_rounded(exact[name], 3)) == Decimal(old)
        expected = ("too_few_digits", None) if dropped else ("wrong", "not_updated")
        assert (copies[name]["status"], copies[name].get("diagnosis_key")) == expected, (name, copies[name])
    three = {name: _rounded(text, 3) for name, text in exact.items() if "/" not in text}
    three.update({"w_00^1@2": "0.15"})
    assert marked(three)["w_00^1@2"]["status"] == "too_few_digits"
