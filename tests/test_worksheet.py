"""`symbp worksheet`: distinct, verified, reproducible variants; files all-or-nothing; PDFs."""

from __future__ import annotations

import json
import math
import random
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import EXAMPLE_NN231, run_symbp, symbp_here

from symbp.cli import main

TITLE = r"50% of \input{x} & more"
FILES = ("worksheet.tex", "answer-key.tex", "answers.json")


# --- one 8-variant sheet of nn231, seed 7, made by the installed command -----------------------

@pytest.fixture(scope="module")
def sheet7(tmp_path_factory):
    out = tmp_path_factory.mktemp("sheet7")
    done = run_symbp("worksheet", "--example", "nn231", "--variants", 8, "--seed", 7, "--out", out,
                     "--title", TITLE, env={"PYTHONHASHSEED": "0"})
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def answers(sheet7):
    return json.loads((sheet7 / "answers.json").read_text(encoding="utf-8"))


def relu(z):
    return z if z > 0 else 0.0


def own_forward(spec: dict, params=None):
    """A plain float forward pass of a ReLU network in the TOML schema: (zs, activations, loss)."""
    layers = params or [([list(map(float, r)) for r in t["weights"]], list(map(float, t["biases"]))) for t in spec["layer"]]
    a = [float(v) for v in spec["input"]]
    zs, acts = [], []
    for W, b in layers:
        z = [sum(w * x for w, x in zip(row, a)) + bj for row, bj in zip(W, b)]
        a = [relu(v) for v in z]
        zs.append(z)
        acts.append(a)
    loss = 0.5 * sum((float(y) - o) ** 2 for y, o in zip(spec["target"], a))
    return zs, acts, loss


def own_gradients(spec: dict):
    """Backpropagation written out for one sample, ReLU everywhere, half_sse: (dW, db) per layer."""
    layers = [([list(map(float, r)) for r in t["weights"]], list(map(float, t["biases"]))) for t in spec["layer"]]
    zs, acts, _ = own_forward(spec)
    inputs = [[float(v) for v in spec["input"]]] + acts[:-1]
    delta = [(o - float(y)) * (1.0 if z > 0 else 0.0) for o, y, z in zip(acts[-1], spec["target"], zs[-1])]
    grads = [None] * len(layers)
    for l in range(len(layers) - 1, -1, -1):
        grads[l] = ([[d * x for x in inputs[l]] for d in delta], list(delta))
        if l:
            W = layers[l][0]
            delta = [sum(W[j][k] * delta[j] for j in range(len(W))) * (1.0 if zs[l - 1][k] > 0 else 0.0)
                     for k in range(len(W[0]))]
    return layers, grads


def test_eight_distinct_variants_with_their_seeds(answers):
    variants = answers["variants"]
    assert [v["id"] for v in variants] == list(range(1, 9))
    numbers = {json.dumps([v["spec"]["input"], v["spec"]["target"], v["spec"]["layer"]]) for v in variants}
    assert len(numbers) == 8
    assert len({v["seed"] for v in variants}) == 8


def test_variants_keep_the_architecture_and_draw_on_the_default_grid(answers):
    for v in answers["variants"]:
        spec = v["spec"]
        assert spec["layers"] == [2, 3, 1] and spec["loss"] == "half_sse" and spec["learning_rate"] == 0.1
        assert [t["activation"] for t in spec["layer"]] == ["relu", "relu"]
        for t in spec["layer"]:
            for w in (w for row in t["weights"] for w in row):
                assert -1 <= w <= 1 and w != 0 and Fraction(str(w)) * 10 == int(Fraction(str(w)) * 10)
            for b in t["biases"]:
                assert -1 <= b <= 1 and Fraction(str(b)) * 10 == int(Fraction(str(b)) * 10)
        assert all(isinstance(x, int) and -2 <= x <= 2 and x != 0 for x in spec["input"])


def test_values_agree_with_an_independent_forward_and_backward_pass(answers):
    for v in answers["variants"]:
        spec, values = v["spec"], v["values"]
        zs, acts, loss = own_forward(spec)
        for l, (z, a) in enumerate(zip(zs, acts), start=1):
            for j in range(len(z)):
                assert values[f"z_{j}^{l}"] == pytest.approx(z[j], abs=1e-12)
                assert values[f"a_{j}^{l}"] == pytest.approx(a[j], abs=1e-12)
        assert values["L"] == pytest.approx(loss, abs=1e-12)
        layers, grads = own_gradients(spec)
        alpha = float(spec["learning_rate"])
        updated = []
        for l, ((W, b), (dW, db)) in enumerate(zip(layers, grads), start=1):
            for j in range(len(W)):
                assert values[f"dL/db_{j}^{l}"] == pytest.approx(db[j], abs=1e-12)
                for k in range(len(W[j])):
                    assert values[f"dL/dw_{j}{k}^{l}"] == pytest.approx(dW[j][k], abs=1e-12)
                    assert values[f"w_{j}{k}^{l}@2"] == pytest.approx(W[j][k] - alpha * dW[j][k], abs=1e-12)
            updated.append(([[w - alpha * g for w, g in zip(r, gr)] for r, gr in zip(W, dW)],
                            [x - alpha * g for x, g in zip(b, db)]))
        assert values["L@2"] == pytest.approx(own_forward(spec, updated)[2], abs=1e-12)


def test_values_agree_with_the_float_path_of_each_variant_spec(answers):
    from symbp.spec import spec_from_dict
    from symbp.verify import float_solution

    for v in answers["variants"]:
        floats, _ = float_solution(spec_from_dict(v["spec"]))
        assert set(v["values"]) <= set(floats)
        for name, value in v["values"].items():
            assert math.isclose(value, floats[name], rel_tol=1e-9, abs_tol=1e-12), name
            assert math.isclose(float(Fraction(v["exact"][name])), value, rel_tol=1e-12, abs_tol=1e-15), name


def test_every_variant_meets_the_constraints(answers):
    for v in answers["variants"]:
        values = v["values"]
        assert all(values[n] != 0 for n in values if n.startswith("z_"))  # no pre-activation at the kink
        for l in (1, 2):
            assert any(values[n] != 0 for n in values if n.startswith(("dL/dw", "dL/db")) and n.endswith(f"^{l}"))
        assert values["L@2"] < values["L"]
        assert all(abs(x) <= 20 for x in values.values())


def test_asked_quantities_follow_the_tasks(answers):
    assert answers["tasks"] == ["forward", "loss", "formulas", "output_layer", "hidden_layers", "update",
                                "new_forward", "new_loss"]
    asked, values = answers["variants"][0]["asked"], answers["variants"][0]["values"]
    # all eight tasks ask for everything but what is worked out on the way: f'(z) of nn231's four
    # neurons and the three back-propagated sums (W^T δ)_k of its hidden layer
    on_the_way = set(values) - set(asked)
    assert set(asked) <= set(values) and len(on_the_way) == 4 + 3
    assert all(name.startswith(("local:da_", "dL/da_")) for name in on_the_way)


def test_title_is_escaped_in_both_documents(sheet7):
    for name in ("worksheet.tex", "answer-key.tex"):
        tex = (sheet7 / name).read_text(encoding="utf-8")
        assert r"50\% of \textbackslash{}input\{x\} \& more" in tex
        assert r"\input{x}" not in tex


def test_same_seed_gives_identical_files_under_another_hash_seed(sheet7, tmp_path):
    done = run_symbp("worksheet", "--example", "nn231", "--variants", 8, "--seed", 7, "--out", tmp_path,
                     "--title", TITLE, env={"PYTHONHASHSEED": "4242"})
    assert done.returncode == 0, done.stderr
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (sheet7 / name).read_bytes(), name


def test_another_seed_gives_other_variants(answers, tmp_path):
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "8", "--seed", "8", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    other = json.loads((tmp_path / "answers.json").read_text())
    assert [v["spec"] for v in other["variants"]] != [v["spec"] for v in answers["variants"]]
    seen = {json.dumps(v["spec"]) for v in answers["variants"]}
    assert sum(json.dumps(v["spec"]) in seen for v in other["variants"]) < 8


def test_variant_k_does_not_depend_on_how_many_are_drawn(answers, tmp_path):
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "3", "--seed", "7", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    fewer = json.loads((tmp_path / "answers.json").read_text())["variants"]
    assert [v["spec"] for v in fewer] == [v["spec"] for v in answers["variants"][:3]]


def test_the_global_random_generator_is_left_alone():
    from symbp.resources import example_path
    from symbp.spec import load_spec
    from symbp.variants import draw_variants

    random.seed(123)
    before = random.getstate()
    draw_variants(load_spec(example_path("nn231")), 2, random.Random(5))
    assert random.getstate() == before


# --- the [variants] table, errors and all-or-nothing output -------------------------------------

def spec_with(tmp_path: Path, variants_table: str) -> Path:
    path = tmp_path / "net.toml"
    path.write_text(EXAMPLE_NN231.read_text().split("\n[variants]")[0] + "\n[variants]\n" + variants_table + "\n")
    return path


def test_variants_table_sets_ranges_and_tasks(tmp_path):
    spec = spec_with(tmp_path, 'weights = { range = [-0.5, 0.5], decimals = 2 }\ninputs = { range = [1, 3], decimals = 0 }\n'
                               'ask = ["loss", "forward"]\ncourse = "NN & Co"')
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["worksheet", str(spec), "-n", "4", "--seed", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "answers.json").read_text())
    assert data["tasks"] == ["forward", "loss"]
    for v in data["variants"]:
        weights = [w for t in v["spec"]["layer"] for row in t["weights"] for w in row]
        assert all(-0.5 <= w <= 0.5 and w != 0 and Fraction(str(w)) * 100 == int(Fraction(str(w)) * 100) for w in weights)
        assert any(Fraction(str(w)) * 10 != int(Fraction(str(w)) * 10) for w in weights)  # two decimals used
        assert all(1 <= x <= 3 for x in v["spec"]["input"])
        assert all(n.startswith(("z_", "a_")) or n == "L" for n in v["asked"]) and "L" in v["asked"]
        assert not any("@" in n for n in v["asked"])
    assert r"NN \& Co" in (out / "worksheet.tex").read_text()


@pytest.mark.parametrize("table, field", [
    ("wieghts = { range = [-1, 1] }", "variants.wieghts"),
    ("weights = { range = [0.01, 0.02], decimals = 1 }", "variants.weights.range"),
    ("biases = { range = [-1, 1], decimals = 9 }", "variants.biases.decimals"),
    ('ask = ["forward", "homework"]', "variants.ask"),
    ("max_abs_value = 0.0001\nmax_draws = 20", "variants"),
])
def test_bad_variants_table_exits_2_and_writes_nothing(tmp_path, table, field):
    out = tmp_path / "out"
    done = symbp_here("worksheet", spec_with(tmp_path, table), "-n", "2", "--out", out)
    assert done.returncode == 2, done.stderr
    assert done.stderr.split(": ", 2)[2].startswith(field) and "Traceback" not in done.stderr
    assert not out.exists()


def test_verification_failure_writes_nothing(tmp_path, monkeypatch):
    import symbp.pipeline
    from symbp.errors import VerificationError

    def failing(spec, round_to=None, symbolic=None, solution=None):
        raise VerificationError("verification failed: dL/dw_00^1 disagrees")

    monkeypatch.setattr(symbp.pipeline, "derive_solution", failing)
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "2", "--out", str(out)])
    assert result.exit_code == 3
    assert "dL/dw_00^1" in result.output
    assert list(out.iterdir()) == []


def test_verbose_counts_rejections_by_reason(tmp_path):
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "5", "--seed", "3", "--out",
                                       str(tmp_path), "--verbose"])
    assert result.exit_code == 0, result.output
    for reason in ("kink", "dead_layer", "loss_increase", "out_of_range", "duplicate"):
        assert reason in result.output
    assert "5 variants from" in result.output


def test_course_templates_override_by_name(tmp_path):
    own = tmp_path / "mine" / "tex"
    own.mkdir(parents=True)
    (own / "worksheet-tasks.tex.jinja").write_text("OUR-OWN-TASKS <%= v.tasks|length %>\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "2", "--out", str(out),
                                       "--templates", str(tmp_path / "mine")])
    assert result.exit_code == 0, result.output
    assert (out / "worksheet.tex").read_text().count("OUR-OWN-TASKS 8") == 2


def test_a_sigmoid_bce_network(tmp_path):
    spec = tmp_path / "sig.toml"
    spec.write_text('layers = [2, 2, 1]\nactivation = "sigmoid"\nloss = "bce"\nlearning_rate = 0.5\n'
                    'input = [1, 0]\ntarget = [1]\n[[layer]]\nweights = [[0.1, 0.2], [0.3, 0.4]]\nbiases = [0, 0]\n'
                    '[[layer]]\nweights = [[0.5, 0.6]]\nbiases = [0]\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["worksheet", str(spec), "-n", "3", "--seed", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for v in json.loads((out / "answers.json").read_text())["variants"]:
        x, y = [float(t) for t in v["spec"]["input"]], float(v["spec"]["target"][0])
        assert 0 <= y <= 1
        (W1, b1), (W2, b2) = [(t["weights"], t["biases"]) for t in v["spec"]["layer"]]
        sig = lambda t: 1 / (1 + math.exp(-t))
        h = [sig(sum(w * xi for w, xi in zip(row, x)) + b) for row, b in zip(W1, b1)]
        o = sig(sum(w * hi for w, hi in zip(W2[0], h)) + b2[0])
        assert v["values"]["L"] == pytest.approx(-(y * math.log(o) + (1 - y) * math.log(1 - o)), rel=1e-12)


@pytest.mark.parametrize("example, low, high", [("mazur", 0, 1), ("nn231", 0, 2)])
def test_default_targets_are_reachable_by_the_output_activation(example, low, high):
    from symbp.resources import example_path
    from symbp.spec import load_spec
    from symbp.variants import draw_numbers, settings_from_spec

    spec = load_spec(example_path(example))
    settings = settings_from_spec(spec)
    rng = random.Random(11)
    targets = [t for _ in range(200) for row in draw_numbers(spec, settings, rng).targets for t in row]
    assert low <= min(targets) and max(targets) <= high
    assert min(targets) < (low + high) / 2 < max(targets)


def test_targets_a_loss_cannot_take_are_a_spec_error(tmp_path):
    spec = tmp_path / "ce.toml"
    text = (Path(__file__).resolve().parents[1] / "examples" / "softmax3.toml").read_text()
    spec.write_text(text.replace("[variants]\n", "[variants]\ntargets = { one_hot = false, range = [0, 1], decimals = 1 }\n"))
    assert "targets =" in spec.read_text()
    done = symbp_here("worksheet", spec, "-n", "1", "--out", tmp_path / "out")
    assert done.returncode == 2 and done.stderr.split(": ", 2)[2].startswith("variants.targets")
    assert not (tmp_path / "out").exists()


def test_pdf_without_tex_says_what_to_install_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--out", str(out), "--pdf"])
    assert result.exit_code == 4
    assert "apt-get install texlive-latex-base texlive-latex-recommended texlive-pictures latexmk" in result.output
    assert not out.exists()


# --- PDFs -------------------------------------------------------------------------------------

def pdf_pages(path: Path) -> int:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_acceptance_pdfs(requires_tex, sheet7, tmp_path):
    done = symbp_here("worksheet", "--example", "nn231", "--variants", 8, "--seed", 7, "--out", tmp_path, "--pdf",
                      "--title", TITLE)
    assert done.returncode == 0, done.stderr
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (sheet7 / name).read_bytes()
    assert pdf_pages(tmp_path / "worksheet.pdf") >= 8
    assert pdf_pages(tmp_path / "answer-key.pdf") >= 8
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "worksheet.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert text.count(TITLE) >= 8  # printed literally, once per variant at least


def test_latex_error_in_a_course_template_keeps_the_tex(requires_tex, tmp_path):
    own = tmp_path / "mine" / "tex"
    own.mkdir(parents=True)
    (own / "worksheet-tasks.tex.jinja").write_text("\\undefinedcoursemacro\n")
    out = tmp_path / "out"
    done = symbp_here("worksheet", "--example", "nn231", "-n", "1", "--out", out, "--pdf", "--templates", tmp_path / "mine")
    assert done.returncode == 5
    assert "Undefined control sequence" in done.stderr and "line" in done.stderr and "Traceback" not in done.stderr
    tex_lines = (out / "worksheet.tex").read_text().splitlines()
    line = int(done.stderr.split(" at line ")[1].split()[0])
    assert tex_lines[line - 1] == "\\undefinedcoursemacro"
    assert not (out / "worksheet.pdf").exists()


@pytest.mark.parametrize("locale, said", [("en", "the sheet keeps the spec's title \"Neural Network 1: 231\""),
                                          ("de", "Titel der Spezifikation „Neural Network 1: 231“")])
def test_a_blank_title_says_on_stderr_that_the_specs_title_is_kept(tmp_path, locale, said):
    # a blank --title keeps the spec's title (a sheet has one); a last new user: it did so without a word
    from helpers import cli_runner

    blank = cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "1", "--title", "  ",
                                       "--locale", locale, "--out", str(tmp_path / "blank")])
    assert blank.exit_code == 0 and said in blank.stderr, blank.stderr
    assert "{\\Large\\bfseries Neural Network 1: 231}" in (tmp_path / "blank" / "worksheet.tex").read_text(encoding="utf-8")
    given = cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "1", "--title", "Quiz 3",
                                       "--out", str(tmp_path / "given")])
    assert given.exit_code == 0 and "--title" not in given.stderr, given.stderr
