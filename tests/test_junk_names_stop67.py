"""An answers file of far more names than the exercise has quantities (stop 66's second hostile tester: 2 MB
of junk names took 16-38 s, each unknown name parsed and worded): refused naming the first ten, the rest
counted, not looked at."""
from __future__ import annotations

import re

from click.testing import CliRunner

from symbp.cli import main


def _check(tmp_path, lines: list[str]):
    path = tmp_path / "mine.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return CliRunner().invoke(main, ["check", "--example", "nn231", str(path)])


def test_thousands_of_junk_names_are_refused_naming_ten_and_counting_the_rest(tmp_path):
    lines = [f'"junk_{i}" = "0.5"' for i in range(3000)]
    result = _check(tmp_path, lines)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "junk_0: not a quantity" in result.output
    assert all(f"junk_{i}," in result.output or f"junk_{i};" in result.output for i in range(1, 10)), result.output
    assert "junk_10" not in result.output
    found = re.search(r"the file has (\d+) names, more than this exercise has quantities \((\d+)\): "
                      r"the (\d+) after these were not looked at", result.output)
    assert found and int(found[1]) == 3000 and int(found[3]) == 2990, result.output


def test_a_file_within_the_count_still_names_every_unknown_name(tmp_path):
    lines = ['"z_0^1" = "0.5"'] + [f'"junk_{i}" = "0.5"' for i in range(12)]
    result = _check(tmp_path, lines)
    assert result.exit_code == 2 and " and 2 more" in result.output and "not looked at" not in result.output, result.output
