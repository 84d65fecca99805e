"""The command line (issue 2, sections 5, 8 and 9), in process (CliRunner) and as the installed
command in a fresh process (subprocess)."""

from __future__ import annotations

import json
import re
from importlib.metadata import version

import pytest
from helpers import EXAMPLE_NN231, cli_runner, json_key, run_python, run_symbp, symbp_here
from symbp.cli import main

COMMANDS = sorted(main.commands)

# The document's first substitution line, and the one it got wrong (it dropped the bias of z_2^1).
Z_0_1_LINE = r"0\.2\s*·\s*1\s*\+\s*\(-0\.4\)\s*·\s*2\s*\+\s*0\.1\s*=\s*-0\.5"
Z_2_1_LINE = r"0\.5\s*·\s*1\s*\+\s*0\.7\s*·\s*2\s*\+\s*\(-0\.1\)\s*=\s*1\.8"


def invoke(*args, **kwargs):
    return cli_runner().invoke(main, [str(a) for a in args], **kwargs)


def ascii_minus(text: str) -> str:
    return text.replace("\u2212", "-")


# ---- version and help -------------------------------------------------------------------------

def test_version_in_process():
    result = invoke("--version")
    assert (result.exit_code, result.output.strip()) == (0, f"symbp, version {version('symbp')}")


def test_version_of_the_installed_command():
    completed = run_symbp("--version")
    assert (completed.returncode, completed.stdout.strip()) == (0, f"symbp, version {version('symbp')}")


def test_every_subcommand_is_registered():
    assert {"derive", "check", "worksheet"} <= set(COMMANDS)


@pytest.mark.parametrize("command", [[]] + [[c] for c in COMMANDS], ids=lambda c: " ".join(["symbp"] + c))
def test_help_shows_an_example(command):
    """Every --help has an example: an indented line that runs `symbp <that command> …`."""
    result = invoke(*command, "--help")
    example = re.compile(r"^\s+symbp " + re.escape(command[0] if command else "") + r"\b", re.MULTILINE)
    assert (result.exit_code, bool(example.search(result.output))) == (0, True), result.output


@pytest.mark.parametrize("argv", [["--help"], ["derive", "--help"], ["-h"]], ids=" ".join)
def test_help_does_not_import_sympy(argv):
    code = (
        "import sys\n"
        "from symbp.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('sympy', 'mpmath'))\n"
        "print('LOADED:', ','.join(loaded))\n"
    )
    completed = run_python(code)
    assert completed.stdout.strip().splitlines()[-1] == "LOADED:", completed.stderr


# ---- examples ---------------------------------------------------------------------------------

def test_list_examples_lists_nn231():
    result = invoke("derive", "--list-examples")
    assert (result.exit_code, "nn231" in result.output.split()) == (0, True)


def test_example_works_from_any_folder(tmp_path):
    """A fresh process in an empty folder finds the built-in example (shipped with the package)."""
    key = json_key(run_symbp("derive", "--example", "nn231", "--format", "json", cwd=tmp_path))
    assert (key["exact"]["z_2^1"], key["exact"]["L@2"]) == ("1.8", "0.006272")


def test_example_and_spec_file_give_the_same_key():
    by_name = invoke("derive", "--example", "nn231", "--format", "json")
    by_file = invoke("derive", EXAMPLE_NN231, "--format", "json")
    assert json.loads(by_name.output)["exact"] == json.loads(by_file.output)["exact"]


def test_unknown_example_is_refused():
    result = invoke("derive", "--example", "no-such-net")
    assert (result.exit_code, "nn231" in result.stderr) == (2, True)


# ---- output files and formats -----------------------------------------------------------------

def test_output_json_format_inferred_from_extension(tmp_path):
    target = tmp_path / "key.json"
    result = invoke("derive", "--example", "nn231", "-o", target)
    assert (result.exit_code, json.loads(target.read_text())["exact"]["delta_1^1"]) == (0, "-0.9")


def test_output_file_keeps_stdout_free_of_the_document(tmp_path):
    result = invoke("derive", "--example", "nn231", "-o", tmp_path / "key.json")
    assert '"values"' not in result.stdout


def test_output_into_a_new_folder(tmp_path):
    target = tmp_path / "new" / "folder" / "key.json"
    result = invoke("derive", "--example", "nn231", "-o", target)
    assert (result.exit_code, target.is_file()) == (0, True)


def test_unknown_output_extension_is_refused(tmp_path):
    target = tmp_path / "key.xyz"
    result = invoke("derive", "--example", "nn231", "-o", target)
    assert (result.exit_code, target.exists()) == (2, False)


def test_explicit_format_overrides_the_extension(tmp_path):
    target = tmp_path / "key.txt"
    result = invoke("derive", "--example", "nn231", "--format", "json", "-o", target)
    assert (result.exit_code, json.loads(target.read_text())["exact"]["L"]) == (0, "0.5")


# The worked-solution renderers (text, md, tex): their public behaviour.

def test_text_is_the_default_on_stdout():
    result = invoke("derive", "--example", "nn231")
    assert (result.exit_code, bool(re.search(Z_0_1_LINE, ascii_minus(result.stdout)))) == (0, True), result.output


@pytest.mark.parametrize("pattern", [Z_0_1_LINE, Z_2_1_LINE, r"1\.612", r"0\.006272"])
def test_text_shows_the_substitutions_and_results(pattern):
    result = invoke("derive", "--example", "nn231", "--format", "text")
    assert (result.exit_code, bool(re.search(pattern, ascii_minus(result.stdout)))) == (0, True), result.output


@pytest.mark.parametrize("extension, marker", [("tex", r"\documentclass"), ("md", "$"), ("txt", "·")])
def test_worked_solution_format_inferred_from_extension(tmp_path, extension, marker):
    target = tmp_path / f"nn231.{extension}"
    result = invoke("derive", "--example", "nn231", "-o", target)
    assert (result.exit_code, marker in target.read_text(encoding="utf-8")) == (0, True), result.output


def test_markdown_is_not_latex():
    result = invoke("derive", "--example", "nn231", "--format", "md")
    assert (result.exit_code, r"\documentclass" in result.stdout, "$" in result.stdout) == (0, False, True)


def test_latex_is_a_whole_document_with_the_numbers():
    result = invoke("derive", "--example", "nn231", "--format", "tex")
    text = result.stdout
    assert (result.exit_code, r"\documentclass" in text, r"\end{document}" in text,
            "1.612" in text, "0.006272" in text) == (0, True, True, True, True)


# ---- bad input: exit 2, a short message naming the field, no traceback, no file -------------

BAD_SPECS = {
    "malformed TOML": ("layers = [2, 3, 1\n", "bad.toml: not valid TOML: Unclosed array (at end of document)"),
    "unknown key": (EXAMPLE_NN231.read_text().replace("learning_rate", "learnig_rate"), "learnig_rate"),
    "1/0": (EXAMPLE_NN231.read_text().replace("input = [1, 2]", 'input = [1, "1/0"]'), "input[1]"),
    "wrong row length": (EXAMPLE_NN231.read_text().replace("[[-0.6, 0.9, -0.3]]", "[[-0.6, 0.9]]"),
                         "the 2nd [[layer]] table (layer 2): weights[0]"),
    # a character an editor does not show: it is named with its place (tomllib said "Expected newline or
    # end of document after a statement")
    "NUL byte": (EXAMPLE_NN231.read_text().replace("learning_rate = 0.1", "learning_rate = 0.1\x00"),
                 "bad.toml: not valid TOML: a control character U+0000 at line 6, column 20"),
}


@pytest.mark.parametrize("label", BAD_SPECS)
def test_bad_spec_exits_2_naming_the_field(tmp_path, label):
    text, field = BAD_SPECS[label]
    spec = tmp_path / "bad.toml"
    spec.write_text(text)
    target = tmp_path / "out.json"
    completed = symbp_here("derive", spec, "-o", target)
    message = completed.stderr.strip().splitlines()
    assert (completed.returncode, len(message) <= 2, field in completed.stderr,
            "Traceback" in completed.stderr, target.exists()) == (2, True, True, False, False), completed.stderr


@pytest.mark.parametrize("where", ["missing.toml", "."], ids=["missing file", "folder"])
def test_spec_that_is_not_a_file_exits_2(tmp_path, where):
    result = invoke("derive", tmp_path / where, "-o", tmp_path / "out.json")
    assert (result.exit_code, "Traceback" in result.stderr + result.stdout, (tmp_path / "out.json").exists()) == \
        (2, False, False)


def test_neither_spec_nor_example_is_a_usage_error():
    result = invoke("derive")
    assert (result.exit_code, "--example" in result.stderr) == (2, True)
