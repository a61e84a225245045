"""Vendor exports settled by ``python3 -m yigongti settle --map NAME --pack DIR``: a settlement-list upload
(4101 JSON) or a case-record export (CSV/TSV/xlsx through a field map) is read by the case loader, every
record is an in-patient stay, and its group on the in-patient line is the DRG the pack groups it to (the
point method's and the DRG rate method's tables are keyed by DRG codes).  The rows come back in the shape
of :func:`yigongti.scheme_cases.read_cases`, so the scheme settles them as it settles its own case file.

A DIP line matches its own groups from the diagnoses and procedures: vendor files for DIP go through
``dip settle``, which reads the same layouts."""
from . import cases as _cases
from . import tables
from .cases import Cases
from .dip import resolve_institutions
from .drg import Pack
from .errors import ValidationError
from .scheme_cases import LINES

_GROUPED_METHODS = ("points", "drg", "ffs", "none")


def _value(cases, row, column):
    v = cases.get(row, column)
    return None if v in (_cases.NA, _cases.NA64) else v


def _row(cases, row, drg):
    get = lambda column: _value(cases, row, column)  # noqa: E731 (a short alias in one function)
    inst = cases.get(row, "institution_index")
    return {"case_id": cases.get(row, "case_id"), "institution": cases.get(row, "institution"), "line": "inpatient", "group": drg, "_line": cases.row_line(row),
            "_inst": None if inst < 0 else inst, "_home": None, "_ins": get("insurance"),
            "_date": get("discharge_date"), "_los": get("los_days"), "_leaving": get("leaving_type"),
            "_patient": None, "_quantity": None, "_cost": get("total_cost"), "_self": get("self_paid")}


def read_export(path, scheme, pack_dir, map_spec, keep=()):
    """Rows of a vendor export by service line ({line: [dict]}, all in-patient), grouped with the pack;
    ``keep``: columns of a TSV/CSV export each row carries in ``_kept``."""
    method = scheme.method("inpatient")
    if method not in _GROUPED_METHODS:
        raise ValidationError(-5, "%s: the in-patient line is paid by %s, which groups the stays itself: settle "
                                  "a vendor file for it with `dip settle`" % (path, method), source=str(path))
    pack = Pack.load(pack_dir)
    if keep and not tables.is_table(path):
        raise ValidationError(-5, "--keep copies columns of a TSV/CSV file; %s is not one" % path, source=str(path))
    cases = Cases.for_pack(pack).load(path, map=map_spec, allow=list(keep) or None)
    if cases.problem_count():
        row, line, _, message = next(iter(cases.problems()))
        raise ValidationError(-5, "%s:%d: %s (%d rows with problems; nothing settled)"
                              % (path, line, message, cases.problem_count()), source=str(path), line=line)
    unknown = resolve_institutions(cases, scheme.model)
    grouped = pack.group_columns(cases, numpy=False)
    drgs, names = grouped.codes("drg"), grouped.names("drg")
    rows = [_row(cases, r, drgs[r]) for r in range(len(cases))]
    for row, name in zip(rows, names):
        row["_group_name"] = name or ""
    for row, kept in zip(rows, tables.kept_columns(path, list(keep), len(cases))):
        row["_kept"] = kept
    missing = [r for r in rows if r["_inst"] is None]
    if unknown or missing:
        line = missing[0]["_line"]
        raise ValidationError(-5, "%s:%d: institution: %r is not in the bundle's model (%d rows)"
                              % (path, line, missing[0]["institution"], len(missing)), source=str(path),
                              line=line, field="institution")
    by_line = {line: [] for line in LINES}
    by_line["inpatient"] = rows
    return by_line


__all__ = ["read_export"]
