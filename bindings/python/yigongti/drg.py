"""CHS-DRG grouping (``include/yigongti/drg.h``) and the ``drg group`` command.

>>> pack = Pack.load("../shared/data/chs-drg-1.1")
>>> cases = Cases.for_pack(pack).load("labelled_cases.tsv")
>>> [r.drg for r in pack.group(cases)]
['GZ13', 'GC13', ...]
>>> result, steps = pack.group_traced(cases, 0)
"""
import collections
import ctypes
import sys

from ._lib import Handle, fn
from .cases import Cases
from .codes import Codes
from .errors import check
from . import tables

_P = ctypes.c_void_p
_I32P = ctypes.POINTER(ctypes.c_int32)
_U32P = ctypes.POINTER(ctypes.c_uint32)
_I32 = ctypes.c_int32

OK, QY = 0, 1
NO_MDC, NO_ADRG, UNKNOWN_PDX, NO_DRG = 20, 21, 22, 23
INVALID_SEX, MISSING_AGE, MISSING_AGE_DAYS, MISSING_WEIGHT, MISSING_PDX, INVALID_AGE, INVALID_WEIGHT = range(40, 47)
DX_UNMAPPED, PROC_UNMAPPED = 60, 61
CLASS_SUCCESS, CLASS_QY, CLASS_FAIL, CLASS_CHECK_FAILED, CLASS_UNMAPPED = range(5)
FLAG_UNKNOWN_PDX, FLAG_UNKNOWN_SDX, FLAG_UNKNOWN_PROC, FLAG_MAPPED = 1, 2, 4, 8
MAP_CODES, QY_ON, QY_OFF = 1, 2, 4
STEP_KINDS = {1: "map", 2: "validate", 3: "mdc", 4: "qy", 5: "adrg", 6: "mdc_left", 7: "mcc", 8: "cc",
              9: "mcc_excluded", 10: "cc_excluded", 11: "drg", 12: "result"}

_load = fn("ygt_drg_pack_load", ctypes.c_int, ctypes.POINTER(_P), ctypes.c_char_p)
_load_cached = fn("ygt_drg_pack_load_cached", ctypes.c_int, ctypes.POINTER(_P), ctypes.c_char_p, ctypes.c_char_p)
_cached = fn("ygt_drg_pack_cached", ctypes.c_int, _P)
_free = fn("ygt_drg_pack_free", None, _P)
_name = fn("ygt_drg_pack_name", ctypes.c_char_p, _P)
_codes = fn("ygt_drg_pack_codes", _P, _P, ctypes.c_int)
_has_map = fn("ygt_drg_pack_has_map", ctypes.c_int, _P, ctypes.c_int)
_counts = [fn("ygt_drg_pack_%s_count" % k, ctypes.c_size_t, _P) for k in ("mdc", "adrg", "drg")]
_code_of = [fn("ygt_drg_pack_%s_code" % k, ctypes.c_char_p, _P, _I32) for k in ("mdc", "adrg", "drg")]
_name_of = [fn("ygt_drg_pack_%s_name" % k, ctypes.c_char_p, _P, _I32) for k in ("mdc", "adrg", "drg")]
_adrg_mdc = fn("ygt_drg_pack_adrg_mdc", _I32, _P, _I32)
_drg_adrg = fn("ygt_drg_pack_drg_adrg", _I32, _P, _I32)
_find = fn("ygt_drg_pack_find", _I32, _P, ctypes.c_int, ctypes.c_char_p)
_group = fn("ygt_drg_group", ctypes.c_int, _P, _P, ctypes.c_size_t, ctypes.c_size_t, ctypes.c_int,
            _I32P, _I32P, _I32P, _I32P, _U32P)
_group_traced = fn("ygt_drg_group_traced", ctypes.c_int, _P, _P, ctypes.c_size_t, ctypes.c_int, _P,
                   _I32P, _I32P, _I32P, _I32P, _U32P)
_status_name = fn("ygt_drg_status_name", ctypes.c_char_p, ctypes.c_int)
_status_class = fn("ygt_drg_status_class", ctypes.c_int, ctypes.c_int)
_trace_new = fn("ygt_drg_trace_new", ctypes.c_int, ctypes.POINTER(_P))
_trace_free = fn("ygt_drg_trace_free", None, _P)
_trace_count = fn("ygt_drg_trace_count", ctypes.c_size_t, _P)
_trace_step = fn("ygt_drg_trace_step", ctypes.c_int, _P, ctypes.c_size_t, ctypes.POINTER(ctypes.c_int),
                 _I32P, _I32P, _I32P)
_trace_line = fn("ygt_drg_trace_line", ctypes.c_char_p, _P, ctypes.c_size_t)

_LEVELS = {"mdc": 0, "adrg": 1, "drg": 2}

Result = collections.namedtuple("Result", "mdc adrg drg status flags mdc_id adrg_id drg_id")
Step = collections.namedtuple("Step", "kind object code value line")


def status_name(status):
    """Name of a status ("OK", "NO_MDC", ...)."""
    return _status_name(status).decode()


def status_class(status):
    """Class of a status: CLASS_SUCCESS, CLASS_QY, CLASS_FAIL, CLASS_CHECK_FAILED or CLASS_UNMAPPED."""
    return check(_status_class(status))


class _PackCodes(Codes):
    """A dictionary owned by a pack: never freed from Python, keeps the pack alive."""

    _free = staticmethod(lambda ptr: None)

    def __init__(self, ptr, pack):  # pylint: disable=super-init-not-called
        Handle.__init__(self, ptr, keep=(pack,))


class Trace(Handle):
    """The decision steps of one grouped case."""

    _free = _trace_free

    def __init__(self):
        out = _P()
        check(_trace_new(ctypes.byref(out)))
        super().__init__(out.value)

    def __len__(self):
        return _trace_count(self)

    def step(self, i):
        kind, obj, code, value = ctypes.c_int(), _I32(), _I32(), _I32()
        check(_trace_step(self, i, ctypes.byref(kind), ctypes.byref(obj), ctypes.byref(code), ctypes.byref(value)))
        return Step(STEP_KINDS.get(kind.value, kind.value), obj.value, code.value, value.value, self.line(i))

    def line(self, i):
        raw = _trace_line(self, i)
        if raw is None:
            raise IndexError("trace step %d of %d" % (i, len(self)))
        return raw.decode("utf-8")

    def steps(self):
        return [self.step(i) for i in range(len(self))]


class Pack(Handle):
    """A loaded DRG rule pack (immutable; may be shared between threads)."""

    _free = _free

    @classmethod
    def load(cls, directory, cache=None):
        """Loads the pack in directory; with cache (a file path), through that
        compiled cache: used when it matches the directory as it is now, else
        the text is read and the cache rewritten (doc/formats/drg-pack-cache.md)."""
        out = _P()
        if cache is None:
            check(_load(ctypes.byref(out), str(directory).encode()))
        else:
            check(_load_cached(ctypes.byref(out), str(directory).encode(), str(cache).encode()))
        pack = cls(out.value)
        pack.dx_codes = _PackCodes(_codes(pack, 1), pack)
        pack.proc_codes = _PackCodes(_codes(pack, 2), pack)
        return pack

    @property
    def name(self):
        return _name(self).decode("utf-8")

    @property
    def cached(self):
        """True when the pack was read from its compiled cache."""
        return bool(_cached(self))

    def has_map(self, kind):
        """Whether the pack has dx_map.tsv (kind 1) or proc_map.tsv (kind 2)."""
        return bool(_has_map(self, kind))

    def count(self, level):
        """Number of MDCs, ADRGs or DRGs (level "mdc", "adrg", "drg")."""
        return _counts[_LEVELS[level]](self)

    def code(self, level, gid):
        """Code of an id of a level; -1 gives the pack's "none" code."""
        raw = _code_of[_LEVELS[level]](self, gid)
        if raw is None:
            raise IndexError("%s id %d outside the pack" % (level, gid))
        return raw.decode("utf-8")

    def group_name(self, level, gid):
        raw = _name_of[_LEVELS[level]](self, gid)
        if raw is None:
            raise IndexError("%s id %d outside the pack" % (level, gid))
        return raw.decode("utf-8")

    def adrg_mdc(self, adrg_id):
        return check(_adrg_mdc(self, adrg_id))

    def drg_adrg(self, drg_id):
        return check(_drg_adrg(self, drg_id))

    def find(self, level, code):
        """Id of an MDC, ADRG or DRG code, or None."""
        found = _find(self, _LEVELS[level] + 1, code.encode())
        return found if found >= 0 else None

    def group_ids(self, cases, first=0, n=None, options=0):
        """Group rows into numpy arrays: dict of mdc, adrg, drg, status, flags."""
        import numpy as np
        n = len(cases) - first if n is None else n
        out = {k: np.empty(n, dtype=np.int32) for k in ("mdc", "adrg", "drg", "status")}
        out["flags"] = np.empty(n, dtype=np.uint32)
        check(_group(self, cases, first, n, options, *[out[k].ctypes.data_as(_I32P) for k in
                                                         ("mdc", "adrg", "drg", "status")],
                     out["flags"].ctypes.data_as(_U32P)))
        return out

    def group_columns(self, cases, first=0, n=None, options=0, numpy=None):
        """Group rows into columns (:class:`yigongti.drg_columns.Groups`): ids, status and flags as numpy
        arrays (``numpy=None``: when installed; ``False``: array.array of the standard library), codes and
        names per row through one look-up per distinct id."""
        from .drg_columns import Groups
        return Groups(self, cases, first, n, options, numpy)

    def group(self, cases, first=0, n=None, options=0):
        """Group rows of a batch; a list of Result (codes, status name, flags, ids).
        Needs only the standard library."""
        n = len(cases) - first if n is None else n
        arrays = [(_I32 * max(n, 1))() for _ in range(4)]
        flags = (ctypes.c_uint32 * max(n, 1))()
        check(_group(self, cases, first, n, options, *arrays, flags))
        mdc, adrg, drg, status = arrays
        return [self._result(mdc[i], adrg[i], drg[i], status[i], flags[i]) for i in range(n)]

    def group_traced(self, cases, row, options=0, trace=None):
        """Group one row with a trace; returns (Result, list of Step)."""
        trace = Trace() if trace is None else trace
        ids = [_I32() for _ in range(4)]
        flags = ctypes.c_uint32()
        check(_group_traced(self, cases, row, options, trace, *[ctypes.byref(v) for v in ids],
                            ctypes.byref(flags)))
        return self._result(*[v.value for v in ids], flags.value), trace.steps()

    def group_dataframe(self, df, options=0):
        """Group a pandas DataFrame (labelled_cases.tsv columns); returns a
        DataFrame with mdc, adrg, drg, status columns on df's index."""
        import pandas as pd
        cases = Cases.from_dataframe(self, df)
        res = self.group(cases, options=options)
        return pd.DataFrame({"mdc": [r.mdc for r in res], "adrg": [r.adrg for r in res],
                             "drg": [r.drg for r in res], "status": [r.status for r in res]}, index=df.index)

    def _result(self, mdc, adrg, drg, status, flags):
        return Result(self.code("mdc", mdc), self.code("adrg", adrg), self.code("drg", drg),
                      status_name(status), flags, mdc, adrg, drg)


def _options(args):
    opts = MAP_CODES if args.map_codes else 0
    return opts | {"on": QY_ON, "off": QY_OFF, "pack": 0}[args.qy]


def write_groups(path, cases, results, extra=None):
    """Write case_id, mdc, adrg, drg, status per result (None as ""), plus the
    column extra = (name, fn(row)) when given; report the batch's row problems."""
    from . import columns
    table = [cases.strings("case_id", 0, len(results))]  # one C call, not one per row
    mdc, adrg, drg, status = list(zip(*results))[:4] or [()] * 4  # the first four fields as columns
    table += [[v or "" for v in codes] for codes in (mdc, adrg, drg)] + [status]
    if extra:
        table.append([extra[1](row) for row in range(len(results))])
    with open(path, "w", encoding="utf-8") as out:
        out.write("case_id\tmdc\tadrg\tdrg\tstatus" + ("\t" + extra[0] if extra else "") + "\n")
        columns.write_rows(out, table)
    for row, line, _, message in cases.problems():
        print("yigongti: row %d (line %d): %s" % (row + 1, line, message), file=sys.stderr)


def _names(text):
    return [n for n in (text or "").split(",") if n]


def _cmd_group(args):
    pack = Pack.load(args.pack, cache=args.pack_cache)
    keep = tables.keep_names(args.cases, args.keep, ("mdc", "adrg", "drg", "drg_name", "status"))
    if keep and not tables.is_table(args.cases):
        print("yigongti: --keep copies columns of a TSV/CSV file; %s is not one" % args.cases, file=sys.stderr)
        return 2
    cases = Cases.for_pack(pack).load(args.cases, allow=keep + _names(args.allow), columns=args.columns,
                                      map=args.map)
    kept = tables.kept_columns(args.cases, keep, len(cases))
    opts = _options(args)
    from .drg_columns import write_table
    with open(args.out, "w", encoding="utf-8") as out:
        write_table(out, pack, cases, pack.group_columns(cases, options=opts, numpy=False), kept, keep,
                    Trace() if args.trace else None, opts)
    from .cli_errors import report_row_problems
    return report_row_problems(cases, args.out)


def register(subparsers):
    """Add ``drg group`` to the command line."""
    drg = subparsers.add_parser("drg", help="DRG grouping with a rule pack")
    sub = drg.add_subparsers(dest="drg_command", metavar="ACTION")
    group = sub.add_parser("group", help="group the cases of a TSV/CSV file")
    group.add_argument("--pack", required=True, help="rule-pack directory (e.g. chs-drg-1.1)")
    group.add_argument("--pack-cache", metavar="FILE",
                       help="compiled cache of the pack: read when it matches the pack, else written "
                            "(doc/formats/drg-pack-cache.md)")
    group.add_argument("--cases", required=True,
                       help="cases: TSV/CSV in labelled_cases.tsv's layout (or with --map), a 4101 settlement-list "
                            "JSON (.json) or an xlsx sheet (.xlsx)")
    group.add_argument("--out", required=True,
                       help="output TSV: case_id, the --keep columns, mdc, adrg, drg, drg_name, status")
    group.add_argument("--keep", metavar="COLS",
                       help="comma-separated columns of the case file copied to the output (to join back); "
                            "'*': every column")
    group.add_argument("--columns", metavar="MAP",
                       help="column map for a file with its own headers (column, field; "
                            "e.g. examples/data/maps/homepage-zh.tsv)")
    group.add_argument("--map", metavar="NAME|FILE",
                       help="column map: built-in 4101, hqms (病案首页 pinyin ids) or zh (Chinese headers), "
                            "or a map file (doc/formats/exports.md)")
    group.add_argument("--allow", metavar="COLS",
                       help="comma-separated extra columns of the case file to accept without reading them "
                            "('*' for any); other unknown columns are an error")
    group.add_argument("--trace", action="store_true", help="add the decision steps of each case")
    group.add_argument("--map-codes", action="store_true", help="translate codes with dx_map/proc_map")
    group.add_argument("--qy", choices=("pack", "on", "off"), default="pack",
                       help="ambiguous-group check: as the pack says, always, never")
    group.set_defaults(func=_cmd_group)


def _register_cli():
    from . import cli  # imported late: cli needs the package's version()
    cli.subcommand(register)


_register_cli()
