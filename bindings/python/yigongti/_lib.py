"""Loading the shared library (see ``_find`` for where it is looked for) and
declaring C prototypes."""
import ctypes

from ._find import load

lib = load()
declared = set()
"""Names of every C function declared with ``fn`` so far (the test that each
public function is bound reads it once every module is imported)."""


def fn(name, restype, *argtypes):
    """Declare the prototype of a C function of the library and return it."""
    declared.add(name)
    func = getattr(lib, name)
    func.restype = restype
    func.argtypes = list(argtypes)
    return func


def names(name_of):
    """Every name a C name function gives (``ygt_tier_name`` ...), from value 0
    to its first NULL: read from the C table, so no Python copy can drift."""
    out = []
    while name_of(len(out)) is not None:
        out.append(name_of(len(out)).decode("utf-8"))
    return out


class Handle:
    """Owner of one C object: frees it with ``_free`` on ``close()``, on
    leaving a ``with`` block, or when garbage-collected.

    Subclasses set ``_free`` to the C free function (declared with ``fn``)
    and keep in ``_keep`` the Python objects the C object borrows from, so
    that those outlive it.
    """

    _free = None

    def __init__(self, ptr, keep=()):
        self._ptr = ctypes.c_void_p(ptr)
        self._keep = tuple(keep)

    @property
    def _as_parameter_(self):
        if not self._ptr:
            raise ValueError("%s is closed" % type(self).__name__)
        return self._ptr

    def close(self):
        """Free the C object now; later calls do nothing."""
        if getattr(self, "_ptr", None):
            type(self)._free(self._ptr)
            self._ptr = ctypes.c_void_p()
            self._keep = ()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown: the library may be gone
            pass


_borrowed_classes = {}


def borrowed(cls, ptr, owner, **attrs):
    """A view of a C object that ``owner`` owns (e.g. the budget report inside
    a year): an instance of ``cls`` that keeps ``owner`` alive and never frees
    the object itself.  ``attrs`` are set on it as a constructor would."""
    if not ptr:
        return None
    sub = _borrowed_classes.get(cls)
    if sub is None:
        sub = type("Borrowed" + cls.__name__, (cls,), {"_free": staticmethod(lambda ptr: None)})
        _borrowed_classes[cls] = sub
    obj = sub.__new__(sub)
    Handle.__init__(obj, ptr, keep=(owner,))
    obj.__dict__.update(attrs)
    return obj
