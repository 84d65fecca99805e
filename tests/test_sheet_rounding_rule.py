"""The student sheet and its answers template state one rounding rule — the one `symbp check`
applies (README "The agreement rule"): values to D significant digits, at least D − 1 needed, an
exact value as it is, rounding on the way or keeping more digits both fine.  A new user found the
sheet saying "round to 4 digits" and the template "write at least 3": two rules."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import symbp

# the rule, as the sheet must state it, in each language, for D = 4 (at least 3) and D = 3 (at least 2)
RULE = {
    "en": "Give every value rounded to {d} significant digits (at least {m} are needed;",
    "de": "Geben Sie jeden Wert auf {d} signifikante Stellen gerundet an (mindestens {m} sind nötig;",
    "fr": "Donnez chaque valeur arrondie à {d} chiffres significatifs (au moins {m} sont nécessaires ;",
}
KEEP_MORE = {"en": "keep more digits in your calculator", "de": "behalten Sie mehr Stellen im Taschenrechner",
             "fr": "gardez plus de chiffres dans la calculatrice"}


def _flat(text: str) -> str:
    """The text with the answers file's comment marks and all line breaks taken out."""
    return " ".join(re.sub(r"^# ?", "", line) for line in text.splitlines()).replace("  ", " ")


@pytest.mark.parametrize("locale,digits,minimum", [("en", 4, 3), ("de", 3, 2), ("fr", 4, 3)])
def test_sheet_and_template_state_the_same_rule(locale, digits, minimum):
    files = symbp.worksheet(symbp.example("nn231"), variants=1, seed=1, digits=digits, locale=locale).files
    rule = RULE[locale].format(d=digits, m=minimum)
    sheet, template = _flat(files["worksheet.tex"]), _flat(files["answers-template.toml"])
    assert rule in sheet and rule in template
    assert KEEP_MORE[locale] in sheet and KEEP_MORE[locale] in template
    # no second, different count of digits anywhere on the student's side
    counts = {"en": r"(\d+) significant digits", "de": r"(\d+) signifikante Stellen", "fr": r"(\d+) chiffres significatifs"}
    assert set(re.findall(counts[locale], sheet + template)) == {str(digits)}


def test_instructors_own_instructions_keep_the_rule():
    files = symbp.worksheet(symbp.example("nn231"), variants=1, seed=1, instructions="Closed book.").files
    sheet = _flat(files["worksheet.tex"])
    assert "Closed book." in sheet and RULE["en"].format(d=4, m=3) in sheet


def test_a_graph_sheet_states_it_too():
    files = symbp.worksheet(symbp.example("graph-neuron"), variants=1, seed=1).files
    assert RULE["en"].format(d=4, m=3) in _flat(files["worksheet.tex"])
    assert RULE["en"].format(d=4, m=3) in _flat(files["answers-template.toml"])



ZEROS = {"en": "Write the zeros at the end too: {padded}, not {short}.",
         "de": "Schreiben Sie auch die Nullen am Ende: {padded}, nicht {short}.",
         "fr": "Écrivez aussi les zéros finaux : {padded}, et non {short}."}


@pytest.mark.parametrize("locale,digits", [("en", 4), ("de", 5), ("fr", 4), ("en", 3)])
def test_the_sheet_says_to_write_the_zeros_at_the_end(locale, digits):
    """A reviewer's 4-digit student wrote 0.31 for σ(−0.8) = 0.31003 (0.3100) and was marked
    'too few digits': the sheet never said to keep the zeros.  The example's short form must have
    fewer significant digits than check's minimum (D − 1), its padded form exactly D; with D = 3 the
    short 0.31 would be accepted (minimum 2), so no example is given there."""
    files = symbp.worksheet(symbp.example("nn231"), variants=1, seed=1, digits=digits, locale=locale).files
    sheet, template = _flat(files["worksheet.tex"]), _flat(files["answers-template.toml"])
    mark = "," if locale in ("de", "fr") else "."
    padded = "0" + mark + "31" + "0" * (digits - 2)
    sentence = ZEROS[locale].format(padded=padded, short="0" + mark + "31")
    if digits < 4:
        assert ZEROS[locale].split(":")[0] not in sheet + template
        return
    assert len(padded.split(mark)[1]) == digits and len("31") < digits - 1
    assert sentence in sheet and sentence in template


SOFTMAX = {"en": "Each $e^{z_j}$ of the softmax layer and their sum may be rounded to 4 significant digits on the way "
                 "or kept with more digits (the answer key shows more",
           "de": "Jedes $e^{z_j}$ der Softmax-Schicht und ihre Summe dürfen unterwegs auf 4 signifikante Stellen gerundet "
                 "oder mit mehr Stellen behalten werden (der Lösungsschlüssel zeigt mehr",
           "fr": "Chaque $e^{z_j}$ de la couche softmax et leur somme peuvent être arrondies à 4 chiffres significatifs "
                 "en cours de route ou gardées avec plus de chiffres (le corrigé en donne davantage"}


@pytest.mark.parametrize("locale,exact_key", [("en", False), ("de", False), ("fr", True)])
def test_a_softmax_sheet_says_the_key_shows_more_digits_of_e_z(locale, exact_key):
    """The key prints each e^{z_j} and their sum with more digits than the sheet's rule (so that its
    a_j follow from them): a student who rounded them to 4 digits must not think the key breaks
    the rule, or their own work wrong.  The sheet and the answers file say so, telling the student
    first what they may do (an instructor persona, stop 48: the sentence began with the key, which a
    student does not have during the exam); nn231's do not."""
    files = symbp.worksheet(symbp.example("softmax3"), variants=1, seed=1, locale=locale, exact_key=exact_key).files
    sheet, template = _flat(files["worksheet.tex"]), _flat(files["answers-template.toml"])
    assert SOFTMAX[locale] in sheet
    assert SOFTMAX[locale].replace("$e^{z_j}$", "e^(z_j)") in template
    # and it is true: the key's e^{z_j} lines show more than 4 significant digits
    shown = re.findall(r"e\^\{z\^\{2\}_\{\d\}\} &= e\^\{(.*?)\} \\approx ([0-9.,{}]+)", files["answer-key.tex"])
    assert shown and any(len(re.sub(r"\D", "", s).lstrip("0")) > 4 for _, s in shown), shown  # (0{,}57695: a comma)
    for z, s in shown:  # a value shown with 4 digits only where those are right to more (e^0.75 = 2.11700002: 2.117)
        if len(re.sub(r"\D", "", s).lstrip("0")) <= 4:
            exact = Decimal(z.replace("{,}", ".")).exp()
            assert abs(exact - Decimal(s.replace("{,}", "."))) < Decimal("1e-7"), (z, s)
    plain = symbp.worksheet(symbp.example("nn231"), variants=1, seed=1, locale=locale).files
    assert "softmax" not in _flat(plain["worksheet.tex"]).split("Given")[0].lower()
