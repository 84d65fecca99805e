"""A hand-edited answer key is refused when it is read, once, naming the key and the field — before
any student is marked; a field missing, null, of the wrong type or unknown is named as such; the
check's numeric options refuse 0, negative and huge values.

The edits are made here on a real worksheet's answers.json; what each message must name is the
field edited (known to the test, not taken from symbp's output)."""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from symbp.cli import main


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    out = tmp_path_factory.mktemp("sheet")
    result = CliRunner().invoke(main, ["worksheet", "--example", "mazur", "-n", "3", "--seed", "5", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, json.loads((out / "answers.json").read_text(encoding="utf-8"))


def _check(key: dict, tmp_path, target: str = "class") -> tuple:
    """`check --key` of an edited key against a class folder of one student (variant 1, which is
    not the variant edited in most cases): (exit code, stderr, whether grades.csv was written)."""
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(key, indent=2), encoding="utf-8")
    folder = tmp_path / "class"
    folder.mkdir(exist_ok=True)
    first = key["variants"][0] if isinstance(key.get("variants"), list) and key["variants"] else {}
    loss = first["carried"].get("L", "") if isinstance(first, dict) and isinstance(first.get("carried"), dict) else ""
    (folder / "ada.toml").write_text(f'student = "Ada"\nvariant = 1\n"L" = "{loss}"\n', encoding="utf-8")
    marks = tmp_path / "marked"
    args = [str(folder), "--out", str(marks)] if target == "class" else [str(folder / "ada.toml")]
    result = CliRunner().invoke(main, ["check", "--key", str(path), *args])
    return result.exit_code, result.stderr, (marks / "grades.csv").exists()


def _edit(key: dict, where: list, value=None, delete: bool = False) -> dict:
    key = copy.deepcopy(key)
    table = key
    for step in where[:-1]:
        table = table[step]
    if delete:
        del table[where[-1]]
    else:
        table[where[-1]] = value
    return key


def _one_line(message: str) -> bool:
    return message.count("\n") == 1 and "Traceback" not in message


def test_an_untouched_key_marks_the_class(sheet, tmp_path):
    _, key = sheet
    code, message, written = _check(key, tmp_path)
    assert code == 0 and written, message


@pytest.mark.parametrize("where, value, field", [
    (["variants", 2, "carried", "L"], "0.1", "carried"),  # a value no chain prints
    (["variants", 2, "exact", "L"], "0.5", "exact"),
    (["variants", 2, "spec", "learning_rate"], 0.25, "spec"),
    (["variants", 2, "asked"], ["L"], "asked"),
    (["variants", 2, "values", "L"], 0.5, "values"),
])
def test_an_edited_variant_is_refused_up_front_naming_the_key_and_field(sheet, tmp_path, where, value, field):
    """Variant 3 is edited, only variant 1 is answered: the key is refused all the same, once,
    and no grades are written (before, the class was marked and the edit went unseen)."""
    _, key = sheet
    code, message, written = _check(_edit(key, where, value), tmp_path)
    assert code == 2 and _one_line(message) and not written, message
    assert "answers.json" in message and "edited" in message, message
    assert f": {field}" in message and ("variants[2]" in message or "variant 3" in message), message


@pytest.mark.parametrize("where, says", [
    (["digits"], "digits: missing"),
    (["key"], "key: missing"),
    (["tasks"], "tasks: missing"),
    (["seal"], "seal: missing"),
    (["variants", 0, "carried"], "carried: missing"),
    (["variants", 0, "exact"], "exact: missing"),
    (["variants", 0, "spec"], "spec: missing"),
    (["variants", 0, "asked"], "asked: missing"),
])
def test_a_deleted_field_is_named_missing(sheet, tmp_path, where, says):
    _, key = sheet
    code, message, _ = _check(_edit(key, where, delete=True), tmp_path, target="one")
    assert code == 2 and _one_line(message) and says in message and "NoneType" not in message, message


@pytest.mark.parametrize("where, value, says", [
    (["digits"], None, "digits: "),
    (["digits"], "4", "digits: "),
    (["digits"], 10 ** 400, "digits"),
    (["variants", 0, "carried"], None, "carried: expected a table"),
    (["variants", 0, "carried", "L"], None, "carried.L: expected a number written as text, got null"),
    (["variants", 0, "exact", "L"], 1e308, "exact.L: expected a number written as text, got 1e308"),
    (["variants", 0, "asked"], [1], "asked[0]: expected a quantity name"),
    (["variants", 0, "id"], None, "variants[0]: id: expected a variant number or text, got null"),
    (["variants", 0, "spec"], [[[[[[[[[[[1]]]]]]]]]]], "nested deeper"),
    (["variants"], [], "variants: expected a list of variants"),
    (["extra"], 1, "\"extra\": unknown field"),
    (["variants", 0, "comment"], "mine", "\"comment\": unknown field"),
])
def test_a_wrong_field_is_named(sheet, tmp_path, where, value, says):
    _, key = sheet
    code, message, _ = _check(_edit(key, where, value), tmp_path, target="one")
    assert code == 2 and _one_line(message) and says in message and "NoneType" not in message, message


def test_a_variant_removed_or_a_seal_edited_is_refused(sheet, tmp_path):
    _, key = sheet
    code, message, written = _check(_edit(key, ["variants", 2], delete=True), tmp_path)
    assert code == 2 and _one_line(message) and not written and "variants: 2 variants" in message, message
    code, message, written = _check(_edit(key, ["variant_seals", 2, "spec"], "0" * 16), tmp_path)
    assert code == 2 and _one_line(message) and not written and ": seal: " in message, message


@pytest.mark.parametrize("name, value, says", [
    ("locale", "de", "locale: \"de\", but the key was made without it"),  # the reports' language
    ("spec_name", "week6", ": spec_name: \"week6\", not what the key was made with"),  # its own seal (field_seals)
    ("seed", 6, ": seed: 6, not what the key was made with"),
])
def test_an_edited_field_of_the_head_is_refused(sheet, tmp_path, name, value, says):
    _, key = sheet
    code, message, written = _check(_edit(key, [name], value), tmp_path)
    assert code == 2 and _one_line(message) and not written and says in message, message


def test_a_key_from_before_the_variant_seals_loads_as_before(sheet, tmp_path):
    """A key from before the seals (none of key_format, field_seals, variant_seals, seal, detail):
    loads and marks; an edit of a variant no one answers shows only when a student of it is marked."""
    _, key = sheet
    later = ("key_format", "field_seals", "variant_seals", "seal", "detail")
    older = {name: value for name, value in key.items() if name not in later}
    code, message, written = _check(older, tmp_path)
    assert code == 0 and written, message
    code, message, written = _check(_edit(older, ["variants", 2, "values", "L"], 0.5), tmp_path)
    assert code == 0 and written, message


def test_a_students_null_and_unknown_field_are_named(sheet, tmp_path):
    """A null value is named in the report's NOT READ (marked as not given, exit code 1: one unreadable
    number no longer leaves the rest of the file unmarked — its z_0^1, the key's own, is correct); a
    null variant and an unknown field are refused (exit code 2), naming the field."""
    out, key = sheet
    exact = key["variants"][0]["exact"]["z_0^1"]
    (tmp_path / "ada.json").write_text(f'{{"variant": 1, "L": null, "z_0^1": "{exact}"}}', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--key", str(out / "answers.json"), str(tmp_path / "ada.json"),
                                       "-f", "json"])
    assert result.exit_code == 1 and "NoneType" not in result.output and "Traceback" not in result.output, result.output
    report = json.loads(result.stdout)
    [unread] = report["not_read"]
    assert (unread["name"], unread["text"]) == ("L", "null") and unread["reason"].startswith("expected a number")
    assert unread["reason"].endswith("got null")
    assert report["quantities"]["L"]["status"] == "missing" and report["quantities"]["z_0^1"]["status"] == "correct"
    for text, says in [('{"variant": null, "L": "0.3"}', "variant: expected a whole variant number"),
                       ('{"variant": 1, "comment": "mine"}', "comment: not a quantity")]:
        (tmp_path / "ada.json").write_text(text, encoding="utf-8")
        result = CliRunner().invoke(main, ["check", "--key", str(out / "answers.json"), str(tmp_path / "ada.json")])
        assert result.exit_code == 2 and says in result.stderr and "NoneType" not in result.stderr, result.stderr


@pytest.mark.parametrize("command, option, value", [
    (["check", "--example", "mazur"], "--min-digits", "0"),
    (["check", "--example", "mazur"], "--min-digits", "-1"),
    (["check", "--example", "mazur"], "--min-digits", "99999999999999999999"),
    (["check", "--example", "mazur"], "--digits", "0"),
    (["check", "--example", "mazur"], "--rel-tol", "0"),
    (["check", "--example", "mazur"], "--rel-tol", "-0.1"),
    (["check", "--example", "mazur"], "--rel-tol", "1e400"),
    (["worksheet", "--example", "mazur"], "--variants", "0"),
    (["worksheet", "--example", "mazur"], "--digits", "-1"),
    (["worksheet", "--example", "mazur"], "--seed", "-1"),
    (["worksheet", "--example", "mazur"], "--time-limit", "0"),
    (["derive", "--example", "mazur"], "--digits", "0"),
    (["derive", "--example", "mazur"], "--digits", "16"),
])
def test_a_numeric_option_out_of_range_is_refused(tmp_path, command, option, value):
    answers = tmp_path / "a.toml"
    answers.write_text('"L" = "0.3"\n', encoding="utf-8")
    extra = [str(answers)] if command[0] == "check" else ["--out", str(tmp_path / "out")] if command[0] == "worksheet" else []
    result = CliRunner().invoke(main, [*command, *extra, option, value])
    assert result.exit_code == 2 and option in result.output, result.output
    assert not (tmp_path / "out").exists()


def test_one_digit_asked_still_needs_one_shown(tmp_path):
    """--digits 1 asks for one significant digit: "0" shows none, so it is not right for Mazur's
    L = 0.298371... (Mazur's published value), while "0.3" is (before, the default minimum was
    0 digits and "0" was marked correct)."""
    for written, right in [("0", False), ("0.3", True)]:
        answers = tmp_path / "a.toml"
        answers.write_text(f'"L" = "{written}"\n', encoding="utf-8")
        result = CliRunner().invoke(main, ["check", "--example", "mazur", str(answers), "--digits", "1", "-f", "json"])
        assert (json.loads(result.output)["quantities"]["L"]["status"] == "correct") is right, result.output


@pytest.mark.parametrize("edit, named", [("delete", "leaves out 'a_0^1'"), ("add", "lists 'b_9^9'")])
def test_an_exact_value_deleted_or_added_is_named(tmp_path, edit, named):
    """An exact key's variant with one exact value deleted or one added: the message names the
    table (exact) and the quantity the test itself took out or put in."""
    out = tmp_path / "sheet"
    made = CliRunner().invoke(main, ["worksheet", "--example", "nn231", "-n", "2", "--seed", "4", "--exact-key",
                                     "--out", str(out)])
    assert made.exit_code == 0, made.output
    key = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    exact = key["variants"][1]["exact"]
    assert "a_0^1" in exact and "b_9^9" not in exact
    if edit == "delete":
        del exact["a_0^1"]
    else:
        exact["b_9^9"] = "0.5"
    code, message, graded = _check(key, tmp_path)
    assert code == 2 and not graded and _one_line(message), message
    assert "variant 2" in message and "exact" in message and named in message, message
