"""A PrairieLearn export of an `--exact-key` worksheet shows the exact key (found while checking
the course-platform hunter's LOW, stop 55): its answer panel worked the carried key — every value
rounded to 4 digits and carried on — whatever the sheet's key, and drew with the carried key's
`carried_off` constraint.  symbp-question.json now records an exact key; a carried export's file
(and so its question UUID) is as before."""
from __future__ import annotations

import importlib.util
import json
import re

import pytest

from helpers import cli_runner
from symbp.cli import main

CARRIED_SENTENCE = "the rounded value is carried on"


def panel(tmp_path, *options) -> tuple[str, dict, dict]:
    out = tmp_path / "ws"
    result = cli_runner().invoke(main, ["worksheet", "--example", "nn231", "-n", "1", "--seed", "3", "--out", str(out),
                                        "--prairielearn", str(out / "pl"), *options])
    assert result.exit_code == 0, result.output
    loader = importlib.util.spec_from_file_location(f"server_{len(options)}", out / "pl" / "server.py")
    server = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(server)
    key = json.loads((out / "answers.json").read_text(encoding="utf-8"))
    data = {"params": {}, "correct_answers": {}, "variant_seed": str(key["variants"][0]["seed"]),
            "options": {"question_path": str(out / "pl")}}
    server.generate(data)
    config = json.loads((out / "pl" / "symbp-question.json").read_text(encoding="utf-8"))
    return re.sub(r"<[^>]+>", " ", data["params"]["solution_html"]), config, key


@pytest.mark.parametrize("options, carried", [((), True), (("--exact-key",), False)])
def test_the_answer_panel_shows_the_sheets_key(tmp_path, options, carried):
    text, config, key = panel(tmp_path, *options)
    assert (CARRIED_SENTENCE in text) == carried, text[:1500]
    assert key["key"] == ("carried" if carried else "exact")
    assert ("key" in config) == (not carried)  # (a carried export's config, and its UUID, as before)
