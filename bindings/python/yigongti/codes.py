"""Code dictionaries and code sets (``include/yigongti/codes.h``).

>>> dx = Codes.load("icd10_yibao_v2.0.tsv", kind="diagnosis")
>>> dx.id(" i63.900 ")          # normalised first
>>> stroke = CodeSet(dx, "I60-I69, !I69*")
>>> "I63.900" in stroke
"""
import ctypes

from ._lib import Handle, fn
from .errors import check

DIAGNOSIS = 1
PROCEDURE = 2
UNKNOWN_ID = -6  # YGT_ENOTFOUND: what id lookups give for unknown codes
_KINDS = {"diagnosis": DIAGNOSIS, "procedure": PROCEDURE, DIAGNOSIS: DIAGNOSIS, PROCEDURE: PROCEDURE}

_P = ctypes.c_void_p
_I32P = ctypes.POINTER(ctypes.c_int32)
_code_max_length = fn("ygt_code_max_length", ctypes.c_int)
_normalize = fn("ygt_code_normalize", ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p)
_new = fn("ygt_codes_new", ctypes.c_int, ctypes.POINTER(_P), ctypes.c_int)
_load = fn("ygt_codes_load", ctypes.c_int, ctypes.POINTER(_P), ctypes.c_int, ctypes.c_char_p)
_load_cached = fn("ygt_codes_load_cached", ctypes.c_int, ctypes.POINTER(_P), ctypes.c_int, ctypes.c_char_p,
                  ctypes.c_char_p)
_load_grey = fn("ygt_codes_load_grey", ctypes.c_int, _P, ctypes.c_char_p)
_free = fn("ygt_codes_free", None, _P)
_add = fn("ygt_codes_add", ctypes.c_int, _P, ctypes.c_char_p, ctypes.c_char_p, _I32P)
_set_grey = fn("ygt_codes_set_grey", ctypes.c_int, _P, ctypes.c_int32, ctypes.c_int)
_kind = fn("ygt_codes_kind", ctypes.c_int, _P)
_count = fn("ygt_codes_count", ctypes.c_size_t, _P)
_id = fn("ygt_codes_id", ctypes.c_int32, _P, ctypes.c_char_p)
_id_n = fn("ygt_codes_id_n", ctypes.c_int32, _P, ctypes.c_char_p, ctypes.c_size_t)
_ids = fn("ygt_codes_ids", ctypes.c_int64, _P, ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t, _I32P)
_code = fn("ygt_codes_code", ctypes.c_char_p, _P, ctypes.c_int32)
_name = fn("ygt_codes_name", ctypes.c_char_p, _P, ctypes.c_int32)
_is_grey = fn("ygt_codes_is_grey", ctypes.c_int, _P, ctypes.c_int32)

_set_new = fn("ygt_codeset_new", ctypes.c_int, ctypes.POINTER(_P), _P)
_set_parse = fn("ygt_codeset_parse", ctypes.c_int, ctypes.POINTER(_P), _P, ctypes.c_char_p)
_set_free = fn("ygt_codeset_free", None, _P)
_set_add_id = fn("ygt_codeset_add_id", ctypes.c_int, _P, ctypes.c_int32)
_set_add_spec = fn("ygt_codeset_add_spec", ctypes.c_int, _P, ctypes.c_char_p)
_set_union = fn("ygt_codeset_union", ctypes.c_int, _P, _P)
_set_subtract = fn("ygt_codeset_subtract", ctypes.c_int, _P, _P)
_set_has = fn("ygt_codeset_has", ctypes.c_int, _P, ctypes.c_int32)
_set_has_many = fn("ygt_codeset_has_many", None, _P, _I32P, ctypes.c_size_t,
                   ctypes.POINTER(ctypes.c_uint8))
_set_count = fn("ygt_codeset_count", ctypes.c_size_t, _P)
_set_ids = fn("ygt_codeset_ids", ctypes.c_size_t, _P, _I32P, ctypes.c_size_t)
_set_codes = fn("ygt_codeset_codes", _P, _P)


def _b(text):
    return text.encode("utf-8")


def _kind_value(kind):
    try:
        return _KINDS[kind]
    except KeyError:
        raise ValueError("kind must be 'diagnosis' or 'procedure', not %r" % (kind,)) from None


def code_max_length():
    """Largest length in bytes of a canonical code (``YGT_CODE_MAX``)."""
    return _code_max_length()


def normalize(code):
    """The canonical form of a code (``ygt_code_normalize``); raises
    ``InvalidArgumentError`` for text that cannot be a code."""
    buf = ctypes.create_string_buffer(code_max_length() + 1)
    check(_normalize(buf, len(buf), _b(code)))
    return buf.value.decode()


class Codes(Handle):
    """A dictionary of diagnosis or procedure codes with dense integer ids."""

    _free = _free

    def __init__(self, kind="diagnosis", _ptr=None):
        if _ptr is None:
            out = _P()
            check(_new(ctypes.byref(out), _kind_value(kind)))
            _ptr = out.value
        super().__init__(_ptr)

    @classmethod
    def load(cls, path, kind="diagnosis", grey=None, cache=None):
        """Load a code list (columns code|dx_code|proc_code, name, optional
        grey); ``grey`` names an optional grey-code list to mark; ``cache``
        (a file path) loads through that compiled cache: used when it matches
        the list as it is now, else the list is read and the cache rewritten
        (doc/formats/drg-pack-cache.md)."""
        out = _P()
        if cache is None:
            check(_load(ctypes.byref(out), _kind_value(kind), _b(str(path))))
        else:
            check(_load_cached(ctypes.byref(out), _kind_value(kind), _b(str(path)), _b(str(cache))))
        codes = cls(_ptr=out.value)
        if grey is not None:
            codes.load_grey(grey)
        return codes

    def load_grey(self, path):
        """Mark the codes listed in ``path`` as grey (all or nothing)."""
        check(_load_grey(self, _b(str(path))))

    def add(self, code, name=""):
        """Add a code; returns its id."""
        new_id = ctypes.c_int32()
        check(_add(self, _b(code), _b(name), ctypes.byref(new_id)))
        return new_id.value

    def set_grey(self, code_id, grey=True):
        check(_set_grey(self, code_id, 1 if grey else 0))

    @property
    def kind(self):
        return "diagnosis" if _kind(self) == DIAGNOSIS else "procedure"

    def __len__(self):
        return _count(self)

    def id(self, code):
        """Id of a code after normalising it, or None when unknown."""
        found = _id(self, _b(code))
        return found if found >= 0 else None

    def __contains__(self, code):
        return self.id(code) is not None

    def ids(self, codes):
        """Ids of many codes in one C call: a list, ``UNKNOWN_ID`` for unknown codes."""
        return list(self._ids_buffer(codes))

    def ids_array(self, codes):
        """Like :meth:`ids` as a numpy ``int32`` array (needs numpy)."""
        import numpy as np
        return np.ctypeslib.as_array(self._ids_buffer(codes)).copy()

    def _ids_buffer(self, codes):
        encoded = [None if c is None else _b(str(c)) for c in codes]
        strings = (ctypes.c_char_p * len(encoded))(*encoded)
        out = (ctypes.c_int32 * len(encoded))()
        check(_ids(self, strings, len(encoded), out))
        return out

    def code(self, code_id):
        """Canonical code of an id (IndexError outside the dictionary)."""
        raw = _code(self, code_id)
        if raw is None:
            raise IndexError("code id %d outside the dictionary" % code_id)
        return raw.decode()

    def name(self, code_id):
        raw = _name(self, code_id)
        if raw is None:
            raise IndexError("code id %d outside the dictionary" % code_id)
        return raw.decode("utf-8")

    def is_grey(self, code_id):
        return bool(check(_is_grey(self, code_id)))


class CodeSet(Handle):
    """A set of code ids of one dictionary, built from a specification such
    as ``"I20-I25, I63*, !I63.900x001"`` (see ``ygt_codeset_parse``)."""

    _free = _set_free

    def __init__(self, codes, spec=""):
        out = _P()
        check(_set_parse(ctypes.byref(out), codes, _b(spec)))
        super().__init__(out.value, keep=(codes,))
        self.codes = codes

    def add(self, spec):
        """Add (and with ``!`` remove) the items of a specification."""
        check(_set_add_spec(self, _b(spec)))
        return self

    def add_id(self, code_id):
        check(_set_add_id(self, code_id))
        return self

    def union(self, other):
        check(_set_union(self, other))
        return self

    def subtract(self, other):
        check(_set_subtract(self, other))
        return self

    def __contains__(self, item):
        if isinstance(item, str):
            item = self.codes.id(item)
            if item is None:
                return False
        return bool(_set_has(self, item))

    def has_many(self, ids):
        """Membership of a numpy array of ids as a numpy bool array (needs numpy;
        an int32 C-contiguous array is passed without copying)."""
        import numpy as np
        arr = np.ascontiguousarray(ids, dtype=np.int32)
        out = np.empty(arr.shape, dtype=np.uint8)
        _set_has_many(self, arr.ctypes.data_as(_I32P), arr.size,
                      out.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)))
        return out.astype(bool)

    def __len__(self):
        return _set_count(self)

    def ids(self):
        """The members' ids in increasing order."""
        n = _set_count(self)
        out = (ctypes.c_int32 * n)()
        _set_ids(self, out, n)
        return list(out)

    def __iter__(self):
        return iter(self.ids())

    def same_dictionary(self, codes):
        """Whether this set was made over ``codes``."""
        return _set_codes(self) == ctypes.cast(codes._as_parameter_, _P).value
