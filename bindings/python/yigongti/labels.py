"""The spellings accepted for insurance type, hospital level, tier, setting
and sex (``labels.h``, doc/formats/labels.md).

The binding keeps no map of its own: every spelling goes through the C
table (``ygt_label_parse``), so a value that loads from a file loads from a
DataFrame or a Python call, and the other way round.

>>> parse(INSURANCE, "职工"), parse(INSURANCE, "居民医保"), parse(SEX, "女")
(0, 1, 2)
"""
import ctypes
import numbers

from ._lib import fn
from .errors import NotFoundError, check

INSURANCE, LEVEL, TIER, SETTING, SEX = range(5)

_parse = fn("ygt_label_parse", ctypes.c_int, ctypes.POINTER(ctypes.c_int), ctypes.c_int, ctypes.c_char_p)
_spelling = fn("ygt_label_spelling", ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.POINTER(ctypes.c_int))
_set_name = fn("ygt_label_set_name", ctypes.c_char_p, ctypes.c_int)


def set_name(labels):
    """Name of an enumeration in messages ("insurance type", "sex")."""
    raw = _set_name(labels)
    return raw.decode("utf-8") if raw is not None else None


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def parse(labels, value):
    """The value of one spelling; an int is a value already and is returned
    as it is.  Raises ``NotFoundError`` (from the C parser) for a spelling
    the table does not list."""
    if _is_int(value):
        return int(value)
    out = ctypes.c_int()
    check(_parse(ctypes.byref(out), labels, str(value).encode("utf-8")))
    return out.value


def spellings(labels):
    """Every accepted spelling of an enumeration, as {spelling: value}, in table order."""
    out, i, value = {}, 0, ctypes.c_int()
    while True:
        raw = _spelling(labels, i, ctypes.byref(value))
        if raw is None:
            return out
        out[raw.decode("utf-8")] = value.value
        i += 1


def column(labels, values, field, missing, blank):
    """A list of values from a column of spellings: blanks give ``missing``;
    an unknown spelling raises ``NotFoundError`` naming the row and field.
    Each distinct spelling is parsed once."""
    seen, out = {}, []
    for row, v in enumerate(values):
        if blank(v):
            out.append(missing)
            continue
        # numbers in a column are codes ("0", "310"), checked like any spelling
        key = str(int(v)) if _is_int(v) or isinstance(v, float) and v.is_integer() else str(v)
        if key not in seen:
            try:
                seen[key] = parse(labels, key)
            except NotFoundError as exc:
                raise NotFoundError(exc.code, "row %d: %s: %s" % (row, field, exc.message), "", row + 1, 0,
                                    field) from None
        out.append(seen[key])
    return out
