"""Two languages of one sheet: the English and the French Moodle export of one seed go to
categories of their own and have ids of their own (English keeps the ids it had, so an imported
bank stays valid); PrairieLearn's questions differ too.  And `--first-variant K` makes variants
K, K + 1, … with the numbers, seeds and ids they have on the whole sheet of that seed (one
process or workers), so that two languages share a seed without two students sharing numbers."""

from __future__ import annotations

import json
import random
import xml.etree.ElementTree as ET

import pytest

from helpers import cli_runner, symbp_here
from symbp.cli import main


def run(*args):
    result = cli_runner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def _moodle(out, locale):
    run("worksheet", "--example", "nn231", "-n", 2, "--seed", 1, "--out", out / locale, "--title", "Exam",
        "--locale", locale, "--moodle", out / f"{locale}.xml", "--prairielearn", out / f"pl-{locale}")
    root = ET.parse(out / f"{locale}.xml").getroot()
    category = root.find("question/category/text").text
    ids = [q.find("idnumber").text for q in root.findall("question") if q.get("type") == "cloze"]
    uuid = json.loads((out / f"pl-{locale}" / "info.json").read_text(encoding="utf-8"))["uuid"]
    key = json.loads((out / locale / "answers.json").read_text(encoding="utf-8"))
    return category, ids, uuid, key


def test_two_languages_of_one_seed_share_no_category_and_no_id(tmp_path):
    en_category, en_ids, en_uuid, key = _moodle(tmp_path, "en")
    fr_category, fr_ids, fr_uuid, _ = _moodle(tmp_path, "fr")
    assert fr_category != en_category
    assert set(fr_ids).isdisjoint(en_ids) and len(set(fr_ids)) == len(fr_ids) == 2
    assert fr_uuid != en_uuid
    # English keeps the ids and the category it had: symbp-<spec>-s<seed>-v<id>-<variant seed>
    assert en_ids == [f"symbp-nn231-s1-v{v['id']}-{v['seed']}" for v in key["variants"]]
    assert en_category == "$course$/top/Exam"


def _variants(out, *args, workers="1"):
    result = symbp_here("worksheet", "--example", "nn231", "--seed", 1, "--out", out, *args,
                       env={"SYMBP_WORKERS": workers})
    assert result.returncode == 0, result.stderr
    return json.loads((out / "answers.json").read_text(encoding="utf-8"))["variants"]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_later_part_of_a_sheet_has_that_part_s_numbers(tmp_path, workers):
    whole = _variants(tmp_path / "whole", "-n", 12)
    later = _variants(tmp_path / "later", "-n", 9, "--first-variant", 4, "--locale", "fr", workers=workers)
    assert [v["id"] for v in later] == list(range(4, 13))
    for mine, theirs in zip(later, whole[3:]):
        assert (mine["seed"], mine["spec"], mine["exact"]) == (theirs["seed"], theirs["spec"], theirs["exact"])
    sheet = (tmp_path / "later" / "worksheet.tex").read_text(encoding="utf-8")
    assert "variante 4 sur 12" in sheet and "variante 1 sur" not in sheet


TINY = ('layers = [1, 1, 1]\nloss = "half_sse"\nlearning_rate = 0.5\nactivation = "identity"\n[variants]\n'
        'weights = { range = [1, 2], decimals = 0 }\nbiases = { range = [1, 2], decimals = 0 }\n'
        'inputs = { range = [1, 1], decimals = 0 }\ntargets = { range = [0, 0], decimals = 0 }\n'
        'ask = ["forward", "loss"]\nrequire_loss_decrease = false\n')


def test_a_later_part_excludes_the_earlier_variants_numbers(tmp_path):
    """A 1-1-1 network on a grid of few numbers: seed 3's variants redraw numbers an earlier
    variant has (4 duplicates in 4 variants), and do so when made alone too."""
    from symbp.spec import parse_spec
    from symbp.variants import draw_variants

    spec = parse_spec(TINY, name="tiny", numbers_optional=True)
    whole = draw_variants(spec, 4, random.Random(3), symbolic="none")
    assert whole.rejections["duplicate"] > 0  # (else this test could not fail)
    for first in (2, 3, 4):
        later = draw_variants(spec, 5 - first, random.Random(3), symbolic="none", first=first)
        assert [v.id for v in later.variants] == list(range(first, 5))
        assert [v.spec for v in later.variants] == [v.spec for v in whole.variants[first - 1:]]


def test_the_first_variant_is_bounded(tmp_path):
    result = symbp_here("worksheet", "--example", "nn231", "--first-variant", 0, "--out", tmp_path)
    assert result.returncode == 2 and "--first-variant" in result.stderr


def test_a_later_part_of_a_graph_sheet_has_that_part_s_numbers(tmp_path):
    whole = _graph_variants(tmp_path / "whole", "-n", 4)
    later = _graph_variants(tmp_path / "later", "-n", 2, "--first-variant", 3)
    assert [v["id"] for v in later] == [3, 4] and later == whole[2:]


def _graph_variants(out, *args):
    result = symbp_here("worksheet", "--example", "graph-neuron", "--seed", 2, "--out", out, *args)
    assert result.returncode == 0, result.stderr
    return json.loads((out / "answers.json").read_text(encoding="utf-8"))["variants"]
