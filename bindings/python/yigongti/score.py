"""Performance scoring (``include/yigongti/score.h``): indicators computed
from encounter batches and the community model, scorecards, and the money
that follows the score.

>>> m = Model.load("examples/data/chunan")
>>> reg = Indicators.defaults()
>>> enc = Encounters.load(m, "examples/data/chunan/encounters.tsv")
>>> vals = IndicatorValues.compute(reg, m, enc, period=2018, previous=2017)
>>> round(vals.get("visit_growth")[0], 2)
11.15
>>> card = Scorecard.load(reg, "examples/data/chunan")
>>> s = card.score(vals)
>>> s.total, s.grade, s.lines()

Columns attached with :meth:`Encounters.from_arrays` (numpy) are not copied:
the batch keeps the arrays alive.  ``to_dataframe()`` methods need pandas
(imported only when called).
"""
import ctypes
import math
import os
import sys
from collections import namedtuple

from . import cli
from ._lib import Handle, fn
from ._lib import names as _names
from .cli_errors import UsageError
from .deprecated import alias
from .errors import check
from .model import TIERS, Model
from .referral import SETTINGS as _SETTINGS

_P = ctypes.c_void_p
_PP = ctypes.POINTER(ctypes.c_void_p)
_S = ctypes.c_char_p
_INT = ctypes.c_int
_I32 = ctypes.c_int32
_I64 = ctypes.c_int64
_D = ctypes.c_double
_DP = ctypes.POINTER(ctypes.c_double)
_I32P = ctypes.POINTER(ctypes.c_int32)
_I64P = ctypes.POINTER(ctypes.c_int64)
_INTP = ctypes.POINTER(ctypes.c_int)
_SZ = ctypes.c_size_t


def _b(text):
    return None if text is None else str(text).encode("utf-8")


def _s(raw):
    return None if raw is None else raw.decode("utf-8")


_column_name = fn("ygt_encounter_column_name", _S, _INT)
_column_from_name = fn("ygt_encounter_column_from_name", _INT, _INTP, _S)
_column_width = fn("ygt_encounter_column_width", _INT, _INT)
_referral_name = fn("ygt_encounter_referral_name", _S, _INT)
_scope_name = fn("ygt_scope_name", _S, _INT)
_scope_from_name = fn("ygt_scope_from_name", _INT, _INTP, _S)
_direction_name = fn("ygt_indicator_direction_name", _S, _INT)
_formula_name = fn("ygt_indicator_formula_name", _S, _INT)
_status_name = fn("ygt_value_status_name", _S, _INT)
_method_name = fn("ygt_scoring_method_name", _S, _INT)

COLUMNS = _names(_column_name)
REFERRALS = _names(_referral_name)
SCOPES = _names(_scope_name)
DIRECTIONS = _names(_direction_name)
FORMULAS = _names(_formula_name)
STATUSES = _names(_status_name)
METHODS = _names(_method_name)
SETTINGS = _SETTINGS.names()

_enc_new = fn("ygt_encounters_new", _INT, _PP)
_enc_load = fn("ygt_encounters_load", _INT, _PP, _P, _S)
_enc_free = fn("ygt_encounters_free", None, _P)
_enc_attach = fn("ygt_encounters_attach", _INT, _P, _INT, _P, _SZ)
_enc_count = fn("ygt_encounters_count", _SZ, _P)
_enc_range = fn("ygt_encounters_period_range", _INT, _I32P, _I32P, _P)

_reg_defaults = fn("ygt_indicators_defaults", _INT, _PP)
_reg_load = fn("ygt_indicators_load", _INT, _PP, _S)
_reg_free = fn("ygt_indicators_free", None, _P)
_reg_count = fn("ygt_indicators_count", _SZ, _P)
_reg_find = fn("ygt_indicators_find", _I32, _P, _S)
_reg_id = fn("ygt_indicators_id", _S, _P, _I32)
_reg_name = fn("ygt_indicators_name", _S, _P, _I32)
_reg_unit = fn("ygt_indicators_unit", _S, _P, _I32)
_reg_definition = fn("ygt_indicators_definition", _S, _P, _I32)
_reg_direction = fn("ygt_indicators_direction", _INT, _P, _I32)
_reg_formula = fn("ygt_indicators_formula", _INT, _P, _I32)
_reg_target = fn("ygt_indicators_target", _INT, _DP, _DP, _P, _I32)

_in_new = fn("ygt_score_inputs_new", _INT, _PP)
_in_free = fn("ygt_score_inputs_free", None, _P)
_in_set = fn("ygt_score_inputs_set", _INT, _P, _S, _INT, _I32, _I32, _D)
_in_load = fn("ygt_score_inputs_load", _INT, _P, _P, _S)
_in_count = fn("ygt_score_inputs_count", _SZ, _P)

_val_compute = fn("ygt_indicator_values_compute_pooled", _INT, _PP, _P, _P, _P, _P, _P, _I32, _I32)
_val_free = fn("ygt_indicator_values_free", None, _P)
_val_scope_count = fn("ygt_indicator_values_scope_count", _I64, _P, _INT)
_val_get = fn("ygt_indicator_values_get", _INT, _DP, _P, _I32, _INT, _I32)
_val_parts = fn("ygt_indicator_values_parts", _INT, _DP, _DP, _P, _I32, _INT, _I32)
_val_skipped = fn("ygt_indicator_values_skipped", _I64, _P)

_card_load = fn("ygt_scorecard_load", _INT, _PP, _P, _S)
_card_free = fn("ygt_scorecard_free", None, _P)
_card_name = fn("ygt_scorecard_name", _S, _P)
_card_dim_count = fn("ygt_scorecard_dimension_count", _SZ, _P)
_card_dim_name = fn("ygt_scorecard_dimension_name", _S, _P, _I32)
_card_item_count = fn("ygt_scorecard_item_count", _SZ, _P)
_card_item = fn("ygt_scorecard_item", _INT, _I32P, _I32P, _INTP, _DP, _P, _I32)
_card_grade = fn("ygt_scorecard_grade", _S, _P, _D)
_release_ratio = fn("ygt_scorecard_release_ratio", _INT, _DP, _P, _D)
_withheld_fen = fn("ygt_scorecard_withheld_fen", _INT, _I64P, _P, _I64)
_release_fen = fn("ygt_scorecard_release_fen", _INT, _I64P, _P, _D, _I64)
_surplus_multiplier = fn("ygt_scorecard_surplus_multiplier", _INT, _DP, _P, _D)
_surplus_fen = fn("ygt_scorecard_surplus_fen", _INT, _I64P, _P, _D, _I64)
_dip_coefficient = fn("ygt_scorecard_dip_coefficient", _INT, _DP, _P, _D)

_score = fn("ygt_scorecard_score", _INT, _PP, _P, _P, _INT, _I32)
_score_free = fn("ygt_score_free", None, _P)
_score_total = fn("ygt_score_total", _D, _P)
_score_scored_weight = fn("ygt_score_scored_weight", _D, _P)
_score_grade = fn("ygt_score_grade", _S, _P)
_score_vetoed = fn("ygt_score_vetoed", _INT, _P)
_score_dim = fn("ygt_score_dimension_points", _INT, _DP, _P, _I32)
_score_item = fn("ygt_score_item", _INT, _DP, _DP, _P, _I32)
_score_reason = fn("ygt_score_item_reason", _S, _P, _I32)
_score_line_count = fn("ygt_score_line_count", _SZ, _P)
_score_line = fn("ygt_score_line", _S, _P, _SZ)


def scope_value(scope):
    """The number of a scope name ("county", "community", "tier", "institution")."""
    if isinstance(scope, int):
        return scope
    out = _INT()
    check(_scope_from_name(ctypes.byref(out), _b(scope)))
    return out.value


def _scope_index(model, scope, index):
    """A scope index from an int, a community/institution code or a tier name."""
    if isinstance(index, int):
        return index
    if scope == 1:
        return model._comm(index)
    if scope == 2:
        return TIERS.value(index)
    if scope == 3:
        return model._inst(index)
    return 0


# ---- encounters --------------------------------------------------------------

_DTYPES = {1: "int8", 4: "int32", 8: "int64"}


class Encounters(Handle):
    """A columnar batch of encounters (see ``ygt_encounters``)."""

    _free = _enc_free

    def __init__(self, ptr, keep=()):
        super().__init__(ptr, keep)
        self._arrays = {}

    @classmethod
    def new(cls):
        out = _P()
        check(_enc_new(ctypes.byref(out)))
        return cls(out.value)

    @classmethod
    def load(cls, model, path):
        """Load a TSV/CSV encounter table, resolving codes against ``model``."""
        out = _P()
        check(_enc_load(ctypes.byref(out), model, _b(os.fspath(path))))
        return cls(out.value)

    @classmethod
    def from_arrays(cls, **columns):
        """A batch over numpy arrays (or sequences), one keyword per column
        name (``institution``, ``grid``, ``period``, ``setting``, ``insurance``,
        ``referral``, ``cost``, ``fund``, ``count``).  Arrays of the right
        dtype and layout are attached without copying."""
        enc = cls.new()
        for name, data in columns.items():
            enc.attach(name, data)
        return enc

    @classmethod
    def from_frame(cls, frame):
        """A batch over the columns of a pandas DataFrame whose names are column names."""
        return cls.from_arrays(**{name: frame[name].to_numpy() for name in frame.columns if name in COLUMNS})

    def attach(self, column, data):
        import numpy as np
        col = COLUMNS.index(column) if isinstance(column, str) else int(column)
        arr = np.ascontiguousarray(data, dtype=_DTYPES[check(_column_width(col))])
        check(_enc_attach(self, col, arr.ctypes.data_as(_P), arr.size))
        self._arrays[col] = arr  # the C batch borrows it
        return self

    def __len__(self):
        return _enc_count(self)

    def period_range(self):
        lo, hi = _I32(), _I32()
        check(_enc_range(ctypes.byref(lo), ctypes.byref(hi), self))
        return lo.value, hi.value


# ---- registry and inputs -----------------------------------------------------

Indicator = namedtuple("Indicator", "index id name unit definition direction formula target floor")


def _nan_none(x):
    return None if math.isnan(x) else x


class Indicators(Handle):
    """An indicator registry: the shipped defaults or a loaded table."""

    _free = _reg_free

    @classmethod
    def defaults(cls):
        out = _P()
        check(_reg_defaults(ctypes.byref(out)))
        return cls(out.value)

    @classmethod
    def load(cls, path):
        out = _P()
        check(_reg_load(ctypes.byref(out), _b(os.fspath(path))))
        return cls(out.value)

    def __len__(self):
        return _reg_count(self)

    def index(self, indicator):
        return indicator if isinstance(indicator, int) else check(_reg_find(self, _b(indicator)))

    def __getitem__(self, indicator):
        i = self.index(indicator)
        if _reg_id(self, i) is None:
            raise IndexError("indicator index %r out of range" % (i,))
        t, f = _D(), _D()
        check(_reg_target(ctypes.byref(t), ctypes.byref(f), self, i))
        return Indicator(i, _s(_reg_id(self, i)), _s(_reg_name(self, i)), _s(_reg_unit(self, i)),
                         _s(_reg_definition(self, i)), DIRECTIONS[check(_reg_direction(self, i))],
                         FORMULAS[check(_reg_formula(self, i))], _nan_none(t.value), _nan_none(f.value))

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def ids(self):
        return [x.id for x in self]


class Inputs(Handle):
    """External figures by name, scope and period."""

    _free = _in_free

    def __init__(self, ptr=None):
        if ptr is None:
            out = _P()
            check(_in_new(ctypes.byref(out)))
            ptr = out.value
        super().__init__(ptr)

    def set(self, name, value, period, scope="county", index=0, model=None):
        s = scope_value(scope)
        idx = _scope_index(model, s, index) if model is not None else index
        check(_in_set(self, _b(name), s, idx, period, float(value)))
        return self

    def load(self, model, path):
        check(_in_load(self, model, _b(os.fspath(path))))
        return self

    def __len__(self):
        return _in_count(self)


# ---- values ------------------------------------------------------------------


class IndicatorValues(Handle):
    """Every indicator of a registry at every scope for one period."""

    _free = _val_free

    @classmethod
    def compute(cls, indicators, model, encounters, inputs=None, period=None, previous=None, rules=None):
        """Compute; ``period`` defaults to the batch's last period and
        ``previous`` to the period before it (year - 1, or month - 100 for YYYYMM).
        With ``rules`` (:class:`yigongti.ReferralRules`), "in the county" is their pooling area; without,
        the tiers village to county."""
        if period is None:
            period = encounters.period_range()[1]
        if previous is None:
            previous = period - 1 if period < 10000 else period - 100
        out = _P()
        check(_val_compute(ctypes.byref(out), indicators, model, rules, encounters, inputs, period, previous))
        v = cls(out.value, keep=(indicators, model, encounters, inputs))
        v.indicators, v.model, v.period, v.previous = indicators, model, period, previous
        return v

    def scope_count(self, scope):
        return check(_val_scope_count(self, scope_value(scope)))

    def get(self, indicator, scope="county", index=0):
        """``(value, status)``; value is NaN unless status is "ok"."""
        s = scope_value(scope)
        x = _D()
        st = check(_val_get(ctypes.byref(x), self, self.indicators.index(indicator), s,
                            _scope_index(self.model, s, index)))
        return x.value, STATUSES[st]

    def parts(self, indicator, scope="county", index=0):
        """``(numerator, denominator, status)`` behind a value."""
        s = scope_value(scope)
        n, d = _D(), _D()
        st = check(_val_parts(ctypes.byref(n), ctypes.byref(d), self, self.indicators.index(indicator), s,
                              _scope_index(self.model, s, index)))
        return n.value, d.value, STATUSES[st]

    @property
    def skipped(self):
        return _val_skipped(self)

    def records(self, scopes=("county", "community", "tier", "institution")):
        """One dict per indicator and scope."""
        for scope in scopes:
            s = scope_value(scope)
            for k in range(self.scope_count(s)):
                for ind in self.indicators:
                    value, status = self.get(ind.index, s, k)
                    num, den, _ = self.parts(ind.index, s, k)
                    yield {"indicator": ind.id, "name": ind.name, "scope": SCOPES[s], "index": k,
                           "value": value, "numerator": num, "denominator": den, "status": status}

    def to_dataframe(self, scopes=("county", "community", "tier", "institution")):
        """A pandas DataFrame of :meth:`records` (needs pandas)."""
        import pandas as pd
        return pd.DataFrame(list(self.records(scopes)))

    to_frame = alias(to_dataframe, "to_frame")


# ---- scorecards and scores -----------------------------------------------------

Item = namedtuple("Item", "index dimension indicator method weight")


class Scorecard(Handle):
    """A validated scorecard (doc/formats/score.md)."""

    _free = _card_free

    @classmethod
    def load(cls, indicators, path):
        out = _P()
        check(_card_load(ctypes.byref(out), indicators, _b(os.fspath(path))))
        card = cls(out.value, keep=(indicators,))
        card.indicators = indicators
        return card

    @property
    def name(self):
        return _s(_card_name(self))

    def dimensions(self):
        return [_s(_card_dim_name(self, d)) for d in range(_card_dim_count(self))]

    def items(self):
        out = []
        for i in range(_card_item_count(self)):
            d, ind, m, w = _I32(), _I32(), _INT(), _D()
            check(_card_item(ctypes.byref(d), ctypes.byref(ind), ctypes.byref(m), ctypes.byref(w), self, i))
            out.append(Item(i, d.value, self.indicators[ind.value].id, METHODS[m.value], w.value))
        return out

    def grade(self, score):
        return _s(_card_grade(self, score))

    def _double(self, func, score):
        x = _D()
        check(func(ctypes.byref(x), self, score))
        return x.value

    def release_ratio(self, score):
        return self._double(_release_ratio, score)

    def surplus_multiplier(self, score):
        return self._double(_surplus_multiplier, score)

    def dip_coefficient(self, score):
        return self._double(_dip_coefficient, score)

    def withheld_fen(self, settlement_fen):
        x = _I64()
        check(_withheld_fen(ctypes.byref(x), self, settlement_fen))
        return x.value

    def release_fen(self, score, withheld_fen):
        x = _I64()
        check(_release_fen(ctypes.byref(x), self, score, withheld_fen))
        return x.value

    def surplus_fen(self, score, share_fen):
        x = _I64()
        check(_surplus_fen(ctypes.byref(x), self, score, share_fen))
        return x.value

    def score(self, values, scope="county", index=0):
        s = scope_value(scope)
        out = _P()
        check(_score(ctypes.byref(out), self, values, s, _scope_index(values.model, s, index)))
        result = Score(out.value, keep=(self, values))
        result.card = self
        return result


class Score(Handle):
    """One scope's score: total, grade, veto, items and the explanation."""

    _free = _score_free

    @property
    def total(self):
        return _score_total(self)

    @property
    def scored_weight(self):
        """The weight of the items that were scored: 100, less each item not scored for a missing input
        (the total is then converted to 100 over this weight)."""
        return _score_scored_weight(self)

    @property
    def grade(self):
        return _s(_score_grade(self))

    @property
    def vetoed(self):
        return bool(check(_score_vetoed(self)))

    def dimension_points(self):
        out = []
        for d, name in enumerate(self.card.dimensions()):
            x = _D()
            check(_score_dim(ctypes.byref(x), self, d))
            out.append((name, x.value))
        return out

    def items(self):
        """One dict per item: id, indicator, method, weight, value, status, points, reason."""
        out = []
        for it in self.card.items():
            v, p = _D(), _D()
            st = check(_score_item(ctypes.byref(v), ctypes.byref(p), self, it.index))
            out.append({"item": it.index, "dimension": self.card.dimensions()[it.dimension],
                        "indicator": it.indicator, "method": it.method, "weight": it.weight,
                        "value": v.value, "status": STATUSES[st], "points": p.value,
                        "reason": _s(_score_reason(self, it.index))})
        return out

    def to_dataframe(self):
        """A pandas DataFrame of :meth:`items` (needs pandas)."""
        import pandas as pd
        return pd.DataFrame(self.items())

    to_frame = alias(to_dataframe, "to_frame")

    def lines(self):
        return [_s(_score_line(self, i)) for i in range(_score_line_count(self))]


# ---- command line --------------------------------------------------------------


def _run(args):
    model = Model.load(args.bundle)
    reg = Indicators.load(args.indicators) if args.indicators else Indicators.defaults()
    card = Scorecard.load(reg, args.scorecard or args.bundle)
    data = args.data or os.path.join(args.bundle, "encounters.tsv")
    if not args.data and not os.path.exists(data):
        # Scoring an empty batch printed a county of 0 points as if it were a result.
        print("yigongti score: %s: no encounter table in the bundle (give --data FILE)" % data, file=sys.stderr)
        return 1
    enc = Encounters.load(model, data)
    inputs = Inputs()
    in_path = args.inputs or os.path.join(args.bundle, "inputs.tsv")
    if args.inputs or os.path.exists(in_path):
        inputs.load(model, in_path)
    period = args.period
    if period is None:
        period = enc.period_range()[1] if len(enc) else 0
    values = IndicatorValues.compute(reg, model, enc, inputs, period, args.previous)
    s = scope_value(args.scope)
    count = values.scope_count(s)
    if args.index is not None and not 0 <= args.index < count:
        raise UsageError("--index %d: the %s scope has %d member(s), indexes 0 .. %d"
                         % (args.index, args.scope, count, count - 1))
    indices = [args.index] if args.index is not None else range(count)
    for k in indices:
        score = card.score(values, s, k)
        for line in score.lines():
            print(line)
        if args.money:
            print("money: quality fund released %.4f, surplus multiplier %g, DIP coefficient %g"
                  % (card.release_ratio(score.total), card.surplus_multiplier(score.total),
                     card.dip_coefficient(score.total)))
    if values.skipped:
        print("skipped rows: %d" % values.skipped)
    return 0


def register(subparsers):
    p = subparsers.add_parser("score", help="compute indicators and print a scorecard",
                              description="Compute the indicators of a bundle's encounters and print the scorecard.")
    p.add_argument("--bundle", required=True, help="bundle directory (model.json, scorecard.json)")
    p.add_argument("--data", help="encounter table (default BUNDLE/encounters.tsv)")
    p.add_argument("--inputs", help="external figures (default BUNDLE/inputs.tsv when present)")
    p.add_argument("--scorecard", help="scorecard JSON (default BUNDLE/scorecard.json)")
    p.add_argument("--indicators", help="indicator table (default: the shipped indicators)")
    p.add_argument("--period", type=int, help="period assessed (default: the last in the data)")
    p.add_argument("--previous", type=int, help="previous period (default: period - 1, or - 100 for YYYYMM)")
    p.add_argument("--scope", default="county", choices=SCOPES, help="scope kind (default county)")
    p.add_argument("--index", type=lambda x: int(x), help="one scope index (default: every scope of the kind)")
    p.add_argument("--money", action="store_true", help="also print the money links at the score")
    p.set_defaults(func=_run)


cli.subcommand(register)
