"""-o a link to a file in a folder that does not exist: symbp makes that folder (writing through the link, as it
writes through any) and says so, as for every folder it makes (the stop-65 hostile-input tester's LOW: it was made
with no line)."""

from __future__ import annotations

import os

from helpers import cli_runner
from symbp.cli import main


def test_the_folder_made_behind_a_link_is_named(tmp_path):
    link = tmp_path / "dangle.txt"
    os.symlink("made_here/x.txt", link)
    done = cli_runner().invoke(main, ["derive", "--example", "nn231", "-o", str(link)])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "made_here" / "x.txt").is_file()
    assert "made the folder" in done.output and "made_here, which did not exist" in done.output, done.output
