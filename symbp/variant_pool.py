"""A worksheet's variants on every core: (spec, seed, options) -> verified variants and their rendered data.

Each variant k is drawn from its own seed (variants.py), verified (`pipeline.derive_solution`)
and rendered (`worksheet.variant_parts`: its pages and its part of answers.json, so that this
process only joins them).  Alone, that depends on nothing but its seed; across
variants only the duplicate constraint links them (no two variants with the same numbers).  So
variant 1 is made here, which also warms every cache (the derivation, the compiled program, the
templates, the planned lines), and with POOL_MIN_VARIANTS or more the others are shared between
this process and forked workers: this process makes variants 2, 3, ... in order, exactly as the
serial loop does, while each worker makes its share from the last variant down, claiming each
one first (`_Crew`); where this process reaches a claimed variant it takes the worker's, and the
workers stop where this process has been.  No core waits for another's share, and this process
is not a third party competing for two cores.  A worker's variants are taken in order:

  - a variant whose numbers an earlier one already has, or whose draws all failed, is made again
    here, exactly as the serial loop makes it (the earlier variants' numbers excluded), so the
    draws, their counts and any error are those of the serial run;
  - rendering errors are raised after every variant is drawn, as the serial run does (a variant
    whose rendering failed comes as None; `worksheet.build_worksheet` renders again and raises).

The files are therefore byte for byte those of the serial run (`draw_variants`, then the parts
of each variant), which runs with fewer variants, one usable core, or SYMBP_WORKERS=1.  A worker
sends its variant's parts and numbers; its spec, solution (without its derivation, the
architecture's, shared by all variants) and report travel pickled apart and are unpickled here
only when read (`variants.Variant.sent`, `_unsent`), with the derivation put back from this
process's cache.  Results travel through files in a temporary folder
(removed at the end); each worker's own pipe carries only their numbers.  The workers share no
lock with this process (no multiprocessing.Pool, whose task queue a worker killed by a group
SIGTERM could leave locked; the claims are bytes of a shared page, each written by one process
before it starts that variant, and a variant both claimed at once is made twice, this process's
taken), so Ctrl-C, SIGTERM or the time budget at any moment SIGKILL and reap
every worker at once.  A worker killed from outside loses only its unfinished variants: they are
made here, as the serial run makes them.
"""

from __future__ import annotations

import gc
import os
import random
from collections import Counter
from dataclasses import replace

POOL_MIN_VARIANTS = 8  # fewer: one process (starting the workers costs more than it saves)

_JOB: dict = {}  # the running sheet's inputs, set before the workers are forked (they inherit it)


def workers(count: int) -> int:
    """How many worker processes make `count` variants beside this one (0: all are made here):
    SYMBP_WORKERS less one (it counts this process), else one per free core but this process's.
    The workers cost a few per cent more CPU time in all (sending the results, starting them),
    so they pay only on free cores: by the load average less this process, rounded.  Unless
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

    from .variants import SEED_BITS, DrawResult, draw_variants

    def render(variant):
        made = _parts(variant, ask, options, numbers, sheet)
        _collect()
        return made

    def drawn(number):
        _collect()
        if progress is not None:
            progress(number)

    n_workers = workers(count)
    if not n_workers:
        variants = draw_variants(spec, count, rng, settings, progress=drawn, symbolic=options.symbolic)
        return variants, [render(v) for v in variants.variants]
    seeds = [rng.getrandbits(SEED_BITS) for _ in range(count)]
    result, seen = DrawResult([]), set()
    parts = [render(_serial_variant(spec, settings, options, 1, seeds[0], seen, result))]
    if progress is not None:
        progress(1)
    spool = tempfile.mkdtemp(prefix="symbp-variants-")
    _JOB.update(spec=spec, settings=settings, options=options, ask=ask, numbers=numbers, sheet=sheet, spool=spool,
                seeds=seeds)
    crew = _Crew()
    try:
        crew.start(n_workers, count)
        for number, seed in enumerate(seeds[1:], start=2):
            if crew.mine(number):  # no worker has it: made here, as the serial run makes it
                parts.append(render(_serial_variant(spec, settings, options, number, seed, seen, result)))
                crew.read_in()
            else:
                parts.append(_taken(spec, settings, options, number, seed, crew.outcome(number), seen, result, render))
            if progress is not None:
                progress(number)
    finally:
        crew.stop()
        _JOB.clear()
        shutil.rmtree(spool, ignore_errors=True)
    return result, parts


def _parts(variant, ask, options, numbers, sheet) -> dict | None:
    """worksheet.variant_parts, or None when rendering failed (the sheet raises it, as before)."""
    from .errors import SymbpError
    from .worksheet import variant_parts

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


def _loaded(path: str) -> tuple:
    """A worker's result file, read and removed: (numbers key, draws, rejections, parts, the
    pickled spec, solution and report)."""
    import pickle

    with open(path, "rb") as file:
        payload = pickle.loads(file.read())
    os.unlink(path)
    return payload


def _worker(job):
    """In a worker: variant `number` from `seed`, drawn without knowing the other variants'."""
    from .errors import SymbpError
    from .variants import _numbers_key, verified_variant

    number, seed = job
    spec, settings, options = _JOB["spec"], _JOB["settings"], _JOB["options"]
    rejections: Counter = Counter()
    try:  # the other variants' numbers are not known here: none are excluded (see _taken)
        variant = verified_variant(spec, settings, number, seed, set(), rejections, options.symbolic)
    except SymbpError:
        return number, seed, ("draw failed", None)
    parts = _parts(variant, _JOB["ask"], options, _JOB["numbers"], _JOB["sheet"])
    kind = "ok" if parts is not None else "render failed"
    # The payload goes through a file, the pipe carries only its name: a pipe full of results
    # would block a worker holding the pipe's lock, and the pool could not be stopped (Ctrl-C).
    path = os.path.join(_JOB["spool"], f"{number}.pickle")
    try:
        sent = _dumps((variant.spec, _without_derivation(variant.solution), variant.report))
        data = _dumps((_numbers_key(variant.spec), variant.draws, rejections, parts, sent))
        with open(path, "wb") as file:
            file.write(data)
    except Exception:  # noqa: BLE001 (a value that cannot be sent, a full disk: made again by the parent)
        return number, seed, ("draw failed", None)
    return number, seed, (kind, path)


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
    from .evaluate import domain

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


_HELD = ("SIGINT", "SIGTERM", "SIGALRM")  # held back while workers are forked and reaped
_KINDS = ("ok", "render failed", "draw failed")
_MESSAGE = "<iB"  # a worker's message: variant number, index of its kind in _KINDS
_HERE = 1  # a claim: variant made by this process; worker w's claims are w + 2


class _Crew:
    """Forked workers, each making a share of variants 2..count (every n-th, from the last one
    down), each result in a file of the spool and its number and kind sent through the worker's
    own pipe.  Before making a variant a worker claims it in `claims` (one byte per variant, in
    a page shared by all, written only before a variant is begun) and stops at one this process
    has claimed: this process claims its own in order from 2 up (`mine`), so every variant below
    it is already made or taken.  Nothing is shared but the pipes and that page: no lock that a
    killed worker could hold, so a signal at any moment leaves `stop` free to SIGKILL and reap
    every worker.  A worker that died (killed from outside) reports nothing more: its missing
    variants come as "draw failed", so the parent makes them, as the serial run does."""

    def __init__(self):
        self.pids: dict[int, int] = {}  # worker -> pid, until reaped
        self.pipes: dict[int, int] = {}  # worker -> read end, until its end of file
        self.buffers: dict[int, bytes] = {}
        self.arrived: dict[int, tuple] = {}  # variant number -> outcome
        self.claims = None
        self.size = 1

    def start(self, size: int, count: int) -> None:
        import mmap
        import signal

        self.size, self.count = size, count
        self.claims = mmap.mmap(-1, count + 1)  # shared with the workers, zeroed: nobody's yet
        held = {getattr(signal, name) for name in _HELD if hasattr(signal, name)}
        parent = os.getpid()
        gc.freeze()  # this process's objects out of the collector's reach: a worker's collections do not copy their pages
        try:
            for worker in range(size):
                previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
                try:
                    read, write = os.pipe()
                    pid = os.fork()
                    if pid == 0:  # the worker: never returns
                        _work(read, write, list(self.pipes.values()), parent, range(count - worker, 1, -size),
                              worker + 2, self.claims, held)
                    self.pids[worker], self.pipes[worker], self.buffers[worker] = pid, read, b""
                    os.close(write)
                finally:
                    signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        finally:
            gc.unfreeze()

    def mine(self, number: int) -> bool:
        """True when no worker has claimed variant `number`: it is claimed for this process.
        (A worker may claim it at the same moment and make it too; this process's is taken.)"""
        if self.claims[number]:
            return False
        self.claims[number] = _HERE
        return True

    def outcome(self, number: int) -> tuple:
        """("ok" | "render failed", what the worker sent) or ("draw failed", None) for a worker's
        variant `number`; while it is not there, the results that are get read in."""
        owner = (self.count - number) % self.size
        while number not in self.arrived and owner in self.pipes:
            if not self.read_in(1):
                self._receive(None)
        kind, payload = self.arrived.pop(number, ("draw failed", None))
        return kind, _loaded(payload) if isinstance(payload, str) else payload

    def read_in(self, most: int | None = None) -> int:
        """Reads in (up to `most` of) the results that have arrived, without waiting: between this
        process's own variants, and while it waits for a worker's.  How many were read in."""
        if self.pipes:
            self._receive(0)
        done = 0
        for number, (kind, payload) in self.arrived.items():
            if isinstance(payload, str):
                self.arrived[number] = kind, _loaded(payload)
                done += 1
                if done == most:
                    break
        return done

    def _receive(self, timeout: int | None) -> None:
        import select
        import struct

        poller = select.poll()
        for read in self.pipes.values():
            poller.register(read, select.POLLIN)
        ready = {fd for fd, _ in poller.poll(timeout)}
        size = struct.calcsize(_MESSAGE)
        for worker, read in list(self.pipes.items()):
            if read not in ready:
                continue
            data = os.read(read, 65536)
            if not data:  # the worker has ended
                os.close(read)
                del self.pipes[worker]
                continue
            data = self.buffers[worker] + data
            whole = len(data) - len(data) % size
            for number, kind in struct.iter_unpack(_MESSAGE, data[:whole]):
                path = os.path.join(_JOB["spool"], f"{number}.pickle")
                self.arrived[number] = (_KINDS[kind], None if _KINDS[kind] == "draw failed" else path)
            self.buffers[worker] = data[whole:]

    def stop(self) -> None:
        """Every worker SIGKILLed (if still running) and reaped, with the run's signals held back."""
        import signal

        held = {getattr(signal, name) for name in _HELD if hasattr(signal, name)}
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            for worker, pid in list(self.pids.items()):
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                while True:
                    try:
                        os.waitpid(pid, 0)
                        break
                    except ChildProcessError:
                        break
                    except InterruptedError:
                        continue
                del self.pids[worker]
            for read in self.pipes.values():
                os.close(read)
            self.pipes.clear()
            if self.claims is not None:
                self.claims.close()
                self.claims = None
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _work(read: int, write: int, others: list, parent: int, numbers: range, claim: int, claims, held: set) -> None:
    """In a forked worker, signals held back: its share of variants, from the last down to the
    first one this process has claimed, then os._exit (never the parent's clean-up).  Ctrl-C
    and the time budget are the parent's to handle; SIGTERM ends it."""
    import signal
    import struct

    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if hasattr(signal, "SIGALRM"):
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
        for fd in (read, *others):
            os.close(fd)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
        gc.disable()  # (the parent's objects stay frozen here): collected once a variant, as in the parent
        seeds = _JOB["seeds"]
        for number in numbers:
            if os.getppid() != parent or claims[number]:  # the parent is gone, or has come this far
                break
            claims[number] = claim
            try:
                _, _, (kind, _) = _worker((number, seeds[number - 1]))
            except Exception:  # noqa: BLE001 (made again by the parent, which raises it as the serial run does)
                kind = "draw failed"
            _collect()
            os.write(write, struct.pack(_MESSAGE, number, _KINDS.index(kind)))
        code = 0
    finally:
        os._exit(code)
