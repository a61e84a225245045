#!/usr/bin/env python3
"""Benchmark: ``python3 -m yigongti drg group`` on 20,000 real cases against a plain-Python grouper
(plain_grouper.py) writing the same file.  Never fails on speed; fails when the two outputs differ.

    bench_python_drg.py PACK_DIR [RUNS [CASES]]

Prints, from CPU-time medians:
- the issue's figure: whole process against whole process (goal: at least 10 times faster), with the pack
  read from its text and from its compiled cache (``--pack-cache``, doc/formats/drg-pack-cache.md);
- where each side's time goes, measured in fresh processes (page faults included: a first touch of a page
  costs ~12 us on this machine class), and the ceiling the fixed costs put on the whole-process ratio: even with
  loading, grouping and writing free, the command cannot be faster than the interpreter's start and its imports;
- the comparable figure (doc/performance.md): the work after each side has loaded its rule tables (read the
  cases, group, write the file), goal at least 10 times faster, and grouping alone.

The cases are CHS-DRG 1.1's 30 labelled records (OpenDRG's input.txt) repeated to CASES rows (default 20,000,
the issue's figure) with their own case ids: real cases, but only 30 distinct ones (both groupers see few
distinct code paths).
"""
import filecmp
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import bench_util

HERE = Path(__file__).resolve().parent
CASES = 20000
GOAL = 10.0
_CPU = """
import resource, sys
def mark(name):
    r = resource.getrusage(resource.RUSAGE_SELF)
    marks.append((name, (r.ru_utime + r.ru_stime) * 1000, r.ru_minflt))
marks = []
mark("python start")
"""
_PRINT = """
print(" ".join("%s=%.2f/%d" % (name.replace(" ", "_"), t - (marks[i - 1][1] if i else 0),
                               f - (marks[i - 1][2] if i else 0)) for i, (name, t, f) in enumerate(marks)))
"""
# The command's steps one by one (cli.main and drg._cmd_group without the parser).
PHASES = _CPU + """
import yigongti
from yigongti import cli, drg_columns
cli.keep_freed_memory()
mark("imports")
pack = yigongti.Pack.load(sys.argv[1])
mark("table load")
cases = yigongti.Cases.for_pack(pack).load(sys.argv[2])
mark("cases read")
groups = pack.group_columns(cases, numpy=False)
mark("group")
with open(sys.argv[3], "w", encoding="utf-8") as out:
    drg_columns.write_table(out, pack, cases, groups)
mark("write")
""" + _PRINT
# plain_grouper.main step by step.
PLAIN_PHASES = _CPU + r"""
sys.path.insert(0, sys.argv[4])
import plain_grouper
mark("imports")
pack = plain_grouper.Pack(sys.argv[1])
mark("table load")
cases = plain_grouper.read_cases(sys.argv[2])
mark("cases read")
results = [pack.group(c) for c in cases]
mark("group")
with open(sys.argv[3], "w", encoding="utf-8") as out:
    out.write("case_id\tmdc\tadrg\tdrg\tdrg_name\tstatus\n")
    for c, r in zip(cases, results):
        out.write("\t".join((c.case_id,) + r) + "\n")
mark("write")
""" + _PRINT
AFTER_LOAD = ("cases read", "group", "write")


def write_cases(labelled, path, count=CASES):
    lines = labelled.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    keep = [i for i, name in enumerate(header) if name != "expected_drg"]
    rows = [line.split("\t") for line in lines[1:]]
    with open(path, "w", encoding="utf-8") as out:
        out.write("\t".join(header[i] for i in keep) + "\n")
        for k in range(count):
            row = list(rows[k % len(rows)])
            row[0] = str(10000000 + k)
            out.write("\t".join(row[i] for i in keep) + "\n")


def phases(script, args, env, runs):
    """{phase: (median ms CPU, median page faults)} of `script` run `runs` times in fresh processes."""
    seen = {}
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", script] + args, env=env, capture_output=True, text=True,
                             check=True).stdout.split()
        for item in out:
            name, value = item.split("=")
            ms, faults = value.split("/")
            seen.setdefault(name.replace("_", " "), []).append((float(ms), int(faults)))
    return {name: (statistics.median(v[0] for v in values), statistics.median(v[1] for v in values))
            for name, values in seen.items()}


def report_phases(label, p):
    print("  %-16s %s" % (label, "  ".join("%s %.0f ms (%d faults)" % (name, ms, faults)
                                             for name, (ms, faults) in p.items())))


def ratio_line(what, plain, ours, goal=None):
    ratio = plain / ours
    verdict = "" if goal is None else " (goal >= %.0fx): %s" % (goal, "met" if ratio >= goal else "NOT met")
    print("  %s: yigongti %.0f ms, plain Python %.0f ms, ratio %.1fx%s" % (what, ours, plain, ratio, verdict))


def main(argv):
    pack = Path(argv[1])
    runs = int(argv[2]) if len(argv) > 2 else 7
    count = int(argv[3]) if len(argv) > 3 else CASES
    if not (pack / "labelled_cases.tsv").exists():
        bench_util.skip("the CHS-DRG 1.1 pack and its labelled cases: %s" % pack)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cases = tmp / "cases.tsv"
        write_cases(pack / "labelled_cases.tsv", cases, count)
        env = bench_util.warm_env(tmp / "pycache")
        commands = {
            "yigongti": [sys.executable, "-m", "yigongti", "drg", "group", "--pack", str(pack), "--cases",
                         str(cases), "--out", str(tmp / "yigongti.tsv")],
            "plain": [sys.executable, str(HERE / "plain_grouper.py"), str(pack), str(cases), str(tmp / "plain.tsv")],
        }
        # the same command through the pack's compiled cache, which its first (untimed) run writes
        commands["cached"] = commands["yigongti"][:-1] + [str(tmp / "cached.tsv"), "--pack-cache",
                                                          str(tmp / "pack.cache")]
        for cmd in commands.values():
            bench_util.cpu_ms(cmd, env)  # a first run caches the bytecode (and writes the pack's cache)
        for name in ("yigongti", "cached"):
            if not filecmp.cmp(tmp / (name + ".tsv"), tmp / "plain.tsv", shallow=False):
                print("FAIL: drg group (%s) and the plain-Python grouper wrote different tables" % name)
                return 1
        t = bench_util.medians(commands, runs, env)
        args = [str(pack), str(cases)]
        ours = phases(PHASES, args + [str(tmp / "phases.tsv")], env, runs)
        plain = phases(PLAIN_PHASES, args + [str(tmp / "plain-phases.tsv"), str(HERE)], env, runs)
        if not filecmp.cmp(tmp / "phases.tsv", tmp / "plain-phases.tsv", shallow=False):
            print("FAIL: the step-by-step runs wrote different tables")
            return 1
    print("drg group, %d cases (30 distinct), CPU medians of %d runs" % (count, runs))
    ratio_line("whole process", t["plain"], t["yigongti"], GOAL)
    ratio_line("whole process, the pack from its compiled cache (--pack-cache)", t["plain"], t["cached"], GOAL)
    report_phases("yigongti steps:", ours)
    report_phases("plain steps:", plain)
    work = sum(ours[name][0] for name in ("table load",) + AFTER_LOAD)
    fixed = t["yigongti"] - work
    print("  the command's start-up (interpreter, imports, command line): %.0f ms of %.0f; with loading, grouping"
          " and writing free the whole-process ratio could reach at most %.1fx" % (fixed, t["yigongti"],
                                                                                t["plain"] / fixed))
    ratio_line("after the rule tables are loaded (read the cases, group, write)",
               sum(plain[name][0] for name in AFTER_LOAD), sum(ours[name][0] for name in AFTER_LOAD), GOAL)
    ratio_line("grouping alone (cases in memory)", plain["group"][0], ours["group"][0])
    ratio_line("rule tables loaded", plain["table load"][0], ours["table load"][0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
