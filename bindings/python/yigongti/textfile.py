"""Reading the command line's CSV/TSV inputs as UTF-8 text.  A byte-order mark is
dropped (spreadsheet programs write one); UTF-16, other encodings and NUL bytes
are refused with the file and line, instead of a UnicodeDecodeError or a
header that silently does not match."""
import csv
import io


class TextFileError(ValueError):
    """A file that is not UTF-8 text; the message names the file and line."""


def _line_of(data, offset):
    return data.count(b"\n", 0, offset) + 1


def refuse_utf16(path, data):
    """TextFileError when the bytes start with a UTF-16 byte-order mark (a spreadsheet's "Unicode text")."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise TextFileError("%s: UTF-16 text; save it as UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`)" % path)


def read_text(path):
    """The text of a UTF-8 file (BOM dropped); TextFileError otherwise."""
    with open(path, "rb") as f:
        data = f.read()
    refuse_utf16(path, data)
    nul = data.find(b"\0")
    if nul >= 0:
        raise TextFileError("%s:%d: NUL byte; the file is binary or damaged" % (path, _line_of(data, nul)))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TextFileError("%s:%d: not UTF-8 text; convert it (e.g. `iconv -f GBK -t UTF-8`)"
                            % (path, _line_of(data, exc.start))) from None


def read_rows(path, delimiter=",", comment=None):
    """The rows of a UTF-8 CSV (or TSV with delimiter="\\t") as dicts keyed by the header;
    lines starting with ``comment`` are left out."""
    lines = io.StringIO(read_text(path), newline="")
    if comment:
        lines = (line for line in lines if not line.startswith(comment))
    return list(csv.DictReader(lines, delimiter=delimiter))
