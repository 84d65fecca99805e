"""The matrix-form update W − α·∂L/∂W written out with its numbers, and the plain-text vector and
matrix derivations read back (render/update_matrix.py, render/readback_text.py).

Before, `W^{2 ⟨2⟩} = W^{2} − α ∂L/∂W^{2} = [result]` printed no numbers to follow, and the plain-text
vector/matrix lines were not read back at all.  Now the update prints [W] − α·[∂L/∂W] ≈ [W@2] with the
numbers the per-neuron lines put in (compared here with `--detail neuron`'s lines, parsed from its
text); a fault planted in the printed text — a digit changed, a minus dropped, two entries swapped, in
W, in ∂L/∂W or in the result; in plain text also in the forward pass, δ, the gradients and softmax —
stops the run with exit 3 and nothing written.

nn231 by hand: ∂L/∂W^1 = δ^1 (a^0)^T = ((0, 0), (−0.9, −1.8), (0.3, 0.6)); W^1(2) = W^1 − 0.1·∂L/∂W^1
= ((0.2, −0.4), (−0.21, 0.98), (0.47, 0.64)); b^1(2) = (0.1, −0.2, −0.1) − 0.1·(0, −0.9, 0.3) = (0.1, −0.11, −0.13).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from helpers import cli_runner
from test_readback import fresh  # noqa: F401  (the fixture: caches set aside)
from test_readback_entries import EXAMPLES, SPECS, _planting

import symbp.render.worked as worked
from symbp.cli import main

M = "−"
ROW = r"\begin{bmatrix}%s\end{bmatrix}"


def _run(*argv):
    return cli_runner().invoke(main, [str(a) for a in argv])


def _side_by_side(lines: list[str], i: int) -> list[list[list[str]]]:
    """The matrices printed side by side from line i on (plain text): each as rows of entries."""
    groups = []
    while i < len(lines) and lines[i].strip().startswith("["):
        found = re.findall(r"\[([^\]]*)\]", lines[i])
        groups = groups or [[] for _ in found]
        for group, text in zip(groups, found):
            group.append(text.split())
        i += 1
    return groups


def _neuron_updates(text: str) -> dict:
    """name of the new weight -> (w, α, g, result) as its line `w_jk^l@2 = … = w − α·g ≈ r` prints them."""
    out = {}
    for m in re.finditer(r"^\s*(w_(\d)(\d)\^(\d)@2) = \S+ − α·\S+ = (\S+) − (\S+)·\(?([^()\s]+)\)? (?:=|≈†?) (\S+)", text, re.M):
        out[(int(m.group(4)), int(m.group(2)), int(m.group(3)))] = (m.group(5), m.group(6), m.group(7), m.group(8))
    return out


def _matrix_after(lines: list[str], header: str) -> list[list[str]]:
    """The rows printed under the line `header` (plain text)."""
    n = [line.strip() for line in lines].index(header)
    return _side_by_side(lines, n + 1)[0]


@pytest.mark.parametrize("example", ["nn231", "mazur", "nobias"])
@pytest.mark.parametrize("carried", [[], ["--round-intermediate"]])
def test_the_update_puts_in_the_numbers_the_per_neuron_lines_put_in(example, carried):
    """Each entry of [W] − α·[∂L/∂W] ≈ [W@2] is the number its own line prints under --detail neuron in
    the exact mode (guard digits included), and in the calculator mode (whose carried values depend on
    what is printed: the matrix form rounds (W^T δ)) the gradient printed before it in the same document,
    ∂L/∂W^l = δ^l·(a^(l−1))^T = [...]; W is the one its forward pass printed, the result the next one's."""
    neuron = _run("derive", "--example", example, "--detail", "neuron", "--format", "text", "--digits", "3", *carried)
    matrix = _run("derive", "--example", example, "--detail", "matrix", "--format", "text", "--digits", "3", *carried)
    assert neuron.exit_code == 0 and matrix.exit_code == 0
    expected = _neuron_updates(neuron.output)
    assert expected
    lines = matrix.output.split("\n")
    found = 0
    for n, line in enumerate(lines):
        m = re.match(r"^\s*W\^(\d)@2 = W\^\d − α·∂L/∂W\^\d =$", line)
        if not m:
            continue
        l = int(m.group(1))
        old, gradient, result = _side_by_side(lines, n + 1)
        rate = re.search(r"\] − (\S+)·\[", "\n".join(lines[n + 1:n + 1 + len(old)])).group(1)
        assert old == _matrix_after(lines, f"W^{l} =")
        assert result == _matrix_after(lines, f"W^{l}@2 =")
        printed = next(row for row in lines if row.strip().startswith(f"∂L/∂W^{l} = δ^{l}·"))
        below = lines[lines.index(printed) + 1:lines.index(printed) + 1 + len(gradient)]
        assert gradient == [re.findall(r"\[([^\]]*)\]", row)[-1].split() for row in below]  # [δ]·[a] = [∂L/∂W]
        for j, row in enumerate(old):
            for k in range(len(row)):
                w, alpha, g, r = expected[(l, j, k)]
                assert (old[j][k], rate) == (w, alpha)
                if not carried:
                    assert (gradient[j][k], result[j][k]) == (g, r)
                found += 1
    assert found == len(expected)


TEX_FAULTS = [  # (old, new) in the rows of W^1's update (nn231)
    ("-0.3 & 0.8", "-0.3 & 0.9"), ("-0.3 & 0.8", "0.3 & 0.8"), ("0.5 & 0.7", "0.7 & 0.5"),  # W: a digit, a minus, a swap
    ("-0.9 & -1.8", "-0.9 & -1.7"), ("-0.9 & -1.8", "0.9 & -1.8"), ("0.3 & 0.6", "0.6 & 0.3"),  # ∂L/∂W
    ("-0.21 & 0.98", "-0.21 & 0.99"), ("-0.21 & 0.98", "0.21 & 0.98"), ("0.47 & 0.64", "0.64 & 0.47"),  # the result
    (r"- 0.1 \begin", r"- 0.2 \begin"),  # α
]


@pytest.mark.parametrize("fmt", ["md", "tex"])
@pytest.mark.parametrize("old,new", TEX_FAULTS)
def test_a_fault_planted_in_a_typeset_update_stops_the_run(fresh, tmp_path, fmt, old, new):  # noqa: F811
    refused(tmp_path, fmt, _planting(fresh, r"W^{1\,\langle 2\rangle}", "body", old, new))


def refused(tmp_path, fmt: str, changed: list, example: str = "nn231"):
    """`derive --detail matrix` with a fault planted (`changed`: what the planting changed, filled as
    it runs): exit 3, the printed text named, no file."""
    out = tmp_path / f"s.{fmt}"
    result = _run("derive", "--example", example, "--detail", "matrix", "--format", fmt, "-o", out)
    assert changed and all(changed), "the fault was not planted"
    assert result.exit_code == 3, result.output
    assert "verification failed: the printed text" in result.stderr
    assert not out.exists()


def _planting_fields(monkeypatch, where, field: str, change) -> list:
    """worked._context made to change the printed field `field` of the dict `where(context)` by
    `change(value)` (a list changed in place); the dicts changed (filled as it runs)."""
    original = worked._context
    changed = []

    def planted(*args, **kwargs):
        lines, context = original(*args, **kwargs)
        item = where(context)
        if item is not None and item.get(field) is not None:
            change(item[field])
            changed.append(item)
        return lines, context
    monkeypatch.setattr(worked, "_context", planted)
    return changed


def _set(i, j, text):
    def change(value):
        (value[i] if j is not None else value)[j if j is not None else i] = text
    return change


def _swap(i, j, k):
    def change(value):
        row = value[i]
        row[j], row[k] = row[k], row[j]
    return change


UPDATE_1 = lambda c: c["steps"][0]["updates"][1]["matrix"]  # noqa: E731  (nn231's W^1 update)
FORWARD_1 = lambda c: c["steps"][0]["forward"]["samples"][0]["layers"][0]["matrix"]  # noqa: E731
HIDDEN_1 = lambda c: c["steps"][0]["backward"]["samples"][0]["layers"][1]  # noqa: E731

TEXT_FAULTS = {  # name -> (example, the dict, its field, the change)
    "W digit": ("nn231", UPDATE_1, "old", _set(1, 0, f"{M}0.4")),
    "W minus": ("nn231", UPDATE_1, "old", _set(1, 0, "0.3")),
    "W swap": ("nn231", UPDATE_1, "old", _swap(2, 0, 1)),
    "dL/dW digit": ("nn231", UPDATE_1, "gradient", _set(1, 1, f"{M}1.7")),
    "dL/dW minus": ("nn231", UPDATE_1, "gradient", _set(1, 0, "0.9")),
    "dL/dW swap": ("nn231", UPDATE_1, "gradient", _swap(2, 0, 1)),
    "result digit": ("nn231", UPDATE_1, "weights", _set(1, 1, "0.99")),
    "result minus": ("nn231", UPDATE_1, "weights", _set(1, 0, "0.21")),
    "result swap": ("nn231", UPDATE_1, "weights", _swap(2, 0, 1)),
    "alpha": ("nn231", UPDATE_1, "rate", None),
    "bias dL/db minus": ("nn231", UPDATE_1, "gradient_biases", _set(1, None, "0.9")),
    "bias result": ("nn231", UPDATE_1, "biases", _set(2, None, f"{M}0.12")),
    "update sign": ("mazur", UPDATE_1, "weights_approx", None),
    "forward W minus": ("nn231", FORWARD_1, "weights", _set(0, 1, "0.4")),
    "forward W swap": ("nn231", FORWARD_1, "weights", _swap(2, 0, 1)),
    "forward a^0": ("nn231", FORWARD_1, "inputs", _set(1, None, "3")),
    "forward b": ("nn231", FORWARD_1, "biases", _set(0, None, "0.2")),
    "forward z": ("nn231", FORWARD_1, "z", _set(2, None, "1.9")),
    "forward a": ("nn231", FORWARD_1, "a", _set(1, None, "1.2")),
    "backprop W^T minus": ("nn231", lambda c: HIDDEN_1(c)["matrix"], "transposed", _set(1, 0, f"{M}0.9")),
    "backprop δ^2": ("nn231", lambda c: HIDDEN_1(c)["matrix"], "delta_next", _set(0, None, "1")),
    "backprop sum": ("nn231", lambda c: HIDDEN_1(c)["matrix"], "backpropagated", _set(2, None, "0.4")),
    "backprop f'": ("nn231", lambda c: HIDDEN_1(c)["matrix"], "derivatives", _set(0, None, "1")),
    "backprop δ": ("nn231", lambda c: HIDDEN_1(c)["matrix"], "delta", _set(2, None, f"{M}0.3")),
    "gradient swap": ("nn231", lambda c: HIDDEN_1(c)["gradient_matrix"], "weights", _swap(1, 0, 1)),
    "gradient bias": ("nn231", lambda c: HIDDEN_1(c)["gradient_matrix"], "biases", _set(1, None, "0.9")),
    "output δ": ("mazur", lambda c: c["steps"][0]["backward"]["samples"][0]["layers"][0]["output_vector"], "delta",
                 _set(0, None, "0.1386")),
    "softmax sum": ("softmax3", lambda c: c["steps"][0]["forward"]["samples"][0]["layers"][-1]["matrix"]["softmax"],
                    "sum", None),
}


@pytest.mark.parametrize("name", list(TEXT_FAULTS))
def test_a_fault_planted_in_a_plain_text_vector_or_matrix_stops_the_run(fresh, tmp_path, name):  # noqa: F811
    example, where, field, change = TEXT_FAULTS[name]
    if change is None:  # a number (α, a sum) or a relation's sign
        def change(value):
            raise AssertionError
        original = worked._context
        changed = []

        def planted(*args, **kwargs):
            lines, context = original(*args, **kwargs)
            item = where(context)
            item[field] = {"rate": "0.2", "sum": "9.999"}.get(field, not item[field] if field.endswith("approx") else None)
            changed.append(item)
            return lines, context
        fresh.setattr(worked, "_context", planted)
    else:
        changed = _planting_fields(fresh, where, field, change)
    refused(tmp_path, "text", changed, example)


@pytest.mark.parametrize("source", [("--example", e) for e in EXAMPLES] + [(s,) for s in SPECS],
                         ids=lambda s: Path(s[-1]).stem)
def test_no_plain_text_matrix_output_is_refused_by_its_reader(source):
    """Every example and golden spec × digits 2/3/6 × exact/carried in plain text with --detail matrix is
    written (its vectors and matrices read back)."""
    for digits in (2, 3, 6):
        for carried in ([], ["--round-intermediate"]):
            result = _run("derive", *source, "--detail", "matrix", "--format", "text", "--digits", digits, *carried)
            assert result.exit_code == 0, (digits, carried, result.output)


def _network(widths: list[int], rng: random.Random, activation: str, output: str, loss: str) -> dict:
    layers = []
    for l in range(1, len(widths)):
        layers.append({"weights": [[f"{rng.uniform(-1, 1):.2f}" for _ in range(widths[l - 1])] for _ in range(widths[l])],
                       "biases": [f"{rng.uniform(-1, 1):.1f}" for _ in range(widths[l])],
                       "activation": activation if l < len(widths) - 1 else output})
    if loss == "cross_entropy":
        target = [1 if j == 0 else 0 for j in range(widths[-1])]
    else:
        target = [f"{rng.uniform(0, 1):.1f}" for _ in range(widths[-1])]
    return {"layers": widths, "loss": loss, "learning_rate": "0.1", "layer": layers,
            "input": [f"{rng.uniform(-2, 2):.1f}" for _ in range(widths[0])], "target": target}


def _random_networks() -> list:
    rng = random.Random(33)
    out = []
    for n in range(10):
        depth = 1 + n % 3
        widths = [rng.randint(1, 6) for _ in range(depth + 1)]
        activation = rng.choice(["relu", "sigmoid", "tanh", "leaky_relu", "identity"])
        output, loss = rng.choice([("sigmoid", "bce"), ("identity", "mse"), ("relu", "half_sse"), ("softmax", "cross_entropy")])
        if output == "softmax":
            widths[-1] = max(widths[-1], 2)
        out.append(_network(widths, rng, activation, output, loss))
    out.append(_network([3, 40, 3], rng, "relu", "softmax", "cross_entropy"))  # 40 rows: blocks of rows
    out.append(_network([2, 34, 1], rng, "tanh", "identity", "mse"))
    out.append(_network([34, 3, 2], rng, "sigmoid", "sigmoid", "bce"))  # 34 columns: blocks of columns
    return out


@pytest.mark.parametrize("index", range(13))
def test_no_random_matrix_output_is_refused_by_its_reader(tmp_path, index):
    """Random networks (depth 1–3, widths 1–6; 3-40-3, 2-34-1, 34-3-2) × text/md/tex × exact/carried at
    --digits 3 with --detail matrix are written (a leaky ReLU's slope as the spec's default)."""
    from test_invariant import toml

    table = _random_networks()[index]
    path = tmp_path / "net.toml"
    path.write_text(toml(table))
    for fmt in ("text", "md", "tex"):
        for carried in ([], ["--round-intermediate"]):
            result = _run("derive", path, "--detail", "matrix", "--format", fmt, "--digits", 3, *carried)
            assert result.exit_code == 0, (fmt, carried, result.output[-2000:])


def _symmetric_mazur(tmp_path) -> Path:
    """Mazur's network with W^1 and W^2 symmetric (w_01 = w_10): a matrix and its transpose print alike."""
    spec = (Path(__file__).parents[1] / "examples" / "mazur.toml").read_text()
    spec = spec.replace("[[0.15, 0.20], [0.25, 0.30]]", "[[0.15, 0.20], [0.20, 0.30]]")
    spec = spec.replace("[[0.40, 0.45], [0.50, 0.55]]", "[[0.40, 0.45], [0.45, 0.55]]")
    path = tmp_path / "symmetric.toml"
    path.write_text(spec)
    return path


def _names_turned(monkeypatch, module, function, *keys) -> list:
    """`function`'s names of a matrix (data["names"][keys…]) turned round in place (rows become columns),
    as a printer that writes W where (W)^T is meant (or the other way round) names them, its numbers
    following: the same numbers where W is symmetric."""
    original = getattr(module, function)
    turned = []

    def wrong(*args, **kwargs):
        data = original(*args, **kwargs)
        names = data["names"]
        for key in keys[:-1]:
            names = names[key]
        grid = names[keys[-1]]
        if "@" not in grid[0][0]:  # (step 1's: after the update W is no longer symmetric)
            grid[:] = [list(column) for column in zip(*grid)]
            turned.append(grid)
        return data
    monkeypatch.setattr(module, function, wrong)
    return turned


@pytest.mark.parametrize("fmt", ["text", "md", "tex"])
@pytest.mark.parametrize("where", ["backprop", "forward"])
def test_a_matrix_in_the_other_orientation_than_its_row_says_stops_the_run(fresh, tmp_path, fmt, where):  # noqa: F811
    """(W^2)^T δ^2 printed as W^2 (its names w_jk j down the rows), or W^1 a^0 printed as (W^1)^T: the
    entries' place check takes only the orientation the row writes (a symmetric W: the numbers cannot tell)."""
    import symbp.render.worked_backward as worked_backward
    import symbp.render.worked_forward as worked_forward

    if where == "backprop":
        turned = _names_turned(fresh, worked_backward, "_matrix_form", "transposed")
    else:
        turned = _names_turned(fresh, worked_forward, "_matrix", "w")
    out = tmp_path / f"s.{fmt}"
    result = _run("derive", _symmetric_mazur(tmp_path), "--detail", "matrix", "--format", fmt, "-o", out)
    assert turned
    assert result.exit_code == 3, result.output
    assert "out of their places" in result.stderr
    assert not out.exists()


def test_the_symmetric_network_is_written_as_printed():
    """(The network of the test above, printed as it is: every orientation as its row says.)"""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = _symmetric_mazur(Path(folder))
        for fmt in ("text", "md", "tex"):
            assert _run("derive", path, "--detail", "matrix", "--format", fmt).exit_code == 0
