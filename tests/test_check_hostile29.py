"""Hostile input to `symbp check` (trust29): every case is exit 2, one line naming the file and the
field, no traceback, no output file; a class folder's hidden entries are named as not read, and
control characters of file names reach neither the terminal nor grades.csv nor a report."""

from __future__ import annotations

import pytest

from helpers import symbp_here

SPEC = """layers = [2, 1]
loss = "half_sse"
learning_rate = {rate}
input = [1, 2]
target = [1]
[[layer]]
activation = "sigmoid"
weights = [[{w}, 0.2]]
biases = [0.1]
"""


def one_line_exit_2(result, *words):
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


@pytest.mark.parametrize("rate, w, field, words", [
    ('"abc"', "0.1", "learning_rate", ("expected a number",)),
    ("1e500", "0.1", "learning_rate", ("1e500 lies outside", "10^100")),  # as written, with the field's limit
    ("0.5", "-1e500", "the 1st [[layer]] table (layer 1): weights[0][0]", ("-1e500 lies outside", "10^100")),
])
def test_a_spec_error_in_check_names_the_spec_file_and_the_field(tmp_path, rate, w, field, words):
    spec, answers, report = tmp_path / "net.toml", tmp_path / "ada.toml", tmp_path / "report.txt"
    spec.write_text(SPEC.format(rate=rate, w=w), encoding="utf-8")
    answers.write_text('"z_0^1" = 0.5\n', encoding="utf-8")
    line = one_line_exit_2(symbp_here("check", str(spec), str(answers), "-o", str(report)), *words)
    assert line.startswith(f"symbp: {spec}: {field}: "), line
    assert "inf" not in line.split(": ", 3)[-1].split() and not report.exists()


@pytest.fixture(scope="module")
def key(tmp_path_factory):
    out = tmp_path_factory.mktemp("ws29")
    made = symbp_here("worksheet", "--example", "nn231", "-n", "1", "--seed", "1", "-o", str(out))
    assert made.returncode == 0, made.stderr
    return out / "answers.json"


def test_hidden_entries_of_a_class_folder_are_named_as_not_read(key, tmp_path):
    folder, out = tmp_path / "class", tmp_path / "marked"
    folder.mkdir()
    (folder / "ada.toml").write_text('variant = 1\n"z_0^1" = -0.5\n', encoding="utf-8")
    (folder / ".h3.toml").write_text('variant = 1\n"z_0^1" = -0.5\n', encoding="utf-8")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "bob.toml").write_text('variant = 1\n"z_0^1" = -0.5\n', encoding="utf-8")
    ran = symbp_here("check", "--key", str(key), str(folder), "--out", str(out))
    assert f"{folder}/.h3.toml: a hidden name, not read" in ran.stderr
    assert f"{folder}/.hidden/: a hidden name, not read" in ran.stderr
    assert ".h3.toml, .hidden/" in ran.stdout
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == ["ada.txt", "grades.csv"]


def test_control_characters_of_a_file_name_are_escaped_everywhere(key, tmp_path):
    folder, out = tmp_path / "class", tmp_path / "marked"
    folder.mkdir()
    (folder / "a\x1b[31mred.toml").write_text('variant = 1\n"z_0^1" = 1\n', encoding="utf-8")
    (folder / "b\x07.toml").write_text('variant = 7\n', encoding="utf-8")  # no such variant: an error row
    ran = symbp_here("check", "--key", str(key), str(folder), "--out", str(out))
    assert ran.returncode == 2, ran.stderr
    assert "\x1b" not in ran.stdout + ran.stderr and "\x07" not in ran.stdout + ran.stderr
    assert "a\\x1b[31mred.toml" in ran.stdout and "b\\x07.toml" in ran.stderr
    for path in out.iterdir():
        text = path.read_text(encoding="utf-8")
        assert "\x1b" not in text and "\x07" not in text, path.name
    assert "b\\x07.toml: variant: 7 is not a variant" in (out / "grades.csv").read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("variant", ['"1\\u001b[2J"', "true", '"' + "9" * 300 + '"'])
def test_a_bad_variant_of_one_answers_file_names_the_file(key, tmp_path, variant):
    answers = tmp_path / "ada.toml"
    answers.write_text(f'variant = {variant}\n"z_0^1" = -0.5\n', encoding="utf-8")
    line = one_line_exit_2(symbp_here("check", "--key", str(key), str(answers)))
    assert line.startswith(f"symbp: {answers}: variant: "), line
    assert "\x1b" not in line
