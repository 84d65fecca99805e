"""A message shared by the command line and the Python API names the caller's own option: the CLI
--format, --example, `symbp derive SPEC --format answers-template`; the API format=, example,
symbp.derive(spec).to("answers-template") — never one in the other's words (a new user's finding:
"name it (--format, or format=)")."""

from __future__ import annotations

import pytest

import symbp
from helpers import cli_runner
from symbp.cli import main
from symbp.errors import SpecError
from symbp.option_words import OPTIONS


def _api_message(call) -> str:
    with pytest.raises(SpecError) as error:
        call()
    return str(error.value)


def _cli_message(*args) -> str:
    result = cli_runner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 2
    return result.output.strip()


CASES = {  # what goes wrong -> (the API call, the command line), and the option the message names
    "no format from the extension": (lambda tmp: symbp.derive(symbp.example("nn231")).save(tmp / "out.xyz"),
                                     lambda tmp: ("derive", "--example", "nn231", "-o", tmp / "out.xyz"), "format"),
    "a PDF of Markdown": (lambda tmp: symbp.derive(symbp.example("nn231")).save(tmp / "out.md", pdf=True),
                          lambda tmp: ("derive", "--example", "nn231", "-o", tmp / "out.md", "--pdf"), "format"),
    "an unknown example": (lambda tmp: symbp.example("nn23"), lambda tmp: ("derive", "--example", "nn23"), "example"),
    "an unknown quantity name": (lambda tmp: symbp.check(symbp.example("nn231"), {"q_0^1": 1}),
                                 lambda tmp: ("check", "--example", "nn231", _answers(tmp)), "answers_template"),
}


def _answers(tmp):
    path = tmp / "ada.toml"
    path.write_text('"q_0^1" = 1\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("case", list(CASES))
def test_each_caller_is_told_its_own_option(tmp_path, case):
    api_call, cli_args, name = CASES[case]
    cli_word, api_word = OPTIONS[name]
    api, cli = _api_message(lambda: api_call(tmp_path)), _cli_message(*cli_args(tmp_path))
    assert api_word.split("=")[0].strip("`") in api and cli_word in cli
    assert "--" not in api and cli_word not in api and api_word not in cli.replace(cli_word, "")


def test_the_rule_names_the_callers_way_of_turning_carrying_off(tmp_path):
    cli_word, api_word = OPTIONS["no_carry"]
    api = " ".join(symbp.check(symbp.example("nn231"), {"z_0^1": 1}, carry=False).to("text").split())
    answers = tmp_path / "ada.toml"
    answers.write_text('"z_0^1" = 1\n', encoding="utf-8")
    result = cli_runner().invoke(main, ["check", "--example", "nn231", str(answers), "--no-carry"])
    cli = " ".join(result.output.split())
    assert f"({api_word})" in api and "--" not in api and f"({cli_word})" in cli and api_word not in cli
