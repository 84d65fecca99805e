"""A course's Moodle/HTML/SVG template may not fetch a resource from another server as the page loads (stop 69's
hostile tester: `<img src="https://evil.example/track.png">` and `<svg><use href="https://…">` reached the quiz; a
tracking image tells that server every student who opens it).  A link's href, a local #fragment and data are fine."""

from __future__ import annotations

import pytest

from symbp.render.markup_check import active_markup


@pytest.mark.parametrize("markup", [
    '<img src="https://evil.example/track.png">',
    "<img src='//evil.example/t.png'>",
    '<img srcset="a.png 1x, https://evil.example/t.png 2x">',
    '<svg><use href="https://evil.example/x.svg#a"/></svg>',
    '<svg><image xlink:href="http://evil.example/x.png"/></svg>',
    '<video poster="https://evil.example/p.png"></video>',
    '<img src="HTTPS&#58;//evil.example/t.png">',
])
def test_a_resource_from_another_server_is_refused(markup):
    assert active_markup(markup) is not None, markup


@pytest.mark.parametrize("markup", [
    '<a href="https://moodle.org/">Moodle</a>',
    '<svg><use href="#node-3"/></svg>',
    '<img src="graph.png" alt="the graph">',
    '<p>see https://example.org</p>',
])
def test_links_and_local_resources_stay(markup):
    assert active_markup(markup) is None, markup
