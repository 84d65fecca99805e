"""The golden outputs that differ from a base commit, re-read by tests/linecheck.py (its own parser and
arithmetic: every line of a text output recomputed from its printed numbers, its result and relation
sign), with the Markdown and LaTeX carrying the text's relation signs and numbers where they did at
the base; a changed output may differ from the base only in its numbers, relation signs and layout.
Prints per text output its digits in all, the most of one number and the numbers of 8 or more digits,
base -> now.

    PYTHONPATH=$PWD python benchmarks/recheck_changed_goldens.py [BASE (default f36c72e)]
"""

from __future__ import annotations

import re
import subprocess
import sys

sys.path.insert(0, "tests")
from linecheck import check_text, relation_sequence  # noqa: E402


def at_base(base: str, path: str) -> str:
    return subprocess.run(["git", "show", f"{base}:{path}"], capture_output=True, text=True).stdout


def shape(text: str) -> str:
    """The text without its numbers, relation signs and layout (spaces, row breaks, alignment)."""
    text = re.sub(r"[−-]?\d+(\.\d+)?", "#", text).replace("\\approx", "~").replace("≈", "~").replace("=", "~")
    return re.sub(r"\s+|\\\\\*?|&|\\qquad", "", text)


def significant(numbers: str) -> list[int]:
    return [len(number.replace(".", "").lstrip("0")) for number in re.findall(r"\d+\.\d+", numbers)]


def main() -> None:
    base = sys.argv[1] if len(sys.argv) > 1 else "f36c72e"
    changed = subprocess.run(["git", "diff", "--name-only", base, "--", "tests/golden/out"],
                             capture_output=True, text=True).stdout.split()
    problems = 0
    for path in changed:
        new, old = open(path, encoding="utf-8").read(), at_base(base, path)
        if shape(old) != shape(new):
            print("more than numbers and layout differ:", path)
            problems += 1
        if not path.endswith(".txt"):
            continue
        violations, reader = check_text(new)
        problems += bool(violations)
        for fmt in ("md", "tex"):
            other = path[:-3] + fmt
            agreed = relation_sequence(at_base(base, other), fmt) == relation_sequence(old, "text")
            if agreed and relation_sequence(open(other, encoding="utf-8").read(), fmt) != relation_sequence(new, "text"):
                print("the formats no longer agree:", other)
                problems += 1
        before, after = significant(old), significant(new)
        print(f"{path}: {reader.lines_checked} lines re-read, {len(violations)} violations; digits {sum(before)} -> "
              f"{sum(after)}, most {max(before)} -> {max(after)}, numbers of 8+ digits "
              f"{sum([d >= 8 for d in before])} -> {sum([d >= 8 for d in after])}")
    print(f"{len(changed)} changed outputs, {problems} problems")


if __name__ == "__main__":
    main()
