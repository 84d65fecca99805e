"""An update worked with the optimizer's state of the step before (w@3 = w@2 − α·v@1 for α·v@2: the old velocity)
is named (the stop-65 student tester's LOW: marked wrong, no slip named). The answers file is the tester's (their
own simulator, 4 digits carried on, one update slipped); the slip's number is checked here in Decimal."""

from __future__ import annotations

import json
import tomllib
from decimal import Decimal

import pytest

from helpers import REPO, cli_runner
from symbp.cli import main

DATA = REPO / "tests" / "data"
WORDS = {"en": "of the step before", "de": "des vorigen Schritts", "fr": "de l’étape précédente"}


@pytest.mark.parametrize("locale", ["en", "de", "fr"])
def test_the_old_velocity_in_the_update_is_named(locale):
    answers = DATA / "momentum-batch-tanh-old-velocity.toml"
    written = tomllib.loads(answers.read_text(encoding="utf-8"))
    spec = tomllib.loads((DATA / "momentum-batch-tanh.toml").read_text(encoding="utf-8"))
    alpha = Decimal(str(spec["learning_rate"]))
    slipped = Decimal(written["w_01^2@2"]) - alpha * Decimal(written["v_w_01^2"])  # v of step 1, not step 2
    assert slipped == Decimal(written["w_01^2@3"])
    assert slipped != Decimal(written["w_01^2@2"]) - alpha * Decimal(written["v_w_01^2@2"])
    done = cli_runner().invoke(main, ["check", str(DATA / "momentum-batch-tanh.toml"), str(answers),
                                      "--format", "json", "--locale", locale])
    quantities = json.loads(done.output)["quantities"]
    wrong = {name: q for name, q in quantities.items() if q["status"] == "wrong"}
    assert list(wrong) == ["w_01^2@3"], list(wrong)
    assert wrong["w_01^2@3"]["diagnosis_key"] == "previous_state_used"
    assert WORDS[locale] in wrong["w_01^2@3"]["diagnosis"]
    assert Decimal(str(wrong["w_01^2@3"]["diagnosis_value"])) == slipped
