"""The on-disk cache of SymPy's work per architecture (symbp/sympy_cache.py): a warm run writes
byte for byte what a cold one writes, without importing SymPy; a corrupted, truncated or hostile
cache file is ignored (or, well-formed but wrong, caught by the independent verification); the
cache can be turned off and an unwritable folder never fails a run.

Every run here is a fresh process with its own temporary SYMBP_CACHE_DIR (a warm run needs a
process whose in-memory caches are empty), so nothing is written to the real home.
"""

from __future__ import annotations

import json
import os
import random
from fractions import Fraction
from pathlib import Path

import pytest

from helpers import run_python, run_symbp, spec_table

pytestmark = pytest.mark.slow  # every test here starts two or more fresh processes (seconds each)

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ["text", "md", "tex", "json", "answers-template"]

# In a fresh process: derive each spec (exactly and as with a calculator) inside a cache session,
# write every format; print the outputs and whether SymPy was imported, as JSON.
_SCRIPT = """
import json, sys
import symbp
from symbp.sympy_cache import session
job = json.loads(sys.argv[1])
spec = (symbp.example(job["example"]) if "example" in job else symbp.load(job["file"]) if "file" in job
        else symbp.spec_from_dict(job["table"], name="drawn"))
outputs = {}
with session(spec._spec.architecture()):
    for carried in (False, True):
        solution = symbp.derive(spec, round_intermediate=carried)
        for fmt in job["formats"]:
            outputs[f"{carried}-{fmt}"] = solution.to(fmt)
print(json.dumps({"outputs": outputs, "sympy": "sympy" in sys.modules}))
"""


def _drawn(seed: int, activations: list, loss: str, widths: list) -> dict:
    """A random network (exact two-decimal numbers) from its own seeded generator."""
    rng = random.Random(seed)
    draw = lambda: Fraction(rng.randint(-99, 99), 100)  # noqa: E731
    weights = [[[draw() for _ in range(widths[l])] for _ in range(widths[l + 1])] for l in range(len(widths) - 1)]
    biases = [[draw() for _ in range(widths[l + 1])] for l in range(len(widths) - 1)]
    targets = [[Fraction(1) if j == 0 else Fraction(0) for j in range(widths[-1])]] if loss == "cross_entropy" \
        else [[Fraction(rng.randint(1, 99), 100) for _ in range(widths[-1])]]
    return spec_table(widths, activations, loss, weights, biases, [[draw() for _ in range(widths[0])]], targets,
                      negative_slope=Fraction(1, 20))


JOBS = {  # every activation and loss, a batch, several steps, no bias, an optimizer
    **{name: {"example": name} for name in ["nn231", "softmax3", "batch3", "nobias", "steps3", "adam1"]},
    "random_leaky_mse": {"file": str(ROOT / "tests/golden/specs/random_leaky_mse.toml")},
    "mixed": {"file": str(ROOT / "tests/golden/specs/mixed.toml")},
    "drawn_softplus_bce": {"table": _drawn(7, ["softplus", "leaky_relu", "tanh", "sigmoid"], "bce", [2, 3, 2, 2, 1])},
}
WITH_OPTIMIZER = {"adam1"}


def _run(job: dict, cache: Path, formats=FORMATS, **env) -> dict:
    done = run_python(_SCRIPT.replace("sys.argv[1]", repr(json.dumps(dict(job, formats=formats)))), cwd=ROOT,
                      env={"SYMBP_CACHE_DIR": str(cache), **env})
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.parametrize("name", list(JOBS))
def test_a_warm_run_writes_what_a_cold_run_writes_without_sympy(name, tmp_path):
    cold = _run(JOBS[name], tmp_path)
    assert cold["sympy"]  # the cold run did the work
    assert len(list(tmp_path.glob("*.json"))) == 1  # one file for the architecture
    warm = _run(JOBS[name], tmp_path)
    assert warm["outputs"] == cold["outputs"]
    # an optimizer's update formulas are still evaluated by SymPy itself on every run (README)
    assert warm["sympy"] == (name in WITH_OPTIMIZER)


# The Python API alone, no session opened by the caller: derive, every format, a worksheet.
_API_SCRIPT = """
import json, sys
import symbp
spec = symbp.example("nn231")
solution = symbp.derive(spec)
outputs = {fmt: solution.to(fmt) for fmt in ("text", "tex", "json")}
sheet = symbp.worksheet(spec, variants=2, seed=3)
outputs.update(sheet.files)
outputs["key"] = symbp.derive(symbp.example("nn231"), round_intermediate=True).to("md")
print(json.dumps({"outputs": outputs, "sympy": "sympy" in sys.modules}))
"""


def test_the_python_api_uses_the_cache_as_the_command_line_does(tmp_path):
    """symbp.derive, Solution.to and symbp.worksheet open the architecture's cache themselves: a
    second process writes the same and imports no SymPy (before, every new Python process paid
    SymPy's derivation again)."""
    def run():
        done = run_python(_API_SCRIPT, cwd=ROOT, env={"SYMBP_CACHE_DIR": str(tmp_path)})
        assert done.returncode == 0, done.stderr[-2000:]
        return json.loads(done.stdout)

    cold = run()
    assert cold["sympy"] and len(list(tmp_path.glob("*.json"))) == 1
    warm = run()
    assert warm["outputs"] == cold["outputs"]
    assert not warm["sympy"]


_CACHE_AT_IMPORT = os.environ.get("SYMBP_CACHE_DIR")  # as a module that derives at import sees it


def test_the_suite_never_uses_the_real_cache_folder_even_at_collection():
    """conftest sets the cache folder before test modules are imported (test_fuzz_check derives at
    import, and symbp.derive uses the cache): nothing of the suite lands in ~/.cache/symbp."""
    assert _CACHE_AT_IMPORT and _CACHE_AT_IMPORT == os.environ["SYMBP_CACHE_DIR"]
    assert not Path(_CACHE_AT_IMPORT).resolve().is_relative_to((Path.home() / ".cache").resolve())


def _cli(cache: Path, *args):
    return run_symbp("derive", "--example", "nn231", *args, cwd=ROOT, env={"SYMBP_CACHE_DIR": str(cache)})


def test_the_command_line_warm_run_does_not_import_sympy(tmp_path):
    cold = _cli(tmp_path)
    code = ("import sys\nfrom symbp.cli import main\nsys.argv = ['symbp', 'derive', '--example', 'nn231']\n"
            "try:\n    main()\nfinally:\n    print('sympy' in sys.modules, file=sys.stderr)")
    warm = run_python(code, cwd=ROOT, env={"SYMBP_CACHE_DIR": str(tmp_path)})
    assert cold.returncode == warm.returncode == 0
    assert warm.stdout == cold.stdout
    assert warm.stderr.strip() == "False"
    off = run_symbp("derive", "--example", "nn231", cwd=ROOT,
                    env={"SYMBP_CACHE_DIR": str(tmp_path / "unused"), "SYMBP_NO_CACHE": "1"})
    assert (off.returncode, off.stdout) == (0, cold.stdout)
    assert not (tmp_path / "unused").exists()


def test_a_warm_worksheet_run_does_not_import_sympy_and_writes_the_same_files(tmp_path):
    """`symbp worksheet` opened no cache session: every run imported SymPy and worked the
    architecture's derivatives out again (~0.8 s of a 30-variant sheet's 3 s, beyond the issue's
    1.5× of pdflatex).  A warm run now reads them, and its files are byte for byte the cold run's
    and those of a run without the cache."""
    code = ("import sys\nfrom symbp.cli import main\nsys.argv = ['symbp', 'worksheet', '--example', 'mazur', '-n', '3', "
            "'--seed', '5', '-o', sys.argv[1]]\ntry:\n    main()\nfinally:\n    print('sympy' in sys.modules, file=sys.stderr)")
    runs = {}
    for label, env in (("cold", {}), ("warm", {}), ("off", {"SYMBP_NO_CACHE": "1"})):
        out = tmp_path / label
        done = run_python(code.replace("sys.argv[1]", repr(str(out))), cwd=ROOT,
                          env={"SYMBP_CACHE_DIR": str(tmp_path / "cache"), **env})
        assert done.returncode == 0, done.stderr[-2000:]
        runs[label] = ({p.name: p.read_bytes() for p in sorted(out.iterdir())}, done.stderr.strip().splitlines()[-1])
    assert runs["cold"][1] == "True" and runs["warm"][1] == "False"
    assert runs["warm"][0] == runs["cold"][0] == runs["off"][0] and len(runs["cold"][0]) == 4


def _hostile_versions(text: str) -> dict:
    """name -> the cache file's text, spoilt."""
    data = json.loads(text)
    entries = data["entries"]
    spoilt = {
        "truncated": text[: len(text) // 2],
        "garbage": "\x00\xff not json {{{",
        "another key": json.dumps(dict(data, key=data["key"] + " (another)")),
        "deep": "[" * 100_000 + "]" * 100_000,
        "huge": " " * (9 << 20),
    }
    bad_entries = json.loads(json.dumps(entries))
    for kind, table in bad_entries.items():  # every entry malformed in its own way
        for key in table:
            table[key] = {"shape_derivative": ["call", "system", None, []], "operation_rule": ["sym", 3],
                          "whole_loss_gradients": [[], []], "activation_forms": {
                              "rule": None, "derivative": r"\input{/etc/passwd}", "output_form": None}}.get(
                kind, ["node", 5])
    spoilt["malformed entries"] = json.dumps(dict(data, entries=bad_entries))
    return spoilt


def test_a_corrupted_truncated_or_hostile_cache_file_is_ignored(tmp_path):
    cold = _cli(tmp_path, "--format", "tex")
    (path,) = tmp_path.glob("*.json")
    good = path.read_text(encoding="utf-8")
    for name, text in _hostile_versions(good).items():
        path.write_text(text, encoding="utf-8")
        again = _cli(tmp_path, "--format", "tex")
        assert (again.returncode, again.stdout) == (0, cold.stdout), name
        assert "input{/etc/passwd}" not in again.stdout


def test_a_well_formed_but_wrong_derivative_is_caught_by_the_verification(tmp_path):
    """Someone who can write the cache folder writes a wrong derivative in the right form: the
    independent verification refuses it (exit 3, nothing printed) and the file is removed, so that
    the next run works the derivative out again."""
    cold = _cli(tmp_path)
    (path,) = tmp_path.glob("*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    table = data["entries"]["shape_derivative"]
    key = next(k for k in table if '"pow"' in k)  # ∂(½(a − y)²)/∂a = a − y
    table[key] = ["const", 7, 1]
    path.write_text(json.dumps(data), encoding="utf-8")
    wrong = _cli(tmp_path)
    assert wrong.returncode == 3 and wrong.stdout == ""
    assert not path.exists()
    again = _cli(tmp_path)
    assert (again.returncode, again.stdout) == (0, cold.stdout)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="a read-only folder needs a non-root POSIX user")
def test_an_unwritable_cache_folder_never_fails_a_run(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        done = _cli(folder)
        assert done.returncode == 0 and done.stdout
    finally:
        folder.chmod(0o700)


def test_a_cache_folder_that_cannot_be_made_never_fails_a_run(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    done = _cli(blocker / "cache")
    assert done.returncode == 0 and done.stdout and not done.stderr
