"""How the command line reports a user's mistake: one line on standard error and
an exit status, never a traceback.  Status 2 is a usage mistake (an option, a
missing or unreadable file, an output that exists, a file that is not UTF-8
text); status 1 is input the library refuses (its message names file, line and
field) -- see the man page, doc/yigongti.1."""
import csv
import os
import sys

from .errors import YgtError

USAGE = 2
REFUSED = 1
ROW_PROBLEMS = 3  # the output is complete, but some cases were not read cleanly


def report_row_problems(cases, out):
    """One line per case with a problem and a summary on standard error; the exit status: 0 when every case
    was read cleanly, else ROW_PROBLEMS (the cases are in ``out`` with their status, so a script notices
    without losing the rest)."""
    problems = cases.problems()
    for row, line, _, message in problems:
        print("yigongti: row %d (line %d): %s" % (row + 1, line, message), file=sys.stderr)
    if not problems:
        return 0
    print("yigongti: %d of %d cases have problems (in %s with their status; exit status %d)"
          % (len(problems), len(cases), out, ROW_PROBLEMS), file=sys.stderr)
    return ROW_PROBLEMS


class UsageError(Exception):
    """A mistake in the command line itself, found before any work is done."""


def _describe(exc):
    """(message, status) for an exception a user's mistake can raise, else None."""
    if isinstance(exc, YgtError):  # a file that cannot be opened is a usage mistake, its content is refused
        return "%s (%s)" % (exc.message, exc.name), USAGE if exc.name == "YGT_EIO" else REFUSED
    if isinstance(exc, UsageError):
        return str(exc), USAGE
    if isinstance(exc, OSError) and exc.filename is not None:
        return "%s: %s" % (exc.filename, exc.strerror or exc), USAGE
    if isinstance(exc, UnicodeError):  # a name from a table the C reader passed through undecoded
        return ("an input file is not UTF-8 text; convert it (e.g. `iconv -f GBK -t UTF-8`)", USAGE)
    if isinstance(exc, ModuleNotFoundError):
        return ("needs the Python module %r: run it with Debian's /usr/bin/python3 "
                "(apt-get install python3-numpy python3-pandas python3-matplotlib)" % exc.name, USAGE)
    if isinstance(exc, (csv.Error, ValueError)):
        return str(exc), USAGE
    return None


def report(command, exc):
    """Print one line for a user's mistake and return the exit status; re-raise anything else
    (a bug in yigongti should keep its traceback)."""
    described = _describe(exc)
    if described is None or os.environ.get("YIGONGTI_DEBUG"):   # a bug, or asked for the traceback
        raise exc
    message, status = described
    print("yigongti %s: %s" % (command, message) if command else "yigongti: %s" % message, file=sys.stderr)
    return status
