"""The ``python3 -m yigongti`` command line.

Each feature module adds a subcommand with ``cli.subcommand(register)``, where
``register(subparsers)`` adds its parser and sets ``func`` to a callable
taking the parsed arguments and returning an exit code.
"""
import argparse
import sys

from . import YgtError, version

SUBCOMMANDS = []


def subcommand(register):
    """Add a subcommand's ``register(subparsers)`` function (once)."""
    if register not in SUBCOMMANDS:
        SUBCOMMANDS.append(register)
    return register


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python3 -m yigongti",
        description="County medical community engine (libyigongti).")
    parser.add_argument("--version", action="version",
                        version="libyigongti " + version())
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in SUBCOMMANDS:
        register(subparsers)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except YgtError as exc:
        print("yigongti: %s (%s)" % (exc.message, exc.name), file=sys.stderr)
        return 1
