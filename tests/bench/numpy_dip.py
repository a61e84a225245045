"""A vectorised numpy DIP settlement: the yardstick of the ``python-dip`` benchmark (bench_python_dip.py).

It settles the same case columns as ``yigongti.dip.settle`` (score every case, point values from the totals,
price every case) the way an analyst with numpy would: every rule of doc/formats/dip-catalogue.md and
doc/formats/settle-params.md as whole-array operations, a loop only over catalogue groups and bands.  The
catalogue and the parameter file are read here, the code-set specifications (``K80.1*``, ``00-86``) are
expanded through the library's dictionaries (``yigongti.CodeSet``), and the benchmark checks that every
column and point value equals the library's before it compares the times.

What it does not hold (it raises NotImplementedError): pre-groups, principal-procedure lists (``pproc``) and
severity rows, which the example catalogues do not use.

>>> tables = Tables(dx, proc, "dip-catalogue.tsv", "dip-params.json", model, catalog)   # once, not timed
>>> out = settle(tables, columns)                    # dict of numpy arrays + point values
"""
import json
from decimal import ROUND_HALF_UP, Context, Decimal

import numpy as np

import yigongti

UNIT = 1_000_000  # score units per point
NA32, NA64 = -2147483648, -9223372036854775808
TYPES = {"conservative": 0, "diagnostic": 1, "therapeutic": 2, "surgical": 3}
OK, INVALID, EXCLUDED, SPECIAL = range(4)
(R_NONE, R_ROW, R_NO_PDX, R_NO_INST, R_NO_INS, R_NO_COST, R_UNMATCHED, R_EXTREME, R_LOW, R_HIGH, R_LONG,
 R_DAY) = range(12)
NONE = 1 << 30  # "no such position"


def _rows(path):
    with open(path, encoding="utf-8") as f:
        lines = [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:]]


def _fen(text):
    return int(Decimal(text) * 100)


def _members(codes, spec):
    """Boolean lookup array over the dictionary's ids: which codes the specification holds."""
    out = np.zeros(len(codes) + 1, dtype=bool)  # the last slot answers for id -1 (no code)
    ids = yigongti.CodeSet(codes, spec).ids()
    out[np.asarray(ids, dtype=np.int64)] = True
    return out


class Tables:
    """The catalogue and the parameters as lookup arrays (built once)."""

    def __init__(self, dx, proc, catalogue, params_path, model, catalog):
        rows = _rows(catalogue)
        unsupported = {r["kind"] for r in rows} & {"pregroup", "severity"}
        if unsupported or any(r.get("pproc") for r in rows):
            raise NotImplementedError("catalogue rows the yardstick does not hold: %s" % sorted(unsupported))
        self._groups(dx, proc, rows, catalog)
        self._aux(dx, proc, rows)
        self._params(params_path, model, catalog)

    def _groups(self, dx, proc, rows, catalog):
        ng = len(catalog)
        self.rw, self.grass, self.support = np.zeros(ng), np.zeros(ng, bool), np.ones(ng)
        self.std = np.zeros((ng, 4), dtype=np.int64)  # by level class 1..3
        self.comp = np.full((len(dx) + 1, 4), -1, dtype=np.int32)
        self.cores = []
        for r in rows:
            if r["kind"] not in ("core", "comprehensive"):
                continue
            g = catalog.find(r["group"])
            self.rw[g], self.grass[g] = float(r["rw"]), r.get("grassroots") == "1"
            base = _fen(r["std_cost"])
            for k in (1, 2, 3):
                self.std[g, k] = _fen(r["std_cost_%d" % k]) if r.get("std_cost_%d" % k) else base
            members = np.flatnonzero(_members(dx, r["dx"])[:-1])
            if r["kind"] == "comprehensive":
                self.comp[members, TYPES[r["proc_type"]]] = g
            else:
                elements = [_members(proc, e.strip()) for e in r["procs"].split("+")] if r["procs"] else []
                self.cores.append((g, _members(dx, r["dx"]), elements))
        # longer combinations first, then file order: the order in which a longer one wins
        self.cores.sort(key=lambda c: (-len(c[2]), c[0]))
        types = [r for r in rows if r["kind"] == "proc_type"]
        self.ptype = np.full(len(proc) + 1, -1 if types else TYPES["surgical"], dtype=np.int8)
        for r in types:
            self.ptype[_members(proc, r["procs"])] = TYPES[r["proc_type"]]
        self.ptype[-1] = -1

    def _aux(self, dx, proc, rows):
        self.bands = [(r["factor"], int(r["low"]), int(r["high"]) if r["high"] else None, float(r["coef"]))
                      for r in rows if r["kind"] == "aux"]
        self.cci = [(_members(dx, r["dx"]), int(r["weight"])) for r in rows if r["kind"] == "cci"]

    def _params(self, path, model, catalog):
        with open(path, encoding="utf-8") as f:
            p = json.load(f)
        dev = p.get("deviation", {})
        self.low, self.high = dev.get("low", 0.5), dev.get("high", 2.0)
        self.extreme, self.offset = dev.get("extreme", 5.0), dev.get("high_offset", 1.0)
        self.max_los = p.get("max_los_days", 0)
        self.day_coef = p.get("day_surgery_coefficient", 1.0)
        self.grass_coef = p.get("grassroots_level_coefficient", 1.0)
        self.use_max = p.get("aux_combine", "multiply") == "max"
        levels = {"unrated": 0, "1": 1, "2": 2, "2B": 3, "2A": 4, "3": 5, "3B": 6, "3A": 7}
        coef = [1.0] * 8
        for name, value in p.get("level_coefficients", {}).items():
            coef[levels[name]] = value
        n = model.institution_count()
        lv = [levels[model.institution(i).level] for i in range(n)]
        self.inst_class = np.array([3 if v >= 5 else 2 if v >= 2 else 1 for v in lv] + [1], dtype=np.int64)
        self.inst_level = np.array([coef[v] for v in lv] + [1.0])
        self.inst_assess = np.ones(n + 1)
        for code, c in p.get("assessment_coefficients", {}).items():
            self.inst_assess[model.find_institution(code)] = c
        for code, c in p.get("support_coefficients", {}).items():
            self.support[catalog.find(code)] = c
        self.ninst = n
        self.insurance = {}
        for name, ip in p["insurance"].items():
            h = ip.get("history", {})
            self.insurance[{"employee": 0, "resident": 1}[name]] = (
                _fen(ip["fund"]), ip["reimbursement_ratio"], [_fen(c) for c in h.get("costs", [])],
                h.get("weights", []), h.get("growth", 0.0), h.get("budget_scores", 0.0))


class Lists:
    """A code-list column (ids, offsets) with what every per-case reduction over it needs, computed once."""

    def __init__(self, ids, offsets):
        self.ids, self.n = ids, len(offsets) - 1
        counts = np.diff(offsets)
        self.local = np.arange(ids.size) - np.repeat(offsets[:-1], counts)  # position in the case's list
        self.nonempty = counts > 0
        self.starts = offsets[:-1][self.nonempty]

    def first(self, member):
        """Per case, the position of the first id with member true (NONE if there is none)."""
        out = np.full(self.n, NONE, dtype=np.int64)
        if self.ids.size:
            out[self.nonempty] = np.minimum.reduceat(np.where(member, self.local, NONE), self.starts)
        return out

    def any(self, member):
        out = np.zeros(self.n, dtype=bool)
        if self.ids.size:
            out[self.nonempty] = np.logical_or.reduceat(member, self.starts)
        return out

    def max(self, values, empty):
        out = np.full(self.n, empty, dtype=values.dtype)
        if self.ids.size:
            out[self.nonempty] = np.maximum.reduceat(values, self.starts)
        return out


def match(t, c):
    """Group per case (-1: unmatched) and the case's procedure type."""
    n, procs, pdx = len(c["pdx"]), c["procs_list"], c["pdx"]
    case_type = np.maximum(procs.max(t.ptype[procs.ids], 0), 0).astype(np.int8)
    best = np.full(n, -1, dtype=np.int32)
    best_len = np.zeros(n, dtype=np.int64)
    best_pos = np.full((n, max([len(e) for _, _, e in t.cores] + [1])), NONE, dtype=np.int64)
    for g, dx_set, elements in t.cores:
        fits = dx_set[pdx]
        if not elements:
            fits &= case_type == TYPES["conservative"]
            pos = np.zeros((n, 0), dtype=np.int64)
        else:
            pos = np.sort(np.stack([procs.first(e[procs.ids]) for e in elements], axis=1), axis=1)
            fits &= (pos < NONE).all(axis=1)
        k = len(elements)
        earlier = np.zeros(n, bool)
        same = np.ones(n, bool)
        for j in range(k):  # the same length: the procedures that come first in the case's list win
            earlier |= same & (pos[:, j] < best_pos[:, j])
            same &= pos[:, j] == best_pos[:, j]
        take = fits & ((best < 0) | ((best_len == k) & earlier))
        best[take], best_len[take] = g, k
        best_pos[take, :k] = pos[take]
    group = np.where(best >= 0, best, t.comp[pdx, case_type]).astype(np.int32)
    return np.where(pdx >= 0, group, -1), case_type


def _aux_values(t, c, factor):
    if factor == "age":
        age, days = c["age_years"], c["age_days"]
        return np.where(age != NA32, age, np.where(days != NA32, days // 365, -1))
    if factor in ("icu_hours", "los_days"):
        v = c[factor]
        return np.where(v != NA32, v, -1)
    sdx = c["sdx_list"]
    total = np.zeros(sdx.n, dtype=np.int64)
    if factor == "severity":  # no severity rows (Tables refuses them): the highest of none is 0
        return total
    for members, weight in t.cci:
        total += np.where(sdx.any(members[sdx.ids]), weight, 0)
    return total


def _aux(t, c):
    n = len(c["pdx"])
    coef, any_band = np.ones(n), np.zeros(n, bool)
    values = {}
    for factor, low, high, band in t.bands:
        if factor not in values:
            values[factor] = _aux_values(t, c, factor)
        v = values[factor]
        inside = (v >= low) & ((v <= high) if high is not None else True)
        if t.use_max:
            coef = np.where(inside, np.where(any_band, np.maximum(coef, band), band), coef)
        else:
            coef = np.where(inside, coef * band, coef)
        any_band |= inside
    return coef


def round_half_away(x):
    return np.trunc(x) + (x - np.trunc(x) >= 0.5) - (x - np.trunc(x) <= -0.5)


_EXACT = Context(prec=120, rounding=ROUND_HALF_UP)  # enough digits for any product of six doubles' decimals


def _exact(factors, unit):
    """Half away from zero of the exact decimal product of the factors (their shortest decimal forms)."""
    q = Decimal(unit)
    for f in factors:
        q = _EXACT.multiply(q, Decimal(repr(float(f))))
    return int(q.quantize(Decimal(1), context=_EXACT))  # ROUND_HALF_UP: ties away from zero


def _units(x, factors, unit):
    """x rounded half away from zero; the exact decimal product of the factors × unit where the double lies
    within noise of a half (a handful of cases: a loop over those only)."""
    out = round_half_away(x).astype(np.int64)
    frac = np.abs(x - np.trunc(x))
    near = np.flatnonzero(np.abs(frac - 0.5) <= np.abs(x) * 1e-14 + 1e-12)
    for i in near:
        out[i] = _exact([f[i] for f in factors], unit)
    return out


def score(t, c):
    n = len(c["pdx"])
    inst, ins, cost, los = c["institution_index"], c["insurance"], c["total_cost"], c["los_days"]
    status, reason = np.zeros(n, np.int8), np.zeros(n, np.int8)
    known_ins = np.isin(ins, list(t.insurance))
    checks = [(c["row_flags"] != 0, R_ROW), (c["pdx"] < 0, R_NO_PDX), ((inst < 0) | (inst >= t.ninst), R_NO_INST),
              (~known_ins, R_NO_INS), (cost == NA64, R_NO_COST)]
    for bad, why in reversed(checks):  # the first failing check names the reason
        reason[bad] = why
    status[reason > 0] = INVALID
    long_stay = (status == OK) & (t.max_los > 0) & (los != NA32) & (los > t.max_los)
    status[long_stay], reason[long_stay] = EXCLUDED, R_LONG
    group, _ = match(t, c)
    group[status != OK] = -1  # an unusable or excluded record is not matched
    unmatched = (status == OK) & (group < 0)
    status[unmatched], reason[unmatched] = SPECIAL, R_UNMATCHED
    live = status == OK
    g, i = np.where(live, group, 0), np.where(live, inst, t.ninst)
    std = t.std[g, t.inst_class[i]].astype(np.float64)
    costf = cost.astype(np.float64)
    ratio = costf / np.where(live, std, 1)
    day = live & (c["day_surgery"] == 1)
    extreme = live & ~day & (costf > t.extreme * std)
    high = live & ~day & ~extreme & (costf > t.high * std)
    low = live & ~day & ~extreme & ~high & (costf < t.low * std)
    dev = np.select([day, high, low], [t.day_coef, ratio - t.offset, ratio], 1.0)
    reason[day], reason[high], reason[low] = R_DAY, R_HIGH, R_LOW
    status[extreme], reason[extreme] = SPECIAL, R_EXTREME
    live &= ~extreme
    aux = _aux(t, c)
    level = np.where(t.grass[g], t.grass_coef, t.inst_level[i])
    factors = [t.rw[g], aux, level, dev, t.inst_assess[i], t.support[g]]
    x = t.rw[g] * aux * level * dev * t.inst_assess[i] * t.support[g] * UNIT
    units = np.where(live, _units(np.where(live, x, 0.0), factors, UNIT), 0)
    base = np.where(live, _units(t.rw[g] * UNIT, [t.rw[g], np.full(n, float(UNIT))], 1), 0)
    return {"group": group, "status": status, "reason": reason, "score_units": units, "base_units": base}


def _patient_share(c):
    parts = [c[k] for k in ("self_paid", "first_self_paid", "deductible", "coinsurance")]
    given = np.zeros(len(c["pdx"]), bool)
    total = np.zeros(len(c["pdx"]), np.int64)
    for p in parts:
        has = p != NA64
        given |= has
        total += np.where(has, p, 0)
    derived = np.where((c["total_cost"] != NA64) & (c["fund_paid"] != NA64), c["total_cost"] - c["fund_paid"], -1)
    return np.maximum(np.where(given, total, derived), 0)


def point_values(t, c, s):
    """(settlement, budget) point values in fen per point, per insurance type."""
    ok = s["status"] == OK
    pv, bpv = {}, {}
    for ins, (fund, ratio, costs, weights, growth, budget_scores) in t.insurance.items():
        mine = ok & (c["insurance"] == ins)
        points = float(s["score_units"][mine].sum()) / UNIT
        base = fund / ratio
        pv[ins] = base / points if points > 0 else 0.0
        if not costs:
            bpv[ins] = pv[ins]
            continue
        wc = sum(w * float(k) for w, k in zip(weights, costs))
        one_plus = float(Decimal(1) + Decimal(repr(float(growth))))
        cost = wc / sum(weights) * one_plus
        scores = budget_scores or float(s["base_units"][mine].sum()) / UNIT
        bpv[ins] = cost / scores if scores > 0 else 0.0
    return pv, bpv


def settle(t, c):
    """Every per-case column of ``yigongti.dip.settle`` and the point values."""
    c = dict(c)
    for k in ("pdx", "procs", "sdx"):  # an unknown code (a negative id) is no code
        c[k] = np.where(c[k] >= 0, c[k], -1)
    c["procs_list"], c["sdx_list"] = Lists(c["procs"], c["procs_off"]), Lists(c["sdx"], c["sdx_off"])
    s = score(t, c)
    pv, bpv = point_values(t, c, s)
    value = np.zeros(2)
    for ins, v in pv.items():
        value[ins] = v
    paid = (s["status"] == OK) & np.isin(c["insurance"], [0, 1])
    amount = np.where(paid, round_half_away(s["score_units"] * value[np.clip(c["insurance"], 0, 1)] / UNIT), 0)
    amount = amount.astype(np.int64)
    s["amount"], s["fund"] = amount, np.where(paid, amount - _patient_share(c), 0)
    s["point_values"], s["budget_point_values"] = pv, bpv
    return s
