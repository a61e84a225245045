"""CHS-DRG grouping results as columns (``Pack.group_columns``) and the ``drg group`` output written column by
column: the C grouper fills five arrays in one call, and each code or name is looked up once per distinct
id, not once per row.

>>> groups = pack.group_columns(cases)          # numpy arrays when numpy is installed, else array.array
>>> groups.drg_id, groups.status                # ids and status codes per row
>>> groups.codes("drg"), groups.status_names()  # lists of strings per row
>>> groups.results() == pack.group(cases)       # the row objects, the same values
"""
import ctypes

from . import columns
from .drg import Result, _group, status_name
from .errors import check

_LEVELS = ("mdc", "adrg", "drg")


class Groups:
    """The results of grouping rows of a batch: ``mdc_id``, ``adrg_id``, ``drg_id`` (-1: none), ``status``
    (int32) and ``flags`` (uint32) columns, with the pack that names them.  ``group`` is the C grouper with
    ``ygt_drg_group``'s arguments (``ygt_drg3_group`` for a CHS-DRG 3.0 configuration)."""

    def __init__(self, pack, cases, first=0, n=None, options=0, numpy=None, group=_group):
        n = len(cases) - first if n is None else n
        np = columns.numpy_module(numpy)
        self.pack = pack
        self._texts = {}  # text() of each distinct (mdc_id, adrg_id, drg_id, status)
        self.mdc_id, self.adrg_id, self.drg_id, self.status = [columns.new(ctypes.c_int32, n, np) for _ in range(4)]
        self.flags = columns.new(ctypes.c_uint32, n, np)
        ids = [columns.pointer(c, ctypes.c_int32) for c in (self.mdc_id, self.adrg_id, self.drg_id, self.status)]
        check(group(pack, cases, first, n, options, *ids, columns.pointer(self.flags, ctypes.c_uint32)))

    def __len__(self):
        return len(self.status)

    def ids(self, level):
        """The id column of a level ("mdc", "adrg", "drg")."""
        return getattr(self, level + "_id")

    def codes(self, level):
        """The code of each row at a level (where there is no group: the pack's "none" code, None for a
        CHS-DRG 3.0 configuration)."""
        return columns.lookup(self.ids(level), lambda gid: self.pack.code(level, gid))

    def names(self, level):
        """The name of each row's group at a level ("" where there is none)."""
        return columns.lookup(self.ids(level), lambda gid: self.pack.group_name(level, gid) if gid >= 0 else "")

    def status_names(self):
        return columns.lookup(self.status, status_name)

    def text(self, first=0, n=None):
        """Per row first .. first + n - 1, ``drg group``'s result fields as one string: mdc, adrg, drg, drg_name
        and status joined by tabs, made once per distinct result (20,000 cases have a few hundred)."""
        end = len(self) if n is None else first + n
        keys = list(zip(*[c[first:end].tolist() for c in (self.mdc_id, self.adrg_id, self.drg_id, self.status)]))
        for key in set(keys).difference(self._texts):
            self._texts[key] = self._text(*key)
        return list(map(self._texts.__getitem__, keys))

    def _text(self, mdc, adrg, drg, status):
        name = self.pack.group_name("drg", drg) if drg >= 0 else ""
        return "\t".join([self.pack.code("mdc", mdc), self.pack.code("adrg", adrg), self.pack.code("drg", drg), name,
                          status_name(status)])

    def results(self):
        """The rows as :class:`yigongti.drg.Result`, as ``Pack.group`` gives them."""
        return list(map(Result, *[self.codes(level) for level in _LEVELS], self.status_names(),
                        self.flags.tolist(), *[self.ids(level).tolist() for level in _LEVELS]))


def write_table(out, pack, cases, groups, kept=(), keep_names=(), trace=None, options=0):
    """Write ``drg group``'s TSV to the open file ``out``: case_id, the kept columns (``kept``: per row, the
    values of ``keep_names``), mdc, adrg, drg, drg_name, status and, with a :class:`yigongti.drg.Trace`, the
    decision steps of each row.  Written in blocks of rows, each block column by column."""
    header = ["case_id"] + list(keep_names) + ["mdc", "adrg", "drg", "drg_name", "status"]
    out.write("\t".join(header + (["trace"] if trace is not None else [])) + "\n")
    step = columns.ROWS_PER_WRITE  # the case ids and results of a block are fetched for that block only
    for first in range(0, len(groups), step):
        n = min(step, len(groups) - first)
        table = [cases.strings("case_id", first, n)] + [list(col) for col in zip(*kept[first:first + n])]
        table.append(groups.text(first, n))
        if trace is not None:
            table.append([" | ".join(s.line for s in pack.group_traced(cases, row, options, trace)[1])
                          for row in range(first, first + n)])
        out.write(columns.join_rows(table))


__all__ = ["Groups", "write_table"]
