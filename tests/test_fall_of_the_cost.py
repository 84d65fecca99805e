"""The fall of the cost as a reader sees it (the print hunter's MEDIUM of stop 56): an exact key's summary
printed "L − L⟨2⟩ ≈ 0.00837", the difference of the two printed costs 0.02560 − 0.01723, where the cost
fell by 0.0083780 — 0.00838 to three digits.  Read back from the printed text and recomputed here: the
worked sentence's "by" is the difference of the costs it prints, its "exact:" note and the summary's value
are the true fall (answers.json's exact costs, as Decimals) rounded to the digits they show."""
from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from helpers import cli_runner
from symbp.cli import main

_SENTENCE = re.compile(r"The cost (fell|rose) from \$(\\approx )?(?P<before>[-\d.]+)\$ to \$(\\approx )?(?P<after>[-\d.]+)\$ "
                       r"\(by \$(?P<rel>\\approx )?(?P<by>[-\d.]+)\$(?:; exact: \$(?P<erel>\\approx )?(?P<exact>[-\d.]+)\$)?\)")
_SUMMARY = re.compile(r"\\summary(?:entry|exact)\{L - L\^\{\\langle \d+\\rangle\}\}\{(?P<rel>=|\\approx)\}\{(?P<text>[-\d.]+)\}"
                      r"(?:\{[^$]*\$(?:\\approx )?(?P<exact>[-\d.]+)\$\})?")


def _rounded(value: Decimal, like: str) -> Decimal:
    """`value` rounded (half away from zero, the README's rule) to the significant digits `like` shows."""
    digits = len(like.lstrip("-").replace(".", "").lstrip("0"))
    exponent = value.adjusted() - digits + 1
    return value.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


def _true_fall(variant: dict) -> Decimal:
    steps = [name for name in variant["exact"] if re.fullmatch(r"L@\d+", name)]
    final = max(steps, key=lambda name: int(name[2:]))
    return Decimal(variant["exact"]["L"]) - Decimal(variant["exact"][final])


@pytest.mark.parametrize("example, seed, key", [("softmax3", 2, "--exact-key"), ("softmax3", 2, None),
                                                ("mazur", 3, "--exact-key"), ("nn231", 5, "--exact-key"),
                                                ("momentum2", 1, "--exact-key"), ("batch3", 4, None)])
def test_the_fall_is_the_true_one_where_it_says_so(tmp_path, example, seed, key):
    out = tmp_path / "ws"
    result = cli_runner().invoke(main, ["worksheet", "--example", example, "-n", "4", "--seed", str(seed), "--out", str(out),
                                        *([key] if key else [])])
    assert result.exit_code == 0, result.output
    variants = json.loads((out / "answers.json").read_text(encoding="utf-8"))["variants"]
    text = (out / "answer-key.tex").read_text(encoding="utf-8")
    sentences, summaries = list(_SENTENCE.finditer(text)), list(_SUMMARY.finditer(text))
    assert len(sentences) == len(summaries) == len(variants)
    noted = 0
    for variant, sentence, summary in zip(variants, sentences, summaries):
        fall = _true_fall(variant)
        sign = 1 if sentence.group(1) == "fell" else -1
        by = Decimal(sentence["by"])
        assert not sentence["rel"] and by == sign * (Decimal(sentence["before"]) - Decimal(sentence["after"]))
        if key is None:  # a carried key's costs are the carried ones: its fall is theirs, a note the exact one
            assert summary["text"] == sentence["by"] and summary["exact"] == sentence["exact"]
            if sentence["exact"]:
                assert _rounded(sign * fall, sentence["exact"]) == Decimal(sentence["exact"])
            continue
        if sentence["exact"]:
            noted += 1
            assert _rounded(sign * fall, sentence["exact"]) == Decimal(sentence["exact"])
            assert (summary["rel"], summary["text"]) == ("\\approx", sentence["exact"])
        else:  # the printed difference is the true fall to its digits
            assert _rounded(sign * fall, sentence["by"]) == by
            assert summary["text"] == sentence["by"]
            assert (summary["rel"] == "=") == (sign * fall == by)
        assert _rounded(sign * fall, summary["text"]) == Decimal(summary["text"])
    if (example, seed, key) == ("softmax3", 2, "--exact-key"):
        assert noted >= 1  # (the hunter's variant 1: 0.00837 printed, 0.008378 true)
