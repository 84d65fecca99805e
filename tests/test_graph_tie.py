"""A graph's comparison (max's routing, a kink's [x ≥ z]) whose operands agree beyond the most digits
a line may show cannot be printed truthfully: exit 3 with one line naming it, never a bracket that
is false on its own printed numbers (found by a reviewer: [0.7615941559557649 ≥ 0.7615941559557649] = 0)."""

import re
from decimal import Decimal

from helpers import symbp_here

SPEC = 'kind = "graph"\ntitle = "tie"\ninputs = {{ x = 1, z = {z} }}\nstages = ["b = max(tanh(x), z)", "f = 2*b"]\n'


def test_a_comparison_closer_than_the_printed_digits_is_refused(tmp_path):
    spec = tmp_path / "tie.toml"
    spec.write_text(SPEC.format(z="0.76159415595576489"))  # tanh(1) = 0.76159415595576488812…
    result = symbp_here("derive", spec)
    assert result.returncode == 3, result.stdout[-1500:]
    assert result.stderr.count("\n") == 1 and "comparison" in result.stderr and "Traceback" not in result.stderr


def test_a_printed_bracket_holds_for_its_printed_numbers(tmp_path):
    for z in ("0.7615941559557", "0.76159415595577", "0.761594155955766"):  # below, above, just above tanh(1)
        spec = tmp_path / "tie.toml"
        spec.write_text(SPEC.format(z=z))
        result = symbp_here("derive", spec)
        assert result.returncode == 0, result.stderr
        brackets = re.findall(r"\[(\S+) ≥ (\S+)\] = ([01])", result.stdout.replace("−", "-"))
        assert brackets, result.stdout
        for left, right, value in brackets:
            assert (Decimal(left) >= Decimal(right)) == (value == "1"), (z, left, right, value)


def test_a_graph_input_printed_rounded_is_stated_with_approx(tmp_path):
    """x = 0.12345678901234 is printed rounded: "x ≈ 0.12346", never "x = 0.12346" (a reviewer's
    finding; a guard digit, as 0.1235·2 = 0.2470 would not round to 2x = 0.24691…); y = 2 is exact: "y = 2"."""
    spec = tmp_path / "g.toml"
    spec.write_text('kind = "graph"\ntitle = "g"\ninputs = { x = 0.12345678901234, y = 2 }\nstages = ["f = x * y"]\n')
    text = symbp_here("derive", spec)
    assert text.returncode == 0, text.stderr
    inputs = next(line for line in text.stdout.splitlines() if line.startswith("Inputs"))
    assert "x ≈ 0.12346" in inputs and "y = 2" in inputs, inputs
    assert re.search(r"= 0\.12346 · 2 ≈ 0\.2469", text.stdout), text.stdout  # a line using x: its result ≈
    for fmt, approx in (("md", r"x \approx 0.12346"), ("tex", r"x \approx 0.12346")):
        out = symbp_here("derive", spec, "--format", fmt)
        assert out.returncode == 0 and approx in out.stdout, (fmt, out.stderr)
