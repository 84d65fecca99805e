"""CPU per test and per file of the suite (not wall time: the machine is shared), as a pytest plugin.

    SUITE_CPU_OUT=/tmp/cpu PYTHONPATH=$PWD:tests python -m pytest -p suite_cpu     # record
    python tests/suite_cpu.py /tmp/cpu [N]                                         # the top N

Each process (the controller, each xdist worker) writes PREFIX.<worker>.json: per test and phase
(setup/call/teardown) its own process time and the CPU of the children it waited for (fresh
interpreters, pdflatex), its collection cost, and its totals.  The controller's "children" is the
whole suite's CPU (the workers and everything they started).  Not loaded unless asked for.
"""
import collections
import glob
import json
import os
import resource
import sys
import time
import pytest

_rows = []
_t0 = {}
_coll = {}

def _cpu():
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time(), c.ru_utime + c.ru_stime

def pytest_collection(session):
    _coll["start"] = _cpu()

def pytest_collection_finish(session):
    a = _cpu(); s = _coll["start"]
    _coll["self"] = a[0] - s[0]; _coll["children"] = a[1] - s[1]
    _coll["total_process_at_finish"] = a[0]

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    a = _cpu(); w = time.perf_counter(); yield; b = _cpu()
    _rec(item, "setup", a, b, time.perf_counter() - w)

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    a = _cpu(); w = time.perf_counter(); yield; b = _cpu()
    _rec(item, "call", a, b, time.perf_counter() - w)

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    a = _cpu(); w = time.perf_counter(); yield; b = _cpu()
    _rec(item, "teardown", a, b, time.perf_counter() - w)

def _rec(item, phase, a, b, wall):
    _rows.append((item.nodeid, phase, b[0] - a[0], b[1] - a[1], wall))

def pytest_sessionfinish(session):
    out = os.environ.get("SUITE_CPU_OUT")
    if not out:
        return
    wid = os.environ.get("PYTEST_XDIST_WORKER", "main")
    a = _cpu()
    with open(f"{out}.{wid}.json", "w") as f:
        json.dump({"collection": _coll, "rows": _rows, "final_self": a[0], "final_children": a[1]}, f)


def report(prefix: str, n: int = 30) -> None:
    files = sorted(glob.glob(prefix + ".*.json"))
    rows = []; tot_self = tot_child = 0
    for fn in files:
        d = json.load(open(fn))
        c = d["collection"]
        print(f"{fn.split('.')[-2]:6s} collect self {c.get('self',0):6.2f} child {c.get('children',0):5.2f}  final self {d['final_self']:7.1f} children {d['final_children']:7.1f}")
        tot_self += d["final_self"]; tot_child += d["final_children"]
        rows += d["rows"]
    main = [json.load(open(fn)) for fn in files if fn.endswith(".main.json")]
    if main:  # the controller's children: the workers and all they started
        print(f"whole suite CPU {main[0]['final_self'] + main[0]['final_children']:.1f}")
    else:
        print(f"one process: self {tot_self:.1f} children {tot_child:.1f} sum {tot_self + tot_child:.1f}")
    pertest = collections.defaultdict(float); perfile = collections.defaultdict(float); perphase = collections.defaultdict(float)
    for nid, ph, s, ch, w in rows:
        pertest[nid] += s + ch; perfile[nid.split("::")[0]] += s + ch; perphase[ph] += s + ch
    print("tests sum", sum(pertest.values()), dict(perphase), "n", len(pertest))
    print("--- top files")
    for k, v in sorted(perfile.items(), key=lambda x: -x[1])[:n]: print(f"{v:7.2f} {k}")
    print("--- top tests")
    for k, v in sorted(pertest.items(), key=lambda x: -x[1])[:n]: print(f"{v:7.2f} {k}")


if __name__ == "__main__":
    report(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30)
