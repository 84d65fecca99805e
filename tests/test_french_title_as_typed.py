"""A French sheet sets the instructor's title and course as typed: babel-french put a space before : ; ! ? even where
none was typed ("Midterm: a graph" printed "Midterm : a graph", against the README's "kept as written"; the stop-65
instructor). symbp's own French words keep French spacing (they type the space: "Nom :"). Read in the compiled PDF."""

from __future__ import annotations

import subprocess

import symbp

SPEC = {"title": "Midterm: graph; ok? yes!", "layers": [1, 1, 1], "activation": "sigmoid", "loss": "mse",
        "learning_rate": 0.5, "input": [1], "target": [0.5],
        "layer": [{"weights": [[0.5]], "biases": [0.1]}, {"weights": [[-0.5]], "biases": [0.2]}]}


def test_the_title_is_set_as_typed_in_french(tmp_path, requires_tex):
    sheet = symbp.worksheet(symbp.spec_from_dict(SPEC), variants=1, seed=1, locale="fr")
    sheet.save(tmp_path / "ws", pdf=True)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "ws" / "worksheet.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Midterm: graph; ok? yes!" in text, text[:400]
    assert "Midterm :" not in text
    assert "Nom :" in text  # (symbp's own words: French spacing, as typed in the catalogue)


def test_other_languages_are_untouched():
    for locale in ("en", "de"):
        tex = symbp.worksheet(symbp.spec_from_dict(SPEC), variants=1, seed=1, locale=locale).files["worksheet.tex"]
        assert "NoAutoSpacing" not in tex and "Midterm: graph; ok? yes!" in tex
