"""Sensible draws by default: no saturated sigmoid/tanh units, a seed that differs between specs
(and is printed on every page) while reruns stay byte-identical, architecture-only specs."""

from __future__ import annotations

import json
import math
import random
import re

import pytest
from click.testing import CliRunner

from helpers import run_symbp

from symbp.cli import main
from symbp.spec import parse_spec
from symbp.variants import draw_numbers, settings_from_spec

SIGMOID = 'layers = [2, 2, 1]\nactivation = "sigmoid"\nloss = "half_sse"\nlearning_rate = 0.5\n'
TANH_WIDE = 'layers = [4, 16, 1]\nactivation = "tanh"\nloss = "half_sse"\nlearning_rate = 0.1\n[[layer]]\n[[layer]]\nactivation = "identity"\n'


def saturations(spec: dict) -> list[float]:
    """|2σ(z) − 1| of every sigmoid unit and |tanh z| of every tanh unit at step 1, by plain floats."""
    out, a = [], [float(x) for x in spec["input"]]
    for table in spec["layer"]:
        z = [sum(float(w) * x for w, x in zip(row, a)) + float(b) for row, b in zip(table["weights"], table["biases"])]
        if table["activation"] == "sigmoid":
            a = [1 / (1 + math.exp(-v)) for v in z]
            out += [abs(2 * v - 1) for v in a]
        elif table["activation"] == "tanh":
            a = [math.tanh(v) for v in z]
            out += [abs(v) for v in a]
        else:
            a = z
    return out


def worksheet(tmp_path, text: str, *args) -> dict:
    tmp_path.mkdir(parents=True, exist_ok=True)
    spec = tmp_path / "net.toml"
    spec.write_text(text)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["worksheet", str(spec), "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return json.loads((out / "answers.json").read_text())


@pytest.mark.parametrize("text", [SIGMOID, TANH_WIDE])
def test_default_draws_have_no_saturated_unit(tmp_path, text):
    data = worksheet(tmp_path, text, "-n", "12", "--seed", "4")
    for variant in data["variants"]:
        assert max(saturations(variant["spec"])) <= 0.95
        assert all(abs(2 * v - 1) <= 0.95 for n, v in variant["values"].items()
                   if n.startswith("a_") and "^1" in n and "sigmoid" in text)  # also after the update


def test_without_the_constraint_saturated_units_are_drawn():
    spec = parse_spec(SIGMOID + "[variants]\nmax_saturation = 1\n", numbers_optional=True)
    rng = random.Random(1)
    drawn = [draw_numbers(spec, settings_from_spec(spec), rng) for _ in range(200)]
    from symbp.spec import spec_to_dict

    assert max(max(saturations(spec_to_dict(s))) for s in drawn) > 0.95  # so the default constraint matters


def test_verbose_names_the_saturation_constraint(tmp_path):
    spec = tmp_path / "net.toml"
    spec.write_text(SIGMOID)
    result = CliRunner().invoke(main, ["worksheet", str(spec), "-n", "3", "--out", str(tmp_path / "o"), "-v"])
    assert result.exit_code == 0
    assert re.search(r"\d+\s+saturated\s+a sigmoid/tanh unit beyond max_saturation", result.output)
    assert "neurons redrawn" in result.output


@pytest.mark.parametrize("value", ["0", "1.5", '"x"'])
def test_bad_max_saturation_exits_2(tmp_path, value):
    spec = tmp_path / "net.toml"
    spec.write_text(SIGMOID + f"[variants]\nmax_saturation = {value}\n")
    done = run_symbp("worksheet", spec, "-n", "1", "--out", tmp_path / "out")
    assert done.returncode == 2 and done.stderr.startswith("symbp: variants.max_saturation")
    assert not (tmp_path / "out").exists()


def test_default_seed_differs_between_specs_and_is_printed_on_every_page(tmp_path):
    first = worksheet(tmp_path / "a", 'title = "Week 5"\n' + SIGMOID, "-n", "2")
    again = worksheet(tmp_path / "b", 'title = "Week 5"\n' + SIGMOID, "-n", "2")
    other = worksheet(tmp_path / "c", 'title = "Week 6"\n' + SIGMOID, "-n", "2")
    assert first == again
    assert (tmp_path / "a" / "out" / "worksheet.tex").read_bytes() == (tmp_path / "b" / "out" / "worksheet.tex").read_bytes()
    assert first["seed"] != other["seed"]
    assert [v["spec"] for v in first["variants"]] != [v["spec"] for v in other["variants"]]
    for name in ("worksheet.tex", "answer-key.tex"):
        tex = (tmp_path / "a" / "out" / name).read_text()
        headers = re.findall(r"^\\fancyhead\[R\]\{.*\}$", tex, re.M)
        assert headers and all(f"seed {first['seed']}" in h for h in headers)


def test_an_explicit_seed_wins(tmp_path):
    assert worksheet(tmp_path, SIGMOID, "-n", "1", "--seed", "77")["seed"] == 77


def test_an_architecture_only_spec_needs_numbers_for_derive(tmp_path):
    spec = tmp_path / "arch.toml"
    spec.write_text(SIGMOID)
    done = run_symbp("derive", spec)
    assert done.returncode == 2
    assert done.stderr.startswith("symbp: layer") and "worksheet" in done.stderr and "Traceback" not in done.stderr


def test_an_architecture_only_spec_keeps_what_it_gives(tmp_path):
    text = ('layers = [2, 3, 2]\nloss = "cross_entropy"\nlearning_rate = 0.2\ninputs = [[0, 0], [0, 0]]\n'
            '[[layer]]\nbias = false\n[[layer]]\nactivation = "softmax"\n')
    data = worksheet(tmp_path, text, "-n", "2", "--seed", "1")
    for variant in data["variants"]:
        spec = variant["spec"]
        assert len(spec["inputs"]) == 2 and spec["inputs"][0] != spec["inputs"][1]  # a batch of two, drawn
        assert spec["layer"][0]["bias"] is False and "biases" not in spec["layer"][0]
        assert spec["layer"][1]["activation"] == "softmax"
        assert all(sorted(t) == [0, 1] for t in spec["targets"])  # one-hot for cross-entropy
