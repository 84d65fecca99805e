"""Optimizers and regularization (issue 11): every optimizer and regularizer against an
independent implementation written here (plain Fractions and floats: a dense network's forward and
backward pass by the textbook, torch.optim's update equations), against torch.optim in float64
where torch is installed, Adam's first step by hand, bad hyperparameters, the printed lines
re-read by the independent reader (linecheck) and the names of the state quantities."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
from click.testing import CliRunner

from helpers import REPO
from linecheck import check_text
from symbp import names
from symbp.cli import main
from symbp.evaluate import solve
from symbp.spec import parse_spec
from symbp.verify import verify

REPO_EXAMPLES = REPO / "examples"
OPTIMIZERS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
REGULARIZERS = ({}, {"weight_decay": Fraction(1, 20)}, {"l1": Fraction(1, 50)},
                {"weight_decay": Fraction(1, 10), "l1": Fraction(1, 100), "regularize_biases": True})


# ---- the independent implementation ---------------------------------------------------------------
def _name(kind: str, l: int, idx: tuple, t: int) -> str:
    return f"{kind}_{''.join(map(str, idx))}^{l}" + (f"@{t}" if t > 1 else "")


def _state_name(state: str, kind: str, l: int, idx: tuple, t: int) -> str:
    return f"{state}_{kind}_{''.join(map(str, idx))}^{l}" + (f"@{t}" if t > 1 else "")


def _relu(z):
    return z if z > 0 else 0 * z


def _gradients(W, B, acts, x, y):
    """Half the sum of squared errors: (∂L/∂W, ∂L/∂b) by the textbook backward pass."""
    a_s, z_s = [x], []
    for Wl, Bl, act in zip(W, B, acts):
        z = [sum(w * a for w, a in zip(row, a_s[-1])) + Bl[j] for j, row in enumerate(Wl)]
        z_s.append(z)
        a_s.append([_relu(v) if act == "relu" else v for v in z])
    delta = [(a - t) * (1 if acts[-1] == "identity" else (1 if z > 0 else 0)) for a, t, z in zip(a_s[-1], y, z_s[-1])]
    gW, gB = [None] * len(W), [None] * len(W)
    for l in range(len(W) - 1, -1, -1):
        gW[l] = [[d * a for a in a_s[l]] for d in delta]
        gB[l] = list(delta)
        if l:
            back = [sum(W[l][j][k] * delta[j] for j in range(len(delta))) for k in range(len(a_s[l]))]
            delta = [s * (1 if acts[l - 1] == "identity" or z > 0 else 0) for s, z in zip(back, z_s[l - 1])]
    return gW, gB


def _sign(v):
    return (v > 0) - (v < 0)


def independent(setup: dict, exact: bool) -> dict:
    """name -> value of every parameter, regularized gradient and state, step by step."""
    num = (lambda v: Fraction(v)) if exact else float
    W = [[[num(w) for w in row] for row in Wl] for Wl in setup["W"]]
    B = [[num(b) for b in Bl] for Bl in setup["B"]]
    alpha, h = num(setup["lr"]), {k: num(v) for k, v in setup["hyper"].items()}
    wd, l1 = num(setup.get("weight_decay", 0)), num(setup.get("l1", 0))
    state, out = {}, {}
    for t in range(1, setup["steps"] + 1):
        gW, gB = _gradients(W, B, setup["acts"], [num(v) for v in setup["x"]], [num(v) for v in setup["y"]])
        for l in range(len(W)):
            params = [("w", (j, k), W[l][j], k, gW[l][j][k]) for j in range(len(W[l])) for k in range(len(W[l][j]))]
            params += [("b", (j,), B[l], j, gB[l][j]) for j in range(len(B[l]))]
            for kind, idx, holder, pos, g in params:
                p = holder[pos]
                if (kind == "w" or setup.get("regularize_biases")) and ("weight_decay" in setup or "l1" in setup):
                    g = g + wd * p + l1 * _sign(p)
                    out[f"dJ/d{_name(kind, l + 1, idx, t)}"] = g
                s = state.setdefault((kind, l, idx), {})
                opt = setup["optimizer"]
                if opt == "sgd":
                    new = p - alpha * g
                elif opt in ("momentum", "nesterov"):
                    s["v"] = g if t == 1 else h["beta"] * s["v"] + g
                    new = p - alpha * (g + h["beta"] * s["v"] if opt == "nesterov" else s["v"])
                elif opt == "adagrad":
                    s["s"] = s.get("s", 0) + g * g
                    new = p - alpha * g / (math.sqrt(s["s"]) + h["eps"])
                elif opt == "rmsprop":
                    s["v"] = h["rho"] * s.get("v", 0) + (1 - h["rho"]) * g * g
                    new = p - alpha * g / (math.sqrt(s["v"]) + h["eps"])
                else:
                    s["m"] = h["beta1"] * s.get("m", 0) + (1 - h["beta1"]) * g
                    s["v"] = h["beta2"] * s.get("v", 0) + (1 - h["beta2"]) * g * g
                    s["mhat"] = s["m"] / (1 - h["beta1"] ** t)
                    s["vhat"] = s["v"] / (1 - h["beta2"] ** t)
                    new = p - alpha * s["mhat"] / (math.sqrt(s["vhat"]) + h["eps"])
                for state_kind, value in s.items():
                    out[_state_name(state_kind, kind, l + 1, idx, t)] = value
                out[_name(kind, l + 1, idx, t + 1)] = new
                holder[pos] = new
    return out


HYPER = {"sgd": {}, "momentum": {"beta": Fraction(9, 10)}, "nesterov": {"beta": Fraction(4, 5)},
         "adagrad": {"eps": Fraction(1, 10**10)}, "rmsprop": {"rho": Fraction(9, 10), "eps": Fraction(1, 10**8)},
         "adam": {"beta1": Fraction(9, 10), "beta2": Fraction(999, 1000), "eps": Fraction(1, 10**8)}}


def _seed(optimizer: str, r: int) -> int:
    return 31 * OPTIMIZERS.index(optimizer) + r


def random_setup(seed: int, optimizer: str, regularizer: dict) -> dict:
    rng = random.Random(seed)
    widths = [rng.randint(1, 2), rng.randint(1, 2), 1]
    value = lambda: Fraction(rng.randint(-8, 8), 8)  # noqa: E731
    return {
        "widths": widths, "acts": ["relu", "identity"], "optimizer": optimizer, "hyper": HYPER[optimizer],
        "W": [[[value() for _ in range(widths[l])] for _ in range(widths[l + 1])] for l in range(2)],
        "B": [[value() for _ in range(widths[l + 1])] for l in range(2)],
        "x": [value() for _ in range(widths[0])], "y": [value()], "lr": Fraction(1, 10),
        "steps": rng.randint(1, 3), **regularizer,
    }


def _toml(setup: dict) -> str:
    def num(v):
        return f'"{v}"' if isinstance(v, Fraction) else str(v)

    def vec(vs):
        return "[" + ", ".join(num(v) for v in vs) + "]"

    name = "momentum" if setup["optimizer"] == "nesterov" else setup["optimizer"]
    text = (f'layers = {setup["widths"]}\nactivation = "relu"\nloss = "half_sse"\nlearning_rate = {num(setup["lr"])}\n'
            f'steps = {setup["steps"]}\ninput = {vec(setup["x"])}\ntarget = {vec(setup["y"])}\n')
    for key in ("weight_decay", "l1"):
        if key in setup:
            text += f"{key} = {num(setup[key])}\n"
    if setup.get("regularize_biases"):
        text += "regularize_biases = true\n"
    text += f'[optimizer]\nname = "{name}"\n' + "".join(f"{k} = {num(v)}\n" for k, v in setup["hyper"].items())
    if setup["optimizer"] == "nesterov":
        text += "nesterov = true\n"
    for l, act in enumerate(setup["acts"]):
        text += f'[[layer]]\nweights = [{", ".join(vec(r) for r in setup["W"][l])}]\nbiases = {vec(setup["B"][l])}\n'
        text += f'activation = "{act}"\n'
    return text


CASES = [(opt, i, reg) for opt in OPTIMIZERS for i, reg in enumerate(REGULARIZERS)]


@pytest.mark.parametrize("optimizer, r, regularizer", CASES, ids=[f"{o}-{r}" for o, r, _ in CASES])
def test_against_an_independent_implementation(optimizer, r, regularizer):
    setup = random_setup(_seed(optimizer, r), optimizer, regularizer)
    solution = solve(parse_spec(_toml(setup)))
    rational = optimizer in ("sgd", "momentum", "nesterov")
    expected = independent(setup, exact=rational)
    assert expected, "the independent run computed nothing"
    for name, value in expected.items():
        got = solution.values[name]
        if rational:
            assert got == value, name  # exact: the same Fraction
        else:
            assert math.isclose(float(got), float(value), rel_tol=1e-12, abs_tol=1e-15), name
    verify(solution)  # the float twin, finite differences and SymPy agree as well


def test_torch_optim_float64():
    torch = pytest.importorskip("torch", reason="torch is not installed: the torch.optim comparison is skipped")
    for optimizer, r, regularizer in CASES:
        setup = random_setup(_seed(optimizer, r), optimizer, regularizer)
        W = [torch.tensor([[float(w) for w in row] for row in Wl], dtype=torch.float64, requires_grad=True) for Wl in setup["W"]]
        B = [torch.tensor([float(b) for b in Bl], dtype=torch.float64, requires_grad=True) for Bl in setup["B"]]
        h = {k: float(v) for k, v in setup["hyper"].items()}
        wd = float(setup.get("weight_decay", 0))
        groups = [{"params": W, "weight_decay": wd}, {"params": B, "weight_decay": wd if setup.get("regularize_biases") else 0}]
        make = {"sgd": lambda: torch.optim.SGD(groups, lr=0.1),
                "momentum": lambda: torch.optim.SGD(groups, lr=0.1, momentum=h.get("beta", 0)),
                "nesterov": lambda: torch.optim.SGD(groups, lr=0.1, momentum=h.get("beta", 0), nesterov=True),
                "adagrad": lambda: torch.optim.Adagrad(groups, lr=0.1, eps=h.get("eps", 0)),
                "rmsprop": lambda: torch.optim.RMSprop(groups, lr=0.1, alpha=h.get("rho", 0), eps=h.get("eps", 0)),
                "adam": lambda: torch.optim.Adam(groups, lr=0.1, betas=(h.get("beta1", 0), h.get("beta2", 0)),
                                                 eps=h.get("eps", 0))}
        opt = make[optimizer]()
        x = torch.tensor([float(v) for v in setup["x"]], dtype=torch.float64)
        y = torch.tensor([float(v) for v in setup["y"]], dtype=torch.float64)
        for _ in range(setup["steps"]):
            opt.zero_grad()
            out = W[1] @ torch.relu(W[0] @ x + B[0]) + B[1]
            loss = 0.5 * ((y - out) ** 2).sum()
            if "l1" in setup:
                chosen = W + (B if setup.get("regularize_biases") else [])
                loss = loss + float(setup["l1"]) * sum(p.abs().sum() for p in chosen)
            loss.backward()
            opt.step()
        solution = solve(parse_spec(_toml(setup)))
        t = setup["steps"] + 1
        for l in range(2):
            for j, row in enumerate(W[l].tolist()):
                for k, w in enumerate(row):
                    assert math.isclose(float(solution.values[_name("w", l + 1, (j, k), t)]), w, rel_tol=1e-9, abs_tol=1e-12)


def test_adam_first_step_by_hand():
    """One parameter, L = ½(y − w·x)²: g = (w·x − y)·x; m̂ = g, v̂ = g², update = α·g/(|g| + ε)."""
    spec = parse_spec('layers = [1, 1]\nactivation = "identity"\nloss = "half_sse"\nlearning_rate = 0.01\n'
                      'input = [2]\ntarget = [1]\n[optimizer]\nname = "adam"\n[[layer]]\nweights = [[0.75]]\nbias = false\n')
    w, x, y, alpha, eps = Fraction(3, 4), 2, 1, Fraction(1, 100), Fraction(1, 10**8)
    g = (w * x - y) * x  # = 1
    solution = solve(spec)
    assert solution.values["mhat_w_00^1"] == g
    assert solution.values["vhat_w_00^1"] == g * g
    assert solution.values["w_00^1@2"] == w - alpha * g / (abs(g) + eps)


BAD = {
    "beta = 1": ('[optimizer]\nname = "momentum"\nbeta = 1\n', "optimizer.beta"),
    "beta1 above 1": ('[optimizer]\nname = "adam"\nbeta1 = 1.5\n', "optimizer.beta1"),
    "negative eps": ('[optimizer]\nname = "adam"\neps = -1e-8\n', "optimizer.eps"),
    "negative rho": ('[optimizer]\nname = "rmsprop"\nrho = -0.1\n', "optimizer.rho"),
    "negative weight decay": ("weight_decay = -0.01\n", "weight_decay"),
    "negative l1": ("l1 = -1\n", "l1"),
    "unknown optimizer": ('[optimizer]\nname = "adamw"\n', "optimizer.name"),
    "key of another optimizer": ('[optimizer]\nname = "momentum"\nbeta2 = 0.9\n', "optimizer.beta2"),
    "nesterov not a boolean": ('[optimizer]\nname = "momentum"\nnesterov = 1\n', "optimizer.nesterov"),
    "regularize_biases not a boolean": ("regularize_biases = 1\n", "regularize_biases"),
}
GOOD_TOP = 'layers = [1, 1]\nactivation = "identity"\nloss = "half_sse"\nlearning_rate = 0.1\ninput = [2]\ntarget = [1]\n'
LAYER = "[[layer]]\nweights = [[0.5]]\nbiases = [0]\n"


@pytest.mark.parametrize("case", list(BAD))
def test_bad_hyperparameters(case, tmp_path):
    text, key = BAD[case]
    top, table = (text, "") if not text.startswith("[") else ("", text)
    path = tmp_path / "bad.toml"
    path.write_text(GOOD_TOP + top + table + LAYER)
    out = tmp_path / "out.txt"
    result = CliRunner().invoke(main, ["derive", str(path), "-o", str(out)])
    assert result.exit_code == 2, result.output
    message = result.output.strip()
    assert len(message.splitlines()) == 1 and key in message and "Traceback" not in message
    assert not out.exists()


def test_printed_lines_reread_and_a_tampered_number_caught():
    for example in ("adam1", "momentum2"):
        result = CliRunner().invoke(main, ["derive", "--example", example])
        assert result.exit_code == 0
        violations, reader = check_text(result.output)
        assert violations == [] and reader.lines_checked > 80, violations[:3]
    line = next(x for x in result.output.splitlines() if x.strip().startswith("v_w_00^2@2 ="))
    tampered = result.output.replace(line, line[:-1] + ("4" if line[-1] != "4" else "5"))
    assert check_text(tampered)[0]


def test_state_names_round_trip():
    for text in ("v_w_00^1", "m_b_0^2@3", "mhat_w_{10,2}^1@2", "vhat_b_1^1", "s_w_01^2@4", "dJ/dw_00^1@2", "J@2", "R",
                 "beta1", "eps", "lambda", "lambda1"):
        assert names.canonical(text) == text
    assert names.canonical("m̂_w_00^1") == "mhat_w_00^1"
    assert names.canonical("v_w_00^1[2]") is None and names.canonical("v_x") == "v_x"  # a graph node stays a node


def test_registries_agree():
    from symbp.float_optimizers import FLOAT_OPTIMIZERS
    from symbp.optimizers import OPTIMIZERS as REGISTRY

    assert set(REGISTRY) == set(FLOAT_OPTIMIZERS)


def test_plain_sgd_graph_unchanged():
    """Without [optimizer] and regularization the architecture (and so the graph) is today's."""
    spec = parse_spec(GOOD_TOP + LAYER)
    assert len(spec.architecture()) == 6
    explicit = parse_spec(GOOD_TOP + '[optimizer]\nname = "sgd"\n' + LAYER)
    assert explicit.architecture() == spec.architecture()


def test_worksheet_draws_hyperparameters_and_asks_for_the_state(tmp_path):
    """A momentum sheet with β drawn per variant: each variant's key (answers.json) agrees exactly
    with the independent implementation on its own β, and the update task asks for the velocities."""
    import json

    spec = tmp_path / "sheet.toml"
    spec.write_text('layers = [2, 2, 1]\nactivation = "relu"\nloss = "half_sse"\nlearning_rate = 0.1\nsteps = 2\n'
                    'weight_decay = 0.1\n[optimizer]\nname = "momentum"\n[[layer]]\n[[layer]]\nactivation = "identity"\n'
                    '[variants]\nhyperparameters = { beta = [0.5, 0.8, 0.9] }\n')
    result = CliRunner().invoke(main, ["worksheet", str(spec), "-n", "4", "--seed", "5", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "out" / "answers.json").read_text())
    betas = set()
    for variant in document["variants"]:
        table = variant["spec"]
        beta = Fraction(str(table["optimizer"]["beta"]))
        betas.add(beta)
        assert beta in (Fraction(1, 2), Fraction(4, 5), Fraction(9, 10))
        setup = {"acts": ["relu", "identity"], "optimizer": "momentum", "hyper": {"beta": beta}, "steps": 2,
                 "W": [[[Fraction(str(w)) for w in row] for row in layer["weights"]] for layer in table["layer"]],
                 "B": [[Fraction(str(b)) for b in layer["biases"]] for layer in table["layer"]],
                 "x": [Fraction(str(v)) for v in table["input"]], "y": [Fraction(str(v)) for v in table["target"]],
                 "lr": Fraction(1, 10), "weight_decay": Fraction(1, 10)}
        expected = independent(setup, exact=True)
        for name, value in expected.items():
            assert Fraction(variant["exact"][name]) == value, name
        assert "v_w_00^1" in variant["asked"] and "dJ/dw_00^1" in variant["asked"] and "J" in variant["asked"]
    assert len(betas) > 1 or len(document["variants"]) < 3


def test_drawn_hyperparameter_out_of_range_refused(tmp_path):
    spec = tmp_path / "sheet.toml"
    spec.write_text(GOOD_TOP + '[optimizer]\nname = "momentum"\n' + LAYER + '[variants]\nhyperparameters = { beta = [0.5, 1] }\n')
    result = CliRunner().invoke(main, ["derive", str(spec)])
    assert result.exit_code == 2 and "variants.hyperparameters.beta[1]" in result.output


# ---- check: the optimizers' slips diagnosed (a 1-1 network: g = (w·x − y)·x, worked out here) ------
def _check(tmp_path, optimizer_table: str, answers: dict, top: str = "", steps: int = 1):
    import json

    spec = tmp_path / "one.toml"
    spec.write_text('layers = [1, 1]\nactivation = "identity"\nloss = "half_sse"\nlearning_rate = 0.1\ninput = [2]\n'
                    f'target = [1]\nsteps = {steps}\n{top}{optimizer_table}[[layer]]\nweights = [[0.75]]\nbias = false\n')
    path = tmp_path / "answers.toml"
    path.write_text("".join(f'"{name}" = "{value:.10g}"\n' for name, value in answers.items()))
    result = CliRunner().invoke(main, ["check", str(spec), str(path), "--format", "json"])
    assert result.exit_code == 1, result.output
    return json.loads(result.output)["quantities"]


ADAM = '[optimizer]\nname = "adam"\neps = 0.5\n'
G = (0.75 * 2 - 1) * 2  # ∂L/∂w = 1
G_J = G + 0.1 * 0.75  # with weight_decay = 0.1


def test_slip_regularization_forgotten(tmp_path):
    marks = _check(tmp_path, ADAM, {"dL/dw_00^1": G, "dJ/dw_00^1": G}, top="weight_decay = 0.1\n")
    assert marks["dJ/dw_00^1"]["diagnosis_key"] == "regularization_forgotten"


def test_the_slips_have_one_list(tmp_path):
    """optimizer_slips.SLIPS is the one list of the optimizers' slips, each finding its quantities by
    kind and formula: the optimizers' registry names none (its `slips`, read by nothing, left out
    plain SGD, whose ∂J/∂p with weight decay check diagnoses all the same)."""
    from dataclasses import fields

    from symbp.optimizers import Optimizer

    assert "slips" not in {f.name for f in fields(Optimizer)}
    marks = _check(tmp_path, "", {"dL/dw_00^1": G, "dJ/dw_00^1": G}, top="weight_decay = 0.1\n")
    assert marks["dJ/dw_00^1"]["diagnosis_key"] == "regularization_forgotten"


def test_slips_of_adam(tmp_path):
    m, v = 0.9 * G_J, 0.001 * G_J ** 2  # m with β1 and 1 − β1 swapped; then m̂ = m, uncorrected
    marks = _check(tmp_path, ADAM, {"dJ/dw_00^1": G_J, "m_w_00^1": m, "v_w_00^1": v, "mhat_w_00^1": m,
                                    "vhat_w_00^1": G_J ** 2, "w_00^1@2": 0.75 - 0.1 * m / math.sqrt(G_J ** 2 + 0.5)},
                   top="weight_decay = 0.1\n")
    assert marks["m_w_00^1"]["diagnosis_key"] == "decay_swapped"  # β1·g for (1 − β1)·g
    assert marks["mhat_w_00^1"]["diagnosis_key"] == "bias_correction_forgotten"
    assert marks["w_00^1@2"]["diagnosis_key"] == "eps_inside_root"


def test_slip_old_velocity_left_out(tmp_path):
    w2 = 0.75 - 0.1 * G  # after step 1 (v_1 = g)
    g2 = (w2 * 2 - 1) * 2
    marks = _check(tmp_path, '[optimizer]\nname = "momentum"\n', {"v_w_00^1": G, "w_00^1@2": w2, "dL/dw_00^1@2": g2,
                                                                  "v_w_00^1@2": g2}, steps=2)
    assert marks["v_w_00^1@2"]["diagnosis_key"] == "old_velocity_left_out"


def test_the_update_verification_paths_catch_a_wrong_value():
    """Finite differences of J and SymPy evaluating the update formulas each refuse a tampered value."""
    from symbp.errors import VerificationError
    from symbp.float_path import float_solution
    from symbp.verify import Report
    from symbp.verify_training import _finite_differences, _sympy_formulas

    solution = solve(parse_spec((REPO_EXAMPLES / "adam1.toml").read_text()))
    _, (nets, X, Y) = float_solution(solution.spec)
    report = Report()
    _finite_differences(solution, nets, X, Y, report)
    assert report.finite_differences_of_j == 6  # the six weights of the 2-2-1 network (biases not regularized)
    assert _sympy_formulas(solution) > 50
    for name, check in (("dJ/dw_01^1", lambda s: _finite_differences(s, nets, X, Y, Report())),
                        ("vhat_w_01^2", _sympy_formulas)):
        original = solution.values[name]
        solution.values[name] = original * (1 + Fraction(1, 10**3))
        with pytest.raises(VerificationError, match=name.replace("^", r"\^")):
            check(solution)
        solution.values[name] = original


def test_graph_labels_named_like_hyperparameters_stay_labels(tmp_path):
    """eps, beta, R and J are names of the optimizers' scheme; as a graph's labels they print as
    labels (f = (eps·beta + R)²: ∂J/∂eps = 2m·beta = −2 at eps = 2, beta = −1, R = 3)."""
    spec = tmp_path / "g.toml"
    spec.write_text('kind = "graph"\ntitle = "names"\ninputs = { eps = 2, beta = -1, R = 3 }\noutput = "J"\n'
                    'stages = ["m = eps*beta + R", "J = m * m"]\n')
    text = CliRunner().invoke(main, ["derive", str(spec)]).output
    assert "dJ/deps = −2" in text and "dJ/dbeta = 4" in text and "dJ/dR = 2" in text and "_ " not in text
    tex = CliRunner().invoke(main, ["derive", str(spec), "-f", "tex"]).output
    assert r"\mathit{eps} \cdot \mathit{beta} + R" in tex


KINKED = """layers = [2, 2, 1]
activation = "relu"
loss = "half_sse"
learning_rate = 0.1
weight_decay = 0.1
input = [1, 1]
target = [1]
[[layer]]
weights = [[0.5, -0.5], [0.2, 0.3]]
biases = [0, 0.1]
[[layer]]
weights = [[0.7, -0.4]]
biases = [0.2]
activation = "identity"
"""


def test_finite_differences_of_j_skip_a_relu_input_at_its_kink_and_still_catch_a_wrong_value(tmp_path):
    """z_0^1 = 0.5 − 0.5 + 0 = 0 exactly: moving w_00^1 by ±h crosses ReLU's kink, where L has no derivative
    (the difference quotient is half the right-hand slope; the engine, as the textbook, takes ReLU'(0) = 0).
    Such a parameter is skipped, as for L; the others are still checked (a reviewer's Adam spec with
    leaky ReLU at 0 was refused with exit 3 before)."""
    from symbp.errors import VerificationError
    from symbp.float_path import float_solution
    from symbp.verify import Report
    from symbp.verify_training import _finite_differences

    solution = solve(parse_spec(KINKED))
    assert solution.values["z_0^1"] == 0
    _, (nets, X, Y) = float_solution(solution.spec)
    report = Report()
    _finite_differences(solution, nets, X, Y, report)
    assert report.kinks_skipped == 2 and report.finite_differences_of_j == 6 - 2  # w_00^1, w_01^1 (biases: not regularized)
    original = solution.values["dJ/dw_01^2"]
    solution.values["dJ/dw_01^2"] = original * (1 + Fraction(1, 10**3))
    with pytest.raises(VerificationError, match=r"dJ/dw_01\^2"):
        _finite_differences(solution, nets, X, Y, Report())
    (tmp_path / "k.toml").write_text(KINKED, encoding="utf-8")
    assert CliRunner().invoke(main, ["derive", str(tmp_path / "k.toml"), "--format", "json"]).exit_code == 0
