"""`symbp check --example NAME ANSWERS` marks against a built-in example, as derive/worksheet's --example.

Expected values: Matt Mazur's published numbers for examples/mazur.toml (net_h1 = 0.3775,
∂E/∂w5 = 0.082167041, ∂E/∂w1 = 0.000438568), one of them slipped (∂E/∂w5 written 0.09217).
"""

from __future__ import annotations

import json

from helpers import cli_runner
from symbp.cli import main
from symbp.resources import example_path

ANSWERS = '"z_0^1" = "0.3775"\n"dL/dw_00^1" = "0.0004386"\n"dL/dw_00^2" = "0.09217"\n'


def _check(*args):
    return cli_runner().invoke(main, ["check", *map(str, args)], catch_exceptions=False)


def test_example_replaces_spec(tmp_path):
    answers = tmp_path / "mine.toml"
    answers.write_text(ANSWERS, encoding="utf-8")
    by_example = _check("--example", "mazur", answers, "--format", "json")
    assert by_example.exit_code == 1, by_example.output  # the slip
    statuses = {n: q["status"] for n, q in json.loads(by_example.output)["quantities"].items()
                if n in ("z_0^1", "dL/dw_00^1", "dL/dw_00^2")}
    assert statuses == {"z_0^1": "correct", "dL/dw_00^1": "correct", "dL/dw_00^2": "wrong"}
    by_file = _check(example_path("mazur"), answers, "--format", "json")
    assert json.loads(by_file.output)["quantities"] == json.loads(by_example.output)["quantities"]


def test_example_with_key_or_spec_or_unknown_is_a_usage_error(tmp_path):
    answers = tmp_path / "mine.toml"
    answers.write_text(ANSWERS, encoding="utf-8")
    assert _check("--example", "mazur", "--key", tmp_path / "answers.json", answers).exit_code == 2
    assert _check("--example", "mazur", example_path("mazur"), answers).exit_code == 2
    unknown = _check("--example", "no-such-net", answers)
    assert unknown.exit_code == 2 and "no-such-net" in unknown.output + getattr(unknown, "stderr", "")


def test_the_answers_template_names_the_command_that_marks_it(tmp_path):
    """`derive --example NAME --format answers-template` says `symbp check --example NAME THIS-FILE`,
    a spec file its name as given; running that line (THIS-FILE replaced) marks the filled file."""
    import shlex

    from helpers import symbp_here

    spec = tmp_path / "my net.toml"
    spec.write_text(example_path("mazur").read_text(encoding="utf-8"), encoding="utf-8")
    for args, expected in ((["--example", "mazur"], "symbp check --example mazur THIS-FILE"),
                           (["my net.toml"], "symbp check 'my net.toml' THIS-FILE")):
        template = symbp_here("derive", *args, "--format", "answers-template", cwd=tmp_path)
        assert template.returncode == 0, template.stderr
        command = template.stdout.splitlines()[0].split("for: ", 1)[1]
        assert command == expected
        filled = tmp_path / "filled.toml"
        # Mazur's published net_h1 = 0.3775 and ∂E/∂w5 = 0.082167041 (∂L/∂w_00^2)
        filled.write_text(template.stdout.replace('"z_0^1" = ""', '"z_0^1" = 0.3775')
                          .replace('"dL/dw_00^2" = ""', '"dL/dw_00^2" = 0.08217'), encoding="utf-8")
        argv = [("filled.toml" if a == "THIS-FILE" else a) for a in shlex.split(command)][1:]
        result = symbp_here(*argv, "--format", "json", cwd=tmp_path)
        assert result.returncode == 0, (command, result.stderr)
        marks = json.loads(result.stdout)["quantities"]
        assert marks["z_0^1"]["status"] == marks["dL/dw_00^2"]["status"] == "correct"


def test_the_graph_answers_template_names_the_example():
    from helpers import symbp_here

    template = symbp_here("derive", "--example", "graph-circuit", "--format", "answers-template")
    assert template.stdout.splitlines()[0].endswith("for: symbp check --example graph-circuit THIS-FILE")


def test_the_api_s_answers_template_names_the_call_that_marks_it(tmp_path):
    """Made by symbp.derive(...).to("answers-template"), the first line names symbp.check(...), not the
    command; that call (THIS-FILE replaced) marks the filled file."""
    import symbp

    template = symbp.derive(symbp.example("mazur")).to("answers-template")
    command = template.splitlines()[0].split("for: ", 1)[1]
    assert command == 'symbp.check(symbp.example("mazur"), "THIS-FILE")'
    filled = tmp_path / "filled.toml"
    filled.write_text(template.replace('"z_0^1" = ""', '"z_0^1" = 0.3775'), encoding="utf-8")
    report = eval(command.replace("THIS-FILE", filled.as_posix()), {"symbp": symbp})  # (the line as a user runs it)
    assert report.statuses["z_0^1"] == "correct"
    graph = symbp.derive(symbp.example("graph-circuit")).to("answers-template").splitlines()[0]
    assert graph.endswith('for: symbp.check(symbp.example("graph-circuit"), "THIS-FILE")')


def test_a_graph_answer_whose_own_numbers_overflow_is_marked_not_a_crash():
    # a reviewer: x0 = −10^6 written, then f.2 = e^(f.1) from the answer's own numbers is e^(10^6): "internal
    # error (ArithmeticError …)" from the slips' reference and then the report's line of the true numbers
    import symbp

    report = symbp.check(symbp.example("graph-neuron"), {"x0": "-1.0e6", "f.2": "3.679e5"})
    assert report.statuses["x0"] == "wrong" and report.statuses["f.2"] == "wrong"
    text = report.to_text()
    assert "e^(−1) ≈ 0.3679" in text, text  # the line of the true numbers, where the answer's give none
    # a weight of 10^300: e^(−10^300·…) carried on had ~10^300 digits (InvalidOperation, exit 70): undefined
    assert symbp.check(symbp.example("graph-neuron"), {"w2": "1e300"}).statuses["w2"] == "wrong"
