"""A trace per case of ``settle`` (``settle --trace FILE``): how each amount under the bundle's scheme was
reached, in numbers an auditor recomputes and in the library's words (``ygt_scheme_result_explain``).

For the point method and DIP, ``amount_fen = round_half_away(score_units * point_value_fen / 1000000)``
plus the fen the line moved to pay its fund base exactly (the text says how many); for the DRG rate method
the text gives the four decimals whose product is the standard and the outlier test; for per diem the
bands' days and rates; for fee for service the cost.  Visits are paid per institution (capitation pools,
workload money: the command's summary), so their rows say so and carry no amount."""
from .dip import reason_name, status_name
from .scheme_cases import LINES

COLUMNS = ["case_id", "line", "method", "institution", "group", "status", "reason", "insurance", "cost_fen",
           "score_units", "point_value_fen", "amount_fen", "fund_fen", "trace"]
_INSURANCE = {0: "employee", 1: "resident"}


def _stay(scheme, result, per_stay, units, k, method, ins):
    priced = method in ("points", "dip") and ins in _INSURANCE and int(per_stay["status"][k]) == 0
    return {"status": status_name(int(per_stay["status"][k])), "reason": reason_name(int(per_stay["reason"][k])),
            "score_units": int(units[k]),
            "point_value_fen": repr(result.figure("point_value_fen", ins)) if priced else "",
            "amount_fen": int(per_stay["amount"][k]), "fund_fen": int(per_stay["fund"][k]),
            "trace": result.explain(k)}


def _visit(method):
    return {"status": "", "reason": "", "score_units": "", "point_value_fen": "", "amount_fen": "", "fund_fen": "",
            "trace": "a visit: the %s line pays per institution (see the summary), not per row" % method}


def trace_rows(scheme, result, by_line, stay_index):
    """One dict per output row of ``settle`` (lines with a method, in the output's order) with
    :data:`COLUMNS`; ``stay_index`` maps ``id(row)`` to the row's stay in ``result``."""
    per_stay, units = result.stays(), result.stay_units()
    for line in LINES:
        method = scheme.method(line)
        for row in by_line[line] if method != "none" else ():
            k, ins = stay_index.get(id(row)), row.get("_ins")
            inst = row.get("_inst")
            out = {"case_id": row.get("case_id", ""), "line": line, "method": method,
                   "institution": "" if inst is None else scheme.model.institution(inst).code,
                   "group": row.get("group") or "", "insurance": _INSURANCE.get(ins, ""),
                   "cost_fen": "" if row.get("_cost") is None else row["_cost"]}
            out.update(_visit(method) if k is None else _stay(scheme, result, per_stay, units, k, method, ins))
            yield out


def write_trace(path, scheme, result, by_line, stay_index):
    """The trace of every output row as a TSV."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("# settlement trace under scheme %s: points and DIP amount_fen = round_half_away(score_units * "
                  "point_value_fen / 1000000) + the fen moved to the fen (see trace); other methods: see trace\n"
                  % scheme.id)
        out.write("\t".join(COLUMNS) + "\n")
        for row in trace_rows(scheme, result, by_line, stay_index):
            out.write("\t".join(str(row[k]).replace("\t", " ") for k in COLUMNS) + "\n")
