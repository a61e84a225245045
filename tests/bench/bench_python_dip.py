#!/usr/bin/env python3
"""Benchmark: DIP settlement through the Python binding (``yigongti.dip.settle``: score, point values, price)
against a vectorised numpy implementation of the same settlement (numpy_dip.py) on the same case columns.
Prints both CPU times (medians), their ratio next to the goal of issue 22 (the binding at least 20 times
faster) and fails when a column or a point value differs.  Never fails on speed.

    bench_python_dip.py BUNDLE ICD_DIR [CASES] [RUNS]

The cases are the bundle's dip-cases.tsv (Zhuhai: 3,000 illustrative stays) repeated to CASES rows
(default 1,000,000) as numpy columns attached to a batch without copying; both sides settle those columns.
"""
import statistics
import sys
import time
from pathlib import Path

import bench_util

GOAL = 20.0
INT_COLUMNS = ("age_years", "age_days", "los_days", "icu_hours", "day_surgery", "institution_index",
               "insurance", "discharge_date")
MONEY = ("total_cost", "self_paid", "first_self_paid", "deductible", "coinsurance", "fund_paid")


def columns_of(cases, np):
    """The settlement columns of a loaded batch as numpy arrays (one getter call per field: setup only)."""
    n = len(cases)
    c = {k: np.array([cases.get(r, k) for r in range(n)], dtype=np.int32) for k in INT_COLUMNS + ("pdx",)}
    c.update({k: np.array([cases.get(r, k) for r in range(n)], dtype=np.int64) for k in MONEY})
    for k in ("procs", "sdx"):
        lists = [cases.get(r, k) for r in range(n)]
        c[k] = np.array([i for row in lists for i in row], dtype=np.int32)
        c[k + "_off"] = np.concatenate([[0], np.cumsum([len(row) for row in lists])]).astype(np.int64)
    c["row_flags"] = np.frombuffer(cases.rows()[0], dtype=np.int32).copy()
    return c


def tiled(c, times, np):
    """The columns repeated `times` times (list offsets shifted), with no row flags."""
    out = {k: np.tile(v, times) for k, v in c.items() if not k.endswith("_off") and k not in ("procs", "sdx")}
    for k in ("procs", "sdx"):
        off = c[k + "_off"]
        out[k] = np.tile(c[k], times)
        steps = np.arange(times, dtype=np.int64)[:, None] * off[-1]
        out[k + "_off"] = np.concatenate([(off[:-1][None, :] + steps).ravel(), [off[-1] * times]])
    out["row_flags"][:] = 0
    return out


def attached(dx, proc, c, dip, ygt_cases):
    """A batch over the columns, attached without copying."""
    cases = ygt_cases.Cases(dx, proc)
    for k in INT_COLUMNS + ("pdx",):
        cases.attach(k, c[k])
    for k in MONEY:
        dip.attach_int64(cases, getattr(dip, k.upper()), c[k])
    cases.attach_list("procs", c["procs_off"], c["procs"])
    cases.attach_list("sdx", c["sdx_off"], c["sdx"])
    return cases


def same(lib, ours, np):
    """The names of the columns and point values that differ."""
    bad = [k for k in ("group", "status", "reason", "score_units", "amount", "fund")
           if not np.array_equal(np.asarray(lib[k]), ours[k])]
    for ins in ours["point_values"]:
        if lib.values.point_value(ins) != ours["point_values"][ins] / 100:
            bad.append("point value %d" % ins)
        if lib.values.budget_point_value(ins) != ours["budget_point_values"][ins] / 100:
            bad.append("budget point value %d" % ins)
    return bad


def cpu_medians(fns, runs):
    """Median CPU ms of each function, run in turn (a busy moment of the shared machine hits both sides)."""
    times = [[] for _ in fns]
    for _ in range(runs):
        for fn, t in zip(fns, times):
            start = time.process_time()
            fn()
            t.append((time.process_time() - start) * 1000)
    return [statistics.median(t) for t in times]


def main(argv):
    bundle, icd = Path(argv[1]), Path(argv[2])
    n = int(argv[3]) if len(argv) > 3 else 1_000_000
    runs = int(argv[4]) if len(argv) > 4 else 5
    if not (icd / "icd10_yibao_v2.0.tsv").exists():
        bench_util.skip("the ICD dictionaries: %s" % (icd / "icd10_yibao_v2.0.tsv"))
    try:
        import numpy as np
    except ImportError:
        bench_util.skip("numpy (the yardstick is a numpy implementation)")
    import yigongti
    from yigongti import cases as ygt_cases, dip
    import numpy_dip
    dx = yigongti.Codes.load(str(icd / "icd10_yibao_v2.0.tsv"), kind="diagnosis")
    proc = yigongti.Codes.load(str(icd / "icd9cm3_yibao_v2.0.tsv"), kind="procedure")
    model = yigongti.Model.load(str(bundle))
    catalog = dip.Catalog.load(dx, proc, bundle / "dip-catalogue.tsv")
    engine = dip.Engine(catalog, dip.Params.load(bundle / "dip-params.json"), model)
    tables = numpy_dip.Tables(dx, proc, bundle / "dip-catalogue.tsv", bundle / "dip-params.json", model, catalog)
    loaded = dip.load_cases(dx, proc, bundle / "dip-cases.tsv", model)
    small = columns_of(loaded, np)
    bad = same(dip.settle(engine, loaded), numpy_dip.settle(tables, small), np)
    if bad:
        print("FAIL: the numpy settlement differs from the library's on %s: %s" % (bundle.name, ", ".join(bad)))
        return 1
    big = tiled(small, -(-n // len(loaded)), np)
    cases = attached(dx, proc, big, dip, ygt_cases)
    bad = same(dip.settle(engine, cases), numpy_dip.settle(tables, big), np)
    if bad:
        print("FAIL: the numpy settlement differs from the library's on %d cases: %s" % (len(cases), ", ".join(bad)))
        return 1
    t_lib, t_np = cpu_medians([lambda: dip.settle(engine, cases), lambda: numpy_dip.settle(tables, big)], runs)
    ratio = t_np / t_lib
    print("DIP settlement of %d cases (%s, score + point values + price): binding %.0f ms CPU (%.1f M cases/s); "
          "numpy %.0f ms (medians of %d; the same numbers)" % (len(cases), bundle.name, t_lib,
                                                               len(cases) / t_lib / 1000, t_np, runs))
    print("  ratio %.1fx (goal >= %.0fx): %s" % (ratio, GOAL, "met" if ratio >= GOAL else "NOT met"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
