"""The worked solution's compiled line programs and number shortcuts give what the plain way gives.

- a line printed by its compiled program (render/line_program.py), with the rows it makes where they
  are surely one row, against the same line's rows packed piece by piece with every join measured
  (rows._packed), over worksheets of several architectures, locales and digit settings;
- the caches those use (number texts and widths per Shown, skeletons and programs per format and
  locale, the textbook δ per form) do not confuse architectures, locales or digits met in one
  process: a worked solution printed after others equals the one a fresh process prints;
- an mpf rounded in integers (numbers._rounded_ratio) against its decimal rounded half up, written
  here from mpmath's nstr and Decimal, near ties and powers of ten included.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import pytest

from symbp.render import blocks, rows
from symbp.resources import example_path
from symbp.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent


def _worksheet():
    import symbp.worksheet  # noqa: F401 (the package's name `worksheet` is its command's function)

    return sys.modules["symbp.worksheet"]


def _own(rows_: list[dict]) -> list[dict]:
    """A line's rows without what their block sets (blocks.block, line_block): separators, the first row's
    mark and the block's text (tests/test_block_text.py), an empty note."""
    return [{k: v for k, v in row.items() if k not in ("sep", "first", "head", "tail", "pieces") and not (k == "note" and v is None)}
            for row in rows_]


def _plain_rows(line: dict) -> list[dict]:
    """blocks.line_rows written out with every piece packed and every join measured (rows._packed)."""
    pieces = [("=", line[key]) for key in ("chain", "unsimplified", "symbolic", "substituted") if line.get(key)]
    pieces.append((rows.sign_of(line["approx"]), line["result"]))
    room = rows.LINE_CM
    if line.get("exact") or line.get("mark"):
        room -= (blocks.NOTE_CM + rows.math_width_cm(line["exact"]["text"]) if line.get("exact") else 0) + \
                (blocks.MARK_CM if line.get("mark") else 0)
    out = rows._packed(rows._Packing(line["lhs"], room), pieces).rows
    out[-1]["last"] = True
    out[-1]["note"] = {"line": line}
    if line.get("exact") or line.get("mark"):  # (its note printed beside it: blocks.noted)
        out[-1]["noted"] = True
    return out


@pytest.mark.parametrize("example, options", [("nn231", {}), ("mazur", {"locale": "de"}), ("batch3", {"digits": 3}),
                                              ("softmax3", {}), ("nobias", {"detail": "neuron"})])
def test_rows_made_by_a_line_program_are_the_plainly_packed_rows(example, options, monkeypatch):
    from symbp.i18n import use

    worksheet = _worksheet()

    made, compared, noted, joined = [], [], [], []
    original, original_block = blocks.line_rows, blocks.line_block

    def checked(line, room=rows.LINE_CM):
        if "rows" in line:
            made.append(line["name"])
            if line.get("exact"):  # (in the room its note leaves it)
                noted.append(line["name"])
        got = original(line, room)
        compared.append(line["name"])
        assert _own(got) == _plain_rows(line), line["name"]
        return got

    def checked_block(items):
        """blocks.line_block: each line's rows (taken from its program, or line_rows's) the plainly packed
        ones, and the block's text what `_joined` makes of its rows."""
        expected = {id(item): _plain_rows(item) for item in items if type(item) is dict}
        made.extend(item["name"] for item in items if type(item) is dict and "rows" in item)
        got = original_block(items)
        derivation = []
        for row in got:
            derivation.append(row)
            if row.get("last"):
                line = (row.get("note") or {}).get("line")
                if line is not None and id(line) in expected:
                    compared.append(line["name"])
                    assert _own(derivation) == expected[id(line)], line["name"]
                derivation = []
        if got and "tail" in got[0]:
            joined.append(got[0]["head"] + got[0]["tail"])
            again = [{k: v for k, v in row.items() if k not in ("head", "tail", "pieces")} for row in got]
            blocks._joined(again)
            assert again[0]["head"] + again[0]["tail"] == joined[-1]
        return got

    from symbp.render import worked_backward, worked_forward, worked_updates

    monkeypatch.setattr(blocks, "line_rows", checked)
    for module in (worked_forward, worked_backward, worked_updates):
        monkeypatch.setattr(module, "line_block", checked_block)
    monkeypatch.setattr(worked_backward, "line_rows", checked)
    sheet_options = worksheet.SheetOptions(**{k: v for k, v in options.items() if k != "locale"})
    with use(options.get("locale", "en")):
        worksheet.build_worksheet(load_spec(example_path(example)), 4, 3, sheet_options)
    assert compared and made  # the programs made rows, and each equals the plain packing
    assert joined or options.get("detail") == "matrix"  # (blocks of lines joined to their text)
    if example == "mazur":  # sigmoid: carried values differ from the exact ones, noted beside their lines
        assert noted


def _derive_tex(args: list[str]) -> str:
    from click.testing import CliRunner

    from symbp.cli import main

    result = CliRunner().invoke(main, ["derive", *args, "-f", "tex"])
    assert result.exit_code == 0, result.output
    return result.output


def test_caches_do_not_confuse_architectures_locales_or_digits_in_one_process():
    """Worked solutions printed one after another in this process (two architectures, two locales, two
    digit settings, a worksheet's variants in between, which compile the line programs) equal the ones
    a fresh process prints for each."""
    worksheet = _worksheet()
    runs = [["--example", "nn231"], ["--example", "nn231", "--locale", "de"], ["--example", "nn231", "--digits", "3"],
            ["--example", "mazur", "--round-intermediate"], ["--example", "nobias", "--locale", "fr"]]
    for example in ("nn231", "mazur", "nobias"):
        worksheet.build_worksheet(load_spec(example_path(example)), 3, 5)
    here = [_derive_tex(args) for args in runs]
    here_again = [_derive_tex(args) for args in reversed(runs)][::-1]
    assert here == here_again
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for args, text in zip(runs, here):
        fresh = subprocess.run([sys.executable, "-m", "symbp", "derive", *args, "-f", "tex"], capture_output=True,
                               text=True, env=env, cwd=ROOT, check=True).stdout
        assert text == fresh, args
    assert r"{,}" in here[1] and r"{,}" not in here[0]  # the decimal comma of German, not carried over


def _decimal_rounded(value, digits: int) -> Fraction:
    """An mpf rounded as numbers.py's rule says, written out here: its decimal to its context's
    precision less 10 digits (mpmath.nstr), then half up to `digits` significant digits."""
    import mpmath

    dec = Decimal(mpmath.nstr(value, value.context.dps - 10, min_fixed=-1000, max_fixed=1000, strip_zeros=True))
    if dec == 0:
        return Fraction(0)
    with localcontext() as ctx:
        ctx.prec = 300
        return Fraction(dec.quantize(Decimal(1).scaleb(dec.adjusted() - digits + 1), rounding=ROUND_HALF_UP))


def test_an_mpf_rounded_in_integers_rounds_as_its_decimal():
    import mpmath

    from symbp.numbers import _rounded_ratio, format_decimal, round_significant

    rng = random.Random(17)
    fast = 0
    for dps in (15, 30, 60):
        ctx = mpmath.MPContext()
        ctx.dps = dps
        for _ in range(1_500):
            digits = rng.randint(1, 12)
            kind = rng.random()
            if kind < 0.4:
                value = ctx.exp(ctx.mpf(rng.uniform(-25, 25))) * rng.choice([1, -1])
            elif kind < 0.8:  # a decimal tie, and a tie off by binary noise at the last digits
                m, e = rng.randint(10**(digits - 1), 10**digits - 1), rng.randint(-6, 6)
                tie = ctx.mpf(2 * m + 1) / 2 * ctx.mpf(10) ** (e - digits + 1)
                value = tie * (1 + rng.choice([0, 1, -1]) * ctx.mpf(10) ** -rng.randint(dps - 13, dps + 2))
            else:  # beside a power of ten
                value = ctx.mpf(10) ** rng.randint(-6, 6) * (1 + rng.choice([1, -1]) * ctx.mpf(10) ** -rng.randint(1, dps))
            expected = _decimal_rounded(value, digits)
            assert round_significant(value, digits) == expected, (value, digits)
            assert format_decimal(value, digits).value == expected
            fast += _rounded_ratio(value, digits) is not None
    assert fast > 1_000  # (the integer way is taken, away from ties)
