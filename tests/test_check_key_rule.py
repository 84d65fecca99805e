"""`check --key` marks with the key's own rule: the calculator chain it printed (its digits and its
detail), and a key whose rule was edited is refused.

A value copied from the key was called wrong when the class was marked with another `--digits` (the
chain was rebuilt at those digits) or when the key was printed with `--detail matrix` (the chain
was rebuilt with `auto`, which rounds other sums).  The values here are the careful student's
(careful_student.py: the textbook equations in Decimal, every written value and f'(z) rounded to 4
digits and carried on, independent of symbp), who works exactly as the key's chain does.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from careful_student import CarefulStudent, as_text
from test_check_key_chain import SPEC
from symbp.agreement import Rule
from symbp.cli import main
from symbp.grading import load_key, mark_table
from symbp.marking import CORRECT

WIDE = SPEC.replace("layers = [2, 2, 1]", "layers = [3, 4, 2]")  # a sigmoid 3-4-2 network


def _sheet(folder, *args):
    result = CliRunner().invoke(main, ["worksheet", *args, "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder / "answers.json", json.loads((folder / "answers.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mazur(tmp_path_factory):
    return _sheet(tmp_path_factory.mktemp("mazur"), "--example", "mazur", "-n", "6", "--seed", "11")


def _status(key, variant: str, name: str, text: str, digits: int) -> str:
    return mark_table(key, {"variant": variant, name: text}, key.path, Rule(digits=digits)).marking.marks[name].status


def test_a_value_of_the_keys_chain_is_right_whatever_digits_the_class_is_marked_with(mazur):
    path, data = mazur
    key = load_key(path)
    off, checked = 0, 0
    for variant in data["variants"]:
        vid = str(variant["id"])
        chain = CarefulStudent(variant["spec"], digits=4, round_derivatives=True, on_the_way=False).work()
        exact = {n: Decimal(v) for n, v in variant["exact"].items()}
        for name in variant["asked"]:
            mine = chain[name]
            assert Decimal(variant["carried"][name]) == mine, (vid, name)  # the key prints this chain
            if exact[name] != 0 and abs(exact[name] - mine) > Decimal(10) ** (exact[name].adjusted() - 3) / 2:
                off += 1  # the chain's value is not the exact one rounded: only the chain makes it right
                for digits in (2, 3, 5, 6):
                    assert _status(key, vid, name, as_text(mine), digits) == CORRECT, (vid, name, mine, digits)
                    checked += 1
    assert off >= 3 and checked >= 12


def test_a_class_marked_with_other_digits_gives_every_copy_of_the_key_full_points(mazur, tmp_path):
    path, data = mazur
    folder = tmp_path / "copies"
    folder.mkdir()
    for variant in data["variants"]:
        chain = CarefulStudent(variant["spec"], digits=4, round_derivatives=True, on_the_way=False).work()
        lines = [f"variant = {variant['id']}"] + [f'"{n}" = "{as_text(chain[n])}"' for n in variant["asked"]]
        (folder / f"v{variant['id']}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for digits in ("2", "5"):
        result = CliRunner().invoke(main, ["check", "--key", str(path), str(folder), "--out", str(tmp_path / digits),
                                           "--digits", digits])
        assert result.exit_code == 0, result.output
        asked = len(data["variants"][0]["asked"])
        assert result.output.count(f"{asked} of {asked} points") == len(data["variants"]), result.output


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    root = tmp_path_factory.mktemp("matrix")
    (root / "wide.toml").write_text(WIDE, encoding="utf-8")
    keys = {detail: _sheet(root / detail, str(root / "wide.toml"), "-n", "3", "--seed", "7", "--detail", detail)
            for detail in ("matrix", "auto")}
    return keys


def test_a_key_printed_in_matrix_form_is_marked_with_its_own_chain(matrix):
    """Matrix form rounds the vector (W^T δ) where it prints it; the deltas after it differ from
    the per-neuron chain's, and a copied one fell back to the exact value."""
    path, data = matrix["matrix"]
    _, auto = matrix["auto"]
    key = load_key(path)
    differing = 0
    for variant, other in zip(data["variants"], auto["variants"]):
        carried, vid = variant["carried"], str(variant["id"])
        for name in variant["asked"]:
            differing += carried[name] != other["carried"][name]
            assert _status(key, vid, name, carried[name], 4) == CORRECT, (vid, name, carried[name])
    assert differing >= 5  # the two forms' chains differ in the asked values


def _edited(tmp_path, path, edit) -> tuple[int, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    edited = tmp_path / "answers.json"
    edited.write_text(json.dumps(data), encoding="utf-8")
    answers = tmp_path / "a.toml"
    answers.write_text('variant = 1\n"z_0^1" = 0.5\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--key", str(edited), str(answers)])
    return result.exit_code, result.stderr


def _set(field, value):
    return lambda data: data.update({field: value})


def _drop_asked(data):
    data["variants"][0]["asked"].pop()


def _add_asked(data):
    data["variants"][0]["asked"].append("dL/da_0^1")


def _carried_value(data):
    data["variants"][0]["carried"]["L"] = "0.1"


def _unsealed(change):
    def edit(data):
        for name in ("key_format", "field_seals", "variant_seals", "seal", "detail"):
            data.pop(name)  # a key from before the seals had none of them
        change(data)
    return edit


@pytest.mark.parametrize("edit, field", [
    (_set("digits", 3), "digits"),
    (_set("digits", 15), "digits"),
    (_set("digits", "four"), "digits"),
    (_set("detail", "auto"), "detail"),
    (_set("key", "exact"), "key"),
    (_set("tasks", ["forward", "loss"]), "tasks"),
    (_set("seal", "0123456789abcdef"), "seal"),
    (_drop_asked, "asked"),
    (_add_asked, "asked"),
    (_carried_value, "carried.L"),
    # a key without its seal (as before it was written) is still checked by its values
    (_unsealed(_set("digits", 3)), "digits"),
    (_unsealed(_set("detail", "auto")), "seal"),  # detail was written with the seal: a key with it has one
    (_unsealed(_drop_asked), "asked"),
])
def test_an_edited_carried_key_is_refused_naming_the_field(matrix, tmp_path, edit, field):
    path, _ = matrix["matrix"]
    code, message = _edited(tmp_path, path, edit)
    assert code == 2, message
    assert message.count("\n") == 1 and f": {field}: " in message and "edited" in message, message


@pytest.mark.parametrize("edit, field", [
    (_set("digits", 6), "digits"),
    (_set("detail", "table"), "detail"),
    (_set("key", "carried"), "key"),
    (_drop_asked, "asked"),
])
def test_an_edited_exact_key_is_refused_naming_the_field(tmp_path, edit, field):
    """An exact key prints no chain: its digits are kept by its seal."""
    (tmp_path / "wide.toml").write_text(WIDE, encoding="utf-8")
    path, _ = _sheet(tmp_path / "key", str(tmp_path / "wide.toml"), "-n", "1", "--seed", "3", "--exact-key")
    code, message = _edited(tmp_path, path, edit)
    assert code == 2, message
    assert message.count("\n") == 1 and f": {field}: " in message and "edited" in message, message


def test_a_key_from_before_the_detail_was_recorded_finds_its_own(matrix, tmp_path):
    """A matrix-form key without "detail" and "seal" (written by an older symbp): its chain is the
    one whose values it prints, and a copy of them is right."""
    path, data = matrix["matrix"]
    older = {k: v for k, v in data.items() if k not in ("detail", "seal", "variant_seals", "key_format", "field_seals")}
    (tmp_path / "answers.json").write_text(json.dumps(older), encoding="utf-8")
    key = load_key(tmp_path / "answers.json")
    variant = data["variants"][0]
    for name in variant["asked"]:
        assert _status(key, str(variant["id"]), name, variant["carried"][name], 4) == CORRECT, name


def test_an_exact_keys_printed_values_are_right_whatever_digits_the_class_is_marked_with(tmp_path):
    """An exact key prints the exact values rounded to its digits (the careful student's at 30
    digits, rounded to 4 here); with --digits 6 they showed 'too few digits'."""
    from careful_student import written

    path, data = _sheet(tmp_path / "key", "--example", "mazur", "-n", "2", "--seed", "11", "--exact-key")
    key = load_key(path)
    for variant in data["variants"]:
        exact = CarefulStudent(variant["spec"], digits=30, on_the_way=False).work()
        for name in variant["asked"]:
            printed = as_text(written(exact[name], 4))
            for digits in (3, 5, 6):
                assert _status(key, str(variant["id"]), name, printed, digits) == CORRECT, (name, printed, digits)
