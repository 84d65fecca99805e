"""What a class listing flags reaches an instructor who opens only grades.csv (review 34): the
numbers of a file that fit another variant far better, and two files of one student and variant,
were said on the terminal only.  grades.csv now has a `flags` column (in the locale's words, never
a formula), the Jupyter table a column of them, and a class's JSON report names the other files
of its student and variant.  grades.csv begins with a UTF-8 byte order mark, so that Excel on
Windows reads 王小明 as written; a name's invisible character is named escaped, not sent raw.

The students' numbers come from the careful student (careful_student.py), as in
test_check_class_names.py, whose sheet (three Mazur variants) this reuses.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from click.testing import CliRunner

from symbp.cli import main
from test_check_class_names import class_folder, run, sheet, sheet_key  # noqa: F401 (fixtures)

FLAGGED = {"a1.toml": ("Jean Dupont", 1, "1"), "a2.toml": ("jean  dupont", 1, "1"),  # one student twice
           "ben.toml": ("Ben", 2, "1"), "wang.toml": ("王小明", 3, "3")}  # Ben's numbers are variant 1's


def rows_of(folder, locale="en"):
    raw = (folder / "grades.csv").read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))  # the byte order mark, once
    text = raw.decode("utf-8-sig")
    assert not text.startswith("\ufeff")
    return {row[0]: row for row in csv.reader(io.StringIO(text), delimiter=";" if locale == "fr" else ",")}


@pytest.fixture(scope="module")
def flagged(sheet_key, tmp_path_factory):
    key, careful = sheet_key
    base = tmp_path_factory.mktemp("flags")
    folder = class_folder(base, careful, FLAGGED)
    return key, folder, base


@pytest.mark.parametrize("locale, fits, same", [("en", "fit variant 1 far better", "the same student and variant as"),
                                                ("fr", "variante 1", "même personne et même variante que")])
def test_grades_csv_has_the_listings_flags(flagged, locale, fits, same):
    key, folder, base = flagged
    out = base / f"marked-{locale}"
    result = run("--key", key, folder, "--out", out, "--locale", locale)
    assert result.exit_code in (0, 1), result.output
    rows = rows_of(out, locale)
    header = rows.pop(next(iter(rows)))
    column = header.index({"en": "flags", "fr": "signalements"}[locale])
    assert fits in rows["ben.toml"][column] and same not in rows["ben.toml"][column]
    assert f"{same} a2.toml" in rows["a1.toml"][column] and f"{same} a1.toml" in rows["a2.toml"][column]
    assert rows["wang.toml"][column] == ""  # nothing to flag
    assert rows["wang.toml"][header.index({"en": "student", "fr": "nom"}[locale])] == "王小明"
    listed = {line.split()[0]: line for line in result.output.splitlines() if line.startswith("  ")}
    assert fits in listed["ben.toml"] and f"{same} a2.toml" in listed["a1.toml"]  # as the listing says


def test_a_flag_never_begins_a_formula(sheet_key, tmp_path):
    key, careful = sheet_key
    folder = class_folder(tmp_path, careful, {"=a.toml": ("=HYPERLINK(1)", 1, "1"), "b.toml": ("=hyperlink(1)", 1, "1")})
    assert run("--key", key, folder, "--out", tmp_path / "marked").exit_code == 0
    rows = rows_of(tmp_path / "marked")
    for row in rows.values():
        for value in row:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert rows["b.toml"][rows["file"].index("flags")] == "the same student and variant as =a.toml"


def test_the_jupyter_table_and_the_json_reports_flag_them_too(flagged):
    import symbp

    key, folder, base = flagged
    report = symbp.check_class(symbp.load_key(key), folder)
    html = report._repr_html_()
    ben = html[html.index("<code>ben.toml</code>"):].split("</tr>", 1)[0]
    a1 = html[html.index("<code>a1.toml</code>"):].split("</tr>", 1)[0]
    wang = html[html.index("<code>wang.toml</code>"):].split("</tr>", 1)[0]
    assert "fit variant 1 far better" in ben and "same student and variant as a2.toml" in a1 and "⚑" not in wang
    out = base / "marked-json"
    assert run("--key", key, folder, "--out", out, "-f", "json").exit_code in (0, 1)
    reports = {name: json.loads((out / f"{name}.json").read_text(encoding="utf-8")) for name in ("a1", "a2", "ben")}
    assert reports["a1"]["same_student_as"] == ["a2.toml"] and reports["a2"]["same_student_as"] == ["a1.toml"]
    assert "same_student_as" not in reports["ben"] and reports["ben"]["fits_variant"]["variant"] == "1"


def test_an_invisible_character_is_named_escaped(sheet_key, tmp_path):
    key, careful = sheet_key
    folder = class_folder(tmp_path, careful, {"jean.toml": ("Jean\u200bDupont", 1, "1")})
    result = run("--key", key, folder, "--out", tmp_path / "marked")
    listed = next(line for line in result.output.splitlines() if line.lstrip().startswith("jean.toml"))
    assert '"Jean\\u200bDupont"' in listed and "\u200b" not in listed, listed
    assert "\u200b" not in (tmp_path / "marked" / "grades.csv").read_text(encoding="utf-8-sig")


def test_a_file_or_folder_name_with_a_line_break_stays_on_its_line_on_stderr(sheet_key, tmp_path):
    """Found by soak41: the stderr line naming the files not marked (and a folder not read) sent a
    name's line break raw, `… nl\\x1b[31m` and `name.toml` on a line of its own, though the listing
    escaped it: each name is shown escaped, as README promises for every message."""
    key, careful = sheet_key
    folder = class_folder(tmp_path, careful, {"jean.toml": ("Jean", 1, "1")})
    (folder / "a\nb.toml").write_text("not = [toml", encoding="utf-8")
    (folder / "c\nd").mkdir()
    result = CliRunner().invoke(main, ["check", "--key", str(key), str(folder), "--out", str(tmp_path / "marked")])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert all(line.startswith(("symbp: ", "made the folder")) for line in lines), lines
    assert any("not marked" in line and "a\\nb.toml" in line for line in lines), lines
    assert any("c\\nd/: a folder, not read" in line for line in lines), lines
