"""Result columns: one ctypes call fills a whole column.

A column is a numpy array when numpy is wanted and installed, else an ``array.array`` of the standard
library (the ctypes binding needs nothing else).  ``numpy=None`` means "numpy if it can be imported",
``False`` never (the command line: it writes text and need not pay numpy's import), ``True`` always.

>>> np = columns.numpy_module(None)
>>> status = columns.new(ctypes.c_int32, n, np)       # filled by C through columns.pointer(status, ...)
>>> columns.lookup(status, status_name)               # one call per distinct value
"""
import array
import ctypes
import sys

# array.array type codes of the C types the library fills (their sizes are checked below)
_TYPECODES = {ctypes.c_int8: "b", ctypes.c_int32: "i", ctypes.c_uint32: "I", ctypes.c_int64: "q",
              ctypes.c_double: "d"}
_NUMPY_TYPES = {ctypes.c_int8: "int8", ctypes.c_int32: "int32", ctypes.c_uint32: "uint32",
                ctypes.c_int64: "int64", ctypes.c_double: "float64"}
assert all(array.array(code).itemsize == ctypes.sizeof(ctype) for ctype, code in _TYPECODES.items())


def numpy_module(numpy=None):
    """The numpy module for ``numpy`` (None: when importable; False: None; True: required)."""
    if numpy is False:
        return None
    try:
        import numpy as np
    except ImportError:
        if numpy:
            raise
        return None
    return np


def new(ctype, n, np=None, fill=0):
    """A column of ``n`` values of ``ctype`` set to ``fill``: a numpy array when ``np`` is the numpy
    module, else an array.array."""
    if np is not None:
        column = np.empty(n, dtype=_NUMPY_TYPES[ctype])
        _populate(column.ctypes.data, column.nbytes)
        column.fill(fill)
        return column
    return array.array(_TYPECODES[ctype], [fill]) * n


_PAGE = 4096
_MADV_POPULATE_WRITE = 23  # Linux 5.14; older kernels refuse it and the pages fault in one by one


def _madvise():
    """libc's madvise on Linux, else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).madvise
    except (OSError, AttributeError):
        return None
    fn.argtypes, fn.restype = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int], ctypes.c_int
    return fn


_MADVISE = _madvise()


def _populate(address, nbytes):
    """Faults in the whole pages of a new column in one call, a hint only: on a virtual machine a page
    faulted in on its first write costs several times more (doc/performance.md).  Small columns are left
    alone."""
    start, end = (address + _PAGE - 1) & ~(_PAGE - 1), (address + nbytes) & ~(_PAGE - 1)
    if _MADVISE is not None and end - start >= 16 * _PAGE:
        _MADVISE(start, end - start, _MADV_POPULATE_WRITE)


def pointer(column, ctype):
    """A ``POINTER(ctype)`` to the first value of a column for a C function to fill (NULL when empty)."""
    if isinstance(column, array.array):
        if column.typecode != _TYPECODES[ctype]:
            raise TypeError("an array of type %r is not a column of %s" % (column.typecode, ctype.__name__))
        address, n = column.buffer_info()
        return ctypes.cast(address if n else None, ctypes.POINTER(ctype))
    if column.dtype != _NUMPY_TYPES[ctype] or not column.flags["C_CONTIGUOUS"]:
        raise TypeError("a %s array is not a contiguous column of %s" % (column.dtype, ctype.__name__))
    return column.ctypes.data_as(ctypes.POINTER(ctype))


def as_column(values, ctype, np=None):
    """``values`` as a column of ``ctype`` that C can read: the column itself when it already is one, else a
    copy (numpy when ``np`` is the numpy module)."""
    if isinstance(values, array.array) and values.typecode == _TYPECODES[ctype]:
        return values
    if np is not None:
        return np.ascontiguousarray(values, dtype=_NUMPY_TYPES[ctype])
    if hasattr(values, "dtype") and values.dtype == _NUMPY_TYPES[ctype] and values.flags["C_CONTIGUOUS"]:
        return values
    return array.array(_TYPECODES[ctype], values)


def lookup(column, fn):
    """``[fn(v) for v in column]`` with one call of ``fn`` per distinct value (names of group ids,
    status codes): a column of 20,000 rows has a few hundred distinct values."""
    values = column.tolist()
    table = {v: fn(v) for v in set(values)}
    return list(map(table.__getitem__, values))


# Rows per block of text a writer makes: a block's text (~100 KB) is made in the memory the last block freed,
# where a whole table's text would be new pages, and a first touch of a page is dear (doc/performance.md).
ROWS_PER_WRITE = 512


def join_rows(table):
    """The text of a table given as columns (lists of str of equal length): the fields of a row joined by tabs,
    each row ended by a newline.  The fields are interleaved with their separators in one list by slice
    assignment and joined once, so no Python code runs per row (a join per row costs twice as much)."""
    width = 2 * len(table)
    if not width or not table[0]:
        return ""
    pieces = ["\t"] * (width * len(table[0]))
    for j, column in enumerate(table):
        pieces[2 * j::width] = column
    pieces[width - 1::width] = ["\n"] * len(table[0])
    return "".join(pieces)


def write_rows(out, table):
    """Write a table given as columns to the open text file ``out``, ROWS_PER_WRITE rows at a time."""
    count, step = (len(table[0]) if table else 0), ROWS_PER_WRITE
    for first in range(0, count, step):
        out.write(join_rows([column[first:first + step] for column in table]))


__all__ = ["numpy_module", "new", "pointer", "as_column", "lookup", "join_rows", "write_rows"]
