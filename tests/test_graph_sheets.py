"""Computational-graph exercises in `symbp worksheet` and `symbp check`: the sheet and key of drawn
variants, answers.json and the answers template, and marking with error carried forward and the
graph's typical slips.  Expected values are worked out here by hand from the expression
f = x·y + 2·max(x, z) (examples/graph-fanout-max.toml): df/dx = y + 2·[x ≥ z], df/dy = x,
df/dz = 2·[z > x]."""

from __future__ import annotations

import json
import re
from fractions import Fraction

import pytest

import symbp
from helpers import REPO, cli_runner

FANOUT = REPO / "examples" / "graph-fanout-max.toml"


def by_hand(x, y, z) -> dict:
    """Every node's value and gradient of f = x·y + 2·max(x, z), by hand (gates: a = x·y,
    b = max(x, z), f.1 = 2·b, f = a + f.1)."""
    b = max(x, z)
    return {"a": x * y, "b": b, "f.1": 2 * b, "f": x * y + 2 * b, "df/df.1": 1, "df/db": 2, "df/da": 1,
            "df/dz": 2 if z > x else 0, "df/dy": x, "df/dx": y + (2 if x >= z else 0)}


@pytest.fixture(scope="module")
def sheet():
    return symbp.worksheet(symbp.load(FANOUT), variants=3, seed=7)


def _inputs(entry) -> tuple:
    return tuple(Fraction(entry["spec"]["inputs"][n]) for n in ("x", "y", "z"))


def test_answers_json_holds_every_variants_values_worked_out_by_hand(sheet):
    answers = sheet.answers()
    assert (answers["kind"], len(answers["variants"])) == ("graph", 3)
    for entry in answers["variants"]:
        expected = {n: str(v) for n, v in by_hand(*_inputs(entry)).items()}
        assert {n: entry["exact"][n] for n in expected} == expected
        assert entry["asked"] == list(expected)


def test_variants_differ_and_stay_off_the_max_tie(sheet):
    inputs = [_inputs(entry) for entry in sheet.answers()["variants"]]
    assert len(set(inputs)) == 3 and all(x != z for x, _, z in inputs)


def test_sheet_gives_the_inputs_and_asks_without_numbers_the_key_answers(sheet):
    files = sheet.files
    variant = sheet.answers()["variants"][0]
    x, y, z = _inputs(variant)
    worksheet, key = files["worksheet.tex"], files["answer-key.tex"]
    assert f"x = {x}" in worksheet and "Forward pass" in worksheet and "Backward pass" in worksheet
    assert worksheet.count("\\graphblank{$") == 3 * 10  # a row for every node's value and gradient
    assert "node[grvalue]" not in worksheet and "node[grgradient]" not in worksheet  # the drawing without numbers
    assert key.count("node[grgradient]") > 3 * 6 and key.count("worked solution of variant") == 2 * 3


def test_answers_template_lists_what_the_sheet_asks(sheet):
    import tomllib

    template = tomllib.loads(sheet.files["answers-template.toml"])
    assert list(template) == ["student", "variant", "sheet-id"] + sheet.answers()["variants"][0]["asked"]


def _answers_of(variant: dict, changes: dict | None = None) -> dict:
    values = {n: str(v) for n, v in by_hand(*_inputs(variant)).items()}
    values.update(changes or {})
    return {"variant": variant["id"], **values}


def test_a_careful_answer_earns_every_point(sheet, tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(sheet.files["answers.json"], encoding="utf-8")
    key = symbp.load_key(path)
    variant = sheet.answers()["variants"][1]
    report = symbp.check(key, _answers_of(variant))
    assert (report.points, report.possible, report.failed) == (10, 10, False)


def test_a_forgotten_branch_of_the_fan_out_is_diagnosed():
    """x = 3, y = −4, z = 2: df/dx = −4 + 2 = −2; one branch only gives −4."""
    report = symbp.check(symbp.load(FANOUT), {"df/da": 1, "df/db": 2, "df/dx": -4})
    mark = report.marks["df/dx"]
    assert (mark["status"], mark["expected"], mark["diagnosis_key"]) == ("wrong", -2, "fan_out_sum_forgotten")


def test_max_routing_the_gradient_to_both_is_diagnosed():
    report = symbp.check(symbp.load(FANOUT), {"df/db": 2, "df/dz": 2})
    assert (report.statuses["df/dz"], report.marks["df/dz"]["diagnosis_key"]) == ("wrong", "max_routed_to_both")


def test_a_wrong_forward_value_is_carried_forward():
    """a = −13 (wrong: x·y = −12) gives f = −13 + 2·3 = −7, which follows from it."""
    report = symbp.check(symbp.load(FANOUT), {"a": -13, "b": 3, "f.1": 6, "f": -7})
    assert [report.statuses[n] for n in ("a", "b", "f.1", "f")] == ["wrong", "correct", "correct", "carried"]
    assert report.marks["f"]["carried_from"] == ["a"] and report.exit_code == 1


def test_cli_worksheet_and_check_of_a_graph(tmp_path):
    from symbp.cli import main

    out = tmp_path / "sheet"
    result = cli_runner().invoke(main, ["worksheet", str(FANOUT), "-n", "2", "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    variant = json.loads((out / "answers.json").read_text(encoding="utf-8"))["variants"][0]
    answers = tmp_path / "ada.json"
    answers.write_text(json.dumps(_answers_of(variant, {"df/dx": "0"})), encoding="utf-8")
    result = cli_runner().invoke(main, ["check", "--key", str(out / "answers.json"), str(answers)])
    assert result.exit_code == 1 and "df/dx = 0" in result.stdout and "9 of 10" in result.stdout


def test_a_class_of_graph_answers_is_marked_into_grades_csv(tmp_path):
    """`symbp check --key answers.json FOLDER --out DIR` of a graph sheet (README, "Graph worksheets and
    checking") ended in an internal error (exit 70: grades.csv read a network's derivation)."""
    import csv

    from symbp.cli import main

    out = tmp_path / "sheet"
    assert cli_runner().invoke(main, ["worksheet", str(FANOUT), "-n", "2", "--seed", "3", "--out", str(out)]).exit_code == 0
    variants = json.loads((out / "answers.json").read_text(encoding="utf-8"))["variants"]
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "ada.json").write_text(json.dumps(_answers_of(variants[0])), encoding="utf-8")
    (folder / "bob.json").write_text(json.dumps(_answers_of(variants[1], {"df/dx": "0"})), encoding="utf-8")
    result = cli_runner().invoke(main, ["check", "--key", str(out / "answers.json"), str(folder), "--out", str(tmp_path / "marked")])
    assert result.exit_code == 1, result.output  # (bob has a wrong value)
    rows = {row["file"]: row for row in csv.DictReader((tmp_path / "marked" / "grades.csv").read_text(encoding="utf-8-sig").splitlines())}
    assert (rows["ada.json"]["points"], rows["bob.json"]["points"], rows["bob.json"]["df/dx"]) == ("10", "9", "wrong")
    assert (tmp_path / "marked" / "ada.txt").exists() and (tmp_path / "marked" / "bob.txt").exists()


def test_graph_worksheets_have_no_platform_exports(sheet, tmp_path):
    with pytest.raises(symbp.SpecError, match="moodle: is for network worksheets"):
        sheet.save(tmp_path, moodle=tmp_path / "quiz.xml")


def _neuron_by_hand(w0, x0, w1, x1, w2) -> dict:
    """CS231n's neuron gate by gate in 50-digit mpmath: every node's value and df/d(node)."""
    import mpmath

    mpmath.mp.dps = 50
    w0, x0, w1, x1, w2 = (mpmath.mpf(v.numerator) / v.denominator for v in (w0, x0, w1, x1, w2))
    s = w0 * x0 + w1 * x1 + w2
    f2 = mpmath.exp(-s)
    f3 = 1 + f2
    g3 = -1 / f3**2  # df/df.3 = df/df.2
    gs = -(g3 * f2)  # df/ds = df/df.1 · (−1), df/df.1 = df/df.2 · f.2
    return {"w_{0}": (w0, gs * x0), "x_{0}": (x0, gs * w0), "w_{1}": (w1, gs * x1), "x_{1}": (x1, gs * w1),
            "w_{2}": (w2, gs), "s.1": (w0 * x0, gs), "s.2": (w1 * x1, gs), "s.3": (w0 * x0 + w1 * x1, gs), "s": (s, gs),
            "f.1": (-s, -gs), "f.2": (f2, g3), "f.3": (f3, g3), "f": (1 / f3, mpmath.mpf(1))}


def test_the_keys_summary_marks_rounded_values_with_approx_and_exact_ones_without():
    import re

    import mpmath

    sheet = symbp.worksheet(symbp.load(REPO / "examples" / "graph-neuron.toml"), variants=2, seed=3)
    key = sheet.files["answer-key.tex"]
    tables = re.findall(r"\\begin\{tabular\}\{llrr\}(.*?)\\end\{tabular\}", key, re.S)
    variants = sheet.answers()["variants"]
    assert len(tables) == 2 * len(variants)  # the key's summary and the worked solution's table
    for entry, table in zip([v for v in variants for _ in (0, 1)], tables):
        truth = _neuron_by_hand(*(Fraction(entry["spec"]["inputs"][n]) for n in ("w0", "x0", "w1", "x1", "w2")))
        rows = re.findall(r"^\$(\S+)\$ & .*? & \$(.*?)\$(?: \$\(.*?\)\$)? & \$(.*?)\$(?: \$\(.*?\)\$)? \\\\$", table, re.M)
        assert {symbol for symbol, _, _ in rows} == set(truth)
        for symbol, *cells in rows:
            for cell, true in zip(cells, truth[symbol]):
                marked = cell.startswith("\\approx ")
                printed = Fraction(cell.removeprefix("\\approx ").replace("{", "").replace("}", ""))
                exact = abs(mpmath.mpf(printed.numerator) / printed.denominator - true) < mpmath.mpf(10) ** -40
                assert marked != exact, (symbol, cell, true)


def test_every_asked_node_has_room_for_its_substitution_and_its_value(sheet):
    """The sheet says "show the numbers you substitute": each row has a long line for the formula
    with its numbers and a second one for the value."""
    worksheet = sheet.files["worksheet.tex"]
    row = re.search(r"\\newcommand\{\\graphblank\}\[1\]\{(.*)\}$", worksheet, re.M).group(1)
    widths = [float(w) for w in re.findall(r"\\rule\{([\d.]+)\\linewidth\}", row)]
    assert len(widths) == 2 and widths[0] >= 0.5 and widths[1] >= 0.15


def test_the_backward_heading_stays_with_its_first_rows(requires_tex, tmp_path):
    """The neuron's sheet for seed 4 had ② and its prompt at the foot of page 1 and every row on
    page 2; the heading now moves with its first row (df/df.3)."""
    import subprocess

    sheet = symbp.worksheet(symbp.load(REPO / "examples" / "graph-neuron.toml"), variants=2, seed=4)
    sheet.save(tmp_path, pdf=True)
    text = subprocess.run(["pdftotext", str(tmp_path / "worksheet.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    headed = [page for page in pages if "Backward pass" in page]
    assert len(headed) == 2 and all("df.3" in page for page in headed)
    assert all("Forward pass" not in page or "s.1" in page for page in pages)


def _neuron_by_calculator(w0, x0, w1, x1, w2) -> dict:
    """The neuron worked gate by gate as the sheet tells a student, every value and local derivative
    rounded to 4 significant digits and carried on (Decimal, half away from zero)."""
    from decimal import ROUND_HALF_UP, Decimal, getcontext

    getcontext().prec = 40

    def R(v):
        v = Decimal(v)
        return v if v == 0 else v.quantize(Decimal(1).scaleb(v.adjusted() - 3), rounding=ROUND_HALF_UP)

    w0, x0, w1, x1, w2 = (Decimal(v) for v in (w0, x0, w1, x1, w2))
    c = {"s.1": R(w0 * x0), "s.2": R(w1 * x1)}
    c["s.3"] = R(c["s.1"] + c["s.2"])
    c["s"] = R(c["s.3"] + w2)
    c["f.1"] = R(-c["s"])
    c["f.2"] = R(c["f.1"].exp())
    c["f.3"] = R(1 + c["f.2"])
    c["f"] = R(1 / c["f.3"])
    c["df/df.3"] = R(R(-1 / c["f.3"] ** 2))
    c["df/df.2"] = R(c["df/df.3"])
    c["df/df.1"] = R(c["df/df.2"] * c["f.2"])
    c["df/ds"] = c["df/ds.3"] = c["df/ds.2"] = c["df/ds.1"] = c["df/dw2"] = R(-c["df/df.1"])
    c.update({"df/dx0": R(c["df/ds.1"] * w0), "df/dw0": R(c["df/ds.1"] * x0),
              "df/dx1": R(c["df/ds.2"] * w1), "df/dw1": R(c["df/ds.2"] * x1)})
    return c


def test_the_key_prints_the_calculators_value_beside_the_exact_one_where_they_differ(tmp_path):
    """The sheet tells students to go on with rounded values; the graph key printed only the exact ones
    (f ≈ −8.570 where every careful student gets −8.569: an instructor's MEDIUM, stop 48).  Each
    variant's summary now gives the calculator's value in brackets where it prints otherwise — worked
    out here independently — and `check` marks it right."""
    from decimal import Decimal

    sheet = symbp.worksheet(symbp.load(REPO / "examples" / "graph-neuron.toml"), variants=12, seed=11)
    key = sheet.files["answer-key.tex"]
    summaries = re.findall(r"\\begin\{tabular\}\{llrr\}(.*?)\\end\{tabular\}", key, re.S)[0::2]
    names = {"w_{0}": "w0", "x_{0}": "x0", "w_{1}": "w1", "x_{1}": "x1", "w_{2}": "w2"}
    shown = 0
    for entry, summary in zip(sheet.answers()["variants"], summaries):
        inputs = entry["spec"]["inputs"]
        calculator = _neuron_by_calculator(*(inputs[n] for n in ("w0", "x0", "w1", "x1", "w2")))
        for row in re.findall(r"^\$(\S+)\$ & .*? & (.*?) & (.*?) \\\\$", summary, re.M):
            symbol = names.get(row[0], row[0])
            for cell, quantity in zip(row[1:], (symbol, f"df/d{symbol}")):
                bracket = re.search(r"\$\((.*?)\)\$", cell)
                if quantity not in calculator:
                    assert bracket is None, (quantity, cell)
                    continue
                mine = calculator[quantity]
                # where the summary prints the value otherwise: it differs at 4 digits, or is printed with more
                # (≈ 0.049787 beside the calculator's 0.04979: stop 63)
                printed = Decimal(re.match(r"\$(?:\\approx )?(.*?)\$", cell).group(1).replace("{", "").replace("}", ""))
                assert (bracket is not None) == (mine != printed), (quantity, cell, mine, printed)
                if bracket:
                    shown += 1
                    assert Decimal(bracket.group(1)) == mine, (quantity, cell, mine)
        answers = {n: str(v) for n, v in calculator.items()} | {"variant": str(entry["id"])}
        key_path = tmp_path / "answers.json"
        key_path.write_text(json.dumps(sheet.answers()), encoding="utf-8")
        report = symbp.check(symbp.load_key(key_path), answers)
        assert set(report.statuses[n] for n in calculator) == {"correct"}, entry["id"]
    assert shown >= 3  # (seed 11: some variants' f, df/df.1 … differ)


@pytest.mark.parametrize("branches, continued", [(2, None), (3, 0), (4, 1), (5, 1), (6, 2)])
def test_a_gradient_summing_many_branches_gets_a_row_for_every_two_terms(branches, continued):
    """x feeding four gates: df/dx = 1·(−3) + 0.1192·4 + 0.4200·1 + (−1.6799)·0.5 had one short row,
    like every node (an instructor persona's MEDIUM, stop 48): a sum of 3 or more products gets a long
    first row (two terms), a row for every two more, and a last row (one term, then the value)."""
    stages = [f"g{k} = x * {k + 2}" for k in range(branches)] + ["f = " + " + ".join(f"g{k}" for k in range(branches))]
    table = {"kind": "graph", "inputs": {"x": 2}, "stages": stages}
    worksheet = symbp.worksheet(symbp.spec_from_dict(table), variants=1, seed=1).files["worksheet.tex"]
    body = worksheet[worksheet.index("\\begin{document}"):]
    row = re.search(r"\\graph(blank|sum)\{\$\\displaystyle \\frac\{\\mathrm\{d\}f\}\{\\mathrm\{d\}x\}\$\}\n(.*?)(?=\\graph(?:blank|sum)\{|\\end)",
                    body, re.S)
    assert row, body[-800:]
    if continued is None:
        assert row.group(1) == "blank"
        return
    assert row.group(1) == "sum" and row.group(2).count("\\graphsumrow") == continued
    assert row.group(2).count("\\graphsumlast") == 1
    assert 2 + 2 * continued + 1 >= branches  # room for every term: two per row, one on the last
