"""A trace per settled case (``dip settle --trace``): how each amount was reached, in numbers an auditor
recomputes -- ``amount_fen = round_half_away(score_units * point_value_fen / 1000000)`` and
``fund_fen = amount_fen - patient_share_fen`` -- and in the library's words (``ygt_dip_explain``,
``ygt_settle_price_explain``)."""
import ctypes

from ._lib import fn
from .errors import check

_P, _SZ = ctypes.c_void_p, ctypes.c_size_t
_explain = fn("ygt_settle_price_explain", ctypes.c_int, ctypes.c_char_p, _SZ, _P, _P, ctypes.c_int, ctypes.c_int64,
              _SZ)
_share = fn("ygt_settle_patient_share", ctypes.c_int, ctypes.POINTER(ctypes.c_int64), _P, _SZ)
_NA64 = -(2 ** 63)

COLUMNS = ["case_id", "line", "group", "status", "reason", "insurance", "score_units", "point_value_fen",
           "amount_fen", "patient_share_fen", "fund_fen", "score_trace", "price_trace"]


def patient_share(cases, row):
    """The patients' share the pricing takes from a case's amount (fen), or None when none is given."""
    out = ctypes.c_int64()
    check(_share(ctypes.byref(out), cases, row))
    return None if out.value == _NA64 else out.value


def price_explain(values, cases, status, score_units, row):
    """The price of one scored case in words (``ygt_settle_price_explain``)."""
    n = check(_explain(None, 0, values, cases, int(status), int(score_units), row))
    buf = ctypes.create_string_buffer(n + 1)
    check(_explain(buf, n + 1, values, cases, int(status), int(score_units), row))
    return buf.value.decode("utf-8")


def _insurance(cases, row):
    ins = cases.get(row, "insurance")
    return {0: "employee", 1: "resident"}.get(ins, "")


def trace_rows(result, cases, engine):
    """One dict per case of a :func:`yigongti.dip.settle` result, with the columns of :data:`COLUMNS`."""
    from .dip import reason_name, status_name
    v, lines = result.values, cases.rows()[1]
    for r in range(len(cases)):
        status, units, ins = int(result["status"][r]), int(result["score_units"][r]), _insurance(cases, r)
        share = patient_share(cases, r)
        g = int(result["group"][r])
        yield {"case_id": cases.get(r, "case_id"), "line": lines[r],
               "group": engine.catalog.code(g) if g >= 0 else "", "status": status_name(status),
               "reason": reason_name(int(result["reason"][r])), "insurance": ins, "score_units": units,
               "point_value_fen": repr(v.point_value_fen(ins)) if ins else "",
               "amount_fen": int(result["amount"][r]), "patient_share_fen": "" if share is None else share,
               "fund_fen": int(result["fund"][r]), "score_trace": engine.explain(cases, r),
               "price_trace": price_explain(v, cases, status, units, r)}


def write_trace(path, result, cases, engine):
    """The trace of every case as a TSV (one row per case, in the cases' order)."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("# DIP settlement trace: amount_fen = round_half_away(score_units * point_value_fen / %d); "
                  "fund_fen = amount_fen - patient_share_fen (cases with status ok)\n" % 1000000)
        out.write("\t".join(COLUMNS) + "\n")
        for row in trace_rows(result, cases, engine):
            out.write("\t".join(str(row[k]).replace("\t", " ") for k in COLUMNS) + "\n")
