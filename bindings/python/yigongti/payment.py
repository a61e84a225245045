"""Payment methods beside DIP: the DRG rate method (``drgpay.h``), the point
method (``points.h``), capitation (``capitation.h``), per-diem payment
(``perdiem.h``) and workload equivalents (``workload.h``).

>>> rates = DrgRates.load("drg-rates.tsv"); rates.set_base_rate(12000, level="3A")
>>> r = rates.settle(model, cases, groups)           # dict of numpy arrays
>>> pts = Points.load("drg-points.tsv"); pts.set_fund("employee", 10**10)
>>> r = pts.settle(model, cases, groups)             # points, point values, payments

Every number comes from the C library; money is integer fen.
"""
import ctypes

from ._lib import Handle, fn
from .dip import (_I8P, _I32P, _I64P, _DP, _P, _SZ, Accumulator, Values, _insurance, _np, _ptr, _s,
                  clearing, prepayment, price)
from . import labels
from .errors import check

_U8P = ctypes.POINTER(ctypes.c_uint8)
_PP = ctypes.POINTER(_P)
# Every accepted spelling of a hospital level, from the C table (labels.h); kept for callers of 0.2.
LEVELS = labels.spellings(labels.LEVEL)
DRG_PARAMS = ["min_los", "max_los", "special_quota", "basic_level", "fund_rule"]
DRG_LEVEL_PARAMS = ["adjust", "high_factor", "low_factor"]
POINT_PARAMS = ["low_ratio", "band1_max", "band2_max", "high_factor1", "high_factor2", "high_factor3",
                "high_variant", "area_mean_cost", "value_variant", "readmit_days", "readmit_factor",
                "min_group_cases", "prepay_ratio", "coef_mode", "blend_inst", "blend_level", "missing_below",
                "missing_above", "incomplete_mask", "low_cap", "special_quota", "fund_from_cases"]
CAPITATION_BASIS = {"insured": 0, "signed": 1}

_d_load = fn("ygt_drgpay_load", ctypes.c_int, _PP, ctypes.c_char_p)
_d_new = fn("ygt_drgpay_new", ctypes.c_int, _PP, ctypes.POINTER(ctypes.c_char_p), _DP, _U8P, _SZ)
_d_free = fn("ygt_drgpay_free", None, _P)
_d_count = fn("ygt_drgpay_group_count", _SZ, _P)
_d_find = fn("ygt_drgpay_group_find", ctypes.c_int32, _P, ctypes.c_char_p)
_d_code = fn("ygt_drgpay_group_code", ctypes.c_char_p, _P, ctypes.c_int32)
_d_info = fn("ygt_drgpay_group_info", ctypes.c_int, _DP, ctypes.POINTER(ctypes.c_int),
             ctypes.POINTER(ctypes.c_int), _P, ctypes.c_int32)
_d_weights = fn("ygt_drgpay_weights_from_costs", ctypes.c_int, _DP, _SZ, _I32P, _I64P, _SZ, ctypes.c_double,
                ctypes.c_double)
_d_rate_budget = fn("ygt_drgpay_base_rate_from_budget", ctypes.c_int, _DP, _P, ctypes.c_int64, ctypes.c_double,
                    _I64P)
_d_set_rate = fn("ygt_drgpay_set_base_rate", ctypes.c_int, _P, ctypes.c_int, ctypes.c_int, ctypes.c_double)
_d_rate = fn("ygt_drgpay_base_rate", ctypes.c_int, _DP, _P, ctypes.c_int, ctypes.c_int)
_d_set_ratio = fn("ygt_drgpay_set_fund_ratio", ctypes.c_int, _P, ctypes.c_int, ctypes.c_double)
_d_set = fn("ygt_drgpay_set", ctypes.c_int, _P, ctypes.c_int, ctypes.c_double)
_d_get = fn("ygt_drgpay_get", ctypes.c_int, _DP, _P, ctypes.c_int)
_d_set_level = fn("ygt_drgpay_set_level", ctypes.c_int, _P, ctypes.c_int, ctypes.c_int, ctypes.c_double)
_d_standard = fn("ygt_drgpay_standard", ctypes.c_int, _I64P, _P, ctypes.c_int32, ctypes.c_int, ctypes.c_int,
                 ctypes.c_double)
_d_map = fn("ygt_drgpay_map_pack", ctypes.c_int, _I32P, _P, _P, _I32P, _SZ)
_d_settle = fn("ygt_drgpay_settle", ctypes.c_int, _P, _P, _I8P, _I8P, _I64P, _I64P, _P, _P, _DP, _P, _I32P, _SZ,
               _SZ)
_d_explain = fn("ygt_drgpay_explain", ctypes.c_int, ctypes.c_char_p, _SZ, _P, _P, _DP, _P, ctypes.c_int32, _SZ)
_d_special = fn("ygt_drgpay_special_review", ctypes.c_int, _I64P, _I64P, _P, _P)

_p_load = fn("ygt_points_load", ctypes.c_int, _PP, ctypes.c_char_p)
_p_base = fn("ygt_points_base_from_costs", ctypes.c_int, _DP, _SZ, _I32P, _I64P, _SZ, ctypes.c_double,
             ctypes.c_double)
_p_free = fn("ygt_points_free", None, _P)
_p_count = fn("ygt_points_group_count", _SZ, _P)
_p_find = fn("ygt_points_group_find", ctypes.c_int32, _P, ctypes.c_char_p)
_p_set = fn("ygt_points_set", ctypes.c_int, _P, ctypes.c_int, ctypes.c_double)
_p_get = fn("ygt_points_get", ctypes.c_int, _DP, _P, ctypes.c_int)
_p_set_level = fn("ygt_points_set_level_coef", ctypes.c_int, _P, ctypes.c_int, ctypes.c_double)
_p_level = fn("ygt_points_level_coef", ctypes.c_int, _DP, _P, ctypes.c_int)
_p_set_inst = fn("ygt_points_set_institution_coefs", ctypes.c_int, _P, _DP, _SZ)
_p_set_fund = fn("ygt_points_set_fund", ctypes.c_int, _P, ctypes.c_int, ctypes.c_int64, ctypes.c_double)
_p_readmit = fn("ygt_points_readmissions", ctypes.c_int, _U8P, _P, _P, _I64P, _I32P)
_p_counts = fn("ygt_points_group_counts", ctypes.c_int, _I64P, _P, _I32P, _SZ)
_p_score = fn("ygt_points_score", ctypes.c_int, _P, _I8P, _I8P, _I64P, _P, _P, _P, _I32P, _U8P, _I64P, _SZ, _SZ)
_p_finalise = fn("ygt_points_finalise", ctypes.c_int, _PP, _P, _P)

_c_persons = fn("ygt_capitation_persons", ctypes.c_int, _I64P, _P, ctypes.c_int32, ctypes.c_int, ctypes.c_int)
_c_pool = fn("ygt_capitation_pool", ctypes.c_int, _I64P, ctypes.c_int64, ctypes.c_int64, ctypes.c_double,
             ctypes.c_double, ctypes.c_double)
_c_charges = fn("ygt_capitation_charges", ctypes.c_int, _I64P, _SZ, _P, _I32P, _SZ, _SZ)
_c_balance = fn("ygt_capitation_balance", ctypes.c_int, _I64P, ctypes.c_int64, ctypes.c_int64)

_pd_load = fn("ygt_perdiem_load", ctypes.c_int, _PP, ctypes.c_char_p)
_pd_free = fn("ygt_perdiem_free", None, _P)
_pd_find = fn("ygt_perdiem_class_find", ctypes.c_int32, _P, ctypes.c_char_p)
_pd_ratio = fn("ygt_perdiem_set_fund_ratio", ctypes.c_int, _P, ctypes.c_int, ctypes.c_double)
_pd_amount = fn("ygt_perdiem_amount", ctypes.c_int, _I64P, _P, ctypes.c_int32, ctypes.c_int, ctypes.c_int32)
_pd_settle = fn("ygt_perdiem_settle", ctypes.c_int, _P, _P, _I8P, _I8P, _I64P, _I64P, _P, _P, _P, _I32P, _SZ, _SZ)
_pd_explain = fn("ygt_perdiem_explain", ctypes.c_int, ctypes.c_char_p, _SZ, _P, _P, _P, ctypes.c_int32, _SZ)

_w_load = fn("ygt_workload_load", ctypes.c_int, _PP, ctypes.c_char_p)
_w_free = fn("ygt_workload_free", None, _P)
_w_find = fn("ygt_workload_item_find", ctypes.c_int32, _P, ctypes.c_char_p)
_w_tally = fn("ygt_workload_tally", ctypes.c_int, _I64P, _SZ, _P, _I32P, _I32P, _I64P, _SZ)
_w_comp = fn("ygt_workload_compensate", ctypes.c_int, _I64P, _DP, _I64P, _DP, _SZ, ctypes.c_int64)


def level(value):
    """A hospital level as its number: 0-7, or a spelling such as "3A" or "三甲" (labels.h)."""
    if value is None or labels._is_int(value) and value == -1:
        return -1
    return labels.parse(labels.LEVEL, value)


def _key(names, key):
    return names.index(key) if isinstance(key, str) else key


def _arr(values, dtype):
    np = _np()
    return np.ascontiguousarray(values, dtype=dtype)


def _load(cls, loader, path):
    out = _P()
    check(loader(ctypes.byref(out), str(path).encode()))
    return cls(out.value)


def _find(finder, handle, code):
    i = finder(handle, code.encode())
    return None if i < 0 else i


def _explain(func, *args):
    """The text of an explain function (sized by a first call, as snprintf)."""
    n = check(func(None, 0, *args))
    buf = ctypes.create_string_buffer(n + 1)
    check(func(buf, n + 1, *args))
    return buf.value.decode("utf-8")


def _run_settle(func, n, acc, ledger, *args, begin=0, end=None):
    """Calls a settle function with fresh output arrays."""
    np = _np()
    end = n if end is None else end
    out = {"status": np.zeros(n, np.int8), "reason": np.zeros(n, np.int8), "amount": np.zeros(n, np.int64),
           "fund": np.zeros(n, np.int64)}
    check(func(acc, ledger, _ptr(out["status"], _I8P), _ptr(out["reason"], _I8P), _ptr(out["amount"], _I64P),
               _ptr(out["fund"], _I64P), *args, begin, end))
    return out


def weights_from_costs(ngroups, groups, costs, trim_low=0.0, trim_high=0.0):
    """Relative weights (numpy float64) from group indexes and costs in fen, with trimming."""
    np = _np()
    g, c = _arr(groups, np.int32), _arr(costs, np.int64)
    rw = np.zeros(ngroups, np.float64)
    check(_d_weights(_ptr(rw, _DP), ngroups, _ptr(g, _I32P), _ptr(c, _I64P), g.size, trim_low, trim_high))
    return rw


class DrgRates(Handle):
    """A DRG rate table with base rates and thresholds (doc/formats/drg-rates.md)."""

    _free = _d_free

    @classmethod
    def load(cls, path):
        return _load(cls, _d_load, path)

    @classmethod
    def from_weights(cls, codes, rw, basic=None):
        np = _np()
        n = len(codes)
        arr = (ctypes.c_char_p * n)(*[c.encode() for c in codes])
        w = _arr(rw, np.float64)
        b = _arr(basic, np.uint8) if basic is not None else None
        out = _P()
        check(_d_new(ctypes.byref(out), arr, _ptr(w, _DP), _ptr(b, _U8P) if b is not None else None, n))
        return cls(out.value)

    def __len__(self):
        return _d_count(self)

    def find(self, code):
        return _find(_d_find, self, code)

    def code(self, group):
        return _s(_d_code(self, group))

    def group(self, g):
        rw, basic, per_diem = ctypes.c_double(), ctypes.c_int(), ctypes.c_int()
        check(_d_info(ctypes.byref(rw), ctypes.byref(basic), ctypes.byref(per_diem), self, g))
        return {"code": self.code(g), "rw": rw.value, "basic": bool(basic.value), "per_diem": bool(per_diem.value)}

    def base_rate_from_budget(self, budget_fen, ratio, counts):
        np = _np()
        out, c = ctypes.c_double(), _arr(counts, np.int64)
        check(_d_rate_budget(ctypes.byref(out), self, int(budget_fen), ratio, _ptr(c, _I64P)))
        return out.value

    def set_base_rate(self, yuan, insurance=-1, level=-1):
        check(_d_set_rate(self, _insurance(insurance), globals()["level"](level), yuan))

    def base_rate(self, insurance, level):
        out = ctypes.c_double()
        check(_d_rate(ctypes.byref(out), self, _insurance(insurance), globals()["level"](level)))
        return out.value

    def set_fund_ratio(self, ratio, insurance=-1):
        check(_d_set_ratio(self, _insurance(insurance), ratio))

    def set(self, key, value):
        check(_d_set(self, _key(DRG_PARAMS, key), value))

    def get(self, key):
        out = ctypes.c_double()
        check(_d_get(ctypes.byref(out), self, _key(DRG_PARAMS, key)))
        return out.value

    def set_level(self, key, value, level=-1):
        check(_d_set_level(self, globals()["level"](level), _key(DRG_LEVEL_PARAMS, key), value))

    def standard(self, group, insurance, level, coef=1.0):
        """The payment standard in fen."""
        out = ctypes.c_int64()
        check(_d_standard(ctypes.byref(out), self, group, _insurance(insurance), globals()["level"](level), coef))
        return out.value

    def map_pack(self, pack, drg_ids):
        np = _np()
        ids = _arr(drg_ids, np.int32)
        out = np.full(ids.size, -1, np.int32)
        check(_d_map(_ptr(out, _I32P), self, pack, _ptr(ids, _I32P), ids.size))
        return out

    def settle(self, model, cases, groups, acc=None, ledger=None, inst_coef=None, begin=0, end=None):
        """Settle rows: dict of numpy arrays status, reason, amount, fund."""
        np = _np()
        g = _arr(groups, np.int32)
        k = _arr(inst_coef, np.float64) if inst_coef is not None else None
        return _run_settle(_d_settle, len(cases), acc, ledger, self, model, _ptr(k, _DP) if k is not None else None,
                           cases, _ptr(g, _I32P), begin=begin, end=end)

    def explain(self, model, cases, group, row, inst_coef=None):
        """One case's settlement in the numbers its amount is recomputed from (``ygt_drgpay_explain``):
        ``group`` a table index or code, ``row`` the case's row."""
        np = _np()
        g = self.find(group) if isinstance(group, str) else group
        k = _arr(inst_coef, np.float64) if inst_coef is not None else None
        return _explain(_d_explain, self, model, _ptr(k, _DP) if k is not None else None, cases,
                        -1 if g is None else g, row)

    def special_review(self, acc):
        count, allowed = ctypes.c_int64(), ctypes.c_int64()
        over = check(_d_special(ctypes.byref(count), ctypes.byref(allowed), acc, self))
        return count.value, allowed.value, bool(over)


class Points(Handle):
    """A point table with the point method's parameters (doc/formats/drg-points.md)."""

    _free = _p_free

    @classmethod
    def load(cls, path):
        return _load(cls, _p_load, path)

    @staticmethod
    def base_from_costs(ngroups, groups, costs, trim_low=0.0, trim_high=0.0):
        np = _np()
        g, c = _arr(groups, np.int32), _arr(costs, np.int64)
        pts = np.zeros(ngroups, np.float64)
        check(_p_base(_ptr(pts, _DP), ngroups, _ptr(g, _I32P), _ptr(c, _I64P), g.size, trim_low, trim_high))
        return pts

    def __len__(self):
        return _p_count(self)

    def find(self, code):
        return _find(_p_find, self, code)

    def set(self, key, value):
        check(_p_set(self, _key(POINT_PARAMS, key), value))

    def get(self, key):
        out = ctypes.c_double()
        check(_p_get(ctypes.byref(out), self, _key(POINT_PARAMS, key)))
        return out.value

    def set_level_coef(self, lv, coef):
        check(_p_set_level(self, level(lv), coef))

    def level_coef(self, lv):
        out = ctypes.c_double()
        check(_p_level(ctypes.byref(out), self, level(lv)))
        return out.value

    def set_institution_coefs(self, coefs):
        np = _np()
        k = _arr(coefs, np.float64)
        check(_p_set_inst(self, _ptr(k, _DP), k.size))

    def set_fund(self, insurance, fund_fen, budget_value=0.0):
        check(_p_set_fund(self, _insurance(insurance), int(fund_fen), budget_value))

    def readmissions(self, cases, patients, groups):
        np = _np()
        p, g = _arr(patients, np.int64), _arr(groups, np.int32)
        out = np.zeros(len(cases), np.uint8)
        check(_p_readmit(_ptr(out, _U8P), self, cases, _ptr(p, _I64P), _ptr(g, _I32P)))
        return out

    def group_counts(self, groups):
        np = _np()
        g = _arr(groups, np.int32)
        out = np.zeros(len(self), np.int64)
        check(_p_counts(_ptr(out, _I64P), self, _ptr(g, _I32P), g.size))
        return out

    def score(self, model, cases, groups, acc=None, earlier=None, counts=None, begin=0, end=None):
        """Points of rows: dict of numpy arrays status, reason, score_units."""
        np = _np()
        n = len(cases)
        end = n if end is None else end
        g = _arr(groups, np.int32)
        e = _arr(earlier, np.uint8) if earlier is not None else None
        c = _arr(counts, np.int64) if counts is not None else None
        out = {"status": np.zeros(n, np.int8), "reason": np.zeros(n, np.int8), "score_units": np.zeros(n, np.int64)}
        check(_p_score(acc, _ptr(out["status"], _I8P), _ptr(out["reason"], _I8P), _ptr(out["score_units"], _I64P),
                       self, model, cases, _ptr(g, _I32P), _ptr(e, _U8P) if e is not None else None,
                       _ptr(c, _I64P) if c is not None else None, begin, end))
        return out

    def finalise(self, acc):
        """Point values (a dip.Values) of merged totals."""
        out = _P()
        check(_p_finalise(ctypes.byref(out), acc, self))
        return Values(out.value)

    def settle(self, model, cases, groups, patients=None, small_groups=False):
        """The whole year: points, point values, payments, prepayment and clearing."""
        ninst = model.institution_count()
        acc, ledger = Accumulator(ninst), Accumulator(ninst)
        earlier = self.readmissions(cases, patients, groups) if patients is not None else None
        counts = self.group_counts(groups) if small_groups else None
        r = self.score(model, cases, groups, acc, earlier, counts)
        values = self.finalise(acc)
        r["amount"], r["fund"] = price(values, cases, r, ledger)
        r.update(values=values, scores=acc, ledger=ledger)
        r["prepayment"] = prepayment(ledger, values)
        r["clearing"] = clearing(ledger, values)
        return r


def capitation_persons(model, institution, basis="signed", insurance=-1):
    out = ctypes.c_int64()
    check(_c_persons(ctypes.byref(out), model, institution, CAPITATION_BASIS.get(basis, basis),
                     _insurance(insurance)))
    return out.value


def capitation_pool(rate_fen, persons, eligible=1.0, months=12, performance=1.0):
    out = ctypes.c_int64()
    check(_c_pool(ctypes.byref(out), int(rate_fen), int(persons), eligible, months, performance))
    return out.value


def capitation_charges(cases, home, ninst, charged=None, begin=0, end=None):
    """Per-institution charges (numpy int64 fen) for visits made away from home."""
    np = _np()
    h = _arr(home, np.int32)
    out = np.zeros(ninst, np.int64) if charged is None else charged
    check(_c_charges(_ptr(out, _I64P), ninst, cases, _ptr(h, _I32P), begin, len(cases) if end is None else end))
    return out


def capitation_balance(pool, charged):
    out = ctypes.c_int64()
    check(_c_balance(ctypes.byref(out), int(pool), int(charged)))
    return out.value


class PerDiem(Handle):
    """A per-diem band table (doc/formats/perdiem-bands.md)."""

    _free = _pd_free

    @classmethod
    def load(cls, path):
        return _load(cls, _pd_load, path)

    def find(self, name):
        return _find(_pd_find, self, name)

    def set_fund_ratio(self, ratio, insurance=-1):
        check(_pd_ratio(self, _insurance(insurance), ratio))

    def amount(self, cls, lv, days):
        out = ctypes.c_int64()
        check(_pd_amount(ctypes.byref(out), self, cls, level(lv), days))
        return out.value

    def settle(self, model, cases, classes, acc=None, ledger=None, begin=0, end=None):
        np = _np()
        c = _arr(classes, np.int32)
        return _run_settle(_pd_settle, len(cases), acc, ledger, self, model, cases, _ptr(c, _I32P),
                           begin=begin, end=end)

    def explain(self, model, cases, cls, row):
        """One long stay's settlement in the numbers its amount is recomputed from (``ygt_perdiem_explain``):
        ``cls`` a class index or name, ``row`` the stay's row."""
        c = self.find(cls) if isinstance(cls, str) else cls
        return _explain(_pd_explain, self, model, cases, -1 if c is None else c, row)


class Workload(Handle):
    """A service-item table of workload equivalents (doc/formats/workload-items.md)."""

    _free = _w_free

    @classmethod
    def load(cls, path):
        return _load(cls, _w_load, path)

    def find(self, code):
        return _find(_w_find, self, code)

    def tally(self, ninst, institutions, items, quantities, units=None):
        """Per-institution equivalents in 10^-6 units (numpy int64), added to ``units``."""
        np = _np()
        i, it, q = _arr(institutions, np.int32), _arr(items, np.int32), _arr(quantities, np.int64)
        out = np.zeros(ninst, np.int64) if units is None else units
        check(_w_tally(_ptr(out, _I64P), ninst, self, _ptr(i, _I32P), _ptr(it, _I32P), _ptr(q, _I64P), i.size))
        return out

    @staticmethod
    def compensate(units, budget_fen, assessment=None):
        """(amounts in fen per institution, unit value in yuan per equivalent)."""
        np = _np()
        u = _arr(units, np.int64)
        a = _arr(assessment, np.float64) if assessment is not None else None
        out, unit = np.zeros(u.size, np.int64), ctypes.c_double()
        check(_w_comp(_ptr(out, _I64P), ctypes.byref(unit), _ptr(u, _I64P), _ptr(a, _DP) if a is not None else None,
                      u.size, int(budget_fen)))
        return out, unit.value
