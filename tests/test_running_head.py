"""The running head's left part (symbp/render/running_head.py): the title and course whole where they
fit beside the right part; else the title alone; else the title cut after a word, with … ."""

from __future__ import annotations

import random

from symbp.render.measure_text import text_width_cm
from symbp.render.running_head import CUT, GAP_CM, HEAD_CM, SIZE_PT, running_title

RIGHT = "variant 10 of 30 \\textperiodcentered{} seed 2140721011"


def test_a_short_title_and_course_are_printed_whole():
    assert running_title("Neural Network 1: 231", "ML 2", RIGHT) == "Neural Network 1: 231 \\textperiodcentered{} ML 2"
    assert running_title("Neural Network 1: 231", None, RIGHT) == "Neural Network 1: 231"


def test_the_course_goes_first_then_the_title_is_cut_after_a_word():
    title = "Backpropagation through a Fully Connected Sigmoid Network"
    assert running_title(title, "Machine Learning 2, Winter Term 2026/27, Prof. Dr. Müller-Lüdenscheidt", RIGHT) == title
    long = title + ": Representational Considerations and Generalisation"
    cut = running_title(long, None, RIGHT)
    assert cut.endswith(CUT) and long.startswith(cut[:-len(CUT)]) and long[len(cut) - len(CUT)] in " :"
    assert not cut[:-len(CUT)].endswith(":")  # no "Network:…"


def test_what_is_printed_fits_the_room_by_the_same_estimate():
    rng = random.Random(7)
    words = ["a", "network", "Backpropagation", "through", "Rückwärtspropagierung", "of", "the", "3-2-2", "&", "50%"]
    room = HEAD_CM - GAP_CM - text_width_cm(RIGHT, SIZE_PT)
    for _ in range(300):
        title = " ".join(rng.choice(words) for _ in range(rng.randint(1, 25)))
        course = rng.choice([None, "ML", "Machine Learning 2, Winter Term 2026/27"])
        left = running_title(title, course, RIGHT)
        assert text_width_cm(left, SIZE_PT) <= room or " " not in left.removesuffix(CUT), (title, left)  # one word: scaled
