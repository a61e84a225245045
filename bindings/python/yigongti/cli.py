"""The ``python3 -m yigongti`` command line.

Each feature module adds a subcommand with ``cli.subcommand(register)``, where
``register(subparsers)`` adds its parser and sets ``func`` to a callable
taking the parsed arguments and returning an exit code.  ``main`` imports only
the module of the command it runs (``COMMAND_MODULES``), all of them for ``--help``:
a module that adds a subcommand is listed in ``COMMAND_MODULES`` and in
``yigongti.MODULES`` (tests/python/test_startup.py checks it).
"""
import argparse
import os
import sys

from . import version
from .cli_errors import report

SUBCOMMANDS = []

MAX_SCALE = 100.0  # the generator's bound on population_scale (county.h)


def scale_arg(text):
    """An argparse type: a population scale in (0, MAX_SCALE].  0 would be an empty county that is still paid
    its capitation and budget."""
    try:
        x = float(text)
    except ValueError:
        x = float("nan")
    if not 0 < x <= MAX_SCALE:
        raise argparse.ArgumentTypeError("must be a number in (0, %g], not %r" % (MAX_SCALE, text))
    return x


def seed_arg(text):
    """An argparse type: a seed in 0 .. 2^64 - 2 (the year before is generated with seed + 1)."""
    if not text.isdigit() or int(text) > 2 ** 64 - 2:
        raise argparse.ArgumentTypeError("must be an integer in 0 .. 2^64 - 2, not %r" % text)
    return int(text)


def subcommand(register):
    """Add a subcommand's ``register(subparsers)`` function (once)."""
    if register not in SUBCOMMANDS:
        SUBCOMMANDS.append(register)
    return register


def _terminal_columns():
    """The terminal's width as shutil.get_terminal_size() gives it ($COLUMNS, else the terminal, else 80)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return 80


def _help_formatter(prog):
    """argparse's help formatter at argparse's width, measured without importing shutil: argparse makes a
    formatter for every argument it adds, and its own default imports shutil (with bz2, lzma, fnmatch: 5-9 ms,
    a few percent of a whole command) only to measure the terminal."""
    return argparse.HelpFormatter(prog, width=_terminal_columns() - 2)


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error (the usage is one --help away) and a formatter that does not import
    shutil; subparsers inherit it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _help_formatter)
        super().__init__(*args, **kwargs)

    def error(self, message):
        self.exit(2, "%s: %s (see --help)\n" % (self.prog, message))


# The module that adds each subcommand, so that a command imports only its own module.
COMMAND_MODULES = {"model": "model", "drg": "drg", "drg3": "drg3", "route": "referral", "dip": "dip", "dip3": "dip3",
                   "score": "score", "budget": "budget", "settle": "scheme", "year": "year", "simulate": "simulate",
                   "calibrate": "calibrate_cmd", "years": "years"}


def load_commands(argv=None):
    """Import the module of the subcommand that argv names, or every module (for --help or a misspelt
    command, whose message lists them all)."""
    import importlib
    import yigongti
    words = [a for a in (argv or []) if not a.startswith("-")]
    module = COMMAND_MODULES.get(words[0]) if words else None
    if module is None:
        yigongti.import_all()
    else:
        importlib.import_module("yigongti." + module)


def build_parser():
    parser = _Parser(
        prog="python3 -m yigongti",
        description="County medical community engine (libyigongti).")
    parser.add_argument("--version", action="version",
                        version="libyigongti " + version())
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    from . import MODULES
    order = {"yigongti." + name: i for i, name in enumerate(MODULES)}  # whichever was imported first
    for register in sorted(SUBCOMMANDS, key=lambda r: order.get(r.__module__, len(order))):
        register(subparsers)
    return parser


# glibc's mallopt parameters (malloc.h) and the values the command line sets
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_MMAP_THRESHOLD = 32 << 20  # glibc's largest; blocks above it (a county's event columns) still get their own map
_TRIM_THRESHOLD = 256 << 20


def keep_freed_memory():
    """Let the C library reuse the memory a command frees instead of giving it back to the kernel: the loaders
    read each file into a buffer of its size and grow columns by doubling, and glibc maps every block over
    128 KB afresh, so each file's buffer was new pages, and a first touch of a page costs ~12 us on the
    reference machine (doc/performance.md).  With blocks up to 32 MB taken from the heap and a freed top of
    heap kept up to 256 MB, ``drg group`` on 20,000 cases touches 1,800 fewer pages (28 ms CPU).  A command is
    a short process; nothing is done where the C library has no mallopt (not glibc)."""
    import ctypes
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    return bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)) and bool(mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD))


def main(argv=None):
    keep_freed_memory()
    load_commands(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        load_commands()  # the help lists every command
        build_parser().print_help()
        return 2
    try:
        return args.func(args)
    except Exception as exc:  # noqa: BLE001  (report() re-raises what is not a user's mistake)
        return report(args.command, exc)
