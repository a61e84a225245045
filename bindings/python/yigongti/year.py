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
                ("budget", _P_), ("indicators", _P_), ("scorecard", _P_), ("score_inputs", _P_),
                ("targets", _P_), ("population_scale", ctypes.c_double)]


_field_name = fn("ygt_year_field_name", _S, _INT)
_inputs_init_version = fn("ygt_year_inputs_init_version", _INT, ctypes.POINTER(_Inputs), _INT)
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
            inputs=None, targets=None, population_scale=1.0):
        """Run a year: ``county`` (a :class:`yigongti.County`) on ``model``; the
        rest is optional — ``scheme`` None pays fee for service on every line;
        ``targets`` (:class:`yigongti.Targets`, loaded with ``indicators``) adds the
        report's calibration table, their counts compared at ``population_scale``."""
        if indicators is None:
            indicators = targets.indicators if targets is not None else Indicators.defaults()
        arg = _Inputs()
        check(_inputs_init_version(ctypes.byref(arg), 2))  # the struct above is version 2
        for name, obj in (("model", model), ("county", county), ("previous", previous), ("scheme", scheme),
                          ("budget", budget), ("indicators", indicators), ("scorecard", scorecard),
                          ("score_inputs", inputs), ("targets", targets)):
            setattr(arg, name, _ptr(obj))
        arg.population_scale = float(population_scale)
        out = _P()
        check(_run(ctypes.byref(out), ctypes.byref(arg)))
        y = cls(out.value, keep=(model, county, scheme, budget, indicators, scorecard, inputs, targets))
        y.model, y.indicators, y.scorecard, y.scheme = model, indicators, scorecard, scheme
        y.targets, y.population_scale = targets, float(population_scale)
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


class Bundle:
    """Everything a bundle directory has, loaded: ``model``, ``casemix`` (``casemix`` or ../casemix.tsv
    beside the bundle), ``rules``, and, when the bundle has them, ``scheme`` (scheme.json), ``budget``
    (budget.json), ``indicators`` (../indicators.tsv, else the defaults), ``scorecard`` (scorecard.json),
    ``inputs`` (inputs.tsv), ``settings`` (county.json) and ``targets`` (targets.tsv); missing ones are None."""

    def __init__(self, path, casemix=None):
        from pathlib import Path
        from .budget import Budget
        from .county import Casemix
        from .locality import CountySettings, Targets
        from .model import Model
        from .referral import ReferralRules
        from .scheme import Scheme
        from .score import Inputs, Scorecard
        d = self.path = Path(path)
        opt = (lambda name, make: make(d / name) if (d / name).exists() else None)
        self.model = Model.load(d)
        self.casemix = Casemix.load(casemix or d.parent / "casemix.tsv")
        dx, proc = self.casemix.codes("diagnosis"), self.casemix.codes("procedure")
        self.rules = ReferralRules.load(self.model, dx, d)
        self.scheme = opt("scheme.json", lambda p: Scheme(p, self.model, dx, proc))
        self.budget = opt("budget.json", lambda p: Budget.load(self.model, p))
        reg = d.parent / "indicators.tsv"
        self.indicators = Indicators.load(reg) if reg.exists() else Indicators.defaults()
        self.scorecard = opt("scorecard.json", lambda p: Scorecard.load(self.indicators, p))
        self.inputs = opt("inputs.tsv", lambda p: Inputs().load(self.model, p))
        self.settings = opt("county.json", CountySettings.load)
        self.targets = opt("targets.tsv", lambda p: Targets.load(self.indicators, p))

    @property
    def year(self):
        """The bundle's year (:func:`bundle_year`), else its settings' base year."""
        base = self.settings.base_year if self.settings is not None else None
        return bundle_year(self.scheme, self.budget, base)

    def county(self, year, seed=1, scale=1.0, totals=False, **options):
        """The synthetic county of ``year``: the bundle's settings for that year, then ``options``; with
        ``totals`` its encounter totals only (:meth:`County.generate_totals`, enough for a year before)."""
        from .county import County
        gen = County.generate_totals if totals else County.generate
        return gen(self.model, self.rules, self.casemix, settings=self.settings, seed=seed, population_scale=scale,
                   year=year, **options)


def run_bundle(bundle, seed=1, scale=1.0, casemix=None, previous=True, **options):
    """One synthetic year of a bundle with everything the bundle has (:class:`Bundle`; its county.json
    settings for the year and, with ``previous``, for the year before, generated with seed + 1): a
    :class:`Year`, its report with the calibration table of targets.tsv.  The year is the bundle's
    (:func:`bundle_year`), the budget's amounts × ``scale`` (as build/examples/county_year does);
    ``options`` are county options that override the settings (e.g. ``cost_response=0.5``)."""
    b = bundle if isinstance(bundle, Bundle) else Bundle(bundle, casemix)
    budget = b.budget.scaled(scale) if b.budget is not None and scale != 1 else b.budget
    year = options.pop("year", None) or b.year or 2024
    county = b.county(year, seed, scale, **options)
    before = b.county(year - 1, seed + 1, scale, totals=True, **options) if previous else None
    return Year.run(b.model, county, previous=before, scheme=b.scheme, budget=budget, indicators=b.indicators,
                    scorecard=b.scorecard, inputs=b.inputs, targets=b.targets, population_scale=scale)


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
