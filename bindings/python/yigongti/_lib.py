"""Finding and loading the shared library, and declaring C prototypes.

The library is looked for, in order:

1. the path in the environment variable ``YIGONGTI_LIBRARY``;
2. the build tree of a source checkout (``<checkout>/build/src/libyigongti.so.0``);
3. the system's library path (``libyigongti.so.0``).
"""
import ctypes
import ctypes.util
import os
from pathlib import Path

SONAME = "libyigongti.so.0"
ENV_VAR = "YIGONGTI_LIBRARY"


def _candidates():
    env = os.environ.get(ENV_VAR)
    if env:
        yield env
        return
    checkout = Path(__file__).resolve().parents[3]
    yield str(checkout / "build" / "src" / SONAME)
    found = ctypes.util.find_library("yigongti")
    if found:
        yield found
    yield SONAME


def _load():
    errors = []
    for path in _candidates():
        if os.sep in path and not os.path.exists(path):
            errors.append(f"{path}: no such file")
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as exc:
            errors.append(str(exc))
    raise ImportError("libyigongti not found (set %s to its path): %s"
                      % (ENV_VAR, "; ".join(errors)))


lib = _load()


def fn(name, restype, *argtypes):
    """Declare the prototype of a C function of the library and return it."""
    func = getattr(lib, name)
    func.restype = restype
    func.argtypes = list(argtypes)
    return func
