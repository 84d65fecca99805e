"""Worksheets and their keys agree: task numbers, the summary of each variant (its values are the
worked solution's, in its order, and right by an independent computation), the answers template's
order, the class overview, the room to write and the sheet's prose."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from symbp.cli import main
from symbp.resources import example_path
from symbp.spec import load_spec, parse_spec
from symbp.worksheet import FILES, SheetOptions, build_worksheet

SUBSET = 'layers = [2, 3, 1]\nloss = "half_sse"\nlearning_rate = 0.1\n[variants]\nask = ["forward", "loss", "output_layer", "hidden_layers"]\n'
TWO_STEPS = 'layers = [2, 3, 1]\nloss = "half_sse"\nlearning_rate = 0.1\nsteps = 2\n'
THREE_STEPS = 'layers = [2, 3, 1]\nloss = "half_sse"\nlearning_rate = 0.1\nsteps = 3\n'
WIDE = 'layers = [4, 16, 3]\nactivation = "tanh"\nloss = "half_sse"\nlearning_rate = 0.1\n'


def sheet_of(text_or_example: str, count: int = 1, seed: int = 3, key: str = "exact"):
    """A sheet with an exact key by default: the tests below compare its values with exact ones
    (a carried key's are tested in test_invariant.py)."""
    spec = (load_spec(example_path(text_or_example)) if "\n" not in text_or_example
            else parse_spec(text_or_example, numbers_optional=True))
    return build_worksheet(spec, count, seed=seed, options=SheetOptions(symbolic="none", key=key))


@pytest.fixture(scope="module")
def nn231():
    return sheet_of("nn231", count=2)


def variant_parts(key_tex: str) -> list[tuple[str, str]]:
    """(summary, worked solution) of every variant of an answer key."""
    parts = re.split(r"\\pdfbookmark\[0\]\{Variant \d+\}", key_tex)[1:]
    out = []
    for part in parts:
        summary, rest = part.split("% worked solution of variant", 1)
        out.append((summary, rest.split("% worked solution of variant", 1)[0]))
    return out


ENTRY = re.compile(r"^\\summary(?:entry|exact)\{(?P<symbol>.*)\}\{(?P<rel>=|\\approx)\}\{(?P<value>[^{}]*)\}(?:\{.*\})?$", re.M)


def result_of(solution: str, symbol: str) -> tuple[str, str]:
    """The last relation and number of the line that defines `symbol` in a worked solution."""
    lines = solution[solution.index(f"\n{symbol} &= ") + 1:].splitlines()
    rows = [lines[0]]
    for line in lines[1:]:  # an aligned line continues on rows that begin with " &"
        if not line.startswith(" &"):
            break
        rows.append(line)
    last = re.sub(r"\\pagemark\{[^}]*\}\{[^}]*\}", "", rows[-1])  # marks of the page layout
    last = re.sub(r" \\quad \\text\{\(exact: .*$", "", last)  # a carried key's note of the exact value
    # (a line held to one unit is marked \approx^{\dagger}: plan.ONE_UNIT)
    rel, value = re.search(r"(=|\\approx)(?:\^\{\\dagger\})? (\S+?)(?: \\\\\*?)?$", last).groups()
    return rel, value


# --- task numbers ----------------------------------------------------------------------------

def test_an_ask_subset_is_numbered_1_to_n_on_the_sheet_and_in_the_key():
    sheet = sheet_of(SUBSET)
    tasks = re.findall(r"^\\task(?:\[.*?\])?\{(\d)\}\{(\w+)", sheet.files[FILES["worksheet"]], re.M)
    assert tasks == [("1", "Forward"), ("2", "Compute"), ("3", "Output"), ("4", "Hidden")]
    key = sheet.files[FILES["key"]]
    for number, heading in ((1, "Forward pass"), (2, "Cost"), (3, "Output layer 2"), (4, "Hidden layer 1")):
        assert f"\\subsection*{{\\stepmark{{{number}}} {heading}" in key
    for unasked in ("Formulas", "Gradient descent update", "Forward pass with the updated parameters", "New cost"):
        assert f"\\subsection*{{{unasked}" in key  # in the key, without a number
    assert "\\stepmark{5}" not in key


def test_a_network_without_hidden_layers_has_no_gap_in_its_numbers():
    sheet = sheet_of('layers = [2, 1]\nactivation = "identity"\nloss = "half_sse"\nlearning_rate = 0.1\n')
    numbers = re.findall(r"^\\task(?:\[.*?\])?\{(\d)\}", sheet.files[FILES["worksheet"]], re.M)
    assert numbers == [str(n) for n in range(1, 8)]


# --- the summary -----------------------------------------------------------------------------

def relu(x):
    return x if x > 0 else 0.0


def own_values(spec: dict) -> dict:
    """nn231's quantities (ReLU, half_sse, one sample, one step) by plain float arithmetic,
    written out here: forward, loss, δ, gradients, updates, forward again."""
    def forward(layers, x):
        out, a = {}, x
        for l, (W, b) in enumerate(layers, start=1):
            z = [sum(w * ai for w, ai in zip(row, a)) + bj for row, bj in zip(W, b)]
            a = [relu(v) for v in z]
            out[l] = (z, a)
        return out

    layers = [([[float(w) for w in row] for row in t["weights"]], [float(b) for b in t["biases"]]) for t in spec["layer"]]
    x, y = [float(v) for v in spec["input"]], [float(v) for v in spec["target"]]
    values, fw = {}, forward(layers, x)
    for l, (z, a) in fw.items():
        values.update({f"z_{j}^{l}": z[j] for j in range(len(z))})
        values.update({f"a_{j}^{l}": a[j] for j in range(len(a))})
    values["L"] = 0.5 * sum((yj - aj) ** 2 for yj, aj in zip(y, fw[2][1]))
    delta = {2: [(a - yj) * (1.0 if z > 0 else 0.0) for a, yj, z in zip(fw[2][1], y, fw[2][0])]}
    W2 = layers[1][0]
    delta[1] = [sum(W2[j][k] * delta[2][j] for j in range(len(W2))) * (1.0 if fw[1][0][k] > 0 else 0.0)
                for k in range(len(W2[0]))]
    new = []
    for l, (W, b) in enumerate(layers, start=1):
        inputs = x if l == 1 else fw[1][1]
        values.update({f"delta_{j}^{l}": d for j, d in enumerate(delta[l])})
        for j, d in enumerate(delta[l]):
            values[f"dL/db_{j}^{l}"] = d
            values[f"b_{j}^{l}@2"] = b[j] - 0.1 * d
            for k, a in enumerate(inputs):
                values[f"dL/dw_{j}{k}^{l}"] = d * a
                values[f"w_{j}{k}^{l}@2"] = W[j][k] - 0.1 * d * a
        new.append(([[values[f"w_{j}{k}^{l}@2"] for k in range(len(W[0]))] for j in range(len(W))],
                    [values[f"b_{j}^{l}@2"] for j in range(len(b))]))
    fw2 = forward(new, x)
    for l, (z, a) in fw2.items():
        values.update({f"z_{j}^{l}@2": z[j] for j in range(len(z))})
        values.update({f"a_{j}^{l}@2": a[j] for j in range(len(a))})
    values["L@2"] = 0.5 * sum((yj - aj) ** 2 for yj, aj in zip(y, fw2[2][1]))
    return values


def test_summary_values_are_right_and_as_the_worked_solution_prints_them(nn231):
    from symbp.render.printers import printer

    answers = json.loads(nn231.files[FILES["answers"]])
    for (summary, solution), variant in zip(variant_parts(nn231.files[FILES["key"]]), answers["variants"]):
        entries = ENTRY.findall(summary)
        assert len(entries) == len(variant["asked"]) + 1  # every asked value, and the fall of the loss
        own = own_values(variant["spec"])
        named = {printer("tex").symbol(name): name for name in variant["asked"]}
        positions = []
        for symbol, rel, value in entries[:-1]:
            name = named[symbol]
            assert result_of(solution, symbol)[1] == value, name  # what the worked solution prints
            printed = Decimal(value)
            unit = Decimal(1).scaleb(printed.as_tuple().exponent)
            assert abs(printed - Decimal(repr(own[name]))) <= unit / 2 + Decimal("1e-12"), name
            assert (rel == "=") == (Decimal(variant["exact"][name]) == printed), name
            positions.append(solution.index(f"\n{symbol} &= "))
        assert positions == sorted(positions)  # in the worked solution's order
        fall_symbol, fall_rel, fall = entries[-1]
        assert fall_symbol.startswith("L - L")
        unit = Decimal(1).scaleb(Decimal(fall).as_tuple().exponent)
        assert abs(Decimal(fall) - Decimal(repr(own["L"] - own["L@2"]))) <= unit / 2 + Decimal("1e-12")


def test_summary_of_a_rounded_network_marks_rounded_values(tmp_path):
    from symbp.render.printers import printer

    sheet = sheet_of("mazur")
    summary, solution = variant_parts(sheet.files[FILES["key"]])[0]
    entries = ENTRY.findall(summary)
    assert any(rel == "\\approx" for _, rel, _ in entries) and any(rel == "=" for _, rel, _ in entries)
    exact = json.loads(sheet.files[FILES["answers"]])["variants"][0]["exact"]
    named = {printer("tex").symbol(name): name for name in exact}
    for symbol, rel, value in entries[:-1]:
        assert result_of(solution, symbol)[1] == value  # the number the worked solution prints
        # ≈ marks a rounded value (in a line the sign says whether the line's numbers give it exactly)
        assert (rel == "\\approx") == (Decimal(value) != Decimal(exact[named[symbol]]))


@pytest.mark.parametrize("example", ["nn231", "mazur", "batch3", "steps3", "softmax3"])
def test_answers_template_follows_the_worked_solution(example):
    from symbp.pipeline import derive_solution
    from symbp.render import render
    from symbp.render.printers import printer

    solution, report = derive_solution(load_spec(example_path(example)), symbolic=False)
    template = render("answers-template", solution, report)
    names = re.findall(r'^"([^"]+)" = ""$', template, re.M)
    assert sorted(names) == sorted(solution.values)
    latex = render("tex", solution, report)
    p = printer("tex")
    positions = [latex.index(f"\n{p.symbol(n)} &= ") for n in names if f"\n{p.symbol(n)} &= " in latex]
    assert len(positions) >= len(names) // 2
    assert positions == sorted(positions)


def test_class_overview_has_a_row_per_variant_linked_to_its_summary(nn231):
    key = nn231.files[FILES["key"]]
    overview = key.split("\\pdfbookmark[0]{Variant 1}")[0]
    assert overview.count("\\hyperlink{summary-1}{1}") >= 1 and overview.count("\\hyperlink{summary-2}{2}") >= 1
    answers = json.loads(nn231.files[FILES["answers"]])
    for variant in answers["variants"]:
        link = re.escape(f"\\hyperlink{{summary-{variant['id']}}}{{{variant['id']}}}")
        rows = re.findall(rf"^{link}(.*) \\\\$", overview, re.M)
        cells = [c.strip().strip("$").replace("\\approx ", "") for row in rows for c in row.split("&")[1:]]
        summary = variant_parts(key)[variant["id"] - 1][0]
        assert cells == [value for _, _, value in ENTRY.findall(summary)]


# --- room to write -----------------------------------------------------------------------------

def spaces(sheet) -> dict:
    return {int(n): float(cm) for n, cm in
            re.findall(r"^\\task(?:\[.*?\])?\{(\d)\}\{.*\}\{([\d.]+)cm\}\{1-\d\}$", sheet.files[FILES["worksheet"]], re.M)}


def test_room_to_write_grows_with_the_task(nn231):
    one, two = spaces(nn231), spaces(sheet_of(TWO_STEPS))
    assert len(one) == 8 and all(cm >= 2.5 for cm in one.values())
    assert two[7] > 2 * one[7]  # a second step to work through
    assert one[6] > one[2] and one[5] > one[4]  # 13 parameters updated vs one loss; 12 hidden values vs 5
    wide = spaces(sheet_of(WIDE))
    assert wide[1] > 2 * one[1]


def test_a_later_step_gets_the_room_of_the_first_it_repeats():
    """A 3-4-2 tanh/softmax batch of 2 for 2 steps (a new user's exam): step 2 repeats tasks 1, 2,
    4, 5 and 6 and adds the final forward pass, so its task ⑦ needs at least their room; capped at
    three pages like any one task it got ~60 % of it."""
    exam = ('layers = [3, 4, 2]\nactivation = "tanh"\nloss = "cross_entropy"\nlearning_rate = 0.5\nsteps = 2\n'
            "inputs = [[1, 0.5, -1], [0, -1, 2]]\ntargets = [[1, 0], [0, 1]]\n"
            '[[layer]]\nweights = [[0.1, -0.2, 0.3], [0.4, 0.1, -0.1], [-0.3, 0.2, 0.2], [0.2, 0.3, -0.4]]\n'
            "biases = [0.0, 0.1, -0.1, 0.2]\n"
            '[[layer]]\nactivation = "softmax"\nweights = [[0.5, -0.3, 0.2, 0.1], [-0.4, 0.6, -0.1, 0.3]]\n'
            "biases = [0.1, -0.1]\n")
    room = spaces(sheet_of(exam))
    step_one = room[1] + room[2] + room[4] + room[5] + room[6]
    assert step_one > 3 * 23  # more than three pages: the case the cap cut
    assert room[7] >= step_one + room[1] * 0.9, room  # step 2's tasks, then a forward pass more


# --- prose -------------------------------------------------------------------------------------

def test_sheet_prose(nn231):
    worksheet = nn231.files[FILES["worksheet"]]
    assert "\\odot" not in worksheet and "\\leftarrow" not in worksheet  # task 3 asks for these formulas
    assert "pmatrix" not in worksheet and "bmatrix" in worksheet  # the key's brackets
    assert "rectified linear unit" in worksheet
    mazur = sheet_of("mazur").files[FILES["worksheet"]]
    assert "the logistic sigmoid" in mazur
    two = sheet_of(TWO_STEPS).files[FILES["worksheet"]]
    assert "Training step 2: repeat tasks \\stepmark{1}, \\stepmark{2}, \\stepmark{4}, \\stepmark{5} and \\stepmark{6}" in two
    assert "steps 2 to 2" not in two
    assert "Training steps 2 to 3" in sheet_of(THREE_STEPS).files[FILES["worksheet"]]
    softmax = sheet_of("softmax3").files[FILES["worksheet"]]
    assert "natural logarithm" in softmax and "\\operatorname{softmax}(z)_{j}" in softmax


def test_tasks_of_a_multi_step_sheet_split_the_quantities(tmp_path):
    from symbp.tasks import TASKS, asked_names

    sheet = sheet_of(THREE_STEPS)
    solution = sheet.variants[0].solution
    by_task = {task: asked_names(solution, (task,)) for task in TASKS}
    assert by_task["update"] == [n for n in solution.values if n.endswith("@2") and n.startswith(("w_", "b_"))]
    assert by_task["new_loss"] == ["L@4"]
    assert "L@2" in by_task["new_forward"] and "w_00^1@3" in by_task["new_forward"]
    worked_out = [q.name for q in solution.derivation.quantities  # but f'(z) and (W^T δ)_k, on the way
                  if q.kind not in ("activation_derivative", "backpropagated")]
    assert sorted(sum(by_task.values(), [])) == sorted(worked_out)  # each quantity in one task


def test_cli_worksheet_of_an_ask_subset(tmp_path):
    spec = tmp_path / "subset.toml"
    spec.write_text(SUBSET)
    result = CliRunner().invoke(main, ["worksheet", str(spec), "-n", "2", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "out" / "answers.json").read_text())
    assert data["tasks"] == ["forward", "loss", "output_layer", "hidden_layers"]
    key = Path(tmp_path / "out" / "answer-key.tex").read_text()
    assert len(ENTRY.findall(key)) == 2 * len(data["variants"][0]["asked"])


def test_the_update_summary_has_a_row_per_parameter_with_its_optimizer_states():
    """With momentum the key's summary of the update task alternated v_w and w@2, each on a line of
    its own (2.5 pages for a 3-4-2 network, found by a new user); a row per neuron then flowed
    Adam's five values per parameter into 4 columns, drifting from line to line (the next new
    user): a parameter's states and updated value share one row."""
    from symbp.render.summary_rows import summary_row as _row
    from symbp.tasks import TASKS

    for example in ("momentum2", "adam1"):
        solution = sheet_of(example).variants[0].solution
        spec = solution.spec
        asked = [q for q in solution.derivation.quantities if TASKS["update"](q, spec.depth, spec.steps)]
        assert {q.kind for q in asked} >= {"optimizer_state", "weight_update", "bias_update"}
        parameters = sum(len(layer.weights) * len(layer.weights[0]) + len(layer.biases) for layer in spec.layers)
        assert len({_row(q, per_parameter=True) for q in asked}) == parameters, example  # a row per parameter
        rows = {}
        for q in asked:
            rows.setdefault(_row(q, per_parameter=True), set()).add(q.kind)
        assert all(kinds & {"weight_update", "bias_update"} for kinds in rows.values())  # each with its p@t+1
