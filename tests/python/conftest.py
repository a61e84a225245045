"""Skips are never silent: a run in which some tests were skipped (missing
shared data, a missing optional module, an example not built) and none failed
exits 77, which meson reports as SKIP, and the summary lists every reason with
how many tests it skipped.  Also the fixtures several test files share."""
import collections
from pathlib import Path

import pytest

TINY = Path(__file__).resolve().parents[1] / "data" / "drg" / "tiny"

_skipped = collections.Counter()


def pytest_runtest_logreport(report):
    if report.skipped and isinstance(report.longrepr, tuple):
        _skipped[report.longrepr[2].removeprefix("Skipped: ")] += 1


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.section("SKIP: these tests did not run")
        for reason, n in sorted(_skipped.items()):
            terminalreporter.write_line("%3d  %s" % (n, reason))


def pytest_sessionfinish(session, exitstatus):
    if exitstatus == 0 and _skipped:
        session.exitstatus = 77


@pytest.fixture(scope="module")
def tiny():
    """The tiny synthetic DRG pack of tests/data/drg (test_drg.py, test_columns.py)."""
    import yigongti
    pack = yigongti.Pack.load(TINY)
    yield pack
    pack.close()
