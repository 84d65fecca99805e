"""Shared pytest setup: tests that need TeX; symbp's cache in a temporary folder.

`requires_tex` (a fixture): skips the test when pdflatex is not installed, with the reason; when
the environment sets SYMBP_REQUIRE_TEX=1 (as CI does) a missing pdflatex fails the test instead.
`requires_tex_sandbox`: the same for bubblewrap, which confines pdflatex (CI installs it).
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest


def _missing(message: str) -> None:
    if os.environ.get("SYMBP_REQUIRE_TEX") == "1":
        pytest.fail(message + ", and SYMBP_REQUIRE_TEX=1 requires it")
    pytest.skip(message)


@pytest.fixture
def requires_tex():
    if shutil.which("pdflatex") is None:
        _missing("pdflatex is not installed (apt-get install texlive-latex-base texlive-latex-recommended texlive-pictures latexmk)")


@pytest.fixture
def requires_tex_sandbox(requires_tex):
    """pdflatex, and bubblewrap that can confine it (symbp/render/tex_sandbox.py); as requires_tex."""
    from symbp.render.tex_sandbox import available

    if not available():
        _missing("bubblewrap (bwrap) is not installed or cannot run here (apt-get install bubblewrap)")


def pytest_configure(config):
    """symbp's on-disk cache (symbp/sympy_cache.py) in a temporary folder of this process (the
    controller and each xdist worker), set before collection — test modules that derive at import
    use it too — and for the processes the tests start: nothing is written to the real ~/.cache.
    Removed when the process's session ends."""
    folder = tempfile.mkdtemp(prefix="symbp-cache-")
    os.environ["SYMBP_CACHE_DIR"] = folder
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    if not hasattr(config, "workerinput"):  # the controller, once: see _compiled
        _compiled()


def _compiled() -> None:
    """symbp's modules compiled to bytecode (__pycache__, as `pip install` does for an installed
    package), so that the processes the tests start (`python -m symbp …`, ~0.35 s each) read it
    where the environment sets PYTHONDONTWRITEBYTECODE (this machine, CI): an editable checkout
    would otherwise compile every module again in every process."""
    import compileall

    import symbp

    compileall.compile_dir(os.path.dirname(symbp.__file__), quiet=2)


SHARED_SCOPES = ("module", "class", "package")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Under `--dist loadgroup` (pyproject's addopts): every test that uses a module-, class- or
    package-scoped fixture runs on the same worker as the other tests of its file that use one, so
    that the fixture is built once (a PDF compiled, a wheel built, a kernel started), not once per
    worker; every other test is scheduled on its own, as `--dist load` does.  xdist schedules the
    largest groups first, then the tests on their own in collection order: the property and fuzz
    tests (Hypothesis; seconds each) and those marked slow are put first, so that no worker is left
    with one of them at the end while the other waits.  Nothing runs differently within a test."""
    items.sort(key=lambda item: not (getattr(getattr(item, "obj", None), "is_hypothesis_test", False)
                                     or item.get_closest_marker("slow") is not None))
    for item in items:
        definitions = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
        if any(d.scope in SHARED_SCOPES for defs in definitions.values() for d in defs):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
