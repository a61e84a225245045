"""Where the binding looks for the shared library, in this order:

1. ``YIGONGTI_LIBRARY``: a path to the library; when set, nothing else is tried
   (so a test or a packager can pin exactly one build);
2. next to the package: ``.yigongti.mesonpy.libs/`` beside it (a wheel built by
   ``pip install .``) or the package directory itself (a vendored copy);
3. the libdir of the prefix the package was installed into by ``meson install``
   (``_install.py``, written at configure time, says where that is relative to
   the package, so a ``--destdir`` staging copy works too);
4. the build tree of a source checkout: ``<checkout>/build/src``;
5. the system: ``ctypes.util.find_library("yigongti")`` and then the SONAME
   itself (``ld.so.cache``, ``LD_LIBRARY_PATH``).

If none loads, ImportError lists every place tried and how to fix it.
"""
import ctypes
import ctypes.util
import os
from pathlib import Path

SONAME = "libyigongti.so.0"
ENV_VAR = "YIGONGTI_LIBRARY"
WHEEL_LIBS = ".yigongti.mesonpy.libs"

_PACKAGE = Path(__file__).resolve().parent


def _installed_libdir():
    """The libdir of the meson-installed prefix this package sits in, or None."""
    try:
        from . import _install
    except ImportError:  # a source checkout or a wheel: no meson install
        return None
    purelib = Path(_install.PURELIB)
    site = _PACKAGE.parent
    if site.parts[-len(purelib.parts):] != purelib.parts:
        return None
    prefix = site.parents[len(purelib.parts) - 1]
    return prefix / _install.LIBDIR


def candidates():
    """Paths or names to try, in order (see the module docstring)."""
    env = os.environ.get(ENV_VAR)
    if env:
        return [env]
    # a wheel holds no symlinks: its copy is libyigongti.so.0.y.z, not the SONAME
    wheel = sorted((_PACKAGE.parent / WHEEL_LIBS).glob(SONAME + "*")) or [_PACKAGE.parent / WHEEL_LIBS / SONAME]
    places = wheel + [_PACKAGE / SONAME]
    libdir = _installed_libdir()
    if libdir is not None:
        places.append(libdir / SONAME)
    checkout = _PACKAGE.parents[2]
    if (checkout / "meson.build").exists():
        places.append(checkout / "build" / "src" / SONAME)
    found = ctypes.util.find_library("yigongti")
    return [str(p) for p in places] + ([found] if found else []) + [SONAME]


HOW_TO_FIX = ("install it (`meson install -C build`, or `pip install .` from the checkout, whose wheel "
              "carries it), build a checkout (`meson compile -C build`), or set %s to its path" % ENV_VAR)


def load():
    """Load the first candidate that loads; ImportError naming each one tried otherwise."""
    errors = []
    for path in candidates():
        if os.sep in path and not os.path.exists(path):
            errors.append("%s: no such file" % path)
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as exc:
            errors.append(str(exc))
    raise ImportError("libyigongti not found; looked in: %s. To fix: %s"
                      % ("; ".join(errors), HOW_TO_FIX))
