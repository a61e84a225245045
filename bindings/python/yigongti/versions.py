"""DRG versions side by side (``include/yigongti/drg_versions.h``): groupers
with their effective periods, each case grouped by the one in force on its
discharge date.

>>> v = Versions.load("periods.tsv")        # from, to, grouper (a 1.1 pack or a 3.0 directory)
>>> results = v.group_file("cases.tsv")     # a drg.Result per case, status NO_PERIOD outside every period
"""
import ctypes

from ._lib import Handle, fn
from .cases import Cases
from .codes import _kind_value
from .drg import Pack, _PackCodes, _codes as _pack_codes
from .drg3 import MISSING_SETS_EMPTY, Config
from .errors import check

_P = ctypes.c_void_p
_I32 = ctypes.c_int32
_I32P = ctypes.POINTER(_I32)

_load = fn("ygt_drg_versions_load", ctypes.c_int, ctypes.POINTER(_P), ctypes.c_char_p, ctypes.c_int)
_free = fn("ygt_drg_versions_free", None, _P)
_count = fn("ygt_drg_versions_count", ctypes.c_size_t, _P)
_period = fn("ygt_drg_versions_period", ctypes.c_int, _P, ctypes.c_size_t, _I32P, _I32P)
_grouper = fn("ygt_drg_versions_grouper", ctypes.c_char_p, _P, ctypes.c_size_t)
_is_pack = fn("ygt_drg_versions_is_pack", ctypes.c_int, _P, ctypes.c_size_t)
_pack = fn("ygt_drg_versions_pack", _P, _P, ctypes.c_size_t)
_drg3 = fn("ygt_drg_versions_drg3", _P, _P, ctypes.c_size_t)
_find = fn("ygt_drg_versions_find", ctypes.c_int, _P, _I32)
_codes = fn("ygt_drg_versions_codes", _P, _P, ctypes.c_size_t, ctypes.c_int)
_group = fn("ygt_drg_versions_group", ctypes.c_int, _P, ctypes.POINTER(_P), ctypes.c_size_t, ctypes.c_size_t,
            ctypes.c_int, _I32P, _I32P, _I32P, _I32P, _I32P, ctypes.POINTER(ctypes.c_uint32))
_NO_PERIOD = 24


class _BorrowedPack(Pack):
    """A pack owned by a Versions object: never freed from Python."""
    _free = staticmethod(lambda ptr: None)


class _BorrowedConfig(Config):
    """A 3.0 configuration owned by a Versions object: never freed from Python."""
    _free = staticmethod(lambda ptr: None)


class Versions(Handle):
    """Groupers with their effective periods (immutable; may be shared between threads)."""

    _free = _free

    @classmethod
    def load(cls, path, missing_sets_empty=False):
        """Load a periods table (from, to, grouper) and every grouper it names;
        overlaps and gaps raise errors naming the file, line and field."""
        out = _P()
        check(_load(ctypes.byref(out), str(path).encode(), MISSING_SETS_EMPTY if missing_sets_empty else 0))
        versions = cls(out.value)
        versions.groupers = [versions._borrow(i) for i in range(len(versions))]
        return versions

    def _borrow(self, i):
        if self.is_pack(i):
            pack = _BorrowedPack(_pack(self, i), keep=(self,))
            pack.dx_codes = _PackCodes(_pack_codes(pack, 1), pack)
            pack.proc_codes = _PackCodes(_pack_codes(pack, 2), pack)
            return pack
        cfg = _BorrowedConfig._wrap(_drg3(self, i))
        cfg._keep = (self,)
        return cfg

    def is_pack(self, i):
        """Whether period i's grouper is a CHS-DRG 1.1-style pack (else a 3.0 configuration)."""
        return bool(_is_pack(self, i))

    def __len__(self):
        return _count(self)

    def period(self, i):
        """(from, to) of period i as YYYYMMDD integers (to 99991231 when open)."""
        start, end = _I32(), _I32()
        check(_period(self, i, ctypes.byref(start), ctypes.byref(end)))
        return start.value, end.value

    def grouper_path(self, i):
        """The grouper directory of period i, as the table gives it."""
        return _grouper(self, i).decode("utf-8")

    def codes(self, i, kind="diagnosis"):
        """The diagnosis (or ``"procedure"``) dictionary of period i's grouper,
        owned by this object: the ids of that period's batch (:meth:`batches`)."""
        ptr = _codes(self, i, _kind_value(kind)) if 0 <= i < len(self) else None
        if not ptr:
            raise IndexError("no period %r" % (i,))
        return _PackCodes(ptr, self)

    def find(self, date):
        """The period holding a YYYYMMDD date, or None."""
        i = _find(self, date)
        return i if i >= 0 else None

    def batches(self, path=None):
        """One empty batch per period over its grouper's dictionaries, each loaded from path if given."""
        out = [Cases.for_pack(g) for g in self.groupers]
        if path is not None:
            for b in out:
                b.load(path)
        return out

    def group(self, batches, which=-1):
        """Group the batches (one per period, the same cases): a list of
        (period index or None, drg.Result); which >= 0 groups every case with that period."""
        n = len(batches[0])
        arrays = [(_I32 * max(n, 1))() for _ in range(5)]
        flags = (ctypes.c_uint32 * max(n, 1))()
        ptrs = (_P * len(batches))(*[b._as_parameter_ for b in batches])
        check(_group(self, ptrs, 0, n, which, *arrays, flags))
        version, mdc, adrg, drg, status = arrays
        out = []
        for r in range(n):
            w = version[r]
            if w < 0:
                out.append((None, self.groupers[0]._result(-1, -1, -1, _NO_PERIOD, 0)))
            else:
                out.append((w, self.groupers[w]._result(mdc[r], adrg[r], drg[r], status[r], flags[r])))
        return out

    def group_file(self, path):
        """Group the cases of a file, each by its discharge date: a list of drg.Result."""
        batches = self.batches(path)
        try:
            return [res for _, res in self.group(batches)]
        finally:
            for b in batches:
                b.close()
