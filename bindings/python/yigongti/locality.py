"""A bundle's behaviour and its documents' figures: generator settings
(``include/yigongti/county_settings.h``, a bundle's ``county.json``), targets
(``targets.h``, ``targets.tsv``) and calibration (``calibrate.h``).

>>> s = CountySettings.load("examples/data/chunan/county.json")
>>> s.get("outpatient_factor"), s.get("trend.2000.outpatient_factor")
>>> County.generate(model, rules, cm, settings=s, year=2023)   # the year before, as the document says
>>> t = Targets.load(Indicators.load("examples/data/indicators.tsv"), "examples/data/chunan/targets.tsv")
>>> c = calibrate(model, rules, cm, t, s, scheme=scheme, population_scale=0.1)
>>> c.distances, c.within
>>> open("county.json", "w").write(c.settings.json())
"""
import ctypes
import os

from ._lib import Handle, borrowed, fn
from .errors import check
from .score import _D, _I32, _INT, _P, _PP, _S, _SZ, _b

_U64 = ctypes.c_uint64
_I64 = ctypes.c_int64

_load = fn("ygt_county_settings_load", _INT, _PP, _S)
_parse = fn("ygt_county_settings_parse", _INT, _PP, _S, _S)
_free = fn("ygt_county_settings_free", None, _P)
_base_year = fn("ygt_county_settings_base_year", _I32, _P)
_count = fn("ygt_county_settings_count", _SZ)
_name = fn("ygt_county_settings_name", _S, _SZ)
_get = fn("ygt_county_settings_get", _INT, ctypes.POINTER(_D), _P, _S)
_with = fn("ygt_county_settings_with", _INT, _PP, _P, _S, _D)
_options = fn("ygt_county_settings_options", _INT, _P, _P, _I32)
_json = fn("ygt_county_settings_json", _I64, ctypes.c_char_p, _SZ, _P)

_t_load = fn("ygt_targets_load", _INT, _PP, _P, _S)
_t_free = fn("ygt_targets_free", None, _P)
_t_count = fn("ygt_targets_count", _SZ, _P)
_t_get = fn("ygt_targets_get", _INT, ctypes.POINTER(_I32), ctypes.POINTER(_I32), ctypes.POINTER(_INT),
            ctypes.POINTER(_D), ctypes.POINTER(_D), _P, _SZ)
_t_text = fn("ygt_targets_text", _S, _P, _SZ, _INT)
_t_evaluate = fn("ygt_targets_evaluate", _INT, ctypes.POINTER(_D), _P, _SZ, _P, _D)
_t_distance = fn("ygt_targets_distance", _D, _P, _SZ, _D)

RELATIONS = ["=", ">=", "<="]
TEXTS = ["indicator", "fit", "source", "quote"]
SETTINGS = [_name(i).decode() for i in range(_count())]


class CountySettings(Handle):
    """A county's generator settings (doc/formats/county-settings.md); immutable."""

    _free = _free

    @classmethod
    def load(cls, path):
        out = _P()
        check(_load(ctypes.byref(out), _b(os.fspath(path))))
        return cls(out.value)

    @classmethod
    def parse(cls, text, source=None):
        out = _P()
        check(_parse(ctypes.byref(out), _b(text), _b(source)))
        return cls(out.value)

    @property
    def base_year(self):
        return _base_year(self)

    def get(self, name):
        """A setting's base-year value, or the rate of ``trend.FROM.NAME``."""
        x = _D()
        check(_get(ctypes.byref(x), self, _b(name)))
        return x.value

    def with_value(self, name, value):
        """A copy with one value changed."""
        out = _P()
        check(_with(ctypes.byref(out), self, _b(name), float(value)))
        return CountySettings(out.value)

    def apply(self, options, year):
        """Fill a ``ygt_county_options`` structure (yigongti.county.options()) for ``year``."""
        check(_options(ctypes.byref(options), self, int(year)))

    def options(self, year, **kwargs):
        """The generator options of ``year`` as a dict (``kwargs`` as County.generate takes them)."""
        from .county import options, option_defaults
        o = options(settings=self, year=year, **kwargs)
        return {k: (list(getattr(o, k)) if isinstance(v, list) else getattr(o, k)) for k, v in option_defaults().items()}

    def json(self):
        """The settings as a settings file (the text ``county.json`` holds)."""
        n = _json(None, 0, self)
        check(int(n) if n < 0 else 0)
        buf = ctypes.create_string_buffer(int(n) + 1)
        _json(buf, len(buf), self)
        return buf.value.decode("utf-8")


class Targets(Handle):
    """The figures a bundle's documents report (doc/formats/targets.md)."""

    _free = _t_free

    @classmethod
    def load(cls, indicators, path):
        out = _P()
        check(_t_load(ctypes.byref(out), indicators, _b(os.fspath(path))))
        t = cls(out.value, keep=(indicators,))
        t.indicators = indicators
        return t

    def __len__(self):
        return _t_count(self)

    def __getitem__(self, i):
        """Target ``i`` as a dict: indicator, year, relation, value, tolerance, fit, source, quote."""
        if not 0 <= i < len(self):
            raise IndexError(i)
        ind, year, rel, v, tol = _I32(), _I32(), _INT(), _D(), _D()
        check(_t_get(ctypes.byref(ind), ctypes.byref(year), ctypes.byref(rel), ctypes.byref(v), ctypes.byref(tol),
                     self, i))
        row = {"year": year.value, "relation": RELATIONS[rel.value], "value": v.value, "tolerance": tol.value}
        row.update({k: _t_text(self, i, n).decode("utf-8") for n, k in enumerate(TEXTS)})
        return row

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    def evaluate(self, i, values, scale=1.0):
        """(simulated, within) of target ``i`` under a year's indicator values at population ``scale``."""
        x = _D()
        rc = _t_evaluate(ctypes.byref(x), self, i, values, float(scale))
        check(rc if rc < 0 else 0)
        return x.value, rc == 1

    def distance(self, i, simulated):
        """How far ``simulated`` is from target ``i``, in tolerances (0 when a >= / <= target holds)."""
        return _t_distance(self, i, float(simulated))

    def table(self, year_obj, scale=1.0):
        """The calibration table of a :class:`yigongti.year.Year`: one dict per target of its year, with
        ``simulated`` and ``within``."""
        rows = []
        for i, row in enumerate(self):
            if row["year"] == year_obj.year:
                row["simulated"], row["within"] = self.evaluate(i, year_obj.indicator_values, scale)
                rows.append(row)
        return rows


class _CalibrationInputs(ctypes.Structure):
    _fields_ = [("version", _INT), ("model", _P), ("rules", _P), ("casemix", _P), ("scheme", _P),
                ("targets", _P), ("settings", _P), ("seed", _U64), ("population_scale", _D),
                ("max_iterations", _INT)]


_c_init = fn("ygt_calibration_inputs_init", None, ctypes.POINTER(_CalibrationInputs))
_calibrate = fn("ygt_calibrate", _INT, _PP, ctypes.POINTER(_CalibrationInputs))
_c_free = fn("ygt_calibration_free", None, _P)
_c_iterations = fn("ygt_calibration_iterations", _SZ, _P)
_c_distance = fn("ygt_calibration_distance", _D, _P, _SZ)
_c_simulated = fn("ygt_calibration_simulated", _D, _P, _SZ, _SZ)
_c_best = fn("ygt_calibration_best", _SZ, _P)
_c_within = fn("ygt_calibration_within", _INT, _P)
_c_settings = fn("ygt_calibration_settings", _P, _P)


class Calibration(Handle):
    """The result of :func:`calibrate`: each iteration's distance and figures, the best settings."""

    _free = _c_free

    @property
    def iterations(self):
        return _c_iterations(self)

    @property
    def distances(self):
        """Root mean square of the targets' distances (in tolerances), per iteration."""
        return [_c_distance(self, i) for i in range(self.iterations)]

    def simulated(self, iteration):
        """Every target's simulated figure in an iteration."""
        return [_c_simulated(self, iteration, i) for i in range(len(self.targets))]

    @property
    def best(self):
        return _c_best(self)

    @property
    def within(self):
        """Whether every target is within tolerance at the best iteration."""
        return bool(_c_within(self))

    @property
    def settings(self):
        """The best iteration's settings (a :class:`CountySettings` that keeps this result alive)."""
        return borrowed(CountySettings, _c_settings(self), self)


def calibrate(model, rules, casemix, targets, settings, scheme=None, seed=1, population_scale=1.0,
              max_iterations=20):
    """Fit ``settings`` to ``targets`` (``ygt_calibrate``): a :class:`Calibration`."""
    if not 0 <= int(seed) <= 2 ** 64 - 2:
        raise ValueError("seed must be in 0 .. 2^64 - 2, not %r" % (seed,))
    inp = _CalibrationInputs()
    _c_init(ctypes.byref(inp))
    inp.model, inp.rules, inp.casemix = model._as_parameter_, rules._as_parameter_, casemix._as_parameter_
    inp.scheme = scheme._as_parameter_ if scheme is not None else None
    inp.targets, inp.settings = targets._as_parameter_, settings._as_parameter_
    inp.seed, inp.population_scale, inp.max_iterations = int(seed), float(population_scale), int(max_iterations)
    out = _P()
    check(_calibrate(ctypes.byref(out), ctypes.byref(inp)))
    c = Calibration(out.value, keep=(model, rules, casemix, targets, scheme))
    c.targets = targets
    return c

