"""A worksheet's variants on every core: (spec, seed, options) -> verified variants and their rendered data.

Each variant k is drawn from its own seed (variants.py), verified (`pipeline.derive_solution`)
and rendered (`worksheet.variant_parts`: its pages and its part of answers.json, so that this
process only joins them).  Alone, that depends on nothing but its seed; across
variants only the duplicate constraint links them (no two variants with the same numbers).  So
variant 1 is made here, which also warms every cache (the derivation, the compiled program, the
templates, the planned lines), and with POOL_MIN_VARIANTS or more the others are shared between
this process and forked workers: this process makes variants 2, 3, ... in order, exactly as the
serial loop does, while each worker makes its share from the last variant down, claiming each
one first (variant_crew.py); where this process reaches a claimed variant it takes the worker's, and the
workers stop where this process has been.  No core waits for another's share, and this process
is not a third party competing for two cores.  A worker's variants are taken in order:

  - a variant whose numbers an earlier one already has, or whose draws all failed, is made again
    here, exactly as the serial loop makes it (the earlier variants' numbers excluded), so the
    draws, their counts and any error are those of the serial run;
  - rendering errors are raised after every variant is drawn, as the serial run does (a variant
    whose rendering failed comes as None; `worksheet.build_worksheet` renders again and raises).

The files are therefore byte for byte those of the serial run (`draw_variants`, then the parts
of each variant), which runs with fewer variants, one usable core, or SYMBP_WORKERS=1.  A worker
sends its variant's parts and numbers key; its spec, solution (without the derivation, the
architecture's, which this process makes when it is read: evaluate.Solution) and report travel
pickled apart and are unpickled here only when read (`variants.Variant.sent`, `_unsent`).
Ctrl-C, SIGTERM or the time budget at any moment SIGKILL and reap every worker at once, and a
worker killed from outside loses only its unfinished variants, made here as the serial run
makes them (variant_crew.py).  The cyclic collector runs once a variant (`_collect`).
"""

from __future__ import annotations

import gc
import os
import random
from collections import Counter
from dataclasses import replace

from .errors import SymbpError
from .worksheet import variant_parts  # (variant_pool is imported by worksheet.build_worksheet)

POOL_MIN_VARIANTS = 8  # fewer: one process (starting the workers costs more than it saves)

_JOB: dict = {}  # the running sheet's inputs, set before the workers are forked (they inherit it)


def workers(count: int) -> int:
    """How many worker processes make `count` variants beside this one (0: all are made here):
    SYMBP_WORKERS less one (it counts this process), else one per free core but this process's.
    The workers cost ~5-10 % more CPU time in all (sending the results, starting them, two
    processes sharing the caches), so they pay only on free cores: by the load average less
    this process, rounded.  Unless
    SYMBP_WORKERS asks for them, none in a process that runs other threads (a notebook's
    kernel): forking it could copy a lock another thread holds."""
    import threading

    wanted = os.environ.get("SYMBP_WORKERS", "").strip()
    if wanted.isdigit():
        n = int(wanted)
    elif threading.active_count() > 1:
        return 0
    else:
        try:
            cores = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            cores = os.cpu_count() or 1
        try:
            busy = max(0.0, os.getloadavg()[0] - 1)  # this process is one of the running ones
        except (AttributeError, OSError):
            busy = 0.0
        n = min(cores, int(cores - busy + 0.5))
    if n < 2 or count < POOL_MIN_VARIANTS or not hasattr(os, "fork"):
        return 0
    return min(n - 1, count - 2)


def make_variants(spec, count: int, rng: random.Random, settings, options, ask, numbers, sheet, progress=None):
    """(DrawResult, parts): `count` verified variants and their shares of the files
    (`worksheet.variant_parts`; None for a variant whose rendering failed), as the serial
    `draw_variants` + `worksheet.variant_parts` give them.  The cyclic garbage collector runs
    once a variant, on what that variant made (`_collect`): see `collector.paused`."""
    from .collector import paused

    with paused():
        return _made(spec, count, rng, settings, options, ask, numbers, sheet, progress)


def _collect() -> None:
    """The reference cycles a variant left (a template's render leaves hundreds) collected, with
    what else it made: only the young generations, where the run put nothing older (the
    collector is paused, what existed before frozen).  Left to itself the collector scanned the
    sheet's whole heap again and again, its caches and earlier variants: 1-4 ms a variant."""
    gc.collect(1)


def _made(spec, count: int, rng: random.Random, settings, options, ask, numbers, sheet, progress):
    import shutil
    import tempfile

    from .variant_crew import Crew
    from .variants import SEED_BITS, DrawResult, draw_variants, earlier_seen

    def render(variant):
        made = _parts(variant, ask, options, numbers, sheet)
        _collect()
        return made

    def drawn(number):
        _collect()
        if progress is not None:
            progress(number)

    n_workers = workers(count)
    first = options.first_variant  # the variants first, first + 1, … of the sheet that starts at 1
    if not n_workers:
        variants = draw_variants(spec, count, rng, settings, progress=drawn, symbolic=options.symbolic, first=first)
        return variants, [render(v) for v in variants.variants]
    result, seen = DrawResult([]), earlier_seen(spec, settings, rng, first)
    seeds = [rng.getrandbits(SEED_BITS) for _ in range(count)]  # (the crew counts 1 … count: variant first - 1 + n)
    parts = [render(_serial_variant(spec, settings, options, first, seeds[0], seen, result))]
    if progress is not None:
        progress(1)
    spool = tempfile.mkdtemp(prefix="symbp-variants-", dir=_spool_parent())
    _JOB.update(spec=spec, settings=settings, options=options, ask=ask, numbers=numbers, sheet=sheet, seeds=seeds)
    crew = Crew(spool)
    try:
        crew.start(n_workers, count, _in_worker)
        for n, seed in enumerate(seeds[1:], start=2):
            number = first - 1 + n
            if crew.mine(n):  # no worker has it: made here, as the serial run makes it
                parts.append(render(_serial_variant(spec, settings, options, number, seed, seen, result)))
                crew.read_in()
            else:
                parts.append(_taken(spec, settings, options, number, seed, crew.outcome(n), seen, result, render))
            if progress is not None:
                progress(n)
    finally:
        crew.stop()
        _JOB.clear()
        shutil.rmtree(spool, ignore_errors=True)
    return result, parts


def _spool_parent() -> str | None:
    """Where the workers' result files go: the temporary folder the user chose (TMPDIR), else a
    memory file system where there is one (/dev/shm: a result written there costs about half
    what it costs on a disk's /tmp), else the temporary folder."""
    shared = "/dev/shm"
    if os.environ.get("TMPDIR") or not (os.path.isdir(shared) and os.access(shared, os.W_OK | os.X_OK)):
        return None
    return shared


def _parts(variant, ask, options, numbers, sheet) -> dict | None:
    """worksheet.variant_parts, or None when rendering failed (the sheet raises it, as before)."""
    try:
        return variant_parts(variant, ask, options, numbers, sheet)
    except SymbpError:
        return None


def _serial_variant(spec, settings, options, number: int, seed: int, seen: set, result):
    """Variant `number` drawn and verified here, exactly as `draw_variants` does it."""
    from .variants import verified_variant

    variant = verified_variant(spec, settings, number, seed, seen, result.rejections, options.symbolic)
    result.variants.append(variant)
    result.draws += variant.draws
    return variant


def _taken(spec, settings, options, number: int, seed: int, outcome, seen: set, result, render):
    """A variant's parts (None when rendering it failed) from a worker's outcome; made again
    here when the worker's variant cannot be the serial run's."""
    from .variants import Variant

    kind, payload = outcome
    if kind != "draw failed":
        key, draws, rejections, parts, sent = payload
        if key not in seen:
            seen.add(key)
            result.rejections.update(rejections)
            result.draws += draws
            result.variants.append(Variant.sent(number, seed, draws, _unsent, sent))
            return parts if kind == "ok" else None
    # a duplicate of an earlier variant (the serial run rejects it and draws on), or no draw passed
    return render(_serial_variant(spec, settings, options, number, seed, seen, result))


def _in_worker(n: int) -> tuple:
    """In a worker: the crew's n-th variant (variant first - 1 + n) from its seed, drawn without
    knowing the other variants' and rendered; (its kind (variant_crew.KINDS), its result as bytes or None)."""
    from .variants import _numbers_key, verified_variant

    spec, settings, options = _JOB["spec"], _JOB["settings"], _JOB["options"]
    rejections: Counter = Counter()
    try:  # the other variants' numbers are not known here: none are excluded (see _taken)
        variant = verified_variant(spec, settings, options.first_variant - 1 + n, _JOB["seeds"][n - 1], set(), rejections,
                                   options.symbolic)
    except SymbpError:
        return "draw failed", None
    parts = _parts(variant, _JOB["ask"], options, _JOB["numbers"], _JOB["sheet"])
    # The payload goes through the worker's file, the pipe carries only where it is: a pipe full of
    # results would block a worker holding the pipe's lock, and the pool could not be stopped (Ctrl-C).
    try:
        sent = _dumps((variant.spec, _without_derivation(variant.solution), variant.report))
        data = _dumps((_numbers_key(variant.spec), variant.draws, rejections, parts, sent))
    except Exception:  # noqa: BLE001 (a value that cannot be sent: made again by the parent)
        return "draw failed", None
    return "ok" if parts is not None else "render failed", data


def _dumps(payload) -> bytes:
    """The payload pickled; a high-precision number (whose class belongs to its number domain)
    as its digits and mpf tuple, rebuilt in the parent's domain of those digits (`_mpf`); a
    Fraction as its numerator and denominator (pickle's own way writes and parses its text)."""
    import io
    import pickle

    global _Pickler
    if _Pickler is None:
        from fractions import Fraction

        class Sender(pickle.Pickler):
            def reducer_override(self, obj):
                kind = type(obj)
                if kind is Fraction:
                    return Fraction, (obj.numerator, obj.denominator)
                if kind.__name__ == "mpf" and hasattr(obj, "_mpf_") and hasattr(kind, "context"):
                    return _mpf, (kind.context.dps, obj._mpf_)
                return NotImplemented

        _Pickler = Sender
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(payload)
    return buffer.getvalue()


_Pickler = None  # _dumps's pickler class, made at its first call (pickle imported only then)


def _mpf(dps: int, state: tuple):
    from .core.numeric import domain

    return domain(dps).context.make_mpf(state)


def _unsent(sent: bytes) -> tuple:
    """(spec, solution, report) of a worker's variant, unpickled when first read; the
    solution's derivation is this process's (made when read: evaluate.Solution)."""
    import pickle

    return pickle.loads(sent)


def _without_derivation(solution):
    carried = solution.carried
    return replace(solution, derivation=None,
                   carried=replace(carried, derivation=None) if carried is not None else None)
