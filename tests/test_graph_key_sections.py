"""A graph sheet asks two tasks (① forward, ② backward); its key's worked solution numbered its further sections
③ wires, ④ summary, ⑤ gradients as if they were tasks too (the stop-65 instructor tester, grading from the key):
in a key they are unnumbered; a worked solution (`symbp derive`) keeps its numbers."""

from __future__ import annotations

import re

import symbp


def test_the_key_numbers_only_the_sheets_tasks():
    sheet = symbp.worksheet(symbp.example("graph-fanout-max"), variants=2, seed=3)
    key, tasks = sheet.files["answer-key.tex"], sheet.files["worksheet.tex"]
    asked = set(re.findall(r"\\stepmark\{(\d+)\}", tasks.split("\\begin{document}")[1]))
    numbered = set(re.findall(r"\\subsection\*\{\\stepmark\{(\d+)\}", key))
    assert asked == {"1", "2"} and numbered == asked, (asked, numbered)
    assert key.count("\\subsection*{Wires}") == 2


def test_the_worked_solution_keeps_its_numbers():
    tex = symbp.derive(symbp.example("graph-fanout-max")).to("tex")
    assert set(re.findall(r"\\subsection\*\{\\stepmark\{(\d+)\}", tex)) == {"1", "2", "3", "4", "5"}
