"""Forked workers for a sheet's variants (variant_pool.py): (how many, the variants' count, the
function that makes one in a worker) -> each worker variant's outcome, for this process to take.

Each worker makes a share of variants 2..count (every n-th, from the last one down), each result
appended to the worker's own file in the spool (opened once, before the fork: no file opened,
closed or removed a variant) and its number, kind and place in that file sent through the
worker's own pipe.  Before making a variant a worker claims it in `claims` (one byte per
variant, in a page shared by all, written only before a variant is begun) and stops at one this
process has claimed: this process claims its own in order from 2 up (`Crew.mine`), so every
variant below it is already made or taken.  Nothing is shared but the pipes, the result files
(each written by its worker only, read here where a message says) and that page: no lock that a
killed worker could hold, so a signal at any moment leaves `stop` free to SIGKILL and reap every
worker.  A worker that died (killed from outside) reports nothing more: its missing variants
come as "draw failed", so this process makes them, as the serial run does.
"""

from __future__ import annotations

import gc
import os

from .collector import frozen_for_workers

_HELD = ("SIGINT", "SIGTERM", "SIGALRM")  # held back while workers are forked and reaped
KINDS = ("ok", "render failed", "draw failed")
_MESSAGE = "<iBqq"  # a worker's message: variant number, index of its kind in KINDS, its result's offset and length
_HERE = 1  # a claim: variant made by this process; worker w's claims are w + 2


class _Stored(tuple):
    """Where a result not yet read in is: (file descriptor, offset, length)."""


class Crew:
    """The workers of one sheet, their pipes, the claims and the outcomes that have arrived."""

    def __init__(self, spool: str):
        self.spool = spool
        self.pids: dict[int, int] = {}  # worker -> pid, until reaped
        self.pipes: dict[int, int] = {}  # worker -> read end, until its end of file
        self.buffers: dict[int, bytes] = {}
        self.files: dict[int, int] = {}  # worker -> its results file (read here at the offsets it sends)
        self.read_buffer = bytearray()  # a result is read into it (reused: its pages are already this process's)
        self.arrived: dict[int, tuple] = {}  # variant number -> outcome
        self.unread: list[int] = []  # the arrived variants whose result files are not read in yet, in order
        self.claims = None
        self.size = 1

    def start(self, size: int, count: int, make) -> None:
        """`size` workers forked, each making its share by `make(number)` -> (its kind (KINDS),
        its result as bytes, or None)."""
        import mmap
        import signal

        self.size, self.count = size, count
        self.claims = mmap.mmap(-1, count + 1)  # shared with the workers, zeroed: nobody's yet
        held = {getattr(signal, name) for name in _HELD if hasattr(signal, name)}
        parent = os.getpid()
        # this process's objects out of the collector's reach: a worker's collections do not copy their pages
        with frozen_for_workers():  # (a host program's own frozen objects stay frozen: collector.py)
            for worker in range(size):
                previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
                try:
                    results = os.open(os.path.join(self.spool, f"worker-{worker}"), os.O_RDWR | os.O_CREAT | os.O_EXCL,
                                      0o600)
                    self.files[worker] = results
                    read, write = os.pipe()
                    pid = os.fork()
                    if pid == 0:  # the worker: never returns
                        others = [*self.pipes.values(), *(fd for fd in self.files.values() if fd != results)]
                        _work(read, write, results, others, parent, range(count - worker, 1, -size),
                              worker + 2, self.claims, held, make)
                    self.pids[worker], self.pipes[worker], self.buffers[worker] = pid, read, b""
                    os.close(write)
                finally:
                    signal.pthread_sigmask(signal.SIG_SETMASK, previous)

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
        if type(payload) is _Stored:
            payload = self._loaded(payload)
        return (kind, payload) if payload is not None else ("draw failed", None)

    def read_in(self, most: int | None = None) -> int:
        """Reads in (up to `most` of) the results that have arrived, without waiting: between this
        process's own variants, and while it waits for a worker's.  How many were read in."""
        if self.pipes:
            self._receive(0)
        done, unread, arrived = 0, self.unread, self.arrived
        while unread and done != most:
            number = unread.pop()
            outcome = arrived.get(number)
            if outcome is not None and type(outcome[1]) is _Stored:  # (not taken meanwhile by `outcome`)
                payload = self._loaded(outcome[1])
                arrived[number] = (outcome[0], payload) if payload is not None else ("draw failed", None)
                done += 1
        return done

    def _loaded(self, stored: _Stored) -> tuple | None:
        """A worker's result, read from its file: (numbers key, draws, rejections, parts, the
        pickled spec, solution and report); None when it is cut short (the file system failed):
        the variant is then made here, as one the worker could not make."""
        import pickle

        fd, offset, length = stored
        if len(self.read_buffer) < length:
            self.read_buffer = bytearray(length + (length >> 1))
        with memoryview(self.read_buffer) as buffer, buffer[:length] as data:
            if _read_at(fd, data, offset) != length:
                return None
            return pickle.loads(data)

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
            for number, kind, offset, length in struct.iter_unpack(_MESSAGE, data[:whole]):
                kind = KINDS[kind]
                if kind == "draw failed":
                    self.arrived[number] = kind, None
                else:
                    self.arrived[number] = kind, _Stored((self.files[worker], offset, length))
                    self.unread.append(number)
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
            for read in (*self.pipes.values(), *self.files.values()):
                os.close(read)
            self.pipes.clear()
            self.files.clear()
            if self.claims is not None:
                self.claims.close()
                self.claims = None
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _work(read: int, write: int, results: int, others: list, parent: int, numbers: range, claim: int, claims,
          held: set, make) -> None:
    """In a forked worker, signals held back: its share of variants, from the last down to the
    first one this process has claimed, each result appended to `results`, then os._exit (never
    the parent's clean-up).  Ctrl-C and the time budget are the parent's to handle; SIGTERM ends it."""
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
        end = 0  # where the next result goes in `results`
        for number in numbers:
            if os.getppid() != parent or claims[number]:  # the parent is gone, or has come this far
                break
            claims[number] = claim
            try:
                kind, data = make(number)
                if data is not None:
                    _write_at(results, data, end)
            except Exception:  # noqa: BLE001 (made again by the parent, which raises it as the serial run does)
                kind, data = "draw failed", None
            gc.collect(1)  # what the variant made, its reference cycles (variant_pool._collect)
            length = len(data) if data is not None else 0
            os.write(write, struct.pack(_MESSAGE, number, KINDS.index(kind), end, length))
            end += length
        code = 0
    finally:
        os._exit(code)


def _read_at(fd: int, buffer, offset: int) -> int:
    """How many bytes of `fd` from `offset` were read into `buffer` (only this process moves the
    file's position: its worker writes at given offsets)."""
    if hasattr(os, "preadv"):
        return os.preadv(fd, [buffer], offset)
    os.lseek(fd, offset, os.SEEK_SET)  # (macOS before Python's preadv there)
    return os.readv(fd, [buffer])


def _write_at(fd: int, data: bytes, offset: int) -> None:
    """All of `data` written at `offset` (a full disk raises: the variant is made again by the parent)."""
    view, done = memoryview(data), 0
    while done < len(data):
        done += os.pwrite(fd, view[done:], offset + done)


