"""A file given in the wrong slot of `symbp check` is named for what it is, in every slot: one line,
exit 2 (key_sniff.py; the --key slot is test_check_key_other_file.py, whose files are reused).
It said "not UTF-8 text (byte 0xd0 …)" for a PDF, "not valid TOML…" for a worksheet .tex, "title: not a
quantity of this network" for a spec given as the answers, "student: unknown key" for an answers
file given as the spec; derive's and worksheet's SPEC likewise.  Also: `derive --format pdf` says how a PDF is made, and a report with no
sheet does not speak of a sheet."""

from __future__ import annotations

import json

import pytest

from helpers import symbp_here
from symbp.key_sniff import KINDS
from test_check_key_other_file import FILES

PDF = b"%PDF-1.5\n%\xd0\xd4\xc5\xd8\n1 0 obj\n"  # a PDF's first bytes, as pdflatex writes them
SHEET_KEY = json.dumps({"key_format": 2, "variants": [{"id": 1}]})


def _refused(result, name: str, says: str) -> None:
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"symbp: {name}: {says}"), result.stderr


@pytest.mark.parametrize("slot", [("--key", "{f}", "a.toml"), ("{f}", "a.toml"), ("--example", "mazur", "{f}")])
def test_a_pdf_is_named_in_every_slot_before_its_bytes_are_decoded(tmp_path, slot):
    (tmp_path / "worksheet.pdf").write_bytes(PDF)
    (tmp_path / "a.toml").write_text(FILES["ada.toml"][0], encoding="utf-8")
    args = [a.format(f="worksheet.pdf") for a in slot]
    _refused(symbp_here("check", *args, cwd=tmp_path), "worksheet.pdf", "a PDF file, not ")


@pytest.mark.parametrize("name, kind", [("worksheet.tex", "latex"), ("net.toml", "spec"), ("net.json", "derive_key")])
def test_the_answers_slot_names_what_is_not_answers(tmp_path, name, kind):
    (tmp_path / name).write_text(FILES[name][0], encoding="utf-8")
    _refused(symbp_here("check", "--example", "mazur", name, cwd=tmp_path), name, f"{KINDS[kind]}, not answers to mark")


@pytest.mark.parametrize("name, kind", [("answers-template.toml", "template"), ("ada.toml", "answers"),
                                        ("net.json", "derive_key"), ("answers.json", "sheet_key")])
def test_the_spec_slot_names_what_is_not_a_spec(tmp_path, name, kind):
    text = SHEET_KEY if name == "answers.json" else FILES[name][0]
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "a.toml").write_text(FILES["ada.toml"][0], encoding="utf-8")
    refused = symbp_here("check", name, "a.toml", cwd=tmp_path)
    _refused(refused, name, f"{KINDS[kind]}, not a spec")
    if kind == "sheet_key":
        assert f"--key {name}" in refused.stderr


@pytest.mark.parametrize("command", ["derive", "worksheet"])
@pytest.mark.parametrize("name, kind", [("worksheet.tex", "latex"), ("answers-template.toml", "template"),
                                        ("ada.toml", "answers"), ("net.json", "derive_key"),
                                        ("answers.json", "sheet_key")])
def test_derive_and_worksheet_name_what_is_not_a_spec(tmp_path, command, name, kind):
    """It said "not valid TOML: Invalid statement" for a .tex or a JSON key, "student: unknown key" for answers."""
    text = SHEET_KEY if name == "answers.json" else FILES[name][0]
    (tmp_path / name).write_text(text, encoding="utf-8")
    refused = symbp_here(command, name, "-o", "out", cwd=tmp_path)
    _refused(refused, name, f"{KINDS[kind]}, not a spec: `symbp derive` and `symbp worksheet` take a TOML spec (a network's or a graph's)")
    assert (f"--key {name}" in refused.stderr) == (kind == "sheet_key")
    assert not (tmp_path / "out").exists()


def test_a_spec_with_a_wrong_field_is_still_refused_for_its_field(tmp_path):
    (tmp_path / "net.toml").write_text(FILES["net.toml"][0] + "lerning_rate = 0.1\n", encoding="utf-8")
    (tmp_path / "a.toml").write_text(FILES["ada.toml"][0], encoding="utf-8")
    _refused(symbp_here("check", "net.toml", "a.toml", cwd=tmp_path), "net.toml", "lerning_rate: unknown key")


def test_derive_format_pdf_says_how_a_pdf_is_made():
    from symbp.derive_cli import FORMAT_HINTS

    refused = symbp_here("derive", "--example", "mazur", "--format", "pdf")
    assert refused.returncode == 2 and FORMAT_HINTS["pdf"] in refused.stderr, refused.stderr


def test_a_report_with_no_sheet_does_not_say_the_sheet_asks(tmp_path):
    from symbp.i18n import messages_of

    template = symbp_here("derive", "--example", "mazur", "--format", "answers-template").stdout
    name = next(line.split(" = ")[0] for line in template.splitlines() if line.endswith('= ""') and "student" not in line)
    (tmp_path / "a.toml").write_text(f"{name} = 12345\n", encoding="utf-8")
    report = symbp_here("check", "--example", "mazur", "a.toml", "--digits", "3", cwd=tmp_path).stdout
    words = messages_of(None)
    assert f"({words('rule.asked_option', digits=3)})" in report
    assert words("rule.asked_sheet", digits=3) not in report


@pytest.mark.parametrize("locale", ["en", "de", "fr"])
def test_too_few_digits_without_a_sheet_does_not_say_the_sheet_asks(tmp_path, locale):
    """The heading of the text report and the line of the LaTeX one said "the sheet asks for at least 3"
    where no sheet was given (`check SPEC ANSWERS`)."""
    from symbp.i18n import get

    solved = json.loads(symbp_here("derive", "--example", "mazur", "--format", "json").stdout)
    value = float(solved["values"]["a_0^1"])
    (tmp_path / "a.toml").write_text(f'"a_0^1" = "{value:.2g}"\n', encoding="utf-8")  # right, 2 digits
    words = get(locale)
    report = symbp_here("check", "--example", "mazur", "a.toml", "--locale", locale, cwd=tmp_path).stdout
    tex = symbp_here("check", "--example", "mazur", "a.toml", "--locale", locale, "--format", "tex", cwd=tmp_path).stdout
    assert words.message("check.heading_too_few_option", count=1, n=3) in report
    assert words.message("check_tex.written_with_option", n=2, digits=3) in tex
    for said in (words.message("check.heading_too_few", count=1, n=3), words.message("check_tex.written_with", n=2, digits=3)):
        assert said not in report + tex


@pytest.mark.parametrize("spec, field", [('kind = "graph"\ninputz = { x = 1 }\nexpression = "x*x"\n', "inputz"),
                                         ("layres = [2, 1]\nlerning_rate = 1\n", "layres")])
def test_a_spec_with_misspelt_fields_is_refused_for_its_field_not_guessed(tmp_path, spec, field):
    """Review: a graph spec (or a network spec) with no field symbp knows was named "a student's answers
    file" by derive, hiding the field's own message ("inputz: unknown key (did you mean 'inputs'?)")."""
    (tmp_path / "net.toml").write_text(spec, encoding="utf-8")
    _refused(symbp_here("derive", "net.toml", cwd=tmp_path), "net.toml", f"{field}: unknown key")
    (tmp_path / "a.toml").write_text(FILES["ada.toml"][0], encoding="utf-8")
    _refused(symbp_here("check", "net.toml", "a.toml", cwd=tmp_path), "net.toml", f"{field}: unknown key")
