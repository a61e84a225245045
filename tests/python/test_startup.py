"""Start-up of the package and the command line: feature modules load on first use, a command imports only its
own module, and every module that adds a subcommand is known to the lazy loader (else ``--help`` and the
command itself would miss it)."""
import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import yigongti
from yigongti import cli

PACKAGE = Path(yigongti.__file__).resolve().parent


def _python(code):
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ))
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_every_subcommand_module_is_known_to_the_loader():
    registering = sorted(p.stem for p in PACKAGE.glob("*.py")
                         if re.search(r"cli\.subcommand\b", p.read_text(encoding="utf-8")) and p.stem != "cli")
    assert registering and set(registering) <= set(yigongti.MODULES)
    assert set(cli.COMMAND_MODULES.values()) == set(registering)
    for command, module in cli.COMMAND_MODULES.items():
        text = (PACKAGE / (module + ".py")).read_text(encoding="utf-8")
        assert 'add_parser("%s"' % command in text, (command, module)


def test_import_loads_no_feature_module():
    loaded = _python("import sys, yigongti\n"
                     "print(sorted(m for m in sys.modules if m.startswith('yigongti.')))\n"
                     "yigongti.Pack, yigongti.drg3, yigongti.County\n"
                     "print('yigongti.county' in sys.modules, 'numpy' in sys.modules)\n").splitlines()
    assert loaded[0] == "['yigongti._find', 'yigongti._lib', 'yigongti.codes', 'yigongti.errors']"
    assert loaded[1] == "True False"
    assert "Pack" in dir(yigongti)


def test_a_command_imports_its_own_module_and_help_lists_all():
    out = _python("import sys\nfrom yigongti import cli\n"
                  "try:\n    cli.main(['drg', 'group', '--help'])\nexcept SystemExit:\n    pass\n"
                  "print(sorted(m for m in sys.modules if m.startswith('yigongti.') and m[9:] in "
                  "__import__('yigongti').MODULES))\n")
    assert out.splitlines()[-1] == "['yigongti.cases', 'yigongti.drg']"
    help_text = subprocess.run([sys.executable, "-m", "yigongti", "--help"], capture_output=True, text=True,
                               env=dict(os.environ)).stdout
    listed = re.findall(r"^    (\w+)", help_text, re.M)
    assert listed == list(cli.COMMAND_MODULES)  # every command, in the order the package has always shown


def _help_texts():
    cli.load_commands()
    parser = cli.build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))  # noqa: SLF001
    return [parser.format_help()] + [p.format_help() for p in subparsers.choices.values()]


def test_help_is_argparse_s_without_shutil(monkeypatch):
    out = _python("import sys\nfrom yigongti import cli\n"
                  "cli.main(['drg', 'group', '--pack', 'no-such-pack', '--cases', 'x', '--out', 'y'])\n"
                  "print('shutil' in sys.modules)\n")
    assert out.split() == ["False"]  # the formatter measured the terminal without it
    for columns in ("30", "57", "200"):
        monkeypatch.setenv("COLUMNS", columns)
        ours = _help_texts()
        with monkeypatch.context() as m:
            m.setattr(cli, "_help_formatter", argparse.HelpFormatter)  # argparse's own, which imports shutil
            assert _help_texts() == ours


def test_the_command_line_keeps_freed_memory(monkeypatch):
    import ctypes
    import platform
    if platform.libc_ver()[0] == "glibc":
        assert cli.keep_freed_memory()  # glibc took both parameters

    def no_c_library(*args):
        raise OSError("no C library to ask")
    monkeypatch.setattr(ctypes, "CDLL", no_c_library)
    assert cli.keep_freed_memory() is False  # elsewhere nothing is tuned and nothing fails
