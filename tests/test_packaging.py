"""A plain, non-editable install works from any folder: templates/ and examples/ ship in the wheel.

Builds the wheel (`pip wheel --no-deps`), installs it with `pip install --no-deps --target` into a
temporary folder, and runs symbp from there, in another folder, with the checkout out of reach.
Slow-ish (a few seconds: one wheel build per session), but part of the suite.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import REPO, run_python

pytestmark = pytest.mark.slow

SHIPPED = ("templates", "examples")


def _pip(*args, cwd=None) -> None:
    completed = subprocess.run([sys.executable, "-m", "pip", *map(str, args)], cwd=cwd,
                               capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    _pip("wheel", "--no-deps", "--no-cache-dir", "-w", out, REPO)
    (built,) = out.glob("symbp-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    _pip("install", "--no-deps", "--no-compile", "--target", target, wheel)
    return target


@pytest.fixture
def elsewhere(tmp_path_factory) -> Path:
    """An empty folder, far from the checkout."""
    return tmp_path_factory.mktemp("elsewhere")


def run_installed(installed: Path, cwd: Path, *argv: str):
    """`symbp ARGV` from the installed copy only (PYTHONPATH first; the checkout is not on it)."""
    code = (
        "import sys\n"
        f"sys.argv = ['symbp', *{list(argv)!r}]\n"
        "import symbp\n"
        f"assert symbp.__file__.startswith({str(installed)!r}), symbp.__file__\n"
        "from symbp.cli import main\n"
        "main()\n"
    )
    return run_python(code, cwd=cwd, env={"PYTHONPATH": str(installed)})


def _shipped_files(folder: str) -> list[str]:
    root = REPO / folder
    return sorted(p.relative_to(REPO).as_posix() for p in root.rglob("*")
                  if p.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in p.parts))


@pytest.mark.parametrize("folder", SHIPPED)
def test_wheel_contains_every_shipped_file(wheel, folder):
    """templates/x and examples/x of the checkout are symbp/templates/x and symbp/examples/x."""
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = _shipped_files(folder)
    missing = [path for path in expected if f"symbp/{path}" not in names]
    assert (len(expected) > 0, missing) == (True, [])


def test_installed_copy_is_the_one_imported(installed, elsewhere):
    completed = run_installed(installed, elsewhere, "--version")
    assert completed.returncode == 0, completed.stderr


def test_installed_copy_lists_the_examples(installed, elsewhere):
    completed = run_installed(installed, elsewhere, "derive", "--list-examples")
    assert (completed.returncode, "nn231" in completed.stdout.split()) == (0, True), completed.stderr


def test_installed_copy_renders_latex(installed, elsewhere):
    """The equivalent of `symbp derive --example nn231 --format tex`, from the installed wheel."""
    completed = run_installed(installed, elsewhere, "derive", "--example", "nn231", "--format", "tex")
    out = completed.stdout
    assert (completed.returncode, r"\documentclass" in out, r"\end{document}" in out, "0.006272" in out) == \
        (0, True, True, True), completed.stderr


@pytest.mark.parametrize("fmt, marker", [("md", "$"), ("text", "0.006272"), ("json", '"L@2": 0.006272')])
def test_installed_copy_renders_every_format(installed, elsewhere, fmt, marker):
    completed = run_installed(installed, elsewhere, "derive", "--example", "nn231", "--format", fmt)
    assert (completed.returncode, marker in completed.stdout) == (0, True), completed.stderr


def test_installed_copy_writes_nothing_into_the_current_folder_unless_asked(installed, elsewhere):
    run_installed(installed, elsewhere, "derive", "--example", "nn231", "--format", "text")
    assert list(elsewhere.iterdir()) == []


# ---- CI runs the README's test command --------------------------------------------------------

def _readme_test_command() -> str:
    """The command after `&&` on the README line that installs the test extra."""
    for line in (REPO / "README.md").read_text(encoding="utf-8").splitlines():
        if ".[test]" in line and "&&" in line:
            return line.split("&&", 1)[1].split("#", 1)[0].strip()
    raise AssertionError("README.md has no `pip install -e '.[test]' && <test command>` line")


def test_ci_runs_the_readme_test_command():
    ci_lines = [line.strip() for line in (REPO / ".ci" / "run").read_text().splitlines()]
    command = _readme_test_command()
    assert any(re.fullmatch(re.escape(command) + r"(\s*\|\|.*)?", line) for line in ci_lines), command


def test_ci_requires_tex():
    assert "export SYMBP_REQUIRE_TEX=1" in (REPO / ".ci" / "run").read_text()
