"""Where along its wire each label of the graph drawing sits: the `pos` of drawing.py's wires.

In:  the wires as drawn (cm; each segment between the borders of the nodes it joins), for each the
     half-lengths of its labels (value above, gradient below); the shapes a label must keep off
     (gates, inputs, gates' names) and the labels fixed elsewhere (the output's).
Out: for each wire a TikZ `pos` along its first segment (0 at its start, 1 at its end).

A label is a box turned with its wire.  Every place along the first segment where the labels fit
between its ends is scored, in this order:
  1. what the labels cover: another label's area (heavily: a label over a label cannot be read), a
     node's or a name's area, and the length of every other wire inside them (a label crossed by a
     wire cannot be told from the other wire's), and how far a label's centre falls short of being
     OWN_MARGIN_CM nearer its own wire than any other (heavily, per cm; wires that meet this one at a
     node count here: two branches of a fan-out leave their junction close together, and a gradient
     between them there reads as either branch's);
  2. how much of other wires runs within NEAR_CM of them (not of wires that meet this one at a node:
     those run close to it by design): a label beside a crossing reads as belonging to either wire;
  3. its distance from halfway (a label clear of everything stays halfway).
Placed in wire order, then each wire again against all the others, until no label moves.
"""

from __future__ import annotations

import math

STEP = 0.02  # candidate places, in `pos`
END_CM = 0.05  # a label keeps this far inside the ends of its segment
NEAR_CM = 0.12  # "close to" a label
PASSES = 4
COVER_LABEL, COVER_SHAPE, COVER_WIRE = 4.0, 2.0, 0.3  # per cm² of label or shape, per cm of wire
OWN_MARGIN_CM, COVER_OWN = 0.15, 4.0  # a label's centre this much nearer its own wire than any other; per cm short
# what counts as nothing: boxes that touch (their margins overlap: 0.005 cm² of two labels, 0.07 cm of a
# wire through a corner), a wire that passes within NEAR_CM for 0.1 cm
CLEAR, CLEAR_NEAR = 0.02, 0.03


def rect(centre, along, half_length: float, half_height: float) -> tuple:
    """A box turned to the unit direction `along`: (cx, cy, ux, uy, half length, half height)."""
    return centre[0], centre[1], along[0], along[1], half_length, half_height


def grown(box: tuple, by: float) -> tuple:
    cx, cy, ux, uy, hl, hh = box
    return cx, cy, ux, uy, hl + by, hh + by


def bounds(box: tuple) -> tuple:
    """The box's bounds along the page's axes: (x0, y0, x1, y1)."""
    cx, cy, ux, uy, hl, hh = box
    ex, ey = hl * abs(ux) + hh * abs(uy), hl * abs(uy) + hh * abs(ux)
    return cx - ex, cy - ey, cx + ex, cy + ey


def _meet(a: tuple, b: tuple) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def _corners(box: tuple) -> list:
    cx, cy, ux, uy, hl, hh = box
    return [(cx + sa * hl * ux - sb * hh * uy, cy + sa * hl * uy + sb * hh * ux)
            for sa, sb in ((-1, -1), (1, -1), (1, 1), (-1, 1))]


def overlap_area(a: tuple, b: tuple) -> float:
    """The area two boxes share: a's outline clipped by each side of b (Sutherland–Hodgman)."""
    polygon = _corners(a)
    cx, cy, ux, uy, hl, hh = b
    for ax, ay, limit in ((ux, uy, hl), (-ux, -uy, hl), (-uy, ux, hh), (uy, -ux, hh)):
        kept = []
        for k, p in enumerate(polygon):
            q = polygon[k - 1]
            dp = (p[0] - cx) * ax + (p[1] - cy) * ay - limit
            dq = (q[0] - cx) * ax + (q[1] - cy) * ay - limit
            if (dp < 0) != (dq < 0) and dp != dq:
                s = dq / (dq - dp)
                kept.append((q[0] + s * (p[0] - q[0]), q[1] + s * (p[1] - q[1])))
            if dp <= 0:
                kept.append(p)
        polygon = kept
        if len(polygon) < 3:
            return 0.0
    return abs(sum(p[0] * q[1] - q[0] * p[1] for p, q in zip(polygon, polygon[1:] + polygon[:1]))) / 2


def inside_length(segment: tuple, box: tuple) -> float:
    """How much of a segment ((x1, y1), (x2, y2)) runs inside a box (Liang–Barsky in the box's frame)."""
    (x1, y1), (x2, y2) = segment
    cx, cy, ux, uy, hl, hh = box
    a0, a1 = (x1 - cx) * ux + (y1 - cy) * uy, -(x1 - cx) * uy + (y1 - cy) * ux
    d0, d1 = (x2 - x1) * ux + (y2 - y1) * uy, -(x2 - x1) * uy + (y2 - y1) * ux
    low, high = 0.0, 1.0
    for p, q in ((-d0, a0 + hl), (d0, hl - a0), (-d1, a1 + hh), (d1, hh - a1)):
        if p == 0:
            if q < 0:
                return 0.0
            continue
        r = q / p
        if p < 0:
            low = max(low, r)
        else:
            high = min(high, r)
        if low >= high:
            return 0.0
    return (high - low) * math.hypot(d0, d1)


def distance(point, segment: tuple) -> float:
    """How far a point is from a segment ((x1, y1), (x2, y2))."""
    (x1, y1), (x2, y2) = segment
    dx, dy = x2 - x1, y2 - y1
    squared = dx * dx + dy * dy
    s = max(0.0, min(1.0, ((point[0] - x1) * dx + (point[1] - y1) * dy) / squared)) if squared > 0 else 0.0
    return math.hypot(point[0] - x1 - s * dx, point[1] - y1 - s * dy)


def _short(boxes, own, others) -> float:
    """How far each label's centre falls short of being OWN_MARGIN_CM nearer its own wire's segments
    (`own`) than any other wire's (`others`), in cm, summed: 0 where every label is plainly its own wire's."""
    total = 0.0
    for (cx, cy, *_), _ in boxes:
        mine = min(distance((cx, cy), s) for s in own)
        total += max(0.0, mine + OWN_MARGIN_CM - min((distance((cx, cy), s) for s in others), default=math.inf))
    return total


def _cover(boxes, shapes, segments, labels) -> float:
    """What a wire's label boxes ((box, its bounds)) cover of the shapes, other wires' segments and
    other labels (each with its bounds)."""
    total = 0.0
    for box, reach in boxes:
        for s, b in shapes:
            if _meet(reach, b):
                total += COVER_SHAPE * overlap_area(box, s)
        for s, b in segments:
            if _meet(reach, b):
                total += COVER_WIRE * inside_length(s, box)
        for s, b in labels:
            if _meet(reach, b):
                total += COVER_LABEL * overlap_area(box, s)
    return total


class _Wire:
    """One wire's candidate places, nearest halfway first, and what each covers of the drawing that
    does not move (nodes, names, wires; worked out when first asked)."""

    def __init__(self, index: int, wire: dict, offset: float, half_height: float):
        (x1, y1), (x2, y2) = wire["segments"][0]
        self.index, self.joins, self.offset = index, set(wire["joins"][0]) - {None}, offset
        length = math.hypot(x2 - x1, y2 - y1)
        u = ((x2 - x1) / length, (y2 - y1) / length) if length > 1e-9 else (1.0, 0.0)
        longest = max((half for half, _ in wire["labels"]), default=0.0)
        room = (longest + END_CM) / length if length > 1e-9 else 0.5
        steps = range(math.ceil(room / STEP - 1e-9), math.floor((1 - room) / STEP + 1e-9) + 1)
        self.places = sorted({0.5, *(round(k * STEP, 2) for k in steps)}, key=lambda t: (abs(t - 0.5), t))
        self.boxes = {}
        for t in self.places:
            along = (x1 + u[0] * t * length, y1 + u[1] * t * length)
            boxes = [rect((along[0] - side * offset * u[1], along[1] + side * offset * u[0]), u, half, half_height)
                     for half, side in wire["labels"]]
            self.boxes[t] = [(b, bounds(b)) for b in boxes]
        every = [b for boxes in self.boxes.values() for _, b in boxes]
        self.reach = (min(b[0] for b in every) - NEAR_CM, min(b[1] for b in every) - NEAR_CM,
                      max(b[2] for b in every) + NEAR_CM, max(b[3] for b in every) + NEAR_CM)
        self._fixed: dict = {}

    def keep_off(self, shapes, segments) -> None:
        """The shapes and other wires' segments within reach of its places."""
        self.shapes = [s for s in shapes if _meet(self.reach, s[1])]
        near = [s for s in segments if s[2] != self.index and _meet(self.reach, s[1])]
        self.segments = [(s, b) for s, b, *_ in near]
        # a wire that meets this one at a node runs close to it there by design
        self.apart = [(s, b) for s, b, _, joins, _ in near if not (joins & self.joins)]
        # but a label is plainly nearer its own wire than any other: the others within reach of that
        x0, y0, x1, y1 = self.reach
        far = self.offset + OWN_MARGIN_CM
        reach = x0 - far, y0 - far, x1 + far, y1 + far
        self.own = [s for s, _, _, _, owner in segments if owner == self.index]
        self.others = [s for s, b, _, _, owner in segments if owner != self.index and _meet(reach, b)]

    def fixed(self, t) -> tuple[float, float]:
        """What its labels at t cover, and have near, of the shapes and the other wires."""
        if t not in self._fixed:
            boxes = self.boxes[t]
            near = [(box, bounds(box)) for box in (grown(b, NEAR_CM) for b, _ in boxes)]
            cover = _cover(boxes, self.shapes, self.segments, []) + COVER_OWN * _short(boxes, self.own, self.others)
            self._fixed[t] = (cover, _cover(near, [], self.apart, []))
        return self._fixed[t]

    def cover(self, t, labels) -> float:
        return self.fixed(t)[0] + _cover(self.boxes[t], [], [], labels)

    def best(self, labels) -> float:
        """The place of least cover, then least near it, then nearest halfway, given the other labels."""
        labels = [label for label in labels if _meet(self.reach, label[1])]
        best = None
        for t in self.places:
            cover, close = self.fixed(t)
            cover = round(cover + _cover(self.boxes[t], [], [], labels), 3)
            key = cover if cover > CLEAR else 0.0, round(close, 3) if close > CLEAR_NEAR else 0.0, abs(t - 0.5)
            if best is None or key < best[0]:
                best = key, t
            if key[:2] == (0.0, 0.0):
                break  # clear, and no later place is nearer halfway
        return best[1]


def place(wires: list, shapes: list, fixed_labels: list, offset: float, half_height: float) -> tuple[list, list]:
    """The `pos` of each wire's labels, and what they cover there (0: clear, and plainly their own wire's).

    wires: dicts with "segments" (every segment of the wire as drawn, the labelled one first: start and
    end point), "joins" (for each segment the names of the nodes it joins, None for a bend) and
    "labels" ((half-length, side) of each label: side 1 above, -1 below; none: the wire keeps
    halfway); shapes and fixed_labels: boxes (`rect`)."""
    segments = [(s, (min(s[0][0], s[1][0]), min(s[0][1], s[1][1]), max(s[0][0], s[1][0]), max(s[0][1], s[1][1])),
                 i if k == 0 else None,  # a label sits beside its own first segment; its others may cross it
                 set(joins) - {None}, i)
                for i, wire in enumerate(wires) for k, (s, joins) in enumerate(zip(wire["segments"], wire["joins"]))]
    shapes = [(s, bounds(s)) for s in shapes]
    fixed = [(s, bounds(s)) for s in fixed_labels]
    candidates = [_Wire(i, w, offset, half_height) for i, w in enumerate(wires) if w["labels"]]
    for candidate in candidates:
        candidate.keep_off(shapes, segments)
    chosen: dict = {}

    def others(index):
        return fixed + [box for c in candidates if c.index != index and c.index in chosen for box in c.boxes[chosen[c.index]]]

    for candidate in candidates:
        chosen[candidate.index] = candidate.best(others(candidate.index))
    for _ in range(PASSES):
        moved = False
        for candidate in candidates:
            t = candidate.best(others(candidate.index))
            moved |= t != chosen[candidate.index]
            chosen[candidate.index] = t
        if not moved:
            break
    covers = {c.index: c.cover(chosen[c.index], others(c.index)) for c in candidates}
    return [chosen.get(i, 0.5) for i in range(len(wires))], [covers.get(i, 0.0) for i in range(len(wires))]
