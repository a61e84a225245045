"""The case file of ``python3 -m yigongti settle`` (doc/formats/scheme.md), read strictly: the table rules
of :mod:`yigongti.tables`, then every field of every row, so that a bad row stops the settlement with its
file, line and field instead of moving every other stay's money (issue 20).

Each row comes back as its text fields plus the parsed values under ``_``-keys: ``_line`` (the file's line),
``_inst``, ``_home`` (institution indexes or None), ``_ins`` (insurance index or None), ``_date``, ``_los``,
``_leaving``, ``_patient``, ``_quantity`` (ints or None) and ``_cost``, ``_self`` (fen or None).
"""
import re

from . import labels, tables
from .errors import NotFoundError

LINES = ("inpatient", "outpatient", "long_stay", "primary_care")
COLUMNS = ("case_id", "patient", "institution", "insurance", "discharge_date", "los_days", "leaving_type",
           "total_cost", "self_paid", "line", "group", "home", "quantity")
REQUIRED = ("institution",)
_INTS = (("los_days", "_los"), ("leaving_type", "_leaving"), ("patient", "_patient"), ("quantity", "_quantity"))
_MONEY = (("total_cost", "_cost"), ("self_paid", "_self"))
_GROUPED = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+$")


class _Row:
    """Where a row's errors point: the file, the line and the header (for column numbers)."""

    def __init__(self, path, header, line, row):
        self.path, self.header, self.line, self.row = path, header, line, row

    def fail(self, field, text, code=-4):
        column = self.header.index(field) + 1 if field in self.header else 0
        return tables.error(self.path, self.line, column, field, text, code)


def _fen(r, field):
    text = r.row.get(field, "")
    if not text:
        return None
    whole, _, frac = text.lstrip("-").partition(".")
    if _GROUPED.match(whole):  # thousands separators as exports write them, as the C reader takes them
        whole = whole.replace(",", "")
    if not whole.isdigit() or len(frac) > 2 or (frac and not frac.isdigit()):
        raise r.fail(field, "not an amount in yuan (two decimals): %r" % text)
    if text.startswith("-"):
        raise r.fail(field, "negative amount %s (the format defines none)" % text, code=-8)
    return int(whole) * 100 + int((frac + "00")[:2])


def _int(r, field):
    text = r.row.get(field, "")
    if not text:
        return None
    if not text.isdigit():
        raise r.fail(field, "not a whole number >= 0: %r" % text)
    return int(text)


def _date(r):
    text = r.row.get("discharge_date", "")
    digits = text.replace("-", "") if len(text) == 10 and text[4] == "-" and text[7] == "-" else text
    if text and not (len(digits) == 8 and digits.isdigit()):
        raise r.fail("discharge_date", "not a date (YYYY-MM-DD): %r" % text)
    return int(digits) if text else None


def _institution(r, model, field):
    code = r.row.get(field, "")
    if not code:
        if field == "institution":
            raise r.fail(field, "empty: every row needs the institution that treated it")
        return None
    i = model.find_institution(code)
    if i is None:
        codes = [model.institution(k).code for k in range(model.institution_count())]
        near = tables.closest_name(code, codes)
        hint = " (did you mean `%s`?)" % near if near else ""
        raise r.fail(field, "unknown institution %r%s" % (code, hint), code=-6)
    return i


def _insurance(r):
    text = r.row.get("insurance", "")
    if not text:
        return None
    try:
        return labels.parse(labels.INSURANCE, text)
    except NotFoundError as exc:
        raise r.fail("insurance", exc.message, code=-4) from None


def _parse(r, model, seen):
    row = r.row
    line = row.get("line") or "inpatient"
    if line not in LINES:
        near = tables.closest_name(line, LINES)
        raise r.fail("line", "unknown service line %r%s" % (line, " (did you mean `%s`?)" % near if near else ""))
    case_id = row.get("case_id", "")
    if case_id and case_id in seen:
        raise r.fail("case_id", "case id %r is given twice (also line %d)" % (case_id, seen[case_id]), code=-7)
    seen[case_id] = r.line
    row.update(line=line, _line=r.line, _inst=_institution(r, model, "institution"),
               _home=_institution(r, model, "home"), _ins=_insurance(r), _date=_date(r))
    row.update({key: _int(r, field) for field, key in _INTS})
    row.update({key: _fen(r, field) for field, key in _MONEY})
    return row


def read_cases(path, model, columns=None, keep=()):
    """Rows of a scheme case file grouped by service line: {line: [dict]} (see the module's doc);
    ``columns``: a column map file (doc/formats/tables.md) for a file with its own headers; ``keep``:
    extra columns the file may have, whose values each row carries in ``_kept`` (in ``keep``'s order)."""
    rename = tables.read_map(str(columns), COLUMNS) if columns else None
    header, rows = tables.read(path, known=COLUMNS, required=REQUIRED, rename=rename, allow=tuple(keep))
    out, seen = {line: [] for line in LINES}, {}
    for line, row in rows:
        kept = [row.get(name, "") for name in keep]
        parsed = _parse(_Row(str(path), header, line, row), model, seen)
        parsed["_kept"] = kept
        out[parsed["line"]].append(parsed)
    return out
