"""Shared pytest setup: tests that need TeX; symbp's cache in a temporary folder.

`requires_tex` (a fixture): skips the test when pdflatex is not installed, with the reason; when
the environment sets SYMBP_REQUIRE_TEX=1 (as CI does) a missing pdflatex fails the test instead.
"""

from __future__ import annotations

import os
import shutil

import pytest


@pytest.fixture
def requires_tex():
    if shutil.which("pdflatex") is None:
        message = "pdflatex is not installed (apt-get install texlive-latex-base texlive-latex-recommended texlive-pictures latexmk)"
        if os.environ.get("SYMBP_REQUIRE_TEX") == "1":
            pytest.fail(message + ", and SYMBP_REQUIRE_TEX=1 requires it")
        pytest.skip(message)


@pytest.fixture(autouse=True, scope="session")
def _cache_in_a_temporary_folder(tmp_path_factory):
    """symbp's on-disk cache (symbp/sympy_cache.py) in a temporary folder for the whole suite, in
    this process and the processes its tests start: nothing is written to the real ~/.cache."""
    os.environ["SYMBP_CACHE_DIR"] = str(tmp_path_factory.mktemp("symbp-cache"))
    yield
