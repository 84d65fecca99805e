"""A standard stream the shell closed (`<&-`, `>&-`, `2>&-`) ends a run with exit 2 and, where stderr is
open, a line saying which — not "internal error" (exit 70), and not exit 1 ("a value marked wrong")
because the refusal could not be printed (a hostile tester's finding)."""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import REPO


def _symbp(args, closing, tmp_path):
    def close():
        if closing == "stderr unwritable":  # bash's 2>&- under a launcher script: fd 2 reused, read-only
            os.dup2(os.open(sys.executable, os.O_RDONLY), 2)
        else:
            os.close({"stdin": 0, "stdout": 1}[closing])
    return subprocess.run([sys.executable, "-m", "symbp", *args], stdin=subprocess.DEVNULL if closing != "stdin" else None,
                          stdout=subprocess.PIPE if closing != "stdout" else None, stderr=subprocess.PIPE, text=True, preexec_fn=close, cwd=tmp_path, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def test_a_closed_stdin_is_said_to_be_closed(tmp_path):
    done = _symbp(["check", "--example", "nn231", "-"], "stdin", tmp_path)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == "symbp: stdin: cannot read standard input: standard input is closed", done.stderr


def test_a_closed_stdout_is_exit_2_with_its_reason(tmp_path):
    for args in (["derive", "--example", "nn231"], ["check", "--example", "nn231",
                                                     str(REPO / "examples" / "nn231-reference-answers.toml")]):
        done = _symbp(args, "stdout", tmp_path)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.strip() == "symbp: cannot write the output: standard output is closed", done.stderr
        assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


def test_an_unwritable_stderr_keeps_the_exit_code_of_bad_input(tmp_path):
    done = _symbp(["check", "--example", "nn231", str(tmp_path / "none.toml")], "stderr unwritable", tmp_path)
    assert done.returncode == 2  # (no such file: bad input), not 1
