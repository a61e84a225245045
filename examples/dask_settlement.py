#!/usr/bin/env python3
"""DIP settlement of a synthetic county year under Dask, partition by partition,
merged with the library: the same figures as one process, to the fen.

    python3 examples/dask_settlement.py [--bundle examples/data/zhuhai] [--scale 0.1]
        [--partitions 8] [--scheduler threads|sync] [--seed 1]

A DIP year settles in three steps (include/yigongti/settle.h), and only the
middle one needs the whole year:

1. score: every partition of the stays is matched to DIP groups and scored
   (integer 10^-6 points per case) into its own accumulator — in parallel;
2. merge + finalise: the accumulators are merged (``ygt_settle_accum_merge``,
   exact integer sums) and the point values computed from the totals;
3. price: every partition prices its cases at those point values into its
   own ledger — in parallel; the ledgers merge like the accumulators.

Dask runs steps 1 and 3 as ``dask.delayed`` tasks (default threaded
scheduler: the C calls release the GIL, so partitions really run at once;
``--scheduler sync`` runs them one after the other).  The script then
settles the same stays in one call (``yigongti.dip.settle``) and prints
every total of both runs and ``equal: True`` when they agree.

The stays are a synthetic county year of the bundle (county.h) with the
bundle's DIP catalogue and parameters (Zhuhai by default).  The parameter
file's fund is the illustrative figure of a 3,000-case sample, so this
script sets each insurance type's fund to what fee for service paid for the
year's insured stays, so that the point values fit a county of this size,
and resizes the history costs (which give the budget point value of the
monthly prepayments) by the same factor, as a scheme's ``fund_from_cases``
does: otherwise the budget point value stays that of the sample, a tenth of
the settlement's, and the prepayments go negative.  Everything else is the
bundle's.  A month whose prepayment would still be negative is paid 0
(``ygt_settle_prepayment_floors`` counts those); the script prints how many.
Needs python3-dask (Debian) and numpy.
"""
import argparse
import json
import sys
from functools import reduce
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "bindings" / "python"))

from yigongti import Model, ReferralRules  # noqa: E402
from yigongti import dip  # noqa: E402
from yigongti.county import Casemix, County  # noqa: E402

INSURANCES = ("employee", "resident")
CASE_ARRAYS = ("group", "status", "reason", "score_units")


# ---- the year and the DIP engine ---------------------------------------------------


def _fen(yuan):
    """Fen of a yuan string "1234.56" or an integer of yuan, exactly."""
    units, _, cents = str(yuan).partition(".")
    return int(units) * 100 + int((cents + "00")[:2])


def _yuan(fen):
    return "%d.%02d" % divmod(fen, 100)


def county_sized_params(params_path, county):
    """The bundle's DIP parameters with each insurance type's fund set to the
    fee-for-service fund payment of the year's insured stays, and its history
    costs resized by the same factor (rounded to the fen) so that the budget
    point value prices the same money as the settlement."""
    doc = json.loads(Path(params_path).read_text(encoding="utf-8"))
    stay = county.column("case_row") >= 0
    insurance, fund = county.column("insurance")[stay], county.column("fund")[stay]
    for k, name in enumerate(INSURANCES):
        ins = doc["insurance"][name]
        fen, old = int(fund[insurance == k].sum()), _fen(ins["fund"])
        ins["fund"] = _yuan(fen)
        if "history" in ins and old > 0:
            ins["history"]["costs"] = [_yuan(_fen(c) * fen // old) for c in ins["history"]["costs"]]
    return dip.Params.parse(json.dumps(doc), str(params_path))


def load(bundle, scale, seed):
    """(model, county, engine) of one synthetic year of a bundle with a DIP catalogue."""
    bundle = Path(bundle)
    model = Model.load(str(bundle))
    casemix = Casemix.load(ROOT / "data" / "casemix.tsv")
    dx, proc = casemix.codes("diagnosis"), casemix.codes("procedure")
    rules = ReferralRules.load(model, dx, str(bundle))
    county = County.generate(model, rules, casemix, seed=seed, population_scale=scale)
    catalog = dip.Catalog.load(dx, proc, bundle / "dip-catalogue.tsv")
    engine = dip.Engine(catalog, county_sized_params(bundle / "dip-params.json", county), model)
    return model, county, engine


# ---- the partition steps (each one runs as a Dask task) ------------------------------


def score_partition(engine, cases, begin, end):
    """Step 1: score rows begin..end-1 into a fresh accumulator."""
    acc = dip.Accumulator(engine.model.institution_count())
    scored = engine.score(cases, acc, begin, end)
    return acc, {k: scored[k][begin:end].copy() for k in CASE_ARRAYS}


def merge(accumulators):
    """Step 2a: merge accumulators with the library (exact integer sums)."""
    total = dip.Accumulator(accumulators[0].institutions)
    return reduce(lambda a, b: a.merge(b), accumulators, total)


def price_partition(values, cases, ninst, begin, end, scored):
    """Step 3: price rows begin..end-1 at the year's point values into a fresh ledger."""
    n = len(cases)
    full = {k: np.zeros(n, dtype=scored[k].dtype) for k in ("status", "score_units")}
    for k in full:
        full[k][begin:end] = scored[k]  # the C call reads the rows begin..end-1 of row-indexed arrays
    ledger = dip.Accumulator(ninst)
    amount, fund = dip.price(values, cases, full, ledger, begin, end)
    return ledger, amount[begin:end], fund[begin:end]


def settle_with_dask(engine, cases, partitions, scheduler):
    """The year settled in ``partitions`` row ranges as Dask tasks: a ``dip.Settlement`` like ``dip.settle``'s."""
    import dask
    n = len(cases)
    cuts = [n * p // partitions for p in range(partitions + 1)]
    ranges = [(cuts[p], cuts[p + 1]) for p in range(partitions)]
    scored = [dask.delayed(score_partition)(engine, cases, b, e) for b, e in ranges]
    scores = dask.delayed(merge)([s[0] for s in scored])
    values = dask.delayed(dip.Values.finalise)(scores, engine.params)
    ninst = engine.model.institution_count()
    priced = [dask.delayed(price_partition)(values, cases, ninst, b, e, s[1]) for (b, e), s in zip(ranges, scored)]
    ledger = dask.delayed(merge)([p[0] for p in priced])
    scores, values, ledger, scored, priced = dask.compute(scores, values, ledger, scored, priced,
                                                          scheduler=scheduler)
    out = dip.Settlement({k: np.concatenate([s[1][k] for s in scored]) for k in CASE_ARRAYS})
    out["amount"] = np.concatenate([p[1] for p in priced])
    out["fund"] = np.concatenate([p[2] for p in priced])
    out.values, out.scores, out.ledger = values, scores, ledger
    return out


# ---- comparing the two runs ------------------------------------------------------------


def totals(result, ninst):
    """Every total of a settlement: accumulator and ledger fields, point values,
    prepayment, clearing, per-institution fund and the case sums."""
    scores, ledger, values = result.scores, result.ledger, result.values
    out = {}
    for f in dip.FIELDS:
        out["scores." + f] = scores.total(f)
        out["ledger." + f] = ledger.total(f)
    for ins in INSURANCES:
        out["point_value." + ins] = values.point_value(ins)
        out["budget_point_value." + ins] = values.budget_point_value(ins)
    out["prepayment"] = dip.prepayment(ledger, values)
    out["clearing"] = dip.clearing(ledger, values)
    out["prepayment floors (cells, fen)"] = dip.prepayment_floors(ledger, values)
    out["fund by institution"] = tuple(ledger.total("fund", i) for i in range(ninst))
    out["cases: sum amount"] = int(result["amount"].sum())
    out["cases: sum fund"] = int(result["fund"].sum())
    return out


def same_cases(a, b):
    """Whether every per-case array is identical."""
    return all(np.array_equal(a[k], b[k]) for k in CASE_ARRAYS + ("amount", "fund"))


def run(bundle, scale=0.1, partitions=8, scheduler="threads", seed=1, out=sys.stdout):
    """Settle with Dask and in one process, print both, return (dask totals, single totals, equal)."""
    model, county, engine = load(bundle, scale, seed)
    cases = county.cases
    ninst = model.institution_count()
    with_dask = settle_with_dask(engine, cases, partitions, scheduler)
    single = dip.settle(engine, cases)
    a, b = totals(with_dask, ninst), totals(single, ninst)
    equal = a == b and same_cases(with_dask, single)
    print("%s: %d residents, %d stays, %d partitions (%s scheduler)"
          % (Path(bundle).name, county.resident_count, len(cases), partitions, scheduler), file=out)
    print("(amounts in fen, scores in 10^-6 points; totals that are 0 in both runs not shown)", file=out)
    print("%-30s %20s %20s" % ("total", "dask", "single process"), file=out)
    for key in a:
        if key != "fund by institution" and (a[key] or b[key]):
            print("%-30s %20s %20s" % (key, a[key], b[key]), file=out)
    print("%-30s %20s %20s" % ("fund by institution", "(%d equal)" % sum(
        x == y for x, y in zip(a["fund by institution"], b["fund by institution"])), "(%d)" % ninst), file=out)
    print("equal: %s" % equal, file=out)
    return a, b, equal


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bundle", default=str(ROOT / "data" / "zhuhai"), help="bundle with a DIP catalogue")
    p.add_argument("--scale", type=float, default=0.1, help="residents per person of the model")
    p.add_argument("--partitions", type=int, default=8)
    p.add_argument("--scheduler", choices=("threads", "sync"), default="threads")
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args(argv)
    _, _, equal = run(args.bundle, args.scale, args.partitions, args.scheduler, args.seed)
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())
