"""The public Python API (issue 12): every function of `symbp`, with good and bad input.

Expected numbers are worked by hand here (the reference network nn231: z_2^1 = 0.5·1 + 0.7·2 − 0.1
= 1.8, L = ½(1.5 − 0.5)² = 0.5, L@2 = 0.006272 as the reference document computes it; CS231n's
circuit f = (x + y)·z at (−2, 5, −4): ∂f/∂x = ∂f/∂y = z = −4, ∂f/∂z = x + y = 3).  An exception
carries the message the command line prints for the same input (compared with a real run)."""

from __future__ import annotations

import json
import pytest
from helpers import EXAMPLE_NN231, REPO, cli_runner, not_read

import symbp
from symbp.cli import main
from symbp.option_words import OPTIONS

NN231 = EXAMPLE_NN231.read_text(encoding="utf-8")
CIRCUIT = 'kind = "graph"\ninputs = { x = -2, y = 5, z = -4 }\nexpression = "f = (x + y) * z"\n'
ARCHITECTURE_ONLY = 'layers = [2, 2, 1]\nloss = "half_sse"\nlearning_rate = 0.1\n'


def cli_error(*argv) -> tuple[int, str]:
    result = cli_runner().invoke(main, [str(a) for a in argv])
    return result.exit_code, result.stderr


def raised(call, *args, **kwargs) -> symbp.SymbpError:
    with pytest.raises(symbp.SymbpError) as caught:
        call(*args, **kwargs)
    return caught.value


@pytest.fixture(scope="module")
def net():
    return symbp.example("nn231")


@pytest.fixture(scope="module")
def sol(net):
    return symbp.derive(net)


# ---- loading specs --------------------------------------------------------------------------------

def test_load_a_file_text_and_a_path_give_the_same_network(net):
    by_name = symbp.load(str(EXAMPLE_NN231))
    by_path = symbp.load(EXAMPLE_NN231)
    by_text = symbp.load(NN231)
    assert [s.to_dict() for s in (by_name, by_path, by_text)] == [net.to_dict()] * 3
    assert (by_name.name, by_text.name, by_name.kind) == ("nn231", "network", "network")


def test_load_gives_a_graph_for_kind_graph():
    graph = symbp.load(CIRCUIT)
    assert (type(graph).__name__, graph.kind, graph.inputs) == ("Graph", "graph", {"x": -2, "y": 5, "z": -4})


def test_list_examples_and_example():
    names = symbp.list_examples()
    assert {"nn231", "graph-circuit", "graph-neuron"} <= set(names)
    assert symbp.example("graph-circuit").kind == "graph"


def test_spec_from_dict_takes_a_changed_copy(net):
    table = net.to_dict()
    table["layer"][0]["biases"][2] = 0  # z_2^1 = 0.5 + 1.4 + 0 = 1.9
    changed = symbp.spec_from_dict(table)
    assert symbp.derive(changed).exact["z_2^1"] == "1.9" and net.to_dict()["layer"][0]["biases"][2] == -0.1


def test_with_values_changes_named_numbers(net):
    changed = net.with_values({"w_20^1": 0.4, "a_1^0": 3, "alpha": "1/5"})
    exact = symbp.derive(changed).exact
    assert exact["z_2^1"] == "2.4"  # 0.4·1 + 0.7·3 − 0.1
    assert changed.to_dict()["learning_rate"] == 0.2


@pytest.mark.parametrize("call, args, field", [
    (symbp.load, ["no/such/file.toml"], "no/such/file.toml"),
    (symbp.load, ['layers = [2, 1]\nloss = "half_sse"\nlearning_rate = 0.1\nlossy = 1\n'], "lossy: unknown key"),
    (symbp.load, ["layers = [2,\n"], "spec"),
    (symbp.load, [42], "spec: expected a file name or TOML text, got int"),
    (symbp.example, ["no-such-net"], "symbp.example: unknown example 'no-such-net'"),
    (symbp.spec_from_dict, [[1, 2]], "spec: expected a table of keys, got list"),
    (symbp.spec_from_dict, [{"kind": "tree"}], "kind: unknown kind 'tree'"),
    (symbp.spec_from_dict, [{"kind": "graph", "inputs": {"x": 1}, "expression": "f = x ** y"}], "expression"),
])
def test_bad_specs_raise_spec_errors_naming_the_field(call, args, field):
    error = raised(call, *args)
    assert isinstance(error, symbp.SpecError) and error.exit_code == 2 and str(error).startswith(field), str(error)


def test_with_values_refuses_a_name_the_spec_does_not_give(net):
    error = raised(net.with_values, {"z_0^1": 1})
    assert str(error).startswith("z_0^1: not a number this spec gives")
    assert str(raised(net.with_values, {"w_99^1": 1})) == "w_99^1: names no number of this network"


def test_the_messages_are_the_command_line_s(tmp_path):
    spec = tmp_path / "bad.toml"
    spec.write_text(NN231.replace('loss = "half_sse"', 'loss = "half_sse2"'), encoding="utf-8")
    code, stderr = cli_error("derive", spec)
    assert (code, stderr) == (2, f"symbp: {raised(symbp.load, spec)}\n")
    code, stderr = cli_error("derive", "--example", "nope")  # the same message, each naming its own option
    cli_word, api_word = OPTIONS["example"]
    assert stderr == f"symbp: {raised(symbp.example, 'nope')}\n".replace(f"{api_word}:", f"{cli_word}:", 1)


# ---- derive ---------------------------------------------------------------------------------------

def test_derive_gives_the_reference_values(sol):
    assert (sol.values["z_2^1"], sol.exact["L"], sol.exact["L@2"]) == (1.8, "0.5", "0.006272")
    assert sol.values["delta_1^1"] == -0.9  # ((−0.6, 0.9, −0.3)ᵀ·(−1))_1 · ReLU'(1.1) = 0.9·(−1)


def test_derive_a_graph_gives_cs231n_s_gradients():
    solution = symbp.derive(symbp.load(CIRCUIT))
    assert [solution.exact[n] for n in ("f", "df/dx", "df/dy", "df/dz")] == ["-12", "-4", "-4", "3"]
    assert solution.kind == "graph" and "df/dx" in solution.to_text()


def test_derive_returns_exactly_the_object_it_verified(monkeypatch, net):
    """The solution shown is the one verified: one exact solve, verified, returned as it is."""
    import symbp.evaluate
    import symbp.verify

    solved, verified = [], []
    real_solve, real_verify = symbp.evaluate.solve, symbp.verify.verify
    monkeypatch.setattr(symbp.evaluate, "solve", lambda *a, **k: solved.append(real_solve(*a, **k)) or solved[-1])
    monkeypatch.setattr(symbp.verify, "verify", lambda s, **k: verified.append(s) or real_verify(s, **k))
    solution = symbp.derive(net)
    assert len(solved) == 1 and verified == [solved[0]] and solution._internal is solved[0]


def test_derive_raises_verification_error_when_the_float_path_disagrees(monkeypatch, net):
    import symbp.verify

    real = symbp.verify.float_solution

    def off_by_a_bit(spec, *args):
        floats, rest = real(spec, *args)
        return {**floats, "z_2^1": floats["z_2^1"] + 1e-6}, rest

    monkeypatch.setattr(symbp.verify, "float_solution", off_by_a_bit)
    error = raised(symbp.derive, net)
    assert isinstance(error, symbp.VerificationError) and error.exit_code == 3
    assert str(error).startswith("verification failed: z_2^1 = 1.8 exactly")


@pytest.mark.parametrize("kwargs, message", [
    ({"digits": 0}, "digits: expected a whole number from 1 to 15, got 0"),
    ({"digits": 2.5}, "digits: expected a whole number from 1 to 15, got 2.5"),
    ({"detail": "much"}, "detail: expected one of: auto, neuron, matrix, table; got 'much'"),
])
def test_derive_refuses_bad_options(net, kwargs, message):
    assert str(raised(symbp.derive, net, **kwargs)) == message


def test_derive_needs_a_spec_and_its_numbers():
    assert str(raised(symbp.derive, "examples/nn231.toml")).startswith("spec: derive takes a spec from symbp.load")
    error = raised(symbp.derive, symbp.load(ARCHITECTURE_ONLY))
    assert str(error).startswith("layer: missing: this spec gives the architecture only")


def test_derive_a_graph_refuses_network_options():
    error = raised(symbp.derive, symbp.load(CIRCUIT), round_intermediate=True)
    assert str(error).startswith("round_intermediate=True: is for networks")
    assert "exactly as it is" not in str(error)  # (a graph's solution prints rounded values: stop 66's graph tester)


def test_cli_names_its_option_for_a_graph(tmp_path):
    """The command line names --round-intermediate, not the API's round_intermediate (stop 66)."""
    from helpers import cli_runner
    from symbp.cli import main

    done = cli_runner().invoke(main, ["derive", "--example", "graph-circuit", "--round-intermediate"])
    assert done.exit_code == 2 and done.stderr.startswith("symbp: --round-intermediate: is for networks"), done.output


# ---- the solution's formats and files -------------------------------------------------------------

def test_every_format_and_the_command_line_agree(sol):
    """(The answers file's first line names the call that marks it in each one's words.)"""
    for fmt, text in (("text", sol.to_text()), ("md", sol.to_markdown()), ("tex", sol.to_latex()),
                      ("json", sol.to_json()), ("answers-template", sol.to_answers_template())):
        printed = cli_runner().invoke(main, ["derive", "--example", "nn231", "--format", fmt]).stdout
        if fmt == "answers-template":
            (head, rest), (cli_head, cli_rest) = text.split("\n", 1), printed.split("\n", 1)
            assert (head.split("for: ")[1], cli_head.split("for: ")[1]) == \
                ('symbp.check(symbp.example("nn231"), "THIS-FILE")', "symbp check --example nn231 THIS-FILE")
            text, printed = rest, cli_rest
        assert printed == text, fmt
    assert json.loads(sol.to_json())["exact"] == sol.exact


def test_save_follows_the_extension(sol, tmp_path):
    assert sol.save(tmp_path / "key.json") == [tmp_path / "key.json"]
    assert json.loads((tmp_path / "key.json").read_text())["exact"]["L@2"] == "0.006272"
    sol.save(tmp_path / "out.txt", format="md")
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == sol.to_markdown()


def test_save_refuses_an_unknown_extension_and_writes_nothing(sol, tmp_path):
    error = raised(sol.save, tmp_path / "key.xyz")
    assert str(error).startswith("format: cannot tell the format from") and not (tmp_path / "key.xyz").exists()


def test_a_pdf_without_tex_says_what_to_install(sol, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    error = raised(sol.save, tmp_path / "out.pdf")
    assert isinstance(error, symbp.ToolMissingError) and error.exit_code == 4
    assert not any(tmp_path.glob("out.*"))
    assert cli_error("derive", "--example", "nn231", "-o", tmp_path / "out.pdf") == (4, f"symbp: {error}\n")


def test_save_a_pdf(requires_tex, tmp_path):
    written = symbp.derive(symbp.example("graph-circuit")).save(tmp_path / "circuit.pdf")
    assert written == [tmp_path / "circuit.tex", tmp_path / "circuit.pdf"]
    assert (tmp_path / "circuit.pdf").read_bytes().startswith(b"%PDF")


def test_a_graphs_answers_template_names_every_value_and_gradient():
    import tomllib

    template = tomllib.loads(symbp.derive(symbp.load(CIRCUIT)).to_answers_template())
    assert list(template) == ["student", "f.1", "f", "df/df.1", "df/dz", "df/dy", "df/dx"]


# ---- worksheets -----------------------------------------------------------------------------------

def test_worksheet_draws_verified_variants_and_saves_them(net, tmp_path):
    ws = symbp.worksheet(net, variants=2, seed=3)
    again = symbp.worksheet(net, variants=2, seed=3)
    assert (ws.seed, len(ws.variants), ws.files) == (3, 2, again.files)
    written = ws.save(tmp_path / "week5", csv=tmp_path / "variants.csv")
    assert sorted(p.name for p in written) == ["answer-key.tex", "answers-template.toml", "answers.json",
                                               "variants.csv", "worksheet.tex"]
    assert [v["id"] for v in ws.answers()["variants"]] == [1, 2]
    # the CSV file begins with a byte order mark (Excel); the text the API returns does not, as grades_csv()
    text = ws.exports(csv=tmp_path / "variants.csv")[tmp_path / "variants.csv"]
    assert text.startswith("variant,seed,") and (tmp_path / "variants.csv").read_text(encoding="utf-8") == "\ufeff" + text


def test_worksheet_takes_an_architecture_only_spec():
    assert len(symbp.worksheet(symbp.load(ARCHITECTURE_ONLY), variants=1, seed=1).variants) == 1


@pytest.mark.parametrize("kwargs, message", [
    ({"variants": 0}, "variants: expected a whole number from 1 to 1000, got 0"),
    ({"course": "a\x1bb"}, "course: contains a control character"),
    ({"seed": -1}, "seed: expected a whole number from 0 to 9223372036854775807, got -1"),
])
def test_worksheet_refuses_bad_options(net, kwargs, message):
    assert str(raised(symbp.worksheet, net, **kwargs)).startswith(message)


def test_worksheet_and_check_take_a_graph():
    """CS231n's circuit f = (x + y)·z at x = −2, y = 5, z = −4: f = −12 (tests/test_graph_sheets.py
    has the rest)."""
    graph = symbp.load(CIRCUIT)
    statuses = symbp.check(graph, {"f": -12, "df/dz": 3}).statuses
    assert (statuses["f"], statuses["df/dz"], statuses["df/dx"]) == ("correct", "correct", "missing")
    assert len(symbp.worksheet(graph, variants=2, seed=1).answers()["variants"]) == 2


# ---- checking -------------------------------------------------------------------------------------

def test_check_marks_a_slip_and_credits_what_follows(net):
    report = symbp.check(net, {"z_2^1": 1.9, "a_2^1": "1.9", "z_1^1": 1.1})
    assert (report.points, report.possible) == (2.0, 48.0)
    assert {n: report.statuses[n] for n in ("z_2^1", "a_2^1", "z_1^1", "L")} == {
        "z_2^1": "wrong", "a_2^1": "carried", "z_1^1": "correct", "L": "missing"}
    assert report.marks["z_2^1"]["diagnosis_key"] == "bias_left_out" and report.exit_code == 1


def test_check_an_answers_file_as_the_command_line_does(net):
    answers = REPO / "examples" / "nn231-reference-answers.toml"
    report = symbp.check(net, answers)
    done = cli_runner().invoke(main, ["check", str(EXAMPLE_NN231), str(answers)])
    assert (done.exit_code, done.stdout) == (report.exit_code, report.to_text())


def test_check_refuses_unknown_names_and_marks_a_bad_number_not_read(net):
    """An unknown name is refused; a number symbp cannot read is marked as not given and said (the
    JSON's "not_read", the text's NOT READ), exit code 1: one unreadable number no longer leaves the
    rest of the answers unmarked (z_2^1 = 1.8, by hand above, is still marked correct)."""
    assert str(raised(symbp.check, net, {"z_9^1": 1})).startswith("z_9^1: not a quantity of this network")
    report = symbp.check(net, {"z_0^1": "half", "z_2^1": 1.8})
    said = 'expected a number such as 0.47, "-1.03" or "4.4·10^-5", got "half"'
    assert json.loads(report.to_json())["not_read"] == [{"name": "z_0^1", "text": '"half"', "reason": said}]
    assert not_read(report.to_text()) == [f"z_0^1: {said}"]
    assert (report.statuses["z_0^1"], report.statuses["z_2^1"], report.exit_code) == ("missing", "correct", 1)
    assert str(raised(symbp.check, net, {"z_0^1": 1}, rel_tol=2)).startswith("rel_tol: expected a number above 0")
    assert str(raised(symbp.check, net, ["z_0^1"])).startswith("answers: expected a table")


def test_check_against_a_worksheet_key_and_a_class(net, tmp_path):
    symbp.worksheet(net, variants=2, seed=5).save(tmp_path / "sheet")
    key = symbp.load_key(tmp_path / "sheet" / "answers.json")
    exact = json.loads((tmp_path / "sheet" / "answers.json").read_text())["variants"][1]["exact"]
    report = symbp.check(key, {"z_0^1": exact["z_0^1"]}, variant=2)
    assert report.statuses["z_0^1"] == "correct"
    assert str(raised(symbp.check, key, {"z_0^1": 1})).startswith("answers: variant: which variant?")
    answers = tmp_path / "class"
    answers.mkdir()
    (answers / "ada.toml").write_text(f'student = "Ada"\nvariant = 2\n"z_0^1" = "{exact["z_0^1"]}"\n')
    (answers / "bob.toml").write_text('variant = 9\n')
    marked = symbp.check_class(key, answers)
    assert set(marked.reports) == {"ada.toml"} and marked.errors["bob.toml"].endswith("(it has 1, 2)")
    written = marked.save(tmp_path / "marked")
    assert sorted(p.name for p in written) == ["ada.txt", "grades.csv"] and marked.exit_code == 2
    assert "Ada" in marked._repr_html_() and "not marked" in marked._repr_html_()


def test_load_key_refuses_a_missing_file(tmp_path):
    error = raised(symbp.load_key, tmp_path / "answers.json")
    assert str(error).endswith("no such file (expected the answers.json of `symbp worksheet`)")


# ---- the package ----------------------------------------------------------------------------------

def test_the_public_names_and_their_help():
    for name in symbp.__all__:
        assert getattr(symbp, name) is not None, name
    for function in (symbp.load, symbp.derive, symbp.worksheet, symbp.check, symbp.check_class):
        assert "symbp." in function.__doc__ and function.__annotations__.get("return"), function.__name__
    assert issubclass(symbp.LatexError, symbp.SymbpError) and symbp.LatexError.exit_code == 5


def test_import_symbp_imports_neither_sympy_nor_jinja():
    from helpers import run_python

    done = run_python("import sys, symbp; print(sorted(m for m in ('sympy', 'mpmath', 'jinja2', 'click') if m in sys.modules))",
                      cwd=REPO, env={"PYTHONPATH": str(REPO)})
    assert done.stdout.strip() == "[]", done.stderr


def test_rich_display_of_each_object(net, sol):
    import xml.etree.ElementTree as ET

    svg = net._repr_mimebundle_()["image/svg+xml"]
    assert len([c for c in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}circle")]) == 6
    assert sol._repr_mimebundle_()["text/markdown"].count("<details>") >= 8  # nn231 is long: its steps fold
    graph = symbp.derive(symbp.example("graph-fanout-max"))
    drawing = ET.fromstring(graph.drawing.svg)
    assert len([e for e in drawing.iter() if "gate" in (e.get("class") or "")]) == 4  # a, b, f.1, f
    assert "`a = x * y`" in symbp.example("graph-fanout-max")._repr_markdown_()
    assert "architecture only" in symbp.load(ARCHITECTURE_ONLY)._repr_mimebundle_()["text/markdown"]


# ---- the README's examples ------------------------------------------------------------------------

def readme_block(heading: str, language: str = "python") -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index(f"## {heading}\n"):]
    return section[section.index(f"```{language}\n") + len(language) + 4:section.index("```\n", section.index(f"```{language}\n") + 4)]


@pytest.fixture
def in_a_folder_with_the_examples(tmp_path, monkeypatch):
    (tmp_path / "examples").mkdir()
    for name in ("nn231.toml", "graph-neuron.toml"):
        (tmp_path / "examples" / name).write_text((REPO / "examples" / name).read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_readme_python_example_runs_as_written(requires_tex, in_a_folder_with_the_examples):
    names: dict = {}
    exec(compile(readme_block("Python and Jupyter"), "README.md", "exec"), names)
    # the values its comments state, worked by hand above
    assert (names["sol"].values["dL/dw_10^1"], names["sol"].exact["L@2"]) == (-0.9, "0.006272")
    report = names["report"]
    assert (report.points, report.statuses["z_2^1"], report.statuses["a_2^1"]) == (2.0, "wrong", "carried")
    folder = in_a_folder_with_the_examples
    assert (folder / "out.pdf").read_bytes().startswith(b"%PDF") and (folder / "out.tex").is_file()
    assert {"worksheet.pdf", "answer-key.pdf", "answers.json"} <= {p.name for p in (folder / "week5").iterdir()}
    assert symbp.derive(names["net2"]).exact["z_2^1"] == "1.7"  # 0.4·1 + 0.7·2 − 0.1


def test_the_readme_graph_example_runs_as_written(in_a_folder_with_the_examples, capsys):
    names: dict = {}
    exec(compile(readme_block("Computational graphs"), "README.md", "exec"), names)
    assert names["solution"].values["df/dw0"] == pytest.approx(-0.19661193)  # CS231n: ∂f/∂w0 ≈ −0.2
    assert "df/dx0" in capsys.readouterr().out


def test_yes_no_options_take_true_or_false_only(tmp_path):
    """round_intermediate="no" used to pass a truth test and round (the opposite of what it says); every
    yes/no option of the API refuses anything but True or False, naming it."""
    import symbp
    from symbp.errors import SpecError

    net = symbp.example("nn231")
    calls = {
        "round_intermediate": lambda v: symbp.derive(net, round_intermediate=v),
        "exact_key": lambda v: symbp.worksheet(net, 1, 1, exact_key=v),
        "pdf": lambda v: symbp.derive(net).save(tmp_path / "x.tex", pdf=v),
        "carry": lambda v: symbp.check(net, {"L": "0.5"}, carry=v),
    }
    for field, call in calls.items():
        for value in ("no", 0, None):
            with pytest.raises(SpecError) as refused:
                call(value)
            assert refused.value.field == field and repr(value) in str(refused.value), (field, value)
    assert not list(tmp_path.iterdir())
    for value in (True, False):  # (and the two it takes still work)
        assert symbp.derive(net, round_intermediate=value).values["L"] == 0.5


def test_a_templates_folder_that_is_none_is_refused_where_it_is_given(tmp_path):
    """derive(), worksheet() and check() refuse templates="/nope" themselves (not the first to_text()),
    in the words the command line's --templates gives."""
    from helpers import symbp_here
    from symbp.errors import SpecError

    missing, a_file = tmp_path / "nope", tmp_path / "a.txt"
    a_file.write_text("", encoding="utf-8")
    for folder in (missing, a_file):
        cli = symbp_here("derive", "--example", "mazur", "--templates", folder)
        assert cli.returncode == 2 and cli.stderr.startswith("symbp: --templates: "), cli.stderr
        said = cli.stderr.strip().split("--templates: ", 1)[1]
        for call in (lambda: symbp.derive(symbp.example("mazur"), templates=str(folder)),
                     lambda: symbp.worksheet(symbp.example("mazur"), templates=folder),
                     lambda: symbp.check(symbp.example("mazur"), {"z_0^1": "0.3775"}, templates=folder)):
            with pytest.raises(SpecError) as refused:
                call()
            assert str(refused.value) == f"templates: {said}"
