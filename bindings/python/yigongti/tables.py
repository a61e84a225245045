"""Strict reading of the TSV/CSV tables that Python reads itself (``settle`` case files, ``route``
requests), with the rules and messages of the C table reader (``src/table.c``, ``src/table_check.c``):

- the first row that is neither blank nor a ``#`` comment is the header; line numbers are the file's
  own lines, comments and blank lines counted;
- every byte is UTF-8 (a file that looks like GBK says so);
- a column name appears once; a column the reader does not know is an error naming the closest known
  name (``ygt_closest_name``), unless the caller allows it; a row may not be longer than the header;
- errors are :class:`ParseError` (or the class of the given code) carrying source, line, column and field.

>>> header, rows = read("cases.tsv", known=("case_id", "total_cost"), required=("case_id",))
>>> for line, row in rows: ...
"""
import csv
import ctypes
import io

from ._lib import fn
from .errors import ParseError, _BY_CODE, YgtError

_closest = fn("ygt_closest_name", ctypes.c_int, ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t)


def closest_name(word, names):
    """The name of ``names`` closest to ``word`` (the C library's rule), or None."""
    names = list(names)
    arr = (ctypes.c_char_p * max(1, len(names)))(*[n.encode() for n in names])
    i = _closest(word.encode(), arr, len(names))
    return names[i] if i >= 0 else None


def error(source, line, column, field, text, code=-4):
    """The exception the C reader would raise: message "SOURCE:LINE:COLUMN: FIELD: text"."""
    where = str(source) + ("" if not line else ":%d" % line) + ("" if not column else ":%d" % column) + ": "
    message = where + ("%s: " % field if field else "") + text
    return _BY_CODE.get(code, YgtError)(code, message, str(source), line, column, field)


def _looks_gbk(raw):
    i = 0
    while i < len(raw):
        b = raw[i]
        if b >= 0x80:
            if b in (0x80, 0xFF) or i + 1 >= len(raw) or raw[i + 1] < 0x40 or raw[i + 1] in (0x7F, 0xFF):
                return False
            i += 1
        i += 1
    return True


def _decode_field(source, line, col, field, raw):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        hint = "; the file looks like GBK: convert it to UTF-8 (iconv -f GBK -t UTF-8)" if _looks_gbk(raw) else ""
        raise error(source, line, col + 1, field, "invalid UTF-8 byte 0x%02X at byte %d of the field%s"
                    % (raw[exc.start], exc.start + 1, hint)) from None


def _physical_rows(data, sep):
    """(line, [raw bytes fields]) per row, comments and blank rows left out."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\0" in data:
        return None
    if sep == ",":
        # csv works on text: latin-1 keeps every byte, so UTF-8 is checked per field afterwards
        reader = csv.reader(io.StringIO(data.decode("latin-1"), newline=""))
        line = 1
        for fields in reader:
            start, line = line, reader.line_num + 1
            yield start, [f.strip(" ").encode("latin-1") for f in fields]
        return
    for n, text in enumerate(data.split(b"\n"), start=1):
        yield n, [f.lstrip(b" ").rstrip(b" \r") for f in text.split(b"\t")]


def _skipped(fields):
    return not fields or fields[0].startswith(b"#") or all(not f for f in fields)


_REMARKS = ("note", "note_*")  # every table may carry remarks (doc/formats/tables.md)


def _check_header(source, line, header, known, required, allow):
    for i, name in enumerate(header):
        if name and name in header[:i]:
            raise error(source, line, i + 1, name, "column appears twice (also column %d)" % (header.index(name) + 1))
    for name in required:
        if name not in header:
            near = closest_name(name, header)
            if near is None:
                raise error(source, line, 0, name, "required column is missing from the header")
            column = header.index(near) + 1
            raise error(source, line, column, name, "required column is missing from the header "
                        "(column %d, `%s`, is close: a misspelling?)" % (column, near))
    for i, name in enumerate(header):
        if not name or name in known or any(a == name or (a.endswith("*") and name.startswith(a[:-1])) for a in allow + _REMARKS):
            continue
        near = closest_name(name, known)
        raise error(source, line, i + 1, name, "unknown column (did you mean `%s`?)" % near if near
                    else "unknown column (known: %s)" % ", ".join(known))


def _check_width(source, line, header, fields):
    for i in range(len(fields)):
        if fields[i] and (i >= len(header) or not header[i]):
            raise error(source, line, i + 1, "", "field %d has no column in the header (%d columns)"
                        % (i + 1, len(header)))


def read(path, known, required=(), allow=(), sep=None, rename=None):
    """Read a table strictly: returns (header, [(line, {column: text})]).  ``known`` are the columns the
    caller reads, ``allow`` extra columns it accepts (names or prefixes ending in ``*``); ``rename`` maps
    the file's header names to the caller's (a column map, see :func:`read_map`), applied before the
    checks, as ``ygt_cases_map_columns`` does."""
    path = str(path)
    if sep is None:
        sep = "," if path.endswith(".csv") else "\t"
    with open(path, "rb") as f:
        data = f.read()
    from .textfile import refuse_utf16
    refuse_utf16(path, data)
    rows = _physical_rows(data, sep)
    if rows is None:
        raise error(path, 0, 0, "", "file contains NUL bytes (not a UTF-8 text table)")
    header, out = None, []
    for line, raw in rows:
        if _skipped(raw):
            continue
        names = header or []
        fields = [_decode_field(path, line, i, names[i] if i < len(names) else "", r) for i, r in enumerate(raw)]
        if header is None:
            header = [(rename or {}).get(name, name) for name in fields]
            _check_header(path, line, header, list(known), required, tuple(allow))
            continue
        _check_width(path, line, header, fields)
        out.append((line, {name: (fields[i] if i < len(fields) else "") for i, name in enumerate(header)}))
    if header is None:
        raise error(path, 0, 0, "", "no header row")
    return header, out


def read_map(path, fields):
    """A column map (doc/formats/tables.md: columns ``column`` and ``field``) as {column: field}; every field
    must be one of ``fields``."""
    header, rows = read(path, known=("column", "field"), required=("column", "field"))
    out = {}
    for line, row in rows:
        if row["field"] not in fields:
            near = closest_name(row["field"], fields)
            raise error(path, line, header.index("field") + 1, "field", "'%s' is not a case-file column%s"
                        % (row["field"], " (did you mean `%s`?)" % near if near else ""))
        if row["column"] in out:
            raise error(path, line, header.index("column") + 1, "column", "column '%s' is mapped twice"
                        % row["column"], code=-7)
        out[row["column"]] = row["field"]
    if not out:
        raise error(path, 0, 0, "", "the column map has no row")
    return out


__all__ = ["read", "read_map", "error", "closest_name", "ParseError", "is_table", "keep_names", "kept_columns"]


def is_table(path):
    """True for a TSV/CSV case file (not a 4101 JSON or an xlsx sheet): the files --keep can copy from."""
    return not str(path).lower().endswith((".json", ".xlsx"))


def keep_names(path, spec, output=()):
    """The columns ``--keep`` names: a comma-separated list, or ``*`` for every column of the file in its
    order but ``case_id`` and the ``output`` columns the command writes itself (no name twice)."""
    names = [n for n in (spec or "").split(",") if n]
    if names != ["*"]:
        return names
    if not is_table(path):
        return names  # the caller refuses --keep for a file that is not a table
    header, _ = read(path, known=(), allow=("*",))
    return [n for n in header if n and n != "case_id" and n not in output]


def kept_columns(path, names, count):
    """The values of the columns ``names`` of a case file, one list per data row, read after the C loader
    accepted the file (``count`` rows): the columns a command copies to its output to join back."""
    if not names:
        return [[]] * count  # one shared empty row: callers only read it
    _, rows = read(path, known=(), allow=("*",))
    if len(rows) != count:
        raise error(path, 0, 0, "", "%d data rows but %d cases loaded" % (len(rows), count), code=-14)
    return [[row.get(name, "") for name in names] for _, row in rows]
