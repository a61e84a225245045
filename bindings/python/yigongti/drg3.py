"""CHS-DRG 3.0 from the official configuration workbook (``include/yigongti/drg3.h``),
and the ``drg3 import`` / ``drg3 group`` commands.

>>> cfg = Config.load("chs-drg-3.0-export")          # mdc.tsv, adrg.tsv, ... as ``drg3 import`` writes them
>>> cases = Cases.for_pack(cfg)
>>> cases.append(sex=1, age_years=45, pdx="K80.101", sdx=["I50.900"], procs=["51.2300"])
>>> cfg.group(cases)[0].drg
'HC43'

``drg3 import`` reads the ``.xlsx`` with openpyxl (Debian: python3-openpyxl),
writes each of the six sheets as TSV and a provenance.tsv with the
workbook's name and SHA-256, then loads the result to check it.
"""
import collections
import ctypes
import datetime
import hashlib
import os

from ._lib import Handle, fn
from .cases import Cases
from .drg import Pack, Result, Trace, status_name, write_groups
from .drg import _PackCodes
from .errors import check

_P = ctypes.c_void_p
_I32 = ctypes.c_int32
_I32P = ctypes.POINTER(_I32)
_U32P = ctypes.POINTER(ctypes.c_uint32)

MISSING_SETS_EMPTY = 1
FLAG_PLACEHOLDER = 16
FILES = ("mdc", "adrg", "drg", "sets", "cc", "exclusion", "provenance")
# Workbook sheet names, in FILES order (the provenance table is written by the import).
SHEETS = ("MDC", "ADRG", "DRG", "集合", "CC", "排除表")
_LEVELS = {"mdc": 1, "adrg": 2, "drg": 3}

_load = fn("ygt_drg3_load", ctypes.c_int, ctypes.POINTER(_P), ctypes.c_char_p, ctypes.c_int)
_load_files = fn("ygt_drg3_load_files", ctypes.c_int, ctypes.POINTER(_P), ctypes.POINTER(ctypes.c_char_p),
                 ctypes.c_int)
_free = fn("ygt_drg3_free", None, _P)
_codes = fn("ygt_drg3_codes", _P, _P, ctypes.c_int)
_count = fn("ygt_drg3_count", ctypes.c_size_t, _P, ctypes.c_int)
_code = fn("ygt_drg3_code", ctypes.c_char_p, _P, ctypes.c_int, _I32)
_name = fn("ygt_drg3_name", ctypes.c_char_p, _P, ctypes.c_int, _I32)
_find = fn("ygt_drg3_find", _I32, _P, ctypes.c_int, ctypes.c_char_p)
_provenance = fn("ygt_drg3_provenance", ctypes.c_char_p, _P, ctypes.c_char_p)
_missing = fn("ygt_drg3_missing_set_count", ctypes.c_size_t, _P)
_nodes = fn("ygt_drg3_node_count", ctypes.c_size_t, _P)
_group = fn("ygt_drg3_group", ctypes.c_int, _P, _P, ctypes.c_size_t, ctypes.c_size_t, ctypes.c_int,
            _I32P, _I32P, _I32P, _I32P, _U32P)
_group_traced = fn("ygt_drg3_group_traced", ctypes.c_int, _P, _P, ctypes.c_size_t, _P,
                   _I32P, _I32P, _I32P, _I32P, _U32P)


class Config(Handle):
    """A loaded CHS-DRG 3.0 configuration (immutable; may be shared between threads).
    ``Cases.for_pack(config)`` makes a batch over its dictionaries."""

    _free = _free

    @classmethod
    def load(cls, directory, missing_sets_empty=False):
        """Load mdc, adrg, drg, sets[, cc, exclusion, provenance] (.tsv or .csv) from a directory."""
        out = _P()
        check(_load(ctypes.byref(out), str(directory).encode(), MISSING_SETS_EMPTY if missing_sets_empty else 0))
        return cls._wrap(out.value)

    @classmethod
    def load_files(cls, mdc, adrg, drg, sets, cc=None, exclusion=None, provenance=None, missing_sets_empty=False):
        """Load the sheets from separate paths (cc, exclusion and provenance may be None)."""
        paths = (ctypes.c_char_p * len(FILES))(*[None if p is None else str(p).encode()
                                                 for p in (mdc, adrg, drg, sets, cc, exclusion, provenance)])
        out = _P()
        check(_load_files(ctypes.byref(out), paths, MISSING_SETS_EMPTY if missing_sets_empty else 0))
        return cls._wrap(out.value)

    @classmethod
    def _wrap(cls, ptr):
        cfg = cls(ptr)
        cfg.dx_codes = _PackCodes(_codes(cfg, 1), cfg)
        cfg.proc_codes = _PackCodes(_codes(cfg, 2), cfg)
        return cfg

    def count(self, level):
        """Number of MDCs, ADRGs or DRGs (level "mdc", "adrg", "drg")."""
        return _count(self, _LEVELS[level])

    def code(self, level, gid):
        """Code of an id of a level; None for -1 (none)."""
        if gid == -1:
            return None
        raw = _code(self, _LEVELS[level], gid)
        if raw is None:
            raise IndexError("%s id %d outside the configuration" % (level, gid))
        return raw.decode("utf-8")

    def group_name(self, level, gid):
        raw = _name(self, _LEVELS[level], gid)
        if raw is None:
            raise IndexError("%s id %d outside the configuration" % (level, gid))
        return raw.decode("utf-8")

    def find(self, level, code):
        """Id of an MDC, ADRG or DRG code, or None."""
        found = _find(self, _LEVELS[level], code.encode())
        return found if found >= 0 else None

    def provenance(self, key):
        """A value of provenance.tsv (name, version, workbook, sha256, imported), or None."""
        raw = _provenance(self, key.encode())
        return None if raw is None else raw.decode("utf-8")

    @property
    def missing_set_count(self):
        """Sets that rules name and the 集合 sheet lacks (loaded as empty with missing_sets_empty)."""
        return _missing(self)

    @property
    def node_count(self):
        """Number of compiled rule nodes."""
        return _nodes(self)

    def group(self, cases, first=0, n=None):
        """Group rows of a batch: a list of drg.Result (codes are None where there is none)."""
        n = len(cases) - first if n is None else n
        arrays = [(_I32 * max(n, 1))() for _ in range(4)]
        flags = (ctypes.c_uint32 * max(n, 1))()
        check(_group(self, cases, first, n, 0, *arrays, flags))
        mdc, adrg, drg, status = arrays
        return [self._result(mdc[i], adrg[i], drg[i], status[i], flags[i]) for i in range(n)]

    def group_columns(self, cases, first=0, n=None, numpy=None):
        """Group rows into columns (:class:`yigongti.drg_columns.Groups`, as ``drg.Pack.group_columns``)."""
        from .drg_columns import Groups
        return Groups(self, cases, first, n, 0, numpy, group=_group)

    def group_traced(self, cases, row, trace=None):
        """Group one row with a trace; returns (Result, list of drg.Step)."""
        trace = Trace() if trace is None else trace
        ids = [_I32() for _ in range(4)]
        flags = ctypes.c_uint32()
        check(_group_traced(self, cases, row, trace, *[ctypes.byref(v) for v in ids], ctypes.byref(flags)))
        return self._result(*[v.value for v in ids], flags.value), trace.steps()

    def _result(self, mdc, adrg, drg, status, flags):
        return Result(self.code("mdc", mdc), self.code("adrg", adrg), self.code("drg", drg), status_name(status),
                      flags, mdc, adrg, drg)


def _cell(value):
    """A cell as TSV text: line breaks and tabs inside a rule become spaces."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\t", " ").splitlines()).strip()


def _numbered_rows(sheet):
    """(workbook row number, cells) of the non-blank rows from the header on: rows
    before the first one with two or more cells (a sheet's title, usually one
    merged cell) are skipped."""
    header_seen = False
    for n, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell(v) for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        header_seen = header_seen or sum(1 for c in cells if c) >= 2
        if cells and header_seen:
            yield n, cells


def _sheet_rows(sheet):
    """The cells of _numbered_rows."""
    for _, cells in _numbered_rows(sheet):
        yield cells


def import_workbook(workbook, out_dir, tool="yigongti drg3 import"):
    """Export the six sheets of an official workbook (.xlsx) as TSV into out_dir,
    with provenance.tsv (workbook name, SHA-256); returns the loaded Config."""
    import openpyxl  # Debian: python3-openpyxl
    with open(workbook, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    book = openpyxl.load_workbook(workbook, read_only=True, data_only=True)
    missing = [s for s in SHEETS if s not in book.sheetnames]
    if missing:
        raise ValueError("%s: no sheet %s (sheets: %s)" % (workbook, ", ".join(missing), ", ".join(book.sheetnames)))
    os.makedirs(out_dir, exist_ok=True)
    for name, sheet in zip(FILES, SHEETS):
        with open(os.path.join(out_dir, name + ".tsv"), "w", encoding="utf-8", newline="\n") as out:
            for cells in _sheet_rows(book[sheet]):
                out.write("\t".join(cells) + "\n")
    book.close()
    base = os.path.basename(str(workbook))
    with open(os.path.join(out_dir, "provenance.tsv"), "w", encoding="utf-8", newline="\n") as out:
        out.write("key\tvalue\nname\t%s\nworkbook\t%s\nsha256\t%s\nimported\t%s %s\n"
                  % (os.path.splitext(base)[0], base, digest, datetime.date.today().isoformat(), tool))
    return Config.load(out_dir)


def load_grouper(path, missing_sets_empty=False):
    """A grouper from a directory: a rule pack of drg-pack.md (it has mdc_dx.tsv,
    e.g. CHS-DRG 1.1) or a CHS-DRG 3.0 configuration."""
    if os.path.exists(os.path.join(str(path), "mdc_dx.tsv")):
        return Pack.load(path)
    return Config.load(path, missing_sets_empty=missing_sets_empty)


Comparison = collections.namedtuple("Comparison", "cases drg_changed mdc_changed pairs")


def compare(cases_path, a, b):
    """Group the cases of a file under two groupers (Pack or Config; each reads
    the file over its own dictionaries).  Returns a Comparison: the number of
    cases, how many change DRG and MDC, and a Counter of (DRG under a, DRG under
    b) for the cases that change ("-" for none)."""
    results = []
    for grouper in (a, b):
        with Cases.for_pack(grouper) as cases:
            results.append(grouper.group(cases.load(cases_path)))
    pairs = collections.Counter()
    mdc_changed = 0
    for ra, rb in zip(*results):
        da, db = (r.drg if r.drg_id >= 0 else "-" for r in (ra, rb))
        if da != db:
            pairs[(da, db)] += 1
        mdc_changed += (ra.mdc if ra.mdc_id >= 0 else "-") != (rb.mdc if rb.mdc_id >= 0 else "-")
    return Comparison(len(results[0]), sum(pairs.values()), mdc_changed, pairs)


def load_periods(path, missing_sets_empty=False):
    """The effective periods of groupers (versions.Versions, read by the C
    library): a TSV with columns from, to (empty: open) and grouper (a
    directory, relative to the file).  Dates are inclusive; periods must
    neither overlap nor leave gaps.  Errors name the file, line and field."""
    from .versions import Versions
    return Versions.load(path, missing_sets_empty)


def group_by_period(cases_path, versions):
    """Group each case of a file with the grouper whose period holds its
    discharge date (each grouper reads the file over its own dictionaries); a
    case outside every period, or without a discharge date, gets status NO_PERIOD."""
    return versions.group_file(cases_path)


def _cmd_import(args):
    cfg = import_workbook(args.workbook, args.out)
    print("%s: %d MDCs, %d ADRGs, %d DRGs, %d rule nodes; sha256 %s"
          % (args.out, cfg.count("mdc"), cfg.count("adrg"), cfg.count("drg"), cfg.node_count,
             cfg.provenance("sha256")))
    return 0


def _cmd_group(args):
    if bool(args.config) == bool(args.periods):
        raise SystemExit("yigongti drg3 group: give one of --config and --periods")
    if args.periods:
        with load_periods(args.periods, args.missing_sets_empty) as versions:
            cases = Cases.for_pack(versions.groupers[0]).load(args.cases)
            write_groups(args.out, cases, versions.group_file(args.cases))
        return 0
    cfg = Config.load(args.config, missing_sets_empty=args.missing_sets_empty)
    cases = Cases.for_pack(cfg).load(args.cases)
    write_groups(args.out, cases, cfg.group_columns(cases, numpy=False).results())
    return 0


def _cmd_compare(args):
    a = load_grouper(args.a, args.missing_sets_empty)
    b = load_grouper(args.b, args.missing_sets_empty)
    cmp = compare(args.cases, a, b)
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("drg_a\tdrg_b\tcases\n")
        for (da, db), n in sorted(cmp.pairs.items(), key=lambda kv: (-kv[1], kv[0])):
            out.write("%s\t%s\t%d\n" % (da, db, n))
    share = 100.0 * cmp.drg_changed / cmp.cases if cmp.cases else 0.0
    print("%d cases: %d change DRG (%.1f%%), %d change MDC; pairs in %s"
          % (cmp.cases, cmp.drg_changed, share, cmp.mdc_changed, args.out))
    return 0


def register(subparsers):
    """Add ``drg3 import`` and ``drg3 group`` to the command line."""
    drg3 = subparsers.add_parser("drg3", help="CHS-DRG 3.0 from the official workbook")
    sub = drg3.add_subparsers(dest="drg3_command", metavar="ACTION")
    imp = sub.add_parser("import", help="export the workbook's six sheets as TSV, with its SHA-256")
    imp.add_argument("workbook", help="按病组（DRG）付费3.0版分组方案配置信息.xlsx")
    imp.add_argument("--out", required=True, help="directory to write mdc.tsv ... provenance.tsv into")
    imp.set_defaults(func=_cmd_import)
    group = sub.add_parser("group", help="group the cases of a TSV/CSV file")
    group.add_argument("--config", help="directory written by drg3 import")
    group.add_argument("--periods", help="TSV of from, to, grouper: the version by discharge date")
    group.add_argument("--cases", required=True, help="cases in labelled_cases.tsv's layout")
    group.add_argument("--out", required=True, help="output TSV: case_id, mdc, adrg, drg, status")
    group.add_argument("--missing-sets-empty", action="store_true",
                       help="sets that rules name but the 集合 sheet lacks are empty (partial workbooks)")
    group.set_defaults(func=_cmd_group)
    cmp = sub.add_parser("compare", help="the same cases under two versions: how many change group, and where")
    cmp.add_argument("--a", required=True, help="first grouper: a rule pack (e.g. chs-drg-1.1) or a 3.0 directory")
    cmp.add_argument("--b", required=True, help="second grouper, likewise")
    cmp.add_argument("--cases", required=True, help="cases in labelled_cases.tsv's layout")
    cmp.add_argument("--out", required=True, help="output TSV: drg_a, drg_b, cases for every pair that changes")
    cmp.add_argument("--missing-sets-empty", action="store_true", help="as for group")
    cmp.set_defaults(func=_cmd_compare)


def _register_cli():
    from . import cli  # imported late: cli needs the package's version()
    cli.subcommand(register)


_register_cli()
