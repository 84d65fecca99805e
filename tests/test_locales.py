"""Languages (issue 14): German and French outputs, the catalogues, decimal commas in and out.

The English words a translated output must not contain are read from the English catalogue's
values (minus the words the translation uses too: ReLU, Sigmoid, Softmax, …), not hand-picked.
The numbers of a translated output are re-parsed and compared with the English output's: the same
numbers in the same order, only written with a decimal comma.  Answers are the careful student's
(careful_student.py, Decimal arithmetic independent of symbp's engine), written with commas.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
import shutil
import subprocess
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

import symbp
from careful_student import CarefulStudent, as_text
from helpers import cli_runner
from symbp.cli import main
from test_export_prairielearn import SPEC as SIGMOID  # a sigmoid 2-2-1 network the careful student works

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "templates" / "i18n"
LANGUAGES = ["de", "fr"]
TITLES = {"de": "Neuronales Netz 1: 231", "fr": "Réseau de neurones 1 : 231"}
needs_tex = pytest.mark.skipif(shutil.which("pdflatex") is None or shutil.which("pdftotext") is None,
                               reason="pdflatex and pdftotext are needed")


# ---- the catalogues -------------------------------------------------------------------------------
def flat(table: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in table.items():
        if isinstance(value, dict) and not set(value) <= {"one", "other"}:
            out.update(flat(value, prefix + key + "."))
        else:
            out[prefix + key] = value
    return out


def catalogue(code: str) -> dict:
    return flat(tomllib.loads((CATALOGUES / f"{code}.toml").read_text(encoding="utf-8")))


def forms(value) -> list[str]:
    return list(value.values()) if isinstance(value, dict) else [value]


def placeholders(value) -> set[str]:
    return {name for form in forms(value) for name in re.findall(r"\{([A-Za-z_]\w*)\}", form)}


def test_every_catalogue_has_the_messages_of_every_other():
    codes = sorted(p.stem for p in CATALOGUES.glob("*.toml"))
    assert {"en", "de", "fr"} <= set(codes)
    english = catalogue("en")
    for code in codes:
        other = catalogue(code)
        assert set(other) - set(english) == set(), f"{code}.toml has messages en.toml has not"
        assert set(english) - set(other) == set(), f"{code}.toml lacks messages of en.toml"
        for key, text in english.items():
            if key.startswith("locale."):
                continue
            assert isinstance(other[key], dict) == isinstance(text, dict), f"{code}: {key} singular/plural"
            assert placeholders(other[key]) == placeholders(text), f"{code}: {key} placeholders"
        meta = {k: v for k, v in other.items() if k.startswith("locale.")}
        assert meta["locale.decimal_mark"] in {".", ","}
        assert meta["locale.list_separator"] != meta["locale.decimal_mark"]


def _sources() -> str:
    files = [*ROOT.joinpath("symbp").rglob("*.py"), *ROOT.joinpath("templates").rglob("*.jinja")]
    return "\n".join(f.read_text(encoding="utf-8") for f in files)


def test_every_message_is_used_and_every_message_used_exists():
    english = catalogue("en")
    sources = _sources()
    literal = set(re.findall(r"""["']([a-z_]+(?:\.[a-z_0-9]+)+)["']""", sources))
    # keys built at run time: "slip." ~ key, f"draws.{reason}", "neurons." + activation, …
    prefixes = set(re.findall(r"""["']([a-z_]+(?:\.[a-z_]+)*[._])(?:["']\s*[~+]|\{)""", sources))
    assert "slip." in prefixes, "no key built at run time found: the pattern is stale"
    unused = [key for key in english if not key.startswith("locale.") and key not in literal
              and not any(key.startswith(p) for p in prefixes)]
    assert unused == [], f"messages no template or module uses: {unused}"
    called = set(re.findall(r"""(?:\b_|\bmessage)\(\s*["']([a-z_]+(?:\.[a-z_0-9]+)+)["'](?!\s*[~+])""", sources))
    assert called, "no message call found: the pattern is stale"
    assert sorted(called - set(english)) == [], "messages used but missing from the catalogue"


# ---- what a translated output must not contain ---------------------------------------------------
def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]{4,}", text)}


def english_words(code: str) -> set[str]:
    """The words of the English catalogue's prose that the other catalogue never uses."""
    def of(messages):
        return {w for k, v in messages.items() if not k.startswith("locale.")
                for form in forms(v) for w in _words(re.sub(r"\{\w+\}", " ", form))}

    return of(catalogue("en")) - of(catalogue(code))


def english_in(text: str, code: str) -> list[str]:
    text = re.sub(r"\S*/tmp/\S*", " ", text)  # file paths (pytest's /tmp/pytest-of-root/...) are no prose
    return sorted(_words(text) & english_words(code))


NUMBER_POINT = re.compile(r"(?<![\w.,])-?\d+(?:\.\d+)?")
NUMBER_COMMA = re.compile(r"(?<![\w.,])-?\d+(?:,\d+)?")


def numbers(text: str, mark: str) -> list[str]:
    text = text.replace("−", "-").replace("{,}", ",")
    found = (NUMBER_COMMA if mark == "," else NUMBER_POINT).findall(text)
    return [n.replace(",", ".") for n in found]


def prose_of_markdown(md: str) -> str:
    md = re.sub(r"\$\$.*?\$\$", " ", md, flags=re.S)
    return re.sub(r"\$[^$]*\$", " ", md)


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def spec_text(code: str | None) -> str:
    text = (ROOT / "examples" / "nn231.toml").read_text(encoding="utf-8")
    return text if code is None else text.replace('"Neural Network 1: 231"', json.dumps(TITLES[code]))


@pytest.mark.parametrize("code", LANGUAGES)
def test_reference_network_text_and_markdown(code):
    english = symbp.derive(symbp.load(spec_text(None)))
    solution = symbp.derive(symbp.load(spec_text(code)), locale=code)
    text, md = solution.to_text(), solution.to_markdown()
    assert english_in(text, code) == []
    assert english_in(prose_of_markdown(md), code) == []
    for shown in (text, md):
        assert not re.search(r"\d\.\d", shown), "a decimal point in a number"
    # the same numbers as the English solution, in the same order, only with a decimal comma
    assert numbers(text, ",") == numbers(english.to_text(), ".")
    assert numbers(md, ",") == numbers(english.to_markdown(), ".")
    # a vector's entries are separated by ";" beside a decimal comma: (1; 2), never "0,5, 1"
    assert "(1; 2)" in text and not re.search(r"\d,\d+, -?\d", text)
    # JSON keys and quantity names stay English
    assert json.loads(solution.to_json()).keys() == json.loads(english.to_json()).keys()


@needs_tex
@pytest.mark.parametrize("code", LANGUAGES)
def test_reference_network_pdf(code, tmp_path):
    from print_audit import compile_and_audit

    tex = symbp.derive(symbp.load(spec_text(code)), locale=code).to_latex()
    assert f"\\usepackage[{ {'de': 'ngerman', 'fr': 'french'}[code]}]{{babel}}" in tex
    audit = compile_and_audit(tex, tmp_path, "solution")
    assert audit.overfull == [], audit.overfull
    shown = pdf_text(audit.pdf)
    assert english_in(shown, code) == []
    assert not re.search(r"\d\.\d", shown)
    assert "0,05" in shown and "1,5" in shown  # b_0^2 and the target of nn231


# ---- worksheets, keys, Moodle, CSV, check ---------------------------------------------------------
WORDS = {"de": ("Lösungsschlüssel", "Vorwärtsdurchlauf", "Lernrate", "Verlustfunktion", "Gradientenabstieg"),
         "fr": ("Corrigé", "Propagation avant", "Taux d’apprentissage", "Fonction", "descente de gradient")}


@pytest.fixture(scope="module", params=LANGUAGES)
def sheets(request, tmp_path_factory):
    code = request.param
    folder = tmp_path_factory.mktemp(f"sheets-{code}")
    (folder / "sig221.toml").write_text(SIGMOID.replace("Sigmoid 2-2-1", TITLES[code]), encoding="utf-8")
    result = cli_runner().invoke(main, ["worksheet", str(folder / "sig221.toml"), "-n", "5", "--seed", "2",
                                        "--locale", code, "--out", str(folder / "out"),
                                        "--moodle", str(folder / "quiz.xml"), "--csv", str(folder / "v.csv")],
                                 catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return code, folder


def test_worksheet_key_and_exports_speak_the_language(sheets):
    code, folder = sheets
    out = folder / "out"
    tex = (out / "worksheet.tex").read_text(encoding="utf-8") + (out / "answer-key.tex").read_text(encoding="utf-8")
    assert all(word in tex for word in WORDS[code][:2])
    quiz = (folder / "quiz.xml").read_text(encoding="utf-8")
    # the Moodle gaps' answers stay in Moodle's own format (a point); every number shown has a comma
    shown = re.sub(r"\{1:NUMERICAL:[^}]*\}", " ", quiz)
    gaps = re.findall(r"\{1:NUMERICAL:=(-?[\d.e-]+):", quiz)
    assert len(gaps) >= 5 * 20 and any("." in g for g in gaps)
    assert not re.search(r"\d\.\d", shown.split("?>", 1)[1].replace(symbp.__version__, ""))
    assert re.search(r"\d\{,\}\d", shown)
    prose = re.sub(r"<[^>]+>|&lt;.*?&gt;|\\\(.*?\\\)|\\\[.*?\\\]|\\[A-Za-z]+", " ", shown, flags=re.S)
    assert english_in(prose, code) == []
    # UTF-8 with a byte order mark, as grades.csv: Excel on Windows reads "Größe" as written
    assert (folder / "v.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO((folder / "v.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert len(rows[0]) > 5 and {row[0] for row in rows[1:]} == {"1", "2", "3", "4", "5"}
    assert any("," in cell for row in rows[1:] for cell in row) and not any(re.search(r"\d\.\d", c)
                                                                           for row in rows for c in row)
    template = (out / "answers-template.toml").read_text(encoding="utf-8")
    assert english_in("\n".join(l for l in template.splitlines() if l.startswith("#")), code) == []
    key = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    assert key["locale"] == code and "dL/dw_00^2" in key["variants"][0]["values"]


@needs_tex
def test_worksheet_and_key_pdfs(sheets, tmp_path):
    from print_audit import compile_and_audit

    code, folder = sheets
    for name in ("worksheet", "answer-key"):
        audit = compile_and_audit((folder / "out" / f"{name}.tex").read_text(encoding="utf-8"), tmp_path, name)
        shown = pdf_text(audit.pdf)
        assert english_in(shown, code) == [], name
        assert not re.search(r"\d\.\d", shown), name


def careful_answers(key: dict, variant: int) -> dict[str, Decimal]:
    return CarefulStudent(next(v for v in key["variants"] if v["id"] == variant)["spec"]).work()


def test_check_reads_a_decimal_comma_in_every_locale(sheets):
    code, folder = sheets
    key_path = folder / "out" / "answers.json"
    key = json.loads(key_path.read_text(encoding="utf-8"))
    careful = careful_answers(key, 3)
    comma = {name: as_text(v).replace(".", ",") for name, v in careful.items()}
    assert any("," in v for v in comma.values())
    for locale in ("en", code):
        report = symbp.check(symbp.load_key(key_path), {"variant": 3, **comma}, locale=locale)
        assert set(report.statuses.values()) == {"correct"}, report.to_text()
        assert report.points == report.possible
    # one slip: exactly that value wrong, the same as with points
    name = "dL/dw_00^1"
    slipped = {**comma, name: as_text(-careful[name] if careful[name] else Decimal("0.1")).replace(".", ",")}
    pointed = {k: v.replace(",", ".") for k, v in slipped.items()}
    marked = [symbp.check(symbp.load_key(key_path), {"variant": 3, **answers}, locale=code)
              for answers in (slipped, pointed)]
    assert marked[0].statuses == marked[1].statuses and marked[0].statuses[name] == "wrong"
    text = marked[0].to_text()
    assert english_in(text, code) == [] and not re.search(r"\d\.\d", text)
    assert "−" + as_text(careful[name]).replace(".", ",") in text  # the answer shown as written, with its comma


@needs_tex
def test_a_check_report_in_latex_fits_the_page(sheets, tmp_path):
    """The longer German and French counts once ran off the page beside the student's name."""
    from print_audit import compile_and_audit

    code, folder = sheets
    key_path = folder / "out" / "answers.json"
    careful = careful_answers(json.loads(key_path.read_text(encoding="utf-8")), 1)
    answers = {"student": "Anna Schmidt", "variant": 1, **{n: as_text(v).replace(".", ",") for n, v in careful.items()}}
    answers["L"] = as_text(careful["L"] * 2).replace(".", ",")
    audit = compile_and_audit(symbp.check(symbp.load_key(key_path), answers).to_latex(), tmp_path, "report")
    assert audit.overfull == [], audit.overfull
    shown = pdf_text(audit.pdf)
    assert english_in(shown, code) == [] and not re.search(r"\d\.\d", shown)


def test_check_from_the_command_line_with_a_comma_answers_file(sheets, tmp_path):
    code, folder = sheets
    key = json.loads((folder / "out" / "answers.json").read_text(encoding="utf-8"))
    careful = careful_answers(key, 2)
    lines = ['student = "Anna Schmidt"', "variant = 2"] + [f'"{n}" = "{as_text(v).replace(".", ",")}"'
                                                         for n, v in careful.items()]
    (tmp_path / "answers.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli_runner().invoke(main, ["check", "--key", str(folder / "out" / "answers.json"),
                                        str(tmp_path / "answers.toml"), "--locale", code])
    assert result.exit_code == 0, result.output
    assert english_in(re.sub(r"\S*/\S*", " ", result.output), code) == []  # paths aside


def test_prairielearn_question_takes_a_decimal_comma(tmp_path):
    folder = tmp_path / "q"
    (tmp_path / "sig221.toml").write_text(SIGMOID.replace("Sigmoid 2-2-1", TITLES["de"]), encoding="utf-8")
    result = cli_runner().invoke(main, ["worksheet", str(tmp_path / "sig221.toml"), "-n", "1", "--seed", "4",
                                        "--locale", "de", "--out", str(tmp_path / "s"), "--prairielearn", str(folder)])
    assert result.exit_code == 0, result.output
    spec = importlib.util.spec_from_file_location("server_de", folder / "server.py")
    server = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(server)
    data = {"params": {}, "correct_answers": {}, "variant_seed": "k3x9", "options": {"question_path": str(folder)}}
    server.generate(data)
    config = json.loads((folder / "symbp-question.json").read_text(encoding="utf-8"))
    careful = CarefulStudent(data["params"]["spec"]).work()
    raw = {p["slug"]: as_text(careful[p["name"]]).replace(".", ",") for p in config["parts"]}
    # pl-number-input reads no comma: it reports a format error symbp's parse takes back
    submitted = {"params": data["params"], "correct_answers": data["correct_answers"], "variant_seed": "k3x9",
                 "submitted_answers": {slug: None for slug in raw}, "raw_submitted_answers": raw,
                 "format_errors": {slug: "Invalid format" for slug in raw}, "partial_scores": {}, "score": 0.0,
                 "feedback": {}, "options": {"question_path": str(folder)}}
    server.parse(submitted)
    assert submitted["format_errors"] == {}
    server.grade(submitted)
    assert submitted["score"] == 1.0
    assert english_in(" ".join(p["feedback"] for p in submitted["partial_scores"].values()), "de") == []


def test_a_language_used_first_does_not_stick_to_the_next_output():
    """Templates are compiled once (Jinja folds constant expressions) and formulas are cached per
    architecture: neither may keep the words or the decimal mark of the locale that came first."""
    network = symbp.load(spec_text(None))
    german = symbp.derive(network, locale="de")
    assert "0,4712" in german.to_answers_template() and "sonst" in german.to_text()
    english = symbp.derive(network)
    assert "(0.4712, -1.030)" in english.to_answers_template()
    assert "otherwise" in english.to_text() and "sonst" not in english.to_text()


@pytest.mark.parametrize("text, value", [("0,47", "0.47"), ("-1,030", "-1.030"), ("−0,5", "-0.5"), ("12,5", "12.5")])
def test_a_decimal_comma_is_read_as_the_decimal_point(text, value):
    from symbp.written import parse_written

    comma, point = parse_written(text, "z"), parse_written(value, "z")
    assert (comma.value, comma.decimals, comma.significant) == (point.value, point.decimals, point.significant)


@pytest.mark.parametrize("text", ["0,4,7", "1,234.5", "1.234,5", "0,47;1", "(0,5; 1)"])
def test_a_comma_is_never_a_list_separator_in_an_answer(text):
    from symbp.written import parse_written

    with pytest.raises(symbp.SpecError):
        parse_written(text, "z")


def test_an_unquoted_decimal_comma_in_an_answers_file_gets_a_hint():
    from symbp.check import parse_answers_text

    with pytest.raises(symbp.SpecError, match='decimal comma must be quoted, e.g. "z_2\\^1" = "1,9"'):
        parse_answers_text('"z_0^1" = -2,600\n')


# ---- optimizers and regularization (issue 11) in German and French --------------------------------
OPTIMIZER_TITLES = {"adam1": {"de": "Ein Adam-Schritt mit Gewichtsabnahme", "fr": "Un pas d’Adam avec décroissance des poids"},
                    "momentum2": {"de": "Zwei Schritte SGD mit Impuls", "fr": "Deux pas de SGD avec momentum"}}
OPTIMIZER_WORDS = {"adam1": {"de": ("Optimierer", "Bias-Korrektur", "Gewichtsabnahme", "Strafterm"),
                             "fr": ("Optimiseur", "correction du biais", "décroissance des poids", "pénalité")},
                   "momentum2": {"de": ("Optimierer", "Impuls", "Lehrbuchform"),
                                 "fr": ("Optimiseur", "momentum", "forme des manuels")}}


def example_text(name: str, code: str | None = None) -> str:
    """A built-in example's spec, its title translated (the spec's own words stay as written)."""
    text = (ROOT / "examples" / f"{name}.toml").read_text(encoding="utf-8")
    if code is None:
        return text
    title = re.search(r"^title = (\".*\")$", text, re.M).group(1)
    return text.replace(title, json.dumps(OPTIMIZER_TITLES[name][code], ensure_ascii=False))


def notation_aside(text: str) -> str:
    """sign(w) is the notation of L1's subgradient in every language, no English word."""
    return re.sub(r"\bsign(?=\()", " ", text)


@pytest.mark.parametrize("name", ["adam1", "momentum2"])
@pytest.mark.parametrize("code", LANGUAGES)
def test_optimizer_solutions_text_and_markdown(name, code):
    english = symbp.derive(symbp.load(example_text(name)))
    solution = symbp.derive(symbp.load(example_text(name, code)), locale=code)
    text, md = solution.to_text(), solution.to_markdown()
    assert english_in(text, code) == []
    assert english_in(prose_of_markdown(md), code) == []
    for shown in (text, md):
        assert not re.search(r"\d\.\d", shown), "a decimal point in a number"
        assert all(word in shown for word in OPTIMIZER_WORDS[name][code])
    assert numbers(text, ",") == numbers(english.to_text(), ".")
    assert numbers(md, ",") == numbers(english.to_markdown(), ".")


@needs_tex
@pytest.mark.parametrize("name", ["adam1", "momentum2"])
@pytest.mark.parametrize("code", ["en", *LANGUAGES])
def test_optimizer_solution_pdfs(name, code, tmp_path):
    """No overfull box in any language (the update's notes once ran 40-130 pt into the margin)."""
    from print_audit import compile_and_audit

    solution = symbp.derive(symbp.load(example_text(name, None if code == "en" else code)), locale=code)
    audit = compile_and_audit(solution.to_latex(), tmp_path, "solution")
    assert audit.overfull == [], audit.overfull
    if code != "en":
        shown = pdf_text(audit.pdf)
        assert english_in(shown, code) == [] and not re.search(r"\d\.\d", shown)
        assert all(word in shown for word in OPTIMIZER_WORDS[name][code][:2])


@pytest.fixture(scope="module", params=LANGUAGES)
def optimizer_sheets(request, tmp_path_factory):
    """Momentum with L1 on the biases too: the settings, the regularized loss task, the state task."""
    code = request.param
    folder = tmp_path_factory.mktemp(f"optimizer-sheets-{code}")
    spec = example_text("momentum2", code).replace("steps = 2\n", "steps = 2\nl1 = 0.01\nregularize_biases = true\n")
    (folder / "momentum.toml").write_text(spec, encoding="utf-8")
    result = cli_runner().invoke(main, ["worksheet", str(folder / "momentum.toml"), "-n", "2", "--seed", "5",
                                        "--locale", code, "--out", str(folder / "out")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return code, folder / "out"


@needs_tex
def test_optimizer_worksheet_and_key_pdfs(optimizer_sheets, tmp_path):
    from print_audit import compile_and_audit

    code, out = optimizer_sheets
    words = {"de": ("Optimierer", "L1-Regularisierung", "Strafterm", "Zustand"),
             "fr": ("Optimiseur", "Régularisation L1", "pénalité", "état")}[code]
    for name in ("worksheet", "answer-key"):
        audit = compile_and_audit((out / f"{name}.tex").read_text(encoding="utf-8"), tmp_path, name)
        shown = pdf_text(audit.pdf)
        assert english_in(notation_aside(shown), code) == [], name
        assert not re.search(r"\d\.\d", shown), name
        assert all(word in shown for word in words), name


def test_optimizer_slips_in_a_check_report(optimizer_sheets):
    """The optimizer's slips and f'(z) in the language's reports; f'(z) printed ∂a/∂z, not as its key."""
    from decimal import Decimal as D

    code, out = optimizer_sheets
    key = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    values = dict(key["variants"][0]["values"])
    answers = {name: format(D(repr(v)), ".6g") if v else "0" for name, v in values.items()}
    # the regularization term forgotten in a weight's gradient: ∂J/∂w written as ∂L/∂w (λ1·sign(w) ≠ 0)
    weight = next(n for n in values if n.startswith("dJ/dw") and values[n] != values["dL/" + n[3:]])
    answers[weight] = answers["dL/" + weight[3:]]
    answers["local:da_0^2/dz_0^2"] = "2"  # the output layer is linear: f'(z) = 1
    answers = {name: text.replace(".", ",") for name, text in answers.items()}
    report = symbp.check(symbp.load_key(out / "answers.json"), {"variant": 1, **answers}, locale=code)
    assert report.statuses[weight] == "wrong" and report.statuses["local:da_0^2/dz_0^2"] == "wrong"
    text, tex = report.to_text(), report.to_latex()
    assert english_in(notation_aside(text), code) == [] and not re.search(r"\d\.\d", text)
    slip = symbp.i18n.get(code).message("slip.regularization_forgotten", lam="")
    assert slip.split()[1] in text  # Regularisierungsterm / terme
    assert "∂a_0^2/∂z_0^2 = " in text and r"\frac{\partial a^{2}_{0}}{\partial z^{2}_{0}}" in tex
    assert "mathit{local" not in tex
