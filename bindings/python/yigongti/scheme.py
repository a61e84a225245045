"""Payment schemes: a set of methods by service line (doc/formats/scheme.md),
run over one case file.  ``python3 -m yigongti settle --bundle DIR --cases F
--out F`` settles a bundle's whole scheme: the point method or the DRG rate
method for in-patients, capitation for out-patients, per-diem payment for
long stays and workload equivalents for primary care.

Every amount comes from the C library (``payment.py``); this module only
reads the files and routes each case to its line.
"""
import csv
import json
import sys
from pathlib import Path

from . import cli
from .cases import Cases
from .codes import Codes
from .dip import INSURANCE_TYPES, Accumulator, reason_name, status_name
from .model import Model
from . import payment

FORMAT = "yigongti-scheme/1"
LINES = ("inpatient", "outpatient", "long_stay", "primary_care")
METHODS = {"inpatient": ("points", "drg"), "outpatient": ("capitation",), "long_stay": ("perdiem",),
           "primary_care": ("workload",)}


class SchemeError(ValueError):
    """A scheme file that does not follow doc/formats/scheme.md (names the file and the JSON path)."""

    def __init__(self, source, path, message):
        super().__init__("%s: %s: %s" % (source, path, message))
        self.source, self.path = source, path


def fen(value, source="", path=""):
    """Yuan (a string with at most two decimals, or a number) to integer fen."""
    text = str(value).strip()
    neg = text.startswith("-")
    whole, _, frac = text.lstrip("+-").partition(".")
    if not whole.isdigit() or len(frac) > 2 or (frac and not frac.isdigit()):
        raise SchemeError(source, path, "%r is not an amount in yuan" % (value,))
    v = int(whole) * 100 + int((frac + "00")[:2])
    return -v if neg else v


def _yuan(f):
    return "%s%d.%02d" % ("-" if f < 0 else "", abs(f) // 100, abs(f) % 100)


class Scheme:
    """A loaded scheme: the model and one configured method per service line."""

    def __init__(self, path):
        self.path = Path(path)
        self.dir = self.path.parent
        src = str(self.path)
        with open(self.path, encoding="utf-8") as f:
            doc = json.load(f)
        if doc.get("format") != FORMAT:
            raise SchemeError(src, "format", "must be %r" % FORMAT)
        self.id = doc.get("id") or ""
        self.provenance = doc.get("provenance", {})
        self.model = Model.load(str(self.dir / doc.get("model", "model.json")))
        self.lines = {}
        for line, spec in (doc.get("lines") or {}).items():
            if line not in LINES:
                raise SchemeError(src, "lines." + line, "unknown service line (%s)" % ", ".join(LINES))
            method = spec.get("method")
            if method not in METHODS[line]:
                raise SchemeError(src, "lines.%s.method" % line, "must be one of %s" % ", ".join(METHODS[line]))
            self.lines[line] = (method, getattr(self, "_" + method)(spec, "lines." + line), spec)

    def _table(self, spec, where):
        if "table" not in spec:
            raise SchemeError(str(self.path), where + ".table", "missing (required)")
        return str(self.dir / spec["table"])

    def _points(self, spec, where):
        p = payment.Points.load(self._table(spec, where))
        for key, value in spec.get("parameters", {}).items():
            p.set(key, value)
        for lv, coef in spec.get("level_coefficients", {}).items():
            p.set_level_coef(lv, coef)
        for ins, amount in spec.get("fund", {}).items():
            p.set_fund(ins, fen(amount, str(self.path), "%s.fund.%s" % (where, ins)),
                       spec.get("budget_point_value", {}).get(ins, 0.0))
        return p

    def _drg(self, spec, where):
        r = payment.DrgRates.load(self._table(spec, where))
        for ins, levels in spec.get("base_rates", {}).items():
            for lv, rate in levels.items():
                r.set_base_rate(rate, ins, lv)
        for ins, ratio in spec.get("fund_ratio", {}).items():
            r.set_fund_ratio(ratio, ins)
        for key, value in spec.get("parameters", {}).items():
            r.set(key, value)
        for lv, coefs in spec.get("levels", {}).items():
            for key, value in coefs.items():
                r.set_level(key, value, lv)
        return r

    def _capitation(self, spec, where):
        return {"rate": fen(spec.get("rate", "0"), str(self.path), where + ".rate")}

    def _perdiem(self, spec, where):
        p = payment.PerDiem.load(self._table(spec, where))
        p.set_fund_ratio(spec.get("fund_ratio", 1.0))
        return p

    def _workload(self, spec, where):
        return payment.Workload.load(self._table(spec, where))


def _date(text):
    return int(text.replace("-", "")) if text else None


def read_cases(path, model):
    """Rows of a scheme case file grouped by service line: {line: [dict]}."""
    out = {line: [] for line in LINES}
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.DictReader((l for l in f if not l.startswith("#")), delimiter="\t")
        for n, row in enumerate(rows, start=2):
            line = row.get("line", "inpatient")
            if line not in out:
                raise SchemeError(str(path), "line %d" % n, "unknown service line %r" % line)
            row["_line"] = n
            row["_inst"] = model.find_institution(row.get("institution", ""))
            out[line].append(row)
    return out


def _batch(rows):
    dx, proc = Codes("diagnosis"), Codes("procedure")
    c = Cases(dx, proc)
    c._payment_dicts = (dx, proc)
    for r in rows:
        c.append(case_id=r.get("case_id", ""), institution_index=-1 if r["_inst"] is None else r["_inst"],
                 insurance=INSURANCE_TYPES.get(r.get("insurance")),
                 discharge_date=_date(r.get("discharge_date")), los_days=int(r["los_days"]) if r.get("los_days") else None,
                 leaving_type=int(r["leaving_type"]) if r.get("leaving_type") else None,
                 total_cost=fen(r["total_cost"]) if r.get("total_cost") else None,
                 self_paid=fen(r["self_paid"]) if r.get("self_paid") else None)
    return c


def _run_points(pts, model, rows):
    c = _batch(rows)
    groups = [pts.find(r.get("group", "")) if r.get("group") else -1 for r in rows]
    groups = [-1 if g is None else g for g in groups]
    patients = [int(r["patient"]) if r.get("patient") else -1 for r in rows]
    r = pts.settle(model, c, groups, patients)
    summary = "point value %.4f / %.4f yuan (employee / resident); prepayment %s, clearing %s" % (
        r["values"].point_value("employee"), r["values"].point_value("resident"), _yuan(r["prepayment"]),
        _yuan(r["clearing"]))
    return r, summary


def _run_drg(rates, model, rows):
    c = _batch(rows)
    groups = [rates.find(r.get("group", "")) if r.get("group") else None for r in rows]
    acc, led = Accumulator(model.institution_count()), Accumulator(model.institution_count())
    r = rates.settle(model, c, [-1 if g is None else g for g in groups], acc, led)
    count, allowed, over = rates.special_review(acc)
    return r, "fund %s; special review %d of %d allowed%s" % (_yuan(led.total("fund")), count, allowed,
                                                           " (over quota)" if over else "")


def _run_perdiem(pd, model, rows):
    c = _batch(rows)
    cls = [pd.find(r.get("group", "")) if r.get("group") else None for r in rows]
    led = Accumulator(model.institution_count())
    r = pd.settle(model, c, [-1 if k is None else k for k in cls], ledger=led)
    return r, "fund %s" % _yuan(led.total("fund"))


def _run_capitation(cfg, model, rows, spec):
    np = payment._np()
    c = _batch(rows)
    home = [model.find_institution(r["home"]) if r.get("home") else None for r in rows]
    ninst = model.institution_count()
    charged = payment.capitation_charges(c, [-1 if h is None else h for h in home], ninst)
    lines = []
    for i in range(ninst):
        persons = payment.capitation_persons(model, i, spec.get("basis", "signed"))
        if not persons:
            continue
        pool = payment.capitation_pool(cfg["rate"], persons, spec.get("eligible", 1.0), spec.get("months", 12),
                                       spec.get("performance", {}).get(model.institution(i).code, 1.0))
        lines.append("%s pool %s, charged %s, balance %s" % (model.institution(i).code, _yuan(pool),
                     _yuan(int(charged[i])), _yuan(payment.capitation_balance(pool, int(charged[i])))))
    n = len(rows)
    r = {"status": np.zeros(n, np.int8), "reason": np.zeros(n, np.int8), "amount": np.zeros(n, np.int64),
         "fund": np.zeros(n, np.int64)}
    return r, "; ".join(lines)


def _run_workload(w, model, rows, spec):
    np = payment._np()
    ninst = model.institution_count()
    inst = [r["_inst"] for r in rows]
    items = [w.find(r.get("group", "")) for r in rows]
    ok = [i for i in range(len(rows)) if inst[i] is not None and items[i] is not None]
    units = w.tally(ninst, [inst[i] for i in ok], [items[i] for i in ok],
                    [int(rows[i].get("quantity") or 1) for i in ok])
    assess = [spec.get("assessment", {}).get(model.institution(i).code, 1.0) for i in range(ninst)]
    amounts, unit = payment.Workload.compensate(units, fen(spec.get("budget", "0")), assess)
    n = len(rows)
    r = {"status": np.array([0 if i in set(ok) else 1 for i in range(n)], np.int8), "reason": np.zeros(n, np.int8),
         "amount": np.zeros(n, np.int64), "fund": np.zeros(n, np.int64)}
    paid = ["%s %s" % (model.institution(i).code, _yuan(int(amounts[i]))) for i in range(ninst) if amounts[i]]
    return r, "unit value %.4f yuan per equivalent; %s" % (unit, ", ".join(paid))


def run(scheme, cases_path, out_path, stream=sys.stdout):
    """Settle a case file under a scheme; writes one row per case and prints one summary per line."""
    by_line = read_cases(cases_path, scheme.model)
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("# scheme %s\n" % scheme.id)
        out.write("case_id\tline\tmethod\tstatus\treason\tamount\tfund\n")
        for line in LINES:
            rows = by_line[line]
            if not rows:
                continue
            if line not in scheme.lines:
                print("%s: %d cases but no method in the scheme" % (line, len(rows)), file=stream)
                continue
            method, obj, spec = scheme.lines[line]
            runner = {"points": _run_points, "drg": _run_drg, "perdiem": _run_perdiem}.get(method)
            if runner:
                r, summary = runner(obj, scheme.model, rows)
            else:
                r, summary = {"capitation": _run_capitation, "workload": _run_workload}[method](
                    obj, scheme.model, rows, spec)
            for k, row in enumerate(rows):
                out.write("\t".join([row.get("case_id", ""), line, method, status_name(int(r["status"][k])),
                                     reason_name(int(r["reason"][k])), _yuan(int(r["amount"][k])),
                                     _yuan(int(r["fund"][k]))]) + "\n")
            print("%s (%s, %d cases): %s" % (line, method, len(rows), summary), file=stream)
    return 0


def _cmd_settle(args):
    bundle = Path(args.bundle)
    try:
        scheme = Scheme(bundle / args.scheme)
    except SchemeError as exc:
        print("yigongti: %s" % exc, file=sys.stderr)
        return 2
    return run(scheme, args.cases or str(bundle / "payment-cases.tsv"), args.out)


@cli.subcommand
def register(subparsers):
    """Add ``settle`` (a bundle's whole payment scheme) to the command line."""
    p = subparsers.add_parser("settle", help="settle cases under a bundle's payment scheme (scheme.json)")
    p.add_argument("--bundle", required=True, help="bundle directory with scheme.json and model.json")
    p.add_argument("--scheme", default="scheme.json", help="scheme file inside the bundle")
    p.add_argument("--cases", help="case file (default: the bundle's payment-cases.tsv)")
    p.add_argument("--out", required=True, help="per-case output TSV")
    p.set_defaults(func=_cmd_settle)
