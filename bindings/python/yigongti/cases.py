"""Columnar case batches (``include/yigongti/cases.h``).

>>> cases = Cases(dx, proc)                   # or Cases.for_pack(pack)
>>> cases.append(sex=1, age_years=50, pdx="K22.301", sdx=["E11.900"], procs=["42.0902"])
>>> cases.load("labelled_cases.tsv")          # per-row problems: cases.problems()
>>> Cases.from_columns(pack, sex=np_array, ...)  # numpy columns, attached without copying
"""
import ctypes

from ._lib import Handle, fn
from . import labels
from .errors import check

_P = ctypes.c_void_p
_I32P = ctypes.POINTER(ctypes.c_int32)
_I64P = ctypes.POINTER(ctypes.c_int64)

CASE_ID, SEX, AGE_YEARS, AGE_DAYS, BIRTH_WEIGHT_G, DEPT, LOS_DAYS, LEAVING_TYPE, PDX, SDX, PROCS = range(11)
# Columns of exports (settlement list, 病案首页), after the settlement columns 11..23.
VENT_HOURS, PERSONAL_ACCOUNT, TRANSFER_TO, ADMIT_WEIGHT_G, COMA_BEFORE_MIN, COMA_AFTER_MIN = range(24, 30)
# 入院病情 per diagnosis ("1|4|2": the principal's first, then one per sdx) and the file's institution level.
ADM_COND, LEVEL = 30, 31
TYPE_INT32, TYPE_STRING, TYPE_CODE, TYPE_CODE_LIST, TYPE_INT64 = 1, 2, 3, 4, 5
NO_CODE = -1
# Integer columns whose strings are spellings of labels.h.
_LABELLED = {"insurance": labels.INSURANCE, "sex": labels.SEX, "level": labels.LEVEL}
ROW_MALFORMED, ROW_UNKNOWN_PDX, ROW_UNKNOWN_SDX, ROW_UNKNOWN_PROC = 1, 2, 4, 8
ROW_UNKNOWN_INSTITUTION, ROW_LEVEL_MISMATCH = 16, 32

_na = fn("ygt_cases_na", ctypes.c_int32)
_column_count = fn("ygt_cases_column_count", ctypes.c_int)
_column_name = fn("ygt_cases_column_name", ctypes.c_char_p, ctypes.c_int)
_column_type = fn("ygt_cases_column_type", ctypes.c_int, ctypes.c_int)
_new = fn("ygt_cases_new", ctypes.c_int, ctypes.POINTER(_P), _P, _P, ctypes.c_size_t)
_free = fn("ygt_cases_free", None, _P)
_count = fn("ygt_cases_count", ctypes.c_size_t, _P)
_codes = fn("ygt_cases_codes", _P, _P, ctypes.c_int)
_append = fn("ygt_cases_append", ctypes.c_int, _P, ctypes.POINTER(ctypes.c_size_t))
_set_int = fn("ygt_cases_set_int", ctypes.c_int, _P, ctypes.c_size_t, ctypes.c_int, ctypes.c_int32)
_set_string = fn("ygt_cases_set_string", ctypes.c_int, _P, ctypes.c_size_t, ctypes.c_int, ctypes.c_char_p)
_set_code = fn("ygt_cases_set_code", ctypes.c_int, _P, ctypes.c_size_t, ctypes.c_int, ctypes.c_char_p)
_add_code = fn("ygt_cases_add_code", ctypes.c_int, _P, ctypes.c_size_t, ctypes.c_int, ctypes.c_char_p)
_add_code_id = fn("ygt_cases_add_code_id", ctypes.c_int, _P, ctypes.c_size_t, ctypes.c_int, ctypes.c_int32)
_attach_int32 = fn("ygt_cases_attach_int32", ctypes.c_int, _P, ctypes.c_int, _I32P, ctypes.c_size_t)
_attach_list = fn("ygt_cases_attach_list", ctypes.c_int, _P, ctypes.c_int, _I64P, _I32P, ctypes.c_size_t)
_load = fn("ygt_cases_load", ctypes.c_int, _P, ctypes.c_char_p)
_allow_columns = fn("ygt_cases_allow_columns", ctypes.c_int, _P, ctypes.c_char_p)
_map_columns = fn("ygt_cases_map_columns", ctypes.c_int, _P, ctypes.c_char_p)
_map_builtin = fn("ygt_cases_map_builtin", ctypes.c_int, _P, ctypes.c_char_p)
_map_builtin_name = fn("ygt_cases_map_builtin_name", ctypes.c_char_p, ctypes.c_int)
_load_4101 = fn("ygt_cases_load_4101", ctypes.c_int, _P, ctypes.c_char_p)
_get_int = fn("ygt_cases_get_int", ctypes.c_int, _P, ctypes.c_size_t, ctypes.c_int, _I32P)
_get_string = fn("ygt_cases_get_string", ctypes.c_char_p, _P, ctypes.c_size_t, ctypes.c_int)
_get_codes = fn("ygt_cases_get_codes", ctypes.c_int, _P, ctypes.c_size_t, ctypes.c_int,
                ctypes.POINTER(_I32P), ctypes.POINTER(ctypes.c_size_t))
_na64 = fn("ygt_cases_na64", ctypes.c_int64)
_set_int64 = fn("ygt_cases_set_int64", ctypes.c_int, _P, ctypes.c_size_t, ctypes.c_int, ctypes.c_int64)
_get_int64 = fn("ygt_cases_get_int64", ctypes.c_int, _P, ctypes.c_size_t, ctypes.c_int, _I64P)
_attach_int64 = fn("ygt_cases_attach_int64", ctypes.c_int, _P, ctypes.c_int, _I64P, ctypes.c_size_t)
_row_flags = fn("ygt_cases_row_flags", ctypes.c_int, _P, ctypes.c_size_t)
_row_line = fn("ygt_cases_row_line", ctypes.c_int, _P, ctypes.c_size_t)
_row_message = fn("ygt_cases_row_message", ctypes.c_char_p, _P, ctypes.c_size_t)
_problem_count = fn("ygt_cases_problem_count", ctypes.c_size_t, _P)
_get_strings = fn("ygt_cases_get_strings", ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t,
                  ctypes.POINTER(ctypes.c_size_t), _P, ctypes.c_int, ctypes.c_size_t, ctypes.c_size_t)
_get_rows = fn("ygt_cases_get_rows", ctypes.c_int, _I32P, _I32P, _P, ctypes.c_size_t, ctypes.c_size_t)

NA = _na()
NA64 = _na64()  # missing money (int64) value

_LIST_COLUMNS = {"sdx": SDX, "procs": PROCS}


def column_count():
    """Number of columns the C library knows."""
    return _column_count()


def builtin_maps():
    """Names of the built-in column maps (``ygt_cases_map_builtin_name``): "4101", "hqms", "zh"."""
    names, i = [], 0
    while _map_builtin_name(i) is not None:
        names.append(_map_builtin_name(i).decode())
        i += 1
    return names


def column_name(column):
    """Header name of a column ("sex", "pdx", ...); None for an unknown column."""
    raw = _column_name(column)
    return raw.decode() if raw else None


def column_type(column):
    """Storage type of a column (TYPE_INT32, TYPE_STRING, TYPE_CODE, TYPE_CODE_LIST)."""
    return check(_column_type(column))


def _column(name_or_index):
    if isinstance(name_or_index, int):
        return name_or_index
    for i in range(column_count()):
        if column_name(i) == name_or_index:
            return i
    raise KeyError("no case column named %r" % (name_or_index,))


class Cases(Handle):
    """A batch of cases; code columns hold ids of the two dictionaries."""

    _free = _free

    def __init__(self, dx, proc, capacity=0):
        out = _P()
        check(_new(ctypes.byref(out), dx, proc, capacity))
        super().__init__(out.value, keep=(dx, proc))
        self._arrays = []  # attached arrays, kept alive with the batch
        self._aliases = []  # (temporary file, the file it stands for): xlsx sheets read as TSV

    @classmethod
    def for_pack(cls, pack, capacity=0):
        """An empty batch over a DRG pack's dictionaries."""
        return cls(pack.dx_codes, pack.proc_codes, capacity)

    def __len__(self):
        return _count(self)

    def codes(self, kind):
        """The dictionary pointer of ``kind`` (1 diagnosis, 2 procedure) as an int."""
        return _codes(self, kind)

    def append(self, **fields):
        """Append one case; fields by column name (ints, strings, codes, and
        lists of codes for ``sdx``/``procs``).  Returns the row index."""
        row = ctypes.c_size_t()
        check(_append(self, ctypes.byref(row)))
        for name, value in fields.items():
            self.set(row.value, name, value)
        return row.value

    def set(self, row, column, value):
        """Set one field of ``row`` (lists only on the last row)."""
        col = _column(column)
        kind = column_type(col)
        if kind == TYPE_INT32 and isinstance(value, str) and column_name(col) in _LABELLED:
            # "职工", "居民医保", "男": through the C table of spellings, as the file loader reads them
            check(_set_int(self, row, col, labels.parse(_LABELLED[column_name(col)], value)))
        elif kind == TYPE_INT32:
            check(_set_int(self, row, col, NA if value is None else int(value)))
        elif kind == TYPE_INT64:
            check(_set_int64(self, row, col, NA64 if value is None else int(value)))
        elif kind == TYPE_STRING:
            check(_set_string(self, row, col, None if value is None else str(value).encode()))
        elif kind == TYPE_CODE:
            if isinstance(value, int):
                check(_set_int(self, row, col, value))
            else:
                check(_set_code(self, row, col, None if value is None else str(value).encode()))
        else:
            for code in value or ():
                if isinstance(code, int):
                    check(_add_code_id(self, row, col, code))
                else:
                    check(_add_code(self, row, col, str(code).encode()))

    def allow_columns(self, names):
        """Columns that :meth:`load` accepts without reading them (``ygt_cases_allow_columns``): a list or a
        comma-separated string of names, ``"*"`` for any, None for none.  Others are a ParseError."""
        if names is not None and not isinstance(names, str):
            names = ",".join(names)
        check(_allow_columns(self, names.encode() if names else None))
        return self

    def map_columns(self, path):
        """A column map (``ygt_cases_map_columns``): a table of ``column`` (the file's header) and ``field``
        (the case-file column), e.g. examples/data/maps/homepage-zh.tsv; None removes it."""
        check(_map_columns(self, str(path).encode() if path is not None else None))
        return self

    def map_builtin(self, name):
        """A built-in column map (``ygt_cases_map_builtin``): "4101" (settlement-list field names), "hqms"
        (病案首页 pinyin ids), "zh" (Chinese headers); see doc/formats/exports.md."""
        check(_map_builtin(self, name.encode()))
        return self

    def use_map(self, spec):
        """A built-in map by name, or a column map file by path (what ``--map`` takes).  A word that is
        neither a built-in name nor a file is taken for a misspelt name (NotFoundError with the closest)."""
        import os
        name = str(spec)
        if name in builtin_maps() or not (os.path.exists(name) or "/" in name or "." in name):
            return self.map_builtin(name)
        return self.map_columns(spec)

    def load_4101(self, path):
        """Append the records of a settlement-list upload (4101 JSON: a record or an array of records;
        ``ygt_cases_load_4101``).  Unknown keys are a ParseError naming record, path and the closest key."""
        check(_load_4101(self, str(path).encode()))
        return self

    def load(self, path, allow=None, columns=None, map=None):  # noqa: A002 (the CLI's name)
        """Append the rows of a case file: TSV/CSV (labelled_cases.tsv layout), a 4101 settlement-list JSON
        (``.json``) or an xlsx sheet (``.xlsx``, through openpyxl; yigongti.xlsx).  Tables are strict: an
        unknown or repeated column, a byte that is not UTF-8 or a case id given twice is an error naming
        file, line and field; ``allow`` names extra columns to accept (see :meth:`allow_columns`),
        ``columns`` is a column map file and ``map`` a built-in map name or a map file (see
        :meth:`use_map`) for a file with its own headers."""
        if allow is not None:
            self.allow_columns(allow)
        if columns is not None:
            self.map_columns(columns)
        if map is not None:
            self.use_map(map)
        name = str(path)
        if name.lower().endswith(".json"):
            return self.load_4101(name)
        if name.lower().endswith(".xlsx"):
            from . import xlsx
            return xlsx.load_cases(self, name)
        check(_load(self, name.encode()))
        return self

    def _load_table(self, path):
        check(_load(self, str(path).encode()))
        return self

    def get(self, row, column):
        """One field: an int (NA when missing), a str, or a list of code ids."""
        col = _column(column)
        kind = column_type(col)
        if kind == TYPE_INT64:
            out64 = ctypes.c_int64()
            check(_get_int64(self, row, col, ctypes.byref(out64)))
            return out64.value
        if kind in (TYPE_INT32, TYPE_CODE):
            out = ctypes.c_int32()
            check(_get_int(self, row, col, ctypes.byref(out)))
            return out.value
        if kind == TYPE_STRING:
            raw = _get_string(self, row, col)
            if raw is None:
                raise IndexError("row %d outside the batch" % row)
            return raw.decode("utf-8")
        ids, n = _I32P(), ctypes.c_size_t()
        check(_get_codes(self, row, col, ctypes.byref(ids), ctypes.byref(n)))
        return [ids[i] for i in range(n.value)]

    def row_flags(self, row):
        """Status bits of a row (ROW_MALFORMED, ROW_UNKNOWN_*, ROW_LEVEL_MISMATCH), 0 when clean."""
        return check(_row_flags(self, row))

    def row_line(self, row):
        """Input line of a row (0 when not read from a file)."""
        return check(_row_line(self, row))

    def row_message(self, row):
        raw = _row_message(self, row)
        if raw is None:
            raise IndexError("row %d outside the batch" % row)
        text = raw.decode("utf-8")
        for tmp, path in self._aliases:
            text = text.replace(tmp, path)
        return text

    def problem_count(self):
        return _problem_count(self)

    def problems(self):
        """(row, line, flags, message) of every row with a problem."""
        if not self.problem_count():
            return []
        flags, lines = self.rows()
        return [(r, lines[r], f, self.row_message(r)) for r, f in enumerate(flags) if f]

    def _range(self, first, n):
        return first, len(self) - first if n is None else n

    def strings(self, column, first=0, n=None):
        """The strings of a string column (``"case_id"``, ``"dept"``, ``"institution"``) for rows first ..
        first + n - 1 (all from first by default), in one C call (``ygt_cases_get_strings``)."""
        first, n = self._range(first, n)
        col, size = _column(column), ctypes.c_size_t()
        rc = _get_strings(None, 0, ctypes.byref(size), self, col, first, n)
        if rc != -13:  # YGT_EBUFSIZE: the size is known
            check(rc)
        buf = ctypes.create_string_buffer(size.value)
        check(_get_strings(buf, size.value, None, self, col, first, n))
        return buf.raw.decode("utf-8").split("\0")[:n]

    def rows(self, first=0, n=None, numpy=False):
        """(flags, lines) of rows first .. first + n - 1 as two int32 columns (array.array, or numpy arrays
        with ``numpy=True``/``None``, see :mod:`yigongti.columns`), in one C call (``ygt_cases_get_rows``)."""
        from . import columns
        first, n = self._range(first, n)
        np = columns.numpy_module(numpy)
        flags, lines = columns.new(ctypes.c_int32, n, np), columns.new(ctypes.c_int32, n, np)
        check(_get_rows(columns.pointer(flags, ctypes.c_int32), columns.pointer(lines, ctypes.c_int32),
                        self, first, n))
        return flags, lines

    def attach(self, column, values):
        """Attach a numpy int32 column without copying (it is kept alive)."""
        import numpy as np
        arr = np.ascontiguousarray(values, dtype=np.int32)
        check(_attach_int32(self, _column(column), arr.ctypes.data_as(_I32P), arr.size))
        self._arrays.append(arr)

    def attach_list(self, column, offsets, values):
        """Attach a code-list column as numpy offsets (int64, n + 1) and ids (int32)."""
        import numpy as np
        off = np.ascontiguousarray(offsets, dtype=np.int64)
        val = np.ascontiguousarray(values, dtype=np.int32)
        vptr = val.ctypes.data_as(_I32P) if val.size else None
        check(_attach_list(self, _column(column), off.ctypes.data_as(_I64P), vptr, off.size - 1))
        self._arrays += [off, val]

    @classmethod
    def from_columns(cls, pack, **columns):
        """A batch over ``pack``'s dictionaries from numpy columns: integer
        columns by name (``sex=...``, ``pdx=`` ids), and for code lists
        ``sdx=(offsets, values)`` / ``procs=(offsets, values)``."""
        cases = cls.for_pack(pack)
        for name, value in columns.items():
            if name in _LIST_COLUMNS:
                cases.attach_list(_LIST_COLUMNS[name], *value)
            else:
                cases.attach(name, value)
        return cases

    @classmethod
    def from_dataframe(cls, pack, df):
        """A batch from a pandas DataFrame with labelled_cases.tsv's columns
        (codes as strings, ``sdx``/``other_procs`` as '|'-separated strings or
        lists; missing numbers as NaN/None)."""
        import numpy as np
        dx, proc = pack.dx_codes, pack.proc_codes
        cols = {}
        for name in ("sex", "age_years", "age_days", "birth_weight_g", "los_days", "leaving_type"):
            if name in df:
                num = df[name].astype("float64").to_numpy()
                cols[name] = np.where(np.isnan(num), NA, num).astype(np.int32)
        if "pdx" in df:
            cols["pdx"] = np.array([NO_CODE if _blank(c) else _id(dx, c) for c in df["pdx"]], dtype=np.int32)
        cols["sdx"] = _lists(dx, [_split(v) for v in df["sdx"]] if "sdx" in df else [[]] * len(df))
        first = df["pproc"] if "pproc" in df else [None] * len(df)
        other = df["other_procs"] if "other_procs" in df else [None] * len(df)
        cols["procs"] = _lists(proc, [_split(a) + _split(b) for a, b in zip(first, other)])
        return cls.from_columns(pack, **cols)


def _blank(value):
    return value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""


def _split(value):
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return [] if _blank(value) else [c for c in str(value).split("|") if c.strip()]


def _id(codes, code):
    found = codes.id(str(code))
    return -6 if found is None else found  # YGT_ENOTFOUND: an unknown code


def _lists(codes, lists):
    import numpy as np
    flat = [c for row in lists for c in row]
    values = np.array(codes.ids(flat) if flat else [], dtype=np.int32)
    offsets = np.zeros(len(lists) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(row) for row in lists])
    return offsets, values
