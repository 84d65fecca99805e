"""Numbers written in the digits of another script (review 34): an Arabic keyboard types ٠٫٥ for
0.5 (Arabic-Indic digits, the Arabic decimal separator), a Persian one ۰٫۵, a Hindi one ०.५.
`symbp check` reads them as those digits say, as a PrairieLearn question does (one parser,
written.parse_written; test_export_prairielearn.py), and echoes the number read in ASCII digits, so
the student sees what was marked.  Before, ٠.٥ was read but ٠٫٥ refused as no number.

Expected values: nn231's first layer worked out by hand (ReLU, exact).
"""

from __future__ import annotations

import json

import pytest

from helpers import cli_runner
from symbp.cli import main

# nn231: z_0^1 = 0.2·1 + (−0.4)·2 + 0.1 = −0.5, z_1^1 = 1.1, z_2^1 = 1.8 (README's worked example)
BY_HAND = {"z_0^1": "-0.5", "z_1^1": "1.1", "z_2^1": "1.8"}
SCRIPTS = {"arabic-indic": ("٠١٢٣٤٥٦٧٨٩", "٫"), "persian": ("۰۱۲۳۴۵۶۷۸۹", "٫"), "devanagari": ("०१२३४५६७८९", "."),
           "bengali": ("০১২৩৪৫৬৭৮৯", ".")}


def written_in(script: str, text: str) -> str:
    digits, point = SCRIPTS[script]
    return text.translate(str.maketrans("0123456789.-", digits + point + "\u2212"))


def marked(tmp_path, values: dict) -> dict:
    answers = tmp_path / "answers.toml"
    answers.write_text("".join(f'"{k}" = "{v}"\n' for k, v in values.items()), encoding="utf-8")
    result = cli_runner().invoke(main, ["check", "--example", "nn231", str(answers), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["quantities"]


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_the_digits_of_another_script_are_read_and_echoed_in_ascii(tmp_path, script):
    q = marked(tmp_path, {name: written_in(script, value) for name, value in BY_HAND.items()})
    for name, value in BY_HAND.items():
        assert q[name]["status"] == "correct", (name, q[name])
        assert q[name]["given_text"] == value  # what was read, in ASCII digits


def test_a_wrong_number_in_another_script_is_echoed_as_read(tmp_path):
    q = marked(tmp_path, {"z_0^1": written_in("arabic-indic", "0.5"), "z_1^1": written_in("arabic-indic", "1/3")})
    assert q["z_0^1"]["status"] == "wrong" and q["z_0^1"]["given_text"] == "0.5"
    assert q["z_0^1"]["diagnosis_key"] == "sign_flipped"  # −0.5 is the value: read as 0.5, not as anything else
    assert q["z_1^1"]["given_text"] == "1/3"
