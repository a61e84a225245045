"""``python3 -m yigongti calibrate``: fit a bundle's county.json to its targets.tsv and write it back."""
import math
import sys

from . import cli
from .locality import calibrate
from .year import Bundle


def _print_iterations(c, out):
    names = [t["indicator"] for t in c.targets]
    print("iteration  distance  " + "  ".join("%14s" % n[:14] for n in names), file=out)
    for it in range(c.iterations):
        sims = "  ".join("%14.2f" % x if not math.isnan(x) else "%14s" % "n/a" for x in c.simulated(it))
        print("%9d  %8.3f  %s" % (it, c.distances[it], sims), file=out)
    print("best iteration %d: distance %.3f, every target %s" %
          (c.best, c.distances[c.best], "within tolerance" if c.within else "NOT within tolerance"), file=out)


def _cmd(args):
    b = Bundle(args.bundle, args.casemix)
    if b.settings is None or b.targets is None:
        print("calibrate: %s needs county.json and targets.tsv" % args.bundle, file=sys.stderr)
        return 2
    c = calibrate(b.model, b.rules, b.casemix, b.targets, b.settings, scheme=b.scheme, seed=args.seed,
                  population_scale=args.scale, max_iterations=args.iterations)
    _print_iterations(c, sys.stderr)
    text = c.settings.json()
    dest = b.path / "county.json" if args.write else args.out
    if dest is None:
        sys.stdout.write(text)
    else:
        with open(dest, "w", encoding="utf-8") as f:
            f.write(text)
        print("calibrate: fitted settings written to %s" % dest, file=sys.stderr)
    return 0 if c.within else 1


def register(subparsers):
    """Add ``calibrate`` to the command line."""
    p = subparsers.add_parser("calibrate", help="fit a bundle's county.json to its targets.tsv",
                              description="Fit the settings that targets.tsv names (column fit) so that the "
                                          "county year reports the documents' figures; prints each iteration's "
                                          "distance and figures on stderr and the fitted county.json on stdout "
                                          "(or --write / --out).  Exit status 1 when a target stays out of "
                                          "tolerance.")
    p.add_argument("--bundle", required=True, help="bundle directory with county.json and targets.tsv")
    p.add_argument("--seed", type=cli.seed_arg, default=1, help="seed of every year, 0 .. 2^64 - 2 (default 1)")
    p.add_argument("--scale", type=cli.scale_arg, default=1.0, help="population scale, in (0, 100] (default 1.0)")
    p.add_argument("--iterations", type=int, default=20, help="at most this many iterations (default 20)")
    p.add_argument("--casemix", help="case mix (default BUNDLE/../casemix.tsv)")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--write", action="store_true", help="write the fitted settings to BUNDLE/county.json")
    g.add_argument("--out", help="write the fitted settings to this file")
    p.set_defaults(func=_cmd)


cli.subcommand(register)
