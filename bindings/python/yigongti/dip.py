"""DIP (按病种分值付费) and the settlement machinery (``dip.h``, ``settle.h``).

>>> cat = Catalog.load(dx, proc, "dip-catalogue.tsv")
>>> params = Params.load("dip-params.json")
>>> engine = Engine(cat, params, model)
>>> cases = load_cases(dx, proc, "dip-cases.tsv", model)     # or batch_from_dataframe(...)
>>> result = settle(engine, cases)                            # dict of numpy arrays + point values

Per-case results come back as numpy arrays (``result.to_dataframe()`` for
pandas); every number is computed by the C library.
"""
import ctypes
import os
import sys
from pathlib import Path

from . import columns
from ._lib import Handle, fn, names
from .cases import (NA, NA64, NO_CODE, Cases, _attach_int64, _blank, _get_int64, _id, _lists,
                    _set_int64, _split)
from . import labels
from .errors import check
from . import tables

_P = ctypes.c_void_p
_I8P = ctypes.POINTER(ctypes.c_int8)
_I32P = ctypes.POINTER(ctypes.c_int32)
_I64P = ctypes.POINTER(ctypes.c_int64)
_DP = ctypes.POINTER(ctypes.c_double)
_SZ = ctypes.c_size_t

# case columns appended for settlement (cases.h)
INSTITUTION_CODE, INSTITUTION, INSURANCE, ADMIT_DATE, DISCHARGE_DATE, ICU_HOURS, DAY_SURGERY = range(11, 18)
TOTAL_COST, SELF_PAID, FIRST_SELF_PAID, DEDUCTIBLE, COINSURANCE, FUND_PAID, VENT_HOURS = range(18, 25)
ROW_UNKNOWN_INSTITUTION = 16
CORE, COMPREHENSIVE, PREGROUP, SUBDIVISION = 1, 2, 3, 4
_KIND_NAMES = {CORE: "core", COMPREHENSIVE: "comprehensive", PREGROUP: "pregroup", SUBDIVISION: "subdivision"}
OK, INVALID, EXCLUDED, SPECIAL_REVIEW = range(4)
PARAMS = ["dev_low", "dev_high", "dev_extreme", "dev_high_offset", "special_review_quota", "prepay_ratio",
          "grassroots_coefficient", "day_surgery_coefficient", "max_los_days", "aux_max"]
# Every accepted spelling of an insurance type, from the C table (labels.h); kept for callers of 0.2.
INSURANCE_TYPES = {**labels.spellings(labels.INSURANCE), 0: 0, 1: 1}

_resolve = fn("ygt_cases_resolve_institutions", ctypes.c_int64, _P, _P)

_proc_type_name = fn("ygt_dip_proc_type_name", ctypes.c_char_p, ctypes.c_int)
_cat_load = fn("ygt_dip_catalog_load", ctypes.c_int, ctypes.POINTER(_P), _P, _P, ctypes.c_char_p)
_cat_load_scored = fn("ygt_dip_catalog_load_scored", ctypes.c_int, ctypes.POINTER(_P), _P, _P, ctypes.c_char_p,
                      ctypes.c_char_p)
_cat_free = fn("ygt_dip_catalog_free", None, _P)
_g_parent = fn("ygt_dip_group_parent", ctypes.c_int32, _P, ctypes.c_int32)
_cat_count = fn("ygt_dip_catalog_group_count", _SZ, _P)
_cat_find = fn("ygt_dip_catalog_group_find", ctypes.c_int32, _P, ctypes.c_char_p)
_g_code = fn("ygt_dip_group_code", ctypes.c_char_p, _P, ctypes.c_int32)
_g_name = fn("ygt_dip_group_name", ctypes.c_char_p, _P, ctypes.c_int32)
_g_kind = fn("ygt_dip_group_kind", ctypes.c_int, _P, ctypes.c_int32)
_g_grass = fn("ygt_dip_group_grassroots", ctypes.c_int, _P, ctypes.c_int32)
_g_rw = fn("ygt_dip_group_rw", ctypes.c_int, _DP, _P, ctypes.c_int32)
_g_std = fn("ygt_dip_group_std_cost", ctypes.c_int, _I64P, _P, ctypes.c_int32, ctypes.c_int)
_match = fn("ygt_dip_match", ctypes.c_int32, ctypes.c_char_p, _SZ, _P, _P, _SZ)
_eng_new = fn("ygt_dip_engine_new", ctypes.c_int, ctypes.POINTER(_P), _P, _P, _P)
_eng_free = fn("ygt_dip_engine_free", None, _P)
_score = fn("ygt_dip_score", ctypes.c_int, _P, _I32P, _I8P, _I8P, _I64P, _P, _P, _SZ, _SZ)
_explain = fn("ygt_dip_explain", ctypes.c_int, ctypes.c_char_p, _SZ, _P, _P, _SZ)

_I8, _I32, _I64 = ctypes.c_int8, ctypes.c_int32, ctypes.c_int64
_SCORED = (("group", _I32), ("status", _I8), ("reason", _I8), ("score_units", _I64))

_unit = fn("ygt_settle_score_unit", ctypes.c_int64)
_status_name = fn("ygt_settle_status_name", ctypes.c_char_p, ctypes.c_int)
_reason_name = fn("ygt_settle_reason_name", ctypes.c_char_p, ctypes.c_int)
_field_name = fn("ygt_settle_field_name", ctypes.c_char_p, ctypes.c_int)
FIELDS = names(_field_name)  # settle.h's fields, from the C table
_p_load = fn("ygt_settle_params_load", ctypes.c_int, ctypes.POINTER(_P), ctypes.c_char_p)
_p_parse = fn("ygt_settle_params_parse", ctypes.c_int, ctypes.POINTER(_P), ctypes.c_char_p, ctypes.c_char_p)
_p_free = fn("ygt_settle_params_free", None, _P)
_p_id = fn("ygt_settle_params_id", ctypes.c_char_p, _P)
_p_prov = fn("ygt_settle_params_provenance", ctypes.c_char_p, _P, ctypes.c_char_p)
_p_get = fn("ygt_settle_params_get", ctypes.c_int, _DP, _P, ctypes.c_int)
_p_level = fn("ygt_settle_params_level_coef", ctypes.c_int, _DP, _P, ctypes.c_int)
_p_has_ins = fn("ygt_settle_params_has_insurance", ctypes.c_int, _P, ctypes.c_int)
_a_new = fn("ygt_settle_accum_new", ctypes.c_int, ctypes.POINTER(_P), _SZ)
_a_free = fn("ygt_settle_accum_free", None, _P)
_a_inst = fn("ygt_settle_accum_institutions", _SZ, _P)
_a_add = fn("ygt_settle_accum_add", ctypes.c_int, _P, ctypes.c_int32, ctypes.c_int, ctypes.c_int, ctypes.c_int,
            ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_int64, ctypes.c_int64, ctypes.c_int64)
_a_merge = fn("ygt_settle_accum_merge", ctypes.c_int, _P, _P)
_a_total = fn("ygt_settle_accum_total", ctypes.c_int, _I64P, _P, ctypes.c_int, ctypes.c_int32, ctypes.c_int,
              ctypes.c_int)
_finalise = fn("ygt_settle_finalise", ctypes.c_int, ctypes.POINTER(_P), _P, _P)
_v_free = fn("ygt_settle_values_free", None, _P)
_v_get = fn("ygt_settle_values_get", ctypes.c_int, _DP, _P, ctypes.c_int, ctypes.c_int)
_v_params = fn("ygt_settle_values_params_id", ctypes.c_char_p, _P)
_v_special = fn("ygt_settle_values_special_review", ctypes.c_int, _I64P, _I64P, _P)
_price = fn("ygt_settle_price", ctypes.c_int, _P, _I64P, _I64P, _P, _P, _I8P, _I64P, _SZ, _SZ)
_prepay = fn("ygt_settle_prepayment", ctypes.c_int, _I64P, _P, _P, ctypes.c_int32, ctypes.c_int, ctypes.c_int)
_floors = fn("ygt_settle_prepayment_floors", ctypes.c_int, _I64P, _I64P, _P, _P, ctypes.c_int32, ctypes.c_int,
             ctypes.c_int)
_p_scale = fn("ygt_settle_params_scale", ctypes.c_int, ctypes.POINTER(_P), _P, ctypes.c_double)
_clearing = fn("ygt_settle_clearing", ctypes.c_int, _I64P, _P, _P, ctypes.c_int32, ctypes.c_int)

SCORE_UNIT = _unit()


def _s(raw):
    return raw.decode("utf-8") if raw is not None else None


def _np():
    import numpy
    return numpy


def _ptr(arr, ptype):
    return arr.ctypes.data_as(ptype)


def status_name(status):
    return _s(_status_name(status))


def reason_name(reason):
    return _s(_reason_name(reason))


def field_name(field):
    return _s(_field_name(field))


def proc_type_name(t):
    return _s(_proc_type_name(t))


def _insurance(ins):
    if ins is None or labels._is_int(ins) and ins == -1:
        return -1
    return labels.parse(labels.INSURANCE, ins)


# ---- settlement columns of a batch -----------------------------------------

def set_int64(cases, row, column, value):
    """Set a money field (fen) of a batch; None makes it missing."""
    check(_set_int64(cases, row, column, NA64 if value is None else int(value)))


def get_int64(cases, row, column):
    out = ctypes.c_int64()
    check(_get_int64(cases, row, column, ctypes.byref(out)))
    return out.value


def attach_int64(cases, column, values):
    """Attach a numpy int64 column (fen) without copying when it is int64 already."""
    np = _np()
    arr = np.ascontiguousarray(values, dtype=np.int64)
    check(_attach_int64(cases, column, _ptr(arr, _I64P), arr.size))
    cases._arrays.append(arr)


def resolve_institutions(cases, model):
    """Fill the institution index column from the codes; returns the unknown count."""
    return check(_resolve(cases, model))


def load_cases(dx, proc, path, model, columns=None, map=None):  # noqa: A002 (the CLI's name)
    """A batch read from a case file (TSV/CSV with the settlement columns, 4101 JSON, xlsx), its
    institution codes resolved in ``model``; ``columns``: a column map file; ``map``: a built-in map
    name or a map file (:meth:`yigongti.cases.Cases.use_map`)."""
    cases = Cases(dx, proc).load(path, columns=columns, map=map)
    resolve_institutions(cases, model)
    return cases


def _yuan_to_fen(col):
    """Exact fen from a column of yuan: strings/Decimals exactly, floats rounded to the fen."""
    np = _np()
    out = np.empty(len(col), dtype=np.int64)
    for i, v in enumerate(col):
        if _blank(v):
            out[i] = NA64
        elif isinstance(v, str):
            from decimal import Decimal
            out[i] = int((Decimal(v.strip()) * 100).to_integral_value())
        else:
            out[i] = int(round(float(v) * 100))
    return out


def _dates(col):
    np = _np()
    out = np.empty(len(col), dtype=np.int32)
    for i, v in enumerate(col):
        out[i] = NA if _blank(v) else int(str(v)[:10].replace("-", ""))
    return out


def batch_from_dataframe(dx, proc, df, model, money="yuan"):
    """A batch from a pandas DataFrame in dip-cases.tsv's layout.

    Integer columns of dtype int32 and, with ``money="fen"``, int64 money
    columns are attached without copying; other columns are converted once.
    Codes are strings (lists '|'-separated); institutions are codes.
    """
    cases = Cases(dx, proc)
    try:
        return _fill_from_dataframe(cases, dx, proc, df, model, money)
    except BaseException:
        cases.close()  # a spelling or value the C parsers refuse: free the batch before raising
        raise


def _fill_from_dataframe(cases, dx, proc, df, model, money):
    np = _np()
    n = len(df)

    def int32(name, conv=None):
        if name not in df:
            return None
        col = df[name]
        if conv is not None:
            return conv(col)
        if col.dtype == np.int32:
            return col.to_numpy()
        num = np.array([np.nan if _blank(v) else float(v) for v in col], dtype=np.float64)
        return np.where(np.isnan(num), NA, num).astype(np.int32)

    cols = {}
    for name in ("age_years", "age_days", "birth_weight_g", "los_days", "leaving_type", "icu_hours",
                 "day_surgery"):
        cols[name] = int32(name)
    cols["admit_date"] = int32("admit_date", _dates)
    cols["discharge_date"] = int32("discharge_date", _dates)
    for name, which in (("sex", labels.SEX), ("insurance", labels.INSURANCE)):
        # through the C table of spellings (职工, 居民医保, 0, 男, ...); unknown ones raise
        cols[name] = int32(name, lambda c, which=which, name=name: c.to_numpy() if c.dtype == np.int32 else
                           np.array(labels.column(which, c, name, NA, _blank), dtype=np.int32))
    cols["institution_index"] = int32("institution", lambda c: np.array(
        [NA if _blank(v) or model.find_institution(str(v)) is None else model.find_institution(str(v))
         for v in c], dtype=np.int32))
    if "pdx" in df:
        cols["pdx"] = np.array([NO_CODE if _blank(c) else _id(dx, c) for c in df["pdx"]], dtype=np.int32)
    for name, arr in cols.items():
        if arr is not None:
            cases.attach(name, arr)
    for column, name in ((TOTAL_COST, "total_cost"), (SELF_PAID, "self_paid"), (FIRST_SELF_PAID, "first_self_paid"),
                         (DEDUCTIBLE, "deductible"), (COINSURANCE, "coinsurance"), (FUND_PAID, "fund_paid")):
        if name in df:
            col = df[name]
            attach_int64(cases, column, col.to_numpy() if money == "fen" else _yuan_to_fen(col))
    cases.attach_list("sdx", *_lists(dx, [_split(v) for v in df["sdx"]] if "sdx" in df else [[]] * n))
    first = df["pproc"] if "pproc" in df else [None] * n
    other = df["other_procs"] if "other_procs" in df else [None] * n
    cases.attach_list("procs", *_lists(proc, [_split(a) + _split(b) for a, b in zip(first, other)]))
    return cases


# ---- catalogue, parameters, engine -----------------------------------------

class Catalog(Handle):
    """A DIP catalogue (doc/formats/dip-catalogue.md)."""

    _free = _cat_free

    @classmethod
    def load(cls, dx, proc, path, scores=None):
        """Load a catalogue; ``scores``: a score table keyed by group code (DIP 3.0, whose
        catalogue has no scores)."""
        out = _P()
        if scores is None:
            check(_cat_load(ctypes.byref(out), dx, proc, str(path).encode()))
        else:
            check(_cat_load_scored(ctypes.byref(out), dx, proc, str(path).encode(), str(scores).encode()))
        return cls(out.value, keep=(dx, proc))

    def __len__(self):
        return _cat_count(self)

    def find(self, code):
        g = _cat_find(self, code.encode())
        return None if g < 0 else g

    def code(self, group):
        return _s(_g_code(self, group)) if group is not None and group >= 0 else None

    def group(self, g):
        """A dict describing group ``g``."""
        rw = ctypes.c_double()
        check(_g_rw(ctypes.byref(rw), self, g))
        std = {}
        for level, name in ((1, "1"), (4, "2A"), (7, "3A")):
            v = ctypes.c_int64()
            check(_g_std(ctypes.byref(v), self, g, level))
            std[name] = v.value
        return {"code": _s(_g_code(self, g)), "name": _s(_g_name(self, g)),
                "kind": _KIND_NAMES[check(_g_kind(self, g))],
                "grassroots": bool(check(_g_grass(self, g))), "rw": rw.value, "std_cost": std,
                "parent": self.code(_g_parent(self, g))}

    def match(self, cases, row):
        """(group id or None, trace text) for one row."""
        buf = ctypes.create_string_buffer(1024)
        g = _match(buf, len(buf), self, cases, row)
        if g < 0 and g != -6:
            check(g)
        return (None if g < 0 else g), buf.value.decode("utf-8")


class Params(Handle):
    """A payment parameter set with provenance (doc/formats/settle-params.md)."""

    _free = _p_free

    @classmethod
    def load(cls, path):
        out = _P()
        check(_p_load(ctypes.byref(out), str(path).encode()))
        return cls(out.value)

    @classmethod
    def parse(cls, text, source=None):
        out = _P()
        check(_p_parse(ctypes.byref(out), text.encode("utf-8"), source.encode() if source else None))
        return cls(out.value)

    @property
    def id(self):
        return _s(_p_id(self))

    def provenance(self, key):
        return _s(_p_prov(self, key.encode()))

    def get(self, name):
        out = ctypes.c_double()
        check(_p_get(ctypes.byref(out), self, PARAMS.index(name) if isinstance(name, str) else name))
        return out.value

    def level_coefficient(self, level):
        out = ctypes.c_double()
        check(_p_level(ctypes.byref(out), self, level))
        return out.value

    def has_insurance(self, ins):
        return bool(_p_has_ins(self, _insurance(ins)))

    def model_path(self):
        return self.provenance("model") or None

    def scaled(self, scale):
        """A copy for a population ``scale`` times the one the file was set for
        (a county generated at ``population_scale``): each insurance type's fund
        and history costs × scale to the fen, expected scores × scale."""
        out = _P()
        check(_p_scale(ctypes.byref(out), self, float(scale)))
        return Params(out.value)


class Engine(Handle):
    """Catalogue + parameters + model (hospital levels) joined for scoring."""

    _free = _eng_free

    def __init__(self, catalog, params, model):
        out = _P()
        check(_eng_new(ctypes.byref(out), catalog, params, model))
        super().__init__(out.value, keep=(catalog, params, model))
        self.catalog, self.params, self.model = catalog, params, model

    def score(self, cases, acc=None, begin=0, end=None, numpy=None):
        """Score rows begin..end-1: dict of columns (group, status, reason, score_units), numpy arrays or,
        with ``numpy=False`` or without numpy, array.array (:mod:`yigongti.columns`)."""
        n = len(cases)
        end = n if end is None else end
        np = columns.numpy_module(numpy)
        out = {"group": columns.new(_I32, n, np, -1), "status": columns.new(_I8, n, np),
               "reason": columns.new(_I8, n, np), "score_units": columns.new(_I64, n, np)}
        check(_score(acc, *[columns.pointer(out[k], t) for k, t in _SCORED], self, cases, begin, end))
        return out

    def explain(self, cases, row):
        buf = ctypes.create_string_buffer(2048)
        check(_explain(buf, len(buf), self, cases, row))
        return buf.value.decode("utf-8")


# ---- accumulators, values, pricing -----------------------------------------

class Accumulator(Handle):
    """Totals per institution, insurance type and month that merge exactly."""

    _free = _a_free

    def __init__(self, institutions):
        out = _P()
        check(_a_new(ctypes.byref(out), institutions))
        super().__init__(out.value)

    @property
    def institutions(self):
        return _a_inst(self)

    def add(self, institution, insurance, month, status, reason=0, score_units=0, base_units=0, total_cost=0,
            patient_share=0, fund_paid=0):
        check(_a_add(self, institution, _insurance(insurance), month, status, reason, score_units, base_units,
                     total_cost, patient_share, fund_paid))

    def merge(self, other):
        check(_a_merge(self, other))
        return self

    def total(self, field, institution=-1, insurance=-1, month=-1):
        out = ctypes.c_int64()
        f = FIELDS.index(field) if isinstance(field, str) else field
        check(_a_total(ctypes.byref(out), self, f, institution, _insurance(insurance), month))
        return out.value


class Values(Handle):
    """Point values finalised from merged totals."""

    _free = _v_free

    @classmethod
    def finalise(cls, acc, params):
        out = _P()
        check(_finalise(ctypes.byref(out), acc, params))
        return cls(out.value)

    def _get(self, what, ins):
        out = ctypes.c_double()
        check(_v_get(ctypes.byref(out), self, what, _insurance(ins)))
        return out.value

    def point_value(self, ins):
        """Settlement point value, yuan per point."""
        return self._get(0, ins)

    def budget_point_value(self, ins):
        return self._get(1, ins)

    def total_points(self, ins):
        return self._get(2, ins)

    def fund_base(self, ins):
        return self._get(3, ins)

    def point_value_fen(self, ins):
        """Settlement point value in fen per point: the exact float the pricing multiplies by."""
        return self._get(4, ins)

    @property
    def params_id(self):
        return _s(_v_params(self))

    def special_review(self):
        """(count, allowed, over quota)."""
        count, allowed = ctypes.c_int64(), ctypes.c_int64()
        over = _v_special(ctypes.byref(count), ctypes.byref(allowed), self)
        return count.value, allowed.value, bool(over)


def price(values, cases, scored, ledger=None, begin=0, end=None, numpy=None):
    """Amounts and fund payments (int64 fen; numpy arrays, or array.array with ``numpy=False`` or without
    numpy) of scored rows."""
    n = len(cases)
    end = n if end is None else end
    np = columns.numpy_module(numpy)
    amount, fund = columns.new(_I64, n, np), columns.new(_I64, n, np)
    status = columns.as_column(scored["status"], _I8, np)
    units = columns.as_column(scored["score_units"], _I64, np)
    check(_price(ledger, columns.pointer(amount, _I64), columns.pointer(fund, _I64), values, cases,
                 columns.pointer(status, _I8), columns.pointer(units, _I64), begin, end))
    return amount, fund


def prepayment(ledger, values, institution=-1, insurance=-1, month=-1):
    out = ctypes.c_int64()
    check(_prepay(ctypes.byref(out), ledger, values, institution, _insurance(insurance), month))
    return out.value


def prepayment_floors(ledger, values, institution=-1, insurance=-1, month=-1):
    """(cells, fen): monthly prepayments that were negative and paid as 0, and
    what the zero floor added (the negative amounts, as a positive number)."""
    cells, raised = ctypes.c_int64(), ctypes.c_int64()
    check(_floors(ctypes.byref(cells), ctypes.byref(raised), ledger, values, institution, _insurance(insurance),
                  month))
    return cells.value, raised.value


def clearing(ledger, values, institution=-1, insurance=-1):
    out = ctypes.c_int64()
    check(_clearing(ctypes.byref(out), ledger, values, institution, _insurance(insurance)))
    return out.value


class Settlement(dict):
    """Per-case arrays (group, status, reason, score_units, amount, fund) plus
    ``values``, ``scores`` (accumulator) and ``ledger``."""

    def to_dataframe(self, cases=None):
        import pandas as pd
        cols = {k: self[k] for k in ("group", "status", "reason", "score_units", "amount", "fund")}
        df = pd.DataFrame(cols)
        if cases is not None:
            df.insert(0, "case_id", [cases.get(r, "case_id") for r in range(len(cases))])
        return df


def settle(engine, cases, partitions=1, numpy=None):
    """Score, finalise and price a batch in ``partitions`` row ranges (the
    totals do not depend on it); the columns are numpy arrays or, with
    ``numpy=False`` or without numpy, array.array."""
    n = len(cases)
    ninst = engine.model.institution_count()
    cuts = [n * p // partitions for p in range(partitions + 1)]
    scores = Accumulator(ninst)
    out = Settlement(group=None)
    parts = []
    for p in range(partitions):
        acc = Accumulator(ninst)
        parts.append(engine.score(cases, acc, cuts[p], cuts[p + 1], numpy))
        scores.merge(acc)
    for key in ("group", "status", "reason", "score_units"):
        out[key] = parts[0][key]
        for p in range(1, partitions):
            out[key][cuts[p]:cuts[p + 1]] = parts[p][key][cuts[p]:cuts[p + 1]]
    values = Values.finalise(scores, engine.params)
    ledger = Accumulator(ninst)
    out["amount"], out["fund"] = price(values, cases, out, ledger, numpy=numpy)
    out.values, out.scores, out.ledger = values, scores, ledger
    return out


# ---- command line -----------------------------------------------------------

def _icd_dir(arg):
    if arg:
        return Path(arg)
    env = os.environ.get("YGT_SHARED_DATA")
    if env:
        return Path(env) / "icd"
    return Path(__file__).resolve().parents[4] / "shared" / "data" / "icd"


def _cmd_settle(args):
    from .codes import Codes
    from .model import Model
    icd = _icd_dir(args.icd)
    dx = Codes.load(str(icd / "icd10_yibao_v2.0.tsv"), kind="diagnosis")
    proc = Codes.load(str(icd / "icd9cm3_yibao_v2.0.tsv"), kind="procedure")
    params = Params.load(args.params)
    model_path = args.model or params.model_path()
    if not model_path:
        print("yigongti: no model: give --model or \"model\" in the parameter file", file=sys.stderr)
        return 2
    model = Model.load(model_path)
    catalog = Catalog.load(dx, proc, args.catalog)
    keep = tables.keep_names(args.cases, args.keep, ("line", "institution", "group", "group_name", "status", "reason",
                                                     "score", "amount_yuan", "fund_yuan"))
    if keep and not tables.is_table(args.cases):
        print("yigongti: --keep copies columns of a TSV/CSV file; %s is not one" % args.cases, file=sys.stderr)
        return 2
    cases = Cases(dx, proc).load(args.cases, allow=keep or None, columns=args.columns, map=args.map)
    resolve_institutions(cases, model)
    kept = tables.kept_columns(args.cases, keep, len(cases))
    engine = Engine(catalog, params, model)
    r = settle(engine, cases, numpy=False)  # the table is text: no need to import numpy
    _write_cases(args.out, r, cases, catalog, params, keep, kept)
    if args.trace:
        from .price_trace import write_trace
        write_trace(args.trace, r, cases, engine)
    _print_totals(r, model)
    from .cli_errors import report_row_problems
    return report_row_problems(cases, args.out)


def _yuan(fen):
    sign = "-" if fen < 0 else ""
    return "%s%d.%02d" % (sign, abs(fen) // 100, abs(fen) % 100)


def _write_cases(path, r, cases, catalog, params, keep, kept):
    """The per-case table, column by column (one C call per case column, one look-up per distinct group,
    status and reason): its id, the kept columns, its line, institution, group and its name, status and the
    reason for a special status, score and money."""
    groups = r["group"]
    table = [cases.strings("case_id")] + [[k[i] for k in kept] for i in range(len(keep))] + [
        list(map(str, cases.rows()[1])), cases.strings("institution"),
        columns.lookup(groups, lambda g: catalog.code(g) or ""),
        columns.lookup(groups, lambda g: catalog.group(g)["name"] if g >= 0 else ""),
        columns.lookup(r["status"], status_name), columns.lookup(r["reason"], reason_name),
        ["%.6f" % (u / SCORE_UNIT) for u in r["score_units"].tolist()],
        list(map(_yuan, r["amount"].tolist())), list(map(_yuan, r["fund"].tolist()))]
    with open(path, "w", encoding="utf-8") as out:
        out.write("# DIP settlement with parameter set %s (%s)\n" % (params.id, params.provenance("document")))
        out.write("\t".join(["case_id"] + keep + ["line", "institution", "group", "group_name", "status", "reason",
                                                  "score", "amount_yuan", "fund_yuan"]) + "\n")
        columns.write_rows(out, table)


def _print_totals(r, model):
    v, led, sc = r.values, r.ledger, r.scores
    print("parameter set %s" % v.params_id)
    for ins in ("employee", "resident"):
        print("%-8s point value %.4f yuan (budget %.4f), %.6f points" % (
            ins, v.point_value(ins), v.budget_point_value(ins), v.total_points(ins)))
    count, allowed, over = v.special_review()
    print("special review: %d cases, quota %d%s" % (count, allowed, " (over quota)" if over else ""))
    print("institution\tcases\tok\tspecial_review\tinvalid\tpoints\tamount\tfund\tprepayment\tclearing")
    for i in range(model.institution_count()):
        n = sc.total("cases", i)
        if not n:
            continue
        print("\t".join([model.institution(i).code, str(n), str(sc.total("ok", i)),
                         str(sc.total("special_review", i)), str(sc.total("invalid", i)),
                         "%.6f" % (sc.total("score_units", i) / SCORE_UNIT), _yuan(led.total("amount", i)),
                         _yuan(led.total("fund", i)), _yuan(prepayment(led, v, i)), _yuan(clearing(led, v, i))]))
    print("\t".join(["total", str(sc.total("cases")), str(sc.total("ok")), str(sc.total("special_review")),
                     str(sc.total("invalid")), "%.6f" % (sc.total("score_units") / SCORE_UNIT),
                     _yuan(led.total("amount")), _yuan(led.total("fund")), _yuan(prepayment(led, v)),
                     _yuan(clearing(led, v))]))


def register(subparsers):
    """Add ``dip settle`` to the command line."""
    dip = subparsers.add_parser("dip", help="DIP settlement (按病种分值付费)")
    sub = dip.add_subparsers(dest="dip_command", metavar="ACTION")
    s = sub.add_parser("settle", help="score, finalise point values and price the cases of a file")
    s.add_argument("--catalog", required=True, help="DIP catalogue (doc/formats/dip-catalogue.md)")
    s.add_argument("--cases", required=True, help="cases: TSV/CSV with the settlement columns (or with --map), "
                                                  "a 4101 settlement-list JSON (.json) or an xlsx sheet (.xlsx)")
    s.add_argument("--map", metavar="NAME|FILE", help="column map: built-in 4101, hqms or zh, or a map file "
                                                      "(doc/formats/exports.md)")
    s.add_argument("--columns", metavar="MAP", help="column map for a file with its own headers "
                                                    "(e.g. examples/data/maps/homepage-zh.tsv)")
    s.add_argument("--keep", metavar="COLS", help="comma-separated columns of a TSV/CSV case file copied to the "
                                                  "output after case_id (to join back); '*': every column")
    s.add_argument("--params", required=True, help="parameter set JSON (doc/formats/settle-params.md)")
    s.add_argument("--out", required=True, help="per-case results TSV")
    s.add_argument("--trace", metavar="FILE", help="per-case trace TSV: match and score, point value, rounding, "
                                                   "patient share and fund (doc/formats/exports.md)")
    s.add_argument("--model", help="community model (default: \"model\" of the parameter file)")
    s.add_argument("--icd", help="directory of the ICD dictionaries (default: ../shared/data/icd)")
    s.set_defaults(func=_cmd_settle)


def _register_cli():
    from . import cli  # imported late: cli needs the package's version()
    cli.subcommand(register)


_register_cli()
