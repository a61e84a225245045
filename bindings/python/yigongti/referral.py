"""Referral routing (``include/yigongti/referral.h``): tiered rules as data,
one decision per request, with the money it means for the patient.

>>> dx = Codes.load("icd10_yibao_v2.0.tsv")
>>> model = Model.load("examples/data/ninghai")
>>> rules = ReferralRules.load(model, dx, "examples/data/ninghai")
>>> d = rules.decide("NH-H01", ["I10.x00"], grid="NH-G01")
>>> d.route, d.destination_codes, d.ratio, d.trace
('refer_down', ['NH-T01', ...], 0.6, ['first_contact', ...])

Enumeration values are their names ("refer_up", "in-progress", "inpatient"
...); institutions and grids may be given as codes or model indices,
diagnoses as codes or dictionary ids.  Money is integer fen.
"""
import ctypes

from ._lib import Handle, fn, names
from .errors import InvalidArgumentError, YgtError, check

_P = ctypes.c_void_p
_INT = ctypes.c_int
_I32 = ctypes.c_int32
_I64 = ctypes.c_int64
_S = ctypes.c_char_p
_I32P = ctypes.POINTER(_I32)
_I64P = ctypes.POINTER(_I64)
_DP = ctypes.POINTER(ctypes.c_double)

MAX_DESTINATIONS = 8
MAX_TRACE = 24


def _b(text):
    return None if text is None else str(text).encode("utf-8")


def _s(raw):
    return None if raw is None else raw.decode("utf-8")


class NameEnum:
    """An enumeration of referral.h: ``name(value)``, ``value(name)``, ``names()``."""

    def __init__(self, prefix, parse=True):
        self._name = fn(prefix + "_name", _S, _INT)
        self._from = fn(prefix + "_from_name", _INT, ctypes.POINTER(_INT), _S) if parse else None

    def name(self, value):
        return _s(self._name(value))

    def value(self, name):
        """The number of a name (an int is passed through); raises NotFoundError."""
        if isinstance(name, int):
            return name
        out = _INT()
        check(self._from(ctypes.byref(out), _b(name)))
        return out.value

    def names(self):
        """Every name, in value order."""
        return names(self._name)


ROUTES = NameEnum("ygt_route")
DIRECTIONS = NameEnum("ygt_direction")
STATES = NameEnum("ygt_referral_state")
SETTINGS = NameEnum("ygt_setting")
PHASES = NameEnum("ygt_phase")
CONTINUITIES = NameEnum("ygt_continuity")
PRIORITIES = NameEnum("ygt_priority")
RULE_KINDS = NameEnum("ygt_referral_rule_kind", parse=False)
_transition = fn("ygt_referral_state_transition_allowed", _INT, _INT, _INT)


def transition_allowed(from_state, to_state):
    """Whether a referral may go from one FHIR state to another."""
    return bool(_transition(STATES.value(from_state), STATES.value(to_state)))


def priority_names(mask):
    return tuple(n for v, n in enumerate(PRIORITIES.names()) if mask & (1 << v))


class _Request(ctypes.Structure):
    _fields_ = [("version", _INT), ("age", _I32), ("sex", _I32), ("grid", _I32), ("insurance", _I32),
                ("institution", _I32), ("diagnoses", _I32P), ("ndiagnoses", ctypes.c_size_t),
                ("acuity", _I32), ("phase", _I32), ("setting", _I32), ("direction", _I32),
                ("slip_issuer", _I32), ("slip_day", _I32), ("today", _I32), ("cost_fen", _I64)]


class _Decision(ctypes.Structure):
    _fields_ = [("version", _INT), ("route", _I32), ("state", _I32), ("priority", _I32),
                ("ndestinations", _I32), ("destinations", _I32 * MAX_DESTINATIONS), ("institution", _I32),
                ("tier", _I32), ("setting", _I32), ("slip_valid", _I32), ("continuity", _I32),
                ("ratio", ctypes.c_double), ("deductible_fen", _I64), ("fund_fen", _I64), ("patient_fen", _I64),
                ("ntrace", _I32), ("trace_truncated", _I32), ("trace", _I32 * MAX_TRACE)]


_INPUTS = [("institution", _I32P), ("diagnosis", _I32P), ("age", _I32P), ("sex", _I32P), ("grid", _I32P),
           ("insurance", _I32P), ("acuity", _I32P), ("phase", _I32P), ("setting", _I32P),
           ("direction", _I32P), ("slip_issuer", _I32P), ("slip_day", _I32P), ("today", _I32P),
           ("cost_fen", _I64P), ("episode_institution", _I32P), ("episode_paid_fen", _I64P)]
_OUTPUTS = [("status", _I32P), ("route", _I32P), ("state", _I32P), ("priority", _I32P),
            ("destination", _I32P), ("tier", _I32P), ("ratio", _DP), ("deductible_fen", _I64P),
            ("fund_fen", _I64P), ("patient_fen", _I64P)]


class _Columns(ctypes.Structure):
    _fields_ = [("version", _INT), ("n", ctypes.c_size_t)] + _INPUTS + _OUTPUTS


_request_init = fn("ygt_referral_request_init", None, ctypes.POINTER(_Request))
_decision_init = fn("ygt_referral_decision_init", None, ctypes.POINTER(_Decision))
_columns_init = fn("ygt_referral_columns_init", None, ctypes.POINTER(_Columns))
_load = fn("ygt_referral_rules_load", _INT, ctypes.POINTER(_P), _P, _P, _S)
_parse = fn("ygt_referral_rules_parse", _INT, ctypes.POINTER(_P), _P, _P, _S, _S, _S)
_free = fn("ygt_referral_rules_free", None, _P)
_count = fn("ygt_referral_rules_count", ctypes.c_size_t, _P)
_rule_id = fn("ygt_referral_rules_rule_id", _S, _P, _I32)
_rule_kind = fn("ygt_referral_rules_rule_kind", _INT, _P, _I32)
_rule_origin = fn("ygt_referral_rules_rule_origin", _S, _P, _I32)
_slip_days = fn("ygt_referral_rules_slip_valid_days", _INT, _P)
_inside = fn("ygt_referral_rules_inside", _INT, _P, _I32)
_decide = fn("ygt_referral_decide", _INT, ctypes.POINTER(_Decision), _P, ctypes.POINTER(_Request), _P)
_decide_batch = fn("ygt_referral_decide_batch", _I64, _P, ctypes.POINTER(_Columns))
_ep_new = fn("ygt_episode_new", _INT, ctypes.POINTER(_P))
_ep_free = fn("ygt_episode_free", None, _P)
_ep_record = fn("ygt_episode_record", _INT, _P, _P, ctypes.POINTER(_Decision))
_ep_set = fn("ygt_episode_set", _INT, _P, _I32, _I64)
_ep_set_state = fn("ygt_episode_set_state", _INT, _P, _INT)
_ep_institution = fn("ygt_episode_institution", _I32, _P)
_ep_paid = fn("ygt_episode_paid_fen", _I64, _P)
_ep_state = fn("ygt_episode_state", _INT, _P)
_ep_steps = fn("ygt_episode_steps", _I32, _P)


class Decision:
    """One decision, decoded: names for enumerations, model indices and
    codes for destinations, rule ids for the trace."""

    def __init__(self, raw, rules):
        self._raw = raw
        model = rules.model
        self.route = ROUTES.name(raw.route)
        self.state = STATES.name(raw.state)
        self.priority = priority_names(raw.priority)
        self.destinations = list(raw.destinations[:raw.ndestinations])
        self.destination_codes = [model.institution(i).code for i in self.destinations]
        self.institution = raw.institution if raw.institution >= 0 else None
        self.tier = _tier_name(raw.tier)
        self.setting = SETTINGS.name(raw.setting)
        self.slip_valid = bool(raw.slip_valid)
        self.continuity = CONTINUITIES.name(raw.continuity) if raw.continuity >= 0 else None
        self.ratio = raw.ratio
        self.deductible_fen = raw.deductible_fen
        self.fund_fen = raw.fund_fen
        self.patient_fen = raw.patient_fen
        self.trace = [rules.rule_id(k) for k in raw.trace[:raw.ntrace]]
        self.trace_truncated = bool(raw.trace_truncated)

    def as_dict(self):
        return {k: v for k, v in vars(self).items() if not k.startswith("_")}

    def __repr__(self):
        return "Decision(%s)" % ", ".join("%s=%r" % kv for kv in self.as_dict().items())


def _tier_name(value):
    from .model import TIERS
    return TIERS.name(value)


class ReferralRules(Handle):
    """An immutable, validated referral rule set over a model and a diagnosis
    dictionary (both kept alive by it)."""

    _free = _free

    def __init__(self, ptr, model, codes):
        super().__init__(ptr, keep=(model, codes))
        self.model = model
        self.codes = codes

    @classmethod
    def load(cls, model, codes, path):
        """Load a bundle directory (its referral.json) or a rule file (doc/formats/referral.md)."""
        out = _P()
        check(_load(ctypes.byref(out), model, codes, _b(path)))
        return cls(out.value, model, codes)

    @classmethod
    def parse(cls, model, codes, text, source=None, base_dir=None):
        """Build rules from JSON text; table paths are relative to ``base_dir``."""
        out = _P()
        check(_parse(ctypes.byref(out), model, codes, _b(text), _b(source), _b(base_dir)))
        return cls(out.value, model, codes)

    def __len__(self):
        return _count(self)

    def rule_id(self, index):
        raw = _rule_id(self, index)
        if raw is None:
            raise IndexError("rule %r out of range" % (index,))
        return _s(raw)

    def rules(self):
        """Every rule as ``(id, kind, origin)``, in index order."""
        return [(self.rule_id(i), RULE_KINDS.name(check(_rule_kind(self, i))), _s(_rule_origin(self, i)))
                for i in range(len(self))]

    @property
    def slip_valid_days(self):
        return check(_slip_days(self))

    def inside(self, institution):
        """Whether an institution (index or code) is inside the rules' pooling area: its tier is below
        ``out_of_county.tier`` or it is listed in ``out_of_county.inside``."""
        return bool(check(_inside(self, self._inst(institution))))

    # ---- arguments ----------------------------------------------------------
    def _inst(self, value, none_ok=False):
        if value is None and none_ok:
            return -1
        if isinstance(value, str):
            found = self.model.find_institution(value)
            if found is None:
                raise InvalidArgumentError(-2, "unknown institution %r" % value)
            return found
        return int(value)

    def _grid(self, value):
        if value is None:
            return -1
        if isinstance(value, str):
            found = self.model.find_grid(value)
            if found is None:
                raise InvalidArgumentError(-2, "unknown grid %r" % value)
            return found
        return int(value)

    def _dx(self, value):
        if isinstance(value, str):
            found = self.codes.id(value)
            return -6 if found is None else found
        return int(value)

    def decide(self, institution, diagnoses, grid=None, age=-1, sex=0, insurance="resident", acuity=0,
               phase="acute", setting="outpatient", direction="decide", slip_issuer=None, slip_day=0, today=0,
               cost_fen=0, episode=None):
        """Decide one request; returns a :class:`Decision` with its trace."""
        from .model import INSURANCES
        if isinstance(diagnoses, (str, int)):
            diagnoses = [diagnoses]
        ids = (_I32 * max(1, len(diagnoses)))(*[self._dx(d) for d in diagnoses])
        req = _Request()
        _request_init(ctypes.byref(req))
        req.institution = self._inst(institution)
        req.diagnoses = ids
        req.ndiagnoses = len(diagnoses)
        req.grid, req.age, req.sex = self._grid(grid), age, sex
        req.insurance = INSURANCES.value(insurance)
        req.acuity, req.phase, req.setting = acuity, PHASES.value(phase), SETTINGS.value(setting)
        req.direction = DIRECTIONS.value(direction)
        req.slip_issuer = self._inst(slip_issuer, none_ok=True)
        req.slip_day, req.today, req.cost_fen = slip_day, today, cost_fen
        out = _Decision()
        _decision_init(ctypes.byref(out))
        check(_decide(ctypes.byref(out), self, ctypes.byref(req), episode))
        return Decision(out, self)

    def decide_batch(self, **columns):
        """Decide many requests given as numpy columns (one per input field of
        ``ygt_referral_columns``: institution and diagnosis required, as
        model indices and code ids; the others optional).  Returns a dict of
        numpy arrays: status, route, state, priority, destination, tier,
        ratio, deductible_fen, fund_fen, patient_fen."""
        import numpy as np
        names = dict(_INPUTS)
        unknown = set(columns) - set(names)
        if unknown:
            raise InvalidArgumentError(-2, "unknown columns: %s" % ", ".join(sorted(unknown)))
        if "institution" not in columns or "diagnosis" not in columns:
            raise InvalidArgumentError(-2, "the institution and diagnosis columns are required")
        n = len(columns["institution"])
        keep, cols = [], _Columns()
        _columns_init(ctypes.byref(cols))
        cols.n = n
        for name, ptype in _INPUTS:
            if name in columns:
                dtype = np.int64 if ptype is _I64P else np.int32
                arr = np.ascontiguousarray(columns[name], dtype=dtype)
                if arr.shape != (n,):
                    raise InvalidArgumentError(-2, "column %s has %d values, not %d" % (name, arr.size, n))
                keep.append(arr)
                setattr(cols, name, arr.ctypes.data_as(ptype))
        out = {}
        for name, ptype in _OUTPUTS:
            dtype = np.float64 if ptype is _DP else np.int64 if ptype is _I64P else np.int32
            out[name] = np.empty(n, dtype=dtype)
            setattr(cols, name, out[name].ctypes.data_as(ptype))
        check(_decide_batch(self, ctypes.byref(cols)))
        return out


class Episode(Handle):
    """The transfers of one illness: where the patient is, the deductible
    paid so far and the referral's FHIR state."""

    _free = _ep_free

    def __init__(self, institution=None, paid_fen=0):
        out = _P()
        check(_ep_new(ctypes.byref(out)))
        super().__init__(out.value)
        if institution is not None or paid_fen:
            check(_ep_set(self, -1 if institution is None else institution, paid_fen))

    def set(self, institution, paid_fen):
        check(_ep_set(self, -1 if institution is None else institution, paid_fen))

    def record(self, rules, decision):
        """The patient followed ``decision`` (made with this episode)."""
        check(_ep_record(self, rules, ctypes.byref(decision._raw)))

    def set_state(self, state):
        check(_ep_set_state(self, STATES.value(state)))

    @property
    def institution(self):
        i = _ep_institution(self)
        return None if i < 0 else i

    @property
    def paid_fen(self):
        return _ep_paid(self)

    @property
    def state(self):
        return STATES.name(_ep_state(self))

    @property
    def steps(self):
        return _ep_steps(self)


# ---- command line: python3 -m yigongti route ----------------------------------

_CSV_INPUTS = ["institution", "diagnosis", "grid", "age", "sex", "insurance", "acuity", "phase", "setting",
               "direction", "slip_issuer", "slip_day", "today", "cost_fen", "episode_institution",
               "episode_paid_fen"]


def _column_values(rules, path, header, rows, name):
    """The column's values converted; a bad one is an error naming the file's line and the field."""
    from . import tables
    from .model import INSURANCES
    convert = {
        "institution": rules._inst, "slip_issuer": lambda v: rules._inst(v or None, none_ok=True),
        "episode_institution": lambda v: rules._inst(v or None, none_ok=True), "grid": lambda v: rules._grid(v or None),
        "diagnosis": rules._dx, "insurance": INSURANCES.value, "phase": PHASES.value, "setting": SETTINGS.value,
        "direction": DIRECTIONS.value,
    }.get(name, int)
    out = []
    for line, row in rows:
        try:
            out.append(convert(row[name]))
        except (YgtError, ValueError, KeyError) as exc:
            text = exc.message if isinstance(exc, YgtError) else str(exc)
            raise tables.error(path, line, header.index(name) + 1, name, "%s: %r" % (text, row[name])) from None
    return out


def route_file(rules, requests_path, out_path, keep=()):
    """Decide every row of a CSV of requests (columns named as the fields of
    ``ygt_referral_columns``, institutions and grids as codes, diagnoses as
    codes, enumerations as names; ``institution`` and ``diagnosis``
    required; ``id`` and the ``keep`` columns passed through, any other
    column an error, read strictly as by :mod:`yigongti.tables`) into a CSV
    of decisions.  Returns the number of rows with an error status."""
    import csv
    from . import tables
    header, lines = tables.read(requests_path, known=_CSV_INPUTS + ["id"], required=("institution", "diagnosis"),
                                allow=tuple(keep), sep=",")
    rows = [row for _, row in lines]
    fields = header
    n = len(rows)
    cols = _Columns()
    _columns_init(ctypes.byref(cols))
    cols.n = n
    keep = []
    for name, ptype in _INPUTS:
        if name in fields:
            ctype = _I64 if ptype is _I64P else _I32
            arr = (ctype * max(1, n))(*_column_values(rules, str(requests_path), header, lines, name))
            keep.append(arr)
            setattr(cols, name, arr)
    outs = {}
    for name, ptype in _OUTPUTS:
        ctype = ctypes.c_double if ptype is _DP else _I64 if ptype is _I64P else _I32
        outs[name] = (ctype * max(1, n))()
        setattr(cols, name, outs[name])
    bad = check(_decide_batch(rules, ctypes.byref(cols)))
    from .errors import error_name
    from .model import TIERS
    passthrough = [k for k in fields if k not in _CSV_INPUTS]
    with open(out_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(passthrough + ["status", "route", "state", "priority", "destination", "tier", "ratio",
                                  "deductible_fen", "fund_fen", "patient_fen"])
        for i, row in enumerate(rows):
            ok = outs["status"][i] == 0
            dest = outs["destination"][i]
            w.writerow([row[k] for k in passthrough] + [
                "ok" if ok else error_name(outs["status"][i]),
                ROUTES.name(outs["route"][i]) if ok else "", STATES.name(outs["state"][i]) if ok else "",
                ";".join(priority_names(outs["priority"][i])),
                rules.model.institution(dest).code if dest >= 0 else "",
                TIERS.name(outs["tier"][i]) if ok else "", "%.6g" % outs["ratio"][i],
                outs["deductible_fen"][i], outs["fund_fen"][i], outs["patient_fen"][i]])
    return bad


def _route(args):
    import os
    import sys
    from .codes import Codes
    from .model import Model
    icd = args.icd or os.path.join(os.environ.get("YGT_SHARED_DATA", "../shared/data"), "icd",
                                   "icd10_yibao_v2.0.tsv")
    from .textfile import read_rows
    read_rows(args.requests)   # the user's own file first: its mistakes before the dictionary's
    with Codes.load(icd) as codes, Model.load(args.bundle) as model:
        with ReferralRules.load(model, codes, args.bundle) as rules:
            bad = route_file(rules, args.requests, args.out, keep=[k for k in (args.keep or "").split(",") if k])
    if bad:
        print("yigongti: %d request(s) could not be decided (see the status column)" % bad, file=sys.stderr)
    return 1 if bad else 0


def _register(subparsers):
    parser = subparsers.add_parser("route", help="decide referral routes for a CSV of requests")
    parser.add_argument("--bundle", required=True, help="bundle directory with model.json and referral.json")
    parser.add_argument("--requests", required=True, help="CSV of requests (doc/formats/referral.md)")
    parser.add_argument("--out", required=True, help="CSV of decisions to write")
    parser.add_argument("--keep", metavar="COLS", help="comma-separated extra columns of the requests copied to "
                                                       "the decisions (besides id); other unknown columns are an error")
    parser.add_argument("--icd", help="ICD-10 医保版 dictionary (default: $YGT_SHARED_DATA/icd/icd10_yibao_v2.0.tsv)")
    parser.set_defaults(func=_route)


def _register_cli():
    from . import cli  # imported late: cli needs the package's version()
    cli.subcommand(_register)


_register_cli()
