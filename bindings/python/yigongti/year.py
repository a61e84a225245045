"""The county year (``include/yigongti/year.h``): one year of a county run
through payment, the global budget and scoring, with the year-end report.

>>> year = Year.run(model, county, previous=before, scheme=scheme, budget=budget,
...                 indicators=registry, scorecard=card)
>>> print(year.report())
>>> year.tier("township")["revenue"], year.total()["fund"]

The stage results are the other modules' objects, borrowed from the year:
``year.budget_report`` (:class:`yigongti.Report`), ``year.indicator_values``,
``year.score(community)``, ``year.encounters``.  Every number comes from the
C library; amounts are integer fen.
"""
import ctypes
import sys

from . import cli
from ._lib import Handle, borrowed, fn
from .budget import Report
from .errors import AccountsError, check
from .model import TIERS
from .scheme import Result
from .score import _I32, _I64, _I64P, _INT, _P, _PP, _S, _SZ, Encounters, IndicatorValues, Indicators, Score, _names

_P_ = ctypes.c_void_p  # noqa: N816 (the struct's pointer members)


class _Inputs(ctypes.Structure):
    _fields_ = [("version", ctypes.c_int), ("model", _P_), ("county", _P_), ("previous", _P_), ("scheme", _P_),
                ("budget", _P_), ("indicators", _P_), ("scorecard", _P_), ("score_inputs", _P_)]


_field_name = fn("ygt_year_field_name", _S, _INT)
_inputs_init = fn("ygt_year_inputs_init", None, ctypes.POINTER(_Inputs))
_run = fn("ygt_year_run", _INT, _PP, ctypes.POINTER(_Inputs))
_free = fn("ygt_year_free", None, _P)
_year = fn("ygt_year_year", _I32, _P)
_institution = fn("ygt_year_institution", _INT, _I64P, _P, _I32, _INT)
_tier = fn("ygt_year_tier", _INT, _I64P, _P, _INT, _INT)
_total = fn("ygt_year_total", _INT, _I64P, _P, _INT)
_encounters = fn("ygt_year_encounters", _P, _P)
_scheme_result = fn("ygt_year_scheme_result", _P, _P)
_budget_report = fn("ygt_year_budget_report", _P, _P)
_values = fn("ygt_year_indicator_values", _P, _P)
_score = fn("ygt_year_score", _P, _P, _INT, _I32)
_text = fn("ygt_year_report_text", _I64, ctypes.c_char_p, _SZ, _P)
_check = fn("ygt_year_check", _INT, _P)

FIELDS = _names(_field_name)


def _ptr(obj):
    return None if obj is None else obj._as_parameter_.value


class Year(Handle):
    """The result of a year run (``ygt_year``)."""

    _free = _free

    @classmethod
    def run(cls, model, county, previous=None, scheme=None, budget=None, indicators=None, scorecard=None,
            inputs=None):
        """Run a year: ``county`` (a :class:`yigongti.County`) on ``model``; the
        rest is optional — ``scheme`` None pays fee for service on every line."""
        if indicators is None:
            indicators = Indicators.defaults()  # what the C run uses; Python needs it to read the values
        arg = _Inputs()
        _inputs_init(ctypes.byref(arg))
        for name, obj in (("model", model), ("county", county), ("previous", previous), ("scheme", scheme),
                          ("budget", budget), ("indicators", indicators), ("scorecard", scorecard),
                          ("score_inputs", inputs)):
            setattr(arg, name, _ptr(obj))
        out = _P()
        check(_run(ctypes.byref(out), ctypes.byref(arg)))
        y = cls(out.value, keep=(model, county, scheme, budget, indicators, scorecard, inputs))
        y.model, y.indicators, y.scorecard, y.scheme = model, indicators, scorecard, scheme
        return y

    @property
    def year(self):
        return _year(self)

    @staticmethod
    def _row(getter, *args):
        out = {}
        for f, name in enumerate(FIELDS):
            x = ctypes.c_int64()
            check(getter(ctypes.byref(x), *args, f))
            out[name] = x.value
        return out

    def institution(self, institution):
        """Every figure of an institution (index or code) as a dict of counts and fen."""
        i = institution if isinstance(institution, int) else self.model.find_institution(institution)
        return self._row(_institution, self, i)

    def tier(self, tier):
        """Every figure of a tier (name or #ygt_tier value)."""
        return self._row(_tier, self, tier if isinstance(tier, int) else TIERS.value(tier))

    def total(self):
        """Every figure of the county."""
        return self._row(_total, self)

    def report(self):
        """The readable year-end report."""
        n = _text(None, 0, self)
        buf = ctypes.create_string_buffer(check(n) + 1)
        _text(buf, len(buf), self)
        return buf.value.decode("utf-8")

    def check(self):
        """Check the year's accounts (``ygt_year_check``): returns None when every account balances,
        raises :class:`yigongti.AccountsError` naming the first broken account and its amounts."""
        check(_check(self))

    @property
    def budget_report(self):
        """The budget's settlement (a borrowed :class:`yigongti.Report`), None without a budget."""
        return borrowed(Report, _budget_report(self), self, model=self.model)

    @property
    def encounters(self):
        """The aggregated encounter batch the budget and the indicators read."""
        return borrowed(Encounters, _encounters(self), self)

    @property
    def indicator_values(self):
        """The indicator values (borrowed), against the year before when it was given."""
        return borrowed(IndicatorValues, _values(self), self, indicators=self.indicators, model=self.model,
                        period=self.year, previous=self.year - 1)

    def score(self, community=None):
        """The score of a community (index or code), or of the county (None); None without a scorecard."""
        if community is None:
            ptr = _score(self, 0, 0)
        else:
            c = community if isinstance(community, int) else self.model._comm(community)
            ptr = _score(self, 1, c)
        return borrowed(Score, ptr, self, card=self.scorecard)

    @property
    def scheme_result(self):
        """The scheme's settlement (a borrowed :class:`yigongti.scheme.Result`), None without a scheme."""
        return borrowed(Result, _scheme_result(self), self)


# ---- python3 -m yigongti year: the main example's report from Python ----------------------------------------


def bundle_year(scheme=None, budget=None, default=None):
    """The year of a bundle: its scheme's period (the year it pays), else its budget's year, else ``default``
    (as build/examples/county_year decides)."""
    start = scheme.provenance("period_from") if scheme is not None else ""
    if start and len(start) >= 4 and start[:4].isdigit():
        return int(start[:4])
    return budget.year if budget is not None else default


def run_bundle(bundle, seed=1, scale=1.0, casemix=None, previous=True, **options):
    """One synthetic year of a bundle with everything the bundle has (scheme.json, budget.json,
    scorecard.json and its inputs.tsv; the case mix ``casemix`` or ../casemix.tsv beside the bundle): a
    :class:`Year`.  The year is the bundle's (:func:`bundle_year`), the budget's amounts × ``scale`` (as
    build/examples/county_year does); ``options`` are county options (e.g. ``cost_response=0.5``)."""
    from pathlib import Path
    from .budget import Budget
    from .county import Casemix, County
    from .model import Model
    from .referral import ReferralRules
    from .scheme import Scheme
    from .score import Inputs, Scorecard
    bundle = Path(bundle)
    model = Model.load(bundle)
    cm = Casemix.load(casemix or bundle.parent / "casemix.tsv")
    dx, proc = cm.codes("diagnosis"), cm.codes("procedure")
    rules = ReferralRules.load(model, dx, bundle)
    scheme = Scheme(bundle / "scheme.json", model, dx, proc) if (bundle / "scheme.json").exists() else None
    budget = Budget.load(model, bundle / "budget.json") if (bundle / "budget.json").exists() else None
    if budget is not None and scale != 1:
        budget = budget.scaled(scale)  # a scaled county spends that much less
    registry = Indicators.load(bundle.parent / "indicators.tsv") if (bundle.parent / "indicators.tsv").exists() \
        else Indicators.defaults()
    card = Scorecard.load(registry, bundle / "scorecard.json") if (bundle / "scorecard.json").exists() else None
    inputs = Inputs().load(model, bundle / "inputs.tsv") if (bundle / "inputs.tsv").exists() else None
    options.update(seed=seed, population_scale=scale)
    year = bundle_year(scheme, budget)
    if year is not None:
        options["year"] = year
    county = County.generate(model, rules, cm, **options)
    before = None
    if previous:
        options.update(seed=seed + 1, year=county.year - 1)
        before = County.generate(model, rules, cm, **options)
    return Year.run(model, county, previous=before, scheme=scheme, budget=budget, indicators=registry,
                    scorecard=card, inputs=inputs)


def _cmd_year(args):
    y = run_bundle(args.bundle, seed=args.seed, scale=args.scale, casemix=args.casemix,
                   cost_response=args.cost_response)
    print(y.report(), end="", flush=True)
    try:
        y.check()  # a broken account is a bug, never a result: exit 1 as county_year does
    except AccountsError as e:
        print(f"year: the year's accounts: {e}", file=sys.stderr)
        return 1
    return 0


def register(subparsers):
    """Add ``year`` (one synthetic year of a bundle, the year-end report) to the command line."""
    p = subparsers.add_parser("year", help="run one synthetic year of a bundle and print the year-end report",
                              description="The county year of build/examples/county_year from Python: a synthetic "
                                          "population on the bundle, paid under its scheme, settled against its "
                                          "budget and scored.")
    p.add_argument("--bundle", required=True, help="bundle directory (model.json, referral.json, scheme.json ...)")
    p.add_argument("--seed", type=cli.seed_arg, default=1, help="seed of the population, 0 .. 2^64 - 2 (default 1)")
    p.add_argument("--scale", type=cli.scale_arg, default=1.0,
                   help="residents per person of the model, in (0, 100] (default 1.0)")
    p.add_argument("--casemix", help="case mix (default BUNDLE/../casemix.tsv)")
    p.add_argument("--cost-response", type=float, default=0.0, help="patients' response to cost (default 0)")
    p.set_defaults(func=_cmd_year)


cli.subcommand(register)
