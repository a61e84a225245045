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

Paths are plain strings (``os.path``), and ``ctypes.util`` is imported only when
the system is searched: pathlib and ctypes.util cost a command's start-up more
than all of the binding's own modules.

If none loads, ImportError lists every place tried and how to fix it.
"""
import ctypes
import os

SONAME = "libyigongti.so.0"
ENV_VAR = "YIGONGTI_LIBRARY"
WHEEL_LIBS = ".yigongti.mesonpy.libs"

_PACKAGE = os.path.dirname(os.path.realpath(__file__))


def _parts(path):
    return [p for p in path.split(os.sep) if p]


def _installed_libdir():
    """The libdir of the meson-installed prefix this package sits in, or None."""
    try:
        from . import _install
    except ImportError:  # a source checkout or a wheel: no meson install
        return None
    purelib, site = _parts(os.path.normpath(_install.PURELIB)), os.path.dirname(_PACKAGE)
    if _parts(site)[-len(purelib):] != purelib:
        return None
    prefix = site
    for _ in purelib:
        prefix = os.path.dirname(prefix)
    return os.path.join(prefix, _install.LIBDIR)


def _wheel_copies(libs):
    try:
        names = os.listdir(libs)
    except OSError:
        names = []
    # a wheel holds no symlinks: its copy is libyigongti.so.0.y.z, not the SONAME
    return sorted(os.path.join(libs, n) for n in names if n.startswith(SONAME)) or [os.path.join(libs, SONAME)]


def candidates(system=True):
    """Paths or names to try, in order (see the module docstring); ``system=False`` leaves out the
    ``find_library`` search, which runs a command."""
    env = os.environ.get(ENV_VAR)
    if env:
        return [env]
    places = _wheel_copies(os.path.join(os.path.dirname(_PACKAGE), WHEEL_LIBS)) + [os.path.join(_PACKAGE, SONAME)]
    libdir = _installed_libdir()
    if libdir is not None:
        places.append(os.path.join(libdir, SONAME))
    checkout = os.path.dirname(os.path.dirname(os.path.dirname(_PACKAGE)))
    if os.path.exists(os.path.join(checkout, "meson.build")):
        places.append(os.path.join(checkout, "build", "src", SONAME))
    if system:
        import ctypes.util
        found = ctypes.util.find_library("yigongti")
        places += [found] if found else []
    return places + [SONAME]


HOW_TO_FIX = ("install it (`meson install -C build`, or `pip install .` from the checkout, whose wheel "
              "carries it), build a checkout (`meson compile -C build`), or set %s to its path" % ENV_VAR)


def load():
    """Load the first candidate that loads; ImportError naming each one tried otherwise."""
    errors = []
    places = candidates(system=False)
    for path in places:
        lib = _try(path, errors)
        if lib is not None:
            return lib
    for path in candidates()[len(places) - 1:-1]:  # find_library's answer, searched only now
        lib = _try(path, errors)
        if lib is not None:
            return lib
    raise ImportError("libyigongti not found; looked in: %s. To fix: %s"
                      % ("; ".join(errors), HOW_TO_FIX))


def _try(path, errors):
    """The library at path, or None with the reason appended to errors."""
    if os.sep in path and not os.path.exists(path):
        errors.append("%s: no such file" % path)
        return None
    try:
        return ctypes.CDLL(path)
    except OSError as exc:
        errors.append(str(exc))
        return None
