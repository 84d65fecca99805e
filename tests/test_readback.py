"""The run-time reader of the printed text (render/readback.py): a printer that puts a line's numbers
in the wrong places, or a sign the numbers do not give, stops the run with exit 3 — though the line's
record (what recheck re-evaluates) is right.

The mutants change only the text: the hole mapping of Lines._filled_line (a line printed the first
time) and of line_program (the compiled line, from its second printing: a worksheet's later variants).
"""

from __future__ import annotations

import pytest
from helpers import cli_runner

import symbp.render.lines as lines_module
import symbp.render.worked as worked
from symbp.cli import main


def _shifted(holes):
    """Each hole filled with the next one's number (z = 1·(−0.4) + 2·0.1 + 0.2)."""
    return holes[1:] + holes[:1] if holes and len(holes) > 1 else holes


def _swapped(holes):
    """The first two holes exchanged: w·a printed as a·w — the same value."""
    return (holes[1], holes[0]) + tuple(holes[2:]) if holes and len(holes) > 1 else holes


@pytest.fixture
def fresh(monkeypatch):
    """Caches of skeletons, line programs and planned lines of this process set aside (restored after)."""
    monkeypatch.setattr(lines_module, "_SKELETONS", {})
    monkeypatch.setattr(worked, "_PLANNED_LINES", {})
    return monkeypatch


def _filled_mutant(monkeypatch, mapping):
    original = lines_module.Lines._filled_line

    def filled(self, q, relation, found, parts, holes, measured):
        return original(self, q, relation, found, parts, mapping(holes), measured)
    monkeypatch.setattr(lines_module.Lines, "_filled_line", filled)


def _program_mutant(monkeypatch, mapping):
    original = lines_module.line_program

    def program(relation, found, parts, holes, measured, fmt):
        return original(relation, found, parts, mapping(holes), measured, fmt)
    monkeypatch.setattr(lines_module, "line_program", program)


def _run(*argv):
    return cli_runner().invoke(main, [str(a) for a in argv])


@pytest.mark.parametrize("fmt", ["tex", "md"])
@pytest.mark.parametrize("mapping", [_shifted, _swapped])
def test_filled_line_mutant_stops_derive(fresh, tmp_path, fmt, mapping):
    _filled_mutant(fresh, mapping)
    out = tmp_path / f"s.{fmt}"
    result = _run("derive", "--example", "nn231", "--format", fmt, "-o", out)
    assert result.exit_code == 3, result.output
    assert "printed text of line" in result.stderr and "puts in" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("mapping", [_shifted, _swapped])
def test_line_program_mutant_stops_a_worksheets_later_variants(fresh, tmp_path, mapping):
    _program_mutant(fresh, mapping)
    result = _run("worksheet", "--example", "nn231", "--variants", "3", "--seed", "4", "-o", tmp_path / "ws")
    assert result.exit_code == 3, result.output
    assert "printed text of line" in result.stderr
    assert not (tmp_path / "ws" / "answer-key.tex").exists()


def test_unmutated_worksheet_and_derive_pass(fresh, tmp_path):
    assert _run("worksheet", "--example", "mazur", "--variants", "3", "--seed", "4", "-o", tmp_path / "ws").exit_code == 0
    for fmt in ("text", "tex", "md"):
        assert _run("derive", "--example", "softmax3", "--format", fmt, "-o", tmp_path / f"s.{fmt}").exit_code == 0


def test_an_equals_sign_where_only_approx_holds_is_caught(fresh, tmp_path):
    """Record and text both say "=" where the numbers give the result only rounded (σ): recheck set
    aside, the reader finds it from the text."""
    import symbp.render.plan as plan

    fresh.setattr(plan.DisplayPlan, "sign", lambda self, relation, result, inputs: False)
    fresh.setattr(worked, "recheck", lambda printed, spec: len(printed))
    result = _run("derive", "--example", "mazur", "--format", "text", "-o", tmp_path / "s.txt")
    assert result.exit_code == 3, result.output
    assert "does not follow from the numbers printed in it" in result.stderr


def test_reader_works_out_a_line_by_hand():
    """The reader's own reading of printed texts, against values worked out here by hand."""
    from symbp.render.readback_numbers import pair
    from symbp.render.readback_read import reading

    found, numbers = reading(r"0.2 \cdot 1 + (-0.4) \cdot 2 + 0.1")
    assert numbers == ["0.2", "1", "0.4", "2", "0.1"]
    n, d = found.value([pair(t) for t in numbers], None)
    assert n * 10 == -5 * d  # 0.2 − 0.8 + 0.1 = −0.5
    found, numbers = reading("1/2·(1.5 − 0.612)²")
    n, d = found.value([pair(t) for t in numbers], None)
    assert n * 1000000 == 394272 * d  # 0.888² / 2 = 0.394272
    found, numbers = reading(r"\frac{1}{2} \cdot (1{,}5 - 0{,}5)^{2}")
    n, d = found.value([pair(t) for t in numbers], None)
    assert 2 * n == d
    found, numbers = reading(r"\sigma(0)")
    assert not found.exact and found.value([pair(t) for t in numbers], None) == pytest.approx(0.5)
    assert reading(r"w^{1}_{00} \cdot a^{0}_{0}") is None  # symbols: not a numeric piece


def test_a_vector_derivation_is_worked_out_from_its_text():
    """nn231's δ^1 in matrix form, worked by hand: (−0.6, 0.9, −0.3)·(−1) = (0.6, −0.9, 0.3); ⊙ (0, 1, 1)
    gives (0, −0.9, 0.3).  A wrong entry, or an entry of a product changed, is caught."""
    from symbp.errors import VerificationError
    from symbp.render.readback_blocks import read_block

    column = r"\begin{bmatrix}%s \\ %s \\ %s\end{bmatrix}"
    product = r"\left(" + column % ("-0.6", "0.9", "-0.3") + r" \begin{bmatrix}-1\end{bmatrix}\right) \odot " + column % (0, 1, 1)
    right = column % ("0.6", "-0.9", "0.3") + r" \odot " + column % (0, 1, 1)
    assert read_block([("", product), ("=", right), ("=", column % (0, "-0.9", "0.3"))], None) == 3
    with pytest.raises(VerificationError):
        read_block([("", product), ("=", right), ("=", column % (0, "-0.9", "0.4"))], None)
    with pytest.raises(VerificationError):
        read_block([("", product.replace("0.9", "0.8")), ("=", right)], None)
    rounded = column % ("0.6", "-0.9", "0.3") + r" \odot " + column % (0, 1, 1)
    wide = r"\left(" + column % ("-0.6", "0.9", "-0.3") + r" \begin{bmatrix}-1.04\end{bmatrix}\right) \odot " + column % (0, 1, 1)
    assert read_block([("", wide), (r"\approx", rounded)], None) == 2  # 0.624 ≈ 0.6, −0.936 ≈ −0.9, 0.312 ≈ 0.3
    with pytest.raises(VerificationError):
        read_block([("", wide), ("=", rounded)], None)  # not "="


def test_a_cost_change_written_wrong_is_caught(fresh, tmp_path):
    """nn231: L = 0.5, L@2 = 0.006272, so the cost fell by 0.493728 exactly; written as 0.493727 the
    sentence no longer follows from the two printed costs."""
    original = worked.cost_change

    def wrong(solution, lines, final_t):
        out = original(solution, lines, final_t)
        assert out["fall"] == "0.493728"
        return dict(out, fall="0.493727")
    fresh.setattr(worked, "cost_change", wrong)
    result = _run("derive", "--example", "nn231", "--format", "text", "-o", tmp_path / "s.txt")
    assert result.exit_code == 3, result.output
    assert "difference of the two printed costs" in result.stderr


@pytest.mark.parametrize("example", ["nn231", "batch3", "steps3", "adam1", "softmax3"])
def test_the_parts_passed_over_hold_no_printed_line(fresh, tmp_path, example):
    """The reader does not enter the parts it lists as holding no line (readback._UNLINED, "given"
    among them): walking "given" too reads exactly the same lines, in every format."""
    import symbp.render.readback as readback

    seen = []
    original = worked.read_back

    def kept(context, printed, spec, fmt):
        seen.append((context, printed, spec, fmt))
        return original(context, printed, spec, fmt)
    fresh.setattr(worked, "read_back", kept)
    for fmt in ("text", "tex", "md"):
        assert _run("derive", "--example", example, "--format", fmt, "-o", tmp_path / f"s.{fmt}").exit_code == 0
    assert seen
    counts = [original(*args) for args in seen]
    fresh.setattr(readback, "_UNLINED", readback._UNLINED - {"given"})
    assert [original(*args) for args in seen] == counts
    assert all(count > 0 for count in counts)


@pytest.mark.parametrize("fmt", ["text", "tex"])
def test_a_local_derivative_line_written_wrong_is_caught(fresh, tmp_path, fmt):
    """nn231: z_0^2 = 0.5, so ReLU'(z_0^2) = ReLU'(0.5) = 1 (by hand). Printed "= 0", the f'(z) line's
    result is not the one recorded for it (its record's name: local:da_0^2/dz_0^2), in plain text as in
    LaTeX (plain text used to skip these lines and write the file; they used to carry no record name
    and were only worked out from their own text)."""
    original = worked._context

    def wrong(*args, **kwargs):
        lines, context = original(*args, **kwargs)
        changed = []

        def walk(item):
            if type(item) is dict:
                if item.get("substituted") in ("ReLU'(0.5)", r"\operatorname{ReLU}'(0.5)") and item.get("result") == "1":
                    item["result"] = "0"
                    changed.append(item)
                for row in (item.get("block"), *(item.get("blocks") or ())):
                    for r in row or ():
                        if r.get("body", "").endswith(r"\operatorname{ReLU}'(0.5) = 1"):
                            r["body"] = r["body"][:-1] + "0"
                            changed.append(r)
                for value in item.values():
                    walk(value)
            elif type(item) is list:
                for value in item:
                    walk(value)
        walk(context)
        assert changed
        return lines, context
    fresh.setattr(worked, "_context", wrong)
    result = _run("derive", "--example", "nn231", "--format", fmt, "-o", tmp_path / f"s.{fmt}")
    assert result.exit_code == 3, result.output
    assert "line local:da_0^2/dz_0^2 = 0 is not the number recorded for it" in result.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("fmt,old,new", [
    ("tex", r"= (-0.3) \cdot (-1) \cdot 1 = 0.3", r"= 0.3 \cdot 1 \cdot 1 = 0.3"),
    ("text", "(−0.3)·(−1)·1", "0.3·1·1"),
])
def test_two_signs_dropped_in_one_product_are_caught(fresh, tmp_path, fmt, old, new):
    """nn231 by hand: δ_2^1 = w_02^2·δ_0^2·ReLU'(z_2^1) = (−0.3)·(−1)·1 = 0.3.  Printed 0.3·1·1 the
    value is the same and every number's size is the recorded one (a reviewer's mutant passed):
    a negative input written without a minus is caught."""
    changed = _context_replacing(fresh, old, new)
    result = _run("derive", "--example", "nn231", "--format", fmt, "-o", tmp_path / f"s.{fmt}")
    assert changed and result.exit_code == 3, result.output
    assert "without a minus" in result.stderr
    assert not (tmp_path / f"s.{fmt}").exists()


def _context_replacing(monkeypatch, old: str, new: str) -> list:
    """worked._context made to put `new` wherever a string of the context holds `old`; the keys changed
    (filled as it runs)."""
    original = worked._context
    changed = []

    def wrong(*args, **kwargs):
        lines, context = original(*args, **kwargs)
        changed.extend(_replaced_in_context(context, old, new))
        return lines, context
    monkeypatch.setattr(worked, "_context", wrong)
    return changed


def _replaced_in_context(context, old: str, new: str) -> list:
    """Every string of the context holding `old`, with `new` in its place; the keys changed."""
    changed = []

    def walk(item):
        if isinstance(item, dict):
            for key, value in list(item.items()):
                if type(value) is str and old in value:
                    item[key] = value.replace(old, new)
                    changed.append(key)
                else:
                    walk(value)
        elif isinstance(item, (list, tuple)):
            for value in item:
                walk(value)
    walk(context)
    return changed


@pytest.mark.parametrize("fmt,old,new", [
    ("tex", r"\operatorname{ReLU}'(0.5)", r"\operatorname{ReLU}'(1.1)"),
    ("text", "ReLU'(0.5)", "ReLU'(1.1)"),
])
def test_an_f_prime_line_puts_in_the_value_printed_before(fresh, tmp_path, fmt, old, new):
    """nn231 by hand: z_0^2 = (−0.6)·0 + 0.9·1.1 + (−0.3)·1.8 + 0.05 = 0.5, printed "z_0^2 = … = 0.5";
    so its f'(z) line is ReLU'(0.5) = 1.  A printer that puts 1.1 there, in the text and in the line's
    record alike (ReLU'(1.1) = 1 still holds, so the line agrees with itself and recheck passes), puts
    in a number other than the one printed for z_0^2: the reader compares it with that line."""
    from symbp.numbers import Shown

    original = worked._context
    changed = []

    def wrong(*args, **kwargs):
        lines, context = original(*args, **kwargs)
        changed.extend(_replaced_in_context(context, old, new))
        for i, line in enumerate(lines.printed):
            if line.result == "local:da_0^2/dz_0^2":
                assert line.numbers["z_0^2"].text == "0.5"
                lines.printed[i] = line._replace(numbers={"z_0^2": Shown("1.1", False)})
        return lines, context
    fresh.setattr(worked, "_context", wrong)
    result = _run("derive", "--example", "nn231", "--format", fmt, "-o", tmp_path / f"s.{fmt}")
    assert changed and result.exit_code == 3, result.output
    assert "local:da_0^2/dz_0^2" in result.stderr and "other than the one printed for z_0^2 (0.5)" in result.stderr
    assert not (tmp_path / f"s.{fmt}").exists()


@pytest.mark.parametrize("old,new,why", [
    (r"= (-0.3) \cdot (-1) \cdot 1 = 0.3", r"= 0.3 \cdot 1 \cdot 1 = 0.3", "without a minus"),
    (r"= (-0.3) \cdot (-1) \cdot 1 = 0.3", r"= (-0.3) \cdot (-1) \cdot 1 = 0.4", "not the number recorded"),
    (r"= 0.2 \cdot 1 + (-0.4) \cdot 2 + 0.1 = -0.5", r"= 0.2 \cdot 1 + (-0.4) \cdot 2 + 0.1 = -0.6", "not the number recorded"),
])
def test_a_line_read_by_its_learned_program_is_still_checked(fresh, tmp_path, old, new, why):
    """The second reading of a solution goes through the programs learned from the first
    (readback_lines.py); a line changed the second time is caught all the same (nn231 by hand:
    δ_2^1 = (−0.3)·(−1)·1 = 0.3, z_0^1 = 0.2·1 + (−0.4)·2 + 0.1 = −0.5)."""
    assert _run("derive", "--example", "nn231", "--format", "tex", "-o", tmp_path / "first.tex").exit_code == 0
    changed = _context_replacing(fresh, old, new)
    result = _run("derive", "--example", "nn231", "--format", "tex", "-o", tmp_path / "s.tex")
    assert changed and result.exit_code == 3, result.output
    assert why in result.stderr
    assert not (tmp_path / "s.tex").exists()


@pytest.mark.parametrize("fmt,old,new", [
    ("text", "ReLU(0.5)", "ReLU 0.5"),
    ("text", "ReLU(0.5)", "ReLU 1.1"),
    ("tex", r"\operatorname{ReLU}(0.5)", r"\operatorname{ReLU}(0.5"),
    ("md", r"\operatorname{ReLU}(0.5)", r"\operatorname{ReLU}-0.5"),
])
def test_a_garbled_substituted_text_is_not_taken_for_a_symbolic_one(fresh, tmp_path, fmt, old, new):
    """nn231 by hand: z_0^2 = 0.5, so a_0^2 = ReLU(z_0^2) = ReLU(0.5) = 0.5.  Printed with its brackets
    lost or unbalanced (and even its number changed: ReLU 1.1), the substituted text is no expression the
    reader can work out; it used to be passed over as a symbolic piece (∂L/∂b = δ = …: the result alone
    read) and the file written.  Only the printer's own signs and numbers are in it: exit 3."""
    changed = _context_replacing(fresh, old, new)
    result = _run("derive", "--example", "nn231", "--format", fmt, "-o", tmp_path / f"s.{fmt}")
    assert changed and result.exit_code == 3, result.output
    assert "line a_0^2" in result.stderr and "no expression of its numbers" in result.stderr
    assert not (tmp_path / f"s.{fmt}").exists()


@pytest.mark.parametrize("example", ["nn231", "mazur"])
def test_a_line_read_by_program_compiles_no_reader_per_sign_pattern(monkeypatch, example):
    """A typeset line's program is learned per shape (its text without digits), and a shape changes
    with its numbers' signs (`(-0.4)` for −0.4, `0.4` for 0.4).  The compiled code must not: lines
    whose shapes differ only in minus signs and brackets share one compiled maker (the signs are
    its arguments), so a sheet compiles at most one per such shape of a formula's line (it compiled
    one per sign pattern: ~0.7 ms each, ~100 in a first sheet of 40 variants)."""
    import symbp.render.readback as readback
    import symbp.render.readback_lines as readback_lines
    from symbp.resources import example_path
    from symbp.spec import load_spec
    from symbp.worksheet import build_worksheet

    monkeypatch.setenv("SYMBP_WORKERS", "1")
    fresh = {}  # (readback.py reads the programs through its own name for the dict: both names see this one,
    # else the programs an earlier test of this process learned are read and none is learned here)
    monkeypatch.setattr(readback_lines, "PROGRAMS", fresh)
    monkeypatch.setattr(readback, "PROGRAMS", fresh)
    monkeypatch.setattr(readback_lines, "_MAKERS", {})
    build_worksheet(load_spec(example_path(example)), 40, 5)
    unsigned = {(text.translate(None, b"-()"), formula) for text, formula in readback_lines.PROGRAMS}
    assert readback_lines.PROGRAMS and len(readback_lines._MAKERS) <= len(unsigned)


def test_a_line_programs_sign_test_refuses_a_number_that_is_no_plain_decimal(monkeypatch):
    """A line program reads each record's sign as `text < "0"` (readback_lines.learn): a record's number
    that is no plain decimal ("+0.4", "") passes as negative, and is refused all the same — the text
    filled with it, `(-+0.4)` where `(-0.4)` was printed, is not read as its line by the program (P
    refuses it; the general reading decides)."""
    import symbp.render.readback as readback
    import symbp.render.readback_lines as readback_lines
    from symbp.numbers import Shown
    from symbp.resources import example_path
    from symbp.spec import load_spec
    from symbp.worksheet import build_worksheet

    monkeypatch.setenv("SYMBP_WORKERS", "1")
    programs: dict = {}
    monkeypatch.setattr(readback_lines, "PROGRAMS", programs)
    monkeypatch.setattr(readback, "PROGRAMS", programs)
    captured, real = [], worked.read_back
    monkeypatch.setattr(worked, "read_back", lambda *args: captured.append(args) or real(*args))
    build_worksheet(load_spec(example_path("nn231")), 1, 5)  # (its lines teach their shapes' programs)
    calls = []

    def recording(program):
        return lambda *args: calls.append((program, *args)) or program(*args)
    for key, (formula, program) in list(programs.items()):
        programs[key] = (formula, recording(program))
    real(*captured[-1])
    tried = 0
    for program, text, record, slope, follows in calls:
        assert program(text, record, slope, follows) is True
        for name, number in record.numbers.items():
            printed = f"(-{number.text[1:]})"
            if number.text[:1] != "-" or text.count(printed) != 1:
                continue
            for wrong in ("+" + number.text[1:], ""):
                planted = record._replace(numbers={**record.numbers, name: Shown(wrong, False)})
                assert program(text.replace(printed, f"(-{wrong.lstrip('-')})"), planted, slope, follows) is False
                tried += 1
    assert tried >= 10
