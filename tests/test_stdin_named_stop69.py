"""A spec or answers file read from standard input is named "stdin" in a size refusal too, as in every other message
(stop 69's hostile tester: `symbp derive - </dev/zero` said "symbp: -: larger than …")."""

from __future__ import annotations

import subprocess

import pytest

from helpers import symbp_command


@pytest.mark.parametrize("args, what", [(["derive", "-"], "TOML spec file"),
                                        (["check", "--example", "nn231", "-"], "answers file")])
def test_a_too_large_stdin_is_named_stdin(args, what):
    done = subprocess.run(symbp_command() + args, input=b"#" * 2_100_000, capture_output=True, timeout=120)
    stderr = done.stderr.decode()
    assert done.returncode == 2, stderr
    assert stderr.startswith("symbp: stdin: larger than") and what in stderr, stderr
