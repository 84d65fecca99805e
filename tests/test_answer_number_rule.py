"""One rule for reading a written answer, in `symbp check` and in a PrairieLearn question (review
33): full-width digits, signs and points (－０．１０００, as an East Asian keyboard types them) are
read alike by both; a number PrairieLearn cannot store (1e309 to 1e1000, beyond a float) or beyond
symbp's limits is a format error saying so, never an exception."""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest
import symbp
from careful_student import CarefulStudent, as_text
from test_export_prairielearn import generated, question, slugs, submission  # noqa: F401 (question: a fixture)

I18N = Path(symbp.__file__).parent.parent / "templates" / "i18n"


def parsed(question, text: str):
    """(the format error of L, the float PrairieLearn keeps) for L written as `text`, the rest right."""
    data = generated(question, "k3x9")
    careful = CarefulStudent(data["params"]["spec"]).work()
    names = slugs(question)
    raw = {slug: as_text(careful[name]) for name, slug in names.items()}
    raw[names["L"]] = text
    submitted = submission(question, data, raw)
    question[1].parse(submitted)
    return submitted["format_errors"].get(names["L"]), submitted["submitted_answers"].get(names["L"])


def pl_message(key: str) -> str:
    return tomllib.loads((I18N / "en.toml").read_text(encoding="utf-8"))["prairielearn"][key]


@pytest.mark.parametrize("text", ["1e309", "1e999", "-1e500", "1e1000", "1e1001", "-1e5000"])
def test_a_number_beyond_a_float_is_a_format_error_saying_so(question, text):
    error, _ = parsed(question, text)
    assert error == pl_message("format_too_large")


def test_a_number_too_close_to_0_for_symbps_limits_is_a_format_error_saying_so(question):
    assert parsed(question, "1e-1001")[0] == pl_message("format_too_small")
    assert parsed(question, "1e-999") == (None, 0.0)  # within the limits: marked (wrong), as `check` marks it


FULL_WIDTH = str.maketrans("0123456789.-,e", "０１２３４５６７８９．－，ｅ")


@pytest.mark.parametrize("ascii_text", ["-0.1000", "0.5", "1e3", "-2,5", "0.2984"])
def test_full_width_digits_are_read_alike_by_check_and_prairielearn(question, ascii_text):
    wide = ascii_text.translate(FULL_WIDTH)
    assert wide != ascii_text and wide.isascii() is False
    value = float(Decimal(ascii_text.replace(",", ".")))
    assert parsed(question, wide) == (None, value)
    report = symbp.check(symbp.example("mazur"), {"z_0^1": wide})
    assert report.marks["z_0^1"]["given"] == value


@pytest.mark.parametrize("text", ["0.5x", "١٬٠٠٠", "½", "0..5"])  # ١٬٠٠٠: a thousands separator (٠٫١ is read: review 34)
def test_what_check_cannot_read_prairielearn_refuses(question, text):
    """check no longer refuses the whole answers for it (one unreadable number no longer leaves the rest
    unmarked): it is not read, named under "not_read" with the text as written, and marked as not given;
    z_1^1 = 0.25·0.05 + 0.30·0.10 + 0.35 = 0.3925 (Mazur's net_h2) is marked correct beside it."""
    report = symbp.check(symbp.example("mazur"), {"z_0^1": text, "z_1^1": "0.3925"})
    [unread] = json.loads(report.to_json())["not_read"]
    assert (unread["name"], unread["text"]) == ("z_0^1", f'"{text}"') and unread["reason"].startswith("expected a number")
    assert (report.statuses["z_0^1"], report.statuses["z_1^1"], report.exit_code) == ("missing", "correct", 1)
    assert parsed(question, text)[0] == pl_message("format_not_a_number").format(
        example="0.2984", negative="-1.25", exponent="1.5e-3")
