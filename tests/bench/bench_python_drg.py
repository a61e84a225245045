#!/usr/bin/env python3
"""Benchmark: ``python3 -m yigongti drg group`` on 20,000 real cases, whole process, against a plain-Python
grouper (plain_grouper.py) writing the same file.  Prints both CPU times (medians), their ratio next to the
goal of issue 22 (at least 10 times faster) and where the command's time goes.  Never fails on speed; fails
when the two outputs differ.

    bench_python_drg.py PACK_DIR [RUNS]

The cases are CHS-DRG 1.1's 30 labelled records (OpenDRG's input.txt) repeated to 20,000 rows with their own
case ids.
"""
import filecmp
import subprocess
import sys
import tempfile
from pathlib import Path

import bench_util

HERE = Path(__file__).resolve().parent
CASES = 20000
GOAL = 10.0
PHASES = """
import resource, sys, time
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return (r.ru_utime + r.ru_stime) * 1000
marks = [("python start", cpu())]
import yigongti
from yigongti import drg_columns
marks.append(("import yigongti", cpu()))
pack = yigongti.Pack.load(sys.argv[1])
marks.append(("pack load", cpu()))
cases = yigongti.Cases.for_pack(pack).load(sys.argv[2])
marks.append(("cases load", cpu()))
groups = pack.group_columns(cases, numpy=False)
marks.append(("group (one C call)", cpu()))
with open(sys.argv[3], "w", encoding="utf-8") as out:
    drg_columns.write_table(out, pack, cases, groups)
marks.append(("write the table", cpu()))
print("  ".join("%s %.0f" % (name, t - marks[i - 1][1] if i else t) for i, (name, t) in enumerate(marks)))
"""


def write_cases(labelled, path):
    lines = labelled.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    keep = [i for i, name in enumerate(header) if name != "expected_drg"]
    rows = [line.split("\t") for line in lines[1:]]
    with open(path, "w", encoding="utf-8") as out:
        out.write("\t".join(header[i] for i in keep) + "\n")
        for k in range(CASES):
            row = list(rows[k % len(rows)])
            row[0] = str(10000000 + k)
            out.write("\t".join(row[i] for i in keep) + "\n")


def main(argv):
    pack = Path(argv[1])
    runs = int(argv[2]) if len(argv) > 2 else 7
    if not (pack / "labelled_cases.tsv").exists():
        bench_util.skip("the CHS-DRG 1.1 pack and its labelled cases: %s" % pack)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cases = tmp / "cases.tsv"
        write_cases(pack / "labelled_cases.tsv", cases)
        env = bench_util.warm_env(tmp / "pycache")
        commands = {
            "yigongti": [sys.executable, "-m", "yigongti", "drg", "group", "--pack", str(pack), "--cases",
                         str(cases), "--out", str(tmp / "yigongti.tsv")],
            "plain": [sys.executable, str(HERE / "plain_grouper.py"), str(pack), str(cases), str(tmp / "plain.tsv")],
        }
        for cmd in commands.values():
            bench_util.cpu_ms(cmd, env)  # a first run caches the bytecode
        if not filecmp.cmp(tmp / "yigongti.tsv", tmp / "plain.tsv", shallow=False):
            print("FAIL: drg group and the plain-Python grouper wrote different tables")
            return 1
        t = bench_util.medians(commands, runs, env)
        phases = subprocess.run([sys.executable, "-c", PHASES, str(pack), str(cases), str(tmp / "phases.tsv")],
                                env=env, capture_output=True, text=True, check=True).stdout.strip()
    ratio = t["plain"] / t["yigongti"]
    print("drg group, %d cases, whole process: %.0f ms CPU; plain-Python grouper %.0f ms (medians of %d)"
          % (CASES, t["yigongti"], t["plain"], runs))
    print("  ratio %.1fx (goal >= %.0fx): %s" % (ratio, GOAL, "met" if ratio >= GOAL else "NOT met"))
    print("  where the command's time goes (ms CPU): %s" % phases)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
