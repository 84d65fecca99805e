"""The running head's left part (symbp/render/running_head.py): the title and course whole where they
fit beside the right part; else the title alone; else the title cut after a word (a single long word:
after a letter), with … ."""

from __future__ import annotations

import random

from symbp.render.running_head import CUT, CUT_EM, EM_CM, GAP_CM, HEAD_CM, left_part, running_title, text_width_cm

RIGHT = "variant 10 of 30 · seed 2140721011"


def test_a_short_title_and_course_are_printed_whole():
    assert running_title("Neural Network 1: 231", "ML 2", RIGHT) == "Neural Network 1: 231 \\textperiodcentered{} ML 2"
    assert running_title("Neural Network 1: 231", None, RIGHT) == "Neural Network 1: 231"


def test_the_course_goes_first_then_the_title_is_cut_after_a_word():
    title = "Backpropagation through a Fully Connected Sigmoid Network"
    assert running_title(title, "Machine Learning 2, Winter Term 2026/27, Prof. Dr. Müller-Lüdenscheidt", RIGHT) == title
    long = title + ": Representational Considerations and Generalisation"
    cut = running_title(long, None, RIGHT)
    assert cut.endswith(CUT) and long.startswith(cut[:-len(CUT)]) and long[len(cut) - len(CUT)] in " :"
    assert not cut[:-len(CUT)].endswith((":", " "))  # no "Network:…"
    assert running_title("Aaaa – " + "Longword" * 12, None, RIGHT) == "Aaaa" + CUT  # no "Aaaa –…", no "Aaaa …"
    word = running_title("Longword" * 12, None, RIGHT)  # one word too long: cut after a letter
    assert word.endswith(CUT) and ("Longword" * 12).startswith(word[:-len(CUT)])


def test_capitals_are_wider_than_small_letters():
    assert text_width_cm("MMMM") > text_width_cm("mmmm") > 0 and text_width_cm("AAAA") > 1.4 * text_width_cm("aaaa")
    assert text_width_cm("WIDE CAPITALS") > text_width_cm("wide capitals")
    assert text_width_cm("Über") == text_width_cm("Uber")  # an accented letter as its letter


def test_what_is_printed_fits_the_room_by_the_same_estimate():
    rng = random.Random(7)
    words = ["a", "network", "Backpropagation", "THROUGH", "Rückwärtspropagierung", "of", "the", "3-2-2", "&", "50%", "Ωmega"]
    room = HEAD_CM - GAP_CM - text_width_cm(RIGHT)
    for _ in range(300):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(1, 25)))
        course = rng.choice([None, "ML", "Machine Learning 2, Winter Term 2026/27"])
        kept, whole, cut = left_part(title, course, RIGHT)
        shown = f"{kept} · {course}" if whole else kept
        assert text_width_cm(shown) + (CUT_EM * EM_CM if cut else 0) <= room or " " not in title, (title, kept)
        assert title.startswith(kept) and (whole or cut or kept == title)
