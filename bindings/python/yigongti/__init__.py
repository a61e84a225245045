"""libyigongti from Python: a thin ctypes binding over the C API.

It adds no rules of its own: every number comes from the C library.
Failing calls raise :class:`YgtError` subclasses (see :mod:`yigongti.errors`).
"""
import ctypes

from ._lib import fn, lib
from .codes import CodeSet, Codes, normalize
from .errors import (AccountsError, BufferSizeError, ExistsError, InternalError,
                     InvalidArgumentError, LimitError, NotFoundError,
                     OutOfMemoryError, ParseError, RangeError, StateError,
                     UnsupportedError, ValidationError, YgtError, YgtIOError,
                     YgtOverflowError, check, clear_error, error_name,
                     last_error, strerror)

_version_string = fn("ygt_version_string", ctypes.c_char_p)
_version_number = fn("ygt_version_number", ctypes.c_int)
_version = fn("ygt_version", None, ctypes.POINTER(ctypes.c_int),
              ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int))
_allocated_blocks = fn("ygt_allocated_blocks", ctypes.c_size_t)
_set_outside_paths = fn("ygt_set_outside_paths", ctypes.c_int, ctypes.c_int)
_outside_paths = fn("ygt_outside_paths", ctypes.c_int)
_set_allocator = fn("ygt_set_allocator", ctypes.c_int, ctypes.c_void_p,
                    ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)


def version():
    """Version of the loaded C library as a string, e.g. ``"0.1.0"``."""
    return _version_string().decode()


def version_number():
    """Version as one number: major * 10000 + minor * 100 + patch."""
    return _version_number()


def version_info():
    """Version as a tuple ``(major, minor, patch)``."""
    parts = [ctypes.c_int() for _ in range(3)]
    _version(*[ctypes.byref(p) for p in parts])
    return tuple(p.value for p in parts)


def allocated_blocks():
    """Blocks the library holds from its allocator (0 once every object is freed)."""
    return _allocated_blocks()


def set_outside_paths(allow):
    """Let bundle files name paths outside their directory (absolute or with
    ``..``), process-wide; returns the previous setting.  Off by default
    (doc/limits.md, "Files and paths")."""
    return bool(_set_outside_paths(1 if allow else 0))


def outside_paths():
    """Whether bundle files may name paths outside their directory."""
    return bool(_outside_paths())


def reset_allocator():
    """Restore the C library's default allocator (``ygt_set_allocator`` with NULLs)."""
    check(_set_allocator(None, None, None, None))


__version__ = version()

# The feature modules load on first use (PEP 562 ``__getattr__``): ``python3 -m yigongti drg group`` imports
# the grouper's modules, not the simulator's.  Name -> the module that defines it.
_LAZY = {
    "Model": "model", "ModelBuilder": "model", "Cases": "cases", "Pack": "drg", "Trace": "drg",
    "Decision": "referral", "Episode": "referral", "ReferralRules": "referral",
    "Accumulator": "dip", "Catalog": "dip", "Engine": "dip", "Params": "dip", "Values": "dip",
    "Encounters": "score", "IndicatorValues": "score", "Indicators": "score", "Inputs": "score",
    "Score": "score", "Scorecard": "score", "Budget": "budget", "Report": "budget",
    "DrgRates": "payment", "PerDiem": "payment", "Points": "payment", "Workload": "payment",
    "Scheme": "scheme", "Casemix": "county", "County": "county",
    "Calibration": "locality", "CountySettings": "locality", "Targets": "locality", "calibrate": "locality",
}
# Every feature module, in the order of the command line's subcommands.
MODULES = ("model", "cases", "drg", "drg3", "referral", "dip", "dip3", "score", "budget", "payment", "scheme", "county",
           "locality", "year", "simulate", "calibrate_cmd", "years")


def __getattr__(name):
    import importlib
    if name in _LAZY:
        value = getattr(importlib.import_module("." + _LAZY[name], __name__), name)
    elif name.startswith("_"):
        raise AttributeError("module %r has no attribute %r" % (__name__, name))
    else:
        try:  # a submodule: yigongti.drg3, yigongti.columns, ...
            value = importlib.import_module("." + name, __name__)
        except ModuleNotFoundError as exc:
            if exc.name != __name__ + "." + name:
                raise
            raise AttributeError("module %r has no attribute %r" % (__name__, name)) from None
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY) | set(MODULES))


def import_all():
    """Import every feature module (each registers its subcommand, in the order of MODULES)."""
    for name in MODULES:
        __getattr__(name)


__all__ = [
    "version", "version_number", "version_info", "allocated_blocks",
    "set_outside_paths", "outside_paths",
    "reset_allocator", "YgtError", "OutOfMemoryError", "InvalidArgumentError",
    "YgtIOError", "ParseError", "ValidationError", "NotFoundError",
    "ExistsError", "RangeError", "YgtOverflowError", "LimitError",
    "StateError", "UnsupportedError", "BufferSizeError", "InternalError",
    "AccountsError",
    "check", "clear_error", "error_name", "last_error", "strerror", "lib",
    "Codes", "CodeSet", "normalize",
    "Model", "ModelBuilder",
    "Cases", "Pack", "Trace",
    "ReferralRules", "Decision", "Episode",
    "Catalog", "Params", "Engine", "Accumulator", "Values",
    "Encounters", "Indicators", "Inputs", "IndicatorValues", "Scorecard", "Score",
    "Budget", "Report",
    "Casemix", "County", "CountySettings", "Targets", "Calibration", "calibrate",
]
