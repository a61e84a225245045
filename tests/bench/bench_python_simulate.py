#!/usr/bin/env python3
"""Benchmark: ``python3 -m yigongti simulate`` on a bundle's scenario file, the whole command (the counties,
their years before, every scenario's year run, the tables and the plots), as a user runs it.  Prints the
CPU time of the process (user + system, its threads included; median of RUNS) next to the goal of issue 22
(under 5 s for Ninghai's eight reforms), and the wall time beside it.  Never fails on speed.

    bench_python_simulate.py BUNDLE SCENARIOS [RUNS]
"""
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import bench_util

GOAL_S = 5.0


def command(bundle, scenarios, out):
    return [sys.executable, "-m", "yigongti", "simulate", "--bundle", str(bundle), "--scenarios", str(scenarios),
            "--out", str(out), "--outside-paths", "--quiet"]


def timed(cmd, env):
    """(CPU s, wall s) of one run."""
    start = time.perf_counter()
    cpu = bench_util.cpu_ms(cmd, env) / 1000
    return cpu, time.perf_counter() - start


def main(argv):
    if len(argv) not in (3, 4):
        sys.exit(__doc__)
    bundle, scenarios = Path(argv[1]), Path(argv[2])
    runs = int(argv[3]) if len(argv) == 4 else 3
    for path in (bundle / "model.json", scenarios):
        if not path.exists():
            bench_util.skip(str(path))
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_util.warm_env(Path(tmp) / "pycache")
        cmd = command(bundle, scenarios, Path(tmp) / "out")
        timed(cmd, env)  # bytecode and file cache warm, as for a user's second run
        got = [timed(cmd, env) for _ in range(runs)]
    cpu = statistics.median(c for c, _ in got)
    wall = statistics.median(w for _, w in got)
    verdict = "meets" if cpu < GOAL_S else "MISSES"
    print("simulate %s with %s (%d runs): %.2f s CPU, median (goal < %.1f s: %s); wall %.2f s on %d cores"
          % (bundle.name, scenarios.name, runs, cpu, GOAL_S, verdict, wall, os.cpu_count()))


if __name__ == "__main__":
    main(sys.argv)
