"""Golden outputs: what `symbp derive` and `symbp worksheet` write for a fixed corpus of networks.

    python tests/golden/regen.py [OUT]      write every output into OUT (default tests/golden/out)

The corpus: every built-in network example and the specs in tests/golden/specs/ (wide, deep, a
batch over several steps, every activation and loss, layers without bias, non-terminating givens,
a kink, exact numbers that outgrow MAX_EXACT_BITS, a sigmoid saturated at 50 digits, and random
networks drawn once, random_*.toml).  For each:
`derive` in text, md, tex and json for every --detail, exact and --round-intermediate, and
--format answers-template; and two small worksheets' answers.json, worksheet.tex, answer-key.tex
and answers-template.toml.

The outputs are made by whatever `symbp` is importable (set PYTHONPATH): to pin another
checkout's outputs, run this script from here with PYTHONPATH pointing at that checkout.
tests/test_golden.py compares the current code's outputs with the files, byte for byte.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent  # every run starts here, so that paths in outputs are the same everywhere
SPECS = HERE / "specs"
OUT = HERE / "out"
EXAMPLES = ["nn231", "mazur", "softmax3", "batch3", "nobias", "steps3"]
FORMATS = {"text": "txt", "md": "md", "tex": "tex", "json": "json"}
DETAILS = ["auto", "neuron", "matrix", "table"]
MODES = {"exact": [], "carried": ["--round-intermediate"]}
WORKSHEETS = {"nn231": ["--example", "nn231", "-n", "2", "--seed", "1"],
              "batch_steps": ["tests/golden/specs/batch_steps.toml", "-n", "2", "--seed", "3", "--digits", "3"]}
WORKSHEET_FILES = ["answers.json", "worksheet.tex", "answer-key.tex", "answers-template.toml"]


def networks() -> dict[str, list[str]]:
    """name -> the arguments that name the spec."""
    corpus = {name: ["--example", name] for name in EXAMPLES}
    corpus.update({path.stem: [str(path.relative_to(ROOT))] for path in sorted(SPECS.glob("*.toml"))})
    return corpus


def derive_runs() -> list[tuple[str, list[str]]]:
    """(relative output path, `symbp` arguments) for every derive output."""
    runs = []
    for name, spec in networks().items():
        for mode, flags in MODES.items():
            for detail in DETAILS:
                for fmt, ext in FORMATS.items():
                    runs.append((f"{name}/{mode}-{detail}.{ext}",
                                 ["derive", *spec, "--format", fmt, "--detail", detail, *flags]))
        runs.append((f"{name}/answers-template.toml", ["derive", *spec, "--format", "answers-template"]))
    return runs


def run(args: list[str]) -> tuple[int, str]:
    """(exit code, stdout and stderr) of `symbp args`, in this process, from the repository's root."""
    import os

    from click.testing import CliRunner

    from symbp.cli import main

    here = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(here)
    return result.exit_code, result.output


def derive_output(args: list[str]) -> str:
    """What `symbp derive` writes; a run that fails is pinned too, as its exit code and message."""
    code, output = run(args)
    return output if code == 0 else f"[exit {code}]\n{output}"


def worksheet_outputs(name: str) -> dict[str, str]:
    """relative path -> text, for one worksheet's files."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "sheet"
        code, output = run(["worksheet", *WORKSHEETS[name], "--out", str(folder)])
        if code != 0:
            raise SystemExit(f"worksheet {name} ended with {code}: {output[-500:]}")
        return {f"worksheet-{name}/{file}": (folder / file).read_text(encoding="utf-8") for file in WORKSHEET_FILES}


def outputs():
    """(relative path, text) of every golden output, in order."""
    for path, args in derive_runs():
        yield path, derive_output(args)
    for name in WORKSHEETS:
        yield from worksheet_outputs(name).items()


def main(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    count = 0
    for path, text in outputs():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        count += 1
    import symbp

    print(f"wrote {count} files into {out} with symbp from {Path(symbp.__file__).parent}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
