"""What the plain-text reader works out of a vector or matrix derivation (readback_text.py), from the
printer's side: a derivation's data (its printed fields and the names of their entries, "names") ->
its `read`: per derivation, [(the relation before a piece: "=" or the field of its `approx`, [literal
text, or (kind, field, entries' names)]), …], kind "matrix", "vector" (a column), "number", "sum" (a
vector's items added).  The template writes the same fields; nothing here is printed.
"""

from __future__ import annotations


def forward_reading(m: dict) -> list:
    """z = W·a + b against z, a = f(z) (its entries), softmax's e^z and their sum (in its own data)."""
    ns = m["names"]
    product = [("matrix", "weights", ns["w"]), r"\cdot", ("vector", "inputs", ns["a_prev"])]
    if ns["b"]:
        product += ["+", ("vector", "biases", ns["b"])]
    if m["softmax"]:
        m["softmax"]["read"] = [[("exps_approx", [("vector", "exps", ns["exps"])])],
                                [("=", [("sum", "exps", ns["exps"])]), ("sum_approx", [("number", "sum", ns["sum"])])]]
    return [[("=", product), ("z_approx", [("vector", "z", ns["z"])])], [("a_approx", [("vector", "a", ns["a"])])]]


def backprop_reading(m: dict) -> list:
    """(W)^T·δ against the sums, the sums ⊙ f'(z) against δ."""
    ns = m["names"]
    return [[("=", ["(W)^T δ"]), ("=", [("matrix", "transposed", ns["transposed"]), r"\cdot", ("vector", "delta_next", ns["delta_next"])]),
             ("sum_approx", [("vector", "backpropagated", ns["backpropagated"])])],
            [("=", [("vector", "backpropagated", ns["backpropagated"]), r"\odot", ("vector", "derivatives", ns["derivatives"])]),
             ("approx", [("vector", "delta", ns["delta"])])]]


def output_delta_reading(v: dict) -> list:
    """[scale·](a − y)[ ⊙ f'(z)] against δ."""
    ns = v["names"]
    numbers = ([("number", "scale", None), r"\cdot"] if v["scale"] else []) + \
        ["(", ("vector", "a", ns["a"]), "-", ("vector", "y", ns["y"]), ")"]
    if v["derivatives"]:
        numbers += [r"\odot", ("vector", "derivatives", ns["derivatives"])]
    return [[("=", numbers), ("approx", [("vector", "delta", ns["delta"])])]]


def gradient_reading(g: dict) -> list:
    """[δ]·[a] against ∂L/∂W (its entries alone where no factors are printed), ∂L/∂b: its entries."""
    ns = g["names"]
    weights = [("weights_approx", [("matrix", "weights", ns["weights"])])]
    if g["delta"] is not None:
        weights.insert(0, ("=", [("matrix", "delta_column", [[name] for name in ns["delta"]]), r"\cdot",
                                 ("matrix", "inputs_row", [ns["inputs"]])]))
    return [weights] + ([[("biases_approx", [("vector", "biases", ns["biases"])])]] if g["biases"] else [])


def update_reading(m: dict) -> list:
    """[W] − α·[∂L/∂W] against W@(t+1), and the biases' vectors likewise."""
    ns = m["names"]
    out = [[("=", [("matrix", "old", ns["old"]), "-", ("number", "rate", None), r"\cdot", ("matrix", "gradient", ns["gradient"])]),
            ("weights_approx", [("matrix", "weights", ns["weights"])])]]
    if m["biases"]:
        out.append([("=", [("vector", "old_biases", ns["old_biases"]), "-", ("number", "rate", None), r"\cdot",
                           ("vector", "gradient_biases", ns["gradient_biases"])]),
                    ("biases_approx", [("vector", "biases", ns["biases"])])])
    return out
