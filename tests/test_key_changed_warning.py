"""A worksheet run into a folder whose answers.json is an earlier key with other numbers for some of its
variants says so on stderr, naming the variants and both seeds: a new user changed only --title, the seed
followed the title, and the key of the sheets already handed out was replaced without a word (stop 53).
A run that keeps every variant's numbers (same seed, another title) says nothing; an answers.json that is
no key (garbage, a link, a folder's worth of JSON) is no earlier key."""

from __future__ import annotations

import json
import os

from click.testing import CliRunner

from symbp.cli import main


def _run(*args):
    return CliRunner().invoke(main, ["worksheet", "--example", "nn231", *args])


def _warnings(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("warning:")]


def test_other_numbers_for_the_same_variants_are_warned_of(tmp_path):
    folder = str(tmp_path / "ws")
    assert _run("-n", "3", "--seed", "5", "-o", folder).exit_code == 0
    earlier = {v["id"]: v["spec"] for v in json.loads((tmp_path / "ws" / "answers.json").read_text())["variants"]}
    same = _run("-n", "3", "--seed", "5", "--title", "Another title", "-o", folder)
    assert same.exit_code == 0 and _warnings(same) == [], same.output
    other = _run("-n", "4", "--seed", "6", "-o", folder)
    now = {v["id"]: v["spec"] for v in json.loads((tmp_path / "ws" / "answers.json").read_text())["variants"]}
    differ = [str(i) for i in earlier if earlier[i] != now[i]]
    assert other.exit_code == 0 and differ == ["1", "2", "3"]  # (another seed: every variant's numbers)
    assert _warnings(other) == [f"warning: {os.path.join(folder, 'answers.json')} replaced a key with other numbers for "
                                "3 of these variants (1–3; its seed 5, now 6): a sheet handed "
                                "out from the earlier key does not match this one"], other.output


def test_the_same_seed_with_other_digits_says_other_options(tmp_path):
    folder = str(tmp_path / "ws")
    assert _run("-n", "3", "--seed", "5", "-o", folder).exit_code == 0
    other = _run("-n", "3", "--seed", "5", "--digits", "2", "-o", folder)
    warned = _warnings(other)
    assert other.exit_code == 0 and len(warned) == 1, other.output  # (two digits redraw some of seed 5's variants)
    assert "the same seed 5, other options)" in warned[0] and "now 5" not in warned[0], warned


def test_an_answers_json_that_is_no_key_is_no_earlier_key(tmp_path):
    for content in ("not json", "[]", '{"variants": 3}', '{"variants": [{"id": 1}]}', '{"variants": [1, null]}'):
        folder = tmp_path / "ws"
        folder.mkdir(exist_ok=True)
        (folder / "answers.json").write_text(content, encoding="utf-8")
        result = _run("-n", "2", "--seed", "5", "-o", str(folder))
        assert result.exit_code == 0 and _warnings(result) == [], (content, result.output)


def test_variants_the_earlier_key_held_and_this_one_lacks_are_warned_of(tmp_path):
    """A rerun with fewer variants (or another --first-variant) dropped the later variants from the key
    without a word (stop 53's leftover): the sheets handed out with them could no longer be marked."""
    folder = str(tmp_path / "ws")
    assert _run("-n", "6", "--seed", "5", "-o", folder).exit_code == 0
    earlier = [str(v["id"]) for v in json.loads((tmp_path / "ws" / "answers.json").read_text())["variants"]]
    fewer = _run("-n", "3", "--seed", "5", "-o", folder)
    now = [str(v["id"]) for v in json.loads((tmp_path / "ws" / "answers.json").read_text())["variants"]]
    gone = [i for i in earlier if i not in now]
    assert fewer.exit_code == 0 and gone == ["4", "5", "6"]
    key = os.path.join(folder, "answers.json")
    assert _warnings(fewer) == [f"warning: {key} replaced a key that also held 3 variants this one does not (4–6): "
                                "sheets handed out with them cannot be marked against this key"], fewer.output
    one = _run("-n", "1", "--first-variant", "3", "--seed", "5", "-o", folder)  # 1 and 2 dropped, 3 kept alike
    assert one.exit_code == 0 and _warnings(one) == [f"warning: {key} replaced a key that also held 2 variants this "
                                                     "one does not (1–2): sheets handed out with them cannot be "
                                                     "marked against this key"], one.output
    more = _run("-n", "6", "--seed", "5", "-o", folder)  # every earlier variant kept with its numbers: no word
    assert more.exit_code == 0 and _warnings(more) == [], more.output


def test_the_python_api_warns_too(tmp_path):
    """(stop 54) Worksheet.save replaced a key in silence; the command line's warnings come from it now."""
    import warnings

    import symbp

    folder = tmp_path / "ws"
    symbp.worksheet(symbp.example("nn231"), variants=4, seed=1).save(folder)
    sheet = symbp.worksheet(symbp.example("nn231"), variants=2, seed=2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sheet.save(folder)
    texts = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
    key = os.path.join(str(folder), "answers.json")
    assert texts == sheet.replaced == [
        f"{key} replaced a key with other numbers for 2 of these variants (1–2; its seed 1, now 2): a sheet "
        "handed out from the earlier key does not match this one",
        f"{key} replaced a key that also held 2 variants this one does not (3–4): sheets handed out with "
        "them cannot be marked against this key"]
    assert all(w.filename == __file__ for w in caught)  # pointing at the caller's line
    # (stop 55) the category names it a warning: its text has no "warning: " of its own (it read
    # "UserWarning: warning: …"); the command line's has, in the sheet's language
    assert not any(text.lower().startswith("warning") for text in texts)
