"""Refusals that say what was probably meant (a new user's LOWs, stop 53): an optimizer's name in another
case, a decimal comma in a short list, a spec file's name mistyped.  Exit 2, one line."""

from __future__ import annotations

from click.testing import CliRunner

from symbp.cli import main
from symbp.resources import example_path


def _derive(path):
    result = CliRunner().invoke(main, ["derive", str(path)])
    assert result.exit_code == 2
    return result.output.strip().splitlines()[-1]


def test_an_optimizer_name_in_capitals(tmp_path):
    spec = tmp_path / "net.toml"
    spec.write_text(example_path("nn231").read_text(encoding="utf-8").replace(
        "[variants]", '[optimizer]\nname = "Momentum"\nbeta = 0.9\n\n[variants]'), encoding="utf-8")
    assert "unknown optimizer 'Momentum' (did you mean 'momentum'?)" in _derive(spec)


def test_a_decimal_comma_among_whole_numbers(tmp_path):
    spec = tmp_path / "net.toml"
    spec.write_text(example_path("nn231").read_text(encoding="utf-8").replace("input = [1, 2]", "input = [1, -0,5]"),
                    encoding="utf-8")
    assert _derive(spec).endswith("input: expected 2 numbers, got 3 (decimal commas? a spec writes 0.1, not 0,1)")


def test_three_whole_numbers_for_two_are_no_decimal_commas(tmp_path):
    spec = tmp_path / "net.toml"
    spec.write_text(example_path("nn231").read_text(encoding="utf-8").replace("input = [1, 2]", "input = [1, 2, 3]"),
                    encoding="utf-8")
    assert _derive(spec).endswith("input: expected 2 numbers, got 3")


def test_a_spec_file_name_mistyped(tmp_path):
    (tmp_path / "exam342.toml").write_text(example_path("nn231").read_text(encoding="utf-8"), encoding="utf-8")
    assert _derive(tmp_path / "exam342.tom").endswith("exam342.tom: no such file (expected a TOML spec file) "
                                                      "(did you mean 'exam342.toml'?)")
    assert _derive(tmp_path / "other.toml").endswith("other.toml: no such file (expected a TOML spec file)")


def test_a_quoted_decimal_comma_in_a_spec(tmp_path):
    """(stop 54) "0,2" quoted is a string no number reads: the refusal says what was probably meant."""
    spec = tmp_path / "net.toml"
    spec.write_text(example_path("nn231").read_text(encoding="utf-8").replace("input = [1, 2]", 'input = ["0,2", 2]')
                    .replace("learning_rate = 0.1", 'learning_rate = "-0,1"'), encoding="utf-8")
    assert _derive(spec).endswith('got "-0,1" (a decimal comma? a spec writes numbers with a point: -0.1)')
    spec.write_text(example_path("nn231").read_text(encoding="utf-8").replace("input = [1, 2]", 'input = ["0,2", 2]'),
                    encoding="utf-8")
    assert _derive(spec).endswith('input[0]: expected a number such as 0.5 or "1/3", got "0,2" (a decimal comma? '
                                  "a spec writes numbers with a point: 0.2)")
    spec.write_text(example_path("nn231").read_text(encoding="utf-8").replace("input = [1, 2]", 'input = ["x2", 2]'),
                    encoding="utf-8")
    assert _derive(spec).endswith('got "x2"')  # no comma: no hint


def test_first_variant_past_the_last_number(tmp_path):
    """(stop 54) --first-variant 995 -n 10 numbered variants up to 1004, past the 1,000 each option allows."""
    out = tmp_path / "fv"
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "10", "--first-variant", "995",
                                       "--seed", "1", "-o", str(out)])
    assert result.exit_code == 2 and not out.exists()
    assert result.output.strip().splitlines()[-1] == ("symbp: --first-variant: variants 995–1004 go past 1000, the most "
                                                      "a sheet numbers (at most 6 from 995 on: -n 6)")
    import symbp
    from symbp.errors import SpecError
    try:
        symbp.worksheet(symbp.example("nn231"), variants=10, seed=1, first_variant=995)
    except SpecError as error:
        assert str(error).endswith("(at most 6 from 995 on: variants=6)")
    else:
        raise AssertionError("variants past 1000 were made")
    fits = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "6", "--first-variant", "995",
                                     "--seed", "1", "-o", str(out)])
    assert fits.exit_code == 0, fits.output
