"""The platform exports accept what the answer key prints (review of issue 13, issue 8's marking).

A carried key's sheet tells students to round every value to 4 significant digits and carry it on;
the key, answers.json "carried" and the Moodle feedback print those carried values.  Every gap of
the Moodle quiz (read with Moodle's multianswer grammar, tests/moodle_cloze.py) and every CSV row
must give full credit to the exact value and to the carried one, and to each rounded to the 3
significant digits the rule asks for (rounded here with Decimal); a clearly wrong value gets
nothing.  PrairieLearn marks with check's error carried forward: both score 1 there too, a slip
scores 0 on its part.  Every gap's value is recomputed by tests/plain_training.py (plain floats,
independent of symbp).  Worksheets: Adam with weight decay on a sigmoid/softmax network (carried
values far from the exact ones after the update), the examples adam1 and momentum2 (two steps),
plain SGD with L2 and L1 on the biases too over two steps, plain SGD on a 3-4-2 sigmoid network,
and an exact key.
"""

from __future__ import annotations

import csv
import html
import importlib.util
import io
import json
import re
import xml.etree.ElementTree as ET
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest

import moodle_cloze
import plain_training
from helpers import cli_runner
from symbp.cli import main
from symbp.render.printers import printer

ADAM = """title = "Adam, softmax"
layers = [2, 3, 2]
activation = "sigmoid"
loss = "cross_entropy"
learning_rate = 0.1
weight_decay = 0.01

[optimizer]
name = "adam"

[[layer]]
activation = "sigmoid"

[[layer]]
activation = "softmax"
"""

SGD = """title = "Sigmoid 3-4-2"
layers = [3, 4, 2]
activation = "sigmoid"
loss = "half_sse"
learning_rate = 0.5
"""

DECAY = """title = "L2 and L1, biases too"
layers = [2, 3, 2]
activation = "tanh"
loss = "mse"
learning_rate = 0.5
steps = 2
weight_decay = 0.05
l1 = 0.01
regularize_biases = true

[[layer]]
activation = "tanh"

[[layer]]
activation = "sigmoid"
"""

# name -> (spec text or --example NAME, flags)
# adam: seed 4, whose carried values lie outside the exact values' 3-digit bands (seed 3's did by
# cancellation — 0.1 − 0.1 carried as 10^−6 — and are redrawn now: variants.py "carried_off")
SHEETS = {"adam": (ADAM, ["--seed", "4"]), "adam1": ("adam1", []), "momentum2": ("momentum2", []), "decay": (DECAY, []),
          "sgd": (SGD, []), "sgd-exact-key": (SGD, ["--exact-key"])}
OPTIMIZED = {"adam", "adam1", "momentum2", "decay"}


@pytest.fixture(scope="module", params=list(SHEETS))
def sheet(request, tmp_path_factory):
    text, flags = SHEETS[request.param]
    out = tmp_path_factory.mktemp(request.param)
    if "\n" in text:
        (out / "spec.toml").write_text(text, encoding="utf-8")
        source = [str(out / "spec.toml")]
    else:
        source = ["--example", text]
    result = cli_runner().invoke(main, ["worksheet", *source, "-n", "2", "--seed", "3", "--out", str(out / "ws"),
                                        "--csv", str(out / "key.csv"), "--moodle", str(out / "quiz.xml"),
                                        "--prairielearn", str(out / "pl"), *flags], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    key = json.loads((out / "ws" / "answers.json").read_text(encoding="utf-8"))
    assert ("carried" in key["variants"][0]) == ("--exact-key" not in flags)
    return (request.param, key, ET.parse(out / "quiz.xml").getroot(), (out / "key.csv").read_text(encoding="utf-8-sig"),
            out / "pl")


def _value(text: str) -> Fraction:
    return Fraction(text.replace("\u2212", "-"))


def _rounded(value: Fraction, digits: int) -> str:
    """value rounded half up to `digits` significant digits (Decimal, independently of symbp)."""
    dec = Decimal(value.numerator) / Decimal(value.denominator)
    if dec == 0:
        return "0"
    return format(dec.quantize(Decimal(1).scaleb(dec.adjusted() - digits + 1), rounding=ROUND_HALF_UP), "f")


def _right(variant: dict, name: str) -> list[str]:
    """What a student who follows the sheet (or computes exactly) may write for `name`."""
    values = [variant["exact"][name]] + ([variant["carried"][name]] if "carried" in variant else [])
    texts = [str(float(_value(v))) if "/" in v else v for v in values]
    return texts + [_rounded(_value(v), d) for v in values for d in (3, 4)]


def _wrong(variant: dict, name: str) -> list[str]:
    """Values clearly off both the exact and the carried value (more than 5 % of the larger)."""
    refs = [_value(variant["exact"][name])] + ([_value(variant["carried"][name])] if "carried" in variant else [])
    scale = max(abs(r) for r in refs) or Fraction(1, 100)
    slips = [r * Fraction(11, 10) for r in refs] + [-r for r in refs] + [scale * 3, -scale * 3]
    return [str(float(s)) for s in slips if all(abs(s - r) > scale / 20 for r in refs)]


def _gaps_by_name(question, asked: list[str], digits: int) -> dict:
    return moodle_cloze.gaps_by_name(question, asked, printer("tex", digits=digits).symbol)


def test_every_moodle_gap_credits_the_exact_and_the_carried_value_and_no_slip(sheet):
    kind, key, root, _, _ = sheet
    questions = [q for q in root.findall("question") if q.get("type") == "cloze"]
    far = 0  # carried values outside the exact value's band: the ones this test is about
    for question, variant in zip(questions, key["variants"]):
        gaps = _gaps_by_name(question, variant["asked"], key["digits"])
        for name, alternatives in gaps.items():
            for text in _right(variant, name):
                assert moodle_cloze.credit(alternatives, text) == 1.0, (kind, variant["id"], name, text)
            for text in _wrong(variant, name):
                assert moodle_cloze.credit(alternatives, text) == 0.0, (kind, variant["id"], name, text)
            if "carried" in variant:
                exact, carried = _value(variant["exact"][name]), _value(variant["carried"][name])
                half_unit = Fraction(1, 2) * Fraction(10) ** (Decimal(str(float(exact))).adjusted() - 2) if exact else 0
                far += abs(carried - exact) > half_unit
    if kind == "adam":
        assert far >= 2  # the key's own values outside the exact value's band, still credited


def _csv_accepts(row: dict, text: str) -> bool:
    x = Fraction(text)
    if abs(x - Fraction(row["value"])) <= Fraction(row["tolerance"]):
        return True
    if row["carried"] and abs(x - Fraction(row["carried"])) <= Fraction(row["carried_tolerance"]):
        return True
    return any(x == Fraction(v) for v in row["also_accepted"].split())


def test_every_csv_row_accepts_the_exact_and_the_carried_value_and_no_slip(sheet):
    kind, key, _, text, _ = sheet
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["role"] == "answer"]
    far = 0
    for variant in key["variants"]:
        mine = {r["name"]: r for r in rows if r["variant"] == str(variant["id"])}
        assert sorted(mine) == sorted(variant["asked"])
        for name, row in mine.items():
            assert (row["carried"] != "") == ("carried" in variant)
            for written in _right(variant, name):
                assert _csv_accepts(row, written), (kind, variant["id"], name, written, row)
            for written in _wrong(variant, name):
                assert not _csv_accepts(row, written), (kind, variant["id"], name, written, row)
            if row["carried"]:
                far += abs(Fraction(row["carried"]) - Fraction(row["value"])) > Fraction(row["tolerance"])
    if kind == "adam":
        assert far >= 2  # the case the review found: the key's own values outside the exact value's band


def _server(kind: str, folder):
    loader = importlib.util.spec_from_file_location(f"server_{kind.replace('-', '_')}", folder / "server.py")
    server = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(server)
    return server


def _graded(server, data: dict, folder, raw: dict) -> dict:
    graded = {"params": data["params"], "correct_answers": data["correct_answers"], "submitted_answers": {},
              "raw_submitted_answers": raw, "format_errors": {}, "partial_scores": {}, "score": 0.0,
              "feedback": {}, "variant_seed": data["variant_seed"], "options": {"question_path": str(folder)}}
    server.grade(graded)
    assert graded["format_errors"] == {}
    return {slug: part["score"] for slug, part in graded["partial_scores"].items()}


def test_prairielearn_credits_the_carried_and_the_exact_values(sheet):
    """PrairieLearn marks with check's error carried forward: on the variant drawn from the
    variant's seed, the exact values (as written in answers.json, rounded to 3, 4 and 16 digits)
    and the key's carried strings score 1 on every part; values 5 % off at parts that depend on
    no other slipped part score 0 there and leave the others at 1."""
    kind, key, _, _, folder = sheet
    server = _server(kind, folder)
    slugs = {p["name"]: p["slug"] for p in json.loads((folder / "symbp-question.json").read_text())["parts"]}
    variant = key["variants"][0]
    data = {"params": {}, "correct_answers": {}, "variant_seed": str(variant["seed"]), "options": {"question_path": str(folder)}}
    server.generate(data)
    assert data["params"]["spec"] == variant["spec"]
    independent = plain_training.train(variant["spec"])
    for name, slug in slugs.items():
        assert data["correct_answers"][slug] == pytest.approx(independent[name], rel=1e-9, abs=1e-12), (kind, name)
    # exact: as answers.json writes it, a fraction correctly rounded to 16 digits (check's rule judges
    # the digits written: float's repr may be off in its 17th digit)
    exact = {name: _rounded(_value(text), 16) if "/" in text else text
             for name, text in ((name, variant["exact"][name]) for name in slugs)}
    writings = [exact] + [{name: _rounded(_value(variant["exact"][name]), d) for name in slugs} for d in (3, 4)]
    writings += [variant["carried"]] if "carried" in variant else []
    for values in writings:
        scores = _graded(server, data, folder, {slug: values[name] for name, slug in slugs.items()})
        assert {s: score for s, score in scores.items() if score != 1.0} == {}, kind
    # slips at the first loss, the first optimizer state or updated parameter, and the last asked value
    names = list(slugs)
    state = next(n for n in names if n.startswith(("v_", "m_", "s_")) or "@2" in n and n.startswith(("w_", "b_")))
    slipped = {"L", state, names[-1]}
    raw = {slug: str(float(_value(variant["exact"][name]) * Fraction(21, 20))) if name in slipped else exact[name]
           for name, slug in slugs.items()}
    scores = _graded(server, data, folder, raw)
    assert {s for s, score in scores.items() if score != 1.0} == {slugs[n] for n in slipped}, kind
    assert all(scores[slugs[n]] == 0.0 for n in slipped), kind


def _half_unit(value: Fraction) -> float:
    """Half a unit of a nonzero value's 3rd significant digit (the agreement rule's minimum); 0 for 0."""
    if not value:
        return 0.0
    exponent = (Decimal(value.numerator) / Decimal(value.denominator)).adjusted()
    return 0.5 * 10.0 ** (exponent - 2)


def _update_parts(name: str, variant: dict) -> list:
    """An update's step and, where it was worked out (a later step's), the parameter before it; [] otherwise."""
    found = re.fullmatch(r"([wb]_\d+\^\d+)@(\d+)", name)
    if not found:
        return []
    before = f"{found[1]}@{int(found[2]) - 1}"
    if before in variant["exact"]:
        old = _value(variant["exact"][before])
        return [old, old - _value(variant["exact"][name])]
    layer, (j, k) = int(found[1].split("^")[1]), (found[1][2], found[1][3] if found[1][0] == "w" else None)
    given = variant["spec"]["layer"][layer - 1]  # the step-1 parameter: a given, exact
    old = Fraction(str(given["weights"][int(j)][int(k)] if k is not None else given["biases"][int(j)]))
    return [old - _value(variant["exact"][name])]


def test_every_gap_value_recomputed_independently(sheet):
    """Each Moodle gap's first answer and each CSV row's value is the value a plain-Python
    training (tests/plain_training.py) computes from the variant's spec; its tolerance is half a
    unit of the value's 3rd significant digit (the agreement rule's minimum)."""
    kind, key, root, text, _ = sheet
    questions = [q for q in root.findall("question") if q.get("type") == "cloze"]
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["role"] == "answer"]
    assert len(questions) == len(key["variants"]) == 2
    for question, variant in zip(questions, key["variants"]):
        independent = plain_training.train(variant["spec"])
        gaps = _gaps_by_name(question, variant["asked"], key["digits"])
        mine = {r["name"]: r for r in rows if r["variant"] == str(variant["id"])}
        for name, alternatives in gaps.items():
            value = independent[name]
            for number in (alternatives[0].answer, mine[name]["value"]):
                assert float(number) == pytest.approx(value, rel=1e-9, abs=1e-12), (kind, variant["id"], name)
            exact = _value(variant["exact"][name])  # its decimal exponent: a float may fall just below 10^k
            if exact:
                # an update w − step: the widest of its own band, the step's and a worked-out w's (stop 67)
                widest = max(_half_unit(x) for x in [exact, *_update_parts(name, variant)])
                assert float(alternatives[0].tolerance) == pytest.approx(widest, rel=1e-9), (kind, name)
            else:
                assert abs(value) < 1e-12 and float(alternatives[0].tolerance) == 0, (kind, name)


def test_the_question_states_the_optimizer_and_asks_what_the_sheet_asks(sheet):
    """The givens name the optimizer with its hyperparameters and λ; the update task asks for the
    optimizer's state (and ∂J/∂p, R and J with regularization), not for plain gradient descent."""
    kind, key, root, _, folder = sheet
    spec = key["variants"][0]["spec"]
    text = [q for q in root.findall("question") if q.get("type") == "cloze"][0].find("questiontext/text").text
    pl = (folder / "question.html").read_text(encoding="utf-8")
    plain_update = "Gradient descent: compute every weight and bias after one update"  # the sheet's task.update
    if kind not in OPTIMIZED:
        assert plain_update in text and plain_update in pl
        return
    assert plain_update not in text and plain_update not in pl
    optimizer = spec.get("optimizer", {"name": "sgd"})
    symbols = {"beta": r"\beta", "beta1": r"\beta_1", "beta2": r"\beta_2", "rho": r"\rho", "eps": r"\varepsilon"}
    for hyper, value in optimizer.items():
        if hyper != "name":
            assert f"\\({symbols[hyper]} = " in text, (kind, hyper)
    for regularizer, symbol in (("weight_decay", r"\lambda = "), ("l1", r"\lambda_1 = ")):
        assert (regularizer not in spec) or f"\\({symbol}{spec[regularizer]}\\)" in text, (kind, regularizer)
        assert (symbol in text) == (regularizer in spec), (kind, regularizer)
    states = {"sgd": [], "momentum": ["v"], "adam": ["m", "v", r"\hat{m}", r"\hat{v}"]}[optimizer["name"]]
    for page in (text, pl):
        update = re.search(r"<strong>⑥</strong>(.*?)</p>", page).group(1)
        for state in states:
            assert f"\\({state}\\)" in update, (kind, state)
        assert (r"\(\partial J/\partial p\)" in update) == ("weight_decay" in spec or "l1" in spec)
        loss = re.search(r"<strong>②</strong>(.*?)</p>", page).group(1)
        assert (r"\(R\)" in loss and r"\(J = L + R\)" in loss) == ("weight_decay" in spec or "l1" in spec)
    if spec.get("steps", 1) > 1:
        assert "①, ②, ④, ⑤" in re.search(r"<strong>⑦</strong>(.*?)</p>", text).group(1)


def _sheet_tasks(tex: str) -> dict[int, str]:
    """The printed sheet's tasks (number -> prompt, its math as MathJax writes it)."""
    tasks = {}
    for number, prompt in re.findall(r"\\task(?:\[[^\n]*?\])?\{(\d)\}\{(.*)\}\{[\d.]+cm\}\{[\d-]+\}$", tex, re.M):
        prompt = re.sub(r"\\stepmark\{(\d)\}", lambda m: "①②③④⑤⑥⑦⑧"[int(m.group(1)) - 1], prompt)
        tasks[int(number)] = re.sub(r"\$(.*?)\$", r"\\(\1\\)", prompt)
    return tasks


def _online_tasks(page: str) -> dict[int, str]:
    return {"①②③④⑤⑥⑦⑧".index(mark) + 1: html.unescape(prose.strip())
            for mark, prose in re.findall(r"<p><strong>([①-⑧])</strong>(.*?)</p>", page, re.S)}


def test_the_online_tasks_are_the_sheets_with_its_numbers(sheet, tmp_path):
    """Moodle and PrairieLearn number the tasks as the printed sheet does and ask what it asks:
    ③ (the equations, no number to enter) is there and says so, ⑧ asks the sheet's new loss — with
    regularization L, R and J, and the fall — and says the fall has no blank (review: ③ was left
    out without a word, ⑧ asked L, R, J where the sheet asked for the loss and its fall)."""
    kind, key, root, _, folder = sheet
    tex = _sheet_tasks((folder.parent / "ws" / "worksheet.tex").read_text(encoding="utf-8"))
    assert sorted(tex) == list(range(1, 9))
    text = [q for q in root.findall("question") if q.get("type") == "cloze"][0].find("questiontext/text").text
    regularized = any(k in key["variants"][0]["spec"] for k in ("weight_decay", "l1"))
    for page in (text, (folder / "question.html").read_text(encoding="utf-8")):
        online = _online_tasks(page)
        assert sorted(online) == sorted(tex), kind
        assert online[3] == tex[3] + " Work it out on paper: there is no number to enter here (the worked solution shows it)."
        assert online[8] == tex[8] + " The fall has no blank of its own: it is the first cost minus this one."
        assert "fall" in tex[8]
        assert (r"\(R\)" in tex[8] and r"\(J = L + R\)" in tex[8]) == regularized, kind
    final = f"@{key['variants'][0]['spec'].get('steps', 1) + 1}"
    asked_last = [n for n in key["variants"][0]["asked"] if n.endswith(final) and n.split("@")[0] in ("L", "R", "J")]
    assert asked_last == (["L" + final, "R" + final, "J" + final] if regularized else ["L" + final])


@pytest.mark.parametrize("code,opening", [("de", "Berechnen Sie den Verlust \\(L\\), den Strafterm"),
                                          ("fr", "Calculez la perte \\(L\\), la pénalité")])
def test_the_regularized_sheets_last_task_in_german_and_french(tmp_path, code, opening):
    (tmp_path / "spec.toml").write_text(DECAY, encoding="utf-8")
    result = cli_runner().invoke(main, ["worksheet", str(tmp_path / "spec.toml"), "-n", "1", "--seed", "3", "--locale", code,
                                        "--out", str(tmp_path / "ws"), "--moodle", str(tmp_path / "quiz.xml")],
                                 catch_exceptions=False)
    assert result.exit_code == 0, result.output
    tex = _sheet_tasks((tmp_path / "ws" / "worksheet.tex").read_text(encoding="utf-8"))
    online = _online_tasks((tmp_path / "quiz.xml").read_text(encoding="utf-8").replace("&lt;", "<").replace("&gt;", ">"))
    assert tex[8].startswith(opening) and online[8].startswith(tex[8] + " ")
    assert online[3].startswith(tex[3] + " ") and sorted(online) == list(range(1, 9))


def test_the_wrong_answer_feedback_says_what_the_gap_accepts(sheet):
    """The feedback said "a right value lies within ± 0.005 of the exact one" where the gap also
    accepts the key's carried value, and "within ± 0 of the exact one" for an exact 0 (an instructor
    persona's LOW, stop 48): it names the carried value where the gap has one, and an exact value as
    exact.  Read as Moodle reads the gaps (tests/moodle_cloze.py)."""
    import tomllib

    from helpers import REPO

    catalogue = tomllib.loads((REPO / "templates" / "i18n" / "en.toml").read_text(encoding="utf-8"))["moodle"]
    kind, key, root, _, _ = sheet
    said = set()
    for question in (q for q in root.findall("question") if q.get("type") == "cloze"):
        for _, alternatives in moodle_cloze.gaps(question.find("questiontext/text").text):
            right = [a for a in alternatives if a.fraction == 1.0]
            wrong = next(a for a in alternatives if a.answer == "*").feedback
            tolerance = right[0].tolerance
            # (a band of no width beside the first: a power of ten written with the digits asked, 0.100 for 0.09975)
            if any(Fraction(a.tolerance) for a in right[1:]):
                which = "not_accepted_carried"
            elif Fraction(tolerance) == 0:
                which = "not_accepted_exact"
            else:
                which = "not_accepted"
            assert html.unescape(wrong) == catalogue[which].format(tolerance=tolerance), (kind, wrong, [a.answer for a in right])
            said.add(which)
    assert "not_accepted" in said and ("not_accepted_carried" in said) == (kind != "sgd-exact-key")
