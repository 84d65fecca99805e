"""A double quote in text symbp typesets (a title, a student's name, a NOT READ reason quoting the value
written) prints as a quote in every language: German babel makes " a shorthand, so `"-1.03"` lost its
quotes and `"or` printed `ör` in a German check report (stop 47)."""

from __future__ import annotations

import shutil
import subprocess

import symbp
from print_audit import compile_and_audit


def test_quotes_print_as_quotes_in_a_german_report(tmp_path, requires_tex):
    report = symbp.check(symbp.example("nn231"), {"student": 'Anna "Ann" Otto', "z_0^1": "ca. 0,3", "z_2^1": "1.8"},
                         locale="de")
    audit = compile_and_audit(report.to("tex"), tmp_path, "report")
    text = subprocess.run([shutil.which("pdftotext"), "-l", "1", str(audit.pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert 'Anna "Ann" Otto' in text
    # (why it is no number, in the report's language: the German catalogue's words)
    from symbp.i18n import get

    assert get("de").message("input.expected_answer_number", got='"ca. 0,3"') in text
