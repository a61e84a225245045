"""Scenario runs for researchers: ``python3 -m yigongti simulate --bundle DIR
--scenarios F --out DIR`` runs one county year of a bundle under every
scenario of a scenario file (doc/formats/scenarios.md) and writes tables
(CSV) and plots (PNG) that compare them.

>>> runs = simulate("examples/data/ninghai", "examples/scenarios/ninghai-reforms.json", scale=0.05)
>>> runs[0].summary["primary_visit_rate"], runs[1].tiers[1]["revenue"]
>>> write_tables("out", runs); write_plots("out", runs)

The same seed gives the same residents in every scenario (the generator
draws every number from (seed, resident, event)); a county is generated
once per distinct (referral rules, county options) and shared, and when it
has the needs of the county before it (the same options in
``county.NEEDS_OPTIONS``), it is that county routed again
(``County.generate_like``: the same numbers, three quarters of the work).  The year
before, the base of the growth indicators, is the status quo for every
scenario: the first scenario's rules and options (seed + 1, year - 1),
generated once.  The C calls (generating, running a year) run on ``workers``
threads (the library releases no lock it needs: counties and documents are
immutable and shared), the next county while the years of one run; the
results do not depend on the number of workers.  Every number
comes from the C library (county.h, scheme.h, budget.h, score.h, year.h);
this module patches the documents, runs the years and writes the results.
Amounts are integer fen in memory and yuan with two decimals in the CSVs.
"""
import csv
import json
import math
import os
import sys
from concurrent.futures import ThreadPoolExecutor

from . import cli, scaling
from .budget import Budget
from .county import Casemix, County, needs_of, option_defaults
from .cli_errors import UsageError
from .errors import YgtError
from .model import TIERS, Model
from .referral import ReferralRules
from .scenarios import ScenarioError, ScenarioFile, read_json
from .scheme import Scheme
from .score import Indicators, Inputs, Scorecard
from .year import FIELDS as YEAR_FIELDS
from .year import Year

PRIMARY_TIERS = ("village", "township")
MONEY_FIELDS = ("cost", "fund_ffs", "patient_paid", "amount", "fund", "revenue")
BUDGET_FIELDS = (("budget", "budget"), ("budget_actual", "actual"), ("balance", "balance"),
                 ("surplus_kept", "surplus_kept"), ("surplus_to_fund", "surplus_fund"),
                 ("overspend_fund", "over_fund"), ("overspend_community", "over_community"))
RATE_INDICATORS = ("county_visit_rate", "primary_visit_rate")


def _yuan(fen):
    """Integer fen as yuan with two decimals, exactly."""
    whole, cents = divmod(abs(int(fen)), 100)
    return "%s%d.%02d" % ("-" if fen < 0 else "", whole, cents)


def _optional_json(path):
    return read_json(path) if os.path.exists(path) else None


def _canonical(doc):
    return json.dumps(doc, sort_keys=True, ensure_ascii=False)


# ---- the bundle and what every scenario shares -------------------------------------


class Bundle:
    """A bundle's model, its documents (as JSON, to be patched) and the shared
    objects: case mix, indicator registry, scorecard, its external inputs."""

    def __init__(self, directory, sf):
        self.dir = os.fspath(directory)
        self.model = Model.load(self.dir)
        parent = os.path.dirname(os.path.abspath(self.dir))
        self.casemix = Casemix.load(sf.casemix or os.path.join(parent, "casemix.tsv"))
        self.dx, self.proc = self.casemix.codes("diagnosis"), self.casemix.codes("procedure")
        registry = sf.indicators or os.path.join(parent, "indicators.tsv")
        self.indicators = Indicators.load(registry) if sf.indicators or os.path.exists(registry) \
            else Indicators.defaults()
        card = self.path("scorecard.json")
        self.scorecard = Scorecard.load(self.indicators, card) if os.path.exists(card) else None
        inputs = self.path("inputs.tsv")  # the card's external figures; an item without one is not scored
        self.inputs = Inputs().load(self.model, inputs) if os.path.exists(inputs) else None
        self.docs = {"referral": read_json(self.path("referral.json")),
                     "budget": _optional_json(self.path("budget.json")),
                     "scheme": _optional_json(self.path("scheme.json"))}

    def path(self, name):
        return os.path.join(self.dir, name)


# ---- one scenario ----------------------------------------------------------------


class Result:
    """What a scenario run gives, as plain values (fen, counts, floats):
    ``summary`` (one dict), ``tiers`` and ``institutions`` (dicts of the year
    fields), ``indicators`` (id, name, unit, target, value, status)."""

    def __init__(self, scenario, summary, tiers, institutions, indicators):
        self.name = scenario.name
        self.scenario = scenario
        self.summary, self.tiers, self.institutions, self.indicators = summary, tiers, institutions, indicators
        self.context = {}   # county, bundle, year, seed, scale: set by simulate()


class Runner:
    """Runs the scenarios of a file on a bundle, sharing rule sets and counties."""

    def __init__(self, bundle, sf, seed=None, scale=None):
        self.bundle, self.sf = bundle, sf
        self.seed = sf.seed if seed is None else seed
        self.scale = sf.scale if scale is None else scale
        self._rules = {}
        self._counties = {}
        self._befores = {}
        self._needs = {}       # per county key: its needs_of(), to route a county again from another
        self.baseline = None   # the first scenario's plan: the status quo of every year before

    def _source(self, scenario, key, base):
        return "%s: %s.%s over %s" % (self.sf.path, scenario.where, key, base)

    def _c_call(self, scenario, where, func, *args, **kwargs):
        """Call a C-backed constructor; its error names the scenario file and path."""
        try:
            return func(*args, **kwargs)
        except YgtError as exc:
            raise ScenarioError(self.sf.path, scenario.where + where, "%s (%s)" % (exc.message, exc.name)) from None

    def rules(self, scenario):
        doc = self.sf.patched(scenario, "referral_patch", self.bundle.docs["referral"])
        key = _canonical(doc)
        if key not in self._rules:
            source = self.bundle.path("referral.json")
            if scenario.referral_patch is not None:
                source = self._source(scenario, "referral_patch", source)
            self._rules[key] = ReferralRules.parse(self.bundle.model, self.bundle.dx, json.dumps(doc), source,
                                                   self.bundle.dir)
        return key, self._rules[key]

    def budget(self, scenario):
        base = self.bundle.docs["budget"]
        if base is None:
            if scenario.budget_patch is not None:
                self.sf.fail(scenario.where + ".budget_patch", "the bundle has no budget.json to patch")
            return None
        source = self.bundle.path("budget.json")
        if scenario.budget_patch is not None:
            source = self._source(scenario, "budget_patch", source)
        doc = self.sf.patched(scenario, "budget_patch", base)
        budget = Budget.parse(self.bundle.model, json.dumps(doc), source)
        return budget.scaled(self.scale) if self.scale != 1 else budget

    def _scheme_doc(self, scenario):
        """(document, base directory, source name) of the scenario's scheme; None for fee for service."""
        s = scenario.scheme
        if not scenario.scheme_given:
            if self.bundle.docs["scheme"] is None:
                if scenario.scheme_patch is not None:
                    self.sf.fail(scenario.where + ".scheme_patch", "the bundle has no scheme.json to patch")
                return None
            return self.bundle.docs["scheme"], self.bundle.dir, self.bundle.path("scheme.json")
        if s is None:
            return None
        if isinstance(s, str):
            path = self.bundle.path(s)
            try:
                return read_json(path), os.path.dirname(path), path
            except ScenarioError as exc:
                self.sf.fail(scenario.where + ".scheme", str(exc))
        return s, self.bundle.dir, "%s: %s.scheme" % (self.sf.path, scenario.where)

    def scheme(self, scenario):
        got = self._scheme_doc(scenario)
        if got is None:
            return None
        doc, base_dir, source = got
        if scenario.scheme_patch is not None:
            doc = self.sf.patched(scenario, "scheme_patch", doc)
            source = self._source(scenario, "scheme_patch", source)
        doc = scaling.scheme(doc, self.scale)
        return Scheme.parse(json.dumps(doc), self.bundle.model, self.bundle.dx, self.bundle.proc, source, base_dir)

    def options(self, scenario, budget):
        """County options: the file's seed and scale, the budget's year, the scenario's overrides."""
        opts = {"seed": self.seed, "population_scale": float(self.scale)}
        if budget is not None:
            opts["year"] = budget.year
            if scenario.county.get("year", budget.year) != budget.year:
                self.sf.fail(scenario.where + ".county.year", "the budget settles %d" % budget.year)
        opts.update(scenario.county)
        return opts

    def prepare(self, scenario):
        """Parse every document of a scenario (errors show before any long run): a :class:`Plan`."""
        rules_key, rules = self.rules(scenario)
        budget = self.budget(scenario)
        scheme = self.scheme(scenario)
        opts = self.options(scenario, budget)
        return Plan(scenario, rules, budget, scheme, opts, (rules_key, _canonical(opts)))

    def counties(self, plan, pool=None):
        """Start the year of a plan's rules and options and the year before it (:meth:`_before_of`), each
        generated once; with a ``pool`` (an executor) on it, their futures kept until :meth:`wait`."""
        submit = pool.submit if pool is not None else _now
        if plan.county_key not in self._counties:
            like = self._alive_like(plan)
            self._needs[plan.county_key] = needs_of(**plan.options)
            self._counties[plan.county_key] = [submit(self._c_call, plan.scenario, ".county", self._generate, like,
                                                      plan)]
        key, rules, opts = self._before_of(plan)
        if key not in self._befores:
            # its totals are all a year run reads
            self._befores[key] = [submit(self._c_call, self.baseline.scenario, ".county", County.generate_totals,
                                         self.bundle.model, rules, self.bundle.casemix, **opts)]

    def _alive_like(self, plan):
        """A county still in memory with the plan's residents and needs (its box), else None."""
        needs = needs_of(**plan.options)
        return next((self._counties[k] for k in self._counties if self._needs[k] == needs), None)

    def _generate(self, like, plan):
        """A plan's county: ``like``'s (a box) routed again under the plan's rules and options, else generated."""
        if like is not None:
            return County.generate_like(_resolved(like), plan.rules, **plan.options)
        return County.generate(self.bundle.model, plan.rules, self.bundle.casemix, **plan.options)

    def _before_of(self, plan):
        """(key, rules, options) of a plan's year before: the status quo, that is the baseline scenario's (the
        first's) rules and options, seed + 1, the year before the plan's.  Every scenario's growth is thus
        measured from the same year, the one before its reform."""
        base = self.baseline
        year = plan.options.get("year", option_defaults()["year"])
        opts = dict(base.options, seed=base.options["seed"] + 1, year=year - 1)
        return (base.county_key[0], _canonical(opts)), base.rules, opts

    def wait(self, plan):
        """A plan's county and year before once generated (raises a generation's error)."""
        return _resolved(self._counties[plan.county_key]), _resolved(self._befores[self._before_of(plan)[0]])

    def release(self, key):
        """Free a county no later scenario needs (a full-scale county is large)."""
        self._needs.pop(key, None)
        for county in self._counties.pop(key, ()):
            county.close()

    def close(self):
        """Free the years before (totals only: small, so kept until every scenario has run)."""
        for key in list(self._befores):
            for county in self._befores.pop(key):
                if hasattr(county, "result"):   # a future: resolved once the pool is shut down
                    if county.exception() is not None:
                        continue
                    county = county.result()
                county.close()

    def run(self, plan):
        """Run one planned scenario: a :class:`Result`."""
        self.counties(plan)
        county, previous = self.wait(plan)
        b = self.bundle
        year = self._c_call(plan.scenario, "", Year.run, b.model, county, previous, plan.scheme, plan.budget,
                            b.indicators, b.scorecard, b.inputs)
        try:
            return collect(plan, year, county, b)
        finally:
            year.close()


def _resolved(box):
    """The county in a box (a one-item list), once its future has its result (raises its error)."""
    box[:] = [p.result() if hasattr(p, "result") else p for p in box]
    return box[0]


def _now(func, *args, **kwargs):
    """A call made at once, as a pool would make it later."""
    return func(*args, **kwargs)


class Plan:
    """A scenario with its parsed documents and county options."""

    def __init__(self, scenario, rules, budget, scheme, options, county_key):
        self.scenario, self.rules, self.budget, self.scheme = scenario, rules, budget, scheme
        self.options, self.county_key = options, county_key


def _run_groups(runner, plans, groups, pool):
    """Each group's scenarios on its county, the next group's county generated meanwhile (so at most two
    are alive, besides the small years before); results in file order."""
    results = [None] * len(plans)
    keys = list(groups)
    for n, key in enumerate(keys):
        runner.counties(plans[groups[key][0]], pool)
        if n + 1 < len(keys):
            runner.counties(plans[groups[keys[n + 1]][0]], pool)
        runs = [(i, pool.submit(runner.run, plans[i])) for i in groups[key]]
        for i, future in runs:
            results[i] = future.result()
        if n + 1 < len(keys):
            runner.wait(plans[groups[keys[n + 1]][0]])   # it may be this county routed again
        runner.release(key)
    return results


def simulate(bundle_dir, scenarios, seed=None, scale=None, workers=2):
    """Run every scenario of a file (a path or a :class:`ScenarioFile`): a
    list of :class:`Result` in file order.  ``seed`` and ``scale`` override the file's; ``workers``
    threads make the C calls (the results are the same for any number)."""
    sf = scenarios if isinstance(scenarios, ScenarioFile) else ScenarioFile.load(scenarios)
    runner = Runner(Bundle(bundle_dir, sf), sf, seed, scale)
    plans = [runner.prepare(s) for s in sf.scenarios]
    runner.baseline = plans[0]
    # Scenarios that share a county run together, so few county pairs are alive at a time.
    groups = {}
    for i, plan in enumerate(plans):
        groups.setdefault(plan.county_key, []).append(i)
    try:
        with ThreadPoolExecutor(max_workers=max(1, int(workers))) as pool:
            results = _run_groups(runner, plans, groups, pool)
    finally:
        runner.close()
    # what the plots name: the county and the draw every figure comes from
    context = {"county": runner.bundle.model.locality_name, "bundle": os.path.basename(os.path.normpath(bundle_dir)),
               "seed": runner.seed, "scale": runner.scale}
    for r in results:
        r.context = dict(context, year=r.summary.get("year"))
    return results


# ---- results -------------------------------------------------------------------


def _nan_none(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) else x


def _indicator_rows(values, registry):
    rows = []
    for ind in registry:
        value, status = values.get(ind.index)
        rows.append({"indicator": ind.id, "name": ind.name, "unit": ind.unit, "target": ind.target,
                     "value": _nan_none(value), "status": status})
    return rows


def _budget_summary(report):
    county = report.community(None) if report is not None else {}
    out = {name: county.get(field) for name, field in BUDGET_FIELDS}
    out["outflow_share"] = _nan_none(report.outflow_share()) if report is not None else None
    return out


def _scheme_name(plan):
    if plan.scheme is None:
        return "ffs"
    return plan.scheme.id or "scheme"


def collect(plan, year, county, bundle):
    """Every figure of a year run as a :class:`Result` (plain values)."""
    model = bundle.model
    tiers = []
    for t in TIERS.names():
        tiers.append(dict({"tier": t}, **year.tier(t)))
    insts = []
    for inst in model.institutions():
        c = model.community_of(inst.index)
        insts.append(dict({"institution": inst.code, "name": inst.name, "tier": inst.tier,
                           "community": model.community(c).code if c is not None else ""},
                          **year.institution(inst.index)))
    indicators = _indicator_rows(year.indicator_values, bundle.indicators)
    values = {r["indicator"]: r["value"] for r in indicators}
    summary = {"scenario": plan.scenario.name, "scheme": _scheme_name(plan), "year": year.year,
               "residents": county.resident_count}
    summary.update(year.total())
    summary.update({k: values.get(k) for k in RATE_INDICATORS})
    # in the county: the pooling area of the rules the county was routed by, as the year report counts it
    summary["fund_in_county"] = sum(r["fund"] for i, r in enumerate(insts) if county.rules.inside(i))
    summary["fund_out_of_county"] = summary["fund"] - summary["fund_in_county"]
    summary.update(_budget_summary(year.budget_report))
    score = year.score(None)
    summary["score"] = score.total if score is not None else None
    summary["grade"] = score.grade if score is not None else ""
    return Result(plan.scenario, summary, tiers, insts, indicators)


# ---- tables ----------------------------------------------------------------------

SUMMARY_COLUMNS = (["scenario", "scheme", "year", "residents"] + list(YEAR_FIELDS) + list(RATE_INDICATORS)
                   + ["fund_in_county", "fund_out_of_county"] + [n for n, _ in BUDGET_FIELDS]
                   + ["outflow_share", "score", "grade"])
MONEY_COLUMNS = set(MONEY_FIELDS) | {"fund_in_county", "fund_out_of_county"} | {n for n, _ in BUDGET_FIELDS}


PCT_COLUMNS = set(RATE_INDICATORS)        # the indicators' own unit: percent
FRACTION_TO_PCT = {"outflow_share"}       # a fraction in the API, percent in the tables (budget.md)


def header(column):
    """A column's header naming its unit: money ``_yuan``, shares ``_pct``."""
    if column in MONEY_COLUMNS:
        return column + "_yuan"
    if column in PCT_COLUMNS or column in FRACTION_TO_PCT:
        return column + "_pct"
    return column


def _cell(column, value):
    """A CSV cell: money in yuan, shares in percent, floats with 6 decimals, missing values empty."""
    if value is None:
        return ""
    if column in MONEY_COLUMNS:
        return _yuan(value)
    if column in FRACTION_TO_PCT:
        value = 100.0 * value
    if isinstance(value, float):
        return "%.6f" % value
    return str(value)


def _write_csv(path, columns, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow([header(c) for c in columns])
        for row in rows:
            w.writerow([_cell(c, row.get(c)) for c in columns])


def write_tables(out_dir, results):
    """scenarios.csv, tiers.csv, institutions.csv and indicators.csv; returns their paths."""
    os.makedirs(out_dir, exist_ok=True)
    fields = list(YEAR_FIELDS)
    tables = {
        "scenarios.csv": (SUMMARY_COLUMNS, [r.summary for r in results]),
        "tiers.csv": (["scenario", "tier"] + fields,
                      [dict(t, scenario=r.name) for r in results for t in r.tiers]),
        "institutions.csv": (["scenario", "institution", "name", "tier", "community"] + fields,
                             [dict(t, scenario=r.name) for r in results for t in r.institutions]),
        "indicators.csv": (["scenario", "indicator", "name", "unit", "target", "value", "status"],
                           [dict(t, scenario=r.name) for r in results for t in r.indicators]),
    }
    paths = []
    for name, (columns, rows) in tables.items():
        paths.append(os.path.join(out_dir, name))
        _write_csv(paths[-1], columns, rows)
    return paths


def summary_lines(results):
    """A short text table of the scenarios (amounts in 10,000 yuan)."""
    def wan(fen):
        return "" if fen is None else "%.1f" % (fen / 1e6)

    def pct(x):
        return "" if x is None else "%.1f" % x

    head = ("scenario", "visits", "stays", "primary%", "county%", "fund 万元", "balance 万元", "score")
    rows = [head]
    for r in results:
        s = r.summary
        rows.append((r.name, str(s["visits"]), str(s["stays"]), pct(s["primary_visit_rate"]),
                     pct(s["county_visit_rate"]), wan(s["fund"]), wan(s["balance"]),
                     "" if s["score"] is None else "%.1f" % s["score"]))
    widths = [max(len(row[k]) for row in rows) for k in range(len(head))]
    return ["  ".join(c.ljust(w) if k == 0 else c.rjust(w) for k, (c, w) in enumerate(zip(row, widths)))
            for row in rows]


# ---- command line --------------------------------------------------------------


def _run(args):
    """simulate; with --outside-paths (the user's consent: their scenarios name tables of other bundles) bundle
    files may name paths outside their directory for this run only."""
    from . import set_outside_paths
    before = set_outside_paths(True) if args.outside_paths else None
    try:
        return _simulate(args)
    finally:
        if before is not None:
            set_outside_paths(before)


def _simulate(args):
    bad_seed = args.seed is not None and not 0 <= args.seed < 2 ** 64 - 1
    if bad_seed or args.scale is not None and not 0 < args.scale <= 100:
        print("yigongti simulate: --seed must be in 0 .. 2^64 - 2 and --scale in (0, 100]", file=sys.stderr)
        return 2
    if os.path.exists(args.out) and not os.path.isdir(args.out):
        # checked before the scenarios run, not after minutes of work
        raise UsageError("--out %s: exists and is not a directory" % args.out)
    import matplotlib  # noqa: F401  (the plots need it: say so before the scenarios run, not after)
    try:
        sf = ScenarioFile.load(args.scenarios)
        results = simulate(args.bundle, sf, args.seed, args.scale)
    except ScenarioError as exc:
        print("yigongti simulate: %s" % exc, file=sys.stderr)
        return 1
    paths = write_tables(args.out, results)
    from .simulate_plots import write_plots
    paths += write_plots(args.out, results)
    if not args.quiet:
        for line in summary_lines(results):
            print(line)
        print("wrote %s" % ", ".join(os.path.basename(p) for p in paths))
    return 0


def register(subparsers):
    p = subparsers.add_parser("simulate", help="compare scenarios of a county year (tables and plots)",
                              description="Run one synthetic county year of a bundle under every scenario of a "
                                          "scenario file (doc/formats/scenarios.md) and write CSV tables and PNG "
                                          "plots comparing them.")
    p.add_argument("--bundle", required=True, help="bundle directory (model.json, referral.json, ...)")
    p.add_argument("--scenarios", required=True, help="scenario file (JSON)")
    p.add_argument("--out", required=True, help="output directory (created when missing)")
    p.add_argument("--seed", type=int, help="seed of the synthetic county (overrides the file)")
    p.add_argument("--scale", type=float, help="residents per person of the model (overrides the file)")
    p.add_argument("--quiet", action="store_true", help="print nothing on success")
    p.add_argument("--outside-paths", action="store_true",
                   help="let the scenarios' patches name files outside the bundle (e.g. another bundle's DIP "
                        "catalogue); refused by default (doc/limits.md)")
    p.set_defaults(func=_run)


cli.subcommand(register)
