"""Every subcommand's typical mistakes end in one line on standard error and the
documented exit status (2: usage, a missing or unreadable file, an output that
exists, text that is not UTF-8; 1: content the library refuses), never a
traceback (doc/yigongti.1, EXIT STATUS)."""
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "examples" / "data"
REQUESTS = "institution,diagnosis\nNH-T01,J18.900\n"


def run(*args):
    return subprocess.run([sys.executable, "-m", "yigongti", *map(str, args)],
                          capture_output=True, text=True, env=dict(os.environ), timeout=300)


def assert_one_line(result, status, *words):
    lines = result.stderr.strip().splitlines()
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    assert len(lines) == 1, result.stderr
    for w in words:
        assert w in lines[0]


@pytest.fixture
def inputs(tmp_path):
    """Request files a user could have: UTF-16 (Excel's "Unicode text"), with a NUL byte, with a BOM."""
    (tmp_path / "u16.csv").write_text(REQUESTS, encoding="utf-16")
    (tmp_path / "nul.csv").write_text(REQUESTS.replace("J18", "J\0" + "18"), encoding="utf-8")
    (tmp_path / "bom.csv").write_text(REQUESTS, encoding="utf-8-sig")
    (tmp_path / "afile").write_text("")
    return tmp_path


@pytest.mark.parametrize("args, status, words", [
    (["model", "check", "nope"], 2, ["nope", "YGT_EIO"]),
    (["route", "--bundle", DATA / "ninghai", "--requests", "nope.csv", "--out", "d.csv"], 2, ["nope.csv"]),
    (["settle", "--bundle", DATA / "chunan", "--cases", "nope.tsv", "--out", "o.tsv"], 2, ["nope.tsv"]),
    (["budget", "--bundle", "nope"], 2, ["nope"]),
    (["dip", "settle", "--catalog", "nope.tsv", "--cases", "nope.tsv", "--params", "nope.json", "--out", "x"], 2,
     ["nope", "YGT_EIO"]),
    (["score", "--bundle", DATA / "chunan", "--scope", "community", "--index", "9"], 2,
     ["--index 9", "community", "0 .. 2"]),
    (["year", "--bundle", DATA / "ninghai", "--scale", "0"], 2, ["--scale"]),
])
def test_missing_files_and_bad_options(tmp_path, args, status, words):
    os.chdir(tmp_path)
    assert_one_line(run(*args), status, *words)


@pytest.mark.parametrize("name, words", [("u16.csv", ["u16.csv", "UTF-16"]),
                                         ("nul.csv", ["nul.csv:2", "NUL"])])
def test_route_refuses_text_that_is_not_utf8(inputs, name, words):
    result = run("route", "--bundle", DATA / "ninghai", "--requests", inputs / name, "--out", inputs / "d.csv")
    assert_one_line(result, 2, *words)


def test_settle_refuses_utf16_cases(inputs):
    cases = DATA / "chunan" / "payment-cases.tsv"
    (inputs / "cases.tsv").write_text(cases.read_text(encoding="utf-8"), encoding="utf-16")
    result = run("settle", "--bundle", DATA / "chunan", "--cases", inputs / "cases.tsv", "--out", inputs / "o.tsv")
    assert_one_line(result, 2, "cases.tsv", "UTF-16")


def test_a_byte_order_mark_is_read_as_utf8(inputs):
    """The BOM a spreadsheet writes does not hide the first column's name."""
    from yigongti.textfile import read_rows
    assert read_rows(inputs / "bom.csv") == [{"institution": "NH-T01", "diagnosis": "J18.900"}]


def test_simulate_refuses_an_existing_file_before_computing(inputs):
    started = time.monotonic()
    result = run("simulate", "--bundle", DATA / "ninghai",
                 "--scenarios", ROOT / "examples" / "scenarios" / "ninghai-reforms.json", "--out", inputs / "afile")
    assert_one_line(result, 2, "--out", "afile", "not a directory")
    assert time.monotonic() - started < 20   # a whole scenario run takes minutes


def test_content_the_library_refuses_is_status_1(tmp_path):
    (tmp_path / "model.json").write_text('{"tables": {"institutions": "i.tsv"}, "communities": []}')
    (tmp_path / "i.tsv").write_text("code\tname\ttier\tkind\nH\tx\tshire\tgeneral_hospital\n")
    assert_one_line(run("model", "check", tmp_path), 1, "i.tsv:2:3", "tier")


def test_a_missing_module_is_named_before_any_work(tmp_path):
    """A python3 without numpy/matplotlib (pyenv's, a bare venv) gets one line naming the module and the
    interpreter to use, before simulate runs a scenario."""
    blocker = tmp_path / "block"
    blocker.mkdir()
    for name in ("numpy", "matplotlib"):   # a module that raises ImportError hides the real one
        (blocker / name).mkdir()
        (blocker / name / "__init__.py").write_text("raise ModuleNotFoundError(name=%r)\n" % name)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(blocker), os.environ.get("PYTHONPATH", "")]))
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "yigongti", "simulate", "--bundle", str(DATA / "ninghai"),
                             "--scenarios", str(ROOT / "examples" / "scenarios" / "ninghai-reforms.json"),
                             "--out", str(tmp_path / "out")], capture_output=True, text=True, env=env)
    assert_one_line(result, 2, "matplotlib", "/usr/bin/python3")
    assert time.monotonic() - started < 20
