"""Global budget and community settlement (``include/yigongti/budget.h``):
budgets, money that follows the patient, year-end sharing, distribution
inside the community, prepayments, the quality fund and the ledger.

>>> m = Model.load("examples/data/linxiang")
>>> b = Budget.load(m, "examples/data/linxiang/budget.json")
>>> enc = Encounters.load(m, "examples/data/linxiang/encounters.tsv")
>>> r = b.settle(enc)
>>> round(r.outflow_share(), 3)      # share of the fund spent out of the county
>>> r.community("LX-G1")["final"]

Every number comes from the C library; amounts are integer fen.
``to_dataframe()`` needs pandas (imported only when called).
"""
import ctypes
import math
import os

from . import cli, labels
from ._lib import Handle, fn
from .deprecated import kind_alias
from .errors import check
from .model import INSURANCES as _INSURANCES, TIERS, Model
from .score import Encounters, Indicators, Scorecard

# The ctypes aliases and string helpers are the score module's.
from .score import (_D, _DP, _I32, _I32P, _I64, _I64P, _INT, _INTP, _P, _PP, _S,  # noqa: E402
                    _SZ, _b, _names)


_field_name = fn("ygt_budget_field_name", _S, _INT)
_inst_field_name = fn("ygt_budget_inst_field_name", _S, _INT)
_entry_name = fn("ygt_budget_entry_name", _S, _INT)
_load = fn("ygt_budget_load", _INT, _PP, _P, _S)
_parse = fn("ygt_budget_parse", _INT, _PP, _P, _S, _S)
_free = fn("ygt_budget_free", None, _P)
_scale = fn("ygt_budget_scale", _INT, _PP, _P, _D)
_next = fn("ygt_budget_next", _INT, _PP, _P, _P)
_year = fn("ygt_budget_year", _I32, _P)
_provenance = fn("ygt_budget_provenance", _S, _P, _S)
_amount = fn("ygt_budget_amount", _INT, _I64P, _P, _I32, _INT)
_settle = fn("ygt_budget_settle_pooled", _INT, _PP, _P, _P, _P, _P, _P, _DP, _SZ)
_report_free = fn("ygt_budget_report_free", None, _P)
_community = fn("ygt_budget_report_community", _INT, _I64P, _P, _I32, _INT, _INT)
_ratio = fn("ygt_budget_report_ratio", _INT, _DP, _P, _I32, _INT)
_institution = fn("ygt_budget_report_institution", _INT, _I64P, _P, _I32, _INT)
_tier = fn("ygt_budget_report_tier", _INT, _I64P, _P, _I32, _INT, _INT)
_destinations = fn("ygt_budget_report_destinations", _SZ, _P)
_flow = fn("ygt_budget_report_flow", _INT, _I64P, _P, _I32, _I32, _INT)
_outflow = fn("ygt_budget_report_outflow_share", _INT, _DP, _P, _I32)
_unattributed = fn("ygt_budget_report_unattributed", _INT, _I64P, _I64P, _P)
_ledger_count = fn("ygt_budget_report_ledger_count", _SZ, _P)
_ledger_line = fn("ygt_budget_report_ledger_line", _INT, _I32P, _I32P, _INTP, _INTP, _INTP, _I64P, _P, _SZ)

FIELDS = _names(_field_name)
INST_FIELDS = _names(_inst_field_name)
ENTRIES = _names(_entry_name)
INSURANCES = _INSURANCES.names()  # the names written in reports, by value


def _ins(insurance):
    """An insurance type by value or any spelling of labels.h (职工, 居民医保, ...); None is every type."""
    if insurance is None:
        return -1
    return labels.parse(labels.INSURANCE, insurance)


class Budget(Handle):
    """A validated budget file (doc/formats/budget.md), bound to a model."""

    _free = _free

    @classmethod
    def load(cls, model, path):
        out = _P()
        check(_load(ctypes.byref(out), model, _b(os.fspath(path))))
        return cls._made(out, model)

    @classmethod
    def parse(cls, model, text, source=None):
        out = _P()
        check(_parse(ctypes.byref(out), model, _b(text), _b(source)))
        return cls._made(out, model)

    @classmethod
    def _made(cls, out, model):
        b = cls(out.value)
        b.model = model
        return b

    @property
    def year(self):
        return _year(self)

    def provenance(self, key):
        raw = _provenance(self, _b(key))
        return None if raw is None else raw.decode("utf-8")

    def scaled(self, scale):
        """A copy for a population ``scale`` times the model's (a county generated
        at ``population_scale``): every amount × scale, rounded to the fen."""
        out = _P()
        check(_scale(ctypes.byref(out), self, float(scale)))
        return Budget._made(out, self.model)

    def next(self, report):
        """Next year's budget from this one and ``report``, its settlement, by the
        file's ``next_year`` rule (doc/formats/budget.md, Next year): year + 1,
        each line round(base × (1 + growth)), the same rules; chains."""
        if not isinstance(report, Report):
            raise TypeError("Budget.next needs the Report of this budget's settlement")
        out = _P()
        check(_next(ctypes.byref(out), self, report))
        return Budget._made(out, self.model)

    def amount(self, community, insurance=None):
        """The budget of a community (index or code) in fen."""
        x = _I64()
        check(_amount(ctypes.byref(x), self, self.model._comm(community), _ins(insurance)))
        return x.value

    def settle(self, encounters, scorecard=None, scores=None, rules=None):
        """Settle the year: a :class:`Report`.  With a scorecard, ``scores``
        gives the assessment score of every community (a list by index, or a
        dict by code or index).  With ``rules`` (:class:`yigongti.ReferralRules`),
        "out of the county" is outside their pooling area; without, city tier and above."""
        arr, n = None, 0
        if scorecard is not None:
            n = self.model.community_count()
            if isinstance(scores, dict):
                vals = [math.nan] * n
                for k, v in scores.items():
                    vals[self.model._comm(k)] = float(v)
            else:
                vals = [float(v) for v in (scores or [])]
            arr = (_D * max(len(vals), 1))(*vals)
            n = len(vals)
        out = _P()
        check(_settle(ctypes.byref(out), self, self.model, rules, encounters, scorecard, arr, n))
        return Report(out.value, self.model)


class Report(Handle):
    """The year-end settlement (``ygt_budget_report``)."""

    _free = _report_free

    def __init__(self, ptr, model):
        super().__init__(ptr, keep=(model,))
        self.model = model

    def _c(self, community):
        return -1 if community is None else self.model._comm(community)

    def community(self, community=None, insurance=None):
        """Every figure of a community (None: the county) as a dict of fen."""
        out = {}
        for k, name in enumerate(FIELDS):
            x = _I64()
            check(_community(ctypes.byref(x), self, self._c(community), _ins(insurance), k))
            out[name] = x.value
        return out

    def ratio(self, community=None, insurance=None):
        """Balance ratio (budget - actual) / budget (NaN for a zero budget)."""
        x = _D()
        check(_ratio(ctypes.byref(x), self, self._c(community), _ins(insurance)))
        return x.value

    def institution(self, institution):
        i = self.model._inst(institution)
        out = {}
        for k, name in enumerate(INST_FIELDS):
            x = _I64()
            check(_institution(ctypes.byref(x), self, i, k))
            out[name] = x.value
        return out

    def tier(self, tier, community=None):
        t = tier if isinstance(tier, int) else TIERS.value(tier)
        out = {}
        for k, name in enumerate(INST_FIELDS):
            x = _I64()
            check(_tier(ctypes.byref(x), self, self._c(community), t, k))
            out[name] = x.value
        return out

    def destinations(self):
        """Names of the flow destinations: community codes, then "in_county", "out_of_county"."""
        codes = [c.code for c in self.model.communities()]
        return codes + ["in_county", "out_of_county"][: _destinations(self) - len(codes)]

    def flow(self, frm=None, to=0, referred=None):
        x = _I64()
        dest = to if isinstance(to, int) else self.destinations().index(to)
        check(_flow(ctypes.byref(x), self, self._c(frm), dest, -1 if referred is None else int(bool(referred))))
        return x.value

    def outflow_share(self, community=None):
        x = _D()
        check(_outflow(ctypes.byref(x), self, self._c(community)))
        return x.value

    def unattributed(self):
        """(fund not charged to any budget in fen, rows skipped)."""
        f, s = _I64(), _I64()
        check(_unattributed(ctypes.byref(f), ctypes.byref(s), self))
        return f.value, s.value

    def ledger(self):
        """Ledger lines as dicts (community and institution codes, insurance name or None)."""
        out = []
        for k in range(_ledger_count(self)):
            c, i, ins, month, kind, amt = _I32(), _I32(), _INT(), _INT(), _INT(), _I64()
            check(_ledger_line(ctypes.byref(c), ctypes.byref(i), ctypes.byref(ins), ctypes.byref(month),
                               ctypes.byref(kind), ctypes.byref(amt), self, k))
            out.append({"community": self.model.community(c.value).code,
                        "institution": self.model.institution(i.value).code if i.value >= 0 else None,
                        "insurance": INSURANCES[ins.value] if ins.value >= 0 else None,
                        "month": month.value, "kind": ENTRIES[kind.value], "amount": amt.value})
        return out

    # ---- plain lists and DataFrames ---------------------------------------------
    def community_records(self):
        rows = []
        for c in self.model.communities():
            for ins in (None, "employee", "resident"):
                row = {"community": c.code, "insurance": ins or "all"}
                row.update(self.community(c.index, ins))
                if row["budget"] or row["actual"]:
                    rows.append(row)
        return rows

    def institution_records(self):
        rows = []
        for inst in self.model.institutions():
            c = self.model.community_of(inst.index)
            if c is None:
                continue
            row = {"community": self.model.community(c).code, "tier": inst.tier, "institution": inst.code,
                   "name": inst.name}
            row.update(self.institution(inst.index))
            rows.append(row)
        return rows

    def flow_records(self):
        rows = []
        for c in self.model.communities():
            for d, name in enumerate(self.destinations()):
                amt = self.flow(c.index, d)
                if amt:
                    rows.append({"from": c.code, "to": name, "fund": amt,
                                 "referred": self.flow(c.index, d, True)})
        return rows

    def to_dataframe(self, kind="community"):
        """One table of the report as a pandas DataFrame: kind "community", "institution", "flow" or
        "ledger" (the rows of the matching ``*_records()`` / ``ledger()``)."""
        import pandas as pd
        rows = {"community": self.community_records, "institution": self.institution_records,
                "flow": self.flow_records, "ledger": self.ledger}
        if kind not in rows:
            raise ValueError("kind must be one of %s, not %r" % (", ".join(rows), kind))
        return pd.DataFrame(rows[kind]())

    community_frame = kind_alias(to_dataframe, "community_frame", "community")
    institution_frame = kind_alias(to_dataframe, "institution_frame", "institution")
    flow_frame = kind_alias(to_dataframe, "flow_frame", "flow")
    ledger_frame = kind_alias(to_dataframe, "ledger_frame", "ledger")

    def lines(self):
        """The year-end report as text lines (amounts in yuan)."""
        y = lambda fen: "%.2f" % (fen / 100)  # noqa: E731
        out = []
        for row in self.community_records():
            out.append("community %s (%s): budget %s, actual %s (inside %s, charged back %s, out of county %s), "
                       "balance %s, ratio %.4f" % (row["community"], row["insurance"], y(row["budget"]),
                                                   y(row["actual"]), y(row["inside"]), y(row["outside"]),
                                                   y(row["out_of_county"]), y(row["balance"]),
                                                   self.ratio(row["community"], None if row["insurance"] == "all"
                                                              else row["insurance"])))
            out.append("  surplus kept %s, to fund %s; overspend fund %s, community %s; prepaid %s, withheld %s, "
                       "released %s, clearing %s, final %s" % tuple(y(row[k]) for k in (
                           "surplus_kept", "surplus_fund", "over_fund", "over_community", "prepaid", "withheld",
                           "released", "clearing", "final")))
        for c in self.model.communities():
            if any(r["community"] == c.code for r in self.community_records()):
                out.append("outflow %s: %.1f %% of the fund spent out of the county"
                           % (c.code, 100 * self.outflow_share(c.index)))
        for row in self.flow_records():
            out.append("flow %s -> %s: %s (referred %s)" % (row["from"], row["to"], y(row["fund"]),
                                                          y(row["referred"])))
        for row in self.institution_records():
            if row["actual"] or row["surplus"] or row["overspend"]:
                out.append("institution %s %s %s: actual %s, surplus %s, overspend %s, net %s" % (
                    row["community"], row["tier"], row["institution"], y(row["actual"]), y(row["surplus"]),
                    y(row["overspend"]), y(row["net"])))
        fund, skipped = self.unattributed()
        out.append("unattributed %s, rows skipped %d, ledger lines %d" % (y(fund), skipped, _ledger_count(self)))
        return out


# ---- command line --------------------------------------------------------------


def _run(args):
    model = Model.load(args.bundle)
    budget = Budget.load(model, args.budget or os.path.join(args.bundle, "budget.json"))
    enc = Encounters.load(model, args.year_cases or os.path.join(args.bundle, "encounters.tsv"))
    card, scores = None, None
    if args.scorecard or args.score is not None:
        card = Scorecard.load(Indicators.defaults(), args.scorecard or args.bundle)
        scores = [args.score if args.score is not None else 100.0] * model.community_count()
    report = budget.settle(enc, card, scores)
    print("budget %s, year %d (%s)" % (budget.provenance("locality"), budget.year, budget.provenance("document")))
    for line in report.lines():
        print(line)
    if args.next:
        _print_next(budget, budget.next(report))
    return 0


def _print_next(budget, nb):
    """Next year's lines by the file's next_year rule, beside this year's."""
    print("next year %d (%s)" % (nb.year, nb.provenance("derived")))
    for c in nb.model.communities():
        for ins in INSURANCES:
            now, then = budget.amount(c.index, ins), nb.amount(c.index, ins)
            if now or then:
                print("  next %s (%s): budget %.2f (this year %.2f)" % (c.code, ins, then / 100, now / 100))


def register(subparsers):
    p = subparsers.add_parser("budget", help="settle a year against the global budget",
                              description="Year-end settlement of a bundle's global budget: money follows the "
                                          "patient, sharing, distribution and the cash flow.")
    p.add_argument("--bundle", required=True, help="bundle directory (model.json, budget.json)")
    p.add_argument("--year-cases", help="encounter table of the year (default BUNDLE/encounters.tsv)")
    p.add_argument("--budget", help="budget JSON (default BUNDLE/budget.json)")
    p.add_argument("--scorecard", help="scorecard JSON whose money links apply (default BUNDLE when --score is given)")
    p.add_argument("--score", type=float, help="assessment score of every community (enables the quality fund)")
    p.add_argument("--next", action="store_true",
                   help="also print next year's budget by the file's next_year rule (doc/formats/budget.md)")
    p.set_defaults(func=_run)


cli.subcommand(register)
