"""Payment schemes (``scheme.h``, doc/formats/scheme.md): one payment method
per service line, loaded and run by the C library.

>>> s = Scheme("examples/data/ninghai/scheme.json")        # model from the file's "model" key
>>> r = s.settle(stays=cases, groups=g, classes=k, patients=p,
...              visits={"institution": i, "home": h, "insurance": ins, "cost": c, "fund": f})
>>> r.get("fund", line="inpatient"), r.figure("point_value", "employee"), r.stays()["fund"]

``python3 -m yigongti settle --bundle DIR --cases F --out F`` settles a case
file under a bundle's scheme.  Every amount comes from the C library; this
module only reads the case file and writes the results.
"""
import ctypes
import json
import sys
from pathlib import Path

from . import cli
from ._paths import leaves, why_not_readable
from ._lib import Handle, fn
from .cases import Cases
from .codes import Codes
from .dip import INSURANCE_TYPES, _I8P, _I32P, _I64P, _P, _SZ, _np, _ptr, _s, reason_name, status_name
from .errors import ValidationError, YgtError, check
from .model import Model
from .scheme_cases import LINES, read_cases
from .score import _names

FORMAT = "yigongti-scheme/1"
INPUT_VERSION = 1

_PP = ctypes.POINTER(_P)
_load = fn("ygt_scheme_load", ctypes.c_int, _PP, _P, _P, _P, ctypes.c_char_p)
_parse = fn("ygt_scheme_parse", ctypes.c_int, _PP, _P, _P, _P, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p)
_free = fn("ygt_scheme_free", None, _P)
_id = fn("ygt_scheme_id", ctypes.c_char_p, _P)
_prov = fn("ygt_scheme_provenance", ctypes.c_char_p, _P, ctypes.c_char_p)
_dip_scored = fn("ygt_scheme_dip_assessment_scored", ctypes.c_int, _P)
_illustrative = fn("ygt_scheme_illustrative", ctypes.c_int, _P)
_method = fn("ygt_scheme_method", ctypes.c_int, _P, ctypes.c_int)
_find = fn("ygt_scheme_group_find", ctypes.c_int32, _P, ctypes.c_int, ctypes.c_char_p)
_count = fn("ygt_scheme_group_count", _SZ, _P, ctypes.c_int)
_line_name = fn("ygt_service_line_name", ctypes.c_char_p, ctypes.c_int)
_method_name = fn("ygt_pay_method_name", ctypes.c_char_p, ctypes.c_int)
_line_from = fn("ygt_service_line_from_name", ctypes.c_int, ctypes.POINTER(ctypes.c_int), ctypes.c_char_p)
_field_name = fn("ygt_scheme_field_name", ctypes.c_char_p, ctypes.c_int)
FIELDS = tuple(_names(_field_name))  # from the C library, so a field added there is here too
METHODS = tuple(_names(_method_name))  # "none", "ffs", "points", ... as C names them
_figure_name = fn("ygt_scheme_figure_name", ctypes.c_char_p, ctypes.c_int)
FIGURES = tuple(_names(_figure_name))  # from the C library too (special_over_quota ... since 0.3)
_settle = fn("ygt_scheme_settle_assessed", ctypes.c_int, _PP, _P, _P, ctypes.POINTER(ctypes.c_double))
_r_free = fn("ygt_scheme_result_free", None, _P)
_r_get = fn("ygt_scheme_result_get", ctypes.c_int, _I64P, _P, ctypes.c_int32, ctypes.c_int, ctypes.c_int)
_r_figure = fn("ygt_scheme_result_figure", ctypes.c_int, ctypes.POINTER(ctypes.c_double), _P, ctypes.c_int,
               ctypes.c_int)
_r_inst = fn("ygt_scheme_result_institutions", _SZ, _P)
_r_nstays = fn("ygt_scheme_result_stay_count", _SZ, _P)
_r_stays = fn("ygt_scheme_result_stays", ctypes.c_int, _I8P, _I32P, _I8P, _I8P, _I64P, _I64P, _P, _SZ)
_r_units = fn("ygt_scheme_result_stay_units", ctypes.c_int, _I64P, _P, _SZ)
_r_explain = fn("ygt_scheme_result_explain", ctypes.c_int, ctypes.c_char_p, _SZ, _P, _P, _P, _SZ)


class _Input(ctypes.Structure):
    """``ygt_scheme_input`` (fields are only appended)."""
    _fields_ = [("version", ctypes.c_int), ("stays", _P), ("stay_group", _I32P), ("stay_class", _I32P),
                ("stay_patient", _I64P), ("nvisits", _SZ), ("visit_institution", _I32P), ("visit_home", _I32P),
                ("visit_insurance", _I32P), ("visit_cost", _I64P), ("visit_fund", _I64P), ("visit_item", _I32P),
                ("visit_quantity", _I64P), ("person_scale", ctypes.c_double)]


class SchemeError(YgtError, ValueError):
    """A scheme or case file that does not follow doc/formats/scheme.md; ``path`` is the JSON path
    (``lines.inpatient.method``) or the place in the case file."""

    def __init__(self, source, path, message, code=-4, text=None):
        if text is None:
            text = "%s: %s: %s" % (source, path, message) if path else "%s: %s" % (source, message)
        super().__init__(code, text, source, 0, 0, path)
        self.path = path


def _index(names, value, what):
    if isinstance(value, int):
        return value
    if value not in names:
        raise KeyError("unknown %s %r (%s)" % (what, value, ", ".join(names)))
    return names.index(value)


def _line(value):
    """A service line's number: None for every line, a number as it is, a name parsed by C."""
    if value is None or isinstance(value, int):
        return -1 if value is None else value
    out = ctypes.c_int()
    if _line_from(ctypes.byref(out), str(value).encode()) != 0:
        raise KeyError("unknown service line %r (%s)" % (value, ", ".join(LINES)))
    return out.value


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


def _model_of(path):
    """The model the scheme file names (its "model" key, default model.json beside it)."""
    why = why_not_readable(path)
    if why:
        raise SchemeError(str(path), "", why, -3)
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as exc:
        raise SchemeError(str(path), "", str(exc)) from exc
    name = str(doc.get("model", "model.json") if isinstance(doc, dict) else "model.json")
    if leaves(name):
        raise SchemeError(str(path), "model", "path '%s' leaves the bundle's directory (absolute or '..'; "
                          "see yigongti.set_outside_paths())" % name, -5)
    return Model.load(str(Path(path).parent / name))


class Scheme(Handle):
    """A loaded scheme: the C object (``ygt_scheme``) with the model and dictionaries it borrows."""

    _free = _free

    def __init__(self, path, model=None, dx=None, proc=None, _ptr_value=None):
        if _ptr_value is None:
            self.path = Path(path)
            model = model if model is not None else _model_of(self.path)
            out = _P()
            _raise_scheme(_load(ctypes.byref(out), model, dx, proc, str(self.path).encode()))
            _ptr_value = out.value
        super().__init__(_ptr_value, keep=(model, dx, proc))
        self.model = model

    @classmethod
    def parse(cls, text, model, dx=None, proc=None, source=None, base_dir=None):
        """A scheme from JSON text; tables relative to ``base_dir``."""
        out = _P()
        _raise_scheme(_parse(ctypes.byref(out), model, dx, proc, text.encode(), source.encode() if source else None,
                             str(base_dir).encode() if base_dir else None))
        s = cls(None, model, dx, proc, _ptr_value=out.value)
        s.path = Path(source) if source else None
        return s

    @property
    def id(self):
        return _s(_id(self))

    @property
    def illustrative(self):
        return bool(_illustrative(self))

    @property
    def dip_assessment_scored(self):
        """Whether the DIP line takes its assessment coefficients (考核系数) from the year's scorecard."""
        return bool(_dip_scored(self))

    def provenance(self, key):
        """"document", "locality", "period_from", "period_to", "note", "source" or "model"."""
        return _s(_prov(self, key.encode()))

    def method(self, line):
        """The method of a line by name ("points", ...; "none" without one)."""
        return METHODS[check(_method(self, _line(line)))]

    @property
    def lines(self):
        """{line: method} of the lines that have a method."""
        return {name: self.method(name) for name in LINES if self.method(name) != "none"}

    def find(self, line, code):
        """Index of a group, class or item in a line's table, or None."""
        i = _find(self, _line(line), code.encode())
        return None if i < 0 else i

    def group_count(self, line):
        return _count(self, _line(line))

    def settle(self, stays=None, groups=None, classes=None, patients=None, visits=None, dip_assessment=None):
        """Settle a year: ``stays`` a Cases batch with per-stay ``groups`` (in-patient table indexes),
        ``classes`` (per-diem class of long stays, -1 otherwise) and ``patients``; ``visits`` a dict of
        columns institution, home, insurance, cost, fund, item, quantity; ``dip_assessment`` the DIP
        assessment coefficient per institution when the scheme takes it from the scorecard
        (:attr:`dip_assessment_scored`).  Returns a :class:`Result`."""
        np = _np()
        keep, inp = [], _Input(version=INPUT_VERSION)

        def col(values, dtype, ptype):
            if values is None:
                return None
            arr = np.ascontiguousarray(values, dtype=dtype)
            keep.append(arr)
            return _ptr(arr, ptype)

        if stays is not None:
            inp.stays = stays._as_parameter_
            inp.stay_group = col(groups, np.int32, _I32P)
            inp.stay_class = col(classes, np.int32, _I32P)
            inp.stay_patient = col(patients, np.int64, _I64P)
        visits = visits or {}
        inp.nvisits = len(visits["institution"]) if "institution" in visits else 0
        for name, dtype, ptype in (("institution", np.int32, _I32P), ("home", np.int32, _I32P),
                                   ("insurance", np.int32, _I32P), ("cost", np.int64, _I64P),
                                   ("fund", np.int64, _I64P), ("item", np.int32, _I32P),
                                   ("quantity", np.int64, _I64P)):
            setattr(inp, "visit_" + name, col(visits.get(name), dtype, ptype))
        assess = col(dip_assessment, np.float64, ctypes.POINTER(ctypes.c_double))
        out = _P()
        check(_settle(ctypes.byref(out), self, ctypes.byref(inp), assess))
        result = Result(out.value, keep=(self, inp, keep, stays))  # the columns the input points into stay alive
        result._input = (self, inp)  # explain() passes them back to C
        return result


def _raise_scheme(rc):
    try:
        check(rc)
    except YgtError as exc:
        raise SchemeError(exc.source, exc.field, exc.message, exc.code, text=exc.message) from exc


class Result(Handle):
    """A settled year (``ygt_scheme_result``): figures per institution and line, scheme figures, stays."""

    _free = _r_free

    def institution_count(self):
        return _r_inst(self)

    def get(self, field, institution=None, line=None):
        """A figure in fen or cases; institution None for all (or the count for unknown institutions)."""
        out = ctypes.c_int64()
        check(_r_get(ctypes.byref(out), self, -1 if institution is None else institution, _line(line),
                     _index(FIELDS, field, "field")))
        return out.value

    def institution(self, institution, line=None):
        """Every field of an institution (None: all) as a dict."""
        return {f: self.get(f, institution, line) for f in FIELDS}

    def figure(self, name, index=0):
        """A scheme figure; index an insurance type ("employee") or a line ("inpatient")."""
        if isinstance(index, str):
            index = INSURANCE_TYPES[index] if index in INSURANCE_TYPES else _line(index)
        out = ctypes.c_double()
        check(_r_figure(ctypes.byref(out), self, _index(FIGURES, name, "figure"), index))
        return out.value

    def stays(self):
        """Per stay (input order): line, group, status, reason, amount, fund as numpy arrays."""
        np = _np()
        n = _r_nstays(self)
        out = {"line": np.zeros(n, np.int8), "group": np.zeros(n, np.int32), "status": np.zeros(n, np.int8),
               "reason": np.zeros(n, np.int8), "amount": np.zeros(n, np.int64), "fund": np.zeros(n, np.int64)}
        check(_r_stays(_ptr(out["line"], _I8P), _ptr(out["group"], _I32P), _ptr(out["status"], _I8P),
                       _ptr(out["reason"], _I8P), _ptr(out["amount"], _I64P), _ptr(out["fund"], _I64P), self, n))
        return out

    def stay_units(self):
        """Per stay (input order): score units (10^-6 points, scores, RW x adjustments or days; 0 unless
        settled by a scoring method) as a numpy int64 array (``ygt_scheme_result_stay_units``)."""
        np = _np()
        n = _r_nstays(self)
        out = np.zeros(n, np.int64)
        check(_r_units(_ptr(out, _I64P), self, n))
        return out

    def explain(self, stay):
        """One stay's settlement in words and the numbers an auditor recomputes its amount from
        (``ygt_scheme_result_explain``)."""
        made_by = getattr(self, "_input", None)
        if made_by is None:
            raise ValueError("explain() needs a result made by Scheme.settle (it keeps the scheme and input)")
        scheme, inp = made_by
        n = check(_r_explain(None, 0, self, scheme, ctypes.byref(inp), stay))
        buf = ctypes.create_string_buffer(n + 1)
        check(_r_explain(buf, n + 1, self, scheme, ctypes.byref(inp), stay))
        return buf.value.decode("utf-8")


# ---- the case file and the settle command ------------------------------------------


def _stays(rows):
    dx, proc = Codes("diagnosis"), Codes("procedure")
    c = Cases(dx, proc)
    for r in rows:
        c.append(case_id=r.get("case_id", ""), institution_index=-1 if r["_inst"] is None else r["_inst"],
                 insurance=r["_ins"], discharge_date=r["_date"], los_days=r["_los"], leaving_type=r["_leaving"],
                 total_cost=r["_cost"], self_paid=r["_self"])
    return c


def _code_index(scheme, line, code):
    i = scheme.find(line, code) if code else None
    return -1 if i is None else i


def _visits(scheme, model, rows):
    cost = [r["_cost"] or 0 for r in rows]
    return {"institution": [-1 if r["_inst"] is None else r["_inst"] for r in rows],
            "home": [-1 if r["_home"] is None else r["_home"] for r in rows],
            "insurance": [-1 if r["_ins"] is None else r["_ins"] for r in rows],
            "cost": cost,
            "fund": [c - (r["_self"] or 0) for c, r in zip(cost, rows)],
            "item": [_code_index(scheme, "primary_care", r.get("group")) if r["line"] == "primary_care" else -1
                     for r in rows],
            "quantity": [r["_quantity"] or 1 for r in rows]}


def _summary(scheme, result, line):
    """One line of text per service line, as the command prints it."""
    model, method = scheme.model, scheme.method(line)
    fund = result.get("fund", line=line)
    if method in ("points", "dip"):
        return "point value %.4f / %.4f yuan (employee / resident); prepayment %s, clearing %s" % (
            result.figure("point_value", 0), result.figure("point_value", 1),
            _yuan(result.get("prepayment", line=line)), _yuan(result.get("clearing", line=line)))
    if method == "drg":
        count, allowed = result.figure("special_review", line), result.figure("special_allowed", line)
        return "fund %s; special review %d of %d allowed%s" % (_yuan(fund), count, allowed,
                                                                " (over quota)" if count > allowed else "")
    if method == "capitation":
        return "; ".join("%s pool %s, charged %s, balance %s" % (
            model.institution(i).code, _yuan(f["pool"]), _yuan(f["charged"]), _yuan(f["pool"] - f["charged"]))
            for i, f in ((i, result.institution(i, line)) for i in range(result.institution_count()))
            if f["pool"] or f["charged"])
    if method == "workload":
        paid = ["%s %s" % (model.institution(i).code, _yuan(result.get("fund", i, line)))
                for i in range(result.institution_count()) if result.get("fund", i, line)]
        return "unit value %.4f yuan per equivalent; %s" % (result.figure("unit_value"), ", ".join(paid))
    return "fund %s" % _yuan(fund)


def run(scheme, cases_path, out_path, stream=sys.stdout, columns=None, map=None, pack=None,  # noqa: A002
        keep=(), trace=None):
    """Settle a case file under a scheme; writes one row per case and prints one summary per line.
    Visit rows carry no money of their own: capitation and workload money is per institution
    (the summary lines).  With ``map`` (a built-in map name or map file) and ``pack`` (a rule-pack
    directory) the file is a vendor export (:mod:`yigongti.scheme_export`): in-patient stays grouped by
    the pack.  ``keep`` names input columns copied after ``case_id``; ``trace`` a file for one
    explanation per case (:mod:`yigongti.scheme_trace`)."""
    if map is not None or pack is not None:
        if map is None or pack is None:
            raise ValidationError(-5, "a vendor export needs both --map and --pack (its stays are grouped by the pack)")
        from .scheme_export import read_export
        by_line = read_export(cases_path, scheme, pack, map, keep)
    else:
        by_line = read_cases(cases_path, scheme.model, columns, keep)
    return settle_rows(scheme, by_line, out_path, stream, keep, trace)


def _settle_stays(scheme, by_line):
    """The stays (in-patient, then long-stay rows) and their result; visits go in as columns."""
    stay_rows = by_line["inpatient"] + by_line["long_stay"]
    visit_rows = by_line["outpatient"] + by_line["primary_care"]
    classes = [_code_index(scheme, "long_stay", r.get("group")) if r["line"] == "long_stay" else -1 for r in stay_rows]
    groups = [_code_index(scheme, "inpatient", r.get("group")) if r["line"] == "inpatient" else -1 for r in stay_rows]
    patients = [-1 if r["_patient"] is None else r["_patient"] for r in stay_rows]
    result = scheme.settle(_stays(stay_rows), groups, classes, patients, _visits(scheme, scheme.model, visit_rows))
    return stay_rows, result


_OUTPUT = ["line", "method", "group", "group_name", "status", "reason", "amount_yuan", "fund_yuan"]


def _output_row(row, line, method, keep, per_stay, k):
    """One row of ``settle``'s table; k is the row's stay in the result (None for a visit: no money of its own)."""
    status, reason, amount, fund = "ok", "none", 0, 0
    if k is not None:
        status, reason = status_name(int(per_stay["status"][k])), reason_name(int(per_stay["reason"][k]))
        amount, fund = int(per_stay["amount"][k]), int(per_stay["fund"][k])
    return ([row.get("case_id", "")] + row.get("_kept", [""] * len(keep)) +
            [line, method, row.get("group") or "", row.get("_group_name", ""), status, reason, _yuan(amount),
             _yuan(fund)])


def settle_rows(scheme, by_line, out_path, stream=sys.stdout, keep=(), trace=None):
    """Settle rows by service line (:func:`yigongti.scheme_cases.read_cases`'s shape); as :func:`run`."""
    stay_rows, result = _settle_stays(scheme, by_line)
    per_stay = result.stays()
    rows = {id(r): k for k, r in enumerate(stay_rows)}
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("# scheme %s\n" % scheme.id)
        out.write("\t".join(["case_id"] + list(keep) + _OUTPUT) + "\n")
        for line in (line for line in LINES if by_line[line]):
            method = scheme.method(line)
            if method == "none":
                print("%s: %d cases but no method in the scheme" % (line, len(by_line[line])), file=stream)
                continue
            for row in by_line[line]:
                out.write("\t".join(_output_row(row, line, method, keep, per_stay, rows.get(id(row)))) + "\n")
            print("%s (%s, %d cases): %s" % (line, method, len(by_line[line]), _summary(scheme, result, line)),
                  file=stream)
    if trace:
        from .scheme_trace import write_trace
        write_trace(trace, scheme, result, by_line, rows)
    return 0


def _cmd_settle(args):
    bundle = Path(args.bundle)
    try:
        scheme = Scheme(bundle / args.scheme)
    except SchemeError as exc:
        print("yigongti: %s" % exc, file=sys.stderr)
        return 2
    cases = args.cases or str(bundle / "payment-cases.tsv")
    from . import tables
    keep = tables.keep_names(cases, args.keep, _OUTPUT)
    return run(scheme, cases, args.out, columns=args.columns,
               map=args.map, pack=args.pack, keep=keep, trace=args.trace)


@cli.subcommand
def register(subparsers):
    """Add ``settle`` (a bundle's whole payment scheme) to the command line."""
    p = subparsers.add_parser("settle", help="settle cases under a bundle's payment scheme (scheme.json)")
    p.add_argument("--bundle", required=True, help="bundle directory with scheme.json and model.json")
    p.add_argument("--scheme", default="scheme.json", help="scheme file inside the bundle")
    p.add_argument("--cases", help="case file (default: the bundle's payment-cases.tsv)")
    p.add_argument("--out", required=True, help="per-case output TSV")
    p.add_argument("--columns", metavar="MAP", help="column map for a case file with its own headers "
                                                    "(doc/formats/tables.md)")
    p.add_argument("--map", help="a vendor export: the built-in field map (4101, hqms, zh) or a map file "
                                 "(doc/formats/exports.md); needs --pack")
    p.add_argument("--pack", metavar="DIR", help="rule pack grouping a vendor export's stays (the in-patient "
                                                 "line's groups are DRG codes)")
    p.add_argument("--keep", metavar="COLS", help="comma-separated columns of the case file copied to the output "
                                                  "after case_id (extra columns the file may then have); '*': every column")
    p.add_argument("--trace", metavar="FILE", help="write one row per case explaining its amount in numbers an "
                                                   "auditor recomputes it from (doc/formats/scheme.md)")
    p.set_defaults(func=_cmd_settle)
