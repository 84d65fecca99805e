"""An exact answer key prints true values, no calculator chain: marked with more digits than the
key's, a value only a coarser calculator chain gives is not "what the key prints" and is wrong.  And
an exact key whose seal was removed while its rule (detail) stayed is refused (its digits show nowhere else) (exit 2, naming the seal)."""

import json
from fractions import Fraction

from helpers import symbp_here


def true_cost(spec: dict) -> Fraction:
    """½(y − a)² of a dense ReLU network, worked out here in Fractions from the key's own spec."""
    a = [Fraction(str(x)) for x in spec["input"]]
    for layer in spec["layer"]:
        a = [max(Fraction(0), sum(Fraction(str(w)) * x for w, x in zip(row, a)) + Fraction(str(b)))
             for row, b in zip(layer["weights"], layer["biases"])]
    return sum((Fraction(str(y)) - out) ** 2 for y, out in zip(spec["target"], a)) / 2


def test_an_exact_key_does_not_accept_a_coarse_chain_s_value(tmp_path):
    made = symbp_here("worksheet", "--example", "nn231", "-n", "1", "--seed", "1", "--digits", "2", "--exact-key",
                     "-o", tmp_path / "sheet")
    assert made.returncode == 0, made.stderr
    key = json.loads((tmp_path / "sheet" / "answers.json").read_text())
    variant = key["variants"][0]
    cost = true_cost(variant["spec"])
    # the reviewer's value: the cost a 2-digit calculator chain gives for this variant (seed 1)
    written = Fraction("0.61")
    assert abs(written - cost) > Fraction(1, 200)  # not the true value at the key's 2 digits either
    answers = tmp_path / "a.toml"
    answers.write_text(f'student = "s"\nvariant = "{variant["id"]}"\n"L" = "0.61"\n')
    marked = symbp_here("check", "--key", tmp_path / "sheet" / "answers.json", answers, "--digits", "4",
                       "--format", "json")
    report = json.loads(marked.stdout)
    assert marked.returncode == 1, marked.stdout[-2000:]
    assert report["quantities"]["L"]["status"] == "wrong"


def test_a_key_without_its_seal_is_refused(tmp_path):
    made = symbp_here("worksheet", "--example", "nn231", "-n", "1", "--seed", "1", "--exact-key", "-o", tmp_path / "sheet")
    assert made.returncode == 0, made.stderr
    path = tmp_path / "sheet" / "answers.json"
    key = json.loads(path.read_text())
    assert "detail" in key and "seal" in key
    key["digits"] = 2
    del key["seal"]
    path.write_text(json.dumps(key, indent=2))
    answers = tmp_path / "a.toml"
    answers.write_text(f'student = "s"\nvariant = "{key["variants"][0]["id"]}"\n"L" = "0.5"\n')
    marked = symbp_here("check", "--key", path, answers)
    assert marked.returncode == 2, marked.stdout[-1000:]
    assert "seal" in marked.stderr and "Traceback" not in marked.stderr
