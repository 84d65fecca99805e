"""A course template printing 60 M characters of numbers: the read-back of its numbers kept every one
of them (30 M strings, 1.5 GB; stop 66's first hostile tester) — now a piece at a time."""
from __future__ import annotations

import subprocess
import sys

from helpers import REPO

from symbp.render import course_numbers
from symbp.render.course_reading import numbers

_LIMITED = ("import resource, sys, runpy\n"
            "resource.setrlimit(resource.RLIMIT_AS, (1200 << 20, 1200 << 20))\n"
            "sys.argv = ['symbp'] + sys.argv[1:]\n"
            "runpy.run_module('symbp', run_name='__main__')\n")


def test_sixty_million_characters_of_numbers_are_read_back_in_bounded_memory(tmp_path):
    folder = tmp_path / "course" / "text"
    folder.mkdir(parents=True)
    (folder / "solution.txt.jinja").write_text(
        "<% for i in range(99999) %><% for j in range(200) %>10 <% endfor %><% endfor %>\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _LIMITED, "derive", "--example", "nn231", "--templates",
                           str(tmp_path / "course"), "-o", str(tmp_path / "out.txt")], capture_output=True, text=True,
                          cwd=tmp_path, timeout=240, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin",
                                                          "HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr[-500:]
    assert (tmp_path / "out.txt").stat().st_size > 50_000_000


def _reference(text: str, allowed: set) -> set:
    return set(numbers(text)) - allowed


def test_pieces_miss_no_number_a_boundary_would_cut(monkeypatch):
    monkeypatch.setattr(course_numbers, "_PIECE", 10)
    text = "aa 12 3456789 x 0.125e-3 77 1.5,2 9 " * 3 + "123456"
    allowed = {"12", "77", "9"}
    found = course_numbers._unknown(text, allowed, False)
    assert found is not None and _reference(text, allowed) <= found
    assert course_numbers._unknown("x " + "1" * 30 + " y", set(), False) is None  # a run longer than a piece
    monkeypatch.setattr(course_numbers, "_MAX_UNKNOWN", 3)
    assert course_numbers._unknown("1 2 3 4 5 6 7 8 9 10 11", set(), False) is None


def test_too_many_numbers_not_given_are_still_refused_one_at_a_time(tmp_path):
    from click.testing import CliRunner

    from symbp.cli import main

    folder = tmp_path / "course" / "text"
    folder.mkdir(parents=True)
    (folder / "solution.txt.jinja").write_text(
        "<% for i in range(99999) %>1<%= i %>1 <% endfor %>\n<%= 7 * 11 * 13 * 17 * 19 %>\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", "--example", "nn231", "--templates", str(tmp_path / "course")])
    assert result.exit_code == 2 and "prints the number" in result.output, result.output[-400:]
