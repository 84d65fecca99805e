"""A share of the run's time budget for one stage of it.

`symbp --time-limit S` arms SIGALRM for the whole command (cli.set_time_budget): past it the run
stops, having written nothing.  A class's marking must not spend all of it — a few slow files (a
wholly wrong answers file of the largest network takes ~30 s) would leave no grades at all — so it
runs inside `share(MARKING_SHARE)`: when that share of what is left is spent, `ShareSpent` is raised
where the marking is (a BaseException, as the budget's own: no `except Exception` swallows it), and
the rest of the budget, under its own handler, is left for writing what was marked.  Without a
budget of symbp's own running (the Python API, whose caller's SIGALRM timer is its own; a thread other
than the main one) `share` does nothing.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager

MARKING_SHARE = 0.5  # of the time left when a class's marking starts; the rest writes its reports (rendering them costs about what marking did)


_BUDGET = [None]  # the handler of symbp's own time budget (cli.set_time_budget), while it is armed


def armed(handler) -> None:
    """The budget's SIGALRM handler, armed by the command line: the only timer `share` divides."""
    _BUDGET[0] = handler


class ShareSpent(BaseException):
    """The share of the time budget given to a stage ran out (`seconds`: the share's length)."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"its share of the time budget ({seconds:.0f} s) ran out")


@contextmanager
def share(fraction: float):
    """Run the block within `fraction` of the budget left (ShareSpent after it); then re-arm the
    budget for what is left of it, under its own handler."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield None
        return
    left, _ = signal.getitimer(signal.ITIMER_REAL)
    handler = signal.getsignal(signal.SIGALRM)
    if left <= 0 or handler is not _BUDGET[0] or handler is None:  # no budget of symbp's own running
        yield None
        return
    end, seconds = time.monotonic() + left, left * fraction

    def spent(signum, frame):
        raise ShareSpent(seconds)

    blocked = hasattr(signal, "pthread_sigmask")  # (the budget firing between the two calls would leave none)
    if blocked:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    signal.setitimer(signal.ITIMER_REAL, seconds)
    signal.signal(signal.SIGALRM, spent)
    try:
        if blocked:  # (an alarm held meanwhile arrives here: inside the try, so the budget is given back)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
        yield seconds
    finally:
        while True:  # the share may run out just as the block ends: the budget is given back all the same
            try:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, handler)
                break
            except ShareSpent:
                continue
        signal.setitimer(signal.ITIMER_REAL, max(end - time.monotonic(), 0.001))
