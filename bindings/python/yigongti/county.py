"""Synthetic county generator (``include/yigongti/county.h``): a seeded year
of residents, visits and stays, routed by a bundle's referral rules.

>>> cm = Casemix.load("examples/data/casemix.tsv")
>>> m = Model.load("examples/data/chunan")
>>> rules = ReferralRules.load(m, cm.codes("diagnosis"), "examples/data/chunan")
>>> c = County.generate(m, rules, cm, seed=7, population_scale=0.1)
>>> c.column("cost").sum() == c.column("fund").sum() + c.column("patient_paid").sum()
True
>>> budget.settle(c.encounters)      # an Encounters batch owned by the county
>>> pack.group(c.cases)              # a Cases batch (load the case mix with the pack's dictionaries)

Every number comes from the C library; money is integer fen.  Column arrays
are numpy views of the county's memory: read-only, and they keep the
county alive.
"""
import ctypes
import os

from .deprecated import alias
from ._lib import Handle, borrowed, fn
from .cases import Cases
from .drg import _PackCodes as _BorrowedCodes  # a dictionary owned by another object
from .errors import check
from .referral import PHASES as _PHASES, SETTINGS as _SETTINGS
from .score import Encounters
from .score import _D, _I32, _I32P, _INT, _P, _PP, _S, _SZ, _b, _names, _s

_U64 = ctypes.c_uint64
KINDS = {"diagnosis": 1, "procedure": 2}
SETTINGS = _SETTINGS.names()
PHASES = _PHASES.names()
FIELDS = ["sex", "age_from", "age_to", "rate", "cost", "cost_cv", "los", "emergency", "diagnosis", "procedure",
          "phase", "phase_share", "continuation", "continuation_share", "specialty_share"]


class _Options(ctypes.Structure):
    _fields_ = [("version", _INT), ("seed", _U64), ("year", ctypes.c_int32),
                ("population_scale", _D), ("outpatient_factor", _D), ("inpatient_factor", _D),
                ("primary_first_contact", _D), ("out_of_county_bypass", _D), ("inpatient_bypass", _D),
                ("village_share", _D), ("tier_cost", _D * 6), ("bypass_weight", _D * 3), ("los_cv", _D),
                ("emergency_acuity", ctypes.c_int32), ("inpatient_ask_out", _D), ("bypass_slip", _D),
                ("cost_response", _D), ("male_share", _D), ("age_pyramid", _D * 20)]


_ARRAYS = ("tier_cost", "bypass_weight", "age_pyramid")
# The options that shape the residents and needs (ygt_county_generate_like() keeps them).
NEEDS_OPTIONS = ("seed", "year", "population_scale", "outpatient_factor", "inpatient_factor", "los_cv",
                 "male_share", "age_pyramid")


_cm_load = fn("ygt_casemix_load", _INT, _PP, _P, _P, _S)
_cm_free = fn("ygt_casemix_free", None, _P)
_cm_codes = fn("ygt_casemix_codes", _P, _P, _INT)
_cm_count = fn("ygt_casemix_count", _SZ, _P)
_cm_find = fn("ygt_casemix_find", _I32, _P, _S)
_cm_text = {k: fn("ygt_casemix_" + k, _S, _P, _I32) for k in ("condition", "name", "group", "long_stay", "workload")}
_cm_setting = fn("ygt_casemix_setting", _INT, _P, _I32)
_cm_value = fn("ygt_casemix_value", _INT, ctypes.POINTER(_D), _P, _I32, _INT)
_cm_codes_of = fn("ygt_casemix_codes_of", _INT, ctypes.POINTER(_I32P), ctypes.POINTER(_SZ), _P, _I32, _INT)

_options_init_version = fn("ygt_county_options_init_version", _INT, ctypes.POINTER(_Options), _INT)
_age_share = fn("ygt_county_age_share", _D, _INT)
_generate = fn("ygt_county_generate", _INT, _PP, _P, _P, _P, ctypes.POINTER(_Options))
_generate_totals = fn("ygt_county_generate_totals", _INT, _PP, _P, _P, _P, ctypes.POINTER(_Options))
_generate_like = fn("ygt_county_generate_like", _INT, _PP, _P, _P, ctypes.POINTER(_Options))
_free = fn("ygt_county_free", None, _P)
_year = fn("ygt_county_year", ctypes.c_int32, _P)
_resident_count = fn("ygt_county_resident_count", _SZ, _P)
_event_count = fn("ygt_county_event_count", _SZ, _P)
_column_name = fn("ygt_county_column_name", _S, _INT)
_column_width = fn("ygt_county_column_width", _INT, _INT)
_column = fn("ygt_county_column", _INT, _PP, ctypes.POINTER(_SZ), _P, _INT)
_encounters = fn("ygt_county_encounters", _P, _P)
_cases = fn("ygt_county_cases", _P, _P)

COLUMNS = _names(_column_name)
_INT8_SIGNED = {1: "i1", 4: "<i4", 8: "<i8"}


def age_share(age):
    """Share of residents of one age in the built-in age pyramid (0 outside 0..99)."""
    return _age_share(int(age))


def _kind(kind):
    return KINDS[kind] if isinstance(kind, str) else int(kind)


class Casemix(Handle):
    """A validated case-mix file (doc/formats/casemix.md)."""

    _free = _cm_free

    @classmethod
    def load(cls, path, dx=None, proc=None, pack=None):
        """Load a case mix.  Without dictionaries it builds its own from the
        codes it names; ``pack`` (a DRG :class:`Pack`) uses the pack's, so that
        the county's case batch can be grouped."""
        if pack is not None:
            dx, proc = pack.dx_codes, pack.proc_codes
        out = _P()
        check(_cm_load(ctypes.byref(out), dx, proc, _b(os.fspath(path))))
        cm = cls(out.value, keep=(dx, proc, pack))
        return cm

    def codes(self, kind):
        """The dictionary (``"diagnosis"`` or ``"procedure"``) the code ids refer to."""
        return _BorrowedCodes(_cm_codes(self, _kind(kind)), self)

    def __len__(self):
        return _cm_count(self)

    def find(self, condition):
        """Index of a condition id, -1 when unknown."""
        return _cm_find(self, _b(condition))

    def _index(self, i):
        if isinstance(i, str):
            k = self.find(i)
            if k < 0:
                raise KeyError(i)
            return k
        return int(i)

    def text(self, i, what):
        """``condition``, ``name``, ``group``, ``long_stay`` or ``workload`` of a condition."""
        return _s(_cm_text[what](self, self._index(i)))

    def setting(self, i):
        return SETTINGS[check(_cm_setting(self, self._index(i)))]

    def value(self, i, field):
        """A number of a condition (see ``FIELDS``)."""
        x = _D()
        check(_cm_value(ctypes.byref(x), self, self._index(i), FIELDS.index(field) if isinstance(field, str) else field))
        return x.value

    def codes_of(self, i, kind):
        """Code ids of the secondary diagnoses (``"diagnosis"``) or procedures."""
        ids, n = _I32P(), _SZ()
        check(_cm_codes_of(ctypes.byref(ids), ctypes.byref(n), self, self._index(i), _kind(kind)))
        return [ids[k] for k in range(n.value)]

    def conditions(self):
        """Every condition as a dict (codes as strings)."""
        dx, px = self.codes("diagnosis"), self.codes("procedure")
        out = []
        for i in range(len(self)):
            row = {w: self.text(i, w) for w in ("condition", "name", "group", "long_stay", "workload")}
            row["setting"] = self.setting(i)
            row.update({f: self.value(i, f) for f in FIELDS[:8]})
            row["diagnosis"] = dx.code(int(self.value(i, "diagnosis")))
            row["secondary"] = [dx.code(k) for k in self.codes_of(i, "diagnosis")]
            row["procedures"] = [px.code(k) for k in self.codes_of(i, "procedure")]
            row["phase"] = PHASES[int(self.value(i, "phase"))]
            row["phase_share"] = self.value(i, "phase_share")
            nxt = int(self.value(i, "continuation"))
            row["continuation"] = self.text(nxt, "condition") if nxt >= 0 else None
            row["continuation_share"] = self.value(i, "continuation_share")
            row["specialty_share"] = self.value(i, "specialty_share")
            out.append(row)
        return out


def options(settings=None, **kwargs):
    """A ``ygt_county_options`` structure: the defaults, then a bundle's
    ``settings`` (:class:`yigongti.CountySettings`) for the year ``year``
    (default: the settings' base year; ``population_scale`` is multiplied by
    their ``population``), then the other keyword arguments (names of the C
    fields; arrays as sequences)."""
    o = _Options()
    check(_options_init_version(ctypes.byref(o), 2))  # the struct above is version 2
    if settings is not None:
        o.population_scale = float(kwargs.pop("population_scale", 1.0))
        settings.apply(o, kwargs.pop("year", settings.base_year))
    names = {f[0] for f in _Options._fields_} - {"version"}
    for key, value in kwargs.items():
        if key not in names:
            raise TypeError("unknown county option %r" % key)
        if key in _ARRAYS:
            arr = getattr(o, key)
            if len(value) != len(arr):
                raise ValueError("%s needs %d values" % (key, len(arr)))
            for k, v in enumerate(value):
                arr[k] = float(v)
        else:
            setattr(o, key, _in_range(key, value, dict(_Options._fields_)[key]))
    return o


def _in_range(key, value, ctype):
    """ctypes stores an integer modulo 2^bits (seed=-1 ran as 2^64 - 1), and an
    integer beyond a double raised OverflowError: refuse what the C field
    cannot hold, naming the option."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    if ctype in (_D,):
        try:
            return float(value)
        except OverflowError:
            raise ValueError("county option %s: %d does not fit a double" % (key, value)) from None
    bits = 8 * ctypes.sizeof(ctype)
    lo, hi = (0, 2 ** bits - 1) if ctype(-1).value > 0 else (-2 ** (bits - 1), 2 ** (bits - 1) - 1)
    if not lo <= value <= hi:
        raise ValueError("county option %s: %d is outside %d .. %d" % (key, value, lo, hi))
    return value


def _field(o, name):
    """An option of a struct as a plain value (arrays as lists)."""
    return list(getattr(o, name)) if name in _ARRAYS else getattr(o, name)


def _needs(o):
    return tuple(tuple(v) if isinstance(v, list) else v for v in (_field(o, k) for k in NEEDS_OPTIONS))


def needs_of(**kwargs):
    """The options that shape the residents and needs (``NEEDS_OPTIONS``) as :meth:`County.generate`
    resolves them from these keyword arguments: counties whose values are equal have the same needs."""
    return _needs(options(**kwargs))


def option_defaults():
    """The default options as a dict."""
    o = options()
    return {f[0]: _field(o, f[0]) for f in _Options._fields_ if f[0] != "version"}


class County(Handle):
    """One synthetic year (``ygt_county``); keeps its model, rules and case mix alive."""

    _free = _free

    @classmethod
    def generate(cls, model, rules, casemix, **kwargs):
        """Generate a year; options as keyword arguments (``seed``, ``year``,
        ``population_scale``, ``outpatient_factor``, ``inpatient_factor``,
        ``primary_first_contact``, ``out_of_county_bypass``, ``inpatient_bypass``,
        ``village_share``, ``tier_cost``, ``bypass_weight``, ``los_cv``,
        ``emergency_acuity``, ``inpatient_ask_out``, ``bypass_slip``, ``cost_response``,
        ``male_share``, ``age_pyramid``), and ``settings`` (a bundle's
        :class:`yigongti.CountySettings`, applied for ``year`` before the other options)."""
        return cls._made(_generate, model, rules, casemix, kwargs)

    @classmethod
    def generate_totals(cls, model, rules, casemix, **kwargs):
        """The year's encounter totals only (``ygt_county_generate_totals``), options as :meth:`generate`:
        the same events summed as they are made, not kept (no event columns, no cases), so a fraction of
        the memory; ``encounters`` has one row per institution, grid, setting, insurance and referral.
        :meth:`yigongti.Year.run` takes it as the year before with the same result as the full county."""
        return cls._made(_generate_totals, model, rules, casemix, kwargs)

    @classmethod
    def generate_like(cls, like, rules, **kwargs):
        """The year :meth:`generate` makes with ``like``'s model and case mix, these ``rules`` and options
        (``ygt_county_generate_like``), from ``like``'s residents and needs, routed again: about three quarters
        of a generation's work.  The options in ``NEEDS_OPTIONS`` must be ``like``'s
        (:meth:`shares_needs`); ``like`` may be closed afterwards."""
        o = options(**kwargs)
        out = _P()
        check(_generate_like(ctypes.byref(out), like, rules, ctypes.byref(o)))
        return cls._wrap(out.value, like.model, rules, like.casemix, o)

    def shares_needs(self, **kwargs):
        """Whether a county of these options (as :meth:`generate` takes them) has this county's residents
        and needs, so that :meth:`generate_like` can make it from this one."""
        mine = getattr(self, "_options", None)
        return mine is not None and self.event_count > 0 and _needs(mine) == needs_of(**kwargs)

    @classmethod
    def _made(cls, generator, model, rules, casemix, kwargs):
        o = options(**kwargs)
        out = _P()
        check(generator(ctypes.byref(out), model, rules, casemix, ctypes.byref(o)))
        return cls._wrap(out.value, model, rules, casemix, o)

    @classmethod
    def _wrap(cls, handle, model, rules, casemix, o):
        county = cls(handle, keep=(model, rules, casemix))
        county.model, county.rules, county.casemix, county._options = model, rules, casemix, o
        return county

    @property
    def year(self):
        return _year(self)

    @property
    def resident_count(self):
        return _resident_count(self)

    @property
    def event_count(self):
        return _event_count(self)

    def column(self, name):
        """A column (see ``COLUMNS``) as a read-only numpy view that keeps the county alive."""
        import numpy as np
        col = COLUMNS.index(name) if isinstance(name, str) else int(name)
        width = check(_column_width(col))
        data, n = _P(), _SZ()
        check(_column(ctypes.byref(data), ctypes.byref(n), self, col))
        if not n.value:
            return np.zeros(0, dtype=_INT8_SIGNED[width])
        buf = (ctypes.c_char * (n.value * width)).from_address(data.value)
        buf._owner = self  # the view's base keeps the county alive
        arr = np.frombuffer(buf, dtype=_INT8_SIGNED[width])
        arr.flags.writeable = False
        return arr

    def columns(self, kind="event"):
        """Every event (or ``"resident"``) column as a dict of numpy views."""
        want = [c for c in COLUMNS if c.startswith("resident_") == (kind == "resident")]
        return {c: self.column(c) for c in want}

    def to_dataframe(self, kind="event"):
        """The event (or resident) columns as a pandas DataFrame (copied)."""
        import pandas as pd
        return pd.DataFrame({k: v.copy() for k, v in self.columns(kind).items()})

    frame = alias(to_dataframe, "frame")

    @property
    def encounters(self):
        """Every event as an :class:`Encounters` batch owned by the county."""
        return borrowed(Encounters, _encounters(self), self)

    @property
    def cases(self):
        """The stays as a :class:`Cases` batch owned by the county."""
        return borrowed(Cases, _cases(self), self, _arrays=[])
