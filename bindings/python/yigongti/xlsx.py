"""xlsx sheets as case files, through openpyxl (Debian's python3-openpyxl).

The first sheet is written to a temporary TSV, one line per sheet row (so the
C reader's line numbers are the sheet's row numbers), and read by the C case
loader with the batch's column map: the same strict checks, value spellings
and messages as a TSV, naming the xlsx file.  Cells become text as a table
would write them: dates ``2024-01-10`` (with `` HH:MM:SS`` when they have a
time), whole numbers without a decimal point, other numbers in the shortest
form that reads back exactly (``66581.96``)."""
import datetime
import os
import tempfile

from .errors import ParseError, YgtError


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d" if value.time() == datetime.time() else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sheet_rows(path):
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - depends on the host
        raise ImportError("reading .xlsx needs openpyxl (Debian: apt-get install python3-openpyxl)") from exc
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for row in book.worksheets[0].iter_rows(values_only=True):
            yield [_text(v) for v in row]
    finally:
        book.close()


def _check_cell(path, line, col, text):
    if any(ch in text for ch in "\t\r\n"):
        raise ParseError(-4, "%s:%d:%d: tab or line break inside a cell" % (path, line, col),
                         str(path), line, col)


def to_tsv(path, out):
    """Write the first sheet of ``path`` to the TSV file ``out``, one line per sheet row."""
    with open(out, "w", encoding="utf-8") as f:
        for line, cells in enumerate(_sheet_rows(path), start=1):
            while cells and cells[-1] == "":
                cells.pop()
            for col, text in enumerate(cells, start=1):
                _check_cell(path, line, col, text)
            f.write("\t".join(cells) + "\n")


def _renamed(exc, tmp, path):
    """The same error with the temporary file's name replaced by the xlsx file's."""
    if not isinstance(exc, YgtError):
        return exc
    return type(exc)(exc.code, exc.message.replace(tmp, path), exc.source.replace(tmp, path), exc.line,
                     exc.column, exc.field)


def load_cases(cases, path):
    """Append the rows of the first sheet of an xlsx file to ``cases`` (a :class:`yigongti.cases.Cases`)."""
    path = str(path)
    with tempfile.TemporaryDirectory(prefix="ygt-xlsx-") as tmpdir:
        tmp = os.path.join(tmpdir, os.path.basename(path))  # not ".csv": read as TSV
        to_tsv(path, tmp)
        try:
            cases._load_table(tmp)
        except YgtError as exc:
            raise _renamed(exc, tmp, path) from None
        cases._aliases.append((tmp, path))
    return cases
