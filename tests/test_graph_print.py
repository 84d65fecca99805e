"""The LaTeX worked solution of a computational graph stays on the page: CS231n's staged example, where x fans
out to three gates (a student persona, stop 47: the df/dx row was 174 pt too wide and pushed every
"local derivative of …" note of its node off the page)."""

from __future__ import annotations

import symbp
from print_audit import compile_and_audit

STAGED = {"kind": "graph", "title": "CS231n staged", "inputs": {"x": 3, "y": -4},
          "stages": ["sigy = 1 / (1 + exp(-y))", "num = x + sigy", "sigx = 1 / (1 + exp(-x))", "xpy = x + y",
                     "xpysqr = xpy**2", "den = sigx + xpysqr", "invden = 1 / den", "f = num * invden"]}


def test_a_three_branch_fan_out_has_no_overfull_line(tmp_path, requires_tex):
    tex = symbp.derive(symbp.spec_from_dict(STAGED)).to("tex")
    audit = compile_and_audit(tex, tmp_path, "staged")
    assert [box for box in audit.overfull if box.kind == "hbox"] == [], [b.text for b in audit.overfull]
    edges = sum(len(node.inputs) for node in symbp.graph.solve(symbp.graph.from_dict(STAGED)).built.graph
                if node.role == "value" and node.definition is not None)
    assert tex.count(r"\qquad \text{local derivative of") == edges  # each note beside its own line
