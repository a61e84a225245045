"""Fuzz harness for scenario files (doc/formats/scenarios.md), which the
Python binding reads itself: there is no C loader of the file to give
libFuzzer.  Each input is a seed scenario file mutated at the JSON level (a
value of another type or an odd one, a key dropped or added, a scenario
doubled, deep nesting) or, one time in ten, byte by byte.  It is read and
checked (ScenarioFile.load) and every scenario is prepared as `simulate`
prepares it before any county is generated (Runner.prepare: the referral,
budget and scheme patches applied and the documents given to the C parsers),
and its county options built (county.options).  What a user's file may
cause is a ScenarioError naming the file and the JSON path, or an error of
the C library (YgtError) naming the source; anything else — KeyError,
TypeError, RecursionError, a bare ValueError, a crash — is a finding.

Preparing a file that loads (three C parsers, each with its own libFuzzer
target) costs about twice what making and loading an input does, so long
campaigns pass --prepare-every K: every input goes through the loader and
its checks, and the files of every K-th input that load are prepared too.

    python3 tests/fuzz/fuzz_scenarios.py [--runs N] [--seed S] [--bundle DIR] [--prepare-every K]

prints the executions, the inputs prepared, the lines of scenarios.py and
simulate.py reached (its coverage) and the findings, and exits 1 on a finding (the input is kept
in --findings DIR).  tests/python/test_scenarios_fuzz.py runs it briefly.
"""
import argparse
import copy
import json
import math
import os
import random
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

from yigongti import county as _county  # noqa: E402
from yigongti import scenarios as _scenarios  # noqa: E402
from yigongti import simulate as _simulate  # noqa: E402
from yigongti.errors import YgtError  # noqa: E402

ODD_VALUES = [None, True, False, 0, -1, 1, 0.5, 2 ** 64, -2 ** 63, 10 ** 400, 1e308, math.nan, math.inf, "",
              " ", "²", "٣", "*", "0", "-1", "../x", "/etc/passwd", "2024-02-31", "x" * 5000, {}, [], [1, 2],
              {"*": {}}, {"0": None}, {"99": 1}, {"²": 1}]

INDEX_KEYS = ["0", "1", "*", "9", "-1", "01", "²", "٣", "1.0", ""]


def seeds():
    """The example scenario files and the harness's own corpus, as JSON documents."""
    dirs = [os.path.join(ROOT, "examples", "scenarios"), os.path.join(HERE, "corpus", "scenarios")]
    docs = []
    for d in dirs:
        for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            with open(os.path.join(d, name), encoding="utf-8") as f:
                docs.append(json.load(f))
    return docs


def _nodes(doc, limit=_scenarios.MAX_DEPTH + 2):
    """Every (path, value) of a document down to ``limit`` levels, in document
    order, as a list built iteratively: a recursive generator cost O(depth)
    per node, and below MAX_DEPTH the loader refuses the file whatever is there."""
    out, stack = [], [((), doc)]
    while stack:
        path, node = stack.pop()
        out.append((path, node))
        if len(path) >= limit:
            continue
        if isinstance(node, dict):
            for k in reversed(list(node)):
                stack.append((path + (k,), node[k]))
        elif isinstance(node, list):
            for i in range(len(node) - 1, -1, -1):
                stack.append((path + (i,), node[i]))
    return out


def _set(doc, path, value):
    if not path:
        return value
    node = doc
    for k in path[:-1]:
        node = node[k]
    node[path[-1]] = value
    return doc


def _names(rng):
    """A key someone might write: a known one, a near miss or nonsense."""
    known = list(_scenarios.TOP_KEYS + _scenarios.SCENARIO_KEYS) + list(_county.option_defaults()) + [
        "lines", "inpatient", "method", "budgets", "growth", "rules", "id", "fund", "table", "year"]
    name = rng.choice(known)
    return rng.choice([name, name + "s", name[:-1], name.upper(), str(rng.randrange(5)), "*", "²"])


def _deep(rng):
    v = rng.choice([{}, [], 1])
    for _ in range(rng.choice([50, 500, 5000])):
        v = {"a": v} if rng.random() < 0.5 else [v]
    return v


def mutate_doc(doc, rng):
    doc = json.loads(json.dumps(doc))  # a deep copy of a seed (JSON), in C: copy.deepcopy took a fifth of the time
    for _ in range(rng.randint(1, 4)):
        path, node = rng.choice(_nodes(doc))
        op = rng.randrange(8)
        if op == 0:
            doc = _set(doc, path, copy.deepcopy(rng.choice(ODD_VALUES)))
        elif op == 1 and path:
            parent = doc
            for k in path[:-1]:
                parent = parent[k]
            del parent[path[-1]]
        elif op == 2 and isinstance(node, dict):
            node[_names(rng)] = copy.deepcopy(rng.choice(ODD_VALUES + [rng.random(), rng.randrange(-5, 100)]))
        elif op == 3 and isinstance(node, list) and node:
            node.append(copy.deepcopy(rng.choice(node)))
        elif op == 4:
            doc = _set(doc, path, _deep(rng))
        elif op == 5 and isinstance(node, (int, float)) and not isinstance(node, bool):
            big = node * 1000000 if isinstance(node, int) else node * 1e6  # an int too large for a float stays one
            doc = _set(doc, path, rng.choice([-node, big, node + 1, node - (1 if isinstance(node, int) else 1e-9)]))
        elif op == 6 and isinstance(node, str):
            doc = _set(doc, path, rng.choice([node + "x", node[:1], node.upper(), "../" + node]))
        elif op == 7 and isinstance(doc, dict) and isinstance(doc.get("scenarios"), list) and doc["scenarios"]:
            s = rng.choice(doc["scenarios"])  # an element patch of an array, with an odd index
            if isinstance(s, dict):
                key, array = rng.choice([("budget_patch", "budgets"), ("scheme_patch", "lines"),
                                         ("referral_patch", "rules")])
                s[key] = {array: {rng.choice(INDEX_KEYS): copy.deepcopy(rng.choice(ODD_VALUES))}}
    return doc


def mutate_bytes(text, rng):
    data = bytearray(text.encode("utf-8"))
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(data) + 1)
        op = rng.randrange(3)
        if op == 0 and at < len(data):
            data[at] = rng.randrange(256)
        elif op == 1:
            data[at:at] = bytes([rng.randrange(256)]) if rng.random() < 0.5 else rng.choice(
                [b"[", b"{", b"\"", b"NaN", b"-1e999", b"\xe5\x8c", b"\x00", b"}", b","])
        elif at < len(data):
            del data[at:at + rng.randint(1, 20)]
    return bytes(data)


def one_input(rng, docs):
    """A mutated seed as bytes."""
    doc = rng.choice(docs)
    if rng.random() < 0.1:
        return mutate_bytes(json.dumps(doc, ensure_ascii=False), rng)
    try:
        return json.dumps(mutate_doc(doc, rng), ensure_ascii=False).encode("utf-8")
    except (ValueError, RecursionError):  # too deep for json.dumps itself: nest by hand
        return b"{\"format\": \"yigongti-scenarios/1\", \"scenarios\": " + b"[" * 100000 + b"]" * 100000 + b"}"


class Target:
    """A bundle loaded once; run(data) checks one scenario file, and prepares
    its scenarios when ``prepare`` is true."""

    def __init__(self, bundle, workdir):
        self.workdir = workdir
        self.path = os.path.join(workdir, "scenarios.json")
        self.option_names = _county.option_defaults()  # what ScenarioFile.load asks for by default, once
        with open(self.path, "w") as f:
            json.dump({"format": _scenarios.FORMAT, "scenarios": [{"name": "x"}]}, f)
        self.bundle = _simulate.Bundle(bundle, _scenarios.ScenarioFile.load(self.path))
        self.loaded = self.prepared = 0

    def run(self, data, prepare=True):
        with open(self.path, "wb") as f:
            f.write(data)
        sf = _scenarios.ScenarioFile.load(self.path, self.option_names)
        self.loaded += 1
        if not prepare:
            return
        self.prepared += 1
        runner = _simulate.Runner(self.bundle, sf)
        for s in sf.scenarios:
            plan = runner.prepare(s)
            _county.options(**plan.options)


def scratch_root():
    """Memory (/dev/shm) when writable: rewriting a file per input on a disk
    file system cost 1.8 ms an open, more than the loader (/tmp otherwise)."""
    return "/dev/shm" if os.access("/dev/shm", os.W_OK) else None


def expected(exc):
    """A user's mistake reported as the format promises."""
    return isinstance(exc, (_scenarios.ScenarioError, YgtError))


class Lines:
    """Distinct lines of the scenario modules executed (sys.settrace)."""

    def __init__(self):
        self.files = {os.path.abspath(m.__file__) for m in (_scenarios, _simulate)}
        self.seen = set()
        self.traced = {}  # co_filename: whether it is one of self.files (abspath per call was a hot spot)

    def _local(self, frame, event, arg):
        if event == "line":
            self.seen.add((frame.f_code.co_filename, frame.f_lineno))
        return self._local

    def __call__(self, frame, event, arg):
        name = frame.f_code.co_filename
        traced = self.traced.get(name)
        if traced is None:
            traced = self.traced[name] = os.path.abspath(name) in self.files
        return self._local if traced else None


def campaign(runs, seed, bundle, findings_dir, seconds=None, quiet=False, prepare_every=1):
    """Runs the harness: every input through the loader, those of every
    ``prepare_every``-th input that load also prepared.  Returns (executions,
    lines reached, findings, inputs prepared)."""
    rng = random.Random(seed)
    docs = seeds()
    lines = Lines()
    found = []
    start = time.monotonic()
    with tempfile.TemporaryDirectory(dir=scratch_root()) as work:
        target = Target(bundle, work)
        sys.settrace(lines)
        done = 0
        try:
            while done < runs and (seconds is None or time.monotonic() - start < seconds):
                data = one_input(rng, docs)
                done += 1
                try:
                    target.run(data, prepare=done % prepare_every == 0)
                except Exception as exc:  # noqa: BLE001 (the harness sorts them)
                    if not expected(exc):
                        found.append((data, exc, traceback.format_exc()))
        finally:
            sys.settrace(None)
    for k, (data, exc, tb) in enumerate(found):
        if findings_dir:
            os.makedirs(findings_dir, exist_ok=True)
            with open(os.path.join(findings_dir, "finding-%d.json" % k), "wb") as f:
                f.write(data)
        if not quiet:
            print(tb.rstrip().splitlines()[-1], file=sys.stderr)
    return done, len(lines.seen), found, target.prepared


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=1000)
    p.add_argument("--seconds", type=float, default=None, help="stop after this long")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--bundle", default=os.path.join(ROOT, "examples", "data", "ninghai"))
    p.add_argument("--findings", default=None, help="directory for inputs that find something")
    p.add_argument("--prepare-every", type=int, default=1, metavar="K",
                   help="prepare the scenarios of every K-th input only (the loader sees every input)")
    args = p.parse_args(argv)
    start = time.monotonic()
    done, reached, found, prepared = campaign(args.runs, args.seed, args.bundle, args.findings, args.seconds,
                                              prepare_every=args.prepare_every)
    seconds = time.monotonic() - start
    print("fuzz_scenarios: %d executions in %.0f s (%.0f/s), %d loaded files prepared, %d lines of scenarios.py "
          "and simulate.py reached, %d findings" % (done, seconds, done / max(seconds, 1e-9), prepared, reached,
                                                    len(found)))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
